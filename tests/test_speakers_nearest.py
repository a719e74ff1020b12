"""A pronoun speaker ("She added ...") stands for the nearest earlier speaker
who fits it, a described person ("The lead inspector") included, and a noun
that tells a gender ("a spokesman") does not fit the other pronoun."""

from __future__ import annotations

from tests.analysis_helpers import analyse, claim_with

TEXT = (
    'The council closed the pool in June. "We had no choice," a spokeswoman for the '
    'council said. "The roof was unsafe."\n\n'
    "Engineers found cracks in three of the beams. The building inspector said the repairs "
    "would take a year. She added that the pool could reopen in part by spring.\n"
)


def test_she_added_is_the_nearest_speaker_not_one_two_sentences_back(pipeline) -> None:
    claim = claim_with(analyse(pipeline, TEXT), "reopen in part")
    assert claim.speaker.text == "She"
    assert claim.speaker_resolved is not None
    assert claim.speaker_resolved.text == "The building inspector"


def test_a_nearer_speaker_that_may_be_a_person_leaves_she_unresolved(pipeline) -> None:
    text = TEXT.replace("The building inspector", "The chief surveyor")
    claim = claim_with(analyse(pipeline, text), "reopen in part")
    assert claim.speaker.text == "She"
    assert claim.speaker_resolved is None


def test_a_gendered_noun_does_not_fit_the_other_pronoun(pipeline) -> None:
    text = (
        "The ferry company cut its winter timetable. A spokesman for the company said the "
        "boats were needed elsewhere.\nShe said later that the cuts would last a month.\n"
    )
    claim = claim_with(analyse(pipeline, text), "would last a month")
    assert claim.speaker.text == "She"
    resolved = claim.speaker_resolved
    assert resolved is None or "spokesman" not in resolved.text


def test_a_description_the_named_person_carries_is_that_person(pipeline) -> None:
    # "The governor" after "Gov. Alma Reyes" is Reyes: "he"/"she" after both is hers.
    text = (
        "Gov. Alma Reyes signed the water bill on Friday.\n\n"
        "The governor said the bill would protect the wetlands. "
        "She added that the pumps would be replaced by 2028.\n"
    )
    claim = claim_with(analyse(pipeline, text), "pumps would be replaced")
    assert claim.speaker.text == "She"
    assert claim.speaker_resolved is not None
    assert claim.speaker_resolved.text in ("Alma Reyes", "The governor")
