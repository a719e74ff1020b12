"""Passives of saying with no named source ("a curfew was announced", "the
costs are being debated"): the subject, with what the verb takes, is reported
by someone unnamed. A named agent is the speaker, a clause after an empty "it"
is the content, and "what was mentioned" names nothing."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims

REPORTS = {
    "announce": (
        "A curfew was announced from midnight to 6 a.m. on Friday.\n",
        (None, "was announced", "A curfew was announced from midnight to 6 a.m. on Friday"),
    ),
    "debate": (
        "The costs of the new bridge are being debated again in the council.\n",
        (
            None,
            "are being debated",
            "The costs of the new bridge are being debated again in the council",
        ),
    ),
    "mention": (
        "The harbour's funding gap has barely been mentioned in the mayoral race.\n",
        (
            None,
            "has barely been mentioned",
            "The harbour's funding gap has barely been mentioned in the mayoral race",
        ),
    ),
    "confirm": (
        "The ferry schedule was confirmed on Monday.\n",
        (None, "was confirmed", "The ferry schedule was confirmed on Monday"),
    ),
}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_passive_report_has_an_unnamed_source(pipeline, name: str) -> None:
    text, expected = REPORTS[name]
    assert expected in cued_claims(pipeline, text)


def test_a_named_agent_is_the_speaker(pipeline) -> None:
    claims = cued_claims(pipeline, "The plan was announced by the mayor on Monday.\n")
    assert claims == [("the mayor", "was announced", "The plan")]


def test_an_empty_it_leaves_the_clause_as_content(pipeline) -> None:
    claims = cued_claims(pipeline, "It was announced that the harbour will close.\n")
    assert claims == [(None, "was announced", "that the harbour will close")]


def test_what_was_mentioned_is_no_report(pipeline) -> None:
    assert cued_claims(pipeline, "What was mentioned at the meeting stayed private.\n") == []
