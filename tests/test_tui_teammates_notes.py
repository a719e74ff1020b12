"""n on a shared library, driven by Pilot over real files: the reader's n
takes the user's own annotation at the cursor before a teammate's, and n on a
teammate's annotation alone (in the reader and in the annotations list) asks
first: a note of one's own on the same words, or editing theirs knowingly."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsread.model import Annotation
from storage.annotation_import import import_annotations, read_annotation_file
from storage.history import History
from storage.library import Library
from tests.pilot_helpers import (
    BODY,
    SIZE,
    app_as,
    make_library,
    open_first_reader,
    wait_until,
    wait_writes,
)
from tests.test_tui_annotations import choose, highlight, open_screen
from tui.cli import main as cli_main
from tui.screens.dialogs import Chooser, NoteEditor


def ann(ann_id: str, words: str, annotator: str, note: str) -> Annotation:
    start = BODY.index(words)
    return Annotation(
        id=ann_id,
        article_id="harbour01",
        start=start,
        end=start + len(words),
        quote=words,
        tags=["check"],
        note=note,
        annotator=annotator,
        created="2026-11-01T09:00:00+00:00",
    )


def notes_on_disk(root: Path) -> list[tuple[str, str, str]]:
    """(annotator, quote, note) of every annotation, sorted."""
    return sorted((a.annotator, a.quote, a.note) for a in Library(root).annotations("harbour01"))


async def test_reader_n_edits_ones_own_note_not_a_teammates_on_shorter_words(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = make_library(root)
    library.save_annotation(ann("l1", "harbour board", "lena", "lena's"))
    library.save_annotation(ann("k1", "The harbour board said on Monday", "kwame", "mine"))
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_reader(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.text == "mine"
        await pilot.press(*" too", "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteEditor))
        await wait_writes(app)
    assert notes_on_disk(root) == [
        ("kwame", "The harbour board said on Monday", "mine too"),
        ("lena", "harbour board", "lena's"),
    ]


async def test_reader_n_on_a_teammates_annotation_asks_and_offers_a_note_of_ones_own(
    tmp_path, pipeline
):
    root = tmp_path / "lib"
    make_library(root).save_annotation(ann("l1", "harbour board", "lena", "lena's"))
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, Chooser))
        assert "lena's annotation" in app.screen.heading
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        assert "note not changed" in reader.message
        await pilot.press("n")
        await choose(pilot, app, "Write a note of your own")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.text == ""
        await pilot.press(*"ask", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_writes(app)
        assert notes_on_disk(root) == [
            ("kwame", "harbour board", "ask"),
            ("lena", "harbour board", "lena's"),
        ]
        # Knowingly: her note, still hers.
        library = Library(root)
        library.delete_annotation(
            "harbour01",
            next(a.id for a in library.annotations("harbour01") if a.annotator == "kwame"),
        )
        await wait_until(pilot, lambda: len(reader.model.annotations) == 1)
        await pilot.press("n")
        await choose(pilot, app, "Edit lena's note")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.text == "lena's"
        await pilot.press("!", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is reader)
        await wait_writes(app)
    assert notes_on_disk(root) == [("lena", "harbour board", "lena's!")]


async def test_list_n_on_a_teammates_row_asks_first(tmp_path):
    root = tmp_path / "lib"
    make_library(root).save_annotation(ann("i1", "harbour board", "ines", "hers"))
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        await highlight(pilot, screen, "i1")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, Chooser))
        assert "ines's annotation" in app.screen.heading
        await choose(pilot, app, "Write a note of your own")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*"mine", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
        assert notes_on_disk(root) == [
            ("ines", "harbour board", "hers"),
            ("kwame", "harbour board", "mine"),
        ]
        await wait_until(pilot, lambda: len(screen.model.shown) == 2)
        await highlight(pilot, screen, "i1")
        await pilot.press("n")
        await choose(pilot, app, "Edit ines's note")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.text == "hers"
        await pilot.press("!", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_writes(app)
    assert notes_on_disk(root) == [
        ("ines", "harbour board", "hers!"),
        ("kwame", "harbour board", "mine"),
    ]


async def test_the_reader_follows_an_import_of_a_teammates_later_note(tmp_path):
    root = tmp_path / "lib"
    library = make_library(root)
    library.ensure_tag("check")
    mine = ann("k1", "The harbour board said on Monday", "kwame", "mine")
    library.save_annotation(mine)
    # Lena's copy of it, her note extended after the library's, in an export.
    theirs = tmp_path / "lena.json"
    teammate = make_library(tmp_path / "lena")
    teammate.save_annotation(
        replace(mine, note="mine\nlena's addition", updated="2026-11-02T09:00:00+00:00")
    )
    assert cli_main(["export", "-o", str(theirs), "--library", str(tmp_path / "lena")]) == 0
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        other = Library(root)
        report = import_annotations(other, [read_annotation_file(theirs)], History(other))
        assert report.merged == 1
        await wait_until(
            pilot,
            lambda: [a.note for a in reader.model.shown_annotations()] == ["mine\nlena's addition"],
        )
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.text == "mine\nlena's addition"
        await pilot.press(*" ok", "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteEditor))
        await wait_writes(app)
    assert notes_on_disk(root) == [
        ("kwame", "The harbour board said on Monday", "mine\nlena's addition ok")
    ]
