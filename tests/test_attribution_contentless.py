"""A report whose content the parse does not find still names who spoke."""

from __future__ import annotations

from tests.analysis_helpers import analyse


def test_report_without_parsed_content_keeps_speaker_and_cue(pipeline) -> None:
    text = "Council members have not said when they would vote on the harbour plan.\n"
    claims = [c for c in analyse(pipeline, text).claims if c.kind == "attributed"]
    assert [(c.speaker.text, c.cue.text) for c in claims] == [("Council members", "have not said")]
    # The claim is the sentence; what exactly was said is left open.
    assert claims[0].start == 0 and claims[0].content is None


def test_bare_speech_act_is_no_claim(pipeline) -> None:
    text = "The ferry operator declined to comment. Ms. Lund would not say.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)


def test_quoted_speakers_own_words_are_no_claim(pipeline) -> None:
    text = '"What can I say? The harbour plan is dead and nobody will revive it," Ms. Lund said.\n'
    claims = analyse(pipeline, text).claims
    assert [c.speaker.text for c in claims if c.speaker is not None] == ["Ms. Lund"]
