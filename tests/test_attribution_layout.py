"""Attributions that hang on the layout of pasted text: signed quotes with
non-breaking spaces, a mis-turned opening mark, transcripts pasted as quotes."""

from __future__ import annotations

from newsread.analysis.quote_marks import find_quotes
from tests.analysis_helpers import analyse, claim_with


def test_closing_mark_opening_a_paragraph_opens_a_quote() -> None:
    text = "Readers wrote in.\n\n”The ferry timetable is a mess every winter.” ― Ann Ruiz\n"
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end].startswith("”The ferry")


def test_closing_mark_after_a_word_still_closes() -> None:
    text = "“The bridge will open in May,” she said."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "“The bridge will open in May,”"


def test_signed_quote_with_non_breaking_spaces(pipeline) -> None:
    text = (
        "Readers told us what they think.\n"
        "“The new library hours suit nobody who works a day shift.”\xa0―\xa0Maria Okafor\xa0\n"
        "“I would rather see the pool open on Sundays again.” ― Tom Birch\n"
    )
    analysis = analyse(pipeline, text)
    first = claim_with(analysis, "library hours")
    assert first.speaker is not None and first.speaker.text == "Maria Okafor"
    assert first.cue is not None and first.cue.text == "―"
    second = claim_with(analysis, "pool open")
    assert second.speaker is not None and second.speaker.text == "Tom Birch"


def test_transcript_turns_pasted_as_quotes(pipeline) -> None:
    text = (
        "A partial transcript follows.\n\n"
        '"HARPER: Will the council vote on the harbour plan before the summer?\n\n'
        '"LINDQVIST: The council will vote in June, and I expect the plan to pass '
        'with a clear majority."\n'
    )
    analysis = analyse(pipeline, text)
    turns = {c.speaker.text: c for c in analysis.claims if c.speaker is not None}
    assert set(turns) == {"HARPER", "LINDQVIST"}
    claim = turns["LINDQVIST"]
    assert claim.cue is not None and claim.cue.text == ":"
    assert claim.content is not None and claim.content.text.startswith("The council will vote")


def test_two_apostrophes_as_double_quote_marks() -> None:
    text = "''Hopefully,'' the mayor said, ''the union's bridge will open in May.''"
    inner = [text[q.inner[0] : q.inner[1]] for q in find_quotes(text)]
    assert inner == ["Hopefully,", "the union's bridge will open in May."]


def test_two_apostrophe_quote_over_paragraphs() -> None:
    text = "''The first paragraph of it.\n\n''The second one,'' she said."
    (quote,) = find_quotes(text)
    assert text[quote.inner[0] : quote.inner[1]].endswith("The second one,")
