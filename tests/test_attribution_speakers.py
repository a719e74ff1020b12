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


def test_the_one_who_says_is_not_the_relative_pronoun(pipeline) -> None:
    # The parser gives "said" two subjects, "that" (of "lacked") and "it";
    # "it" said it, and stands for the ministry.
    text = (
        "The ministry said on Monday it would tighten checks on exports.\n\n"
        "It referred only to an unnamed 'certain country' that it said lacked the"
        " capacity to refine its own metals.\n"
    )
    claims = [c for c in analyse(pipeline, text).claims if c.cue and c.cue.text == "said"]
    last = claims[-1]
    assert last.speaker is not None and last.speaker.text == "it"
    assert last.speaker_resolved is not None and last.speaker_resolved.text == "The ministry"
