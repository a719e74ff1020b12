"""A job written in lower case before a full name makes it a person's name
("spokesperson Nadia Ferreira" was an ORG in a QA pass). CoNLL testa: F1
0.8460 -> 0.8463 (halves 0.8406 / 0.8528 -> 0.8412 / 0.8528)."""

from __future__ import annotations

from tests.analysis_helpers import analyse


def labels_of(pipeline, text: str) -> dict[str, str]:
    return {e.text: e.label for e in analyse(pipeline, text).entities}


def test_a_spokesperson_named_after_the_job_is_a_person(pipeline) -> None:
    text = 'Opposition spokesperson Nadia Ferreira said the minister was "cherry-picking".\n'
    assert labels_of(pipeline, text).get("Nadia Ferreira") == "PERSON"


def test_a_capitalised_job_word_gives_no_cue(pipeline) -> None:
    # "Analyst Partners" is a firm's name, the job word inside it.
    text = "Shares of Harbour Analyst Partners rose 4 percent on Tuesday.\n"
    assert labels_of(pipeline, text).get("Harbour Analyst Partners") != "PERSON"
