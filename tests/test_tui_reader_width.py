"""The reader's longest line: capped ([reader] max_width) so a wide window
without the side panel does not give 190-column lines. Pilot, real files."""

from __future__ import annotations

from pathlib import Path

from newsread.config import DEFAULT_MAX_WIDTH, Config, read_config
from newsread.model import Article
from tests.pilot_helpers import make_library, open_first_reader, wait_until
from tui.app import NewsreadApp
from tui.widgets.layout import ScreenLine

LONG = " ".join(
    f"Paragraph sentence number {n} says the harbour board met again on Monday." for n in range(30)
)


def _widest(reader) -> int:
    # The columns a row fills: the space it breaks after is not drawn.
    rows, body = reader.view._layout.rows, reader.view.drawn
    return max(len(body[r.start : r.end].rstrip()) for r in rows if isinstance(r, ScreenLine))


async def _widest_line(root: Path, config: Config) -> int:
    app = NewsreadApp(make_library(root, [Article(id="long0001", title="Long", body=LONG)]), config)
    async with app.run_test(size=(200, 30)) as pilot:
        reader = await open_first_reader(pilot, app, "Long")
        if reader.query_one("#side").display:
            await pilot.press("s")
        await wait_until(pilot, lambda: not reader.query_one("#side").display)
        view = reader.view
        # Laid out again for the room the hidden panel left.
        await wait_until(pilot, lambda: view._layout.width == view._text_width() > 8)
        return _widest(reader)


async def test_lines_stop_at_the_configured_width(tmp_path, pipeline):
    assert DEFAULT_MAX_WIDTH - 15 < await _widest_line(tmp_path / "a", Config()) <= 100
    narrow = Config(max_width=60)
    assert 45 < await _widest_line(tmp_path / "b", narrow) <= 60
    assert await _widest_line(tmp_path / "c", Config(max_width=0)) > 150


def test_reader_max_width_is_checked(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[reader]\nmax_width = 72\n")
    assert read_config(path) == (Config(path=path, max_width=72), [])
    for bad, said in (
        ("5", "at least 20, or 0 for the window's width; not 5"),
        ("true", "not True"),
        ('"wide"', "not 'wide'"),
        ("-3", "must not be negative"),
    ):
        path.write_text(f"[reader]\nmax_width = {bad}\n")
        config, problems = read_config(path)
        assert config.max_width == DEFAULT_MAX_WIDTH
        assert len(problems) == 1 and said in problems[0], problems
    path.write_text("[reader]\nwidth = 80\n")
    assert "unknown setting 'width' (known: max_width)" in read_config(path)[1][0]
