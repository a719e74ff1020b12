"""Which attributions count as nested inside another one's report."""

from __future__ import annotations

from newsread.analysis import analyze_texts


def test_report_is_not_nested_in_the_next_paragraphs_cue(pipeline) -> None:
    # The parser can run the two paragraphs into one sentence and hang the
    # first report on the second cue; what a cue reports stays in its paragraph.
    text = (
        "''Hopefully,'' the mayor said, ''this bridge can help us reach each other.''\n\n"
        "''Perhaps it can help a visitor understand the town,'' Ms. Ortega said."
    )
    analysis = next(analyze_texts([text], pipeline))
    speakers = {c.speaker.text for c in analysis.claims if c.speaker is not None}
    assert {"the mayor", "Ms. Ortega"} <= speakers


def test_report_inside_a_report_stays_nested(pipeline) -> None:
    text = "The mayor said the council believes the bridge will open in May.\n"
    analysis = next(analyze_texts([text], pipeline))
    speakers = [c.speaker.text for c in analysis.claims if c.speaker is not None]
    assert speakers == ["The mayor"]
