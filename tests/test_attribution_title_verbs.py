""" "Premier Sees 'Real Risk' if X", "Island leaders weigh plans for Y": in a
text's title a present-tense cue verb with a named subject reports the rest of
the title, though it takes nothing a report would in running text. The same
line further down is running text and reports nothing."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import analyse, cued_claims


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "Premier Sees 'Real Risk' if Ferry Fares Rise Again.\nThe premier spoke on Monday.\n",
            "Premier",
            "Sees",
            "'Real Risk' if Ferry Fares Rise Again",
        ),
        (
            "Island leaders weigh plans for a second ferry.\nThe council met on Monday.\n",
            "Island leaders",
            "weigh",
            "plans for a second ferry",
        ),
    ],
    ids=["sees", "weigh"],
)
def test_title_verb_reports_the_rest_of_the_title(pipeline, text, speaker, cue, content) -> None:
    assert cued_claims(pipeline, text) == [(speaker, cue, content)]


def test_same_line_below_the_title_reports_nothing(pipeline) -> None:
    text = "The council met on Monday.\nIsland leaders weigh plans for a second ferry.\n"
    assert [c.cue.text for c in analyse(pipeline, text).claims if c.cue is not None] == []
