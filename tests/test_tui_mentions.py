"""From an entity or a speaker in the reader, M lists every article naming it
(a library search by normalised text and label), driven by Pilot with the real
spaCy pipeline and the real search index."""

from __future__ import annotations

from pilot_helpers import BODY, SIZE, library_ready, open_first_reader, wait_until

from newsread.config import Config
from newsread.model import Article
from newsread.search.query import mentions_query, parse_query
from storage.analyses import analysis_for
from storage.library import Library
from tui.app import NewsreadApp
from tui.screens.library import LibraryScreen

ALSO = (
    "Union leader Mara Quist said the port must hire more pilots. "
    "The board did not reply on Friday."
)
OTHER = "The choir of Port Ellis sang on Sunday. Nobody spoke to the press."


def listed(app) -> list[str]:
    table = app.screen.query_one("#articles")
    return [table.key_at(i) for i in range(table.row_count)]


def status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


def test_mentions_query_quotes_and_labels() -> None:
    assert mentions_query("Wang Wentao", "PERSON") == 'entity:"Wang Wentao" label:PERSON'
    assert mentions_query('The "Port"\nBoard', "ORG") == 'entity:"The Port Board" label:ORG'
    assert mentions_query("Mara Quist", speaker=True) == 'speaker:"Mara Quist"'
    # Whatever the text, the query parses.
    for text in ('"', 'a:b "c', "tag:x", "  "):
        parse_query(mentions_query(text + " Ellis", "GPE"))
        parse_query(mentions_query(text + " Ellis", speaker=True))


async def test_M_on_an_entity_lists_every_article_naming_it(tmp_path, pipeline) -> None:
    library = Library(tmp_path / "lib")
    articles = [
        Article(id="harbour01", title="Harbour crane approved", body=BODY, source="Test Wire"),
        Article(id="pilots001", title="Pilots wanted", body=ALSO, source="Test Wire"),
        Article(id="choir0001", title="Choir sings", body=OTHER, source="Arts"),
    ]
    library.save_articles(articles)
    for article in articles:
        analysis_for(library, library.get_article(article.id), pipeline)
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app, rows=3)
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        name = "Mara Quist"
        mention = next(e for e in reader.model.mentions(name) if e.label == "PERSON")
        reader.view.move_to_span((mention.start, mention.end), "mark")
        await pilot.press("M")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        box = app.screen.query_one("#library-filter")
        assert box.value == 'entity:"Mara Quist" label:PERSON'
        await wait_until(pilot, lambda: "found by search" in status(app), timeout=120)
        assert sorted(listed(app)) == ["harbour01", "pilots001"]

        # From the claims list: the speaker of the quote.
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is not reader and hasattr(app.screen, "model"))
        reader = app.screen
        await wait_until(pilot, lambda: reader.analysis is not None)
        claims = reader.model.visible_claims()
        index = next(
            i
            for i, c in enumerate(claims)
            if (c.speaker_resolved or c.speaker)
            and "Quist" in (c.speaker_resolved or c.speaker).text
        )
        side = reader.query_one("#side-claim-list")
        side.focus()
        side.highlighted = index
        await pilot.press("M")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        query = app.screen.query_one("#library-filter").value
        assert query.startswith('speaker:"') and "Quist" in query
        await wait_until(pilot, lambda: "found by search" in status(app), timeout=120)
        assert "harbour01" in listed(app) and "choir0001" not in listed(app)


async def test_M_elsewhere_says_what_it_needs(tmp_path, pipeline) -> None:
    library = Library(tmp_path / "lib")
    library.save_articles([Article(id="choir0001", title="Choir sings", body=OTHER)])
    app = NewsreadApp(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, title="Choir sings")
        await wait_until(pilot, lambda: reader.analysis is not None)
        reader.view.move_to_span((OTHER.index("Nobody"), OTHER.index("Nobody") + 6), "mark")
        await pilot.press("M")
        assert app.screen is reader
        bar = reader.query_one("#reader-status")
        await wait_until(pilot, lambda: "no entity or attributed claim" in str(bar.render()))
