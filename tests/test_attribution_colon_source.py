"""A noun phrase ending at a colon that opens a quotation ("Advice from
Councillor Okoro: '...'", "The last word went to the harbour master: '...'")
is the quotation's source. A noun that a cue verb addresses ("admonishing the
patient: '...'") or that is part of what it reports is not."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import cued_claims

SOURCES = {
    "title": (
        "Advice from Councillor Dana Okoro: 'Read every budget line twice before you vote.'\n"
        "The council met on Monday.\n",
        ("Councillor Dana Okoro", ":", "Read every budget line twice before you vote."),
    ),
    "running text": (
        'The last word went to the harbour master: "Stay off the north pier until the storm'
        ' passes."\n',
        ("the harbour master", ":", "Stay off the north pier until the storm passes."),
    ),
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_noun_before_the_colon_is_the_source(pipeline, name: str) -> None:
    text, expected = SOURCES[name]
    assert expected in cued_claims(pipeline, text)


@pytest.mark.parametrize(
    ("text", "not_speaker"),
    [
        (
            'The nurse kept admonishing the patient: "You must rest far more than you think."\n',
            "the patient",
        ),
        (
            'Okoro said she is fit for the job of mayor: "I have run two councils and a port."\n',
            "mayor",
        ),
    ],
    ids=["addressee", "reported"],
)
def test_a_noun_a_cue_verb_governs_is_not_the_source(pipeline, text: str, not_speaker: str) -> None:
    speakers = [speaker for speaker, _, _ in cued_claims(pipeline, text)]
    assert speakers
    assert not any(s is not None and s.endswith(not_speaker) for s in speakers)
