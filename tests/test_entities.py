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
