"""Web addresses compared as the same address however they are spelled.

``HTTP://Example.com:80/a#top`` and ``http://example.com/a`` name one page:
the scheme and host are case-insensitive, the default port is implied and a
fragment never reaches the server. The path and query are kept as they are
(a server may tell ``/A`` from ``/a``, and ``?id=1&x=2`` from its reverse).

An article's page is also compared without the tracking parameters a link
was shared with (``page_address``): ``?utm_source=x`` names the same story.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}

# Added by mailers, ad networks and share buttons; no server serves another
# page for them.
_TRACKING = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid"})


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


def host_of(url: str) -> str:
    """The server an http(s) ``url`` names, ``host`` or ``host:port`` (a port
    other than the default may be another server), lower case; "" for
    anything else. What a refresh tells unreachable servers apart by."""
    canonical = canonical_url(url)
    if not canonical:
        return ""
    return urlsplit(canonical).netloc.rpartition("@")[2]


def without_fragment(url: str) -> str:
    """``url`` as typed, less its ``#fragment`` (which no server is sent)."""
    return url.strip().partition("#")[0]


def page_address(url: str) -> str:
    """An article page's ``canonical_url`` less its tracking parameters
    (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``, ``mc_eid``); the other
    parameters keep their order and spelling. "" when it is no http(s) address."""
    address = canonical_url(url)
    if not address:
        return ""
    base, mark, query = address.partition("?")
    if not mark:
        return address
    kept = [part for part in query.split("&") if part and not _is_tracking(part)]
    return f"{base}?{'&'.join(kept)}" if kept else base


def _is_tracking(parameter: str) -> bool:
    name = parameter.partition("=")[0].lower()
    return name.startswith("utm_") or name in _TRACKING
