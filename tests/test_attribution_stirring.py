"""Verbs whose object feels what their subject stirs ("the verdict outraged the
family"): the agent-like object is the source, the subject the content. A
gerund or an infinitive ("a worrying sign", "hoped to please the fans") and a
verb of urging ("encouraged residents to X") are not read so."""

from __future__ import annotations

from tests.analysis_helpers import cued_claims


def test_object_feels_what_the_subject_stirs(pipeline) -> None:
    text = "The proposed closure of the library has angered parents in the village.\n"
    assert cued_claims(pipeline, text) == [
        ("parents in the village", "has angered", "The proposed closure of the library")
    ]


def test_a_relative_clause_is_stirred_by_its_noun(pipeline) -> None:
    text = "The harbour master delayed the ferry, a move that frustrated many commuters.\n"
    assert ("many commuters", "frustrated", "a move") in cued_claims(pipeline, text)


def test_gerunds_infinitives_and_urging_are_not_stirring(pipeline) -> None:
    assert cued_claims(pipeline, "It was a worrying sign for the club.\n") == []
    hoped = cued_claims(pipeline, "The manager hoped to please the fans.\n")
    assert hoped == [("The manager", "hoped", "to please the fans")]
    urged = cued_claims(pipeline, "The mayor encouraged residents to recycle more.\n")
    assert urged == [("The mayor", "encouraged", "residents to recycle more")]
