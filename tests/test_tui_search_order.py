"""A search's own order: it starts at rank, best first, whatever the
library's sort and direction; s and S change the search's order only."""

from __future__ import annotations

from pilot_helpers import SIZE, library_ready, wait_until
from test_tui_search import listed, search_library, status

from newsread.config import Config
from tui.app import NewsreadApp

#: "crane" ranked: three cranes, two in a short body, one in a long body.
BEST_FIRST = ["three001", "two00001", "one00001"]


async def test_a_search_starts_best_first_and_s_keys_leave_the_library_sort_alone(
    tmp_path, pipeline
):
    app = NewsreadApp(search_library(tmp_path / "lib"), Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=4)
        await pilot.press("s", "S")
        await wait_until(pilot, lambda: "sorted by title (reversed)" in status(app))
        library_order = listed(app)

        await pilot.press("slash", *"crane", "enter")
        await wait_until(pilot, lambda: "3 found by search" in status(app))
        await wait_until(pilot, lambda: listed(app) == BEST_FIRST)
        assert "by rank" in status(app) and "(reversed)" not in status(app)

        # S turns the search around, and only the search.
        await pilot.press("S")
        await wait_until(pilot, lambda: listed(app) == BEST_FIRST[::-1])
        assert "by rank (reversed)" in status(app)
        # s moves the search on to the sorts; the library keeps its own.
        await pilot.press("s")
        await wait_until(pilot, lambda: "by date (reversed)" in status(app))

        await pilot.press("escape")
        await wait_until(pilot, lambda: len(listed(app)) == 4)
        assert "sorted by title (reversed)" in status(app)
        assert listed(app) == library_order
        model = app.screen.model
        assert model.sort == "title" and model.reverse and model.view().reverse

        # The next search starts at rank again, best first.
        await pilot.press("slash", *"crane", "enter")
        await wait_until(pilot, lambda: "3 found by search" in status(app))
        await wait_until(pilot, lambda: listed(app) == BEST_FIRST)
        assert "by rank" in status(app) and "(reversed)" not in status(app)
