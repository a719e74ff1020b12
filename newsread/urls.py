"""Web addresses compared as the same address however they are spelled.

``HTTP://Example.com:80/a#top`` and ``http://example.com/a`` name one page:
the scheme and host are case-insensitive, the default port is implied and a
fragment never reaches the server. The path and query are kept as they are
(a server may tell ``/A`` from ``/a``, and ``?id=1&x=2`` from its reverse).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """``url`` as compared with others; "" when it is no http(s) address."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return ""
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address, as it is written in a URL
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def without_fragment(url: str) -> str:
    """``url`` as typed, less its ``#fragment`` (which no server is sent)."""
    return url.strip().partition("#")[0]
