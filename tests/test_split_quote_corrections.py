"""A quote split by its attribution keeps its parts (the words said, without
"X said") when accepted and when one of its other roles is corrected; a
corrected content is the user's one run of words, without the model's parts."""

from __future__ import annotations

from newsread.analysis import Analysis, Claim, Span
from newsread.model import Article
from tui.models.correction_edits import claim_role_changes
from tui.models.reader import ReaderModel
from tui.wording import claim_words

BODY = '"The gates have jammed again," Ilse Marchetti said. "Nobody came to fix them."\n'
ARTICLE = Article(id="lock", title="Lock", body=BODY)


def span(text: str) -> Span:
    at = BODY.index(text)
    return Span(at, at + len(text), text)


FIRST = span("The gates have jammed again")
SECOND = span("Nobody came to fix them.")
CONTENT = Span(FIRST.start, SECOND.end, BODY[FIRST.start : SECOND.end])
QUOTE = Claim(
    0,
    len(BODY) - 1,
    "quote",
    0.6,
    speaker=span("Ilse Marchetti"),
    cue=span("said"),
    content=CONTENT,
    content_parts=[FIRST, SECOND],
)


def reader() -> ReaderModel:
    model = ReaderModel(ARTICLE, [], [], annotator="ann")
    model.set_analysis(Analysis("test", "0", [(0, len(BODY) - 1)], [], [QUOTE]), "test")
    return model


def test_an_accepted_split_quote_exports_its_parts() -> None:
    data = reader().suggestion_annotation(QUOTE).data
    assert data["content"] == CONTENT.__dict__
    assert data["content_parts"] == [FIRST.__dict__, SECOND.__dict__]


def test_the_claim_is_named_by_its_parts_not_its_attribution() -> None:
    words = claim_words(QUOTE)
    assert "Marchetti said" not in words.split("“", 1)[1]


def test_a_corrected_speaker_keeps_the_parts() -> None:
    model = reader()
    ((_, fixed),) = claim_role_changes(model, QUOTE, "speaker", span("Marchetti"))
    assert fixed.data["content_parts"] == [FIRST.__dict__, SECOND.__dict__]
    model.apply([(None, fixed)])
    [claim] = model.visible_claims()
    assert claim.speaker == span("Marchetti")
    assert claim.content_parts == [FIRST, SECOND]


def test_a_corrected_content_drops_the_models_parts() -> None:
    model = reader()
    ((_, fixed),) = claim_role_changes(model, QUOTE, "content", SECOND)
    assert "content_parts" not in fixed.data
    model.apply([(None, fixed)])
    [claim] = model.visible_claims()
    assert claim.content == SECOND and claim.content_parts is None
    assert claim.content_words() == SECOND.text
