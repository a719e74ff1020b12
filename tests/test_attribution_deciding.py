""" "The appeals court overruled the judge's decision", "the city council
lifted the curfew": a named body's act of deciding takes a position on its
object. A passive with no one named, or a thing doing the act ("the crane
lifted the beams"), decides nothing."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims as _claims


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "The appeals court overruled the district judge's decision on the ballots.\n",
            "The appeals court",
            "overruled",
            "the district judge's decision on the ballots",
        ),
        (
            "Late on Sunday the city council lifted the midnight curfew.\n",
            "the city council",
            "lifted",
            "the midnight curfew",
        ),
    ],
    ids=["overruled", "lifted"],
)
def test_a_body_deciding_takes_a_position(pipeline, text, speaker, cue, content) -> None:
    assert _claims(pipeline, text) == [(speaker, cue, content)]


@pytest.mark.parametrize(
    "text",
    [
        "The curfew was lifted on Sunday.\n",
        "The crane lifted the steel beams onto the pier.\n",
    ],
    ids=["passive", "no-agent"],
)
def test_no_one_deciding_is_no_claim(pipeline, text) -> None:
    assert _claims(pipeline, text) == []
