""" "It is obvious that the crews want to know X": a want inside the clause of
a stance or a report is that stance's wording, and so is what is wanted; it
is no claim of its own."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import analyse


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "It is obvious that the ferry crews want to know what the new timetable holds.\n",
            "is obvious",
        ),
        (
            "The harbour master said she wanted to widen the old quay before the winter storms.\n",
            "said",
        ),
    ],
    ids=["stance", "report"],
)
def test_want_inside_a_clause_is_no_claim(pipeline, text, cue) -> None:
    cues = [c.cue.text for c in analyse(pipeline, text).claims if c.cue is not None]
    assert cues == [cue]
