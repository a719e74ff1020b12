"""Verbs of saying and of judging beyond "say": each reports with its speaker and content."""

from __future__ import annotations

from tests.analysis_helpers import analyse, claim_with


def test_verb_of_speaking_reports_a_clause(pipeline) -> None:
    text = "The harbour master muttered that the new cranes would never pass inspection.\n"
    claim = claim_with(analyse(pipeline, text), "cranes would never pass")
    assert claim.cue is not None and claim.cue.text == "muttered"
    assert claim.speaker is not None and claim.speaker.text == "The harbour master"


def test_verb_of_saying_reports_a_clause(pipeline) -> None:
    text = "Councillor Brandt clarified that the ferry fares would stay frozen until spring.\n"
    claim = claim_with(analyse(pipeline, text), "ferry fares would stay frozen")
    assert claim.cue is not None and claim.cue.text == "clarified"
    assert claim.speaker is not None and claim.speaker.text == "Councillor Brandt"


def test_verb_of_judging_takes_its_object(pipeline) -> None:
    text = "The union chastised the port authority for its handling of the night shifts.\n"
    claim = claim_with(analyse(pipeline, text), "the port authority for its handling")
    assert claim.cue is not None and claim.cue.text == "chastised"
    assert claim.speaker is not None and claim.speaker.text == "The union"


def test_lambasted_is_read_despite_its_lemma(pipeline) -> None:
    text = "Mayor Okafor lambasted the regional council over the delayed tram line.\n"
    claim = claim_with(analyse(pipeline, text), "the regional council")
    assert claim.cue is not None and claim.cue.text == "lambasted"
    assert claim.speaker is not None and claim.speaker.text == "Mayor Okafor"


def test_verb_of_feeling_takes_its_object(pipeline) -> None:
    text = "Harbour workers resent the new quotas on cod in the northern bay.\n"
    claim = claim_with(analyse(pipeline, text), "the new quotas on cod")
    assert claim.cue is not None and claim.cue.text == "resent"
    assert claim.speaker is not None and claim.speaker.text == "Harbour workers"
