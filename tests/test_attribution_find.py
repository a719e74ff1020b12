""" "They found a way around X" is getting something, not a finding: with a
pronoun subject and no clause, "find" reports nothing. A clause ("she found
that X") or a study that finds still reports."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import analyse, claim_with


def test_pronoun_finding_a_thing_is_no_report(pipeline) -> None:
    text = "They found a way around the new rules before the harbour board met again.\n"
    assert all(c.cue is None for c in analyse(pipeline, text).claims)


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "She found that the ferry timetable had been changed without notice.\n",
            "the ferry timetable had been changed",
            "She",
        ),
        (
            "The harbour study found that the new cranes had cut waiting times by half.\n",
            "the new cranes had cut waiting times",
            "The harbour study",
        ),
    ],
    ids=["pronoun with a clause", "study"],
)
def test_finding_still_reports(pipeline, text, content, speaker) -> None:
    claim = claim_with(analyse(pipeline, text), content)
    assert claim.cue is not None and claim.cue.text == "found"
    assert claim.speaker is not None and claim.speaker.text == speaker
