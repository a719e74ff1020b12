"""Entity labels on invented local news: datelines with a wire's credit,
bridges, companies named beside their kind, job titles, sentence-opening
common nouns, venues and towns told by the words around them.

The sentences are made up and run through the real pipeline; each shows a
mistake of the small model that a rule repairs.
"""

from __future__ import annotations

import pytest


def entities(pipeline, text: str) -> list[tuple[str, str]]:
    from newsread.analysis.entities import resolve_entities

    doc = pipeline.nlp(text)
    return [(text[s:e], label) for s, e, label in resolve_entities(doc)]


def test_a_dateline_before_a_wire_credit_is_a_place(pipeline) -> None:
    found = entities(
        pipeline, "VESTBY (Reuters) - The ferry company said on Monday it would add two routes."
    )
    assert ("VESTBY", "GPE") in found
    assert ("Reuters", "ORG") in found


def test_a_bridge_opening_a_sentence_is_a_facility(pipeline) -> None:
    found = entities(
        pipeline, "The Holmen Bridge will reopen in June, the roads office said on Friday."
    )
    assert ("The Holmen Bridge", "FAC") in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "The developer, Tessholm Kraft, said the turbines would be delivered next year.",
            "Tessholm Kraft",
        ),
        ("Bus operator Fjordlink said on Tuesday that fares would rise.", "Fjordlink"),
    ],
)
def test_a_company_beside_its_kind_of_business_is_an_organisation(pipeline, text, name) -> None:
    assert (name, "ORG") in entities(pipeline, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Keeper Jonas Dahl said the seals were healthy.", "Jonas Dahl"),
        ("Farmer Lene Brekke said the harvest was late.", "Lene Brekke"),
    ],
)
def test_a_job_title_opening_a_sentence_stays_out_of_the_name(pipeline, text, name) -> None:
    found = entities(pipeline, text)
    assert (name, "PERSON") in found
    assert [label for _, label in found] == ["PERSON"]


def test_a_common_noun_opening_a_sentence_is_no_name(pipeline) -> None:
    text = (
        "The tunnel will close in May, the roads agency said on Friday. Agency engineer "
        "Per Vik said the work would take a month. Commuters will take the ferry instead. "
        "Education minister Kari Holm on Monday rejected the plan."
    )
    names = [name for name, _ in entities(pipeline, text)]
    assert "Agency" not in names
    assert "Commuters" not in names
    assert "Education" not in names
    assert "Kari Holm" in names


def test_a_common_noun_capitalised_elsewhere_keeps_its_label(pipeline) -> None:
    from newsread.analysis.entities.commons import sentence_nouns
    from newsread.analysis.entities.mentions import Mention

    doc = pipeline.nlp("Agency engineer Per Vik said the work would take a month.")
    assert doc[0].tag_ == "NN"
    opener = Mention(0, 1, "ORG")
    assert sentence_nouns(doc, [opener], sports=False) == []
    # The same word capitalised mid-sentence: a name after all.
    doc = pipeline.nlp("Agency engineer Per Vik said the Agency would pay.")
    assert sentence_nouns(doc, [opener], sports=False) == [opener]


def test_a_venue_and_the_town_it_is_in(pipeline) -> None:
    found = entities(
        pipeline,
        "The owners of the Café Weber in Altstätten said the levy would close small shops.",
    )
    assert ("the Café Weber", "FAC") in found
    assert ("Altstätten", "GPE") in found


def test_a_town_before_its_council_is_found(pipeline) -> None:
    found = entities(pipeline, "The Tornvik harbour council met on Monday to discuss the cranes.")
    assert ("Tornvik", "GPE") in found
    # A company before its board is no town.
    assert ("Microsoft", "GPE") not in entities(pipeline, "The Microsoft board met on Monday.")


def test_a_well_known_city_standing_alone_is_a_place(pipeline) -> None:
    # The model reads a city as the subject of "did" as a person.
    text = '"We handled more containers than Rotterdam did in 1990," said the port director.\n'
    assert ("Rotterdam", "GPE") in entities(pipeline, text)
