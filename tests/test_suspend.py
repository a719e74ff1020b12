"""ctrl+z suspends the app, as in any terminal program (Textual binds no key to
it, and in its raw mode the terminal passes ctrl+z on as a key). Driven by
Pilot, where the headless driver cannot suspend: the action is recorded."""

from __future__ import annotations

from newsread.config import Config
from tests.pilot_helpers import SIZE, library_ready, make_library, wait_until
from tui.app import NewsreadApp


async def test_ctrl_z_suspends_from_the_library_and_its_search_box(tmp_path, monkeypatch):
    suspended: list[str] = []
    monkeypatch.setattr(
        NewsreadApp,
        "action_suspend_process",
        lambda self: suspended.append(type(self.focused).__name__),
    )
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: len(suspended) == 1, timeout=10)
        await pilot.press("slash")
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: len(suspended) == 2, timeout=10)
    assert suspended == ["ArticleTable", "FilterBox"]
    assert "app.suspend" in NewsreadApp.known_bindings()
