"""A claim noun that is the object of another cue ("dismissed the union's
criticism of X") is what that cue is about: one report, not two."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import analyse


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "The harbour board dismissed the union's criticism of the ferry plan.\n",
            "dismissed",
        ),
        ("The mayor repeated her criticism of the harbour board on Tuesday.\n", "repeated"),
        (
            "The harbour board praised the mayor's proposals to widen the old ferry quay.\n",
            "praised",
        ),
    ],
    ids=["criticism", "own criticism", "proposals"],
)
def test_noun_object_of_a_cue_is_no_second_report(pipeline, text, cue) -> None:
    cues = [c.cue.text for c in analyse(pipeline, text).claims if c.cue is not None]
    assert cues == [cue]


def test_noun_cue_as_subject_still_reports(pipeline) -> None:
    text = "The union's criticism of the ferry plan grew louder over the summer.\n"
    cues = [c.cue.text for c in analyse(pipeline, text).claims if c.cue is not None]
    assert cues == ["criticism of"]
