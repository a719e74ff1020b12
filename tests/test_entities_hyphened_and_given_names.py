"""A double-barrelled surname after the full name is that person, and a first
name given as such ("her first name, Maeve") is a person's."""

from __future__ import annotations

from newsread.analysis.entities import group_entities
from tests.analysis_helpers import analyse

TEXT = (
    "The fisheries minister, Ingrid Haverkamp-Lund, opened the quay on Tuesday. "
    "Haverkamp-Lund said the quay would double the catch landed in the town.\n\n"
    '"Nobody asked us," said one trawler skipper, who gave only his first name, Tomasz.\n'
)


def test_a_hyphened_surname_is_the_person_and_groups_with_the_full_name(pipeline) -> None:
    entities = analyse(pipeline, TEXT).entities
    short = [e for e in entities if e.text == "Haverkamp-Lund"]
    assert short and all(e.label == "PERSON" for e in short)
    groups = {g.name: g for g in group_entities(entities)}
    assert len(groups["Ingrid Haverkamp-Lund"].mentions) == 2
    assert "Haverkamp-Lund" not in groups


def test_a_first_name_given_as_such_is_a_person(pipeline) -> None:
    entities = analyse(pipeline, TEXT).entities
    assert [e.label for e in entities if e.text == "Tomasz"] == ["PERSON"]
