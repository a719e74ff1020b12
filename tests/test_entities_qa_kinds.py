"""Names the small model mislabels from their words alone, found by a QA pass
on invented news (issue 13): a band taken for a law, an order for a person,
a newspaper for a place, a storm for a person or a product; and a quoted
title read by its words (a person, a date) and a name with a surname particle
read as a firm, error classes seen on dev data."""

from __future__ import annotations

from tests.analysis_helpers import analyse


def labels_of(pipeline, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in analyse(pipeline, text).entities]


def test_a_band_that_played_is_an_organisation(pipeline) -> None:
    text = "The closing set was played by the Harbour Lights at the festival on Saturday.\n"
    assert ("the Harbour Lights", "ORG") in labels_of(pipeline, text)


def test_a_band_named_by_its_kind_is_an_organisation_in_every_mention(pipeline) -> None:
    text = (
        "The Harbour Lights played to a crowd of 3,000. The band Harbour Lights formed in 2009.\n"
    )
    found = [label for name, label in labels_of(pipeline, text) if name == "Harbour Lights"]
    assert found == ["ORG", "ORG"]


def test_a_role_played_by_a_person_stays_a_person(pipeline) -> None:
    text = "The role of the captain was played by Anna Berg in the new production.\n"
    assert ("Anna Berg", "PERSON") in labels_of(pipeline, text)


def test_an_order_is_an_organisation(pipeline) -> None:
    text = "Hansen, who was appointed to the Order of Valdmere in 2019, said he was honoured.\n"
    labels = labels_of(pipeline, text)
    assert ("the Order of Valdmere", "ORG") in labels
    assert ("Hansen", "PERSON") in labels


def test_a_paper_one_tells_or_that_reports_is_an_organisation(pipeline) -> None:
    text = (
        "The mayor told the Echo that the plan would go ahead. The Echo reported on "
        "Monday that costs had risen.\n"
    )
    found = [label for name, label in labels_of(pipeline, text) if name == "Echo"]
    assert found == ["ORG", "ORG"]


def test_a_country_that_reports_stays_a_place(pipeline) -> None:
    text = "The United States reported a trade deficit of 3 billion dollars in May.\n"
    assert ("The United States", "GPE") in labels_of(pipeline, text)


def test_a_storm_and_its_bare_name_are_one_event(pipeline) -> None:
    text = (
        "Storm Henrik reached the west coast on Tuesday night. Thousands of homes lost "
        "power as Henrik swept across the region, and Henrik brought winds of up to 140 km/h.\n"
    )
    labels = labels_of(pipeline, text)
    assert ("Storm Henrik", "EVENT") in labels
    assert [label for name, label in labels if name == "Henrik"] == ["EVENT", "EVENT"]


def test_a_hurricanes_bare_name_follows_it(pipeline) -> None:
    text = (
        "Ferries were cancelled on Sunday as Hurricane Marta moved north with heavy rain. "
        "Marta is expected to weaken over land.\n"
    )
    labels = labels_of(pipeline, text)
    assert ("Hurricane Marta", "EVENT") in labels and ("Marta", "EVENT") in labels


def test_a_title_case_headline_opening_with_storm_is_no_storms_name(pipeline) -> None:
    text = (
        "Storm Damage Closes Schools Across Kessby\n\n"
        "Heavy rain and winds of 100 km/h hit the coast on Monday.\n"
    )
    assert all(label != "EVENT" for _, label in labels_of(pipeline, text))
    text = (
        "Storm Henrik Hits West Coast\n\n"
        "Storm Henrik brought winds of 140 km/h on Monday. Henrik is expected to weaken.\n"
    )
    labels = labels_of(pipeline, text)
    assert labels.count(("Storm Henrik", "EVENT")) == 2 and ("Henrik", "EVENT") in labels


def test_a_player_called_storm_is_no_storm_away_from_weather(pipeline) -> None:
    text = "Storm Filsaime scored 4 points. Storm Filsaime had 3 steals in the win.\n"
    assert ("Storm Filsaime", "PERSON") in labels_of(pipeline, text)


def test_quoted_titles_in_a_list_of_novels_are_works(pipeline) -> None:
    text = (
        'Her other novels are "In the Month of May" (1963), "The Fall" (1964) and '
        '"Salt Roads" (1971).\n'
    )
    labels = labels_of(pipeline, text)
    assert ("In the Month of May", "WORK_OF_ART") in labels
    assert ("Salt Roads", "WORK_OF_ART") in labels
    assert ("1963", "DATE") in labels


def test_a_quoted_title_named_like_a_person_is_a_work(pipeline) -> None:
    text = 'The singer is best known for "Oskar Brandt" and "Night Ferry".\n'
    labels = labels_of(pipeline, text)
    assert ("Oskar Brandt", "WORK_OF_ART") in labels and ("Night Ferry", "WORK_OF_ART") in labels


def test_a_quoted_nickname_or_catchword_is_no_title(pipeline) -> None:
    nickname = 'Rep. Daniel "Danny" Okafor opened his garden to voters on Monday.\n'
    assert ('Daniel "Danny" Okafor', "PERSON") in labels_of(pipeline, nickname)
    catchword = 'Critics called the tax a "Kessby Special" in the debate.\n'
    assert all(label != "WORK_OF_ART" for _, label in labels_of(pipeline, catchword))


def resolved(pipeline, words: list[str], ents: list[str]) -> list[tuple[str, str]]:
    """The rules on a Doc built by hand (words and the model's IOB labels)."""
    from spacy.tokens import Doc

    from newsread.analysis.entities import resolve_entities

    doc = Doc(pipeline.nlp.vocab, words=words, ents=ents)
    return [(doc.text[s:e], label) for s, e, label in resolve_entities(doc)]


def test_a_name_with_a_surname_particle_is_a_person(pipeline) -> None:
    words = ["Then", "Marten", "Van", "Hoorn", "pitched", "a", "shutout", "."]
    ents = ["O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"]
    assert resolved(pipeline, words, ents) == [("Marten Van Hoorn", "PERSON")]


def test_a_firm_with_a_particle_but_no_given_name_stays_a_firm(pipeline) -> None:
    words = ["Analysts", "at", "Van", "Leer", "said", "so", "."]
    ents = ["O", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    assert resolved(pipeline, words, ents) == [("Van Leer", "ORG")]


def test_a_surname_with_its_particle_follows_the_full_name(pipeline) -> None:
    text = "Coach Dirk Van Brugge said the team was tired. Van Brugge added that it was late.\n"
    labels = labels_of(pipeline, text)
    assert ("Dirk Van Brugge", "PERSON") in labels and ("Van Brugge", "PERSON") in labels
