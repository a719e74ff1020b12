""" "As stated in the board's report", "is documented in the film": a passive
cue (or an "as" clause) with no agent whose "in" phrase names a work has
that work for its speaker. A named subject keeps its own voice, and an "in"
phrase that names no work is no source."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims as _claims


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        (
            "All of this is carefully documented in the film.\n",
            "the film",
            "is carefully documented",
        ),
        (
            "As stated in the harbour board's report, the ferry lost money every winter.\n",
            "the harbour board's report",
            "stated",
        ),
        (
            "The delays were criticized in the report as avoidable.\n",
            "the report",
            "were criticized",
        ),
        (
            "Most of the council's promises were rated as false in the review.\n",
            "the review",
            "were rated",
        ),
    ],
    ids=["documented", "as-stated", "criticized", "rated"],
)
def test_the_work_is_the_speaker(pipeline, text, speaker, cue) -> None:
    assert [(s, c) for s, c, _ in _claims(pipeline, text)] == [(speaker, cue)]


def test_a_named_subject_keeps_its_voice(pipeline) -> None:
    text = "Hale has argued in her column that the ferry should be free.\n"
    assert _claims(pipeline, text) == [("Hale", "has argued", "that the ferry should be free")]


def test_an_in_phrase_that_names_no_work_is_no_source(pipeline) -> None:
    text = "The merger was criticized in March as reckless.\n"
    assert all(speaker is None for speaker, _, _ in _claims(pipeline, text))
