"""Cues the parse gives no content: a verb joined to another by "and" or "but"
("..., but the largest operators have found ways to X") or one with a modal
("they wouldn't tell the board anything") reports nothing; a conjunct with a
clause of its own ("visited the pier and tweeted that X") still does."""

from __future__ import annotations

from tests.analysis_helpers import analyse, claim_with


def test_conjunct_without_content_is_no_claim(pipeline) -> None:
    text = (
        "Ferry owners complain that the fares are too low, but the largest operators"
        " have found ways to make the long routes pay.\n"
    )
    cues = [c.cue.text for c in analyse(pipeline, text).claims if c.cue is not None]
    assert cues == ["complain"]


def test_conjunct_with_a_clause_still_reports(pipeline) -> None:
    text = "The mayor visited the old pier and tweeted that the repairs were finished.\n"
    claim = claim_with(analyse(pipeline, text), "the repairs were finished")
    assert claim.cue is not None and claim.cue.text == "tweeted"
    assert claim.speaker is not None and claim.speaker.text == "The mayor"


def test_modal_report_without_content_is_no_claim(pipeline) -> None:
    # A report that may never happen ("would", "will") with nothing said in it.
    text = "They wouldn't tell the harbour board anything it doesn't already know.\n"
    assert all(c.cue is None for c in analyse(pipeline, text).claims)
