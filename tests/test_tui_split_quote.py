"""The reader's claims list shows a quote split by its attribution as the
words said, without "X said" between them (Pilot, the real pipeline)."""

from __future__ import annotations

from pilot_helpers import SIZE, library_ready, open_first_reader, wait_until

from newsread.config import Config
from newsread.model import Article
from storage.analyses import analysis_for
from storage.library import Library
from tui.app import NewsreadApp

BODY = (
    "The canal lock at Westerby has been shut since March.\n\n"
    '"Nobody has fixed the gates in ten years," Ilse Marchetti said. '
    '"We are the ones who get hurt when they jam."\n'
)


async def test_the_claims_list_shows_the_parts_said(tmp_path, pipeline) -> None:
    library = Library(tmp_path / "lib")
    library.save_articles([Article(id="lock00001", title="Lock shut", body=BODY, source="Wire")])
    analysis_for(library, library.get_article("lock00001"), pipeline)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=1)
        reader = await open_first_reader(pilot, app, "Lock shut")
        await wait_until(pilot, lambda: reader.analysis is not None)
        side = reader.query_one("#side-claim-list")
        await wait_until(pilot, lambda: side.option_count > 0)
        rows = [str(side.get_option_at_index(i).prompt) for i in range(side.option_count)]
        [row] = [r for r in rows if r.startswith("quote")]
        assert "Nobody has fixed the gates in ten years … We are" in row
        assert "Marchetti said" not in row
