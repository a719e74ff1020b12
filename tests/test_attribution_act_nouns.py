"""Nouns of acts are no cues: "the union's efforts to X" is something done,
"the authority's request to Y" a filing; "the mayor's decision to Z" is a
stance of the mayor's and stays one."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import analyse, claim_with


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        (
            "The judge turned down the port authority's request to delay the hearing"
            " until spring.\n",
            "request",
        ),
        ("The mayor's attempt to close the old ferry terminal ended in a lawsuit.\n", "attempt"),
        (
            "The union's efforts to organise the night shift have stalled again this year.\n",
            "efforts",
        ),
    ],
    ids=["request", "attempt", "effort"],
)
def test_act_noun_is_no_cue(pipeline, text, noun) -> None:
    assert all(c.cue is None or c.cue.text != noun for c in analyse(pipeline, text).claims)


def test_decision_is_still_a_cue(pipeline) -> None:
    text = "The mayor's decision to close the old ferry terminal angered the harbour workers.\n"
    claim = claim_with(analyse(pipeline, text), "to close the old ferry terminal")
    assert claim.cue is not None and claim.cue.text == "decision"
    assert claim.speaker is not None and claim.speaker.text.startswith("The mayor")
