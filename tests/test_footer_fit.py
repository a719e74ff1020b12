"""At 80x24 the footer shows every key that fits, in order, skipping one too
long for the room left instead of stopping at it; the help key is always
there, and the help screen lists every key of the screen."""

from __future__ import annotations

from pilot_helpers import library_ready, make_library, open_first_reader, wait_until

from newsread.config import Config
from tui.app import NewsreadApp
from tui.screens.help import HelpScreen
from tui.widgets.footer import HELP_ID, KeyFooter, _fitting

SMALL = (80, 24)


class Key:
    def __init__(self, ident: str, cells: int, action: str = "") -> None:
        self.id = ident
        self.cells = cells
        self.action = action or ident


def test_a_key_too_long_is_skipped_and_the_shorter_ones_after_it_shown() -> None:
    keys = [(Key(name, cells), True, "") for name, cells in [("a", 10), ("long", 30), ("b", 8)]]
    keys.append((Key(HELP_ID, 5), True, ""))
    kept = [k[0].id for k in _fitting(keys, 30, lambda b: b.cells)]
    assert kept == ["a", "b", HELP_ID]


def test_the_help_key_is_kept_when_nothing_else_fits() -> None:
    keys = [(Key("wide", 40), True, ""), (Key(HELP_ID, 6), True, "")]
    assert [k[0].id for k in _fitting(keys, 20, lambda b: b.cells)] == [HELP_ID]


def test_the_way_back_is_kept_though_it_comes_last() -> None:
    keys = [(Key(name, 10), True, "") for name in "abcde"]
    keys += [(Key("reader.back", 8, "back"), True, ""), (Key(HELP_ID, 6), True, "")]
    kept = [k[0].id for k in _fitting(keys, 40, lambda b: b.cells)]
    assert kept == ["a", "b", "reader.back", HELP_ID]
    # Without room for both, the help key (which lists the way back) wins.
    assert [k[0].id for k in _fitting(keys, 10, lambda b: b.cells)] == [HELP_ID]


def _check_footer(app: NewsreadApp) -> None:
    screen = app.screen
    footer = screen.query_one(KeyFooter)
    drawn = {key.action for key in footer.query("FooterKey")}
    shown: dict[str, object] = {}
    for active in screen.active_bindings.values():
        if active.binding.show:
            shown.setdefault(active.binding.action, active.binding)
    palette = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
    room = footer.size.width - (footer._cells(palette.binding) + 2 if palette else 0)
    used = sum(footer._cells(b) for action, b in shown.items() if action in drawn)
    assert "help" in drawn or "app.help" in drawn
    left = room - used
    assert left >= 0
    # Nothing left out would have fitted in the room left over.
    missing = {a: footer._cells(b) for a, b in shown.items() if a not in drawn}
    assert all(cells > left for cells in missing.values()), (missing, left)


def _help_lists_every_key(app: NewsreadApp, screen) -> None:
    assert isinstance(app.screen, HelpScreen)
    listed = {row[2] for row in app.screen.rows}
    ids = {a.binding.id for a in screen.active_bindings.values() if a.binding.id}
    assert ids <= listed


async def test_library_footer_at_80_columns(tmp_path, pipeline) -> None:
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SMALL) as pilot:
        await library_ready(pilot, app)
        await pilot.pause()
        _check_footer(app)
        library = app.screen
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        _help_lists_every_key(app, library)


async def test_a_long_remapped_key_leaves_room_for_the_shorter_ones_after_it(
    tmp_path, pipeline
) -> None:
    # Remapped to chords of two modifiers, Sort takes 15 cells and Refresh 24:
    # Refresh no longer fits at 80 columns, Quit after it does.
    keys = {"library.sort": "ctrl+shift+s", "library.refresh": "ctrl+shift+r"}
    app = NewsreadApp(make_library(tmp_path / "lib"), Config(keys=keys))
    async with app.run_test(size=SMALL) as pilot:
        await library_ready(pilot, app)
        await pilot.pause()
        drawn = [key.action for key in app.screen.query_one(KeyFooter).query("FooterKey")]
        assert "refresh_feeds" not in drawn
        assert "app.quit" in drawn or "quit" in drawn
        _check_footer(app)


async def test_reader_footer_at_80_columns(tmp_path, pipeline) -> None:
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SMALL) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        await pilot.pause()
        _check_footer(app)
        # The way back is on screen: it came last and was left out.
        drawn = {key.action: key for key in reader.query_one(KeyFooter).query("FooterKey")}
        assert "back" in drawn and drawn["back"].region.right <= SMALL[0], list(drawn)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        _help_lists_every_key(app, reader)
