""" "Asked about X, Y said ...": the question put to a speaker is a report of its own."""

from __future__ import annotations

from tests.analysis_helpers import analyse, claim_with


def test_asked_about_a_topic(pipeline) -> None:
    text = (
        "Asked about the ferry closures, the harbour master said the service would resume in May.\n"
    )
    analysis = analyse(pipeline, text)
    asked = claim_with(analysis, "the ferry closures")
    assert asked.cue is not None and asked.cue.text == "Asked about"
    said = claim_with(analysis, "the service would resume")
    assert said.cue is not None and said.cue.text == "said"
    assert said.speaker is not None and said.speaker.text == "the harbour master"


def test_asked_to_describe_is_one_question(pipeline) -> None:
    text = (
        "Asked to describe the damage to the pier, the engineer said it was worse than expected.\n"
    )
    analysis = analyse(pipeline, text)
    asked = claim_with(analysis, "to describe the damage")
    assert asked.cue is not None and asked.cue.text == "Asked"
    cues = [c.cue.text for c in analysis.claims if c.cue is not None]
    assert "describe" not in " ".join(cues).replace("Asked", "")


def test_pressed_on_nothing_is_no_question(pipeline) -> None:
    text = "When pressed by reporters, the treasurer changed the subject to tourism.\n"
    assert all(c.cue is None for c in analyse(pipeline, text).claims)


def test_asked_to_do_something_is_no_question(pipeline) -> None:
    text = "When asked to leave the building, the protesters sat down in the hallway.\n"
    assert all(c.cue is None for c in analyse(pipeline, text).claims)
