"""Two claims of one sentence whose cues are the same word ("the mayor said
..., but a review said ..."): correcting, accepting or rejecting one acts on
that one whole, and every chooser names each by its speaker, cue and content.
Before, a new annotation moved the spans in its data by its own start, so the
first claim's cue landed on the second "said"; the choosers showed two equal
rows."""

from __future__ import annotations

from textual.widgets import OptionList

from newsread.analysis import Analysis, Claim, Span
from newsread.analysis.corrections import NOT_A_CLAIM, correction_of
from newsread.config import Config
from newsread.model import Article, new_annotation
from tests.pilot_helpers import SIZE, make_library, open_first_reader, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.models import correction_edits as edits
from tui.models.reader import ReaderModel
from tui.screens.dialogs import Chooser
from tui.wording import claim_named, claim_words, told_apart

BODY = (
    "The ferry runs twice a day. Then the mayor said the tunnel will cost 4 million, "
    "but a review said it will cost 7 million."
)
ARTICLE = Article(id="tunnel01", title="Tunnel costs", body=BODY)
SENTENCE = (BODY.index("Then"), len(BODY))


def _span(text: str, after: int = 0) -> Span:
    at = BODY.index(text, after)
    return Span(at, at + len(text), text)


SECOND = BODY.index("but a review")
MAYOR = Claim(
    *SENTENCE,
    "attributed",
    0.9,
    _span("the mayor"),
    _span("said"),
    _span("the tunnel will cost 4 million"),
)
REVIEW = Claim(
    *SENTENCE,
    "attributed",
    0.9,
    _span("a review"),
    _span("said", SECOND),
    _span("it will cost 7 million"),
)


def _reader() -> ReaderModel:
    reader = ReaderModel(ARTICLE, [], [], [])
    reader.set_analysis(
        Analysis("test", "1", [(0, SENTENCE[0] - 1), SENTENCE], [], [MAYOR, REVIEW]), ""
    )
    return reader


# -- the model ------------------------------------------------------------------------------


def test_a_new_annotation_keeps_the_spans_of_its_data_where_they_are():
    data = {"cue": {"start": MAYOR.cue.start, "end": MAYOR.cue.end, "text": "said"}}
    data["was"] = MAYOR.to_dict()
    ann = new_annotation(ARTICLE, *SENTENCE, ["x"], data=data)
    assert ann.data == data


def test_not_a_claim_on_the_first_hides_it_and_records_it_whole():
    reader = _reader()
    (change,) = edits.wrong_claim_changes(reader, MAYOR)
    assert change[0] is None
    assert change[1].tags == [NOT_A_CLAIM]
    assert correction_of(change[1])["was"] == MAYOR.to_dict()
    reader.apply([change])
    assert reader.visible_claims() == [REVIEW]


def test_accepting_the_first_stores_its_own_cue():
    accepted = _reader().suggestion_annotation(MAYOR)
    assert accepted.data["cue"] == {"start": MAYOR.cue.start, "end": MAYOR.cue.end, "text": "said"}
    assert accepted.data["speaker"]["text"] == "the mayor"


def test_a_claim_is_named_by_its_speaker_cue_and_the_start_of_its_content():
    assert claim_words(MAYOR) == "the mayor said “the tunnel will cost 4…”"
    assert claim_words(REVIEW) == "a review said “it will cost 7 million”"
    assert claim_named(None, "said", "short") == "said “short”"
    assert claim_named("the mayor", None, "short") == "the mayor: “short”"
    assert claim_named("the mayor", "said", None) == "the mayor said"
    assert claim_named(None, None, None) == "no speaker, cue or content"
    assert told_apart(["a", "b", "a"]) == ["a #1", "b", "a #3"]


# -- the reader ---------------------------------------------------------------------------


async def _reader_on_the_sentence(pilot, app):
    reader = await open_first_reader(pilot, app, ARTICLE.title)
    await wait_until(pilot, lambda: len(_shown(reader)) == 2)
    reader.view.move_to_span(SENTENCE, "sentence")
    return reader


def _shown(reader) -> list[str]:
    return sorted(c.speaker.text for c in reader.model.visible_claims() if c.speaker is not None)


async def _offered(pilot, app) -> Chooser:
    await wait_until(pilot, lambda: isinstance(app.screen, Chooser))
    return app.screen


async def _choose(pilot, app, chooser: Chooser, option_id: str) -> None:
    options = chooser.query_one(OptionList)
    options.highlighted = options.get_option_index(option_id)
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.screen is not chooser)


async def test_k_not_a_claim_hides_the_claim_it_was_listed_under(tmp_path, pipeline):
    lib = make_library(tmp_path / "lib", [ARTICLE])
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await _reader_on_the_sentence(pilot, app)
        await pilot.press("K")
        chooser = await _offered(pilot, app)
        wrong = [(i, label) for i, label in chooser.items if i.startswith(NOT_A_CLAIM)]
        assert [label for _, label in wrong] == [
            "this is not a claim · the mayor said “the tunnel will cost 4…”",
            "this is not a claim · a review said “it will cost 7 million”",
        ]
        # Every row of the chooser is one of a kind.
        assert len({label for _, label in chooser.items}) == len(chooser.items)
        await _choose(pilot, app, chooser, wrong[0][0])
        await wait_until(pilot, lambda: _shown(reader) == ["a review"])
        assert "(the mayor said “the tunnel will cost 4…”)" in reader.message
        await wait_writes(app)
        (stored,) = lib.annotations(ARTICLE.id)
        was = correction_of(stored)["was"]
        assert (was["start"], was["end"]) == SENTENCE
        assert [was[r]["text"] for r in ("speaker", "cue", "content")] == [
            "the mayor",
            "said",
            "the tunnel will cost 4 million",
        ]
        assert was["cue"]["start"] == BODY.index("said")


async def test_r_offers_each_claim_by_its_speaker_and_rejects_that_one(tmp_path, pipeline):
    lib = make_library(tmp_path / "lib", [ARTICLE])
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await _reader_on_the_sentence(pilot, app)
        await pilot.press("r")
        chooser = await _offered(pilot, app)
        offered = dict(chooser.items)
        assert sorted(offered.values()) == [
            "attributed: a review said “it will cost 7 million”",
            "attributed: the mayor said “the tunnel will cost 4…”",
        ]
        review = next(i for i, label in offered.items() if "a review" in label)
        await _choose(pilot, app, chooser, review)
        await wait_until(pilot, lambda: _shown(reader) == ["the mayor"])
        await wait_writes(app)
        (rejected,) = lib.rejected(ARTICLE.id)
        assert rejected["cue"]["start"] == BODY.index("said", SECOND)


HOSTILE = "Then [red]Ola\x1b[2J said the fare will rise, but [/]a review said it will fall."


def _hostile_span(text: str, after: int = 0) -> Span:
    at = HOSTILE.index(text, after)
    return Span(at, at + len(text), text)


async def test_the_chooser_shows_claim_words_literally_with_controls_neutralised(
    tmp_path, pipeline
):
    article = Article(id="fare01", title="Fares", body=HOSTILE)
    second = HOSTILE.index("a review")
    claims = [
        Claim(
            0,
            len(HOSTILE),
            "attributed",
            0.9,
            _hostile_span("[red]Ola\x1b[2J"),
            _hostile_span("said"),
            _hostile_span("the fare will rise"),
        ),
        Claim(
            0,
            len(HOSTILE),
            "attributed",
            0.9,
            _hostile_span("a review"),
            _hostile_span("said", second),
            _hostile_span("it will fall"),
        ),
    ]
    lib = make_library(tmp_path / "lib", [article])
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, article.title)
        await wait_until(pilot, lambda: reader.analysis is not None)
        analysis = Analysis("test", "1", [(0, len(HOSTILE))], [], claims)
        reader.post_message(reader.AnalysisReady(analysis, "test"))
        await wait_until(pilot, lambda: len(reader.model.visible_claims()) == 2)
        reader.view.move_to_span((0, len(HOSTILE)), "sentence")
        await pilot.press("r")
        chooser = await _offered(pilot, app)
        options = chooser.query_one(OptionList)
        first = str(options.get_option_at_index(0).prompt)
        assert first == "attributed: [red]Ola\u241b[2J said “the fare will rise”"
        drawn = app.export_screenshot()
        assert "\x1b[2J" not in drawn and "[red]Ola" in drawn
