"""The reader's margin: check-worthy sentences get a mark whose weight follows
their score, above the threshold set in the config; speakers and cues are
underlined, not whole claims."""

from __future__ import annotations

from newsread.config import ClaimDisplay, Config
from newsread.model import Article
from tests.pilot_helpers import SIZE, make_library, open_first_reader, wait_until
from tui.app import NewsreadApp
from tui.widgets.article_view import MARK_GLYPHS

BODY = (
    "Water rates in Marlow Bay will rise by 14% from March, the steepest increase in two "
    "decades.\n\n"
    "The typical household will pay about $9.40 more a month, the utilities department said.\n\n"
    "The mayor thanked the volunteers who cleaned the beach."
)


def margin(view) -> list[str]:
    """The first cell of every drawn row: the margin."""
    rows = [view.render_line(y) for y in range(view.size.height)]
    return [strip.text[:1] for strip in rows]


async def open_with(tmp_path, claims: ClaimDisplay):
    article = Article(id="rates01", title="Rates rise", body=BODY, source="Test Wire")
    library = make_library(tmp_path / "lib", [article])
    return NewsreadApp(library, Config(claims=claims))


async def test_margin_marks_check_worthy_sentences(tmp_path, pipeline):
    app = await open_with(tmp_path, ClaimDisplay(mark_threshold=0.0))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, "Rates rise")
        view = reader.view
        await wait_until(pilot, lambda: any(cell in MARK_GLYPHS for cell in margin(view)))
        statistic = next(c for c in reader.analysis.claims if c.kind == "statistic")
        assert statistic.start == 0  # the first sentence: a figure and a comparison
        assert margin(view)[0] in MARK_GLYPHS
        # The text starts right after the margin, where it always did.
        assert view.render_line(0).text[1:].startswith("Water rates in Marlow Bay")
        # The attributed claim is underlined on its speaker and cue only.
        attributed = next(c for c in reader.analysis.claims if c.kind == "attributed")
        under = [h for h in view.highlights if h.layer == "claim" and h.style.underline]
        assert {(h.start, h.end) for h in under} == {
            (attributed.speaker.start, attributed.speaker.end),
            (attributed.cue.start, attributed.cue.end),
        }
        # c hides the claims layer: the marks go with it.
        await pilot.press("c")
        await wait_until(pilot, lambda: not any(cell in MARK_GLYPHS for cell in margin(view)))
        await pilot.press("c")
        await wait_until(pilot, lambda: any(cell in MARK_GLYPHS for cell in margin(view)))


async def test_no_marks_under_the_threshold(tmp_path, pipeline):
    app = await open_with(tmp_path, ClaimDisplay(mark_threshold=1.0))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, "Rates rise")
        await wait_until(pilot, lambda: reader.view.cursor is not None)
        marked = [c for c in reader.analysis.claims if c.kind == "statistic" and c.score >= 1.0]
        assert not marked and reader.view.marks == []
        assert not any(cell in MARK_GLYPHS for cell in margin(reader.view))


def test_the_readme_config_and_help_say_which_claims_get_marks():
    """Marks go on statistic and factual claims at or above mark_threshold;
    quotes and attributed claims are underlined instead. The README once said
    any sentence with a figure got one (a quoted figure does not)."""
    import newsread.config
    from tests.conftest import ROOT
    from tui.highlights import MARKED_KINDS, UNDERLINED_KINDS

    assert frozenset({"statistic", "factual"}) == MARKED_KINDS
    assert frozenset({"quote", "attributed"}) == UNDERLINED_KINDS

    def setting(text: str) -> list[str]:
        lines = [line.strip() for line in text.splitlines()]
        at = next(i for i, line in enumerate(lines) if line.startswith("mark_threshold = "))
        return lines[at : at + 2]

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    said = setting(readme)
    assert said == setting(newsread.config.__doc__ or "")
    assert "statistic and factual claims" in said[0] and "attributed claims" in said[1]
    assert "Sentences with a checkable figure" not in readme
    assert "Quotes and attributed claims are never marked" in " ".join(readme.split())
    claims_key = NewsreadApp.known_bindings()["reader.toggle_claims"]
    assert "margin marks (statistic, factual)" in claims_key.description
