"""A verb of saying whose parse gives it no clause ("The exhibition explains
the working conditions of miners who dug the tunnels") says its object; the object
of a verb of telling is the one told ("reminded the members ..."), so that
claim keeps no content."""

from __future__ import annotations

from tests.analysis_helpers import cued_claims


def test_the_object_is_what_is_said(pipeline) -> None:
    text = "The exhibition explains the working conditions of miners who dug the tunnels.\n"
    assert cued_claims(pipeline, text) == [
        ("The exhibition", "explains", "the working conditions of miners who dug the tunnels")
    ]


def test_the_one_told_is_not_what_is_said(pipeline) -> None:
    text = "The chairman reminded the members who arrived late about the rules.\n"
    assert cued_claims(pipeline, text) == [("The chairman", "reminded", None)]


def test_a_thing_added_is_not_what_is_said(pipeline) -> None:
    text = "Okafor added a third goal just before half time, which stunned the crowd.\n"
    assert cued_claims(pipeline, text) == [("Okafor", "added", None)]


def test_a_report_inside_the_object_nests_in_it(pipeline) -> None:
    # The surveys' suggestion is part of what the guide explains: one claim.
    text = (
        "The guide explains earlier surveys suggesting that most riders would pay more"
        " for night buses.\n"
    )
    assert cued_claims(pipeline, text) == [
        (
            "The guide",
            "explains",
            "earlier surveys suggesting that most riders would pay more for night buses",
        )
    ]
