"""A quote split by its attribution ('"A," X said. "B."') is one claim whose
content runs from A to B, as news annotation marks it, and whose parts are
the words said, without "X said" between them: what the reader shows and an
accepted claim exports."""

from __future__ import annotations

from newsread.analysis import Claim
from tests.analysis_helpers import analyse

TEXT = (
    "The lock keepers walked out at dawn. "
    '"Nobody has fixed the gates in ten years," Ilse Marchetti said. '
    '"We are the ones who get hurt when they jam."\n'
)


def split_claim(pipeline) -> Claim:
    claims = [c for c in analyse(pipeline, TEXT).claims if c.kind == "quote"]
    assert len(claims) == 1
    return claims[0]


def test_the_parts_are_the_words_said_without_the_attribution(pipeline) -> None:
    claim = split_claim(pipeline)
    assert claim.speaker is not None and claim.speaker.text == "Ilse Marchetti"
    assert claim.content_parts is not None
    parts = [p.text for p in claim.content_parts]
    assert parts == [
        "Nobody has fixed the gates in ten years",
        "We are the ones who get hurt when they jam.",
    ]
    for part in claim.content_parts:
        assert TEXT[part.start : part.end] == part.text
    words = claim.content_words() or ""
    assert "Marchetti" not in words and "said" not in words


def test_the_content_still_spans_both_parts(pipeline) -> None:
    claim = split_claim(pipeline)
    assert claim.content is not None and claim.content_parts is not None
    assert claim.content.start == claim.content_parts[0].start
    assert claim.content.end == claim.content_parts[-1].end


def test_parts_survive_the_json_round_trip(pipeline) -> None:
    claim = split_claim(pipeline)
    again = Claim.from_dict(claim.to_dict())
    assert again == claim


def test_a_quote_in_one_piece_has_no_parts(pipeline) -> None:
    text = '"The gates have jammed twice this week alone," Ilse Marchetti said.\n'
    [claim] = [c for c in analyse(pipeline, text).claims if c.kind == "quote"]
    assert claim.content_parts is None
    assert "content_parts" not in claim.to_dict()
