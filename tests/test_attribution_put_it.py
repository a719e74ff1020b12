""" "As X put it, ...": the rest of the sentence is X's wording."""

from __future__ import annotations

from tests.analysis_helpers import analyse, claim_with


def test_as_put_it_before_the_sentence(pipeline) -> None:
    text = (
        "As the harbour master put it on Monday, the new cranes are a gamble that the"
        " port cannot afford.\n"
    )
    claim = claim_with(analyse(pipeline, text), "the new cranes are a gamble")
    assert claim.cue is not None and claim.cue.text == "put it"
    assert claim.speaker is not None and claim.speaker.text == "the harbour master"


def test_as_put_it_after_the_sentence(pipeline) -> None:
    text = (
        "The ferry plan is mostly about saving money on fuel, as one councillor"
        " put it during the long debate.\n"
    )
    claim = claim_with(analyse(pipeline, text), "saving money on fuel")
    assert claim.cue is not None and claim.cue.text == "put it"
    assert claim.speaker is not None and claim.speaker.text == "one councillor"


def test_put_it_in_a_statement_is_one_cue(pipeline) -> None:
    text = (
        "As the port authority put it in a statement, the cranes will be replaced"
        " before the winter storms arrive.\n"
    )
    cues = [c.cue.text for c in analyse(pipeline, text).claims if c.cue is not None]
    assert cues == ["put it"]


def test_put_without_as_is_no_cue(pipeline) -> None:
    text = "The crew put it back on the shelf before the inspectors arrived at the dock.\n"
    assert all(c.cue is None for c in analyse(pipeline, text).claims)
