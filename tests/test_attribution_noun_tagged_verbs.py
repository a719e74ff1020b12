""" "County panel votes to hold X", "Regional court rules against Y": a cue verb
in the third person that the tagger takes for a plural noun heading the
sentence still reports, with its noun-phrase dependents as the speaker. A
plural noun with no one before it ("Plans for the harbour") or with an owner
("the senators' votes on X") is a noun."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import analyse, cued_claims


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "County panel votes to hold the ferry operator in contempt.\n",
            "County panel",
            "votes",
            "to hold the ferry operator in contempt",
        ),
        (
            "Regional court rules against the quarry's expansion plans.\n",
            "Regional court",
            "rules",
            "against the quarry's expansion plans",
        ),
    ],
    ids=["votes", "rules"],
)
def test_verb_tagged_as_a_plural_noun_reports(pipeline, text, speaker, cue, content) -> None:
    assert cued_claims(pipeline, text) == [(speaker, cue, content)]


@pytest.mark.parametrize(
    "text",
    ["Plans for the new harbour.\n", "The senators' votes on the ferry bill.\n"],
    ids=["no-one", "owned"],
)
def test_plural_noun_is_no_cue(pipeline, text) -> None:
    assert [c.cue.text for c in analyse(pipeline, text).claims if c.cue is not None] == []
