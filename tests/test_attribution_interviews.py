"""Interviews printed as questions and answers: "I" and "we" in an answer are
the interviewee the introduction names, and a bare "We" that nothing resolves
is no speaker to show."""

from __future__ import annotations

from tests.analysis_helpers import analyse, claim_with

_TURNS = (
    "Q: Did the board approve the new wing?\n\n"
    "A: We approved the plan in May. I think the wing will open next year.\n"
)


def test_an_answers_we_and_i_are_the_interviewee(pipeline) -> None:
    text = (
        "The Gazette spoke to Dr Lena Varga, the chair of the hospital board, about the"
        " new wing.\n\n" + _TURNS
    )
    analysis = analyse(pipeline, text)
    approved = claim_with(analysis, "the plan")
    assert approved.speaker is not None and approved.speaker.text == "We"
    assert approved.speaker_resolved is not None
    assert approved.speaker_resolved.text == "Lena Varga"
    opens = claim_with(analysis, "the wing will open next year")
    assert opens.speaker_resolved is not None and opens.speaker_resolved.text == "Lena Varga"


def test_the_one_interviewed_not_the_interviewer(pipeline) -> None:
    text = "Reporter Tom Hall interviewed Lena Varga at the hospital last week.\n\n" + _TURNS
    approved = claim_with(analyse(pipeline, text), "the plan")
    assert approved.speaker_resolved is not None
    assert approved.speaker_resolved.text == "Lena Varga"


def test_an_answer_nobody_is_named_for_has_no_bare_pronoun_speaker(pipeline) -> None:
    text = "Tom Hall and Maria Ruiz wrote about the hospital's new wing.\n\n" + _TURNS
    analysis = analyse(pipeline, text)
    for fragment in ("the plan", "the wing will open next year"):
        claim = claim_with(analysis, fragment)
        assert claim.speaker is None, claim.speaker


def test_we_outside_an_interview_stays_as_written(pipeline) -> None:
    text = (
        "Lena Varga chairs the hospital board.\n\n"
        "We approved the plan in May, the board's statement said on Friday.\n\n"
        "I think the wing will open next year.\n"
    )
    claim = claim_with(analyse(pipeline, text), "the wing will open next year")
    assert claim.speaker is not None and claim.speaker.text == "I"
    assert claim.speaker_resolved is None


def test_an_unresolved_answer_with_only_a_cue_is_no_claim(pipeline) -> None:
    # Without its "I" the cue alone says nothing: the claim goes.
    text = (
        "Q: When did you tell the board?\n\nA: I tweeted in the early hours before the board met.\n"
    )
    cues = [c.cue.text for c in analyse(pipeline, text).claims if c.cue is not None]
    assert "tweeted" not in cues
