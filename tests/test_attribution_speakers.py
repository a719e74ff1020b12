"""Speakers that are people or bodies without being on the agent-noun list."""

from __future__ import annotations

from tests.analysis_helpers import analyse


def cues(pipeline, text: str) -> list[tuple[str, str]]:
    claims = analyse(pipeline, text).claims
    return [(c.speaker.text, c.cue.text) for c in claims if c.speaker and c.cue]


def test_speaker_named_in_apposition(pipeline) -> None:
    text = (
        "Her longtime business partner at Harbourside, Marta Kowalczyk, "
        "called the ferry deal a gamble with public money.\n"
    )
    found = cues(pipeline, text)
    assert any(cue == "called" and "Marta Kowalczyk" in spk for spk, cue in found)


def test_agentive_noun_speaks(pipeline) -> None:
    text = "Environmentalists denounced the new harbour road as a disaster for the wetlands.\n"
    assert ("Environmentalists", "denounced") in cues(pipeline, text)


def test_thing_still_does_not_speak(pipeline) -> None:
    text = "The new requirement threatened to disrupt production at the harbour plant.\n"
    assert cues(pipeline, text) == []


def test_refusal_to_speak_is_no_claim(pipeline) -> None:
    text = "The harbour operator declined to comment.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)
