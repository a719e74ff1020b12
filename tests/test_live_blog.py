"""A live blog opens each entry with its clock time ("10:02 The minister
..."): a timestamp over the entry, neither part of a speaker nor of what is
said, and a time of day, not a count."""

from __future__ import annotations

from tests.analysis_helpers import analyse, cued_claims

LIVE = (
    "Live: the ferry strike, hour by hour\n\n"
    "08:40 The harbour office says no boats will leave before noon.\n\n"
    "09:15 Union leader Mara Quist has promised a statement after the meeting.\n\n"
    "11:05 Ferries to the outer islands are cancelled for the day, the operator says.\n"
)


def test_an_entrys_clock_time_is_in_no_speaker_or_content(pipeline) -> None:
    claims = cued_claims(pipeline, LIVE)
    assert ("The harbour office", "says", "no boats will leave before noon") in claims
    [ferries] = [c for c in claims if c[0] == "the operator"]
    assert ferries[2] == "Ferries to the outer islands are cancelled for the day"
    for speaker, _cue, content in claims:
        assert not (speaker or "")[:1].isdigit() and not (content or "")[:1].isdigit()


def test_a_clock_time_is_a_time(pipeline) -> None:
    labels = {e.text: e.label for e in analyse(pipeline, LIVE).entities}
    assert labels.get("08:40") == "TIME" and labels.get("11:05") == "TIME"
    # The model ran it on into the next word ("09:15 Union"): cut back to the time.
    assert labels.get("09:15") == "TIME"
