"""A real HTTP server on 127.0.0.1 for the fetch, feed and refresh tests.

Each test sets the responses it needs by path (``server.route("/feed", body=...)``)
and reads back what the client sent (``server.requests``). Bodies may be bytes
or an iterable of bytes, streamed as they are produced, so a 50 MB response
never exists in memory. ``stall=True`` sends the headers and then nothing until
the test ends, as a hung server does.

Use it by importing the fixture into a test module::

    from tests.http_server import http_server_fixture  # noqa: F401
"""

from __future__ import annotations

import contextlib
import gzip
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Response:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: bool = False  # headers, then silence until the server stops
    gzip: bool = False  # compress the body and say so


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]


Handler = Callable[[Seen], Response]


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Response | Handler] = {}
        self.requests: list[Seen] = []
        self.stopping = threading.Event()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass  # quiet test output

            def do_GET(self) -> None:  # noqa: N802
                seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
                server.requests.append(seen)
                route = server.routes.get(self.path)
                if route is None:
                    response = Response(404, b"not here", {"Content-Type": "text/plain"})
                elif callable(route):
                    response = route(seen)
                else:
                    response = route
                # The client may give up (a size cap, a timeout): what was tested.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    server.send(self, response)

        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, response: Response | Handler | None = None, **kwargs) -> str:
        """Serve ``response`` (or ``Response(**kwargs)``) at ``path``; returns its URL."""
        self.routes[path] = response if response is not None else Response(**kwargs)
        return self.url(path)

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]

    def send(self, handler: BaseHTTPRequestHandler, response: Response) -> None:
        handler.send_response(response.status)
        body = response.body
        headers = dict(response.headers)
        if response.gzip:
            assert isinstance(body, bytes)
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        # A stalled response promises a body of unknown length, then never sends it.
        streamed = not isinstance(body, bytes) or response.stall
        if streamed:
            headers["Transfer-Encoding"] = "chunked"
        elif response.status != 304:
            # A test may declare a length the body does not have.
            headers.setdefault("Content-Length", str(len(body)))
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.flush()
        if response.stall:
            self.stopping.wait(30)
            return
        if response.status == 304:
            return
        if not streamed:
            handler.wfile.write(body)
            return
        for piece in body:
            handler.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        handler.wfile.write(b"0\r\n\r\n")

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def endless(total: int, piece: bytes = b"x" * 65536) -> Iterator[bytes]:
    """``total`` bytes in pieces, generated as they are sent."""
    sent = 0
    while sent < total:
        chunk = piece[: total - sent]
        sent += len(chunk)
        yield chunk


def slow(pieces: Iterable[bytes], pause: float) -> Iterator[bytes]:
    for piece in pieces:
        time.sleep(pause)
        yield piece


@pytest.fixture(name="fetch_timeout_guard", autouse=True)
def fetch_timeout_guard_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test of a module that imports this: a guard against a test
    hanging on a fetch, not a test of timing (a stall sets its own, shorter
    timeout). At 2 s a loaded machine once failed a local fetch."""
    from newsread.ingest.fetch import TIMEOUT_ENV

    monkeypatch.setenv(TIMEOUT_ENV, "20")


@pytest.fixture(name="http_server")
def http_server_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    # Whatever proxy the machine has, 127.0.0.1 is reached directly (subprocesses
    # inherit this too): these tests never leave the host.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = Server()
    server.start()
    try:
        yield server
    finally:
        server.stop()


# -- pages and feeds written for these tests (no publisher's text) ------------------------------

STORIES = {
    "bridge": (
        "River bridge to close for repairs in May",
        [
            "The old river bridge will close to cars for six weeks from the first of May while "
            "engineers replace its worn bearings, the roads department said on Monday.",
            "Buses will cross at the ferry road instead, adding about ten minutes to the trip "
            "into town, and cyclists may still use the footway on the north side.",
            "\u201cWe would rather close it for six weeks now than for six months later,\u201d "
            "said chief engineer Halima Osei, who has inspected the bridge since 2019.",
        ],
    ),
    "orchard": (
        "Orchard cooperative picks a record apple harvest",
        [
            "Members of the valley orchard cooperative picked more apples this autumn than in "
            "any year since the group was founded, helped by a mild spring without frost.",
            "The cooperative said it would press the surplus into juice and sell it at the "
            "Saturday market, with part of the money going to new storage sheds.",
            "Grower Tomasz Wiercinski said the pickers had worked late into October to bring "
            "in the last trees before the first storms of the season arrived.",
        ],
    ),
    "choir": (
        "Children's choir wins the regional singing contest",
        [
            "The primary school choir from the harbour district won first prize at the "
            "regional singing contest on Sunday, ahead of twelve other school choirs.",
            "Their teacher, Ana Lucia Ferreira, said the children had rehearsed twice a week "
            "since January and chose two folk songs and one piece written by a pupil.",
            "The prize includes a trip to the national final in the capital next spring, "
            "which the parents' association has promised to help pay for.",
        ],
    ),
    "market": (
        "Night market returns to the old square",
        [
            "The night market returns to the old square every Friday in summer, the city "
            "said, after a two-year pause while the square's paving was relaid.",
            "Thirty stalls will sell food, books and crafts from six until eleven, and the "
            "fountain will be lit again for the first time since the works began.",
            "Stallholder Noor Haddad said regular customers had asked about the market all "
            "winter and that she would bring back her lentil soup on the first night.",
        ],
    ),
}


def story_html(key: str, extra: str = "") -> str:
    """The story's paragraphs as an HTML fragment (a feed's full content)."""
    _, paragraphs = STORIES[key]
    return "".join(f"<p>{p}</p>" for p in paragraphs) + (f"<p>{extra}</p>" if extra else "")


def story_text(key: str, extra: str = "") -> str:
    """The body newsread should store for the story."""
    _, paragraphs = STORIES[key]
    return "\n\n".join([*paragraphs, *([extra] if extra else [])])


def story_page(key: str, extra: str = "", charset: str = "utf-8") -> str:
    """A whole web page around the story, with the furniture extraction must drop."""
    title, _ = STORIES[key]
    return (
        f'<!doctype html><html><head><meta charset="{charset}"><title>{title} - Valley Post'
        "</title></head><body><header><a href='/'>Valley Post</a></header>"
        "<nav><a href='/local'>Local</a> <a href='/sport'>Sport</a></nav>"
        f"<main><article><h1>{title}</h1>{story_html(key, extra)}</article></main>"
        "<aside>Sign up for our newsletter</aside><footer>All rights reserved</footer>"
        "</body></html>"
    )


def _x(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Entry:
    key: str  # a STORIES key
    link: str
    guid: str = ""
    full: bool = True  # full content, else a summary only
    extra: str = ""  # a paragraph added to the content (an updated entry)
    title: str = ""  # overrides the story's title

    @property
    def heading(self) -> str:
        return self.title or STORIES[self.key][0]

    @property
    def summary(self) -> str:
        return STORIES[self.key][1][0][:80] + "..."


def rss(entries: list[Entry], title: str = "Valley Post: Local") -> str:
    items = []
    for e in entries:
        content = (
            f"<content:encoded><![CDATA[{story_html(e.key, e.extra)}]]></content:encoded>"
            if e.full
            else ""
        )
        guid = f'<guid isPermaLink="false">{_x(e.guid)}</guid>' if e.guid else ""
        items.append(
            f"<item><title>{_x(e.heading)}</title><link>{_x(e.link)}</link>{guid}"
            f"<description>{_x(e.summary)}</description>{content}"
            "<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate>"
            "<author>desk@example.invalid (Local Desk)</author></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{_x(title)}</title><link>http://127.0.0.1/</link>"
        f"<description>Local news</description>{''.join(items)}</channel></rss>"
    )


def atom(entries: list[Entry], title: str = "Valley Post (Atom)") -> str:
    items = []
    for e in entries:
        body = f'<content type="html">{_x(story_html(e.key, e.extra))}</content>' if e.full else ""
        items.append(
            f"<entry><title>{_x(e.heading)}</title><link rel='alternate' href='{_x(e.link)}'/>"
            f"<id>{_x(e.guid or e.link)}</id><updated>2026-03-02T08:00:00Z</updated>"
            f"<author><name>Local Desk</name></author>"
            f"<summary>{_x(e.summary)}</summary>{body}</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{_x(title)}</title><id>urn:test:valley</id>"
        f"<updated>2026-03-02T08:00:00Z</updated>{''.join(items)}</feed>"
    )


def json_feed(entries: list[Entry], title: str = "Valley Post (JSON)") -> str:
    import json

    items = []
    for k, e in enumerate(entries):
        item = {
            "id": e.guid or e.link,
            "url": e.link,
            "title": e.heading,
            "summary": e.summary,
            "date_published": "2026-03-02T08:00:00Z",
            "authors": [{"name": "Local Desk"}],
        }
        if e.full and k % 2 == 0:
            item["content_html"] = story_html(e.key, e.extra)
        elif e.full:
            item["content_text"] = story_text(e.key, e.extra)
        items.append(item)
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": title, "items": items}
    return json.dumps(doc, ensure_ascii=False, indent=1)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # A client that drops a kept-alive connection resets it while the
        # handler waits for its next request: no error of the code under test,
        # and a traceback on stderr would land in the output a test compares.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)
