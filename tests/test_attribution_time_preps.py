""" "Voted for the coming year", "weighed in on Friday about X": a
preposition a verb takes its content with ("vote for X", "weigh in on X")
can bring a time instead, which is not what the verb is about. What follows
the time may still be."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims as _claims


@pytest.mark.parametrize(
    "text",
    [
        "The council met to vote on the fares for the coming year.\n",
        "The council met to vote on fares for the coming year.\n",
    ],
    ids=["the-fares", "fares"],
)
def test_a_time_after_vote_for_is_no_claim(pipeline, text) -> None:
    assert _claims(pipeline, text) == []


def test_what_follows_the_time_is_the_content(pipeline) -> None:
    text = "Councillors weighed in on Friday about whether the fares should rise.\n"
    assert _claims(pipeline, text) == [
        ("Councillors", "weighed", "about whether the fares should rise")
    ]


def test_a_vote_for_a_thing_still_reports(pipeline) -> None:
    text = "The council voted for the new fares on Monday.\n"
    assert _claims(pipeline, text) == [("The council", "voted", "the new fares on Monday")]
