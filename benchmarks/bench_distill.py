"""Check-worthiness by distillation: the linear model taught by the encoder.

    .venv/bin/python benchmarks/bench_distill.py [--alphas 1,0.7,0.5] [--temperature 1]

The default linear model learns from the 0/1 labels. Here it learns, in
each fold, from a mix of the label and the fine-tuned encoder's probability
for the same sentence: ``alpha * label + (1 - alpha) * teacher``, the log
loss taken against that soft target (``train_checkworthy.train``'s
``soft``), the labels still weighing the classes. The result is the same
linear model, the same weights file and the same cost at scoring; only its
weights move towards what the encoder reads.

Honest by construction: the model scored on fold K learns from the encoder
trained for fold K (``train_checkworthy_minilm.py --frozen 3 --fold K``, the
shipped model's teacher, writes its probability for every sentence to
``.bench/minilm-fold-K-frozen3-all.npy``; ``--suffix=`` reads the shipped
encoder's, ``minilm-fold-K-all.npy``, which teaches no better: F1 0.7999
against 0.8025), which never saw fold K's labels; the soft targets are that
encoder's reading of its own training sentences. ``--temperature T`` divides the teacher's
log-odds by T first (above 1: softer targets).

Per alpha: 5-fold F1 at 0.5 and AP (the mean over folds, as the other
benchmarks), F1 and AP of the even and odd ClaimBuster ids over the pooled
out-of-fold scores, and F1 per fold; alpha 1 is the plain model. Each fold's
held-out scores are cached in ``.bench`` by the data, the teacher and the
training code, so a rerun after more teacher folds only trains those. With
only some folds' teachers, the figures of those folds alone. Then each
student as the config's ``encoder`` choice would blend it: with the shipped
encoder's held-out folds (``minilm-fold-K.npy``; ``--encoder-suffix`` names
another's), on every sentence and as the cascade asks, halves included.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from train_checkworthy import (  # noqa: E402
    DEFAULT_DATA,
    TEACHER_SUFFIX,
    average_precision,
    code_key,
    dense_matrix,
    extra_rows,
    features,
    folds_of,
    halves_of,
    load,
    parse,
    prf,
    soft_targets,
    train,
)

CACHE = ROOT / ".bench"


def teacher_file(k: int, suffix: str = "", part: str = "all") -> Path:
    return CACHE / f"minilm-fold-{k}{suffix}-{part}.npy"


def figures(scores: np.ndarray, gold: np.ndarray, idx: list[int]) -> tuple[float, float]:
    s = scores[idx]
    g = gold[idx].tolist()
    return prf((s >= 0.5).tolist(), g)[2], average_precision(s.tolist(), g)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--alphas", default="1,0.7,0.5")
    parser.add_argument("--temperature", type=float, default=1.0)
    parser.add_argument(
        "--suffix",
        default=TEACHER_SUFFIX,
        help="the teacher encoder's fold files' suffix, given with '=' (default"
        f" {TEACHER_SUFFIX}, the shipped model's teacher; --suffix= for the shipped encoder's)",
    )
    parser.add_argument(
        "--extra",
        type=Path,
        default=None,
        help="unlabelled sentences (distill_sentences.py) the fold's teacher read"
        " (train_checkworthy_minilm.py --extra), added to each fold's training",
    )
    parser.add_argument(
        "--encoder-suffix",
        default="",
        help="the blended encoder's fold files' suffix, given with '=' (default: the"
        " shipped encoder's, the config's encoder choice)",
    )
    parser.add_argument(
        "--thresholds", default="", help="also print each model's F1 at these thresholds"
    )
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"skipped: training data not present at {args.data}")
        return 0
    data = load(args.data)
    n = len(data)
    gold = np.array([y for _, y in data], dtype=float)
    splits = folds_of(n, 5)
    extra_part = f"extra-{args.extra.stem}" if args.extra else ""
    parts = ("all", extra_part) if args.extra else ("all",)
    done = [
        k
        for k in range(len(splits))
        if all(teacher_file(k, args.suffix, part).is_file() for part in parts)
    ]
    extra_items = json.loads(args.extra.read_text(encoding="utf-8")) if args.extra else []
    extra = [r["text"] for r in extra_items]
    # An altered copy of a labelled sentence is learnt only where that sentence is.
    source = np.array([-1 if r["source"] is None else r["source"] for r in extra_items])
    more = more_dense = None
    if not done:
        print(
            f"skipped: no .bench/minilm-fold-K{args.suffix}-all.npy"
            " (run benchmarks/train_checkworthy_minilm.py [--frozen 3] --fold 0 ... --fold 4)"
        )
        return 0
    alphas = [float(a) for a in args.alphas.split(",")]
    base = code_key(data)
    spans = rows = dense = None
    scores = {a: np.zeros(n) for a in alphas}
    for k in done:
        test = splits[k]
        held = set(test)
        kept = [i for i in range(n) if i not in held]
        teacher = np.load(teacher_file(k, args.suffix))
        for a in alphas:
            key = base.copy()
            key.update(f"{k} {a} {args.temperature} {args.suffix}".encode())
            if a < 1:
                key.update(teacher.tobytes())
            if extra:
                key.update(teacher_file(k, args.suffix, extra_part).read_bytes())
            path = CACHE / f"distill-{key.hexdigest()[:16]}.npy"
            if path.is_file():
                scores[a][test] = np.load(path)
                continue
            if spans is None:
                spans = parse([t for t, _ in data])
                rows = [(features(t, spans[i]), y) for i, (t, y) in enumerate(data)]
                dense = dense_matrix(data, spans)
            soft = None if a >= 1 else soft_targets(gold, teacher, a, args.temperature)[kept]
            train_rows, train_dense = [rows[i] for i in kept], dense[kept]
            if extra:
                read = np.load(teacher_file(k, args.suffix, extra_part)).astype(np.float64)
                if more is None or more_dense is None:
                    more, more_dense = extra_rows(extra, read)
                use = [j for j in range(len(extra)) if source[j] not in held]
                # The class that weighs a row is the teacher's side of 0.5, its own fold's.
                train_rows += [(more[j][0], int(read[j] >= 0.5)) for j in use]
                train_dense = np.concatenate([train_dense, more_dense[use]])
                hard = gold[kept] if soft is None else soft
                soft = np.concatenate([hard, read[use]])
            scorer = train(train_rows, dense=train_dense, soft=soft)
            held_scores = np.array([scorer.score(data[i][0], spans[i]) for i in test])
            np.save(path, held_scores)
            scores[a][test] = held_scores
            print(f"  fold {k} alpha {a:g}: F1={figures(scores[a], gold, test)[0]:.4f}", flush=True)
    halves = halves_of(args.data)
    every = len(done) == len(splits)
    print(
        f"ClaimBuster: {n} sentences; folds {', '.join(map(str, done))}"
        f" (teacher at temperature {args.temperature:g}){'' if every else '; halves need all five'}"
    )
    for a in alphas:
        per_fold = [figures(scores[a], gold, splits[k]) for k in done]
        f1 = sum(f for f, _ in per_fold) / len(per_fold)
        ap = sum(x for _, x in per_fold) / len(per_fold)
        line = f"  alpha {a:g}: F1={f1:.4f} AP={ap:.4f}"
        if every:
            for half, name in ((0, "even"), (1, "odd")):
                idx = [i for i in range(n) if halves[i] == half]
                fh, ah = figures(scores[a], gold, idx)
                line += f"; {name} F1={fh:.4f} AP={ah:.4f}"
        print(f"{line}; folds {' '.join(f'{f:.3f}' for f, _ in per_fold)}")
        if args.thresholds:
            # Where the decision would best lie: seen, not chosen (picking it
            # on these folds would report a fitted figure).
            at = []
            for t in (float(x) for x in args.thresholds.split(",")):
                f1 = sum(
                    prf((scores[a][splits[k]] >= t).tolist(), gold[splits[k]].tolist())[2]
                    for k in done
                ) / len(done)
                at.append(f"{t:g} {f1:.4f}")
            print(f"    F1 at other thresholds: {', '.join(at)}")
    blended_figures(scores, gold, splits, done, args.encoder_suffix, halves if every else None)
    return 0


def blended_figures(
    scores: dict[float, np.ndarray],
    gold: np.ndarray,
    splits: list,
    done: list[int],
    suffix: str,
    halves: list[int] | None = None,
) -> None:
    """The config's ``encoder`` choice over each student: its log-odds blended
    with the held-out encoder's, on every sentence and as the cascade asks."""
    from newsread.analysis.checkworthy import blend, cascade, unsure

    held_files = [CACHE / f"minilm-fold-{k}{suffix}.npy" for k in done]
    if not all(f.is_file() for f in held_files):
        return
    for a, values in scores.items():
        every, cascaded = np.zeros(len(gold)), np.zeros(len(gold))
        for k, path in zip(done, held_files, strict=True):
            for i, p_enc in zip(splits[k], np.load(path), strict=True):
                p_lin = min(max(float(values[i]), 1e-7), 1 - 1e-7)
                p_enc = min(max(float(p_enc), 1e-7), 1 - 1e-7)
                margin, logit = np.log(p_lin / (1 - p_lin)), np.log(p_enc / (1 - p_enc))
                every[i] = blend(margin, logit)
                cascaded[i] = cascade(margin, logit if unsure(margin) else None)
        for label, out in (("blend on every sentence", every), ("cascade", cascaded)):
            per_fold = [figures(out, gold, splits[k]) for k in done]
            f1 = sum(f for f, _ in per_fold) / len(per_fold)
            ap = sum(x for _, x in per_fold) / len(per_fold)
            line = f"    alpha {a:g} + encoder, {label}: F1={f1:.4f} AP={ap:.4f}"
            for half, name in ((0, "even"), (1, "odd")) if halves else ():
                idx = [i for i in range(len(gold)) if halves[i] == half]
                line += f"; {name} F1={figures(out, gold, idx)[0]:.4f}"
            print(line)


if __name__ == "__main__":
    raise SystemExit(main())
