"""The annotations screen driven by Pilot over real library files: every
annotation listed, each filter and sort, enter opening the reader on the
annotation, and x / n / t changing the files on disk (with undo)."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import OptionList

from newsread.config import Config
from newsread.model import Annotation
from storage.annotation_list import AnnotationLister
from storage.library import Library
from tests.pilot_helpers import BODY, SIZE, make_library, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.keymap import binding_ids, keymap_problems
from tui.screens.annotations import AnnotationsScreen
from tui.screens.dialogs import Chooser, NoteEditor
from tui.screens.reader import ReaderScreen
from tui.screens.tag_dialogs import DestroyDialog
from tui.screens.tag_picker import TagPicker


def span(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def build(root: Path) -> Library:
    """Four annotations over two articles: by hand with an annotator, an accepted
    suggestion, an orphan, and one on the second article edited later."""
    library = make_library(root)
    board, mara = span("harbour board"), span("Mara Quist")

    def ann(ann_id: str, article_id: str, where: tuple[int, int], **fields) -> Annotation:
        body = BODY if article_id == "harbour01" else "Only one sentence here."
        return Annotation(
            id=ann_id,
            article_id=article_id,
            start=where[0],
            end=where[1],
            quote=body[where[0] : where[1]],
            **fields,
        )

    for a in (
        ann(
            "a1",
            "harbour01",
            board,
            tags=["verify"],
            note="Ask the Board",
            annotator="ines",
            created="2026-11-01T09:00:00+00:00",
        ),
        ann(
            "a2",
            "harbour01",
            mara,
            tags=["person"],
            data={"suggestion": {"kind": "entity", "label": "PERSON"}},
            created="2026-11-03T09:00:00+00:00",
        ),
        ann(
            "a3",
            "harbour01",
            (0, 3),
            tags=["follow-up"],
            note="call the union",
            orphan=True,
            created="2026-11-02T09:00:00+00:00",
        ),
        ann(
            "b1",
            "second002",
            (0, 17),
            tags=["verify", "follow-up"],
            annotator="max",
            created="2026-11-04T09:00:00+00:00",
            updated="2026-11-05T09:00:00+00:00",
        ),
    ):
        library.save_annotation(a)
    for name in ("verify", "person", "follow-up"):
        library.ensure_tag(name)
    return library


def ids(screen: AnnotationsScreen) -> list[str]:
    return [screen.model.row(i).id for i in range(len(screen.model.shown))]


def on_disk(root: Path, article_id: str = "harbour01") -> dict[str, Annotation]:
    return {a.id: a for a in Library(root).annotations(article_id)}


async def open_screen(pilot, app) -> AnnotationsScreen:
    await wait_until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")
    screen = AnnotationsScreen()
    app.push_screen(screen)
    await wait_until(pilot, lambda: app.screen is screen and screen.loaded)
    return screen


async def highlight(pilot, screen: AnnotationsScreen, ann_id: str) -> None:
    screen.table.move_cursor(row=ids(screen).index(ann_id))
    await wait_until(pilot, lambda: screen.current() is not None and screen.current().id == ann_id)


async def choose(pilot, app, label_start: str) -> None:
    """In the open Chooser, pick the option whose label starts with ``label_start``."""
    await wait_until(pilot, lambda: isinstance(app.screen, Chooser))
    options = app.screen.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    options.highlighted = next(i for i, text in enumerate(labels) if text.startswith(label_start))
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, Chooser))


def record_notifications(app) -> list[str]:
    """Every notification as it is posted: one expires after its timeout, which
    a busy machine can outlast before the test looks."""
    said: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):
        said.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify
    return said


def cell_text(screen: AnnotationsScreen, row: int) -> list[str]:
    return [cell.plain for cell in screen.table.get_row_at(row)]


async def test_lists_every_annotation_newest_first(tmp_path):
    app = NewsreadApp(build(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        assert ids(screen) == ["b1", "a2", "a3", "a1"]
        assert screen.table.row_count == 4
        headings = [label for _, label, _ in screen.table.columns]
        assert headings[:5] == ["Tags", "Quote", "Note", "Article", "Date"]
        assert "By" in headings  # some annotation names its annotator
        first = dict(zip(headings, cell_text(screen, 0), strict=True))
        assert first["Tags"] == "verify, follow-up" and first["Quote"] == "Only one sentence"
        assert first["Article"] == "Second story" and first["Date"] == "2026-11-05"
        assert first["By"] == "max"
        flags = [cell_text(screen, i)[-1] for i in range(4)]
        assert flags == ["", "sugg.", "orphan", ""]
        status = str(screen.query_one("#annotations-status").render())
        assert "4 annotations in 2 articles" in status and "newest first" in status
        detail = str(screen.query_one("#annotations-detail").render())
        assert "Only one sentence" in detail and "by max" in detail
        # The app's tag counts follow what was read (the tag picker shows them).
        assert app.tag_counts["verify"] == 2 and app.tag_counts["follow-up"] == 2
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")


async def test_each_filter_and_clearing_them(tmp_path):
    app = NewsreadApp(build(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await pilot.press("f")
        await choose(pilot, app, "follow-up")
        assert ids(screen) == ["b1", "a3"]
        assert "tag follow-up" in str(screen.query_one("#annotations-status").render())
        await pilot.press("c")
        assert len(ids(screen)) == 4

        await pilot.press("w")
        await choose(pilot, app, "ines")
        assert ids(screen) == ["a1"]
        await pilot.press("w")
        await choose(pilot, app, "nobody recorded")
        assert ids(screen) == ["a2", "a3"]
        await pilot.press("w")
        await choose(pilot, app, "anyone")

        await pilot.press("o")
        assert ids(screen) == ["a3"]
        await pilot.press("o")

        await pilot.press("A")  # accepted suggestions only
        assert ids(screen) == ["a2"]
        await pilot.press("A")  # none of them
        assert ids(screen) == ["b1", "a3", "a1"]
        await pilot.press("A")  # all again
        assert len(ids(screen)) == 4

        # Note text: a substring, case ignored; typed straight after /.
        await pilot.press("slash", *"BOARD")
        assert ids(screen) == ["a1"]
        await pilot.press("enter")
        assert screen.table.has_focus and ids(screen) == ["a1"]
        # Filters combine: no orphan has that note.
        await pilot.press("o")
        assert ids(screen) == []
        empty = str(screen.query_one("#annotations-empty").render())
        assert "No annotation matches the filters" in empty and "c clears" in empty
        assert screen.query_one("#annotations-empty").display
        await pilot.press("c")
        assert len(ids(screen)) == 4 and not screen.query_one("#annotations-empty").display
        # escape in the note box clears it; escape again leaves the screen.
        await pilot.press("slash", *"union")
        assert ids(screen) == ["a3"]
        await pilot.press("escape")
        assert len(ids(screen)) == 4 and app.screen is screen
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is not screen)


async def test_sorts_and_reverse(tmp_path):
    app = NewsreadApp(build(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "a2")
        await pilot.press("s")  # by article title, then place in the text
        assert ids(screen) == ["a3", "a1", "a2", "b1"]
        assert screen.current().id == "a2"  # the cursor stays on its annotation
        await pilot.press("s")  # by tag, untagged last, ties newest first
        assert ids(screen) == ["b1", "a3", "a2", "a1"]
        await pilot.press("S")
        assert ids(screen) == ["a1", "a2", "a3", "b1"]
        await pilot.press("s")  # back to date, newest first
        assert ids(screen) == ["b1", "a2", "a3", "a1"]
        await pilot.press("S")
        assert ids(screen) == ["a1", "a3", "a2", "b1"]
        assert "oldest first" in str(screen.query_one("#annotations-status").render())


async def test_enter_opens_the_reader_on_the_annotation(tmp_path, pipeline):
    app = NewsreadApp(build(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "a2")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert reader.article.id == "harbour01"
        await wait_until(pilot, lambda: reader.view.selection == span("Mara Quist"))
        assert "Mara Quist" in str(reader.query_one("#reader-status").render())
        # t in the reader adds to that very annotation.
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        await pilot.press(*"speaker", "enter")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_writes(app)
        assert on_disk(tmp_path / "lib")["a2"].tags == ["person", "speaker"]
        # Tagging cleared the selection: escape goes back to the list, read again.
        assert reader.view.selection is None
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: "speaker" in screen.current().tags)
        assert screen.current().id == "a2"


async def test_enter_on_an_orphan_opens_its_article_and_says_why(tmp_path, pipeline):
    app = NewsreadApp(build(tmp_path / "lib"), Config())
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "a3")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert app.screen.article.id == "harbour01" and app.screen.view.selection is None
        assert any("could not be placed" in line for line in said)


async def test_x_deletes_on_disk_and_u_brings_it_back(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "a1")
        await pilot.press("x")
        await wait_writes(app)
        assert "a1" not in on_disk(root) and set(on_disk(root)) == {"a2", "a3"}
        await wait_until(pilot, lambda: ids(screen) == ["b1", "a2", "a3"])
        status = str(screen.query_one("#annotations-status").render())
        assert "deleted [verify]" in status and "u undoes" in status
        await pilot.press("u")
        await wait_writes(app)
        assert on_disk(root)["a1"].note == "Ask the Board"
        await wait_until(pilot, lambda: ids(screen) == ["b1", "a2", "a3", "a1"])
        await pilot.press("ctrl+r")
        await wait_writes(app)
        await wait_until(pilot, lambda: ids(screen) == ["b1", "a2", "a3"])
        assert "a1" not in on_disk(root)


async def test_x_on_someone_elses_annotation_asks_first(tmp_path):
    """As in the reader: a stray x on a shared library must not remove a
    teammate's work; n keeps it, y deletes it."""
    from tui.screens.tag_dialogs import DestroyDialog

    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config(annotator="zoe"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "a1")
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        assert "ines's annotation [verify]" in app.screen.question
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        assert "a1" in on_disk(root)
        assert "not deleted" in str(screen.query_one("#annotations-status").render())
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        assert "a1" not in on_disk(root)


async def test_n_edits_the_note_on_disk(tmp_path):
    root = tmp_path / "lib"
    # As ines: n on her own annotation (a teammate's asks first).
    app = NewsreadApp(build(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "a1")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.text == "Ask the Board"
        await pilot.press(*" first", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        stored = on_disk(root)["a1"]
        assert stored.note == "Ask the Board first" and stored.tags == ["verify"]
        assert stored.updated and stored.updated != stored.created
        await wait_until(pilot, lambda: screen.current().note == "Ask the Board first")
        # escape in the editor changes nothing.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press("x", "escape")
        # Typed text is not thrown away without a question: n keeps editing, y discards.
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.query_one("#note-text").text == "Ask the Board firstx"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        assert on_disk(root)["a1"].note == "Ask the Board first"
        # Unchanged, escape leaves at once.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)


async def test_t_adds_tags_on_disk_and_keeps_another_writers_change(tmp_path):
    root = tmp_path / "lib"
    library = build(root)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "b1")
        # Another process tags the same annotation after the list was read.
        other = Library(root)
        [b1] = other.annotations("second002")
        other.save_annotation(Annotation(**{**b1.to_dict(), "tags": [*b1.tags, "late"]}))
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        await pilot.press(*"check, person", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        [stored] = Library(root).annotations("second002")
        assert stored.tags == ["verify", "follow-up", "late", "check", "person"]
        assert Library(root).get_tag("check") is not None  # a new name is a new tag
        await wait_until(pilot, lambda: "check" in screen.current().tags)
        await wait_until(pilot, lambda: screen.current().id == "b1")


async def test_a_change_made_elsewhere_shows_without_a_key(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        Library(root).delete_annotation("second002", "b1")
        await wait_until(pilot, lambda: ids(screen) == ["a2", "a3", "a1"])


async def test_hostile_text_is_drawn_literally(tmp_path):
    root = tmp_path / "lib"
    library = make_library(root)
    library.save_annotation(
        Annotation(
            id="h1",
            article_id="harbour01",
            start=4,
            end=11,
            quote="harbour",
            tags=["[bold]x[/]"],
            note="\x1b]0;pwned\x07[red]note[/]",
        )
    )
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        cells = cell_text(screen, 0)
        assert cells[0] == "[bold]x[/]"
        assert cells[2] == "␛]0;pwned␇[red]note[/]"
        detail = screen.query_one("#annotations-detail").render()
        assert "␛]0;pwned␇[red]note[/]" in str(detail) and "\x1b" not in str(detail)


async def test_empty_library_and_no_annotations_say_so(tmp_path):
    app = NewsreadApp(Library(tmp_path / "empty"), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        text = str(screen.query_one("#annotations-empty").render())
        assert "The library is empty" in text and "newsread import" in text
        # The keys that need a row say so instead of failing.
        await pilot.press("x", "n", "t")
        assert app.screen is screen
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        text = str(screen.query_one("#annotations-empty").render())
        assert "No annotations yet" in text and "press t" in text


async def test_an_unreadable_annotations_file_is_reported(tmp_path):
    root = tmp_path / "lib"
    build(root)
    (root / "annotations" / "second002.json").write_text("{not json")
    app = NewsreadApp(Library(root), Config())
    said = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        assert ids(screen) == ["a2", "a3", "a1"]
        assert "1 annotation file unreadable" in str(
            screen.query_one("#annotations-status").render()
        )
        assert any("second002.json" in line for line in said)


async def test_bindings_have_ids_and_can_be_remapped(tmp_path):
    found = binding_ids((AnnotationsScreen,))
    for name in ("filter_tag", "filter_annotator", "filter_orphan", "filter_accepted"):
        assert f"annotations.{name}" in found
    for name in ("filter_note", "sort", "reverse", "open", "delete", "note", "tag", "back"):
        assert f"annotations.{name}" in found
    # The checker the app runs at start finds nothing taken from another binding.
    assert keymap_problems({"annotations.delete": "d"}, NewsreadApp, "config") == []
    clash = keymap_problems({"annotations.delete": "t"}, NewsreadApp, "config")
    assert clash and "annotations.tag" in clash[0]
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config(annotator="ines", keys={"annotations.delete": "d"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "a1")
        await pilot.press("x")  # no longer delete
        await pilot.press("d")
        await wait_writes(app)
        assert set(on_disk(root)) == {"a2", "a3"}
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        rows = {row[2]: row[0] for row in app.screen.rows}
        assert rows["annotations.delete"] == "d" and rows["annotations.filter_tag"] == "f"


async def test_the_library_is_listed_off_the_event_loop(tmp_path, monkeypatch):
    threads: list[str] = []
    listing = AnnotationLister.listing

    def spied(self):
        threads.append(threading.current_thread().name)
        return listing(self)

    monkeypatch.setattr(AnnotationLister, "listing", spied)
    app = NewsreadApp(build(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await pilot.press("R")
        await wait_until(pilot, lambda: len(threads) == 2)
        assert threading.main_thread().name not in threads and len(ids(screen)) == 4


async def test_u_on_a_step_whose_article_was_removed_says_nothing_changed(tmp_path):
    # The step leaves the journal, but "undid: deleted …" alone would promise
    # an annotation back that cannot come back: its article is gone.
    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config(annotator="max"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "b1")
        await pilot.press("x")
        await wait_writes(app)
        await wait_until(pilot, lambda: "b1" not in ids(screen))
        Library(root).delete_articles(["second002"])
        await pilot.press("u")
        await wait_writes(app)
        status = lambda: str(screen.query_one("#annotations-status").render())  # noqa: E731
        await wait_until(pilot, lambda: "nothing to undo" in status())
        assert "removed since" in status() and "undid" not in status()
        assert "b1" not in ids(screen)


async def test_u_in_the_list_names_the_article_and_a_step_made_elsewhere(tmp_path):
    # L takes back any step of the shared journal (the reader sends the user
    # here for those it refuses): it said only "undid: tagged [check]".
    from storage.edits import tag_quote
    from storage.history import History

    root = tmp_path / "lib"
    app = NewsreadApp(build(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        other = Library(root)
        tag_quote(other, History(other), "second002", "Only one", ["check"], annotator="max")
        await pilot.press("u")
        # max's step: asked first, and as it deletes his annotation, only y
        # takes it (tests/test_tui_teammates_steps.py).
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        await pilot.press("y")
        await wait_writes(app)
        status = lambda: str(screen.query_one("#annotations-status").render())  # noqa: E731
        await wait_until(pilot, lambda: "undid" in status())
        assert "“Second story”" in status()
        assert "made in another window or by the command line" in status()
        assert not any("check" in a.tags for a in on_disk(root, "second002").values())


async def test_a_note_for_an_annotation_deleted_meanwhile_is_not_lost(tmp_path):
    root = tmp_path / "lib"
    # As ines: n on her own annotation (a teammate's asks first).
    app = NewsreadApp(build(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "a1")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        # Another process deletes it while the note is typed.
        Library(root).apply_annotation_changes("harbour01", save=[], delete=["a1"])
        await pilot.press(*" first", "ctrl+s")
        await wait_writes(app)
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        editor = app.screen
        assert "was deleted elsewhere (another window or the command line)" in editor.heading
        assert editor.query_one("#note-text").text == "Ask the Board first"
        # A stray escape asks first: the text is not stored anywhere yet.
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is editor)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        saved = [a for a in on_disk(root).values() if a.note == "Ask the Board first"]
        assert len(saved) == 1
        assert saved[0].quote == "harbour board" and saved[0].id != "a1"
        assert "a1" not in on_disk(root)
        await wait_until(pilot, lambda: "note saved as a new annotation" in screen._note)


async def test_a_note_whose_words_are_gone_too_goes_on_the_clipboard(tmp_path):
    root = tmp_path / "lib"
    # As ines: n on her own annotation (a teammate's asks first).
    app = NewsreadApp(build(root), Config(annotator="ines"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "a1")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        Library(root).apply_annotation_changes("harbour01", save=[], delete=["a1"])
        await pilot.press(*" first", "ctrl+s")
        await wait_writes(app)
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        # Now its article goes as well.
        Library(root).delete_articles(["harbour01"])
        await pilot.press("ctrl+s")
        await wait_writes(app)
        await wait_until(
            pilot, lambda: isinstance(app.screen, NoteEditor) and "Not saved" in app.screen.heading
        )
        assert app.clipboard == "Ask the Board first"
        assert app.screen.query_one("#note-text").text == "Ask the Board first"
