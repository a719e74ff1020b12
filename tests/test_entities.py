"""Entities made consistent across an article, on the real pipeline."""

from __future__ import annotations

from pathlib import Path

from newsread.analysis import Analysis, analyze_texts

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "analysis"
SEED_001 = "001_8d1a7e5246696964.txt"


def analyse(pipeline, text: str) -> Analysis:
    return next(analyze_texts([text], pipeline))


def labels_of(analysis: Analysis, surface: str) -> set[str]:
    return {e.label for e in analysis.entities if e.text == surface}


def test_seed_001_consistent_labels(pipeline, seeds_dir: Path) -> None:
    text = (seeds_dir / SEED_001).read_text(encoding="utf-8")
    analysis = analyse(pipeline, text)
    assert labels_of(analysis, "Nvidia") == {"ORG"}
    assert labels_of(analysis, "Wang") == {"PERSON"}
    assert labels_of(analysis, "Wang Wentao") == {"PERSON"}
    assert not any(e.text == "mannequins" for e in analysis.entities)
    # The possessive stays out of the span ("Nvidia’s" -> "Nvidia").
    assert not any(e.text.endswith(("’s", "'s")) for e in analysis.entities)


def test_entity_offsets_match_text(pipeline) -> None:
    text = (FIXTURES / "entities.txt").read_text(encoding="utf-8")
    for entity in analyse(pipeline, text).entities:
        assert text[entity.start : entity.end] == entity.text


def test_company_short_form_and_surname(pipeline) -> None:
    text = (FIXTURES / "entities.txt").read_text(encoding="utf-8")
    analysis = analyse(pipeline, text)
    assert labels_of(analysis, "Lindqvist") <= {"ORG"}
    assert labels_of(analysis, "Eriksen") == {"PERSON"}
    assert not any(e.text.islower() for e in analysis.entities if e.label == "PERSON")


def test_one_label_per_name_in_an_article(pipeline) -> None:
    text = (FIXTURES / "entities.txt").read_text(encoding="utf-8")
    analysis = analyse(pipeline, text)
    by_text: dict[str, set[str]] = {}
    for e in analysis.entities:
        by_text.setdefault(e.text, set()).add(e.label)
    assert all(len(labels) == 1 for labels in by_text.values())


def test_lowercase_names_dropped(pipeline) -> None:
    analysis = analyse(pipeline, "The mannequins and the dummies were sold to Smith.\n")
    assert all(any(ch.isupper() for ch in e.text) for e in analysis.entities if e.label == "PERSON")


def entities_of(pipeline, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in analyse(pipeline, text).entities]


def test_missed_mentions_of_a_known_name_are_tagged(pipeline) -> None:
    text = (
        "Senator Ruth Okafor spoke in Denver on Monday.\n"
        "Okafor said the plan would fail. Okafor left early, and Okafor's aides followed.\n"
    )
    found = entities_of(pipeline, text)
    assert ("Ruth Okafor", "PERSON") in found
    assert found.count(("Okafor", "PERSON")) == 3


def test_headline_words_are_trimmed_from_a_name(pipeline) -> None:
    text = (
        "Budget Hawks Slam Harlow Over Transit Plan\n\n"
        "Mayor Dana Harlow defended the plan on Tuesday. Harlow said costs would fall.\n"
    )
    found = entities_of(pipeline, text)
    assert not any("Hawks" in surface for surface, _ in found)
    assert found[0] == ("Harlow", "PERSON")


def test_two_percentages_joined_by_to_are_two_entities(pipeline) -> None:
    found = entities_of(pipeline, "Smith leads Jones by 48 percent to 41 percent in the survey.\n")
    assert ("48 percent", "PERCENT") in found
    assert ("41 percent", "PERCENT") in found


def test_dateline_place_and_wire_service(pipeline) -> None:
    found = entities_of(pipeline, "BOISE, Idaho, Oct. 3 (UPI) — The governor signed the bill.\n")
    assert ("BOISE", "GPE") in found
    assert ("UPI", "ORG") in found


def test_named_act_is_one_law(pipeline) -> None:
    found = entities_of(pipeline, "The senator backed the Clean Rivers and Safe Harbors Act.\n")
    assert [label for surface, label in found if "Act" in surface] == ["LAW"]
    assert any(surface.endswith("Clean Rivers and Safe Harbors Act") for surface, _ in found)


def test_url_glued_to_an_entity_is_cut_off(pipeline) -> None:
    found = entities_of(
        pipeline, "The show starts soon. Coming October 2nd.https://t.co/abc123XYZ\n"
    )
    assert not any("http" in surface for surface, _ in found)


def test_signature_line_keeps_the_full_name(pipeline) -> None:
    text = "Enough With The Endless Hearings\n\nThe hearings must stop now.\n\nPriya Raman.\n"
    assert ("Priya Raman", "PERSON") in entities_of(pipeline, text)
