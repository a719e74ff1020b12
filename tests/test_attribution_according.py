"""The phrase "according to X": its own parse failures and reports inside its sentence."""

from __future__ import annotations

from tests.analysis_helpers import analyse


def according(pipeline, text: str) -> list[tuple[str, str]]:
    return [
        (c.speaker.text, c.content.text)
        for c in analyse(pipeline, text).claims
        if c.cue is not None and c.cue.text.lower() == "according to" and c.speaker and c.content
    ]


def test_opening_phrase_run_into_the_sentence(pipeline) -> None:
    text = "According to local radio host Mia Berg, the ferry decision reeks of panic.\n"
    found = according(pipeline, text)
    assert len(found) == 1
    speaker, content = found[0]
    assert "Mia Berg" in speaker and "panic" not in speaker
    assert content.startswith("the ferry decision")


def test_report_inside_its_sentence_keeps_the_phrase(pipeline) -> None:
    text = (
        "The top 5 percent would see their after-tax incomes go up by as much as 9.1"
        " percent, according to the Harbour Institute, more than twice what it projected"
        " for the middle class.\n"
    )
    assert [s for s, _ in according(pipeline, text)] == ["the Harbour Institute"]
