"""The library's / box is on screen only while it has the keys, and a question
whose yes destroys annotations takes only y: a stray enter keeps everything.

QA lost an article this way: / and enter left the box showing its prompt with
the table focused, so "typing" ran the table's keys (d asked to delete, the
next enter said yes)."""

from __future__ import annotations

from pilot_helpers import library_ready, make_library, wait_until, wait_writes

from newsread.config import Config
from newsread.model import Annotation
from storage.library import Library
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen
from tui.screens.tag_dialogs import DestroyDialog

SIZE = (80, 24)


def annotated_library(root):
    library = make_library(root)
    library.ensure_tag("x")
    library.save_annotation(
        Annotation(id="n1", article_id="second002", start=0, end=4, quote="Only", tags=["x"])
    )
    return library


def status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


async def test_an_empty_enter_closes_the_box_and_a_stray_enter_deletes_nothing(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(annotated_library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        screen = app.screen
        box = screen.query_one("#library-filter")
        table = screen.query_one("#articles")
        table.move_cursor(row=next(i for i in range(2) if table.key_at(i) == "second002"))
        # Back to back, as QA typed them: the box, an empty enter, then d.
        await pilot.press("slash", "enter", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog), timeout=10)
        assert not box.display  # the enter closed it: nothing looks editable
        hint = str(app.screen.query_one("#destroy-keys").render())
        assert "y: yes" in hint and "⏎" in hint and "no, keep everything" in hint
        # The enter meant for the box keeps everything; so do n and escape.
        for key in ("enter", "n", "escape"):
            await pilot.press(key)
            await wait_until(pilot, lambda: app.screen is screen, timeout=10)
            await pilot.press("d")
            await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog), timeout=10)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, timeout=10)
        await wait_writes(app)
        assert table.row_count == 2
    assert len(Library(root).annotations("second002")) == 1
    assert {m["id"] for m in Library(root).article_metas()} == {"harbour01", "second002"}


async def test_enter_applies_the_query_closes_the_box_and_the_status_keeps_it(tmp_path):
    app = NewsreadApp(annotated_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        box = screen.query_one("#library-filter")
        table = screen.query_one("#articles")
        await pilot.press("slash", *"second", "enter", "j")
        await wait_until(pilot, lambda: table.row_count == 1, timeout=10)
        assert not box.display and screen.focused is table
        assert box.value == "second"  # the letter after enter went to the table
        assert "filter: 'second' (/ edits · esc clears)" in status(app)
        # / edits the applied query; esc there drops it and closes the box.
        await pilot.press("slash")
        assert box.display and box.has_focus and box.value == "second"
        await pilot.press("enter")
        assert not box.display
        # esc in the list clears the applied query.
        await pilot.press("escape")
        await wait_until(pilot, lambda: table.row_count == 2, timeout=10)
        assert not box.display and "filter:" not in status(app)
        # A search asked from elsewhere (the reader's mentions) shows no box either.
        screen.search_for("second")
        await wait_until(pilot, lambda: table.row_count == 1, timeout=10)
        assert not box.display and screen.focused is table
        assert "filter: 'second'" in status(app)


async def test_esc_with_text_typed_closes_the_box_it_does_not_leave_it_empty_on_screen(
    tmp_path,
):
    app = NewsreadApp(annotated_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        screen = app.screen
        box = screen.query_one("#library-filter")
        await pilot.press("slash", *"sec", "escape")
        await wait_until(pilot, lambda: screen.query_one("#articles").row_count == 2)
        assert not box.display and not box.has_focus


async def test_the_destructive_yes_can_be_remapped_and_the_dialog_names_it(tmp_path):
    root = tmp_path / "lib"
    app = NewsreadApp(annotated_library(root), Config(keys={"destroy.yes": "D"}))
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=2)
        screen = app.screen
        table = screen.query_one("#articles")
        table.move_cursor(row=next(i for i in range(2) if table.key_at(i) == "second002"))
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DestroyDialog), timeout=10)
        assert "D: yes" in str(app.screen.query_one("#destroy-keys").render())
        await pilot.press("y")  # no longer the yes: nothing happens
        assert isinstance(app.screen, DestroyDialog)
        await pilot.press("D")
        await wait_until(pilot, lambda: table.row_count == 1, timeout=10)
        await wait_writes(app)
    assert [m["id"] for m in Library(root).article_metas()] == ["harbour01"]


def test_the_new_keys_have_ids_and_remap_cleanly():
    from tui.keymap import keymap_problems

    known = NewsreadApp.known_bindings()
    assert {"library.clear_filter", "destroy.yes", "destroy.no"} <= set(known)
    assert keymap_problems({}, NewsreadApp, "config") == []
    remap = {"destroy.yes": "D", "library.clear_filter": "ctrl+l"}
    assert keymap_problems(remap, NewsreadApp, "config") == []
