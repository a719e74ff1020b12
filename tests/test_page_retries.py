"""A summary-only entry's page that failed is asked for again after a back-off,
not at every refresh; a host that cannot be reached is asked once per refresh;
and the failures are said in a line per host, not a line per entry.

A feed of 2,000 summary-only entries whose pages were on a dead site took six
to nine minutes at every refresh, and printed 2,000 lines each time. Against
real servers on 127.0.0.1 that count the requests they get.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsread.ingest import fetch as fetch_mod
from newsread.model import Article
from newsread.page_backoff import next_try, wait_after
from storage.entry_pages import PagePolicy
from storage.feeds import Feed, add_feeds
from storage.library import Library
from storage.refresh import refresh_feeds
from tests.http_server import Response, Server, http_server_fixture, story_page  # noqa: F401
from tui.cli import main
from tui.models.refresh import summary_text
from tui.screens.reader.status import SUMMARY_ONLY_NOTE, summary_only_note

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
COUNT = 12


@pytest.fixture(autouse=True)
def _short_timeout(monkeypatch):
    monkeypatch.setenv(fetch_mod.TIMEOUT_ENV, "0.5")


def wire(links: list[str]) -> bytes:
    """A feed of summary-only entries, each with a summary of its own (the
    same text twice would be one article)."""
    items = "".join(
        f"<item><title>Ferry timetable note {i}</title><link>{link}</link>"
        f'<guid isPermaLink="false">wire-{i}</guid>'
        f"<description>Note {i}: the harbour committee met again about the ferry "
        f"timetable and agreed on change number {i} for the winter.</description>"
        "<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>"
        for i, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Wire</title><link>http://127.0.0.1/</link>{items}</channel></rss>"
    ).encode()


def page_hits(server: Server) -> int:
    return sum(1 for seen in server.requests if seen.path.startswith("/p/"))


def failing_wire(server: Server) -> str:
    links = [server.route(f"/p/{i}", status=404, body=b"gone", headers=HTML) for i in range(COUNT)]
    return server.route("/wire.xml", body=wire(links), headers=RSS)


def test_a_failed_page_waits_its_back_off_instead_of_being_asked_at_every_refresh(
    http_server: Server, tmp_path
):
    library = Library(tmp_path / "lib")
    add_feeds(library, [Feed(url=failing_wire(http_server), name="Wire")])
    start = datetime.now(UTC)

    [first] = refresh_feeds(library, now=start).feeds
    assert page_hits(http_server) == COUNT and len(first.summary_only) == COUNT
    assert first.next_page_try == (start + timedelta(hours=1)).isoformat(timespec="seconds")
    meta = next(iter(library.article_metas()))
    assert (meta["page_tries"], meta["summary_only"]) == (1, True)

    # An unchanged feed a minute later: the feed is read, no page is asked for.
    [second] = refresh_feeds(library, now=start + timedelta(minutes=1)).feeds
    assert page_hits(http_server) == COUNT
    assert second.status == "unchanged" and second.summary_only == []
    assert second.pages_waiting == COUNT and len(second.unchanged) == COUNT

    # Once the hour has passed, each is asked again; then four hours.
    [third] = refresh_feeds(library, now=start + timedelta(hours=2)).feeds
    assert page_hits(http_server) == 2 * COUNT and len(third.summary_only) == COUNT
    assert {m["page_tries"] for m in library.article_metas()} == {2}
    refresh_feeds(library, now=start + timedelta(hours=5))
    assert page_hits(http_server) == 2 * COUNT

    # --pages asks at once, whatever the back-off.
    pages = PagePolicy(now=start + timedelta(hours=5))
    refresh_feeds(library, now=start + timedelta(hours=5), pages=pages)
    assert page_hits(http_server) == 3 * COUNT

    # One page comes: its article takes the page, and its retry state goes.
    http_server.route("/p/0", body=story_page("orchard").encode(), headers=HTML)
    [later] = refresh_feeds(library, now=start + timedelta(days=2)).feeds
    assert len(later.updated) == 1 and len(later.summary_only) == COUNT - 1
    [fetched] = [m for m in library.article_metas() if not m.get("summary_only")]
    assert "page_tries" not in fetched and "page_tried" not in fetched
    assert b'"page_tries": 1' not in (library.root / "library.json").read_bytes()


def test_a_host_that_does_not_answer_is_asked_once_per_refresh(http_server: Server, tmp_path):
    dead = Server()  # answers with headers, then nothing: a timeout
    dead.start()
    try:
        links = [dead.route(f"/p/{i}", stall=True, headers=HTML) for i in range(COUNT)]
        # Another host's page in the same feed is still fetched.
        links.append(
            http_server.route("/p/alive", body=story_page("orchard").encode(), headers=HTML)
        )
        url = http_server.route("/wire.xml", body=wire(links), headers=RSS)
        library = Library(tmp_path / "lib")
        add_feeds(library, [Feed(url=url, name="Wire")])
        [report] = refresh_feeds(library).feeds
        assert page_hits(dead) == 1
        assert len(report.summary_only) == COUNT and len(report.added) == COUNT + 1
        assert {why for _, why in report.summary_only} == {"linked page: timed out after 0.5 s"}
        assert http_server.hits("/p/alive")
        # Each counts as tried: none is asked for again at once.
        refresh_feeds(library)
        assert page_hits(dead) == 1
    finally:
        dead.stop()


def test_a_dead_host_behind_a_redirect_is_asked_once_per_refresh(http_server: Server, tmp_path):
    """Entry links that redirect (a feed's click counter) to a host that does
    not answer: the host that failed is remembered, not the live redirector,
    so the other entries do not each wait for the same timeout again."""
    dead = Server()
    dead.start()
    try:
        links = []
        for i in range(COUNT):
            target = dead.route(f"/p/{i}", stall=True, headers=HTML)
            links.append(http_server.route(f"/r/{i}", status=302, headers={"Location": target}))
        url = http_server.route("/wire.xml", body=wire(links), headers=RSS)
        library = Library(tmp_path / "lib")
        add_feeds(library, [Feed(url=url, name="Wire")])
        [report] = refresh_feeds(library).feeds
        assert page_hits(dead) == 1
        assert len(report.summary_only) == COUNT and len(report.added) == COUNT
        # The reason names the host that failed, not the entries' own.
        assert {why for _, why in report.summary_only} == {
            f"linked page: timed out after 0.5 s at 127.0.0.1:{dead.port}, redirected there"
        }
        # Each counts as tried: the next refresh asks neither host for them.
        redirects = sum(1 for seen in http_server.requests if seen.path.startswith("/r/"))
        refresh_feeds(library)
        assert page_hits(dead) == 1
        assert sum(1 for seen in http_server.requests if seen.path.startswith("/r/")) == redirects
    finally:
        dead.stop()


def test_refresh_says_pages_that_failed_alike_in_one_line(capsys, http_server: Server, tmp_path):
    lib = str(tmp_path / "lib")
    url = failing_wire(http_server)
    assert main(["feed", "add", url, "--name", "Wire", "--library", lib]) == 0
    capsys.readouterr()
    assert main(["refresh", "--no-analyze", "--library", lib]) == 0
    err = capsys.readouterr().err.splitlines()
    host = f"127.0.0.1:{http_server.port}"
    [line] = [line for line in err if line.startswith("summary only")]
    assert line.startswith(
        f"summary only: {COUNT} entries of Wire at {host}: linked page: HTTP 404 Not Found "
        f"(e.g. {http_server.url('/p/0')})"
    )
    [when] = [line for line in err if line.startswith("pages of Wire: ")]
    assert f"{COUNT} pages not fetched yet, asked for again after a back-off" in when
    assert "(newsread refresh --pages asks now)" in when
    # The next refresh asks for none, and says when they come up again.
    assert main(["refresh", "--no-analyze", "--library", lib]) == 0
    err = capsys.readouterr().err.splitlines()
    assert not [line for line in err if line.startswith("summary only")]
    assert any(line.startswith(f"pages of Wire: {COUNT} pages not fetched") for line in err)
    assert page_hits(http_server) == COUNT


def test_the_backoff_grows_to_a_week():
    assert [wait_after(n) for n in (1, 2, 3, 4, 5, 9)] == [
        timedelta(hours=1),
        timedelta(hours=4),
        timedelta(days=1),
        timedelta(days=3),
        timedelta(days=7),
        timedelta(days=7),
    ]
    stamp = "2026-03-02T08:00:00+00:00"
    assert next_try(2, stamp) == datetime(2026, 3, 2, 12, tzinfo=UTC)
    # An older library (no count, no stamp) or a damaged one: asked now.
    assert next_try(0, "") is None and next_try("3", stamp) is None
    assert next_try(3, "not a time") is None


def test_the_reader_says_when_the_page_is_asked_for_again():
    article = Article(
        id="a1",
        title="Ferry timetable note 1",
        body="Note 1: the harbour committee met again.",
        summary_only=True,
        page_tries=2,
        page_tried="2026-03-02T08:00:00+00:00",
    )
    note = summary_only_note(article)
    assert note.startswith(SUMMARY_ONLY_NOTE)
    assert "(2 tries); a refresh asks again from 2026-03-02 12:00 UTC" in note
    assert "refresh --pages at once" in note
    older = Article(id="a2", title="T", body="B", summary_only=True)
    assert summary_only_note(older).endswith("(the next refresh asks again)")


def test_the_apps_notice_says_the_pages_wait_rather_than_the_next_refresh():
    from storage.entries import FeedReport
    from storage.refresh import RefreshSummary

    report = FeedReport("Wire", "http://127.0.0.1:9/wire.xml", pages_waiting=COUNT)
    report.next_page_try = "2026-03-02T09:00:00+00:00"
    text, _ = summary_text(RefreshSummary(feeds=[report]))
    assert f"{COUNT} entries kept as the feed's summary alone" in text
    assert "asked for again after a back-off, the first from 2026-03-02 09:00 UTC" in text
    assert "next refresh tries again" not in text


def test_importing_the_feed_again_asks_for_its_failed_pages_at_once(http_server: Server, tmp_path):
    # An import is asked for by the user, not a periodic refresh: its promise,
    # "importing the feed again tries the page", holds whatever the back-off.
    from storage.refresh import import_urls

    library = Library(tmp_path / "lib")
    url = failing_wire(http_server)
    summary, _ = import_urls(library, [url])
    assert len(summary.summary_only) == COUNT and page_hits(http_server) == COUNT
    summary, _ = import_urls(library, [url])
    assert len(summary.summary_only) == COUNT and page_hits(http_server) == 2 * COUNT


def test_a_failed_retry_is_recorded_whole_or_not_at_all_when_killed_at_every_write(
    http_server: Server, tmp_path
):
    """The retry state (count and stamp) is written with the article in one
    transaction: killed after each file write, a fresh process finds every
    article as before (one try) or as after (two), never a mix nor a leftover,
    and a refresh then completes it."""
    import json
    import shutil
    import signal

    from tests.test_faults import boundaries, leftovers, python

    base = tmp_path / "base"
    library = Library(base)
    add_feeds(library, [Feed(url=failing_wire(http_server), name="Wire")])
    refresh_feeds(library)
    library.close()

    def state(root) -> dict:
        code = (
            "import json\nout = {}\n"
            "for meta in lib.article_metas():\n"
            "    art = lib.get_article(meta['id'])\n"
            "    out[art.id] = [art.summary_only, art.page_tries, art.content_hash]\n"
            "print(json.dumps(out, sort_keys=True))\n"
        )
        done = python(root, code)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def operation(root, fault):
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
    assert {tuple(v[:2]) for v in before.values()} == {(True, 1)}
    assert {tuple(v[:2]) for v in after.values()} == {(True, 2)}
    for k in range(1, count + 1):
        root = tmp_path / f"run{k}"
        shutil.copytree(base, root)
        done = operation(root, f"kill:{k}")
        assert done.returncode == -signal.SIGKILL, (k, done.stderr)
        found = state(root)
        assert leftovers(root) == [], k
        assert found in (before, after), (k, json.dumps(found)[:200])
        assert operation(root, None).returncode == 0
        assert state(root) == after, k
        shutil.rmtree(root)


def test_import_says_pages_that_failed_alike_in_one_line(capsys, http_server: Server, tmp_path):
    url = failing_wire(http_server)
    code = main(["import", url, "--no-analyze", "--library", str(tmp_path / "lib")])
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    [line] = [line for line in err if line.startswith("summary only")]
    assert line.startswith(
        f"summary only: {COUNT} entries at 127.0.0.1:{http_server.port}: "
        f"linked page: HTTP 404 Not Found (e.g. {http_server.url('/p/0')}; "
    )
