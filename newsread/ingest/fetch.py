"""Fetching web pages and feeds over HTTP(S), bounded and explained.

Everything a server can do wrong (refuse, stall, redirect in circles, send a
gigabyte, send an image where a page was promised) ends as a
:class:`FetchError` whose ``reason`` fits one line after the URL, so a batch of
URLs or a refresh of many feeds reports each failure and goes on.

Limits, all enforced while the response streams in (never after reading it):

* only ``http://`` and ``https://``: a URL is user input, and ``file://`` or
  anything else would turn an import into a local file read through a side door;
* :data:`TIMEOUT` seconds for the whole fetch, redirects included (each network
  wait is bounded by it too, so a stalled server cannot hold a worker);
* :data:`MAX_BYTES` of decoded body: a compressed bomb is cut off as early as a
  plain large file;
* :data:`MAX_REDIRECTS` hops, followed by hand so a loop is named as one.

Redirects are followed here rather than by httpx so each hop's scheme is
checked (an ``http://`` URL must not redirect into ``file://``) and a loop is
told apart from a merely long chain.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

import httpx

from newsread import __version__
from newsread.urls import host_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from newsread.ingest.extract import ExtractedArticle, Extraction

#: Seconds for a whole fetch. Tests and impatient users lower it with the
#: environment variable (read at each fetch, so it also reaches subprocesses).
TIMEOUT = 20.0
TIMEOUT_ENV = "NEWSREAD_FETCH_TIMEOUT"
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024

USER_AGENT = f"newsread/{__version__} (terminal news reader; +https://pypi.org/project/newsread/)"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
        "text/json",
    }
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8, */*;q=0.5"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A URL that could not be fetched; ``reason`` is one line, ``retry_after``
    is when the server asked to be asked again (429/503 with Retry-After).
    ``unreachable``: the host itself could not be reached (no such name, no
    connection, no answer in time), so any other page of it would fail alike."""

    def __init__(
        self,
        url: str,
        reason: str,
        retry_after: datetime | None = None,
        unreachable: bool = False,
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.retry_after = retry_after
        self.unreachable = unreachable


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects: what the article is filed under
    status: int  # 200, or 304 when a conditional GET found nothing new
    media_type: str  # lower case, parameters dropped; "" when the server named none
    charset: str  # from the Content-Type header, "" when absent
    body: bytes
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def looks_like_url(text: str) -> bool:
    """True for anything written as a URL (``scheme://...``), fetchable or not,
    so ``file:///x`` is refused as a URL rather than looked for as a file."""
    match = _SCHEME_RE.match(text)
    return bool(match) and text[match.end() : match.end() + 2] == "//"


def names_a_scheme(text: str) -> bool:
    """True for ``scheme:...`` with a scheme of two letters or more (``data:``,
    ``mailto:``, ``urn:``, ``file://``): what a user gives as an address, not a
    file name. One letter is a Windows drive (``C:notes``)."""
    match = _SCHEME_RE.match(text)
    return bool(match) and len(match.group(1)) > 1


def scheme_shown(url: str) -> str:
    """The scheme as ``url`` writes it: ``file://``, ``urn:``, ``mailto:``."""
    match = _SCHEME_RE.match(url.strip())
    if not match:
        return "a URL without a scheme"
    scheme = match.group(1).lower()
    return f"{scheme}://" if url.strip()[match.end() : match.end() + 2] == "//" else f"{scheme}:"


def check_url(url: str) -> str:
    """``url`` stripped, or FetchError when it is not an http(s) URL with a host."""
    url = url.strip()
    match = _SCHEME_RE.match(url)
    scheme = match.group(1).lower() if match else ""
    if scheme not in ("http", "https"):
        raise FetchError(
            url, f"only http:// and https:// URLs can be fetched ({scheme_shown(url)} refused)"
        )
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(url, f"not a valid URL ({exc})") from exc
    if not parsed.host:
        raise FetchError(url, "the URL names no host")
    return url


def timeout_seconds() -> float:
    raw = os.environ.get(TIMEOUT_ENV, "")
    try:
        value = float(raw) if raw else TIMEOUT
    except ValueError:
        value = TIMEOUT
    return value if value > 0 else TIMEOUT


def make_client(max_connections: int = 16) -> httpx.Client:
    """One client shared by a batch: connections are reused per host.

    gzip and brotli are what we ask for and what httpx decodes (brotli through
    the ``brotli`` package); zstd is left out so no server sends what we might
    not be able to read.
    """
    seconds = timeout_seconds()
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, br"},
        timeout=httpx.Timeout(seconds),
        follow_redirects=False,
        limits=httpx.Limits(max_connections=max_connections),
    )


def fetch(
    url: str,
    client: httpx.Client | None = None,
    *,
    accept: str = PAGE_ACCEPT,
    allowed: frozenset[str] | None = None,
    etag: str = "",
    last_modified: str = "",
    hop_check: Callable[[str], None] | None = None,
) -> Fetched:
    """GET ``url`` within the limits above; FetchError with the reason otherwise.

    ``allowed`` is the set of acceptable media types (None: any textual one);
    ``etag``/``last_modified`` make it a conditional GET, answered by a
    ``Fetched`` with status 304 and no body. ``hop_check`` is called with
    every address before it is asked for, the first and each redirect's
    target, and may raise FetchError to stop there: a refresh that found a
    host unreachable does not wait for it again behind another host's
    redirect.
    """
    own = client is None
    client = client or make_client()
    try:
        return _fetch(client, check_url(url), accept, allowed, etag, last_modified, hop_check)
    finally:
        if own:
            client.close()


def _fetch(
    client: httpx.Client,
    url: str,
    accept: str,
    allowed: frozenset[str] | None,
    etag: str,
    last_modified: str,
    hop_check: Callable[[str], None] | None = None,
) -> Fetched:
    seconds = timeout_seconds()
    deadline = time.monotonic() + seconds
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seen = [url]
    current = url
    while True:
        if hop_check is not None:
            hop_check(current)
        try:
            with client.stream(
                "GET", current, headers=headers, timeout=httpx.Timeout(seconds)
            ) as response:
                if response.status_code in _REDIRECTS:
                    current = _next_hop(url, current, response, seen)
                    continue
                return _read(current, response, allowed, deadline, seconds)
        except httpx.TimeoutException as exc:
            reason = _redirected(url, current, f"timed out after {seconds:g} s")
            raise FetchError(current, reason, unreachable=True) from exc
        except httpx.DecodingError as exc:
            raise FetchError(current, "the compressed response could not be decoded") from exc
        except httpx.ConnectError as exc:
            reason = _redirected(url, current, f"cannot connect ({_cause(exc)})")
            raise FetchError(current, reason, unreachable=True) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise FetchError(current, f"connection broken ({_cause(exc)})") from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchError(current, f"not a fetchable URL ({exc})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(current, _cause(exc)) from exc


def _redirected(first: str, current: str, reason: str) -> str:
    """``reason`` naming the host that could not be reached when a redirect
    led there from another: "cannot connect" of the address the user gave,
    whose own host answered, sent them looking at the wrong server."""
    host = host_of(current)
    if host and host != host_of(first):
        return f"{reason} at {host}, redirected there"
    return reason


def _cause(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    # httpx wraps socket errors as "[Errno 111] Connection refused": the words
    # are the message.
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text)
    return " ".join(text.split())[:200]


def _next_hop(first: str, current: str, response: httpx.Response, seen: list[str]) -> str:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(current, f"HTTP {response.status_code} redirect without a Location")
    target = str(httpx.URL(current).join(location))
    # Judged and named as the server wrote it (httpx writes file:///etc/passwd
    # as file:/etc/passwd); a relative Location is named resolved.
    shown = location if _SCHEME_RE.match(location) else target
    try:
        check_url(shown)
    except FetchError as exc:
        raise FetchError(first, f"redirected to {shown}: {exc.reason}") from None
    if target in seen:
        raise FetchError(first, f"redirect loop (back to {target})")
    if len(seen) > MAX_REDIRECTS:
        raise FetchError(first, f"more than {MAX_REDIRECTS} redirects")
    seen.append(target)
    return target


def _read(
    url: str,
    response: httpx.Response,
    allowed: frozenset[str] | None,
    deadline: float,
    seconds: float,
) -> Fetched:
    status = response.status_code
    etag = response.headers.get("etag", "")
    modified = response.headers.get("last-modified", "")
    if status == 304:
        return Fetched(url, 304, "", "", b"", etag, modified)
    if status >= 400 or status < 200:
        phrase = response.reason_phrase or ""
        reason = f"HTTP {status} {phrase}".strip()
        retry = None
        if status in (429, 503):
            retry = retry_after(response.headers.get("retry-after", ""))
            if retry is not None:
                reason += f"; retry after {retry.isoformat(timespec='seconds')}"
        raise FetchError(url, reason, retry)
    media_type, charset = split_content_type(response.headers.get("content-type", ""))
    if not acceptable(media_type, allowed):
        raise FetchError(url, f"wrong content type {media_type} (expected a web page or a feed)")
    declared = response.headers.get("content-length", "")
    # Content-Length counts compressed bytes: a small one proves nothing, a
    # large one is reason enough to stop before reading.
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise FetchError(url, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    pieces: list[bytes] = []
    total = 0
    for piece in response.iter_bytes(CHUNK_BYTES):
        total += len(piece)
        if total > MAX_BYTES:
            raise FetchError(url, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
        if time.monotonic() > deadline:
            raise FetchError(url, f"timed out after {seconds:g} s")
        pieces.append(piece)
    return Fetched(url, status, media_type, charset, b"".join(pieces), etag, modified)


def split_content_type(value: str) -> tuple[str, str]:
    """(media type in lower case, charset or "") of a Content-Type header."""
    media, _, params = value.partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def acceptable(media_type: str, allowed: frozenset[str] | None) -> bool:
    if not media_type:
        return True  # no claim at all: judged by what the bytes turn out to be
    if allowed is not None:
        return media_type in allowed
    # A JSON Lines file of articles is read as the file itself would be.
    from newsread.ingest.extract import JSONL_TYPES

    return (
        media_type.startswith("text/")
        or media_type in HTML_TYPES
        or media_type in FEED_TYPES
        or media_type in JSONL_TYPES
        or media_type.endswith(("+xml", "+json"))
    )


def retry_after(value: str, now: datetime | None = None) -> datetime | None:
    """When a Retry-After header (seconds or an HTTP date) says to come back;
    None when it says nothing usable, or a time already past (0 seconds, a
    date gone by): that is "ask again now", no wait to record or show."""
    value = value.strip()
    if not value:
        return None
    now = now or datetime.now(UTC)
    if value.isdigit():
        try:
            when = now + timedelta(seconds=int(value))
        except OverflowError:
            return None  # past the year 9999: no time at all, not a crash
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    return when if when > now else None


# -- pages into articles ----------------------------------------------------------------------


def page_text(page: Fetched) -> str:
    """The text of a fetched page, decoded as a browser would (header charset,
    then ``<meta>``, then detection: ``newsread.ingest.encodings``)."""
    from newsread.ingest.encodings import decode_html

    return decode_html(page.body, page.charset)


def page_articles(page: Fetched) -> list[ExtractedArticle]:
    """The articles of a fetched page, main story first, by the one extraction
    pipeline every input goes through (``newsread.ingest.extract``): a page
    gives the same articles fetched as saved. FetchError when it is not text."""
    return page_extraction(page).articles


def page_extraction(page: Fetched) -> Extraction:
    """``page_articles`` with what the extraction says beside them: the records
    of a JSON or JSON Lines file that could not be used, and those stored
    without something they gave, as a file's import names them."""
    # Imported here: the extractor loads trafilatura and lxml, which a command
    # that only checks whether an argument is a URL should not pay for.
    from newsread.ingest.encodings import DecodeError
    from newsread.ingest.extract import extract_bytes

    try:
        return extract_bytes(
            page.body,
            media_type=page.media_type,
            charset=page.charset,
            url=page.url,
            limit=MAX_BYTES,
        )
    except DecodeError as exc:
        raise FetchError(page.url, str(exc)) from exc
