"""The review screens from the app's keys: L lists every annotation, Q opens
the suggestion queue, from the library and from the reader; each names itself
on the help screen, and both keys can be remapped from the config file."""

from __future__ import annotations

from pathlib import Path

from newsread.config import Config, load_config
from tests.pilot_helpers import SIZE, library_ready, open_article, tagged_library, wait_until
from tui.app import NewsreadApp
from tui.screens.annotations import AnnotationsScreen
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.queue import QueueScreen
from tui.screens.reader import ReaderScreen


async def test_L_and_Q_open_the_review_screens_with_their_help(tmp_path: Path) -> None:
    app = NewsreadApp(tagged_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        for key, screen_type, title in (
            ("L", AnnotationsScreen, "Annotations"),
            ("Q", QueueScreen, "Suggestion queue"),
        ):
            await pilot.press(key)
            await wait_until(pilot, lambda t=screen_type: isinstance(app.screen, t))
            await pilot.press("question_mark")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            assert app.screen.title_text == title
            await pilot.press("escape")
            await wait_until(pilot, lambda t=screen_type: isinstance(app.screen, t))
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))

        # From the reader, and back to it.
        reader = await open_article(pilot, app)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, AnnotationsScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        assert isinstance(reader, ReaderScreen)


async def test_the_review_keys_can_be_remapped(tmp_path: Path) -> None:
    config_path = tmp_path / "config.toml"
    config_path.write_text('[keys]\n"app.annotations" = "ctrl+l"\n"app.queue" = "ctrl+q"\n')
    config = load_config(config_path)
    NewsreadApp.check_keymap(config)
    app = NewsreadApp(tagged_library(tmp_path / "lib"), config)
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, AnnotationsScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))


async def test_a_rejection_in_the_queue_shows_in_the_reader_under_it(tmp_path: Path, pipeline):
    from newsread.model import Article
    from storage.library import Library
    from tests.pilot_helpers import BODY, make_library, wait_writes

    root = tmp_path / "lib"
    make_library(root, [Article(id="harbour01", title="Harbour crane approved", body=BODY)])
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_article(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        assert reader.model.rejected == []
        await pilot.press("Q")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, QueueScreen) and app.screen.queue.current is not None,
        )
        await pilot.press("r")
        await wait_until(pilot, lambda: bool(Library(root).rejected("harbour01")))
        await wait_writes(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)
        stored = Library(root).rejected("harbour01")
        await wait_until(pilot, lambda: reader.model.rejected == stored)
