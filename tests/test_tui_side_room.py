"""The side panel yields to the article's text: beside it the text keeps
TEXT_MIN columns; where that leaves the panel fewer than PANEL_MIN it is
hidden, and the status line says so (at 50 columns the text had 6 columns,
two letters to a line, beside a panel of 44)."""

from __future__ import annotations

from newsread.config import Config
from tests.pilot_helpers import make_library, open_first_reader, wait_until
from tui.app import NewsreadApp
from tui.widgets.side_panel import PANEL_MIN, PANEL_WIDTH, TEXT_MIN, side_width


def test_the_panel_takes_what_the_text_leaves():
    assert side_width(120) == PANEL_WIDTH
    assert side_width(80) == 80 - TEXT_MIN
    assert side_width(TEXT_MIN + PANEL_MIN) == PANEL_MIN
    assert side_width(TEXT_MIN + PANEL_MIN - 1) == 0
    assert side_width(20) == 0


async def test_the_side_panel_yields_to_the_text_in_a_narrow_terminal(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_first_reader(pilot, app)
        side, body = reader.query_one("#side"), reader.view
        assert not side.display  # hidden by default below 100 columns
        await pilot.press("s")
        await wait_until(pilot, lambda: side.display and side.outer_size.width == 80 - TEXT_MIN)
        await wait_until(pilot, lambda: body.outer_size.width == TEXT_MIN)
        # Narrower: the text keeps its room and the panel goes, said in the status line.
        await pilot.resize_terminal(50, 14)
        await wait_until(pilot, lambda: not side.display and body.outer_size.width == 50)
        assert reader.message.startswith("side panel hidden: at 50 columns")
        # s cannot bring it back there: it says why.
        await pilot.press("s")
        await wait_until(pilot, lambda: "shows the panel from 64" in reader.message)
        assert not side.display
        # Wide again: the panel the user asked for is back, at its full width.
        await pilot.press("s")
        await pilot.resize_terminal(120, 30)
        await wait_until(pilot, lambda: side.display and side.outer_size.width == PANEL_WIDTH)
        assert body.outer_size.width == 120 - PANEL_WIDTH
