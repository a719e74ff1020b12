"""Cues the parse gives no content: a verb joined to another by "and" or "but"
("..., but the largest operators have found ways to X") or one with a modal
("they wouldn't tell the board anything") reports nothing; a conjunct with a
clause of its own ("visited the pier and tweeted that X") still does."""

from __future__ import annotations

from tests.analysis_helpers import analyse, claim_with, cued_claims


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


def test_a_conjunct_report_with_its_own_subject_keeps_its_speaker(pipeline) -> None:
    # The parse hangs "cautioned" on the first report's clause ("lead"); its
    # content is cut off there, but the second report names its own speaker:
    # it was given the first one's ("The ministry").
    text = (
        "The ministry said the tests could lead to cheaper ferries, but independent engineer "
        "Lise Moraes cautioned that trial results often fail at sea.\n"
    )
    claims = cued_claims(pipeline, text)
    assert ("The ministry", "said", "the tests could lead to cheaper ferries") in claims
    [cautioned] = [c for c in claims if c[1] == "cautioned"]
    assert cautioned[0] == "independent engineer Lise Moraes"
    assert cautioned[2] == "that trial results often fail at sea"


def test_a_conjunct_report_without_a_subject_is_the_first_speakers(pipeline) -> None:
    # The other side: "... and warned ..." has no subject of its own.
    text = (
        "The mayor said she would sign the budget on Friday and warned that the library "
        "hours could be cut next year.\n"
    )
    speakers = {cue: speaker for speaker, cue, _ in cued_claims(pipeline, text)}
    assert speakers.get("warned") == "The mayor"
