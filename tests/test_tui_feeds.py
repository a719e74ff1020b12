"""Feeds and read marks in the library screen: the Feed column and the feed
filter, R refreshing against a server on 127.0.0.1 (progress, new titles,
failures in the summary, a second R while it runs), unread marks (bold, marked
read on open, toggled with m, unread only with u or is:unread), the browser key,
and the rules behind them in the Textual-free models."""

from __future__ import annotations

import contextlib
import threading
import webbrowser
from pathlib import Path

from newsread.config import Config
from newsread.ingest import fetch as fetch_mod
from newsread.model import Article
from storage.feeds import Feed, add_feeds
from storage.library import Library
from storage.reading import ReadState
from tests.http_server import (
    STORIES,
    Entry,
    Response,
    Server,
    fetch_timeout_guard_fixture,  # noqa: F401
    http_server_fixture,  # noqa: F401
    rss,
)
from tests.pilot_helpers import (
    SIZE,
    library_ready,
    make_library,
    open_article,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp
from tui.keymap import keymap_problems
from tui.models.library import LibraryModel, column_plan, parse_query, web_address
from tui.models.refresh import ALREADY, RefreshTracker, summary_text
from tui.screens.library import LibraryScreen

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
VALLEY = "http://127.0.0.1:1/valley.xml"
HILLS = "http://127.0.0.1:1/hills.xml"


def feed_library(root: Path) -> Library:
    """Two feeds (three articles) and one imported file."""
    library = Library(root)
    add_feeds(library, [Feed(url=VALLEY, name="Valley Post"), Feed(url=HILLS, name="Hill News")])

    def article(article_id: str, title: str, feed: str = "", url: str = "") -> Article:
        return Article(
            id=article_id,
            title=title,
            body=f"{title}. It happened on Monday, the council said.",
            source="Wire",
            feed=feed,
            guid=article_id if feed else "",
            url_or_path=url or f"/tmp/{article_id}.txt",
        )

    library.save_articles(
        [
            article("valley01", "Bridge closes in May", VALLEY, "https://valley.example/bridge"),
            article("valley02", "Choir wins the contest", VALLEY, "http://valley.example/choir"),
            article("hills001", "Orchard record harvest", HILLS, "https://hills.example/apples"),
            article("import01", "Imported budget story"),
        ]
    )
    return library


def titles(app) -> list[str]:
    table = app.screen.query_one("#articles")
    return sorted(str(table.get_row_at(i)[0]) for i in range(table.row_count))


def status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


def notified(app, text: str) -> bool:
    """Shown now, or (with record_notifications) ever: a notification expires
    after its timeout, which a busy machine can outlast."""
    said = getattr(app, "said", None)
    if said is not None:
        return any(text in line for line in said)
    return any(text in str(n.message) for n in app._notifications)


def record_notifications(app) -> None:
    app.said = []
    original = app.notify

    def notify(message, *args, **kwargs):
        app.said.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify


def select(app, title: str) -> None:
    table = app.screen.query_one("#articles")
    row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == title)
    table.move_cursor(row=row)


# -- the models ---------------------------------------------------------------------------------


def loaded_model() -> LibraryModel:
    model = LibraryModel()
    model.load(
        [
            {"id": "v1", "title": "Bridge closes", "source": "Wire", "feed": VALLEY},
            {"id": "v2", "title": "Choir wins", "source": "Wire", "feed": VALLEY},
            {"id": "h1", "title": "Orchard harvest", "source": "Farm", "feed": HILLS},
            {"id": "i1", "title": "Budget vote", "source": "Gazette"},
            {"id": "g1", "title": "Gone story", "source": "X", "feed": "https://old.example/rss"},
        ],
        {},
        {},
        read={"v2", "i1"},
        feeds={VALLEY: "Valley Post", HILLS: "Hill News"},
    )
    return model


def ids(model: LibraryModel) -> list[str]:
    return sorted(row.id for row in model.rows())


def test_the_feed_column_comes_with_feeds_and_room():
    assert "feed" not in [key for key, _, _ in column_plan(200)]
    wide = [key for key, _, _ in column_plan(200, feeds=True)]
    assert wide == [
        "title", "source", "feed", "date", "entities", "claims", "annotations", "copies",
    ]  # fmt: skip
    # 80 columns keep what they had: the title's room comes first.
    assert column_plan(80, feeds=True) == column_plan(80)
    assert dict((k, w) for k, _, w in column_plan(120, feeds=True))["feed"] == 16
    model = loaded_model()
    cells = {row.id: row.cells["feed"] for row in model.rows()}
    # An unsubscribed feed is named by its host; an import has none.
    assert cells == {
        "v1": "Valley Post", "v2": "Valley Post", "h1": "Hill News", "i1": "", "g1": "old.example",
    }  # fmt: skip
    assert model.has_feeds


def test_filter_terms():
    assert parse_query("crane") == parse_query("crane")
    # -word is the index's to answer: out of the title filter's text.
    left_out = parse_query('harbour -crane -"new tram"')
    assert left_out.index_only and left_out.text == "harbour"
    assert parse_query("well-known").text == "well-known"
    query = parse_query('harbour feed:"Valley Post" is:unread')
    assert (query.text, query.feeds, query.unread) == ("harbour", ("valley post",), True)
    assert parse_query("is:read").unread is False and parse_query("is:read").text == ""
    assert parse_query("feed:").from_feed and parse_query("feed:").feeds == ()
    assert "is:banana?" in parse_query("is:banana").problem
    # Without terms the text is matched exactly as typed, brackets and spaces too.
    assert parse_query("[/]  z").text == "[/]  z"
    model = loaded_model()
    for text, expected in [
        ("feed:valley", ["v1", "v2"]),
        ("feed:hill feed:valley", ["h1", "v1", "v2"]),
        ("feed:127.0.0.1:1/hills", ["h1"]),  # the URL counts too
        ("feed:", ["g1", "h1", "v1", "v2"]),
        ("is:unread", ["g1", "h1", "v1"]),
        ("is:read", ["i1", "v2"]),
        ("choir is:read", ["v2"]),
        ("bridge is:read", []),
    ]:
        model.filter_text = text
        assert ids(model) == expected, text


def test_the_feed_key_steps_through_feeds_then_back_to_all():
    model = loaded_model()
    assert [model.feed_name(url) for url in model.feed_choices()] == [
        "Hill News", "old.example", "Valley Post",
    ]  # fmt: skip
    assert model.next_feed() == "feed: Hill News" and ids(model) == ["h1"]
    assert "feed: Hill News" in model.summary(1)
    model.next_feed()
    assert model.next_feed() == "feed: Valley Post" and ids(model) == ["v1", "v2"]
    assert model.next_feed() == "every article" and len(ids(model)) == 5
    assert "feed:" not in model.summary(5)
    assert LibraryModel().next_feed() is None  # no feed to step through


def test_unread_marks_status_and_unread_only():
    model = loaded_model()
    rows = {row.id: row for row in model.rows()}
    assert rows["v1"].unread and not rows["v2"].unread
    assert model.summary(5) == "5 articles · 0 annotations · 3 unread · sorted by date"
    model.toggle_unread_only()
    assert ids(model) == ["g1", "h1", "v1"]
    assert model.summary(3).startswith("3 of 5 articles · unread only · ")
    model.set_read("v1", True)
    assert ids(model) == ["g1", "h1"] and "2 unread" in model.summary(2)
    model.set_read("v2", False)
    assert ids(model) == ["g1", "h1", "v2"]


def test_status_hints_at_feeds_not_fetched_yet():
    model = LibraryModel()
    model.load([], {}, {}, feeds={VALLEY: "Valley Post"})
    assert "R fetches your 1 feed" in model.summary(0)
    model.load([{"id": "a", "title": "A"}], {}, {}, feeds={VALLEY: "Valley Post"})
    assert model.summary(1).endswith("· 1 feed subscribed: R refreshes")
    model.load([{"id": "a", "title": "A", "feed": VALLEY}], {}, {}, feeds={VALLEY: "V"})
    assert "subscribed" not in model.summary(1)
    model.load([{"id": "a", "title": "A"}], {}, {}, read_error="reading.json: not JSON")
    assert "read marks unreadable: reading.json: not JSON" in model.summary(1)


def test_web_address_is_http_or_https_only():
    assert web_address({"url_or_path": "https://x.example/a?b=1"}) == "https://x.example/a?b=1"
    assert web_address({"url_or_path": "HTTP://x.example/"}) == "HTTP://x.example/"
    for where in ("/tmp/story.txt", "file:///etc/passwd", "javascript:alert(1)", "", None):
        assert web_address({"url_or_path": where}) == ""


def test_refresh_progress_and_summary_in_words():
    from storage.entries import FeedReport
    from storage.refresh import RefreshProgress, RefreshSummary

    tracker = RefreshTracker(total=2)
    assert tracker.status() == "Refreshing feeds: 0 of 2 done"
    tracker.update(RefreshProgress("Valley Post", VALLEY, "fetching"))
    assert tracker.status().endswith("· Valley Post: fetching")
    tracker.update(RefreshProgress("Valley Post", VALLEY, "entries", 1, 3))
    assert tracker.status().endswith("· Valley Post: 1/3 entries")
    good = FeedReport("Valley Post", VALLEY, "new", added=["a", "b"])
    assert tracker.update(RefreshProgress("Valley Post", VALLEY, "done", report=good)) is True
    bad = FeedReport("Hill News", HILLS, "failed", reason="HTTP 404 Not Found")
    assert tracker.update(RefreshProgress("Hill News", HILLS, "done", report=bad)) is False
    assert tracker.status() == "Refreshing feeds: 2 of 2 done · 2 new · 1 failed"
    text, severity = summary_text(RefreshSummary(feeds=[good, bad]))
    assert severity == "warning"
    assert text.splitlines() == [
        "2 feeds refreshed: 2 new articles, 0 updated, 1 failed",
        "Hill News: failed, HTTP 404 Not Found",
    ]
    calm, severity = summary_text(RefreshSummary(feeds=[FeedReport("V", VALLEY, "unchanged")]))
    assert severity == "information"
    assert calm == "1 feed refreshed: 0 new articles, 0 updated, 0 failed"


def test_the_models_load_without_textual_or_the_network_stack():
    import subprocess
    import sys

    code = (
        "import sys\nimport tui.models.library, tui.models.refresh, storage.reading\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'httpx')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# -- the screen -----------------------------------------------------------------------------------


def test_every_new_binding_has_an_id_and_can_be_remapped():
    known = NewsreadApp.known_bindings()
    new = ["library.refresh", "library.feed", "library.unread", "library.toggle_read",
           "library.browser"]  # fmt: skip
    assert all(binding_id in known for binding_id in new)
    assert keymap_problems({}, NewsreadApp, "config") == []
    # Moved onto free keys, nothing collides.
    remap = {"library.toggle_read": "M", "library.browser": "b", "library.refresh": "ctrl+r"}
    assert keymap_problems(remap, NewsreadApp, "config") == []


async def test_feed_column_and_feed_filter(tmp_path):
    app = NewsreadApp(feed_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        table = app.screen.query_one("#articles")
        keys = [key for key, _, _ in table.columns]
        feed_cells = {
            str(table.get_row_at(i)[0]): str(table.get_row_at(i)[keys.index("feed")])
            for i in range(4)
        }
        assert feed_cells["Bridge closes in May"] == "Valley Post"
        assert feed_cells["Imported budget story"] == ""
        await pilot.press("f")
        await wait_until(pilot, lambda: titles(app) == ["Orchard record harvest"])
        assert "feed: Hill News" in status(app)
        await pilot.press("f")
        await wait_until(pilot, lambda: len(titles(app)) == 2)
        assert "feed: Valley Post" in status(app)
        await pilot.press("f")
        await wait_until(pilot, lambda: len(titles(app)) == 4)
        # The filter box takes feed: terms too.
        await pilot.press("slash", *"feed:hill", "enter")
        await wait_until(pilot, lambda: titles(app) == ["Orchard record harvest"])
        assert "filter: 'feed:hill'" in status(app)


async def test_opening_marks_read_m_toggles_u_shows_unread_only(tmp_path):
    library = feed_library(tmp_path / "lib")
    app = NewsreadApp(library, Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        table = app.screen.query_one("#articles")

        def bold(title: str) -> bool:
            row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == title)
            return "bold" in str(table.get_row_at(row)[0].style)

        assert bold("Bridge closes in May") and "4 unread" in status(app)
        await open_article(pilot, app, "Bridge closes in May")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_writes(app)
        assert ReadState(library, "ines").read_ids() == {"valley01"}
        await wait_until(pilot, lambda: not bold("Bridge closes in May"))
        assert bold("Choir wins the contest") and "3 unread" in status(app)

        await pilot.press("u")
        await wait_until(pilot, lambda: len(titles(app)) == 3)
        assert "Bridge closes in May" not in titles(app) and "unread only" in status(app)
        select(app, "Orchard record harvest")
        await pilot.press("m")  # read now: gone from the unread-only list
        await wait_until(pilot, lambda: "Orchard record harvest" not in titles(app))
        await wait_writes(app)
        assert ReadState(library, "ines").read_ids() == {"valley01", "hills001"}
        await pilot.press("u")
        await wait_until(pilot, lambda: len(titles(app)) == 4)
        select(app, "Bridge closes in May")
        await pilot.press("m")  # unread again
        await wait_until(pilot, lambda: bold("Bridge closes in May"))
        await wait_writes(app)
        assert ReadState(library, "ines").read_ids() == {"hills001"}
        # Each annotator's marks are their own; older releases' shared set is untouched.
        assert ReadState(library, "kwame").read_ids() == ReadState(library).read_ids() == set()
        await pilot.press("slash", *"is:unread", "enter")
        await wait_until(pilot, lambda: len(titles(app)) == 3)


async def test_a_mark_made_by_another_process_shows_up(tmp_path):
    library = feed_library(tmp_path / "lib")
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        ReadState(Library(library.root)).mark(["import01", "valley02"])
        await wait_until(pilot, lambda: "2 unread" in status(app), timeout=15)


async def test_the_browser_key_opens_web_addresses_only(tmp_path, monkeypatch):
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{opened}"\n')
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))
    # webbrowser reads $BROWSER once per process: make it read ours.
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    app = NewsreadApp(feed_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        select(app, "Choir wins the contest")
        await pilot.press("o")
        await wait_until(pilot, lambda: opened.exists() and opened.read_text().strip() != "")
        assert opened.read_text() == "http://valley.example/choir\n"
        select(app, "Imported budget story")
        await pilot.press("o")
        # Said in the status line, which a toast covered.
        await wait_until(pilot, lambda: "no web address to open" in status(app))
        assert "/tmp/import01.txt" in status(app)
        assert opened.read_text() == "http://valley.example/choir\n"


def _browser_script(tmp_path: Path, monkeypatch, browser: str) -> Path:
    """$BROWSER set to ``browser`` (``{script}`` standing for a script that
    logs the address it gets), read afresh by webbrowser."""
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{opened}"\n')
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", browser.format(script=script))
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    return opened


def _record_suspensions(monkeypatch, opened: Path) -> list[str]:
    """App.suspend recorded (the headless driver cannot suspend): what the
    browser had logged when the app came back."""
    events: list[str] = []

    @contextlib.contextmanager
    def suspend(self):
        events.append("suspended")
        yield
        events.append("resumed after " + (opened.read_text() if opened.exists() else "nothing"))

    monkeypatch.setattr(NewsreadApp, "suspend", suspend)
    return events


async def test_a_browser_in_the_terminal_runs_with_the_app_suspended(tmp_path, monkeypatch):
    # A command webbrowser waits for ($BROWSER it does not know, w3m, lynx)
    # draws in this terminal: drawn over the live app, it got none of the keys.
    opened = _browser_script(tmp_path, monkeypatch, "{script}")
    events = _record_suspensions(monkeypatch, opened)
    app = NewsreadApp(feed_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        select(app, "Choir wins the contest")
        await pilot.press("o")
        await wait_until(pilot, lambda: len(events) == 2)
    assert events == ["suspended", "resumed after http://valley.example/choir\n"]


async def test_a_graphical_browser_leaves_the_app_on_screen(tmp_path, monkeypatch):
    # "... &" is webbrowser's background kind, a browser with its own window.
    opened = _browser_script(tmp_path, monkeypatch, "{script} %s &")
    events = _record_suspensions(monkeypatch, opened)
    app = NewsreadApp(feed_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        select(app, "Choir wins the contest")
        await pilot.press("o")
        await wait_until(pilot, lambda: opened.exists() and opened.read_text().endswith("\n"))
        # It handed the address on and exited at once (as Firefox does to a
        # running Firefox): opened, not "no browser could be started".
        choir = "http://valley.example/choir"
        await wait_until(pilot, lambda: f"opened {choir} in the browser" in status(app))
    assert opened.read_text() == "http://valley.example/choir\n" and events == []


async def test_a_background_browser_that_fails_is_named_with_its_failure(tmp_path, monkeypatch):
    opened = _browser_script(tmp_path, monkeypatch, "{script} %s &")
    script = tmp_path / "browser.sh"
    script.write_text(script.read_text() + "exit 3\n")
    app = NewsreadApp(feed_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        select(app, "Choir wins the contest")
        await pilot.press("o")
        said = "choir not opened: browser.sh failed (exit status 3)"
        await wait_until(pilot, lambda: said in status(app))
        assert opened.read_text() == "http://valley.example/choir\n"
        # A command that is not there is named, not "set $BROWSER" (it is set).
        _browser_script(tmp_path, monkeypatch, "{script}-gone %s &")
        await pilot.press("o")
        await wait_until(pilot, lambda: "browser.sh-gone could not be started" in status(app))


async def test_refresh_brings_new_titles_reports_failures_and_runs_once(
    tmp_path, http_server: Server, monkeypatch
):
    """R refreshes every feed on a worker: the progress line counts feeds while
    it runs, a second R says it is running, the new titles appear, and the
    summary names the failed feed with its reason."""
    # The feed is held back until the test has seen the refresh running; on a
    # busy machine that may take longer than the short test timeout.
    monkeypatch.setenv(fetch_mod.TIMEOUT_ENV, "60")
    gate = threading.Event()
    body = rss([
        Entry("bridge", http_server.url("/bridge"), guid="g-bridge"),
        Entry("choir", http_server.url("/choir"), guid="g-choir"),
    ]).encode()  # fmt: skip

    def slow_feed(seen) -> Response:
        gate.wait(60)  # held until the test has seen the refresh running
        return Response(body=body, headers=RSS)

    library = Library(tmp_path / "lib")
    library.save_articles([Article(id="old00001", title="Older story", body="Old text here.")])
    add_feeds(
        library,
        [
            Feed(url=http_server.route("/valley.xml", slow_feed), name="Valley Post"),
            Feed(url=http_server.url("/missing.xml"), name="Broken Feed"),
        ],
    )
    app = NewsreadApp(library, Config())
    record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=1)
        assert "2 feeds subscribed: R refreshes" in status(app)
        await pilot.press("R")
        progress = app.screen.query_one("#library-refresh")
        await wait_until(pilot, lambda: "Refreshing feeds:" in str(progress.render()))
        assert progress.display and "of 2 done" in str(progress.render())
        await pilot.press("R")
        await wait_until(pilot, lambda: notified(app, ALREADY))
        gate.set()
        new = [STORIES["bridge"][0], STORIES["choir"][0]]
        await wait_until(pilot, lambda: set(new) <= set(titles(app)))
        await wait_until(pilot, lambda: not app.refreshing)
        assert not progress.display
        assert notified(app, "2 feeds refreshed: 2 new articles, 0 updated, 1 failed"), app.said
        assert notified(app, "Broken Feed: failed, HTTP 404")
        # New articles are unread and the Feed column has come with them.
        assert "3 unread" in status(app)
        table = app.screen.query_one("#articles")
        assert "feed" in [key for key, _, _ in table.columns]
        # Nothing changed since: a second refresh adds nothing.
        await pilot.press("R")
        await wait_until(pilot, lambda: notified(app, "2 feeds refreshed: 0 new articles"))
        assert len(titles(app)) == 3


def cell(app, title: str, column: str) -> str:
    """A listed row's cell, as the model gives it (the table at this size
    leaves some columns out)."""
    rows = {row.cells["title"]: row for row in app.screen.model.rows()}
    return rows[title].cells[column] if title in rows else ""


async def test_refresh_analyses_what_it_brought(tmp_path, http_server: Server, pipeline):
    """The app's R left new articles unanalysed (no entities or claims, not
    found by entity:) until each was opened; it analyses them as the CLI does,
    the progress line saying so, and the rows show their counts once done."""
    from storage.search_index import SearchIndex

    entries = [Entry("bridge", http_server.url("/bridge"), guid="g-bridge")]
    url = http_server.route(
        "/valley.xml", lambda seen: Response(body=rss(entries).encode(), headers=RSS)
    )
    library = Library(tmp_path / "lib")
    library.save_articles([Article(id="old00001", title="Older story", body="Old text here.")])
    add_feeds(library, [Feed(url=url, name="Valley Post")])
    app = NewsreadApp(library, Config())
    record_notifications(app)
    lines: list[str] = []
    show = app._show_refresh

    def recorded(text: str, reload: bool = False) -> None:
        lines.append(text)
        show(text, reload)

    app._show_refresh = recorded
    bridge, choir = STORIES["bridge"][0], STORIES["choir"][0]
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=1)
        await pilot.press("R")
        await wait_until(pilot, lambda: notified(app, "1 new article"))
        await wait_until(pilot, lambda: not app.refreshing)
        await wait_until(pilot, lambda: cell(app, bridge, "entities") not in ("", "…"))
        assert "Analysing new articles: 1 of 1" in lines
        # A feed entry added later: the next R analyses it too.
        entries.append(Entry("choir", http_server.url("/choir"), guid="g-choir"))
        await pilot.press("R")
        await wait_until(pilot, lambda: notified(app, "2 new articles") or choir in titles(app))
        await wait_until(pilot, lambda: not app.refreshing)
        await wait_until(pilot, lambda: cell(app, choir, "entities") not in ("", "…"))
        assert int(cell(app, choir, "claims")) > 0
        assert not any("not analysed" in line for line in app.said), app.said
    with SearchIndex(library) as index:
        found = {hit.article_id for hit in index.search('entity:"Halima Osei"')}
        found |= {hit.article_id for hit in index.search('entity:"Ana Lucia Ferreira"')}
    assert len(found) == 2


def test_analysing_after_a_refresh_says_what_it_could_not_do(tmp_path, monkeypatch, pipeline):
    from newsread.analysis import pipeline as pipeline_mod
    from storage.analyses import cached
    from tui.models.refresh_analysis import analyse_fresh

    library = Library(tmp_path / "lib")
    fresh = [
        Article(id=f"new0000{n}", title=f"Story {n}", body="The mayor said so on Monday.")
        for n in (1, 2)
    ]
    library.save_articles(fresh)
    seen: list[tuple[int, int]] = []

    def no_pipeline(preferred=None):
        raise pipeline_mod.PipelineError("no spaCy English pipeline could be loaded")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline_mod, "load_pipeline", no_pipeline)
        said = analyse_fresh(library, fresh, None, lambda *n: seen.append(n), threading.Event())
    assert said == "2 new articles not analysed: no spaCy English pipeline could be loaded"
    assert seen == [(0, 2)]
    # Quitting (the stop flag) ends it before any analysis, quietly.
    stop = threading.Event()
    stop.set()
    assert analyse_fresh(library, fresh, None, lambda *n: None, stop) == ""
    identity = (pipeline_mod.load_pipeline().name, pipeline_mod.load_pipeline().version)
    assert all(cached(library, a, identity) is None for a in fresh)


async def test_the_note_after_a_refresh_names_each_skipped_entry(tmp_path, http_server: Server):
    # It said "1 entry skipped (no text, or no page)": not which one.
    empty = http_server.url("/empty")  # no summary, and a page with no text on it
    http_server.route(
        "/empty", body=b"<html><body></body></html>", headers={"Content-Type": "text/html"}
    )
    document = rss([Entry("bridge", http_server.url("/bridge"), guid="g-bridge")]).replace(
        "</channel>", f"<item><title>Blank</title><link>{empty}</link></item></channel>"
    )
    library = Library(tmp_path / "lib")
    library.save_articles([Article(id="old00001", title="Older story", body="Old text here.")])
    url = http_server.route("/valley.xml", body=document.encode(), headers=RSS)
    add_feeds(library, [Feed(url=url, name="Valley Post")])
    app = NewsreadApp(library, Config())
    record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=1)
        await pilot.press("R")
        await wait_until(pilot, lambda: notified(app, "feed refreshed"))
        [note] = [line for line in app.said if "feed refreshed" in line]
        assert note.splitlines() == [
            "1 feed refreshed: 1 new article, 0 updated, 0 failed",
            "1 entry skipped:",
            f"  {empty} (Valley Post): no article text found on the linked page",
        ]
        await wait_until(pilot, lambda: not app.refreshing)


async def test_refresh_without_feeds_says_how_to_subscribe(tmp_path):
    from tests.pilot_helpers import make_library

    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        await pilot.press("R")
        await wait_until(pilot, lambda: notified(app, "newsread feed add URL"))
        await wait_until(pilot, lambda: not app.refreshing)


def test_a_story_of_two_feeds_shows_the_first_and_a_count_in_the_feed_column():
    # "coastwire (remo…" at 120 columns hid that a second feed carried it.
    from tui.models.library import cell_text

    model = LibraryModel()
    model.load(
        [
            {"id": "s1", "title": "Storm", "feed": HILLS, "feeds": [HILLS, VALLEY]},
            {"id": "s2", "title": "Fair", "feed": REMOTE},
        ],
        {},
        {},
        feeds={VALLEY: "Valley Post", REMOTE: "Valley Post Daily Edition +1"},
        removed_feeds={HILLS: "coastwire"},
    )
    rows = {row.id: row for row in model.rows()}
    storm, fair = rows["s1"], rows["s2"]
    # The feed still subscribed is named, not the removed one listed first.
    assert storm.cells["feed"] == "Valley Post +1" and storm.more_feeds == 1
    assert model.feed_name(model.catalog.feeds[0]) == "coastwire (removed), Valley Post"
    width = dict((k, w) for k, _, w in column_plan(120, feeds=True))["feed"]
    assert cell_text(storm, "feed", width) == "Valley Post +1"
    model.feed_choice = HILLS  # the f key on the removed feed: its long name is cut
    [storm] = [row for row in model.rows() if row.id == "s1"]
    assert cell_text(storm, "feed", width) == "coastwire (r… +1"
    # A name of one feed that happens to end in "+1" is a name, not a count of
    # further feeds: the table cuts it at its end as any other cell.
    assert fair.more_feeds == 0
    assert cell_text(fair, "feed", width) == "Valley Post Daily Edition +1"


REMOTE = "http://127.0.0.1:1/remote.xml"


def three_feed_story(root: Path) -> Library:
    """A story first filed under a feed since removed, then carried by two live ones."""
    from storage.feeds import remove_feed

    library = Library(root)
    add_feeds(
        library,
        [
            Feed(url=REMOTE, name="remote valley"),
            Feed(url=HILLS, name="coastwire"),
            Feed(url=VALLEY, name="Valley Post"),
        ],
    )
    remove_feed(library, "remote valley")
    library.save_articles(
        [
            Article(
                id="storm001",
                title="Storm closes the coast road",
                body="The coast road closed on Monday, the police said.",
                source="Wire",
                feed=REMOTE,
                feeds=[REMOTE, VALLEY, HILLS],
                guid="storm",
                url_or_path="https://remote.example/storm",
            ),
            Article(
                id="hills002",
                title="Harbour fair opens",
                body="The harbour fair opened on Saturday.",
                source="Wire",
                feed=HILLS,
                guid="fair",
                url_or_path="https://hills.example/fair",
            ),
        ]
    )
    return library


def feed_cells(app) -> dict[str, str]:
    table = app.screen.query_one("#articles")
    at = [key for key, _, _ in table.columns].index("feed")
    return {
        str(table.get_row_at(i)[0]): str(table.get_row_at(i)[at]) for i in range(table.row_count)
    }


async def test_a_story_of_a_removed_and_live_feeds_names_a_live_one(tmp_path):
    # "remote valle… +2" named the removed feed, and went on naming it in the
    # f view of coastwire, one of the feeds still carrying the story.
    app = NewsreadApp(three_feed_story(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        await wait_until(
            pilot,
            lambda: "feed" in [key for key, _, _ in app.screen.query_one("#articles").columns],
        )
        storm = "Storm closes the coast road"
        assert feed_cells(app)[storm] == "Valley Post +2"
        await pilot.press("f")
        await wait_until(pilot, lambda: "feed: coastwire" in status(app))
        assert feed_cells(app) == {storm: "coastwire +2", "Harbour fair opens": "coastwire"}
        await pilot.press("f")
        await wait_until(pilot, lambda: "feed: remote valley" in status(app))
        assert feed_cells(app) == {storm: "remote valle… +2"}


async def test_f_without_feeds_says_how_to_subscribe_in_the_status_line(tmp_path):
    # A two-second toast, nothing else changed: f seemed to do nothing.
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=(100, 24)) as pilot:
        await library_ready(pilot, app)
        status = app.screen.query_one("#library-status")
        await pilot.press("f")
        await wait_until(
            pilot,
            lambda: "no feeds: newsread feed add URL subscribes" in str(status.render()),
        )
        assert str(status.render()).startswith("2 articles · no feeds:")
        # Said until the list changes.
        await pilot.press("u")
        await wait_until(pilot, lambda: "no feeds" not in str(status.render()))


class _CountedFeeds(list):
    """A catalog's feed column that counts the passes over it."""

    passes = 0

    def __iter__(self):
        type(self).passes += 1
        return super().__iter__()


async def test_a_feed_naming_nothing_is_worked_out_once_a_refresh(tmp_path):
    # The status line and the line under the table each made a pass over
    # every article's feeds for the same answer, on the event loop.
    app = NewsreadApp(three_feed_story(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        screen = app.screen
        await pilot.press("slash", *"feed:nowhere", "enter")
        await wait_until(pilot, lambda: 'no feed is called "nowhere"' in status(app))
        catalog = screen.model.catalog
        catalog.feeds = _CountedFeeds(catalog.feeds)
        screen.model.load_prepared(screen.model.prepared, screen.model.counts)
        _CountedFeeds.passes = 0
        screen.refresh_table()
        assert 'no feed is called "nowhere"' in status(app)
        assert 'no feed is called "nowhere"' in str(screen.query_one("#library-snippet").render())
        assert _CountedFeeds.passes == 1
