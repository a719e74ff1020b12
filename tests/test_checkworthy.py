"""The check-worthiness scorer: its features, its shipped weights, its ranking."""

from __future__ import annotations

import json
from importlib import resources

from newsread.analysis.checkworthy import (
    WEIGHTS_FILE,
    _bucket,
    arc_features,
    checkworthiness,
    features,
    lemmas,
)


def test_word_trigrams_are_features() -> None:
    ids = set(features("Exports rose by a third"))
    assert _bucket("tri:exports rose by") in ids
    assert _bucket("tri:a third </s>") in ids


def test_lemmas_fold_numbers_and_names_into_their_kind(pipeline) -> None:
    doc = pipeline.nlp("Portugal spent 40 billion euros on the new bridges.")
    folded = lemmas(doc[:])
    assert folded[0] == "<GPE>"
    assert "<num>" in folded and "spend" in folded and "bridge" in folded
    assert _bucket("lb:<GPE> spend") in set(features(doc.text, doc[:]))


def test_arcs_keep_verbs_and_pronouns_by_lemma(pipeline) -> None:
    doc = pipeline.nlp("We cut the school budget.")
    arcs = arc_features(doc[:])
    assert "d:nsubj cut we" in arcs
    assert "d:dobj cut NOUN" in arcs


def test_weights_file_holds_hashed_ids_and_integers_only() -> None:
    raw = resources.files("newsread.data").joinpath(WEIGHTS_FILE).read_bytes()
    assert len(raw) < 3_000_000
    data = json.loads(raw)
    assert all(isinstance(i, int) and 0 <= i < data["buckets"] for i in data["index"])
    assert all(isinstance(w, int) for w in data["weight"])


def test_a_figure_with_a_change_outranks_an_opinion(pipeline) -> None:
    factual = "Unemployment in the county fell from 9 percent to 4 percent in three years."
    opinion = "I think we all want our children to be happy."
    scores = {}
    for sentence in (factual, opinion):
        doc = pipeline.nlp(sentence)
        scores[sentence] = checkworthiness(sentence, doc[:])
    assert scores[factual] > 0.5 > scores[opinion]
