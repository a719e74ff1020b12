"""The reader refuses an article whose body file was cut short outside
newsread: it says which file and how to put it back, and draws no annotation
or cached analysis at offsets into the wrong text."""

from __future__ import annotations

import os

from newsread.config import Config
from newsread.model import Annotation
from storage.library import Library
from tests.pilot_helpers import BODY, SIZE, library_ready, make_library, wait_until
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen


async def test_the_reader_names_a_cut_body_instead_of_showing_it(tmp_path):
    root = tmp_path / "lib"
    library = make_library(root)
    start = BODY.index("Mara Quist")
    library.save_annotation(
        Annotation("a1", "harbour01", start, start + 10, "Mara Quist", tags=["person"])
    )
    library.close()
    path = root / "bodies" / "harbour01.txt"
    os.truncate(path, 30)
    said: list[str] = []
    app = NewsreadApp(Library(root), Config())
    original = app.notify

    def notify(message, *args, **kwargs):
        said.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        table = app.screen.query_one("#articles")
        table.move_cursor(
            row=next(
                i
                for i in range(table.row_count)
                if str(table.get_row_at(i)[0]) == "Harbour crane approved"
            )
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(str(path) in s for s in said))
        (message,) = [s for s in said if str(path) in s]
        assert "text differs from what was imported" in message
        assert "newsread doctor" in message
        assert isinstance(app.screen, LibraryScreen)
        assert not any(isinstance(s, ReaderScreen) for s in app.screen_stack)
