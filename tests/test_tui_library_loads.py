"""The library screen loads the library once when the app opens, and again
when the screen comes back: its first resume comes with its mount, and a
second load beside the first parsed a changed index twice at once (two child
processes of ~270 MB each at 100,000 articles)."""

from __future__ import annotations

import threading

from newsread.config import Config
from storage import catalog
from tests.pilot_helpers import SIZE, library_ready, make_library, open_first_reader, wait_until
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen


async def test_the_app_loads_the_library_once_and_again_on_return(tmp_path, monkeypatch, pipeline):
    loads: list[str] = []
    guard = threading.Lock()
    load = catalog.load

    def counted(root, lean=False):
        with guard:
            loads.append(str(root))
        return load(root, lean)

    monkeypatch.setattr(catalog, "load", counted)
    trace = tmp_path / "keys.trace"
    monkeypatch.setenv("NEWSREAD_TRACE_KEYS", str(trace))
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await app.workers.wait_for_complete()
        assert len(loads) == 1

        def loaded() -> int:
            return trace.read_text(encoding="utf-8").count("library loaded")

        assert loaded() == 1
        await open_first_reader(pilot, app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        # Back from the reader, the screen looks again (another process may have written).
        await wait_until(pilot, lambda: loaded() == 2)
