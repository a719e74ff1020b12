"""Train the check-worthiness model and write newsread/data/checkworthy.json.

    .venv/bin/python benchmarks/train_checkworthy.py [--data PATH] [--folds 5] [--out PATH]

Logistic regression over the hashed features of
``newsread.analysis.checkworthy.features``, fitted twice and averaged: once by
AdaGrad (a few epochs, which stops short of the optimum and so regularises
by itself) and once to convergence by L-BFGS with an L2 penalty, in numpy
(a runtime dependency already). The two make different mistakes, and the
mean of two linear models is one linear model: the same weights file, the
same cost at scoring. With ``--distill`` (the shipped model) both fit the
hashed features scaled by their naive Bayes log-count ratios (RATIO_FLAT),
and the scales are folded into the weights. The sentence's pooled GloVe vectors
(``newsread.analysis.checkworthy.dense_features``) enter both fits as dense
columns beside the hashed ones, standardised on the training sentences and
scaled by DENSE_SCALE; the standardisation is folded into the written
weights, so scoring needs only a dot product. Each sentence is parsed alone by the pipeline the
analysis uses (the parses are cached in ``.bench/``, outside the package), so
the model learns the claim-structure features it will see. Prints k-fold
cross-validated precision, recall, F1 at threshold 0.5 and average precision,
per fold and for the two halves of the sentences (even and odd ids: a change
is kept only when it helps on both), before fitting the final model on all
sentences. Only hashed feature ids and weights are written: no training text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Span

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsread.analysis.checkworthy import (  # noqa: E402
    Scorer,
    dense_features,
    features,
    tensor_features,
)

DEFAULT_DATA = ROOT.parent / "shared" / "eval-dev" / "claimbuster-train" / "train.json"
OUT = ROOT / "newsread" / "data" / "checkworthy.json"
# The default model's teacher: the encoder fine-tuned with its first three
# layers kept as pretrained (``train_checkworthy_minilm.py --frozen 3 --all
# --out FILE``, deterministic; the file shipped as checkworthy-minilm.npz
# until 2026-12-06: ``git show 361d256:newsread/data/checkworthy-minilm.npz
# > .bench/teacher-frozen3.npz``). The encoder shipped now trains every layer and blends
# better, but teaches the linear model no better (bench_distill.py:
# ``--suffix=-frozen3`` against ``--suffix=``), so the weights stay as they were.
TEACHER = ROOT / ".bench" / "teacher-frozen3.npz"
TEACHER_SUFFIX = "-frozen3"  # its fold files: minilm-fold-K-frozen3*.npy
CACHE = ROOT / ".bench"
EPOCHS = 12
L2 = 1e-5
LR = 0.3
# The L-BFGS fit's penalty on the mean weighted log loss, chosen by 5-fold CV
# (1e-6 to 3e-4 tried; 3e-6 best, on both halves).
LBFGS_L2 = 3e-6
LBFGS_ITERATIONS = 500
# Stop when the loss changes by less than this share in one step. At 1e-6 the
# fit stopped short of the optimum (its held-out F1 still moved at 1e-8, and
# no more at 1e-10), so the penalty above was not all that regularised it.
LBFGS_TOL = 1e-8
SCALE = 1000  # weights are stored as integers in thousandths: a smaller file
MIN_WEIGHT = 5  # in thousandths; smaller weights hardly change a decision
MIN_COUNT = 2  # features seen once are noise, and would bloat the file
# The standardised pooled word vectors, times this, are the dense columns. By
# 5-fold CV (mean pooling 0.03 to 0.3, then SIF mean + max 0.05 and 0.1; both
# halves gained at each): 0.05. It is also a prior: the L2 penalty and
# AdaGrad's steps treat a dense column like a hashed one of this size.
DENSE_SCALE = 0.05
# The same for the parse's pooled tok2vec rows (``tensor_features``). By
# 5-fold CV against none (F1 0.791; even / odd ids 0.7808 / 0.8022, AP 0.8681
# / 0.8824): 0.05 gave 0.793 (0.7811 / 0.8055, but AP 0.8671 / 0.8817, both
# lower); 0.02 gave 0.793 (0.7818 / 0.8053, AP 0.8689 / 0.8836, all four up).
TENSOR_SCALE = 0.02
# AdaGrad fits (each in its own shuffled order) averaged into its half of the model.
ADAGRAD_BAGS = 1
# Each hashed feature is scaled before both fits by how far its presence
# leans to one class, its naive Bayes log-count ratio r (NBSVM: Wang and
# Manning, 2012): RATIO_FLAT + (1 - RATIO_FLAT) * |r| / mean |r| over the
# features. The penalty and AdaGrad's steps then hold back a feature as common
# in both classes more than one that leans; the scale is folded into the
# written weights, so scoring is unchanged. By 5-fold CV of the distilled
# model (bench_distill.py --alphas 0.5), F1 / even / odd ids: 1 (no scaling)
# 0.8025 / 0.7887 / 0.8172; 0.85 0.8040 / 0.7868 / 0.8217; 0.7 0.8063 /
# 0.7912 / 0.8223, no fold lower; 0.5 0.8063 / 0.7913 / 0.8220; 0.3 0.8031;
# 0 (the ratio alone) 0.8007. Add-one counts (0.25: 0.8047). Only the
# distilled fit is scaled: the labels-only one (``soft`` None, the encoder
# choice's blend half) loses by it, 0.7937 → 0.7893 (even ids 0.7851 → 0.7781).
RATIO_FLAT = 0.7
RATIO_SMOOTHING = 1.0


def ratio_scales(rows: list[tuple[list[int], int]]) -> dict[int, float]:
    """Every feature's scale from its naive Bayes log-count ratio: how many
    sentences of each class hold it, smoothed, each count over its class's
    total (see RATIO_FLAT)."""
    counts: tuple[dict[int, float], dict[int, float]] = ({}, {})
    for feats, y in rows:
        side = counts[1 if y else 0]
        for f in set(feats):
            side[f] = side.get(f, 0.0) + 1.0
    neg, pos = counts
    ids = neg.keys() | pos.keys()
    if not ids:
        return {}
    pos_total = sum(pos.values()) + RATIO_SMOOTHING * len(ids)
    neg_total = sum(neg.values()) + RATIO_SMOOTHING * len(ids)
    ratio = {
        f: abs(
            math.log(
                (pos.get(f, 0.0) + RATIO_SMOOTHING)
                / pos_total
                / ((neg.get(f, 0.0) + RATIO_SMOOTHING) / neg_total)
            )
        )
        for f in ids
    }
    mean = sum(ratio.values()) / len(ratio)
    return {f: RATIO_FLAT + (1 - RATIO_FLAT) * r / mean for f, r in ratio.items()}


def load(path: Path) -> list[tuple[str, int]]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [(r["text"], int(r["label"])) for r in rows]


def halves_of(path: Path) -> list[int]:
    """0 or 1 per sentence: the parity of its ClaimBuster id, the two halves
    a change must help on both of."""
    return [int(r["sentence_id"]) % 2 for r in json.loads(path.read_text(encoding="utf-8"))]


def parse(texts: list[str]) -> list[Span]:
    """Each sentence parsed alone by the analysis pipeline; cached by content.

    A DocBin does not keep ``doc.tensor`` (the tok2vec rows the scorer pools),
    so the rows are cached beside it, all sentences' rows in one array, and
    put back on the Docs read from the cache.
    """
    from spacy.tokens import DocBin

    from newsread.analysis.pipeline import load_pipeline

    loaded = load_pipeline()
    key = hashlib.sha1(f"{loaded.name} {loaded.version}".encode())
    for text in texts:
        key.update(text.encode() + b"\0")
    path = CACHE / f"checkworthy-{key.hexdigest()[:16]}.spacy"
    rows_path = path.with_suffix(".tensor.npy")
    if path.is_file() and rows_path.is_file():
        docs = list(DocBin().from_disk(path).get_docs(loaded.nlp.vocab))
        rows = np.load(rows_path)
        start = 0
        for doc in docs:
            doc.tensor = rows[start : start + len(doc)]
            start += len(doc)
    else:
        docs = list(loaded.nlp.pipe(texts, batch_size=256))
        CACHE.mkdir(exist_ok=True)
        DocBin(docs=docs).to_disk(path)
        np.save(rows_path, np.concatenate([doc.tensor for doc in docs]).astype(np.float32))
    return [doc[:] for doc in docs]


def encoder_probabilities(data: list[tuple[str, int]], teacher: Path = TEACHER) -> np.ndarray:
    """An encoder file's probability for every sentence (the teacher was
    trained on all of them, as each fold's teacher in ``bench_distill.py`` was
    on its training folds); cached by the sentences and the encoder file."""
    from newsread.analysis.encoder import load as load_encoder

    raw = teacher.read_bytes()
    key = hashlib.sha1(raw)
    for text, _ in data:
        key.update(text.encode() + b"\0")
    path = CACHE / f"encoder-all-{key.hexdigest()[:16]}.npy"
    if path.is_file():
        return np.load(path)
    logits = np.array(load_encoder(raw).logits([t for t, _ in data]))
    probabilities = 1.0 / (1.0 + np.exp(-logits))
    CACHE.mkdir(exist_ok=True)
    np.save(path, probabilities)
    return probabilities


def code_key(data: list[tuple[str, int]]) -> hashlib._Hash:
    """The data and the sources a fold's held-out scores depend on: the key of
    the benches' caches in ``.bench``."""
    key = hashlib.sha1()
    for t, y in data:
        key.update(f"{y}{t}\0".encode())
    for name in ("checkworthy.py", "checkworthy_features.py", "checkworthy_weights.py"):
        key.update((ROOT / "newsread" / "analysis" / name).read_bytes())
    key.update((ROOT / "benchmarks" / "train_checkworthy.py").read_bytes())
    return key


def soft_targets(
    gold: np.ndarray, teacher: np.ndarray, alpha: float, temperature: float = 1.0
) -> np.ndarray:
    """Distillation's targets: ``alpha`` of the label, the rest the teacher's
    probability (its log-odds divided by ``temperature`` first)."""
    t = teacher.astype(np.float64)
    if temperature != 1.0:
        p = np.clip(t, 1e-7, 1 - 1e-7)
        t = 1.0 / (1.0 + np.exp(-np.log(p / (1 - p)) / temperature))
    return alpha * gold + (1 - alpha) * t


def extra_rows(texts: list[str], teacher: np.ndarray) -> tuple[list, np.ndarray]:
    """Unlabelled sentences as training rows: the teacher's probability is the
    target, and its side of 0.5 the class that weighs the row."""
    spans = parse(texts)
    rows = [
        (features(t, span), int(p >= 0.5)) for t, span, p in zip(texts, spans, teacher, strict=True)
    ]
    return rows, dense_matrix([(t, 0) for t in texts], spans)


def prune(rows: list[tuple[list[int], int]]) -> list[tuple[list[int], int]]:
    """Drop features that occur in fewer than MIN_COUNT training sentences."""
    counts: dict[int, int] = {}
    for feats, _ in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    return [([f for f in feats if counts[f] >= MIN_COUNT], y) for feats, y in rows]


def dense_matrix(data: list[tuple[str, int]], spans: list[Span] | None) -> np.ndarray:
    """The pooled word vectors of every sentence, one row each."""
    return np.stack(
        [dense_features(t, spans[i] if spans else None) for i, (t, _) in enumerate(data)]
    )


def tensor_matrix(spans: list[Span]) -> np.ndarray:
    """The pooled tok2vec rows of every sentence's parse, one row each."""
    out = []
    for span in spans:
        pooled = tensor_features(span)
        if pooled is None:
            raise ValueError(f"no tok2vec rows for {span.text!r}: parsed without a tensor?")
        out.append(pooled)
    return np.stack(out)


def train(
    rows: list[tuple[list[int], int]],
    seed: int = 13,
    dense: np.ndarray | None = None,
    tensor: np.ndarray | None = None,
    soft: np.ndarray | None = None,
) -> Scorer:
    """The mean of the AdaGrad and the L-BFGS fits: one linear model. With
    ``dense`` (one row of pooled word vectors per sentence), its columns too;
    with ``tensor`` (one row of pooled tok2vec rows per sentence), those too.
    With ``soft`` (a target probability per sentence), the log loss is taken
    against those instead of the 0/1 labels; the labels still weigh the
    classes, and the hashed features are scaled (``ratio_scales``)."""
    rows = prune(rows)
    blocks = [b for b in (dense, tensor) if b is not None]
    x = mu = sd = None
    if blocks:
        both = np.concatenate(blocks, axis=1)
        # Standardised, then scaled: sd below is each column's spread over its scale.
        scale = np.concatenate(
            [
                np.full(block.shape[1], s)
                for block, s in ((dense, DENSE_SCALE), (tensor, TENSOR_SCALE))
                if block is not None
            ]
        )
        mu, sd = both.mean(axis=0), (both.std(axis=0) + 1e-6) / scale
        x = (both - mu) / sd
    scales = ratio_scales(rows) if soft is not None and RATIO_FLAT < 1 else None
    a, b = train_adagrad(rows, seed, x, soft, scales), train_lbfgs(rows, x, soft, scales)
    if ADAGRAD_BAGS > 1:
        # More AdaGrad fits in other orders, averaged: one linear model still.
        fits = [
            a,
            *(train_adagrad(rows, seed + j, x, soft, scales) for j in range(1, ADAGRAD_BAGS)),
        ]
        a = Scorer(
            {
                f: sum(fit.weights.get(f, 0.0) for fit in fits) / len(fits)
                for f in set().union(*(fit.weights for fit in fits))
            },
            sum(fit.bias for fit in fits) / len(fits),
            None if x is None else sum(fit.dense for fit in fits) / len(fits),
        )
    weights = {
        f: (a.weights.get(f, 0.0) + b.weights.get(f, 0.0)) / 2 for f in a.weights | b.weights
    }
    bias = (a.bias + b.bias) / 2
    if a.dense is None or b.dense is None or mu is None or sd is None:
        return Scorer(weights, bias)
    # Folded back onto the raw pooled vectors: w . (v - mu) / sd = w' . v - w' . mu
    raw = ((a.dense + b.dense) / 2 / sd).astype(np.float32)
    bias -= float(raw @ mu)
    k = 0 if dense is None else dense.shape[1]
    if tensor is None:
        return Scorer(weights, bias, raw)
    # Without a tensor at scoring, its term is its training mean (w' . mu).
    return Scorer(
        weights,
        bias,
        raw[:k] if k else None,
        tensor=raw[k:],
        tensor_fill=float(raw[k:] @ mu[k:]),
    )


def train_lbfgs(
    rows: list[tuple[list[int], int]],
    x: np.ndarray | None = None,
    soft: np.ndarray | None = None,
    scales: dict[int, float] | None = None,
) -> Scorer:
    """L2-penalised logistic regression to convergence; classes balanced as in
    AdaGrad. ``x``: dense columns, one row per sentence, used as they are;
    ``soft``: target probabilities in place of the labels; ``scales``: each
    feature's value (``ratio_scales``), folded into the weights returned."""
    ids = sorted({f for feats, _ in rows for f in feats})
    column = {f: j for j, f in enumerate(ids)}
    r, c, v = [], [], []
    for i, (feats, _) in enumerate(rows):
        norm = 1.0 / math.sqrt(len(feats)) if feats else 0.0
        for f in feats:  # a bag: a repeated feature adds up, as in scoring
            r.append(i)
            c.append(column[f])
            v.append(norm * scales[f] if scales else norm)
    row, col, val = np.array(r), np.array(c), np.array(v)
    y = np.array([label for _, label in rows], dtype=float)
    n, d = len(rows), len(ids)
    dense = np.zeros((n, 0)) if x is None else x
    k = dense.shape[1]
    pos = y.sum()
    sample = np.where(y == 1, (n - pos) / max(pos, 1.0), 1.0)
    sample /= sample.sum()
    if soft is not None:
        y = np.asarray(soft, dtype=float)

    def loss_and_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, bias = theta[: d + k], theta[d + k]
        margin = np.bincount(row, weights=w[col] * val, minlength=n) + dense @ w[d:] + bias
        loss = float(np.sum(sample * (np.logaddexp(0.0, margin) - y * margin)))
        g = sample * (1.0 / (1.0 + np.exp(-margin)) - y)
        grad_w = np.bincount(col, weights=g[row] * val, minlength=d)
        grad_w = np.concatenate([grad_w, dense.T @ g]) + LBFGS_L2 * w
        return loss + 0.5 * LBFGS_L2 * float(w @ w), np.append(grad_w, g.sum())

    theta = _lbfgs(loss_and_grad, np.zeros(d + k + 1))
    weights = dict(zip(ids, theta[:d].tolist(), strict=True))
    if scales:
        weights = {f: w * scales[f] for f, w in weights.items()}
    return Scorer(weights, float(theta[d + k]), theta[d : d + k].copy() if k else None)


def _lbfgs(
    fun: Callable[[np.ndarray], tuple[float, np.ndarray]],
    x: np.ndarray,
    memory: int = 10,
    tol: float = LBFGS_TOL,
) -> np.ndarray:
    """Minimise a smooth convex ``fun`` (returning value and gradient) by
    L-BFGS with a backtracking line search: scipy is not a dependency."""
    f, g = fun(x)
    steps: list[tuple[np.ndarray, np.ndarray, float]] = []
    for _ in range(LBFGS_ITERATIONS):
        q = g.copy()
        alphas = []
        for s, dy, rho in reversed(steps):
            a = rho * float(s @ q)
            q -= a * dy
            alphas.append(a)
        if steps:
            s, dy, _rho = steps[-1]
            q *= float(s @ dy) / float(dy @ dy)
        for (s, dy, rho), a in zip(steps, reversed(alphas), strict=True):
            q += s * (a - rho * float(dy @ q))
        direction = -q
        slope = float(g @ direction)
        if slope >= 0:  # not a descent direction: restart from the gradient
            direction, steps = -g, []
            slope = float(g @ direction)
        t = 1.0 if steps else 1.0 / max(1.0, float(np.abs(g).sum()))
        while True:
            x_new = x + t * direction
            f_new, g_new = fun(x_new)
            if f_new <= f + 1e-4 * t * slope or t < 1e-12:
                break
            t /= 2
        s, dy = x_new - x, g_new - g
        if float(dy @ s) > 1e-12:
            steps = [*steps[-(memory - 1) :], (s, dy, 1.0 / float(dy @ s))]
        done = abs(f - f_new) < tol * max(1.0, abs(f))
        x, f, g = x_new, f_new, g_new
        if done:
            break
    return x


def train_adagrad(
    rows: list[tuple[list[int], int]],
    seed: int = 13,
    x: np.ndarray | None = None,
    soft: np.ndarray | None = None,
    scales: dict[int, float] | None = None,
) -> Scorer:
    """AdaGrad logistic regression; positives up-weighted to balance the
    classes. ``x``: dense columns, one row per sentence, used as they are;
    ``soft``: target probabilities in place of the labels; ``scales``: each
    feature's value (``ratio_scales``), folded into the weights returned."""
    scale = scales.get if scales else lambda f: 1.0
    weights: dict[int, float] = {}
    grad_sq: dict[int, float] = {}
    dense = np.zeros(0 if x is None else x.shape[1])
    dense_sq = np.full(len(dense), 1e-8)
    bias, bias_sq = 0.0, 1e-8
    pos = sum(y for _, y in rows)
    pos_weight = (len(rows) - pos) / max(pos, 1)
    order = list(range(len(rows)))
    rng = random.Random(seed)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            feats, y = rows[i]
            norm = 1.0 / math.sqrt(len(feats)) if feats else 0.0
            margin = bias + sum(weights.get(f, 0.0) * scale(f) for f in feats) * norm
            if x is not None:
                margin += float(x[i] @ dense)
            p = 1.0 / (1.0 + math.exp(-max(min(margin, 30.0), -30.0)))
            target = y if soft is None else float(soft[i])
            g = (p - target) * (pos_weight if y else 1.0)
            for f in feats:
                gf = g * norm * scale(f) + L2 * weights.get(f, 0.0)
                grad_sq[f] = grad_sq.get(f, 1e-8) + gf * gf
                weights[f] = weights.get(f, 0.0) - LR * gf / math.sqrt(grad_sq[f])
            if x is not None:
                gd = g * x[i] + L2 * dense
                dense_sq += gd * gd
                dense -= LR * gd / np.sqrt(dense_sq)
            bias_sq += g * g
            bias -= LR * g / math.sqrt(bias_sq)
    if scales:
        weights = {f: w * scales[f] for f, w in weights.items()}
    return Scorer(weights, bias, dense if x is not None else None)


def prf(predicted: list[bool], gold: list[int]) -> tuple[float, float, float]:
    tp = sum(p and y == 1 for p, y in zip(predicted, gold, strict=True))
    fp = sum(p and y == 0 for p, y in zip(predicted, gold, strict=True))
    fn = sum((not p) and y == 1 for p, y in zip(predicted, gold, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def average_precision(scores: list[float], gold: list[int]) -> float:
    """AP of a ranking by score, as CLEF CheckThat! computes it per debate."""
    hits, total = 0, 0.0
    for rank, i in enumerate(sorted(range(len(gold)), key=lambda i: -scores[i]), 1):
        if gold[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def folds_of(n: int, folds: int) -> list[list[int]]:
    """The same shuffled folds for every model compared."""
    idx = list(range(n))
    random.Random(7).shuffle(idx)
    return [sorted(idx[k::folds]) for k in range(folds)]


def cross_validate(
    data: list[tuple[str, int]],
    folds: int,
    spans: list[Span] | None = None,
    quiet: bool = False,
    halves: list[int] | None = None,
    vectors: bool = True,
    tensor: bool = False,
) -> list[tuple[float, float, float, float]]:
    """P, R, F1 at 0.5 and AP per fold; with ``spans``, the parse features too;
    with ``halves``, F1 and AP of each half of the pooled held-out scores.
    With ``vectors``, the pooled word vectors too; with ``tensor`` (and
    ``spans``), the pooled tok2vec rows of the parse."""
    rows = [(features(t, spans[i] if spans else None), y) for i, (t, y) in enumerate(data)]
    dense = dense_matrix(data, spans) if vectors else None
    rows_t = tensor_matrix(spans) if tensor and spans else None
    out = []
    pooled = [0.0] * len(data)
    for k, test in enumerate(folds_of(len(data), folds)):
        held = set(test)
        train_idx = [i for i in range(len(rows)) if i not in held]
        scorer = train(
            [rows[i] for i in train_idx],
            dense=None if dense is None else dense[train_idx],
            tensor=None if rows_t is None else rows_t[train_idx],
        )
        scores = [scorer.score(data[i][0], spans[i] if spans else None) for i in test]
        gold = [data[i][1] for i in test]
        for i, score in zip(test, scores, strict=True):
            pooled[i] = score
        p, r, f = prf([s >= 0.5 for s in scores], gold)
        ap = average_precision(scores, gold)
        if not quiet:
            print(f"  fold {k + 1}: P={p:.3f} R={r:.3f} F1={f:.3f} AP={ap:.3f}")
        out.append((p, r, f, ap))
    if halves is not None and not quiet:
        for half in (0, 1):
            idx = [i for i, h in enumerate(halves) if h == half]
            scores = [pooled[i] for i in idx]
            gold = [data[i][1] for i in idx]
            f = prf([s >= 0.5 for s in scores], gold)[2]
            ap = average_precision(scores, gold)
            # Four decimals: a change that moves a half by less than 0.0005
            # would otherwise print as a tie and be judged by rounding.
            print(f"  {('even', 'odd')[half]} ids: F1={f:.4f} AP={ap:.4f}")
    return out


def mean(rows: list[tuple[float, ...]]) -> tuple[float, ...]:
    return tuple(sum(col) / len(col) for col in zip(*rows, strict=True))


def export(scorer: Scorer) -> dict:
    items = sorted(
        (i, round(w * SCALE)) for i, w in scorer.weights.items() if abs(w * SCALE) >= MIN_WEIGHT
    )
    return {
        "model": "logistic regression over hashed word uni/bigrams, parse features"
        " and pooled GloVe vectors"
        " (newsread.analysis.checkworthy)",
        "trained_on": "ClaimBuster crowdsourced sentences (Arslan et al., ICWSM 2020)",
        "buckets": 1 << 18,
        "scale": SCALE,
        "bias": round(scorer.bias, 6),
        # Weights of the pooled word vectors (SIF mean, then maximum), raw scale.
        "dense": [] if scorer.dense is None else [round(float(w), 6) for w in scorer.dense],
        # Weights of the parse's pooled tok2vec rows (mean, then maximum), raw
        # scale, and their term's training mean, for a sentence without them.
        "tensor": [] if scorer.tensor is None else [round(float(w), 6) for w in scorer.tensor],
        "tensor_fill": round(scorer.tensor_fill, 6),
        "index": [i for i, _ in items],
        "weight": [w for _, w in items],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT)
    # Off by default: the rows read a few tokens across a sentence's edges, so a
    # long text analysed in pieces no longer scores exactly as when whole.
    parser.add_argument("--tensor", action="store_true", help="add the parse's pooled tok2vec rows")
    parser.add_argument(
        "--cv-only", action="store_true", help="cross-validate only; write no model"
    )
    parser.add_argument(
        "--bags", type=int, default=ADAGRAD_BAGS, help="AdaGrad fits averaged, each its own order"
    )
    parser.add_argument(
        "--ratio-flat",
        type=float,
        default=RATIO_FLAT,
        help="the flat share of each feature's scale in the distilled fit (see"
        " RATIO_FLAT; 1: no scaling)",
    )
    parser.add_argument(
        "--distill",
        type=float,
        default=1.0,
        help="the final model's targets: this share of the label, the rest the teacher"
        " encoder's probability (1: the labels alone; bench_distill.py measures it)",
    )
    parser.add_argument(
        "--teacher",
        type=Path,
        default=TEACHER,
        help="the encoder file whose probabilities --distill mixes in (default: the"
        " --frozen 3 encoder, see TEACHER)",
    )
    parser.add_argument(
        "--extra",
        type=Path,
        default=None,
        help="unlabelled sentences (distill_sentences.py) the final model also learns,"
        " the teacher's probability their targets (with --distill below 1)",
    )
    args = parser.parse_args()
    globals()["ADAGRAD_BAGS"] = args.bags
    globals()["RATIO_FLAT"] = args.ratio_flat
    if not args.data.is_file():
        print(f"skipped: training data not present at {args.data}")
        return 0
    data = load(args.data)
    print(f"{len(data)} sentences, {sum(y for _, y in data)} check-worthy")
    spans = parse([t for t, _ in data])
    halves = halves_of(args.data)
    tensor = args.tensor
    p, r, f, ap = mean(cross_validate(data, args.folds, spans, halves=halves, tensor=tensor))
    print(f"{args.folds}-fold CV at 0.5: P={p:.3f} R={r:.3f} F1={f:.3f}; AP={ap:.3f}")
    if args.cv_only:
        return 0
    soft = None
    rows = [(features(t, span), y) for (t, y), span in zip(data, spans, strict=True)]
    dense = dense_matrix(data, spans)
    if args.distill < 1:
        gold = np.array([y for _, y in data], dtype=float)
        if not args.teacher.is_file():
            parser.error(
                f"{args.teacher}: no teacher encoder (train_checkworthy_minilm.py"
                " --frozen 3 --all --out FILE writes one)"
            )
        soft = soft_targets(gold, encoder_probabilities(data, args.teacher), args.distill)
        if args.extra is not None:
            # As bench_distill.py measures it.
            if tensor:
                parser.error("--extra does not take --tensor")
            texts = [r["text"] for r in json.loads(args.extra.read_text(encoding="utf-8"))]
            read = encoder_probabilities([(t, 0) for t in texts], args.teacher)
            more, more_dense = extra_rows(texts, read)
            rows += more
            dense = np.concatenate([dense, more_dense])
            soft = np.concatenate([soft, read])
            print(f"with {len(texts)} unlabelled sentences the encoder read")
    elif args.extra is not None:
        parser.error("--extra needs --distill below 1 (the encoder's reading is the target)")
    final = train(
        rows,
        dense=dense,
        tensor=tensor_matrix(spans) if tensor else None,
        soft=soft,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(export(final), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
