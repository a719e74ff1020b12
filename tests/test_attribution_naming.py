"""A name given ("a stream called Miracle Run") is no view ascribed to anyone."""

from __future__ import annotations

from tests.analysis_helpers import analyse


def test_called_with_a_name_is_no_cue(pipeline) -> None:
    text = "The new ferry, called Northern Star, will carry four hundred passengers a day.\n"
    assert all(c.cue is None for c in analyse(pipeline, text).claims)


def test_called_with_a_judgement_is_still_a_cue(pipeline) -> None:
    text = "The port bought two cranes, called unsafe in an earlier inspection.\n"
    cues = [c.cue.text for c in analyse(pipeline, text).claims if c.cue is not None]
    assert cues == ["called"]
