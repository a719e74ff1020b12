"""``K`` on a claim whose speaker is a pronoun ("She added ...") says who the
pronoun stands for: one of the speakers and people named before it, or nobody;
kept as a correction across reopening the article (Pilot, real pipeline)."""

from __future__ import annotations

from newsread.analysis.corrections import correction_of
from newsread.config import Config
from newsread.model import Article
from tests.pilot_helpers import (
    SIZE,
    library_ready,
    make_library,
    open_first_reader,
    wait_until,
    wait_writes,
)
from tests.test_tui_corrections import choose, status
from tui.app import NewsreadApp
from tui.screens.dialogs import Chooser

TITLE = "Berth too short"
BODY = (
    "Harbour master Mira Olsen opened the new berth on Monday. "
    "Dana Whitlock said the berth was too short for the larger ferries. "
    "She added that a second berth would be needed by 2030.\n"
)
ARTICLE_ID = "berth0001"


async def analysed_reader(pilot, app):
    reader = await open_first_reader(pilot, app, TITLE)
    await wait_until(pilot, lambda: reader.analysis is not None and bool(reader.analysis.claims))
    return reader


def added(reader):
    return next(
        c for c in reader.model.visible_claims() if "second berth" in (c.content_words() or "")
    )


async def test_k_points_a_pronoun_speaker_at_someone_named_before(tmp_path, pipeline) -> None:
    lib = make_library(tmp_path / "lib", [Article(id=ARTICLE_ID, title=TITLE, body=BODY)])
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await analysed_reader(pilot, app)
        await wait_until(
            pilot,
            lambda: any(
                "second berth" in (c.content_words() or "") for c in reader.model.visible_claims()
            ),
        )
        claim = added(reader)
        assert claim.speaker is not None and claim.speaker.text == "She"
        reader.view.move_to_span((claim.start, claim.end), "sentence")
        await pilot.press("K")
        await choose(pilot, app, "who")
        await wait_until(pilot, lambda: isinstance(app.screen, Chooser))
        offered = dict(app.screen.items)
        olsen = next(i for i, label in offered.items() if label.startswith("Mira Olsen"))
        assert any(label.startswith("Dana Whitlock") for label in offered.values())
        await choose(pilot, app, olsen)
        await wait_until(
            pilot, lambda: (added(reader).speaker_resolved or claim.speaker).text == "Mira Olsen"
        )
        assert "“She” is now “Mira Olsen”" in status(reader)
        await wait_writes(app)
        [fix] = [a for a in lib.annotations(ARTICLE_ID) if correction_of(a) is not None]
        assert fix.data["speaker_resolved"]["text"] == "Mira Olsen"
        assert fix.data["correction"]["fields"] == ["speaker_resolved"]

        # Kept after reopening; then "nobody" leaves the pronoun unresolved.
        await pilot.press("escape")
        await library_ready(pilot, app)
        reader = await analysed_reader(pilot, app)
        await wait_until(
            pilot, lambda: (added(reader).speaker_resolved or claim.speaker).text == "Mira Olsen"
        )
        reader.view.move_to_span((claim.start, claim.end), "sentence")
        await pilot.press("K")
        await choose(pilot, app, "who")
        await choose(pilot, app, "who:none")
        await wait_until(pilot, lambda: added(reader).speaker_resolved is None)
        assert "stands for nobody now" in status(reader)
        await wait_writes(app)
