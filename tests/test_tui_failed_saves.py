"""An edit the library refuses is never reported as saved, never enters the
undo journal, and u does not take back the step before it instead.

The second writer is another ``Library`` on the same folder (a re-import, a
removal), as a second process would be; where the order matters, its write is
queued on the app's writer thread and held there until the reader's edit is
queued behind it, so the reader's write meets the changed library every time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from newsread.config import Config
from storage.annotation_import import import_annotations, read_annotation_file
from storage.history import History
from storage.imports import import_paths
from storage.library import Library
from tests.pilot_helpers import (
    BODY,
    SIZE,
    make_library,
    open_first_reader,
    wait_until,
    wait_writes,
)
from tui.app import NewsreadApp
from tui.screens.dialogs import NoteEditor
from tui.screens.reader import ReaderScreen
from tui.screens.tag_dialogs import ConfirmDialog
from tui.screens.tag_picker import TagPicker

TITLE = "Harbour crane approved"
ADDED = "A paragraph the desk added after the first version."


def imported(tmp_path: Path, body: str = BODY) -> tuple[Path, Path, str]:
    root, source = tmp_path / "lib", tmp_path / "crane.txt"
    source.write_text(f"{TITLE}\n\n{body}\n")
    import_paths(Library(root), [str(source)])
    return root, source, Library(root).article_metas()[0]["id"]


def reimport_with_a_paragraph_added(root: Path, source: Path) -> None:
    source.write_text(source.read_text() + f"\n{ADDED}\n")
    import_paths(Library(root), [str(source)])


def held(app: NewsreadApp, job: Callable[[], object]) -> threading.Event:
    """Queue ``job`` on the app's writer, to run once the returned event is set."""
    gate = threading.Event()

    def run() -> None:
        assert gate.wait(30)
        job()

    app.writer.submit(run)
    return gate


def tags_on_disk(root: Path, article_id: str) -> list[list[str]]:
    return sorted(a.tags for a in Library(root).annotations(article_id))


def said(app: NewsreadApp, words: str) -> bool:
    return any(words in str(n.message) for n in app._notifications)


async def tag(pilot, app, name: str) -> None:
    await pilot.press("t")
    await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
    await pilot.press(*name, "enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, TagPicker))


async def test_a_tag_refused_after_a_reimport_is_not_called_saved_nor_undone_in_its_place(
    tmp_path, pipeline
):
    root, source, article_id = imported(tmp_path)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await tag(pilot, app, "first")
        await wait_writes(app)
        gate = held(app, lambda: reimport_with_a_paragraph_added(root, source))
        await pilot.press("j")
        await tag(pilot, app, "second")
        # Not yet written: the status does not call it done.
        assert "saving" in reader.message and "undoes" not in reader.message
        # u pressed before the write failed is queued behind it.
        await pilot.press("u")
        gate.set()
        await wait_writes(app)
        await wait_until(pilot, lambda: "nothing undone" in reader.message)
        assert "tagged second" in reader.message and "was not saved" in reader.message
        # Notifications reach the app through its own message queue.
        await wait_until(pilot, lambda: said(app, "not saved: tagged second"))
        assert tags_on_disk(root, article_id) == [["first"]]
        # The article's new text is shown, with the first tag moved onto it.
        await wait_until(pilot, lambda: ADDED in reader.article.body)
        assert [a.tags for a in reader.annotations] == [["first"]]
        assert not reader.annotations[0].orphan
        # Asked again, u takes back the step before: the user's choice now.
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: "undid: tagged first" in reader.message)
        assert tags_on_disk(root, article_id) == []


async def test_u_after_a_refused_quick_tag_leaves_the_accepted_mentions(tmp_path, pipeline):
    body = "Mara Quist met the board. The board praised Mara Quist on Monday."
    root, source, article_id = imported(tmp_path, body)
    app = NewsreadApp(Library(root), Config(quick_tags={"1": "qt"}))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await wait_until(pilot, lambda: reader.analysis is not None)
        person = next(e for e in reader.analysis.entities if e.label == "PERSON")
        reader.view.move_to_span((person.start, person.end), "mark")
        await pilot.press("A")
        await wait_writes(app)
        await wait_until(pilot, lambda: "accepted 2 mentions of Mara Quist" in reader.message)
        assert "u undoes" in reader.message
        gate = held(app, lambda: reimport_with_a_paragraph_added(root, source))
        await pilot.press("1")
        assert "added qt" in reader.message and "undoes" not in reader.message
        gate.set()
        await wait_writes(app)
        await wait_until(pilot, lambda: "not saved: added qt" in reader.message)
        assert "undoes" not in reader.message
        await wait_until(pilot, lambda: ADDED in reader.article.body)
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: "nothing undone" in reader.message)
        assert tags_on_disk(root, article_id) == [["PERSON"], ["PERSON"]]


async def test_a_note_refused_after_a_reimport_is_offered_again_and_saved_on_the_new_text(
    tmp_path, pipeline
):
    root, source, article_id = imported(tmp_path)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*"call the board")
        # The re-import lands while the note is being typed.
        reimport_with_a_paragraph_added(root, source)
        await pilot.press("ctrl+s")
        await wait_writes(app)
        # Not saved, and the text typed comes back in the editor.
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert "Not saved" in app.screen.heading
        assert app.screen.text == "call the board"
        assert Library(root).annotations(article_id) == []
        # Said without the success word of the label ("not saved: note saved").
        assert "note saved" not in reader.message and reader.message.startswith("not saved: ")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_writes(app)
        await wait_until(pilot, lambda: "u undoes" in reader.message)
    [ann] = Library(root).annotations(article_id)
    body = Library(root).get_article(article_id).body
    assert ADDED in body and ann.note == "call the board"
    assert body[ann.start : ann.end] == ann.quote and ann.quote in BODY


async def test_a_tag_in_an_article_removed_elsewhere_says_so_and_offers_the_way_back(
    tmp_path, pipeline
):
    root, _source, article_id = imported(tmp_path)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        gate = held(app, lambda: Library(root).delete_articles([article_id]))
        await tag(pilot, app, "late")
        assert "undoes" not in reader.message
        gate.set()
        await wait_writes(app)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "removed from the library" in reader.message
        assert "not saved: tagged late" in reader.message
        assert not reader.annotations
        await pilot.press("y")
        await wait_until(pilot, lambda: not isinstance(app.screen, (ConfirmDialog, ReaderScreen)))


async def test_u_in_an_article_removed_elsewhere_undoes_nothing_and_says_so(tmp_path, pipeline):
    """The step's article is gone: undoing it would change nothing, and was
    said done ("undid: tagged …") while the journal moved past it."""
    root, _source, article_id = imported(tmp_path)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await tag(pilot, app, "kept")
        await wait_writes(app)
        await wait_until(pilot, lambda: "undoes" in reader.message)
        Library(root).delete_articles([article_id])
        await pilot.press("u")
        await wait_writes(app)
        # Asked once, whether u's write or the once-a-second look at the files
        # found the article gone first (then u went to the question).
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "removed from the library" in reader.message
        assert History(Library(root)).can_undo()
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is reader)
        await pilot.press("u")
        await wait_writes(app)
        assert "not undone" in reader.message and "removed from the library" in reader.message
        assert History(Library(root)).can_undo() and app.screen is reader


def yves_file(tmp_path: Path, quotes: dict[str, str]) -> Path:
    """An export of yves's annotations (article id → quote tagged) on the
    articles make_library makes, as a teammate would send it."""
    from storage.edits import tag_quote
    from tui.cli import main

    scratch = tmp_path / "yves"
    make_library(scratch).close()
    for article_id, quote in quotes.items():
        tag_quote(Library(scratch), None, article_id, quote, ["yves-tag"], annotator="yves")
    path = tmp_path / "f.jsonl"
    assert main(["export", "--format", "jsonl", "-o", str(path), "--library", str(scratch)]) == 0
    return path


def import_from_cli(root: Path, path: Path) -> None:
    """What ``newsread import-annotations f.jsonl`` does, in a process of its own."""
    library = Library(root)
    import_annotations(
        library, [read_annotation_file(path)], History(library), label=f"imported from {path.name}"
    )


BOTH = {"harbour01": "Dock workers welcomed the plan.", "second002": "Only one sentence here."}


async def reader_u_after(pilot, app, root: Path) -> ReaderScreen:
    reader = await open_first_reader(pilot, app, TITLE)
    await pilot.press("u")
    await wait_writes(app)
    await wait_until(pilot, lambda: "not undone" in reader.message)
    return reader


async def test_u_in_the_reader_leaves_an_import_that_touched_other_articles_too(tmp_path, pipeline):
    root = tmp_path / "lib"
    path = yves_file(tmp_path, BOTH)
    app = NewsreadApp(make_library(root), Config(annotator="x"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        import_from_cli(root, path)
        await wait_until(pilot, lambda: len(reader.annotations) == 1, timeout=20)
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: "not undone" in reader.message)
        assert "imported from f.jsonl" in reader.message and "Second story" in reader.message
    assert tags_on_disk(root, "harbour01") == tags_on_disk(root, "second002") == [["yves-tag"]]


async def test_u_in_the_reader_leaves_a_step_another_process_took_here_meanwhile(
    tmp_path, pipeline
):
    root = tmp_path / "lib"
    path = yves_file(tmp_path, {"harbour01": BOTH["harbour01"]})
    app = NewsreadApp(make_library(root), Config(annotator="x"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        # The reader notes where the journal stood when it opened (off the event loop).
        await wait_until(pilot, lambda: getattr(reader, "journal_since", 0) is not None)
        import_from_cli(root, path)
        await wait_until(pilot, lambda: len(reader.annotations) == 1, timeout=20)
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: "not undone" in reader.message)
        assert "another window or by the command line" in reader.message
    assert tags_on_disk(root, "harbour01") == [["yves-tag"]]


async def test_u_in_a_new_session_leaves_another_annotators_imported_annotations(
    tmp_path, pipeline
):
    root = tmp_path / "lib"
    make_library(root).close()
    import_from_cli(root, yves_file(tmp_path, {"harbour01": BOTH["harbour01"]}))
    app = NewsreadApp(Library(root), Config(annotator="x"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await reader_u_after(pilot, app, root)
        assert "yves's annotations" in reader.message
    assert tags_on_disk(root, "harbour01") == [["yves-tag"]]


async def test_a_delete_a_rejection_and_a_cut_refused_after_a_reimport_say_so(tmp_path, pipeline):
    body = "Mara Quist met the board on Monday.\n\nThe board praised the plan."
    root, source, article_id = imported(tmp_path, body)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await tag(pilot, app, "first")
        await wait_writes(app)

        # x: the annotation comes back, and the status says it stays.
        gate = held(app, lambda: reimport_with_a_paragraph_added(root, source))
        await pilot.press("x")
        assert "deleted [first]" in reader.message and "undoes" not in reader.message
        gate.set()
        await wait_writes(app)
        await wait_until(pilot, lambda: "not saved: deleted [first]" in reader.message)
        assert [a.tags for a in reader.annotations] == [["first"]]
        assert tags_on_disk(root, article_id) == [["first"]]

        # r: no rejection is kept at offsets the new text gives other words.
        await wait_until(pilot, lambda: reader.analysis is not None)
        person = next(e for e in reader.analysis.entities if e.label == "PERSON")
        reader.view.move_to_span((person.start, person.end), "mark")
        source.write_text(f"{TITLE}\n\nA new first paragraph.\n\n{body}\n")
        gate = held(app, lambda: import_paths(Library(root), [str(source)]))
        await pilot.press("r")
        assert "takes it back" not in reader.message
        gate.set()
        await wait_writes(app)
        await wait_until(pilot, lambda: "not saved: rejected entity PERSON" in reader.message)
        assert Library(root).rejected(article_id) == []

        # X: said not saved, not left at "saving…".
        await wait_until(pilot, lambda: reader.analysis is not None)
        source.write_text(f"{TITLE}\n\n{body}\n\n{ADDED}\n\nThe third version ends here.\n")
        gate = held(app, lambda: import_paths(Library(root), [str(source)]))
        last = reader.article.body.index("The board praised")
        reader.view.move_to_span((last, last + len("The board praised the plan.")), "paragraph")
        await pilot.press("X")
        await wait_until(pilot, lambda: "saving" in reader.message)
        gate.set()
        await wait_writes(app)
        await wait_until(pilot, lambda: "not saved: cutting the paragraph" in reader.message)


def test_a_refused_note_is_said_without_the_labels_success_word():
    from tui.screens.reader.saving import _refused

    assert _refused("note saved") == "the note"
    assert _refused("note removed") == "removing the note"
    assert _refused("tagged check: “x”") == "tagged check: “x”"


def test_a_damaged_file_is_named_once_in_why_an_edit_was_not_saved(tmp_path):
    # The edit failed on the damaged file and so did reading it back: the toast
    # said the same error twice ("…: not valid JSON; then …: not valid JSON").
    import pytest

    from storage.errors import LibraryError
    from tests.pilot_helpers import tagged_library
    from tui.screens.reader.base import not_saved

    library = tagged_library(tmp_path / "lib")
    [damaged] = (tmp_path / "lib" / "annotations").glob("harbour01*")
    damaged.write_text("{not json", encoding="utf-8")
    with pytest.raises(LibraryError) as failed:
        library.annotations("harbour01")
    saved = not_saved(library, "harbour01", "tagged [x]", [], failed.value, None)
    assert saved.error == str(failed.value) and "; then" not in saved.error
