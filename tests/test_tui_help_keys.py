"""The help screen's own keys: j and k scroll it as they move every list,
they have ids ([keys] moves them), and the screen lists its own keys (closing
it, j/k, the pane's scroll.* keys) under the keys of the screen underneath."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Static

from newsread.config import Config
from tests.pilot_helpers import make_library, wait_until
from tui.app import NewsreadApp
from tui.keymap import keymap_problems
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen

SMALL = (80, 24)


async def open_help(pilot, app: NewsreadApp) -> HelpScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
    await pilot.press("question_mark")
    await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
    help_screen = app.screen
    await wait_until(pilot, lambda: bool(help_screen.own_rows))
    return help_screen


async def test_j_and_k_scroll_the_help_and_its_own_keys_are_listed(tmp_path):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SMALL) as pilot:
        help_screen = await open_help(pilot, app)
        own = {row[2]: row[0] for row in help_screen.own_rows}
        assert own["help.down"] == "j" and own["help.up"] == "k"
        assert own["help.close"] == "esc"
        assert own["scroll.down"] == "↓" and own["scroll.page_down"] == "pgdn"
        pane = help_screen.query_one("#help-box")
        assert pane.max_scroll_y > 2  # the library's keys do not fit in 80x24
        await pilot.press("j", "j", "j")
        await wait_until(pilot, lambda: pane.scroll_y == 3)
        await pilot.press("k")
        await wait_until(pilot, lambda: pane.scroll_y == 2)
        # Listed on the screen itself, not only kept in own_rows.
        listed = Console(width=76, file=io.StringIO())
        listed.print(help_screen.query_one("#help-own", Static).content)
        drawn = listed.file.getvalue()
        assert "help.down" in drawn and "scroll.page_down" in drawn


async def test_the_help_scroll_keys_can_be_remapped(tmp_path):
    keys = {"help.down": "n", "help.up": "p"}
    assert keymap_problems(keys, NewsreadApp, "config") == []
    app = NewsreadApp(make_library(tmp_path / "lib"), Config(keys=keys))
    async with app.run_test(size=SMALL) as pilot:
        help_screen = await open_help(pilot, app)
        own = {row[2]: row[0] for row in help_screen.own_rows}
        assert own["help.down"] == "n" and own["help.up"] == "p"
        pane = help_screen.query_one("#help-box")
        await pilot.press("n", "n", "j")
        await wait_until(pilot, lambda: pane.scroll_y == 2)
        await pilot.press("p")
        await wait_until(pilot, lambda: pane.scroll_y == 1)
