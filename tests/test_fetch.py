"""Fetching URLs against a real server on 127.0.0.1: limits, redirects, errors,
encodings, and ``import_urls`` putting pages into the library."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime

import brotli
import pytest

from newsread import __version__
from newsread.ingest import fetch as fetch_mod
from newsread.ingest.fetch import (
    FetchError,
    check_url,
    fetch,
    looks_like_url,
    page_articles,
    page_text,
    retry_after,
)
from newsread.model import make_article_id
from storage.library import Library
from storage.refresh import import_urls
from tests.http_server import Response, Server, endless, http_server_fixture  # noqa: F401

TITLE = "Town council approves new library hours"
PARAGRAPHS = [
    "The town council voted on Tuesday evening to keep the central library open until "
    "nine o'clock on weekdays, after a petition gathered more than two thousand names.",
    "Councillor Idris Amadi said the longer hours would cost about forty thousand a year, "
    "paid from the culture budget rather than from new fees for readers.",
    "Staff will be hired for the evening shifts before the change starts in March, "
    "the council said, and the reading room will stay heated until closing time.",
]


def page(title: str = TITLE, paragraphs: list[str] = PARAGRAPHS, charset: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head>{meta}<title>{title} | Example</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>Contact us</footer></body></html>"
    )


HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture(autouse=True)
def _short_timeout(monkeypatch):
    monkeypatch.setenv(fetch_mod.TIMEOUT_ENV, "1")


def test_page_is_fetched_with_our_user_agent_and_encodings(http_server: Server):
    url = http_server.route("/a", body=page().encode(), headers=HTML)
    got = fetch(url)
    assert got.status == 200 and got.media_type == "text/html" and got.url == url
    sent = http_server.hits("/a")[0].headers
    assert f"newsread/{__version__}" in sent["user-agent"]
    assert {"gzip", "br"} <= {e.strip() for e in sent["accept-encoding"].split(",")}
    [article] = page_articles(got)
    assert article.title == TITLE
    assert "Councillor Idris Amadi said" in article.body
    assert "Contact us" not in article.body and "Home" not in article.body


def test_gzip_and_brotli_bodies_are_decoded(http_server: Server):
    text = page().encode()
    url = http_server.route("/gz", body=text, headers=HTML, gzip=True)
    assert fetch(url).body == text
    headers = {**HTML, "Content-Encoding": "br"}
    url = http_server.route("/br", body=brotli.compress(text), headers=headers)
    assert fetch(url).body == text


def test_redirects_are_followed_and_the_final_url_kept(http_server: Server):
    for k in range(1, 5):
        http_server.route(f"/r{k}", status=302, headers={"Location": f"/r{k + 1}"})
    final = http_server.route("/r5", body=page().encode(), headers=HTML)
    assert fetch(http_server.url("/r1")).url == final


def test_a_redirect_loop_is_named(http_server: Server):
    http_server.route("/loop-a", status=301, headers={"Location": "/loop-b"})
    http_server.route("/loop-b", status=301, headers={"Location": "/loop-a"})
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(http_server.url("/loop-a"))


def test_more_than_five_redirects_is_an_error(http_server: Server):
    for k in range(7):
        http_server.route(f"/hop{k}", status=307, headers={"Location": f"/hop{k + 1}"})
    http_server.route("/hop7", body=page().encode(), headers=HTML)
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(http_server.url("/hop0"))


def test_a_redirect_into_file_is_refused(http_server: Server):
    url = http_server.route("/sneaky", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match=r"file:// refused") as caught:
        fetch(url)
    # Named as the server wrote it, not as httpx rewrites it (file:/etc/passwd).
    assert caught.value.reason.startswith("redirected to file:///etc/passwd: ")


@pytest.mark.parametrize(("status", "words"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500")])
def test_error_statuses_give_one_line(http_server: Server, status: int, words: str):
    url = http_server.route("/bad", status=status, body=b"oops", headers=HTML)
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert words in caught.value.reason and "\n" not in str(caught.value)
    assert caught.value.url == url


def test_a_stalled_server_times_out(http_server: Server, monkeypatch):
    monkeypatch.setenv(fetch_mod.TIMEOUT_ENV, "0.5")
    url = http_server.route("/stall", headers=HTML, stall=True, body=b"never")
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0.5 s"):
        fetch(url)
    assert time.monotonic() - started < 5


def test_a_host_reached_by_a_redirect_that_does_not_answer_is_named(http_server: Server):
    # The address given answers (with a redirect); the server it leads to is
    # not there: "cannot connect" alone would blame the first.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        gone = taken.getsockname()[1]
    url = http_server.route(
        "/moved", status=301, headers={"Location": f"http://127.0.0.1:{gone}/story"}
    )
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert caught.value.reason.startswith("cannot connect (")
    assert caught.value.reason.endswith(f" at 127.0.0.1:{gone}, redirected there")
    assert caught.value.unreachable


def test_a_50_mb_response_is_cut_off_at_10_mb(http_server: Server):
    # Streamed without a Content-Length: the cap must act while reading.
    url = http_server.route(
        "/huge", Response(body=endless(50 * 1024 * 1024), headers={"Content-Type": "text/plain"})
    )
    with pytest.raises(FetchError, match="larger than 10 MB"):
        fetch(url)


def test_a_declared_large_body_is_refused_before_reading(http_server: Server):
    # Claims 50 MB and sends a little: refused on the header alone.
    headers = {"Content-Type": "text/plain", "Content-Length": str(50 * 1024 * 1024)}
    url = http_server.route("/declared", body=b"x" * 100, headers=headers)
    with pytest.raises(FetchError, match="larger than 10 MB"):
        fetch(url)


def test_a_wrong_content_type_is_refused(http_server: Server):
    url = http_server.route("/img", body=b"\x89PNG....", headers={"Content-Type": "image/png"})
    with pytest.raises(FetchError, match="wrong content type image/png"):
        fetch(url)


def test_a_cp1252_page_without_a_charset_is_read_right(http_server: Server):
    words = [
        "\u201cWe will reopen the caf\u00e9 by spring,\u201d said the na\u00efve owner "
        "\u2014 the r\u00e9sum\u00e9 of works costs \u20ac5,000 so far, he added.",
        *PARAGRAPHS,
    ]
    body = page(paragraphs=words).encode("cp1252")
    url = http_server.route("/cp1252", body=body, headers={"Content-Type": "text/html"})
    got = fetch(url)
    assert got.charset == ""
    [article] = page_articles(got)
    assert "na\u00efve owner \u2014 the r\u00e9sum\u00e9" in article.body
    assert "\u20ac5,000" in article.body


def test_the_header_charset_goes_before_the_meta_tag(http_server: Server):
    # The page says koi8-r in its <meta>, the server says (rightly) iso-8859-1.
    text = "Gr\u00fc\u00dfe aus M\u00fcnchen"
    html = '<html><head><meta charset="koi8-r"></head><body><p>' + text + "</p>"
    headers = {"Content-Type": "text/html; charset=iso-8859-1"}
    url = http_server.route("/latin1", body=html.encode("iso-8859-1"), headers=headers)
    assert text in page_text(fetch(url))


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"]
)
def test_other_schemes_are_refused_with_a_reason(url: str):
    with pytest.raises(FetchError, match="only http:// and https://"):
        fetch(url)


@pytest.mark.parametrize(
    ("url", "shown"),
    [("urn:x", "urn:"), ("mailto:a@example.invalid", "mailto:"), ("ftp://h/x", "ftp://")],
)
def test_the_refusal_names_the_scheme_as_written(url: str, shown: str):
    # "urn:x" was refused as "urn://".
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert caught.value.reason == f"only http:// and https:// URLs can be fetched ({shown} refused)"


def test_url_recognition():
    assert looks_like_url("https://example.org/a") and looks_like_url("file:///etc/passwd")
    assert not looks_like_url("notes/today.txt") and not looks_like_url("C:notes")
    assert check_url("  http://127.0.0.1:1/x ") == "http://127.0.0.1:1/x"


def test_retry_after_seconds_and_dates():
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert retry_after("120", now) == datetime(2026, 1, 2, 3, 6, 5, tzinfo=UTC)
    assert retry_after("Wed, 21 Oct 2026 07:28:00 GMT", now) == datetime(
        2026, 10, 21, 7, 28, tzinfo=UTC
    )
    assert retry_after("soon", now) is None


def test_a_retry_after_in_the_past_means_now(http_server: Server):
    # A date gone by was shown as "retry after 2015-10-21T07:28:00+00:00".
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) is None
    assert retry_after("0", now) is None
    url = http_server.route(
        "/busy", status=503, body=b"busy", headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}
    )
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert caught.value.reason == "HTTP 503 Service Unavailable"
    assert caught.value.retry_after is None


def test_a_retry_after_past_the_calendar_is_no_time_not_a_crash(http_server: Server):
    # "Retry-After: 99...9" raised OverflowError out of fetch: import and extract
    # of the URL ended in a traceback (extract's other inputs never read).
    assert retry_after("9" * 21) is None
    assert retry_after("9" * 12) is None  # past 9999: OverflowError in the addition
    url = http_server.route("/busy", status=503, body=b"busy", headers={"Retry-After": "9" * 21})
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert caught.value.reason == "HTTP 503 Service Unavailable"
    assert caught.value.retry_after is None


def test_conditional_get_gives_304(http_server: Server):
    def handler(seen):
        if seen.headers.get("if-none-match") == '"v1"':
            return Response(304, headers={"ETag": '"v1"'})
        return Response(
            body=b"<rss/>", headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'}
        )

    url = http_server.route("/cond", handler)
    first = fetch(url)
    assert first.etag == '"v1"' and first.status == 200
    again = fetch(url, etag=first.etag)
    assert again.not_modified and again.body == b""


# -- import_urls into a library ---------------------------------------------------------------


def test_import_urls_keeps_the_final_url_and_goes_on_after_failures(http_server: Server, tmp_path):
    http_server.route("/short", status=301, headers={"Location": "/story/library-hours"})
    final = http_server.route("/story/library-hours", body=page().encode(), headers=HTML)
    http_server.route("/img", body=b"GIF89a", headers={"Content-Type": "image/gif"})
    library = Library(tmp_path / "lib")
    urls = [http_server.url("/missing"), http_server.url("/short"), http_server.url("/img")]
    urls.append("file:///etc/hostname")
    summary, fresh = import_urls(library, urls)
    assert len(summary.added) == 1 and len(fresh) == 1
    article = library.get_article(summary.added[0])
    assert article.url_or_path == final
    assert article.id == make_article_id(final, TITLE)
    reasons = dict(summary.rejected)
    assert reasons[http_server.url("/missing")] == "HTTP 404 Not Found"
    assert "wrong content type image/gif" in reasons[http_server.url("/img")]
    assert "file:// refused" in reasons["file:///etc/hostname"]
    # The same page again adds nothing.
    again, fresh = import_urls(library, [http_server.url("/short")])
    assert again.added == [] and fresh == [] and again.unchanged
