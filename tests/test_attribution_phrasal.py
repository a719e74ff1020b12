"""Phrasal verbs of putting forward and attacking ("laid out her proposals",
"has gone after the mayor as a bully", "is doubling down on X", "lashed out
at the board"): the agent-like subject speaks, what follows is the content.
The bare verb ("laid the table", "went after the meeting") reports nothing."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims

PHRASALS = {
    "lay out": (
        "In a speech on Friday, the mayor laid out her proposals to expand the ferry service.\n",
        ("the mayor", "laid out", "her proposals to expand the ferry service"),
    ),
    # The tagger reads this "lay" as the past of "lie".
    "lay out after a conjunction": (
        "The council needs to tell the truth and lay out actual policies for the harbour.\n",
        ("The council", "lay out", "actual policies for the harbour"),
    ),
    "go after": (
        "In recent weeks, Reid has gone after the mayor as a reckless spender and a bully.\n",
        ("Reid", "has gone after", "the mayor as a reckless spender and a bully"),
    ),
    "double down on": (
        "The senator is doubling down on her criticism of the harbour board.\n",
        ("The senator", "is doubling down on", "her criticism of the harbour board"),
    ),
    "lash out at": (
        "The senator lashed out at the board for its handling of the budget.\n",
        ("The senator", "lashed out at", "the board for its handling of the budget"),
    ),
}


@pytest.mark.parametrize("name", sorted(PHRASALS))
def test_a_phrasal_verb_reports(pipeline, name: str) -> None:
    text, expected = PHRASALS[name]
    assert expected in cued_claims(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "The volunteers laid the table before the guests arrived.\n",
        "They went after the meeting to the harbour.\n",
        "Prices doubled in the first week of the sale.\n",
    ],
    ids=["lay", "go after a time", "double"],
)
def test_without_its_particle_the_verb_reports_nothing(pipeline, text: str) -> None:
    assert cued_claims(pipeline, text) == []
