"""A "said" in a relative clause inside another report names its own speaker."""

from __future__ import annotations

from tests.analysis_helpers import analyse


def test_said_in_relative_clause_inside_a_report(pipeline) -> None:
    text = (
        "The mayor attacked rival candidates for accepting large donations, "
        "which he said were tied to favours from developers.\n"
    )
    claims = [c for c in analyse(pipeline, text).claims if c.cue is not None]
    said = [c for c in claims if c.cue.text == "said"]
    assert len(said) == 1
    assert said[0].speaker.text == "he"
    assert "tied to favours" in said[0].content.text
    assert any(c.cue.text == "attacked" for c in claims)


def test_said_inside_a_report_stays_nested(pipeline) -> None:
    text = "The mayor said the council believes the harbour plan is too expensive.\n"
    claims = [c for c in analyse(pipeline, text).claims if c.cue is not None]
    assert [c.cue.text for c in claims] == ["said"]
