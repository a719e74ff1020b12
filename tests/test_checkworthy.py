"""The check-worthiness scorer: its features, its shipped weights, its ranking."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from newsread.analysis.checkworthy import (
    BLEND_WEIGHTS_FILE,
    DENSE_DIM,
    TENSOR_DIM,
    TOKEN_DIM,
    VECTOR_DIM,
    VECTORS_FILE,
    WEIGHTS_FILE,
    Scorer,
    WordVectors,
    _bucket,
    arc_features,
    checkworthiness,
    default_scorer,
    default_vectors,
    dense_features,
    features,
    lemmas,
    tensor_features,
    vector_words,
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


def test_the_shipped_model_weighs_the_shipped_vectors() -> None:
    raw = resources.files("newsread.data").joinpath(VECTORS_FILE).read_bytes()
    assert len(raw) < 3_000_000
    vectors = default_vectors()
    assert vectors.vectors.shape == (50_000, VECTOR_DIM)
    # Most frequent first: the mean weighs a rare word above a common one.
    assert vectors.index["the"] < vectors.index["unemployment"]
    assert vectors.sif[vectors.index["the"]] < vectors.sif[vectors.index["unemployment"]]
    dense = default_scorer().dense
    assert dense is not None and dense.shape == (DENSE_DIM,)


def test_pooling_is_a_weighted_mean_and_a_maximum() -> None:
    vectors = WordVectors(
        ["the", "tax", "cut"],
        np.array([[1.0] * VECTOR_DIM, [0.0] * VECTOR_DIM, [-2.0] * VECTOR_DIM]),
    )
    pooled = vectors.pooled(["tax", "cut", "unknown"])
    weights = vectors.sif[[1, 2]]
    assert np.allclose(pooled[:VECTOR_DIM], -2.0 * weights[1] / weights.sum())
    assert np.allclose(pooled[VECTOR_DIM:], 0.0)  # the maximum of 0 and -2
    assert not vectors.pooled(["unknown"]).any()


def test_pooling_reads_a_column_major_table_as_a_row_major_one_to_the_last_bit() -> None:
    """The shipped table loads column-major and is kept row-major: the same
    rows, and the pooled numbers as ``sum``, ``max`` and list indexing gave."""
    rng = np.random.default_rng(5)
    words = [f"w{i}" for i in range(400)]
    table = np.asfortranarray(rng.standard_normal((len(words), VECTOR_DIM)).astype(np.float32))
    vectors = WordVectors(words, table)
    assert vectors.vectors.flags["C_CONTIGUOUS"]
    assert np.array_equal(vectors.vectors, table)
    for n in (1, 2, 5, 17, 60):
        ids = rng.integers(0, len(words), n).tolist()
        vecs, weights = table[ids], vectors.sif[ids]
        want = np.concatenate([weights @ vecs / weights.sum(), vecs.max(axis=0)])
        assert vectors.pooled([words[i] for i in ids]).tobytes() == want.tobytes()


def test_vector_words_follow_the_parse_or_split_like_it(pipeline) -> None:
    sentence = "We don't spend 4.5 billion on roads."
    assert vector_words(sentence) == [
        "we",
        "do",
        "n't",
        "spend",
        "4.5",
        "billion",
        "on",
        "roads",
        ".",
    ]
    doc = pipeline.nlp(sentence)
    assert vector_words(sentence, doc[:]) == vector_words(sentence)
    assert np.allclose(dense_features(sentence), dense_features(sentence, doc[:]))


def test_a_figure_with_a_change_outranks_an_opinion(pipeline) -> None:
    factual = "Unemployment in the county fell from 9 percent to 4 percent in three years."
    opinion = "I think we all want our children to be happy."
    scores = {}
    for sentence in (factual, opinion):
        doc = pipeline.nlp(sentence)
        scores[sentence] = checkworthiness(sentence, doc[:])
    assert scores[factual] > 0.5 > scores[opinion]


def test_tensor_features_pool_the_parse_tok2vec_rows_of_the_sentence(pipeline) -> None:
    doc = pipeline.nlp("Taxes rose by 4 percent. We will win this.")
    first = list(doc.sents)[0]
    pooled = tensor_features(first)
    assert pooled is not None and pooled.shape == (TENSOR_DIM,)
    rows = doc.tensor[first.start : first.end]
    assert np.allclose(pooled[:TOKEN_DIM], rows.mean(axis=0))
    assert np.allclose(pooled[TOKEN_DIM:], rows.max(axis=0))


def test_without_a_tensor_the_scorer_uses_its_training_mean_term(pipeline) -> None:
    from spacy.tokens import Doc

    sentence = "Taxes rose by 4 percent."
    parsed = pipeline.nlp(sentence)
    bare = Doc(pipeline.nlp.vocab, words=[t.text for t in parsed])
    assert tensor_features(bare[:]) is None and tensor_features(None) is None
    weights = np.linspace(-1.0, 1.0, TENSOR_DIM, dtype=np.float32)
    plain = Scorer({}, 0.25)
    scorer = Scorer({}, 0.25, tensor=weights, tensor_fill=-0.75)
    assert scorer.margin(sentence, bare[:]) == pytest.approx(plain.margin(sentence, bare[:]) - 0.75)
    expected = plain.margin(sentence, parsed[:]) + float(tensor_features(parsed[:]) @ weights)
    assert scorer.margin(sentence, parsed[:]) == pytest.approx(expected, rel=1e-5)


def test_a_weights_file_with_a_tensor_of_the_wrong_width_is_refused() -> None:
    data = {"index": [], "weight": [], "bias": 0.0, "tensor": [0.1, 0.2]}
    with pytest.raises(ValueError, match=f"{WEIGHTS_FILE}: 'tensor' holds 2 weights, not"):
        Scorer.from_json(data)
    # The encoder's blend reads its own file: the error names that one.
    with pytest.raises(ValueError, match=f"^{BLEND_WEIGHTS_FILE}: 'tensor' holds 2"):
        Scorer.from_json(data, BLEND_WEIGHTS_FILE)


@pytest.mark.parametrize("kept", [0, 3, 1_000_000])
def test_remembered_feature_weights_give_the_hashed_margin(monkeypatch, kept: int) -> None:
    import math

    from newsread.analysis import checkworthy

    monkeypatch.setattr(checkworthy, "_NAMES_KEPT", kept)
    sentence = "Exports rose by a third in 2019, the minister said."
    ids = features(sentence)
    weights = {ids[0]: 0.5, ids[3]: -1.25, ids[-1]: 2.0}
    scorer = Scorer(weights, 0.25)
    expected = 0.25 + sum(weights.get(f, 0.0) for f in ids) / math.sqrt(len(ids))
    # Twice: the first time computes the weights, the second reads those kept.
    assert scorer.margin(sentence) == expected
    assert scorer.margin(sentence) == expected
    assert len(scorer._memo) <= kept


def test_claim_shapes_tell_a_promised_figure_from_an_opinion_and_see_a_source(pipeline) -> None:
    from newsread.analysis.checkworthy_features import feature_names, shape_features

    def shapes(sentence: str) -> list[str]:
        doc = pipeline.nlp(sentence)
        return shape_features(doc[:])

    promise = shapes("We will cut taxes by 10 percent.")
    assert "cs:subj we aux will" in promise
    assert "cs:root VB num True" in promise
    assert "cs:objnum VB" in promise  # the figure is what the verb cuts by
    opinion = shapes("I think we should ask them.")
    assert "cs:subj i aux -" in opinion and "cs:root VBP num False" in opinion
    assert not [f for f in opinion if f.startswith(("cs:objnum", "cs:source"))]
    assert "cs:source False" in shapes("According to the ministry, exports fell sharply.")
    assert "cs:source True" in shapes("The minister said exports fell by 4 percent.")
    # Named subjects by their kind: a country reads as any other country.
    assert "cs:subj GPE root VBD" in shapes("France spent 40 billion euros on roads.")
    doc = pipeline.nlp("France spent 40 billion euros on roads.")
    assert set(shape_features(doc[:])) <= set(feature_names(doc.text, doc[:]))


def test_a_sentence_with_no_known_word_is_scored() -> None:
    # No word of it has a vector: its pooled part was the width of all dense
    # features, and the model's dot product raised (an import's analysis
    # stopped on such a line).
    from newsread.analysis.checkworthy import DENSE_DIM, checkworthiness, dense_features

    for sentence in ("12345", "", "4,217"):
        assert dense_features(sentence).shape == (DENSE_DIM,)
        assert 0.0 <= checkworthiness(sentence) <= 1.0
