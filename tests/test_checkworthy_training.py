"""The check-worthiness training recipe (benchmarks/train_checkworthy.py) on
small synthetic bags of feature ids: no dataset text, no spaCy."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from benchmarks import train_checkworthy
from benchmarks.train_checkworthy import (
    LBFGS_L2,
    RATIO_FLAT,
    ratio_scales,
    tensor_matrix,
    train,
    train_adagrad,
    train_lbfgs,
)
from newsread.analysis.checkworthy import TENSOR_DIM

SURE, DOUBTFUL, PLAIN, COMMON = 11, 22, 33, 44


def _rows() -> list[tuple[list[int], int]]:
    """Bags of ids where no id decides alone: a few hundred sentences with a
    class-leaning id or two, shared ids and noise, so the optimum is interior."""
    rng = random.Random(5)
    rows = []
    for _ in range(600):
        y = int(rng.random() < 0.25)
        bag = [COMMON]
        bag.append(SURE if y and rng.random() < 0.6 else PLAIN if rng.random() < 0.5 else DOUBTFUL)
        bag += [100 + rng.randrange(40) for _ in range(rng.randrange(1, 5))]
        rows.append((bag, y))
    return rows


def _gradient(
    rows: list[tuple[list[int], int]],
    fit,
    targets: list[float],
    scales: dict[int, float] | None = None,
) -> tuple[float, float]:
    """The balanced, penalised log loss's derivative by the bias, and the
    largest by a weight, at ``fit``'s weights, the loss taken against
    ``targets``; the classes weighed by the 0/1 labels. With ``scales``, by
    the weights of the scaled features, of which ``fit``'s are the product
    with their scale."""
    n, pos = len(rows), sum(y for _, y in rows)
    total = pos * (n - pos) / pos + (n - pos)
    grad: dict[int, float] = {}
    grad_bias = 0.0
    for (feats, y), target in zip(rows, targets, strict=True):
        norm = 1.0 / math.sqrt(len(feats))
        margin = fit.bias + sum(fit.weights[f] for f in feats) * norm
        weight = ((n - pos) / pos if y else 1.0) / total
        g = weight * (1.0 / (1.0 + math.exp(-margin)) - target)
        grad_bias += g
        for f in feats:
            grad[f] = grad.get(f, 0.0) + g * norm
    if scales is None:
        return grad_bias, max(abs(g + LBFGS_L2 * fit.weights[f]) for f, g in grad.items())
    return grad_bias, max(
        abs(g * scales[f] + LBFGS_L2 * fit.weights[f] / scales[f]) for f, g in grad.items()
    )


def test_lbfgs_fit_reaches_the_optimum() -> None:
    """The L-BFGS fit claims to run to convergence, so that its L2 penalty is
    all that regularises it: every partial derivative of the balanced,
    penalised loss is then nil at the weights it returns."""
    rows = _rows()
    fit = train_lbfgs(rows)
    grad_bias, residual = _gradient(rows, fit, [float(y) for _, y in rows])
    # A loose stopping rule (a relative loss change of 1e-4) leaves both
    # above 1e-3 here; the shipped one below 1e-4.
    assert abs(grad_bias) < 1e-4
    assert residual < 1e-4


def test_lbfgs_fit_reaches_the_optimum_of_soft_targets() -> None:
    """With soft targets (``bench_distill.py``'s mix of label and teacher) the
    fit reaches the optimum of the log loss against them, the classes still
    weighed by the 0/1 labels; and targets equal to the labels give the plain
    fit."""
    rows = _rows()
    rng = random.Random(9)
    soft = np.array([0.7 * y + 0.3 * rng.random() for _, y in rows])
    fit = train_lbfgs(rows, soft=soft)
    grad_bias, residual = _gradient(rows, fit, soft.tolist())
    assert abs(grad_bias) < 1e-4
    assert residual < 1e-4
    plain = train_lbfgs(rows)
    same = train_lbfgs(rows, soft=np.array([float(y) for _, y in rows]))
    assert same.weights == plain.weights
    assert fit.weights[SURE] < plain.weights[SURE]  # the teacher's doubt softens it


def test_ratio_scales_lift_a_feature_that_leans_to_one_class() -> None:
    """A feature mostly in check-worthy sentences is scaled up, one in every
    sentence of both classes down to the floor; the ratios' part averages 1."""
    rows = _rows()
    scales = ratio_scales(rows)
    assert scales[SURE] > 1.0 > scales[COMMON]
    # Near the floor, not on it: each count is over its class's total of
    # features, and the classes' bags differ a little in size.
    assert scales[COMMON] == pytest.approx(RATIO_FLAT, abs=0.05)
    assert min(scales.values()) >= RATIO_FLAT
    part = [(s - RATIO_FLAT) / (1 - RATIO_FLAT) for s in scales.values()]
    assert sum(part) / len(part) == pytest.approx(1.0)
    assert ratio_scales([]) == {}


def test_lbfgs_fit_of_scaled_features_reaches_their_optimum() -> None:
    """With ratio scales the fit is the optimum over the scaled features, its
    weights returned multiplied by the scales, so that the plain sum of
    weights the scorer takes gives the fitted margins; the feature that leans
    is held back less than without scales."""
    rows = _rows()
    scales = ratio_scales(rows)
    fit = train_lbfgs(rows, scales=scales)
    grad_bias, residual = _gradient(rows, fit, [float(y) for _, y in rows], scales)
    assert abs(grad_bias) < 1e-4
    assert residual < 1e-4
    plain = train_lbfgs(rows)
    assert fit.weights[SURE] > plain.weights[SURE] > 0
    # Scales of 1 are no scales.
    ones = train_lbfgs(rows, scales=dict.fromkeys(scales, 1.0))
    assert ones.weights == pytest.approx(plain.weights)


def test_adagrad_fit_of_scaled_features_returns_the_folded_weights() -> None:
    """AdaGrad steps in the scaled features and returns their weights times
    the scales: one scale of 1 changes nothing, and a feature's weight moves
    with its scale."""
    rows = _rows()
    plain = train_adagrad(rows)
    ones = train_adagrad(rows, scales=dict.fromkeys(ratio_scales(rows), 1.0))
    assert ones.weights == pytest.approx(plain.weights)
    scaled = train_adagrad(rows, scales=ratio_scales(rows))
    assert scaled.weights[SURE] != pytest.approx(plain.weights[SURE])


def test_only_the_distilled_fit_is_scaled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Soft targets (distillation) bring the ratio scales, which lift the
    feature that leans; the labels-only fit stays unscaled, and so does the
    distilled one at a flat share of 1."""
    rows = _rows()
    labels = np.array([float(y) for _, y in rows])
    plain = train(rows)
    scaled = train(rows, soft=labels)
    assert scaled.weights[SURE] > plain.weights[SURE]
    monkeypatch.setattr(train_checkworthy, "RATIO_FLAT", 1.0)
    assert train(rows, soft=labels).weights == pytest.approx(plain.weights)


def test_lbfgs_fit_with_dense_columns_reaches_the_optimum() -> None:
    """The dense columns (pooled word vectors) are fitted to the optimum too."""
    rows = _rows()
    rng = np.random.default_rng(3)
    y = np.array([label for _, label in rows], dtype=float)
    # Unit-scale columns, as the standardised pooled vectors are.
    x = np.column_stack([y + rng.normal(0, 2, len(y)), rng.normal(0, 1, len(y))])
    fit = train_lbfgs(rows, x)
    assert fit.dense is not None
    n, pos = len(rows), y.sum()
    sample = np.where(y == 1, (n - pos) / pos, 1.0)
    sample /= sample.sum()
    margin = (
        np.array(
            [
                fit.bias + sum(fit.weights[f] for f in feats) / math.sqrt(len(feats))
                for feats, _ in rows
            ]
        )
        + x @ fit.dense
    )
    g = sample * (1.0 / (1.0 + np.exp(-margin)) - y)
    # The stopping rule is on the loss, not the gradient: over seeds 3 to 5
    # the shipped one left at most 1.4e-4 here, stopping rules of 1e-6 and
    # 1e-4 above 1e-3 at this seed.
    assert abs(g.sum()) < 3e-4
    assert np.abs(x.T @ g + LBFGS_L2 * fit.dense).max() < 3e-4


def test_train_folds_the_standardisation_into_the_dense_weights() -> None:
    """train standardises the dense columns; the weights it returns apply to
    the raw ones, and a column that tells the classes apart gets the weight."""
    rows = [([COMMON, 100 + i % 7], label) for i, (_, label) in enumerate(_rows())]
    y = np.array([label for _, label in rows])
    rng = np.random.default_rng(4)
    raw = np.column_stack([5.0 + 3.0 * y + rng.normal(0, 1, len(y)), rng.normal(40, 9, len(y))])
    fit = train(rows, dense=raw)
    assert fit.dense is not None and fit.dense[0] > 0
    margin = (
        np.array(
            [
                fit.bias + sum(fit.weights.get(f, 0.0) for f in feats) / math.sqrt(2)
                for feats, _ in rows
            ]
        )
        + raw @ fit.dense
    )
    assert ((margin > 0) == (y == 1)).mean() > 0.85


def test_train_folds_the_tensor_block_and_keeps_its_mean_term() -> None:
    """The pooled tok2vec rows are fitted beside the word vectors; their
    weights apply to the raw rows, and ``tensor_fill`` is their term at the
    training mean, what a sentence without a tensor is given."""
    rows = [([COMMON, 100 + i % 7], label) for i, (_, label) in enumerate(_rows())]
    y = np.array([label for _, label in rows])
    rng = np.random.default_rng(6)
    words = rng.normal(0, 1, (len(y), 3))
    tensor = np.column_stack([2.0 - 4.0 * y + rng.normal(0, 1, len(y)), rng.normal(7, 2, len(y))])
    fit = train(rows, dense=words, tensor=tensor)
    assert fit.dense is not None and fit.dense.shape == (3,)
    assert fit.tensor is not None and fit.tensor.shape == (2,) and fit.tensor[0] < 0
    assert fit.tensor_fill == pytest.approx(float(tensor.mean(axis=0) @ fit.tensor), rel=1e-5)
    margin = (
        np.array(
            [
                fit.bias + sum(fit.weights.get(f, 0.0) for f in feats) / math.sqrt(2)
                for feats, _ in rows
            ]
        )
        + words @ fit.dense
        + tensor @ fit.tensor
    )
    assert ((margin > 0) == (y == 1)).mean() > 0.85


def test_tensor_rows_of_a_parse_without_a_tensor_are_refused(pipeline) -> None:
    """A DocBin drops ``doc.tensor``: a cache read back without its rows must
    stop the training, not train on rows that are not there."""
    from spacy.tokens import Doc

    parsed = pipeline.nlp("Taxes rose by 4 percent.")
    bare = Doc(pipeline.nlp.vocab, words=["Taxes", "rose", "."])
    assert tensor_matrix([parsed[:]]).shape == (1, TENSOR_DIM)
    with pytest.raises(ValueError, match="no tok2vec rows for 'Taxes rose"):
        tensor_matrix([parsed[:], bare[:]])
