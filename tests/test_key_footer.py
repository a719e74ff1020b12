"""The footer is rebuilt once per burst of binding updates, and only when the
keys it shows change (tui.widgets.footer)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.widgets.footer import KeyFooter


class Counting(KeyFooter):
    built = 0

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            type(self).built += 1
        yield from super().compose()


class Keys(App[None]):
    BINDINGS = [
        Binding("x", "mark", "Mark", id="t.mark"),
        Binding("y", "other", "Other", id="t.other"),
    ]
    marking = True

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield Counting()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None: shown, dimmed (False would hide it).
        return None if action == "mark" and not self.marking else True

    def action_mark(self) -> None:
        pass

    def action_other(self) -> None:
        pass


def footer_text(app: App[None]) -> str:
    footer = app.screen.query_one(Counting)
    return " ".join(str(key.render()) for key in footer.children)


async def test_a_burst_of_updates_rebuilds_once_and_equal_keys_not_at_all() -> None:
    app = Keys()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert "Mark" in footer_text(app) and "Other" in footer_text(app)
        Counting.built = 0
        for _ in range(5):
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        # The same keys: nothing to rebuild.
        assert Counting.built == 0

        # A key disabled: drawn differently, so rebuilt, once for the burst.
        app.marking = False
        for _ in range(5):
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert Counting.built == 1
        keys = app.screen.query_one(Counting).children
        disabled = [key for key in keys if key.has_class("-disabled")]
        assert [key.description for key in disabled] == ["Mark"]


async def test_a_remapped_key_is_shown() -> None:
    app = Keys()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        app.set_keymap({"t.mark": "m"})
        await pilot.pause()
        await pilot.pause()
        keys = {key.description: key.key for key in app.screen.query_one(Counting).children}
        assert keys["Mark"] == "m"


async def test_a_key_remapped_in_the_config_keeps_its_place_in_the_footer_and_help(tmp_path):
    # Textual re-adds a remapped binding at the end of its node's bindings:
    # "Sort" on z moved past every other key, and off the footer at 80 columns.
    from newsread.config import Config
    from tests.pilot_helpers import library_ready, make_library
    from tui.app import NewsreadApp

    def order(screen) -> list[str]:
        return [a.binding.id or "" for a in screen.active_bindings.values() if a.binding.show]

    plain = NewsreadApp(make_library(tmp_path / "a"), Config())
    async with plain.run_test(size=(120, 30)) as pilot:
        await library_ready(pilot, plain, rows=2)
        expected = order(plain.screen)
    assert expected.index("library.sort") < expected.index("library.refresh")

    remapped = NewsreadApp(make_library(tmp_path / "b"), Config(keys={"library.sort": "z"}))
    async with remapped.run_test(size=(120, 30)) as pilot:
        await library_ready(pilot, remapped, rows=2)
        screen = remapped.screen
        assert order(screen) == expected
        keys = [a for a in screen.active_bindings.values() if a.binding.id == "library.sort"]
        assert [a.binding.key for a in keys] == ["z"]
        footer = [str(k.render()) for k in screen.query_one(KeyFooter).children]
        sorting = next(i for i, text in enumerate(footer) if "Sort" in text)
        refresh = next(i for i, text in enumerate(footer) if "Refresh" in text)
        assert sorting < refresh


def _whole(app) -> bool:
    """Every key of the footer drawn whole, left of the palette key, with the
    help key among them."""
    from textual.widgets._footer import FooterKey

    keys = list(app.screen.query_one(KeyFooter).query(FooterKey))
    palette = [k for k in keys if k.has_class("-command-palette")]
    others = [k for k in keys if k not in palette]
    if not palette or not others or any(k.region.width == 0 for k in keys):
        return False
    return (
        all(k.region.right <= palette[0].region.x for k in others)
        and palette[0].region.right <= app.size.width
        and any(k.description == "Keys" for k in others)
    )


async def test_at_80_columns_no_footer_key_is_cut(tmp_path, pipeline) -> None:
    from newsread.config import Config
    from tests.pilot_helpers import library_ready, make_library, open_first_reader, wait_until
    from tui.app import NewsreadApp

    app = NewsreadApp(make_library(tmp_path / "lib"), Config(path=tmp_path / "config.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot, app)
        await wait_until(pilot, lambda: _whole(app))
        await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: _whole(app))
        await pilot.press("escape")
        for key in ("T", "L"):
            await library_ready(pilot, app)
            await pilot.press(key)
            await wait_until(pilot, lambda: type(app.screen).__name__ != "LibraryScreen")
            await wait_until(pilot, lambda: _whole(app))
            await pilot.press("escape")
        # Wider, more keys fit; narrower, fewer: rebuilt on resize.
        await library_ready(pilot, app)
        shown = len(app.screen.query_one(KeyFooter).children)
        await pilot.resize_terminal(140, 24)
        await wait_until(pilot, lambda: len(app.screen.query_one(KeyFooter).children) > shown)
        await wait_until(pilot, lambda: _whole(app))
