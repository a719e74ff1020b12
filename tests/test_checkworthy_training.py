"""The check-worthiness training recipe (benchmarks/train_checkworthy.py) on
small synthetic bags of feature ids: no dataset text, no spaCy."""

from __future__ import annotations

import math

from benchmarks.train_checkworthy import nb_ratios, train_lbfgs
from newsread.analysis.checkworthy import Scorer, default_scorer, features

SURE, DOUBTFUL, PLAIN, COMMON = 11, 22, 33, 44


def _sigmoid(m: float) -> float:
    return 1.0 / (1.0 + math.exp(-m))


def _rows() -> list[tuple[list[int], int]]:
    """A feature that always marks a check-worthy sentence (100 of them), one
    that does a fifth of the time (40 of 200), one that never does (660), and
    one that every sentence has."""
    rows = [([SURE, COMMON], 1)] * 100
    rows += [([DOUBTFUL, COMMON], 1)] * 40 + [([DOUBTFUL, COMMON], 0)] * 160
    rows += [([PLAIN, COMMON], 0)] * 660
    return rows


def test_nb_ratios_trust_one_sided_features_and_discount_even_ones() -> None:
    rows = _rows()
    ratio = dict(
        zip(
            [SURE, DOUBTFUL, PLAIN, COMMON],
            nb_ratios(rows, [SURE, DOUBTFUL, PLAIN, COMMON]),
            strict=True,
        )
    )
    assert ratio[COMMON] < 0.01  # in every sentence of both classes
    assert ratio[SURE] > ratio[DOUBTFUL] and ratio[PLAIN] > ratio[DOUBTFUL]
    # Smoothed counts over each class's total (positives 101+41+1+141 = 284,
    # negatives 1+161+661+821 = 1644): a feature in positives only.
    assert math.isclose(ratio[SURE], math.log((101 / 284) / (1 / 1644)))


def test_naive_bayes_fit_scores_unscaled_features() -> None:
    fit = train_lbfgs(_rows(), naive_bayes=True)
    assert fit.margin_of([SURE, COMMON]) > 0 > fit.margin_of([PLAIN, COMMON])
    # The shared feature tells nothing, so its scaled-back weight is nil.
    assert abs(fit.weights[COMMON]) < 1e-3 * abs(fit.weights[SURE])
    # At the optimum the loss does not change with the bias: with positives
    # weighted to balance the classes, the probability the negatives are
    # given adds up to what the positives miss. Only the weights the fit
    # found, scaled back to the features scoring sees, satisfy that.
    rows = _rows()
    pos_weight = sum(1 - y for _, y in rows) / sum(y for _, y in rows)
    missed = sum(pos_weight * (1 - _sigmoid(fit.margin_of(f))) for f, y in rows if y)
    given = sum(_sigmoid(fit.margin_of(f)) for f, y in rows if not y)
    assert math.isclose(missed, given, rel_tol=1e-3)


def test_margin_of_feature_ids_is_the_sentence_margin() -> None:
    scorer = Scorer({5: 0.5, 7: -0.25}, 0.25)
    assert scorer.margin_of([]) == 0.25
    # A bag: the repeated id counts twice, and the sum is scaled by sqrt(3).
    assert math.isclose(scorer.margin_of([5, 5, 7]), 0.25 + 0.75 / math.sqrt(3))
    sentence = "Exports rose by a third in 2019."
    shipped = default_scorer()
    assert shipped.margin(sentence) == shipped.margin_of(features(sentence))
