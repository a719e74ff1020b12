""" "As X put it, ...": the rest of the sentence is X's wording."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import analyse, claim_with


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "As the harbour master put it on Monday, the new cranes are a gamble that the"
            " port cannot afford.\n",
            "the new cranes are a gamble",
            "the harbour master",
        ),
        (
            "The ferry plan is mostly about saving money on fuel, as one councillor"
            " put it during the long debate.\n",
            "saving money on fuel",
            "one councillor",
        ),
    ],
    ids=["before the sentence", "after the sentence"],
)
def test_as_put_it(pipeline, text, content, speaker) -> None:
    claim = claim_with(analyse(pipeline, text), content)
    assert claim.cue is not None and claim.cue.text == "put it"
    assert claim.speaker is not None and claim.speaker.text == speaker


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
