"""The library's / box as a full-text search, driven by Pilot: ranked hits with
their snippet, filters, opening a hit on its first match and ctrl+n through
the others, and a first index build that never blocks the app."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import SIZE, library_ready, open_first_reader, wait_until, wait_writes

from newsread.config import Config
from newsread.model import Annotation, Article
from storage.library import Library
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen

THREE = (
    "The crane arrived at dawn. Workers watched the crane unload steel all morning. "
    "By noon a second crane stood beside it."
)
ONE = (
    "The council met on Tuesday to discuss the budget for schools and parks. "
    "A harbour crane was mentioned once, near the end of a long meeting about roads, "
    "bridges, libraries, pools and the new tram line that nobody wanted to pay for."
)
TWO = "A crane fell. Nobody was hurt when the crane fell, officials said."


def search_library(root: Path) -> Library:
    library = Library(root)
    library.save_articles(
        [
            Article(id="three001", title="Dawn delivery", body=THREE, source="Port Wire"),
            Article(id="one00001", title="Council notes", body=ONE, source="Town Hall"),
            Article(id="two00001", title="Accident report", body=TWO, source="Port Wire"),
            Article(id="none0001", title="Choir wins", body="The choir sang.", source="Arts"),
        ]
    )
    library.ensure_tag("check")
    for article_id, body in (("three001", THREE), ("one00001", ONE)):
        library.save_annotation(
            Annotation(
                id=f"a-{article_id}",
                article_id=article_id,
                start=0,
                end=3,
                quote=body[:3],
                tags=["check"],
            )
        )
    return library


def status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


def snippet(app):
    return app.screen.query_one("#library-snippet")


def listed(app) -> list[str]:
    table = app.screen.query_one("#articles")
    return [table.key_at(i) for i in range(table.row_count)]


def spans_of(text: str, word: str) -> list[tuple[int, int]]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append((at, at + len(word)))
        at = text.find(word, at + 1)
    return found


async def test_query_with_a_filter_ranks_hits_shows_snippet_and_opens_on_the_matches(
    tmp_path, pipeline
):
    app = NewsreadApp(search_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("slash", *"crane tag:check")
        await wait_until(pilot, lambda: "2 found by search" in status(app))
        # Ranked: three cranes before one; the untagged article is filtered out.
        assert listed(app) == ["three001", "one00001"]
        assert app.screen.query_one("#articles").cursor_key == "three001"
        line = snippet(app)
        assert line.display
        shown = line.content  # the Text drawn
        assert "The crane arrived at dawn." in str(shown)
        marked = [str(shown)[s.start : s.end] for s in shown.spans if "reverse" in str(s.style)]
        assert marked and set(marked) == {"crane"}

        # Enter applies the query; enter again opens the best hit on its first match.
        await pilot.press("enter")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert reader.article.id == "three001"
        cranes = spans_of(THREE, "crane")
        await wait_until(pilot, lambda: reader.view.selection == cranes[0])
        bar = reader.query_one("#reader-status")
        await wait_until(pilot, lambda: "match 1/3" in str(bar.render()))
        await pilot.press("ctrl+n")
        assert reader.view.selection == cranes[1]
        await pilot.press("ctrl+n")
        assert reader.view.selection == cranes[2]
        await pilot.press("ctrl+n")  # wraps round
        assert reader.view.selection == cranes[0]

        # t tags the match.
        await pilot.press("ctrl+n", "t", *"lifted", "enter")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_writes(app)
        quotes = {a.quote for a in Library(tmp_path / "lib").annotations("three001") if a.tags}
        assert "crane" in quotes

        # Back in the library the search and its hits are still listed.
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_until(pilot, lambda: "found by search" in status(app))
        assert listed(app)[:2] == ["three001", "one00001"]


async def test_words_in_the_body_are_found_and_title_matches_still_listed(tmp_path, pipeline):
    app = NewsreadApp(search_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        # "port" is in no body: the source filter (today's) still lists them.
        await pilot.press("slash", *"port")
        await wait_until(pilot, lambda: set(listed(app)) == {"three001", "two00001"})
        # A word of the body the title filter cannot see; typed as a prefix.
        await pilot.press("ctrl+u", *"cran")
        await wait_until(pilot, lambda: "3 found by search" in status(app))
        # One crane in a long body ranks last.
        assert set(listed(app)[:2]) == {"three001", "two00001"}
        assert listed(app)[2] == "one00001"
        # A filter word that does not exist is said, not searched as text.
        await pilot.press("ctrl+u", *"tga:check")
        await wait_until(pilot, lambda: "tga: is not a filter" in status(app))
        # Also on the line under the table, which a narrow status line cannot cut off.
        assert snippet(app).display and "tga: is not a filter" in str(snippet(app).content)
        # feed: and is: alone stay the title filter's: the index is not asked.
        await pilot.press("ctrl+u", *"is:unread")
        await wait_until(pilot, lambda: "search" not in status(app).split("filter:")[1])
        assert len(listed(app)) == 4
        # A filter only the index answers: only its hits.
        await pilot.press("ctrl+u", *"is:annotated")
        await wait_until(pilot, lambda: set(listed(app)) == {"three001", "one00001"})
        assert "2 found by search" in status(app)
        # A word left out: only the index knows which texts have it, and the
        # titles without it (all four here) are not listed beside its hits.
        await pilot.press("ctrl+u", *"-crane ")
        # The list may already hold this from "-crane" typed a key earlier while
        # the search for the whole text still runs: wait for its count too.
        await wait_until(
            pilot, lambda: listed(app) == ["none0001"] and "1 found by search" in status(app)
        )


async def test_the_app_never_blocks_while_the_index_is_first_built(tmp_path, pipeline):
    root = tmp_path / "lib"
    app = NewsreadApp(search_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        # The build (newsread index, a process of its own) takes the library
        # lock: held here, the build is "in progress" for as long as the test needs.
        with Library(root).lock.hold():
            await pilot.press("slash", *"crane")
            await wait_until(pilot, lambda: "building the search index" in status(app))
            assert "building the search index" in str(snippet(app).content)
            # The box goes on filtering titles while the build runs.
            assert listed(app) == []
            await pilot.press("ctrl+u", *"dawn")
            await wait_until(pilot, lambda: listed(app) == ["three001"])
            assert "building the search index" in status(app)
            await pilot.press("ctrl+u", *"crane")
            await wait_until(pilot, lambda: listed(app) == [])
            # The rest of the app answers too: the help screen opens and closes.
            await pilot.press("escape", "question_mark")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
            await pilot.press("slash", *"crane")
            await wait_until(pilot, lambda: "building the search index" in status(app))
            assert not (root / "search.sqlite").exists() or "found" not in status(app)
        # Built: the search runs for the text in the box.
        await wait_until(pilot, lambda: "3 found by search" in status(app))
        assert listed(app)[2] == "one00001"


async def test_a_hit_found_by_its_title_opens_at_the_top_and_ctrl_n_goes_to_the_text(
    tmp_path, pipeline
):
    app = NewsreadApp(search_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("slash", *"dawn ")
        await wait_until(pilot, lambda: "1 found by search" in status(app))
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        # The first match is the title's, at the top: the sentence cursor starts as always.
        await wait_until(pilot, lambda: reader.view.cursor is not None)
        assert reader.view.selection is None
        await pilot.press("ctrl+n")
        assert reader.view.selection == spans_of(THREE, "dawn")[0]


async def test_a_snippet_is_shown_literally_with_control_characters_neutralised(tmp_path, pipeline):
    library = Library(tmp_path / "lib")
    body = "Warning [red]crane[/red] \x1b[2J\x07 toppled over the quay."
    library.save_articles([Article(id="hostile1", title="Quay", body=body, source="W")])
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=1)
        await pilot.press("slash", *"toppled")
        await wait_until(pilot, lambda: "1 found by search" in status(app))
        text = snippet(app).content
        assert "[red]crane[/red]" in str(text)
        assert "\x1b" not in str(text) and "\x07" not in str(text)
        marked = [str(text)[s.start : s.end] for s in text.spans if "reverse" in str(s.style)]
        assert marked == ["toppled"]


async def test_a_key_after_a_pause_is_searched_at_once_and_fast_typing_waits(
    tmp_path, pipeline, monkeypatch
):
    import tui.screens.library as library_screen
    from storage.search_index import SearchIndex

    library = search_library(tmp_path / "lib")
    with SearchIndex(library) as index:
        index.rebuild()
    # A pause far longer than the test: a search that waits for it never runs.
    monkeypatch.setattr(library_screen, "SEARCH_DELAY", 600.0)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        screen = app.screen
        await pilot.press("slash", "c")
        # The first key after a pause: asked at once, answered.
        await wait_until(
            pilot, lambda: screen.model.search is not None and screen.model.search.text == "c"
        )
        await pilot.press("r", "a")
        for _ in range(5):
            await pilot.pause()
        # Typed within the pause: the box waits for it to end ("cra" is asked
        # then); the answer for "c" stays listed meanwhile, as it narrows.
        assert screen.model.filter_text == "cra" and screen.model.search_state == "searching"
        assert screen.model.search.text == "c"
        assert screen._search_timer is not None


async def test_searches_typed_while_the_index_is_missing_start_one_build(
    tmp_path, pipeline, monkeypatch
):
    import time

    from storage.search_index import SearchIndex

    # The first search is slow to find the index missing, as on a loaded
    # machine, and the next letter's search asks meanwhile. Both once started a
    # build, and the second build's end emptied the hits the first had listed.
    missing = SearchIndex.needs_build
    asked: list[float] = []

    def slowly(self) -> bool:
        asked.append(time.monotonic())
        answer = missing(self)
        if len(asked) == 1:
            time.sleep(0.5)
        return answer

    builds: list[str] = []
    build = LibraryScreen._build_index

    def counted(self):
        builds.append("build")
        return build(self)

    monkeypatch.setattr(SearchIndex, "needs_build", slowly)
    monkeypatch.setattr(LibraryScreen, "_build_index", counted)
    app = NewsreadApp(search_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("slash", "c")
        await pilot.pause(0.2)  # the next search is asked while the first waits
        await pilot.press(*"rane")
        await wait_until(pilot, lambda: "3 found by search" in status(app))
        await app.workers.wait_for_complete()
        assert builds == ["build"]


async def test_hits_stay_listed_when_the_index_is_built_again(tmp_path, pipeline):
    app = NewsreadApp(search_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("slash", *"crane", "enter")
        await wait_until(pilot, lambda: "3 found by search" in status(app))
        screen = app.screen
        table = screen.query_one("#articles")
        shown: list[int] = []
        set_rows = table.set_rows

        def recorded(count, *args, **kwargs):
            shown.append(count)
            return set_rows(count, *args, **kwargs)

        table.set_rows = recorded
        # A build's end (another build, a rebuild after damage) asks again.
        screen.post_message(LibraryScreen.IndexBuilt(""))
        await wait_until(pilot, lambda: len(shown) >= 2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown and min(shown) == 3, shown
        # An enter right then opens the best hit.
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))


async def test_unit_moves_from_a_search_match_start_at_the_match(tmp_path, pipeline):
    # The match stands mid-sentence: w goes to the word after it, not to the
    # sentence's first word (the cursor's sentence starts before the match).
    app = NewsreadApp(search_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        # Read once, so its sentences are there when the match is selected.
        reader = await open_first_reader(pilot, app, "Dawn delivery")
        await wait_until(pilot, lambda: len(reader.view.units.get("sentence", [])) == 3)
        await wait_writes(app)
        await pilot.press("escape")
        await library_ready(pilot, app, rows=4)
        await pilot.press("slash", *"unload")
        await wait_until(pilot, lambda: "1 found by search" in status(app))
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        [match] = spans_of(THREE, "unload")
        await wait_until(pilot, lambda: reader.view.selection == match)
        await wait_until(pilot, lambda: bool(reader.view.units.get("word")))
        assert reader.view.model.unit == "sentence"
        await pilot.press("w")
        await wait_until(pilot, lambda: reader.view.selection is None)
        assert reader.view.cursor == spans_of(THREE, "steel")[0]


async def test_hits_hidden_by_unread_only_are_said_with_the_key_that_shows_them(tmp_path, pipeline):
    # qa37 F2: the status said "1 found by search" over an empty table.
    app = NewsreadApp(search_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("slash", *"fell", "enter")
        await wait_until(pilot, lambda: listed(app) == ["two00001"])
        await pilot.press("enter")  # opening it marks it read
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_until(pilot, lambda: "found by search" in status(app))
        await pilot.press("u")
        await wait_until(pilot, lambda: "unread only" in status(app))
        assert listed(app) == []
        assert "unread only, hiding the 1 found by search (u shows it)" in status(app)
        line = snippet(app)
        assert line.display
        assert "1 article found by search, hidden by unread only (u shows it)" in str(line.content)
        await pilot.press("u")
        await wait_until(pilot, lambda: listed(app) == ["two00001"])
        assert "hiding" not in status(app)
        # is:unread in the box hides it as u did, and the line under the table says so.
        await pilot.press("slash", "ctrl+u", *"fell is:unread", "enter")
        found = "1 article found without is:unread, you have read it"
        await wait_until(pilot, lambda: found in str(snippet(app).content))
        assert listed(app) == []

        # Of several hits, those read are counted apart from those listed.
        await pilot.press("slash", "ctrl+u", *"crane", "enter")
        await wait_until(pilot, lambda: "3 found by search" in status(app))
        await pilot.press("u")
        await wait_until(pilot, lambda: "unread only, hiding 1 found by search" in status(app))
        assert sorted(listed(app)) == ["one00001", "three001"]


async def test_the_hidden_hits_name_the_users_unread_key(tmp_path, pipeline):
    config = Config(keys={"library.unread": "U"})
    app = NewsreadApp(search_library(tmp_path / "lib"), config)
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("slash", *"fell", "enter")
        await wait_until(pilot, lambda: listed(app) == ["two00001"])
        await pilot.press("m")  # marked read
        await pilot.press("U")
        await wait_until(pilot, lambda: "hiding the 1 found by search (U shows it)" in status(app))


CLERK = (
    "According to the mayor, the plan had to wait until spring and went to the council twice. "
    "The harbour office kept its doors open through the long winter, and the ferries ran "
    "on the old timetable while the new quay was argued over in committee after committee. "
    "A clerk, who asked not to be named, said the vote was close."
)


async def test_a_hit_of_several_words_opens_on_the_passage_its_snippet_showed(tmp_path, pipeline):
    # qa37 F10: it opened on the first "to", sentences before the words stand together.
    library = Library(tmp_path / "lib")
    library.save_articles([Article(id="clerk001", title="Harbour vote", body=CLERK)])
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=1)
        await pilot.press("slash", *"not to be named", "enter")
        await wait_until(pilot, lambda: "1 found by search" in status(app))
        await wait_until(pilot, lambda: "asked not to be named" in str(snippet(app).content))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        together = CLERK.index("not to be named")
        words = [(together, together + 3)]
        await wait_until(pilot, lambda: reader.view.selection == words[0])
        matches = [
            span
            for word in ("not", "to", "be", "named")
            for span in spans_of(CLERK, word)
            if CLERK[span[0] - 1] in " ," and not CLERK[span[1]].isalpha()
        ]
        number = sorted(matches).index(words[0]) + 1
        bar = reader.query_one("#reader-status")
        await wait_until(pilot, lambda: f"match {number}/{len(matches)}" in str(bar.render()))
        await pilot.press("ctrl+n")
        assert reader.view.selection == (together + 4, together + 6)  # its "to"
