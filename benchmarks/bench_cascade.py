"""Check-worthiness cascade: the encoder only where the linear model is unsure.

    .venv/bin/python benchmarks/bench_cascade.py [--bands 0.5,1,1.5,2,3]

The config's ``encoder`` choice blends the linear model's log-odds with a
fine-tuned encoder's on every sentence, which makes the analysis several
times slower than with the linear model alone. A sentence whose linear
log-odds are far from the threshold (0) rarely changes side in the blend,
so the cascade sends only those within ``band`` of it to the encoder; the
others keep a score from the linear model alone.

Outside the band a score must still rank sensibly against the blended ones
(average precision reads the whole ranking). Two mappings are measured:
``linear`` keeps the linear log-odds as they are; ``expected`` puts in the
encoder's place the log-odds it is expected to give for that linear margin,
a straight line fitted to the two models' out-of-fold log-odds on the other
four folds. The shipped cascade (``newsread.analysis.checkworthy.cascade``)
keeps the linear score: the line gained no F1 and at most 0.0005 AP.

Per band: 5-fold F1 at 0.5 and AP (the mean over folds, as the other
benchmarks), F1 and AP of the even and odd ClaimBuster ids over the pooled
out-of-fold scores, F1 per fold, and the share of sentences that reach the
encoder. ``--read BANDS`` scores those bands also as ``score.py`` reads the
analysis (each sentence analysed alone, its highest claim score). Needs the
encoder's out-of-fold probabilities
(``benchmarks/train_checkworthy_minilm.py --fold 0 ... --fold 4`` writes
``.bench/minilm-fold-K.npy``; torch is needed for that, not here); with
only some folds' files, F1 per band of those folds alone. The
linear model is each fold's, trained as ``bench_claims.py`` trains it.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from train_checkworthy import (  # noqa: E402
    DEFAULT_DATA,
    average_precision,
    code_key,
    dense_matrix,
    features,
    folds_of,
    halves_of,
    load,
    parse,
    prf,
    train,
)

from newsread.analysis.checkworthy import ENCODER_WEIGHT  # noqa: E402

CACHE = ROOT / ".bench"


def out_of_fold(data: list[tuple[str, int]], splits: list[list[int]]) -> np.ndarray:
    """Each sentence's linear log-odds from the model of the folds it is not in.

    Cached in ``.bench`` by the data and the sources of the features and the
    training: five fits take minutes, and the bench is rerun per band list.
    """
    path = CACHE / f"linear-oof-{code_key(data).hexdigest()[:16]}.npy"
    if path.is_file():
        return np.load(path)
    spans = parse([t for t, _ in data])
    dense = dense_matrix(data, spans)
    gold = [y for _, y in data]
    margins = np.zeros(len(data))
    for test in splits:
        held = set(test)
        kept = [i for i in range(len(data)) if i not in held]
        scorer = train([(features(data[i][0], spans[i]), gold[i]) for i in kept], dense=dense[kept])
        for i in test:
            margins[i] = scorer.margin(data[i][0], spans[i])
    CACHE.mkdir(exist_ok=True)
    np.save(path, margins)
    return margins


def read_figures(
    data: list[tuple[str, int]], splits: list[list[int]], e: np.ndarray, band: float
) -> list[tuple[float, ...]]:
    """F1 and AP per fold as ``score.py`` reads the cascade of this band: each
    sentence analysed alone, its highest claim score (``bench_claims``). A
    claim on part of a sentence, which the fold's encoder never read, gets the
    linear model alone."""
    from types import SimpleNamespace

    from bench_claims import _fold_row, _pipeline_scores

    from newsread.analysis.checkworthy import cascade

    spans = parse([t for t, _ in data])
    dense = dense_matrix(data, spans)
    gold = [y for _, y in data]
    rows = []
    for test in splits:
        held = set(test)
        kept = [i for i in range(len(data)) if i not in held]
        scorer = train([(features(data[i][0], spans[i]), gold[i]) for i in kept], dense=dense[kept])
        logits = {data[i][0].strip(): float(e[i]) for i in test}

        def score(text: str, span=None, scorer=scorer, logits=logits) -> float:
            if text.strip() not in logits:
                return scorer.score(text, span)
            margin = scorer.margin(text, span)
            return cascade(margin, logits[text.strip()] if abs(margin) < band else None)

        scores = _pipeline_scores([spans[i] for i in test], SimpleNamespace(score=score))
        rows.append(_fold_row(scores, [gold[i] for i in test]))
    return rows


def fold_file(k: int, suffix: str = "") -> Path:
    return CACHE / f"minilm-fold-{k}{suffix}.npy"


def some_folds(
    data: list[tuple[str, int]],
    splits: list[list[int]],
    gold: np.ndarray,
    done: list[int],
    suffix: str,
    bands: str,
) -> None:
    """F1 per band of the folds an encoder was trained on, when not all were."""
    m = out_of_fold(data, splits)
    print(f"only folds {', '.join(map(str, done))} of the encoder; F1 at 0.5 of each:")
    for k in done:
        test = splits[k]
        p = np.clip(np.load(fold_file(k, suffix)).astype(np.float64), 1e-7, 1 - 1e-7)
        e = np.log(p / (1 - p))
        cells = [f"linear {figures(m, gold, test)[0]:.3f}"]
        for band in [*(float(x) for x in bands.split(",")), math.inf]:
            s, _ = cascade_scores(m[test], e, band, None)
            full = np.zeros(len(data))
            full[test] = s
            cells.append(f"band {band:g} {figures(full, gold, test)[0]:.3f}")
        print(f"  fold {k}: {'; '.join(cells)}")


def encoder_logits(splits: list[list[int]], n: int, suffix: str = "") -> np.ndarray | None:
    files = [fold_file(k, suffix) for k in range(len(splits))]
    if not all(f.is_file() for f in files):
        return None
    logits = np.zeros(n)
    for test, f in zip(splits, files, strict=True):
        p = np.clip(np.load(f).astype(np.float64), 1e-7, 1 - 1e-7)
        logits[test] = np.log(p / (1 - p))
    return logits


def fit_line(m: np.ndarray, e: np.ndarray) -> tuple[float, float]:
    """Least squares e ~ a m + b."""
    a, b = np.polyfit(m, e, 1)
    return float(a), float(b)


def cascade_scores(
    m: np.ndarray,
    e: np.ndarray,
    band: float,
    line: tuple[float, float] | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Blended log-odds inside the band, the mapped linear ones outside, and
    which sentences reached the encoder."""
    w = ENCODER_WEIGHT
    unsure = np.abs(m) < band
    stand_in = m if line is None else line[0] * m + line[1]
    out = (1 - w) * m + w * np.where(unsure, e, stand_in)
    return out, unsure


def figures(scores: np.ndarray, gold: np.ndarray, idx: list[int]) -> tuple[float, float]:
    s = scores[idx]
    g = gold[idx].tolist()
    return prf((s >= 0).tolist(), g)[2], average_precision(s.tolist(), g)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--bands", default="0.5,1,1.5,2,2.5,3,4")
    parser.add_argument(
        "--suffix",
        default="",
        help="the encoder's fold files' suffix, given with '=' as it starts with a dash:"
        " --suffix=-layers2",
    )
    parser.add_argument(
        "--read",
        default=None,
        help="bands (comma-separated) to score also as score.py reads the analysis (slow)",
    )
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"skipped: training data not present at {args.data}")
        return 0
    data = load(args.data)
    n = len(data)
    gold = np.array([y for _, y in data])
    splits = folds_of(n, 5)
    e = encoder_logits(splits, n, args.suffix)
    if e is None:
        done = [k for k in range(len(splits)) if fold_file(k, args.suffix).is_file()]
        if not done:
            print(
                "skipped: no .bench/minilm-fold-K.npy"
                " (run benchmarks/train_checkworthy_minilm.py --fold 0 ... --fold 4)"
            )
            return 0
        # A model stopped after some folds still says how those folds went.
        some_folds(data, splits, gold, done, args.suffix, args.bands)
        return 0
    m = out_of_fold(data, splits)
    halves = halves_of(args.data)
    even = [i for i in range(n) if halves[i] == 0]
    odd = [i for i in range(n) if halves[i] == 1]
    fold_of = np.zeros(n, dtype=int)
    for k, test in enumerate(splits):
        fold_of[test] = k
    a, b = fit_line(m, e)
    print(f"ClaimBuster: {n} sentences; encoder log-odds ~ {a:.3f} x linear + {b:.3f} (all folds)")
    bands = [0.0, *(float(x) for x in args.bands.split(",")), math.inf]
    for mapping in ("linear", "expected"):
        print(f"outside the band: {mapping}")
        for band in bands:
            # Every fold's line from the other four folds' out-of-fold log-odds.
            scores = np.zeros(n)
            unsure = np.zeros(n, dtype=bool)
            for k, test in enumerate(splits):
                rest = fold_of != k
                line = None if mapping == "linear" else fit_line(m[rest], e[rest])
                s, u = cascade_scores(m[test], e[test], band, line)
                scores[test], unsure[test] = s, u
            per_fold = [figures(scores, gold, test) for test in splits]
            f1 = sum(f for f, _ in per_fold) / len(per_fold)
            ap = sum(x for _, x in per_fold) / len(per_fold)
            fe, ae = figures(scores, gold, even)
            fo, ao = figures(scores, gold, odd)
            name = {0.0: "linear alone", math.inf: "blend on all"}.get(band, f"band {band:g}")
            print(
                f"  {name:>13}: F1={f1:.4f} AP={ap:.4f}; even F1={fe:.4f} AP={ae:.4f},"
                f" odd F1={fo:.4f} AP={ao:.4f}; folds"
                f" {' '.join(f'{f:.3f}' for f, _ in per_fold)};"
                f" encoder on {unsure.mean():.1%}"
            )
    for band in [float(b) for b in args.read.split(",")] if args.read else []:
        rows = read_figures(data, splits, e, band)
        f1 = sum(r[2] for r in rows) / len(rows)
        ap = sum(r[3] for r in rows) / len(rows)
        print(
            f"as score.py reads the analysis, band {band:g}: F1={f1:.4f} AP={ap:.4f};"
            f" folds {' '.join(f'{r[2]:.3f}' for r in rows)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
