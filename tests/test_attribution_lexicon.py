"""Verbs of saying, judging and feeling beyond "say": each reports with its
speaker and content (the cue lexicon takes them from Levin's verb classes)."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import analyse, claim_with

CASES = {
    # A verb of speaking with a that-clause.
    "speaking": (
        "The harbour master muttered that the new cranes would never pass inspection.\n",
        "cranes would never pass",
        "muttered",
        "The harbour master",
    ),
    "saying": (
        "Councillor Brandt clarified that the ferry fares would stay frozen until spring.\n",
        "ferry fares would stay frozen",
        "clarified",
        "Councillor Brandt",
    ),
    # A verb of judging takes its object as the content.
    "judging": (
        "The union chastised the port authority for its handling of the night shifts.\n",
        "the port authority for its handling",
        "chastised",
        "The union",
    ),
    # spaCy's lemma of "lambasted" is "lambast", not "lambaste".
    "lemma": (
        "Mayor Okafor lambasted the regional council over the delayed tram line.\n",
        "the regional council",
        "lambasted",
        "Mayor Okafor",
    ),
    "feeling": (
        "Harbour workers resent the new quotas on cod in the northern bay.\n",
        "the new quotas on cod",
        "resent",
        "Harbour workers",
    ),
    # A pronoun is what a verb of judging takes as much as a name is.
    "pronoun": (
        "The dock workers have long criticized him, and the harbour board agrees.\n",
        "him",
        "have long criticized",
        "The dock workers",
    ),
    # Seeing something as something is a view of it.
    "seeing as": (
        "Harbour residents see the new bridge toll as a tax on the poor.\n",
        "the new bridge toll as a tax on the poor",
        "see",
        "Harbour residents",
    ),
    # Verbs of depicting with "X as Y" say how the subject presents X.
    "painting as": (
        "Senator Dalby painted her opponent as a friend of the shipping cartels.\n",
        "her opponent as a friend of the shipping cartels",
        "painted",
        "Senator Dalby",
    ),
    "casting as": (
        "The mayor is casting himself as the champion of the night-shift workers.\n",
        "himself as the champion of the night-shift workers",
        "is casting",
        "The mayor",
    ),
    # Verbs of foreseeing and grasping a situation: with a clause or an object.
    "fathoming": (
        "The mayor cannot fathom how the ferry company lost the contract.\n",
        "how the ferry company lost the contract",
        "cannot fathom",
        "The mayor",
    ),
    "contemplating": (
        "Island leaders are contemplating a second ferry route to the mainland.\n",
        "a second ferry route to the mainland",
        "are contemplating",
        "Island leaders",
    ),
    # Feeling about something, with its preposition (Levin 1993, 31.3).
    "bristling at": (
        "Dock workers bristled at the new shift rota posted by the harbour board.\n",
        "the new shift rota",
        "bristled",
        "Dock workers",
    ),
    "rejoicing in": (
        "The harbour master was clearly rejoicing in the return of the summer ferries.\n",
        "the return of the summer ferries",
        "was clearly rejoicing",
        "The harbour master",
    ),
    # Disputing something: "spar over X".
    "sparring over": (
        "The two island councils have long sparred over the fishing rights in the strait.\n",
        "the fishing rights in the strait",
        "have long sparred",
        "The two island councils",
    ),
}


@pytest.mark.parametrize(("text", "content", "cue", "speaker"), CASES.values(), ids=CASES.keys())
def test_a_verb_of_the_lexicon_reports(pipeline, text, content, cue, speaker) -> None:
    claim = claim_with(analyse(pipeline, text), content)
    assert claim.cue is not None and claim.cue.text == cue
    assert claim.speaker is not None and claim.speaker.text == speaker


def test_seeing_something_happen_is_no_view(pipeline) -> None:
    text = "Harbour residents saw the ferry as it left the quay at dawn.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)


def test_depicting_without_as_is_no_view(pipeline) -> None:
    text = "The harbour crew painted the old lighthouse before the storm season began.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)
