"""Subscriptions and refreshing them into a library, against a real server on
127.0.0.1: new, updated and unchanged entries, conditional GETs, Retry-After,
failures that stop nothing else, bounded concurrency, and a refresh killed at
every write."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from newsread.ingest import fetch as fetch_mod
from newsread.ingest.feeds import FeedError
from newsread.model import article_feeds, new_annotation
from storage.feeds import Feed, add_feeds, feed_rows, find_feed, list_feeds, remove_feed
from storage.library import Library, LibraryError, NotFoundError
from storage.refresh import (
    RefreshProgress,
    import_feed_files,
    import_urls,
    refresh_feeds,
    subscribe,
)
from tests.http_server import (
    STORIES,
    Entry,
    Response,
    Server,
    atom,
    fetch_timeout_guard_fixture,  # noqa: F401
    http_server_fixture,  # noqa: F401
    json_feed,
    rss,
    story_page,
    story_text,
)

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
ATOM = {"Content-Type": "application/atom+xml"}
JSON = {"Content-Type": "application/feed+json"}
HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def library(tmp_path) -> Library:
    return Library(tmp_path / "lib")


def entries(server: Server, prefix: str = "") -> list[Entry]:
    """Bridge and choir with full content, orchard with a summary and its page."""
    server.route(f"/{prefix}orchard", body=story_page("orchard").encode(), headers=HTML)
    return [
        Entry("bridge", server.url(f"/{prefix}bridge"), guid=f"{prefix}g-bridge"),
        Entry("orchard", server.url(f"/{prefix}orchard"), guid=f"{prefix}g-orchard", full=False),
        Entry("choir", server.url(f"/{prefix}choir"), guid=f"{prefix}g-choir"),
    ]


def hours_on(hours: float) -> datetime:
    """A refresh this much later: a page that failed is asked for again only
    once its back-off (an hour after the first failure) has passed."""
    return datetime.now(UTC) + timedelta(hours=hours)


def by_title(library: Library) -> dict[str, dict]:
    return {m["title"]: m for m in library.article_metas()}


@pytest.mark.parametrize(
    ("build", "headers"), [(rss, RSS), (atom, ATOM), (json_feed, JSON)], ids=["rss", "atom", "json"]
)
def test_refresh_imports_full_and_summary_only_entries(
    http_server: Server, library, build, headers
):
    url = http_server.route("/feed", body=build(entries(http_server)).encode(), headers=headers)
    feed, parsed = subscribe(library, url)
    assert feed.name.startswith("Valley Post") and len(parsed.entries) == 3
    summary = refresh_feeds(library)
    [report] = summary.feeds
    assert report.status == "new" and len(report.added) == 3, report
    assert len(summary.fresh) == 3
    metas = by_title(library)
    for key in ("bridge", "orchard", "choir"):
        title = STORIES[key][0]
        article = library.get_article(metas[title]["id"])
        # The summary-only entry's page was fetched and its furniture dropped.
        assert article.body == story_text(key), key
        assert article.feed == url and article.guid.endswith(f"g-{key}")
        assert article.url_or_path == http_server.url(f"/{key}")
        assert article.published == "2026-03-02"
    assert len(http_server.hits("/orchard")) == 1
    assert not http_server.hits("/bridge")  # full content: its page is never fetched
    # What the fetched page lost is kept with its reasons, as for an imported file.
    orchard = library.get_article(metas[STORIES["orchard"][0]]["id"])
    assert orchard.cuts and all(cut.reason for cut in orchard.cuts)

    again = refresh_feeds(library)
    assert again.feeds[0].status == "unchanged" and len(again.feeds[0].unchanged) == 3
    assert again.fresh == []
    assert len(http_server.hits("/orchard")) == 1  # unchanged entry: page not fetched again
    assert len(library.article_metas()) == 3


@pytest.mark.parametrize(
    ("build", "headers"), [(rss, RSS), (atom, ATOM), (json_feed, JSON)], ids=["rss", "atom", "json"]
)
def test_a_full_content_entry_loses_the_sites_furniture_with_its_reasons(
    http_server: Server, library, build, headers
):
    """An entry's content is the article already, but a blog's feed adds its
    sign-up call and its "appeared first on" note under every story."""
    note = f"The post {STORIES['bridge'][0]} appeared first on Valley Post."
    pitch = "Sign up for our newsletter"
    link = http_server.url("/bridge")
    feed_entries = [Entry("bridge", link, guid="g-bridge", extra=f"{pitch}</p><p>{note}")]
    url = http_server.route("/feed", body=build(feed_entries).encode(), headers=headers)
    subscribe(library, url)
    refresh_feeds(library)
    [meta] = library.article_metas()
    article = library.get_article(meta["id"])
    assert article.body == story_text("bridge")
    assert [(cut.text, cut.reason) for cut in article.cuts] == [
        (pitch, "newsletter sign-up"),
        (note, "note on where it first appeared"),
    ]
    # Both stand after the story's last paragraph, where the reader shows them.
    assert all(cut.position == len(article.body) for cut in article.cuts)
    assert article.removed == [pitch, note]


def test_etag_and_304(http_server: Server, library):
    document = rss(entries(http_server)).encode()

    def handler(seen):
        if seen.headers.get("if-none-match") == '"rev-1"':
            return Response(304, headers={"ETag": '"rev-1"'})
        headers = {**RSS, "ETag": '"rev-1"', "Last-Modified": "Mon, 02 Mar 2026 08:00:00 GMT"}
        return Response(body=document, headers=headers)

    url = http_server.route("/feed", handler)
    subscribe(library, url, name="valley")
    assert refresh_feeds(library).feeds[0].status == "new"
    stored = find_feed(library, "valley")
    assert stored.etag == '"rev-1"' and stored.last_modified.startswith("Mon, 02 Mar 2026")
    second = refresh_feeds(library)
    assert second.feeds[0].status == "not modified"
    last = http_server.hits("/feed")[-1].headers
    assert last["if-none-match"] == '"rev-1"'
    assert last["if-modified-since"] == "Mon, 02 Mar 2026 08:00:00 GMT"


def test_an_entry_whose_page_failed_is_tried_again_despite_a_304(http_server: Server, library):
    # The feed's validators were stored although the orchard's page had failed:
    # every later refresh got a 304 and the entry was never fetched again.
    document = rss(entries(http_server)).encode()
    http_server.route("/orchard", status=503, body=b"busy")

    def handler(seen):
        if seen.headers.get("if-none-match") == '"rev-1"':
            return Response(304, headers={"ETag": '"rev-1"'})
        return Response(body=document, headers={**RSS, "ETag": '"rev-1"'})

    url = http_server.route("/feed", handler)
    subscribe(library, url, name="valley")
    first = refresh_feeds(library).feeds[0]
    assert len(first.added) == 3 and first.rejected == []
    assert first.summary_only[0][1].startswith("linked page: HTTP 503")
    assert find_feed(library, "valley").etag == ""
    http_server.route("/orchard", body=story_page("orchard").encode(), headers=HTML)
    second = refresh_feeds(library, now=hours_on(2)).feeds[0]
    assert second.status == "updated" and len(second.updated) == 1 and len(second.unchanged) == 2
    orchard = library.get_article(by_title(library)[STORIES["orchard"][0]]["id"])
    assert orchard.body == story_text("orchard") and not orchard.summary_only
    assert find_feed(library, "valley").etag == '"rev-1"'
    assert refresh_feeds(library).feeds[0].status == "not modified"


def _closed_port() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/orchard"


@pytest.mark.parametrize("failure", ["404", "timeout", "refused"])
def test_a_summary_entry_whose_page_fails_keeps_its_summary_until_the_page_comes(
    http_server: Server, library, monkeypatch, failure
):
    # The entry was dropped, though its summary is text to read: now it is kept,
    # marked as the summary alone, and the page replaces it when it comes, the
    # annotations made on the summary moved onto the page's text.
    monkeypatch.setenv(fetch_mod.TIMEOUT_ENV, "0.5")
    link = _closed_port() if failure == "refused" else http_server.url("/orchard")
    if failure == "404":
        http_server.route("/orchard", status=404, body=b"gone", headers=HTML)
    elif failure == "timeout":
        http_server.route("/orchard", stall=True, headers=HTML)
    orchard = Entry("orchard", link, guid="g-orchard", full=False)
    document = rss([Entry("bridge", http_server.url("/bridge"), guid="g-bridge"), orchard])
    url = http_server.route("/feed", body=document.encode(), headers=RSS)
    subscribe(library, url, name="valley")

    [report] = refresh_feeds(library).feeds
    assert report.status == "new" and len(report.added) == 2 and report.rejected == []
    [(where, why)] = report.summary_only
    assert where == link and why.startswith("linked page: ")
    meta = by_title(library)[STORIES["orchard"][0]]
    kept = library.get_article(meta["id"])
    assert kept.summary_only and kept.body == orchard.summary and kept.url_or_path == link
    start = kept.body.index("valley orchard cooperative")
    phrase = (start, start + len("valley orchard cooperative"))
    library.save_annotations(kept.id, [new_annotation(kept, *phrase, ["place"])])

    # Tried again once its back-off has passed, and still failing: kept as it is.
    [again] = refresh_feeds(library, now=hours_on(2)).feeds
    assert (
        again.status == "unchanged" and len(again.unchanged) == 2 and len(again.summary_only) == 1
    )
    assert library.get_article(kept.id).body == orchard.summary

    # The page comes: the same article, updated, its annotation on the same words.
    page = story_page("orchard").encode()
    http_server.route("/orchard", body=page, headers=HTML)
    moved_link = http_server.url("/orchard")
    if failure == "refused":  # the site is back, at the address the feed now gives
        orchard.link = moved_link
        http_server.route("/feed", body=rss([orchard]).encode(), headers=RSS)
    [later] = refresh_feeds(library, now=hours_on(24)).feeds
    assert later.status == "updated" and later.updated == [kept.id] and later.orphaned == 0
    assert later.summary_only == []
    article = library.get_article(kept.id)
    assert article.body == story_text("orchard") and not article.summary_only
    [placed] = library.annotations(kept.id)
    assert article.body[placed.start : placed.end] == "valley orchard cooperative"
    [final] = refresh_feeds(library).feeds
    assert final.status == "unchanged" and len(library.article_metas()) == 2


def test_a_page_that_fails_later_never_replaces_its_text_with_the_summary(
    http_server: Server, library
):
    orchard = Entry("orchard", http_server.url("/orchard"), guid="g-orchard", full=False)
    http_server.route("/orchard", body=story_page("orchard").encode(), headers=HTML)
    url = http_server.route("/feed", body=rss([orchard]).encode(), headers=RSS)
    subscribe(library, url, name="valley")
    refresh_feeds(library)
    # The entry changes (a new title), and its page is down meanwhile.
    orchard.title = "Orchard cooperative picks its biggest apple harvest"
    http_server.route("/feed", body=rss([orchard]).encode(), headers=RSS)
    http_server.route("/orchard", status=500, body=b"down", headers=HTML)
    [report] = refresh_feeds(library).feeds
    assert (
        report.summary_only == []
        and report.rejected[0][1] == "linked page: HTTP 500 Internal Server Error"
    )
    [meta] = library.article_metas()
    assert library.get_article(meta["id"]).body == story_text("orchard")


def test_an_updated_entry_keeps_its_id_and_its_annotations_move(http_server: Server, library):
    feed_entries = entries(http_server)
    url = http_server.route("/feed", body=rss(feed_entries).encode(), headers=RSS)
    subscribe(library, url)
    refresh_feeds(library)
    bridge = library.get_article(by_title(library)[STORIES["bridge"][0]]["id"])
    start = bridge.body.index("said chief engineer Halima Osei")
    ann = new_annotation(bridge, start, start + len("said chief engineer Halima Osei"), ["quote"])
    library.save_annotations(bridge.id, [ann])

    # The outlet puts a correction at the top and retitles the story.
    feed_entries[0].extra = "Correction: the closure starts on the second of May."
    feed_entries[0].title = "River bridge to close for six weeks of repairs"
    changed = rss(feed_entries).replace(
        "<p>The old river bridge", "<p>Update: dates confirmed.</p><p>The old river bridge"
    )
    http_server.route("/feed", body=changed.encode(), headers=RSS)
    summary = refresh_feeds(library)
    [report] = summary.feeds
    assert report.status == "updated" and report.updated == [bridge.id] and report.added == []
    assert len(report.unchanged) == 2 and report.orphaned == 0
    moved = library.get_article(bridge.id)
    assert moved.title == "River bridge to close for six weeks of repairs"
    assert moved.body.startswith("Update: dates confirmed.")
    [placed] = library.annotations(bridge.id)
    assert moved.body[placed.start : placed.end] == "said chief engineer Halima Osei"
    assert len(library.article_metas()) == 3


def test_retry_after_is_recorded_and_respected(http_server: Server, library):
    url = http_server.route(
        "/busy", status=429, body=b"slow down", headers={"Retry-After": "3600", **RSS}
    )
    add_feeds(library, [Feed(url=url, name="busy")])
    summary = refresh_feeds(library)
    [report] = summary.feeds
    assert report.status == "failed" and "HTTP 429" in report.reason
    assert "retry after" in report.reason
    state = find_feed(library, "busy")
    assert state.retry_after and state.last_error.startswith("HTTP 429")
    until = datetime.fromisoformat(state.retry_after)
    assert timedelta(minutes=59) < until - datetime.now(UTC) <= timedelta(hours=1)
    hits = len(http_server.hits("/busy"))
    waiting = refresh_feeds(library).feeds[0]
    assert waiting.status == "waiting" and "retry after" in waiting.reason
    assert len(http_server.hits("/busy")) == hits  # not asked again before its time
    # Once the time has passed, it is asked again.
    later = refresh_feeds(library, now=until + timedelta(seconds=1)).feeds[0]
    assert later.status == "failed" and len(http_server.hits("/busy")) == hits + 1


def test_a_503_with_an_http_date(http_server: Server, library):
    url = http_server.route(
        "/down", status=503, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}
    )
    add_feeds(library, [Feed(url=url, name="down")])
    refresh_feeds(library)
    assert find_feed(library, "down").retry_after == "2099-10-21T07:28:00+00:00"


def test_broken_xml_entries_are_imported(http_server: Server, library):
    broken = rss(entries(http_server)).replace("Local news", "Local & more news")
    broken = broken.replace("</channel>", "<unclosed></channel>")
    headers = {**RSS, "ETag": '"rev-1"'}
    url = http_server.route("/broken", body=broken.encode(), headers=headers)
    add_feeds(library, [Feed(url=url, name="broken")])
    [report] = refresh_feeds(library).feeds
    assert report.status == "new" and len(report.added) == 3
    assert report.reason.startswith("read despite broken XML")
    # Read in part: the feed keeps a note (a warning: it was read, so no
    # error), and no validator that would make the next refresh a 304 saying
    # nothing of it.
    stored = find_feed(library, "broken")
    assert stored.note.startswith("broken XML: ") and stored.etag == ""
    assert stored.last_error == ""
    [again] = refresh_feeds(library).feeds
    assert again.reason.startswith("read despite broken XML")
    assert "if-none-match" not in http_server.hits("/broken")[-1].headers


def test_failing_feeds_never_stop_the_others(http_server: Server, library, monkeypatch):
    monkeypatch.setenv(fetch_mod.TIMEOUT_ENV, "0.5")
    good = http_server.route("/good", body=atom(entries(http_server)).encode(), headers=ATOM)
    feeds = [
        Feed(url=http_server.url("/gone"), name="gone"),
        Feed(url=http_server.route("/error", status=500), name="error"),
        Feed(url=http_server.route("/stall", stall=True, headers=RSS), name="stalled"),
        Feed(
            url=http_server.route("/png", body=b"x", headers={"Content-Type": "image/png"}),
            name="png",
        ),
        Feed(
            url=http_server.route("/page", body=b"<html><p>hi</p></html>", headers=HTML),
            name="page",
        ),
        Feed(url=good, name="good"),
    ]
    add_feeds(library, feeds)
    summary = refresh_feeds(library)
    reasons = {r.name: (r.status, r.reason) for r in summary.feeds}
    assert reasons["good"][0] == "new"
    assert reasons["gone"] == ("failed", "HTTP 404 Not Found")
    assert reasons["error"] == ("failed", "HTTP 500 Internal Server Error")
    assert reasons["stalled"] == ("failed", "timed out after 0.5 s")
    assert reasons["png"][1].startswith("wrong content type image/png")
    assert reasons["page"][0] == "failed" and "not a feed" in reasons["page"][1]
    rows = {row.feed.name: row for row in feed_rows(library)}
    assert rows["good"].articles == 3 and rows["good"].feed.last_error == ""
    assert rows["gone"].articles == 0 and rows["gone"].feed.last_error == "HTTP 404 Not Found"
    assert rows["gone"].feed.last_refresh and not rows["gone"].feed.last_success


def test_at_most_eight_feeds_are_fetched_at_once(http_server: Server, library):
    lock = threading.Lock()
    now = {"in": 0, "max": 0}
    document = rss([]).encode()

    def slow(_seen):
        with lock:
            now["in"] += 1
            now["max"] = max(now["max"], now["in"])
        time.sleep(0.3)
        with lock:
            now["in"] -= 1
        return Response(body=document, headers=RSS)

    feeds = [Feed(url=http_server.route(f"/f{k}", slow), name=f"f{k}") for k in range(12)]
    add_feeds(library, feeds)
    started = time.monotonic()
    summary = refresh_feeds(library)
    assert [r.status for r in summary.feeds] == ["unchanged"] * 12
    assert 2 <= now["max"] <= 8
    assert time.monotonic() - started < 12 * 0.3  # concurrent, not one after another


def test_progress_arrives_on_the_calling_thread(http_server: Server, library):
    url = http_server.route("/feed", body=rss(entries(http_server)).encode(), headers=RSS)
    add_feeds(library, [Feed(url=url, name="valley")])
    seen: list[tuple[str, int]] = []

    def progress(event: RefreshProgress) -> None:
        seen.append((event.stage, threading.get_ident()))

    refresh_feeds(library, progress=progress)
    stages = [stage for stage, _ in seen]
    assert stages[0] == "fetching" and stages[-1] == "done" and "entries" in stages
    assert {ident for _, ident in seen} == {threading.get_ident()}


def test_duplicates_by_guid_link_and_text(http_server: Server, library):
    one = entries(http_server)
    # The same entry twice in one document, and another feed carrying the same
    # story under another link and guid.
    url = http_server.route("/one", body=rss([*one, one[0]]).encode(), headers=RSS)
    other = [Entry("bridge", http_server.url("/elsewhere/bridge"), guid="other-1")]
    other.append(Entry("choir", one[2].link, guid="other-2"))
    url2 = http_server.route("/two", body=atom(other).encode(), headers=ATOM)
    add_feeds(library, [Feed(url=url, name="a-one")])
    refresh_feeds(library)
    add_feeds(library, [Feed(url=url2, name="b-two")])
    [report] = refresh_feeds(library, ["b-two"]).feeds
    assert report.added == [] and report.duplicates == []
    # The second feed lists them too: filed under both, not dropped as "elsewhere".
    shared = {library.get_meta(aid)["title"] for aid in report.shared}
    assert shared == {STORIES["bridge"][0], STORIES["choir"][0]}
    # No article of its own: counted apart from the feeds with new articles.
    assert report.status == "filed"
    assert len(library.article_metas()) == 3
    assert {row.feed.name: row.articles for row in feed_rows(library)} == {"a-one": 3, "b-two": 2}
    [again] = refresh_feeds(library, ["b-two"]).feeds
    assert again.status == "unchanged" and again.shared == [] and again.added == []
    assert {row.feed.name: row.articles for row in feed_rows(library)} == {"a-one": 3, "b-two": 2}


@pytest.mark.parametrize("guid_first", [True, False], ids=["guid-first", "link-first"])
def test_a_story_listed_twice_in_one_feed_is_not_updated_at_every_refresh(
    http_server: Server, library, guid_first: bool
):
    # The same story once with a guid and once without one, by its link, each
    # under a headline of its own: taken once, from its first listing.
    bridge = http_server.url("/bridge")
    with_guid = Entry("bridge", bridge, guid="g-bridge", title="Bridge: the first listing")
    by_link = Entry("bridge", bridge, title="Bridge: the second listing")
    listed = [with_guid, by_link] if guid_first else [by_link, with_guid]
    url = http_server.route("/twice", body=rss(listed).encode(), headers=RSS)
    add_feeds(library, [Feed(url=url, name="twice")])
    [first] = refresh_feeds(library, ["twice"]).feeds
    assert (len(first.added), first.updated) == (1, [])
    [meta] = library.article_metas()
    assert meta["title"] == listed[0].heading
    for _ in range(2):
        # Read whole each time (by name: no 304): nothing changed, nothing updated.
        [again] = refresh_feeds(library, ["twice"]).feeds
        assert (again.added, again.updated, again.status) == ([], [], "unchanged")
    [meta] = library.article_metas()
    assert meta["title"] == listed[0].heading


def test_a_summary_entry_without_a_date_takes_its_pages_date(http_server: Server, library):
    # RSS makes pubDate optional; the page the entry links to states its date.
    page = story_page("orchard").replace(
        "</head>", '<meta property="article:published_time" content="2026-02-27T07:30:00Z"></head>'
    )
    link = http_server.route("/orchard", body=page.encode(), headers=HTML)
    feed = rss([Entry("orchard", link, guid="g-orchard", full=False)])
    feed = feed.replace("<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate>", "")
    url = http_server.route("/undated", body=feed.encode(), headers=RSS)
    add_feeds(library, [Feed(url=url, name="undated")])
    refresh_feeds(library)
    [meta] = library.article_metas()
    assert meta["published"] == "2026-02-27"


def test_a_deleted_article_is_not_brought_back(http_server: Server, library):
    url = http_server.route("/feed", body=rss(entries(http_server)).encode(), headers=RSS)
    add_feeds(library, [Feed(url=url, name="valley")])
    refresh_feeds(library)
    choir = by_title(library)[STORIES["choir"][0]]["id"]
    library.delete_articles([choir])
    report = refresh_feeds(library).feeds[0]
    assert report.added == [] and choir not in library.article_ids()


def test_subscriptions(http_server: Server, library):
    url = http_server.route("/feed", body=json_feed(entries(http_server)).encode(), headers=JSON)
    feed, _ = subscribe(library, url, tags=["local", " ", "local"])
    assert feed.name == "Valley Post (JSON)" and feed.tags == ["local"] and feed.added
    with pytest.raises(LibraryError, match="already subscribed as 'Valley Post \\(JSON\\)'"):
        subscribe(library, url)
    other = http_server.route("/other", body=rss([]).encode(), headers=RSS)
    with pytest.raises(LibraryError, match="a feed named 'valley post \\(json\\)' already exists"):
        subscribe(library, other, name="valley post (json)")
    assert subscribe(library, other)[0].name == "Valley Post: Local"
    # A site's page that announces its feed subscribes to the feed.
    site = http_server.route(
        "/site",
        body=b'<html><head><link rel="alternate" type="application/atom+xml" href="/atom">'
        b"</head><body>Home</body></html>",
        headers=HTML,
    )
    http_server.route("/atom", body=atom([]).encode(), headers=ATOM)
    assert subscribe(library, site)[0].url == http_server.url("/atom")
    with pytest.raises(FeedError):
        subscribe(library, http_server.route("/plain", body=b"<html>no</html>", headers=HTML))
    refresh_feeds(library)
    removed = remove_feed(library, "VALLEY POST (json)")
    assert removed.url == url
    assert [f.name for f in list_feeds(library)] == ["Valley Post (Atom)", "Valley Post: Local"]
    assert len(library.article_metas()) == 3  # the articles stay
    with pytest.raises(NotFoundError):
        remove_feed(library, "nothing")


def test_opml_names_that_clash_get_numbers(library):
    added, skipped = add_feeds(
        library,
        [
            Feed(url="http://127.0.0.1:9/a", name="News"),
            Feed(url="http://127.0.0.1:9/b", name="news"),
            Feed(url="http://127.0.0.1:9/a", name="Again"),
        ],
    )
    assert [f.name for f in added] == ["News", "news (2)"]
    assert skipped[0][1] == "already subscribed as 'News'"


def test_import_urls_reads_a_feed_url_as_its_entries(http_server: Server, library):
    url = http_server.route("/feed", body=rss(entries(http_server)).encode(), headers=RSS)
    summary, fresh = import_urls(library, [url])
    assert len(summary.added) == 3 and len(fresh) == 3 and summary.rejected == []
    assert {m["feed"] for m in library.article_metas()} == {url}


# -- a refresh killed at every write ------------------------------------------------------------


def test_refresh_survives_a_kill_at_every_write(http_server: Server, tmp_path):
    """A refresh that updates an annotated article, adds one and stores the new
    ETag, killed after each of its file writes: the next process finds the
    library as before or as after (articles, annotations and ETag agreeing),
    and refreshing again completes it."""
    import shutil
    import signal

    from tests.test_faults import boundaries, leftovers, python

    feed_entries = entries(http_server)[:2]
    revision = {"etag": '"rev-1"', "body": rss(feed_entries).encode()}

    def handler(seen):
        if seen.headers.get("if-none-match") == revision["etag"]:
            return Response(304, headers={"ETag": revision["etag"]})
        return Response(body=revision["body"], headers={**RSS, "ETag": revision["etag"]})

    url = http_server.route("/feed", handler)
    base = tmp_path / "base"
    lib = Library(base)
    add_feeds(lib, [Feed(url=url, name="valley")])
    refresh_feeds(lib)
    bridge = lib.get_article(by_title(lib)[STORIES["bridge"][0]]["id"])
    start = bridge.body.index("Halima Osei")
    lib.save_annotations(bridge.id, [new_annotation(bridge, start, start + 11, ["who"])])
    lib.close()

    feed_entries[0].extra = "The council will pay for the night buses during the closure."
    revision["etag"] = '"rev-2"'
    revision["body"] = rss([*feed_entries, Entry("market", http_server.url("/m"), "g-m")]).encode()

    def state(root) -> dict:
        code = (
            "import json\nfrom storage.feeds import find_feed\nout = {}\n"
            "for meta in lib.article_metas():\n"
            "    art = lib.get_article(meta['id'])\n"
            "    anns = lib.annotations(art.id)\n"
            "    for a in anns:\n"
            "        assert a.orphan or art.body[a.start:a.end] == a.quote, a\n"
            "    out[art.id] = [art.content_hash, sorted((a.quote, a.orphan) for a in anns)]\n"
            "print(json.dumps({'articles': out, 'etag': find_feed(lib, 'valley').etag}))\n"
        )
        done = python(root, code)
        assert done.returncode == 0, done.stderr
        import json

        return json.loads(done.stdout)

    def operation(root, fault):
        return python(root, "from storage.refresh import refresh_feeds\nrefresh_feeds(lib)", fault)

    probe = tmp_path / "probe"
    shutil.copytree(base, probe)
    before = state(probe)
    count = boundaries(lambda fault: operation(probe, fault), tmp_path)
    after = state(probe)
    assert before["etag"] == '"rev-1"' and after["etag"] == '"rev-2"'
    assert len(after["articles"]) == 3 and before != after
    for k in range(1, count + 1):
        root = tmp_path / f"run{k}"
        shutil.copytree(base, root)
        done = operation(root, f"kill:{k}")
        assert done.returncode == -signal.SIGKILL, (k, done.stderr)
        found = state(root)
        assert leftovers(root) == [], k
        assert found in (before, after), k
        assert operation(root, None).returncode == 0
        assert state(root) == after, k
        shutil.rmtree(root)
    assert count >= 4


def test_a_feed_saved_as_a_file_is_imported(http_server: Server, library, tmp_path):
    saved = tmp_path / "valley.xml"
    saved.write_text(atom(entries(http_server)), encoding="utf-8")
    summary, fresh = import_feed_files(library, [str(saved)])
    assert len(summary.added) == 3 and summary.rejected == []
    assert {m["feed"] for m in library.article_metas()} == {str(saved.resolve())}
    again, fresh = import_feed_files(library, [str(saved)])
    assert again.added == [] and fresh == [] and len(again.unchanged) == 3
    (tmp_path / "notes.xml").write_text("<notes><n>not a feed</n></notes>")
    bad, _ = import_feed_files(library, [str(tmp_path / "notes.xml"), str(tmp_path / "none")])
    assert [reason for _, reason in bad.rejected] == [
        "not a feed (no RSS, Atom or JSON Feed in it)",
        "no such file or directory",
    ]


def test_a_summary_entry_whose_link_is_no_web_address_keeps_its_summary(
    http_server: Server, library
):
    # feedparser gives an Atom entry without a link its id as the link, and an
    # RSS item its guid: "urn:..." was fetched as the linked page, refused, and
    # the entry rejected though its summary was all the text there was.
    heading, paragraphs = STORIES["market"]
    atom_doc = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Valley notes</title><id>urn:valley</id><updated>2026-03-02T08:00:00Z</updated>"
        f"<entry><title>{heading}</title><id>urn:valley:market</id>"
        f"<updated>2026-03-02T08:00:00Z</updated><summary>{paragraphs[0]}</summary></entry></feed>"
    )
    rss_doc = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley items</title>'
        f"<item><title>{STORIES['choir'][0]}</title><guid>urn:uuid:5b1c0e</guid>"
        f"<description>{STORIES['choir'][1][0]}</description></item></channel></rss>"
    )
    for path, doc, headers in (("/notes", atom_doc, ATOM), ("/items", rss_doc, RSS)):
        subscribe(library, http_server.route(path, body=doc.encode(), headers=headers))
    summary = refresh_feeds(library)
    assert [(r.status, r.rejected) for r in summary.feeds] == [("new", [])] * 2
    bodies = {m["title"]: library.get_article(m["id"]).body for m in library.article_metas()}
    assert bodies == {heading: paragraphs[0], STORIES["choir"][0]: STORIES["choir"][1][0]}
    assert sorted(hit.path for hit in http_server.requests) == ["/items"] * 2 + ["/notes"] * 2


def test_a_guid_that_is_no_address_is_never_fetched_as_the_entrys_page(
    http_server: Server, library
):
    # feedparser makes an RSS guid without isPermaLink="false" the entry's link
    # when it has no <link>, and "market-2026-03" one relative to the feed's
    # address: /market-2026-03 was fetched as if it were the entry's page. With
    # a real <link>, that link is the page and the guid only names the entry.
    # A guid that is a path ("/posts/bridge") is no absolute address either, nor
    # is one beside a podcast's enclosure (a link, but not to the entry's page).
    heading, paragraphs = STORIES["market"]
    http_server.route("/market-2026-03", body=story_page("choir").encode(), headers=HTML)
    http_server.route("/orchard-page", body=story_page("orchard").encode(), headers=HTML)
    http_server.route("/posts/bridge", body=story_page("bridge").encode(), headers=HTML)
    items = [
        (heading, "<guid>market-2026-03</guid>", paragraphs[0]),
        (
            STORIES["orchard"][0],
            f"<link>{http_server.url('/orchard-page')}</link><guid>o-7</guid>",
            "Apples.",
        ),
        (STORIES["bridge"][0], "<guid>/posts/bridge</guid>", "The bridge closes."),
        (
            STORIES["choir"][0],
            "<guid>pod-12</guid><enclosure url='http://127.0.0.1/ep12.mp3' type='audio/mpeg'"
            " length='3'/>",
            "The choir sings.",
        ),
    ]
    doc = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley items</title>'
        + "".join(
            f"<item><title>{title}</title>{ids}<description>{text}</description></item>"
            for title, ids, text in items
        )
        + "</channel></rss>"
    )
    url = http_server.route("/feeds/items.xml", body=doc.encode(), headers=RSS)
    subscribe(library, url)
    [report] = refresh_feeds(library).feeds
    assert report.status == "new" and len(report.added) == 4 and report.summary_only == []
    assert not http_server.hits("/market-2026-03") and not http_server.hits("/feeds/market-2026-03")
    assert len(http_server.hits("/orchard-page")) == 1 and not http_server.hits("/posts/bridge")
    assert not http_server.hits("/feeds/pod-12")
    fetched = sorted(hit.path for hit in http_server.requests)
    assert fetched == ["/feeds/items.xml"] * 2 + ["/orchard-page"]  # subscribe, then refresh
    metas = by_title(library)
    market = library.get_article(metas[heading]["id"])
    assert market.body == paragraphs[0] and market.url_or_path == url
    assert library.get_article(metas[STORIES["orchard"][0]]["id"]).body == story_text("orchard")
    bridge = library.get_article(metas[STORIES["bridge"][0]]["id"])
    assert bridge.body == "The bridge closes." and bridge.url_or_path == url
    assert library.get_article(metas[STORIES["choir"][0]]["id"]).body == "The choir sings."
    again = refresh_feeds(library).feeds[0]
    assert again.status == "unchanged" and len(again.unchanged) == 4


def test_a_stopped_refresh_reports_the_rest_as_cancelled(http_server: Server, library):
    document = rss([]).encode()

    def slow(_seen):
        time.sleep(0.3)  # long enough for the stop to land while this one runs
        return Response(body=document, headers=RSS)

    feeds = [Feed(url=http_server.route(f"/s{k}", slow), name=f"s{k}") for k in range(3)]
    add_feeds(library, feeds)
    stop = threading.Event()

    def progress(event: RefreshProgress) -> None:
        if event.stage == "fetching":
            stop.set()

    summary = refresh_feeds(library, progress=progress, workers=1, stop=stop)
    assert [r.status for r in summary.feeds] == ["unchanged", "cancelled", "cancelled"]
    assert not http_server.hits("/s1") and not http_server.hits("/s2")
    assert find_feed(library, "s1").last_refresh == ""  # never tried, nothing recorded


def test_a_story_in_several_feeds_belongs_to_each(http_server: Server, library):
    """Three feeds carry the same entries (same links and titles); refreshed at
    once into an empty library, each article is one article filed under all
    three, whichever feed was fetched first, and its text is updated by one
    feed (its first) instead of hopping to whichever saved last."""
    same = entries(http_server)
    urls = [
        http_server.route("/x-rss", body=rss(same).encode(), headers=RSS),
        http_server.route("/x-atom", body=atom(same).encode(), headers=ATOM),
        http_server.route("/x-json", body=json_feed(same).encode(), headers=JSON),
    ]
    add_feeds(library, [Feed(url=u, name=u.rsplit("/", 1)[-1]) for u in urls])
    first = refresh_feeds(library)
    assert sum(len(r.added) for r in first.feeds) == 3
    assert sum(len(r.shared) for r in first.feeds) == 6
    # The first feed written adds the three; the others only file them.
    assert sorted(r.status for r in first.feeds) == ["filed", "filed", "new"]
    assert all(r.duplicates == [] for r in first.feeds)
    assert {row.articles for row in feed_rows(library)} == {3}
    metas = library.article_metas()
    assert all(sorted(article_feeds(m)) == sorted(urls) for m in metas)
    filed = {m["id"]: article_feeds(m) for m in metas}
    second = refresh_feeds(library)
    assert sum(len(r.added) + len(r.updated) + len(r.shared) for r in second.feeds) == 0
    assert [r.status for r in second.feeds] == ["unchanged"] * 3
    assert {m["id"]: article_feeds(m) for m in library.article_metas()} == filed


def test_a_feed_sharing_an_entry_finds_it_in_search_and_the_app(http_server: Server, library):
    from storage.search_index import SearchIndex
    from tui.models.library import LibraryModel

    same = entries(http_server)
    one = http_server.route("/s-one", body=rss(same[:2]).encode(), headers=RSS)
    two = http_server.route("/s-two", body=atom(same[1:2]).encode(), headers=ATOM)
    add_feeds(library, [Feed(url=one, name="Valley One"), Feed(url=two, name="Atom Gazette")])
    refresh_feeds(library)
    orchard = by_title(library)[STORIES["orchard"][0]]["id"]
    hits = SearchIndex(library).search('feed:"Atom Gazette"')
    assert [hit.article_id for hit in hits] == [orchard]
    assert len(SearchIndex(library).search('feed:"Valley One"')) == 2
    feeds = {f.url: f.name for f in list_feeds(library)}
    model = LibraryModel()
    model.load(library.article_metas(), {}, {}, feeds=feeds)
    model.feed_choice = two
    assert [model.catalog.ids[i] for i in model.visible_rows()] == [orchard]
    assert model.rows()[0].cells["feed"] in ("Valley One +1", "Atom Gazette +1")
    model.feed_choice, model.filter_text = None, 'feed:"Atom Gazette"'
    assert [model.catalog.ids[i] for i in model.visible_rows()] == [orchard]


def test_a_feed_named_by_its_url_takes_its_title(http_server: Server, library):
    url = http_server.route("/bare", body=atom(entries(http_server)).encode(), headers=ATOM)
    add_feeds(library, [Feed(url=url, name=url, tags=["x"])])
    assert list_feeds(library)[0].added  # stamped when subscribed
    refresh_feeds(library)
    [feed] = list_feeds(library)
    assert (feed.name, feed.tags, feed.site) == ("Valley Post (Atom)", ["x"], "")


# -- summary-only articles: a flag of their own; read state after an update ----------------------


def _summary_only_feed(http_server: Server, library) -> tuple[Entry, str]:
    """A feed of one summary entry whose page fails (503), refreshed once."""
    orchard = Entry("orchard", http_server.url("/orchard"), guid="g-orchard", full=False)
    http_server.route("/orchard", status=503, body=b"busy", headers=HTML)
    url = http_server.route("/feed", body=rss([orchard]).encode(), headers=RSS)
    subscribe(library, url, name="valley")
    [report] = refresh_feeds(library).feeds
    assert len(report.summary_only) == 1
    return orchard, by_title(library)[STORIES["orchard"][0]]["id"]


def test_summary_only_is_a_flag_beside_the_entrys_version(http_server: Server, library):
    # It was a "summary-only:" prefix on the entry's version: one field, two meanings.
    _, article_id = _summary_only_feed(http_server, library)
    meta = library.get_meta(article_id)
    assert meta["summary_only"] is True and len(meta["entry_version"]) == 16
    assert library.get_article(article_id).summary_only
    http_server.route("/orchard", body=story_page("orchard").encode(), headers=HTML)
    [report] = refresh_feeds(library, now=hours_on(2)).feeds
    assert report.updated == [article_id]
    meta = library.get_meta(article_id)
    assert "summary_only" not in meta and not library.get_article(article_id).summary_only
    assert b"summary" + b"-only:" not in (library.root / "library.json").read_bytes()


def test_an_older_librarys_prefixed_version_reads_as_summary_only(http_server: Server, library):
    _, article_id = _summary_only_feed(http_server, library)
    meta = library.get_meta(article_id)
    version = meta.pop("entry_version")
    del meta["summary_only"], meta["page_tries"], meta["page_tried"]
    with library.transaction():  # the entry as a library of before the flag has it
        library.update_entries({article_id: {**meta, "entry_version": "summary-only:" + version}})
    old = library.get_article(article_id)
    assert old.summary_only and old.entry_version == ""  # the version is unknown

    # The page still fails: kept, now stored with the flag and the entry's version.
    [again] = refresh_feeds(library).feeds
    assert len(again.unchanged) == 1 and len(again.summary_only) == 1
    meta = library.get_meta(article_id)
    assert (meta["entry_version"], meta["summary_only"]) == (version, True)

    # Back to the prefixed form, then the page comes: updated, the flag cleared.
    del meta["summary_only"], meta["page_tries"], meta["page_tried"]
    with library.transaction():
        library.update_entries({article_id: {**meta, "entry_version": "summary-only:" + version}})
    http_server.route("/orchard", body=story_page("orchard").encode(), headers=HTML)
    [later] = refresh_feeds(library).feeds
    assert later.updated == [article_id]
    article = library.get_article(article_id)
    assert article.body == story_text("orchard") and not article.summary_only
    assert library.get_meta(article_id)["entry_version"] == version


def test_an_article_whose_text_a_refresh_changed_is_unread_again(http_server: Server, library):
    from storage.reading import ReadState

    feed_entries = entries(http_server)
    url = http_server.route("/feed", body=rss(feed_entries).encode(), headers=RSS)
    subscribe(library, url)
    refresh_feeds(library)
    ids = {title: meta["id"] for title, meta in by_title(library).items()}
    bridge = library.get_article(ids[STORIES["bridge"][0]])
    start = bridge.body.index("Halima Osei")
    library.save_annotations(bridge.id, [new_annotation(bridge, start, start + 11, ["who"])])
    reading = ReadState(library)
    reading.mark(ids.values())

    feed_entries[0].extra = "The council will pay for the night buses during the closure."
    feed_entries[2].title = "Choir wins the regional final"  # a new title, the same text
    http_server.route("/feed", body=rss(feed_entries).encode(), headers=RSS)
    [report] = refresh_feeds(library).feeds
    assert sorted(report.updated) == sorted([bridge.id, ids[STORIES["choir"][0]]])
    assert reading.read_ids() == set(ids.values()) - {bridge.id}
    [kept] = library.annotations(bridge.id)
    assert library.get_article(bridge.id).body[kept.start : kept.end] == "Halima Osei"
    reading.close()


def test_a_refresh_that_brings_a_summarys_page_survives_a_kill_at_every_write(
    http_server: Server, tmp_path
):
    """The update that replaces a summary with its page clears the article's
    summary-only flag, moves its annotation, marks it unread and stores the
    feed's state: killed after each file write, the next process finds all of
    it as before or all as after, and refreshing again completes it."""
    import json
    import shutil
    import signal

    from tests.test_faults import boundaries, leftovers, python

    base = tmp_path / "base"
    lib = Library(base)
    _, article_id = _summary_only_feed(http_server, lib)
    kept = lib.get_article(article_id)
    start = kept.body.index("valley orchard cooperative")
    phrase = (start, start + len("valley orchard cooperative"))
    lib.save_annotations(article_id, [new_annotation(kept, *phrase, ["place"])])
    from storage.reading import ReadState

    reading = ReadState(lib)
    reading.mark([article_id])
    reading.close()
    lib.close()
    http_server.route("/orchard", body=story_page("orchard").encode(), headers=HTML)

    def state(root) -> dict:
        code = (
            "import json\nfrom storage.feeds import find_feed\n"
            "from storage.reading import ReadState\nout = {}\n"
            "for meta in lib.article_metas():\n"
            "    art = lib.get_article(meta['id'])\n"
            "    anns = lib.annotations(art.id)\n"
            "    for a in anns:\n"
            "        assert a.orphan or art.body[a.start:a.end] == a.quote, a\n"
            "    out[art.id] = [art.content_hash, art.summary_only, meta.get('summary_only'),\n"
            "        sorted((a.quote, a.orphan) for a in anns)]\n"
            "feed = find_feed(lib, 'valley')\n"
            "print(json.dumps({'articles': out, 'read': sorted(ReadState(lib).read_ids()),\n"
            "    'entries': feed.entries, 'error': feed.last_error}))\n"
        )
        done = python(root, code)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def operation(root, fault):
        # Two hours on: the page that failed an hour ago is due again.
        code = (
            "from datetime import UTC, datetime, timedelta\n"
            "from storage.refresh import refresh_feeds\n"
            "refresh_feeds(lib, now=datetime.now(UTC) + timedelta(hours=2))"
        )
        return python(root, code, fault)

    probe = tmp_path / "probe"
    shutil.copytree(base, probe)
    before = state(probe)
    count = boundaries(lambda fault: operation(probe, fault), tmp_path)
    after = state(probe)
    assert before["articles"][article_id][1:3] == [True, True]
    assert after["articles"][article_id][1:3] == [False, None]
    assert before["read"] == [article_id] and after["read"] == []
    assert before["articles"][article_id][3] == after["articles"][article_id][3]
    for k in range(1, count + 1):
        root = tmp_path / f"run{k}"
        shutil.copytree(base, root)
        done = operation(root, f"kill:{k}")
        assert done.returncode == -signal.SIGKILL, (k, done.stderr)
        found = state(root)  # a fresh process, which completes a journal left behind
        assert leftovers(root) == [], k
        assert found in (before, after), k
        assert operation(root, None).returncode == 0
        assert state(root) == after, k
        shutil.rmtree(root)
    assert count >= 4


def test_an_article_of_one_feed_is_stored_as_before_and_a_shared_one_keeps_its_feeds(
    http_server: Server, library
):
    # Libraries from before Article.feeds hold "feed" alone: an article of one
    # feed is written so still; one listed by two keeps both when its own feed
    # updates its text.
    same = entries(http_server)
    one = http_server.route("/k-one", body=rss(same).encode(), headers=RSS)
    add_feeds(library, [Feed(url=one, name="one")])
    refresh_feeds(library)
    assert all("feeds" not in m for m in library.article_metas())
    two = http_server.route("/k-two", body=atom(same[2:]).encode(), headers=ATOM)
    add_feeds(library, [Feed(url=two, name="two")])
    refresh_feeds(library, ["two"])
    choir = by_title(library)[STORIES["choir"][0]]
    assert choir["feed"] == one and choir["feeds"] == [one, two]
    changed = [*same[:2], Entry("choir", same[2].link, guid=same[2].guid, extra="Late news.")]
    http_server.route("/k-one", body=rss(changed).encode(), headers=RSS)
    [report] = refresh_feeds(library, ["one"]).feeds
    assert report.updated == [choir["id"]]
    assert library.get_meta(choir["id"])["feeds"] == [one, two]
    assert library.get_article(choir["id"]).feeds == [one, two]


def test_the_apps_notice_counts_articles_filed_under_a_further_feed():
    from storage.entries import FeedReport
    from storage.refresh import RefreshSummary
    from tui.models.refresh import summary_text

    gazette = FeedReport("Gazette", "http://127.0.0.1/g", "new", shared=["a1", "a2"])
    text, _ = summary_text(RefreshSummary(feeds=[gazette]))
    assert text.splitlines()[0] == (
        "1 feed refreshed: 0 new articles, 0 updated, 0 failed, 2 filed under a further feed"
    )


def test_a_json_record_with_a_feed_articles_url_updates_it_and_it_stays_the_feeds(
    http_server: Server, library, tmp_path
):
    import json

    from storage.imports import import_paths

    same = entries(http_server)
    url = http_server.route("/j-feed", body=rss(same).encode(), headers=RSS)
    add_feeds(library, [Feed(url=url, name="valley")])
    refresh_feeds(library)
    choir = by_title(library)[STORIES["choir"][0]]
    record = {"title": "Choir", "body": story_text("choir", "A late line."), "url": same[2].link}
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    summary, _ = import_paths(library, [str(path)])
    assert summary.updated == [choir["id"]] and summary.added == []
    meta = library.get_meta(choir["id"])
    assert (meta["feed"], meta["guid"]) == (url, choir["guid"])
    assert [r.status for r in refresh_feeds(library).feeds] == ["unchanged"]


def test_one_feed_spelt_two_ways_is_one_subscription(http_server: Server, library):
    url = http_server.route("/same.xml", body=rss(entries(http_server)).encode(), headers=RSS)
    shouted = url.replace("http://", "HTTP://")
    added, skipped = add_feeds(
        library,
        [
            Feed(url=url, name="Valley"),
            Feed(url=shouted, name="Valley"),
            Feed(url=url + "#frag", name="Valley"),
            Feed(url=url.replace("/same.xml", "/other.xml"), name="Other"),
        ],
    )
    assert [f.name for f in added] == ["Valley", "Other"]
    assert [why for _, why in skipped] == ["already subscribed as 'Valley'"] * 2
    fragment_first = Library(library.root.parent / "second")
    [only], _ = add_feeds(fragment_first, [Feed(url=shouted + "#frag", name="Valley")])
    assert only.url == shouted  # as typed, less the fragment no server is sent
    assert find_feed(fragment_first, url).name == "Valley"
    with pytest.raises(LibraryError, match="already subscribed as 'Valley'"):
        subscribe(fragment_first, url + "#other")
    assert [r.status for r in refresh_feeds(fragment_first).feeds] == ["new"]


def test_the_appeared_first_on_note_is_cut_from_a_summary_kept_as_the_text(
    http_server: Server, library
):
    # A WordPress summary ends with the site's "The post ... appeared first on"
    # note, as its full content does; kept as the text when the page cannot be
    # fetched (and when the entry has no page), it was kept whole.
    http_server.route("/market", status=404, body=b"gone", headers=HTML)
    items = {
        "market": f"<link>{http_server.url('/market')}</link><guid isPermaLink='false'>m-1</guid>",
        "choir": "<guid isPermaLink='false'>urn:valley:c-2</guid>",
    }

    def note(key: str) -> str:
        return f"The post {STORIES[key][0]} appeared first on Valley Post."

    def summary(key: str) -> str:
        return "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in [*STORIES[key][1][:2], note(key)])

    doc = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley WP</title>'
        + "".join(
            f"<item><title>{STORIES[key][0]}</title>{ids}"
            f"<description>{summary(key)}</description></item>"
            for key, ids in items.items()
        )
        + "</channel></rss>"
    )
    url = http_server.route("/wp.xml", body=doc.encode(), headers=RSS)
    subscribe(library, url)
    [report] = refresh_feeds(library).feeds
    assert len(report.added) == 2 and len(report.summary_only) == 1
    metas = by_title(library)
    for key in items:
        article = library.get_article(metas[STORIES[key][0]]["id"])
        assert article.body == "\n\n".join(STORIES[key][1][:2])
        assert [cut.text for cut in article.cuts] == [note(key)]


def test_a_refresh_puts_back_a_damaged_body_of_an_unchanged_entry(
    http_server: Server, library, monkeypatch
):
    import storage.entries as entries_mod
    from storage import body_integrity
    from storage.body_integrity import DamagedBodyError

    url = http_server.route("/feed", body=rss(entries(http_server)).encode(), headers=RSS)
    subscribe(library, url)
    refresh_feeds(library)
    elsewhere = library.root / "elsewhere.txt"
    elsewhere.write_text(
        "Mill notes\n\nThe old mill by the weir reopens on Friday for visitors and school groups.",
        "utf-8",
    )
    from storage.imports import import_paths

    import_paths(library, [str(elsewhere)])
    ids = {m["title"]: m["id"] for m in library.article_metas()}
    bridge_id, orchard_id = ids[STORIES["bridge"][0]], ids[STORIES["orchard"][0]]
    (mill_id,) = [m["id"] for m in library.article_metas() if not m.get("feed")]
    bridge = library.get_article(bridge_id)
    start = bridge.body.index("said chief engineer Halima Osei")
    ann = new_annotation(bridge, start, start + len("said chief engineer Halima Osei"), ["quote"])
    library.save_annotations(bridge_id, [ann])
    kept = {i: library.body_path(i).read_bytes() for i in (bridge_id, orchard_id, mill_id)}
    # Same length, other words (the bridge); cut short (the orchard's page);
    # and an article no feed lists, which a refresh must not even read.
    damaged = kept[bridge_id].replace(b"Halima Osei", b"Halima Oset")
    library.body_path(bridge_id).write_bytes(damaged)
    library.body_path(orchard_id).write_bytes(kept[orchard_id][:30])
    library.body_path(mill_id).write_bytes(kept[mill_id][:10])
    looked: list[str] = []
    original = getattr(body_integrity, "matches_on_disk", None)

    def counted(path, meta):
        looked.append(meta["id"])
        return original(path, meta)

    monkeypatch.setattr(entries_mod, "matches_on_disk", counted, raising=False)
    pages_before = len(http_server.hits("/orchard"))

    [report] = refresh_feeds(library).feeds
    assert report.status == "updated", report
    assert sorted(report.updated) == sorted([bridge_id, orchard_id]) and len(report.unchanged) == 1
    assert sorted(looked) == sorted(ids[STORIES[k][0]] for k in ("bridge", "orchard", "choir"))
    assert len(http_server.hits("/orchard")) == pages_before + 1
    for article_id in (bridge_id, orchard_id):
        assert library.body_path(article_id).read_bytes() == kept[article_id]
    [placed] = library.annotations(bridge_id)
    assert library.get_article(bridge_id).body[placed.start : placed.end] == ann.quote
    with pytest.raises(DamagedBodyError):
        library.get_article(mill_id)  # not the feed's: left for import or doctor
    # Whole again: the next refresh finds nothing to do.
    [again] = refresh_feeds(library).feeds
    assert again.status == "unchanged" and len(again.unchanged) == 3


def test_a_feed_refreshed_by_name_is_read_whole_and_puts_back_a_damaged_body(
    http_server: Server, library
):
    # The feed answers 304 to a conditional GET, so a plain refresh never sees
    # its entries; doctor's advice for a feed's article is a refresh by name,
    # which asks unconditionally.
    from storage.doctor import diagnose

    document = rss(entries(http_server)).encode()

    def handler(seen):
        if seen.headers.get("if-none-match") == '"rev-1"':
            return Response(304, headers={"ETag": '"rev-1"'})
        return Response(body=document, headers={**RSS, "ETag": '"rev-1"'})

    url = http_server.route("/feed", handler)
    subscribe(library, url, name="valley")
    refresh_feeds(library)
    ids = {m["title"]: m["id"] for m in library.article_metas()}
    bridge_id = ids[STORIES["bridge"][0]]
    kept = library.body_path(bridge_id).read_bytes()
    library.body_path(bridge_id).write_bytes(kept[:30])
    (problem,) = diagnose(library.root)
    assert f"newsread refresh --feed {url} puts it back" in problem.describe()
    assert refresh_feeds(library).feeds[0].status == "not modified"
    assert library.body_path(bridge_id).read_bytes() == kept[:30]
    [report] = refresh_feeds(library, ["valley"]).feeds
    assert "if-none-match" not in http_server.hits("/feed")[-1].headers
    assert report.updated == [bridge_id], report
    assert library.body_path(bridge_id).read_bytes() == kept
    assert diagnose(library.root) == []
