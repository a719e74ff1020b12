"""Textual's own keys (the screen's tab, shift+tab and ctrl+c copy, the app's
ctrl+q, ctrl+c and ctrl+p, the text fields' editing keys) have ids like every
other binding: the help screen names them and [keys] can move them."""

from __future__ import annotations

from textual.widgets import Input

from newsread.config import Config
from tests.pilot_helpers import SIZE, make_library, wait_until
from tui.app import NewsreadApp
from tui.keymap import keymap_problems
from tui.screens.annotations import AnnotationsScreen
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen


def test_every_binding_of_every_screen_and_widget_has_an_id():
    from tui.widgets.article_view import ArticleView
    from tui.widgets.side_panel import SidePanel

    # The reader's text and side panel scroll: Textual's scrolling keys on
    # them had no ids, and end scrolled the text away from the cursor.
    classes = (
        NewsreadApp,
        *NewsreadApp.screen_classes(),
        *NewsreadApp.widget_classes(),
        ArticleView,
        SidePanel,
    )
    missing = [
        f"{cls.__name__}: {key} ({binding.action})"
        for cls in classes
        for key, binding in cls._merge_bindings()
        if not binding.id
    ]
    assert missing == []
    known = NewsreadApp.known_bindings()
    for ident in ("screen.focus_next", "screen.copy", "app.quit_anywhere", "app.command_palette"):
        assert ident in known
    assert {"field.home", "field.delete_left_all", "editor.select_all", "editor.undo"} <= set(known)
    # The text field keeps Textual's keys and actions, under its own ids.
    field = dict(NewsreadApp.widget_classes()[-2]._merge_bindings())
    assert field["shift+left"].action == "cursor_left(True)"
    assert field["shift+left"].id == "field.cursor_left_select"
    assert field["ctrl+a"].id == field["home"].id == "field.home"


def test_a_remap_onto_a_builtin_key_is_named():
    [problem] = keymap_problems({"library.sort": "ctrl+q"}, NewsreadApp, "config")
    assert "app.quit_anywhere (Quit, from anywhere), which answers first" in problem


async def test_builtin_keys_are_listed_and_can_be_moved(tmp_path):
    keys = {"app.quit_anywhere": "ctrl+o", "field.delete_left_all": "ctrl+l"}
    assert keymap_problems(keys, NewsreadApp, "config") == []
    app = NewsreadApp(make_library(tmp_path / "lib"), Config(keys=keys))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = {row[2]: row[0] for row in app.screen.rows}
        assert rows["screen.focus_next"] == "tab"
        assert rows["app.quit_anywhere"] == "^o"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, AnnotationsScreen))
        await pilot.press("slash")
        field = app.screen.query_one("#annotations-filter", Input)
        await wait_until(pilot, lambda: field.has_focus)
        await pilot.press("a", "b", "c")
        await wait_until(pilot, lambda: field.value == "abc")
        # Textual's ctrl+u for this action no longer does it; the user's key does.
        await pilot.press("ctrl+u")
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: field.value == "")
        await pilot.press("ctrl+q")
        assert app.is_running
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: not app.is_running)
