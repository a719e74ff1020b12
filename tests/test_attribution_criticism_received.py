"""Criticism someone is on the receiving end of ("faced harsh criticism from
residents for X", "came under blistering criticism for X", "took heat for X"):
the critics, named after "from" or not at all, judge X; with no "for" they
judge the one criticised."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims

RECEIVED = {
    "faced, from and for": (
        "The mayor faced harsh criticism from residents for closing the night bus routes.\n",
        ("residents", "criticism", "closing the night bus routes"),
    ),
    "no reason given": (
        "The mayor's video has faced ridicule online all week.\n",
        (None, "ridicule", "The mayor's video"),
    ),
    "came under": (
        "Last year the ferry operator came under blistering criticism"
        " for cancelling the winter timetable.\n",
        (None, "criticism", "cancelling the winter timetable"),
    ),
    "over": (
        "The ministry drew criticism from farmers over its plan to close the grain depot.\n",
        ("farmers", "criticism", "its plan to close the grain depot"),
    ),
    "took heat": (
        "The harbour chief took heat for cancelling the summer regatta.\n",
        (None, "heat", "cancelling the summer regatta"),
    ),
}


@pytest.mark.parametrize("name", sorted(RECEIVED))
def test_received_criticism_is_reported(pipeline, name: str) -> None:
    text, expected = RECEIVED[name]
    assert expected in cued_claims(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "She took the heat off the stove before the guests arrived.\n",
        "The team faced a tough schedule in the spring.\n",
    ],
    ids=["cooking", "no criticism"],
)
def test_other_objects_report_nothing(pipeline, text: str) -> None:
    assert cued_claims(pipeline, text) == []
