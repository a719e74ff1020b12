"""Train the check-worthiness model and write newsread/data/checkworthy.json.

    .venv/bin/python benchmarks/train_checkworthy.py [--data PATH] [--folds 5]

Logistic regression (AdaGrad, L2) over the hashed features of
``newsread.analysis.checkworthy.features``, in pure Python so that training needs
nothing beyond the runtime. Prints k-fold cross-validated precision, recall
and F1 at threshold 0.5 before fitting the final model on all sentences.
Only hashed feature ids and weights are written: no training text.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsread.analysis.checkworthy import Scorer, features  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval-dev" / "claimbuster-train" / "train.json"
OUT = ROOT / "newsread" / "data" / "checkworthy.json"
EPOCHS = 12
L2 = 1e-5
LR = 0.3
SCALE = 1000  # weights are stored as integers in thousandths: a smaller file
MIN_WEIGHT = 5  # in thousandths; smaller weights hardly change a decision
MIN_COUNT = 2  # features seen once are noise, and would bloat the file


def load(path: Path) -> list[tuple[str, int]]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [(r["text"], int(r["label"])) for r in rows]


def prune(rows: list[tuple[list[int], int]]) -> list[tuple[list[int], int]]:
    """Drop features that occur in fewer than MIN_COUNT training sentences."""
    counts: dict[int, int] = {}
    for feats, _ in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    return [([f for f in feats if counts[f] >= MIN_COUNT], y) for feats, y in rows]


def train(rows: list[tuple[list[int], int]], seed: int = 13) -> Scorer:
    """AdaGrad logistic regression; positives up-weighted to balance the classes."""
    rows = prune(rows)
    weights: dict[int, float] = {}
    grad_sq: dict[int, float] = {}
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
            margin = bias + sum(weights.get(f, 0.0) for f in feats) * norm
            p = 1.0 / (1.0 + math.exp(-max(min(margin, 30.0), -30.0)))
            g = (p - y) * (pos_weight if y else 1.0)
            for f in feats:
                gf = g * norm + L2 * weights.get(f, 0.0)
                grad_sq[f] = grad_sq.get(f, 1e-8) + gf * gf
                weights[f] = weights.get(f, 0.0) - LR * gf / math.sqrt(grad_sq[f])
            bias_sq += g * g
            bias -= LR * g / math.sqrt(bias_sq)
    return Scorer(weights, bias)


def prf(scorer: Scorer, rows: list[tuple[str, int]], threshold: float = 0.5) -> tuple[float, ...]:
    tp = fp = fn = 0
    for text, y in rows:
        pred = scorer.score(text) >= threshold
        tp += pred and y == 1
        fp += pred and y == 0
        fn += (not pred) and y == 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def cross_validate(data: list[tuple[str, int]], folds: int) -> tuple[float, float, float]:
    rng = random.Random(7)
    idx = list(range(len(data)))
    rng.shuffle(idx)
    totals = [0.0, 0.0, 0.0]
    for k in range(folds):
        test_ids = set(idx[k::folds])
        tr = [(features(t), y) for i, (t, y) in enumerate(data) if i not in test_ids]
        te = [data[i] for i in sorted(test_ids)]
        scores = prf(train(tr), te)
        print(f"  fold {k + 1}: P={scores[0]:.3f} R={scores[1]:.3f} F1={scores[2]:.3f}")
        totals = [a + b for a, b in zip(totals, scores, strict=True)]
    return tuple(x / folds for x in totals)  # type: ignore[return-value]


def export(scorer: Scorer) -> dict:
    items = sorted(
        (i, round(w * SCALE)) for i, w in scorer.weights.items() if abs(w * SCALE) >= MIN_WEIGHT
    )
    return {
        "model": "logistic-regression over hashed word uni/bigrams (newsread.analysis.checkworthy)",
        "trained_on": "ClaimBuster crowdsourced sentences (Arslan et al., ICWSM 2020)",
        "buckets": 1 << 18,
        "scale": SCALE,
        "bias": round(scorer.bias, 6),
        "index": [i for i, _ in items],
        "weight": [w for _, w in items],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"skipped: training data not present at {args.data}")
        return 0
    data = load(args.data)
    print(f"{len(data)} sentences, {sum(y for _, y in data)} check-worthy")
    p, r, f = cross_validate(data, args.folds)
    print(f"{args.folds}-fold CV at 0.5: P={p:.3f} R={r:.3f} F1={f:.3f}")
    final = train([(features(t), y) for t, y in data])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(export(final), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
