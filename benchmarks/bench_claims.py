"""Claims against PolNeAR attributions, and check-worthiness on ClaimBuster.

    .venv/bin/python benchmarks/bench_claims.py [--shared PATH] [--no-checkworthy]
        [-v/--misses [N]]

``--misses`` prints (to the terminal only) a tally of the cue words of the
missed PolNeAR attributions and a random sample of N of them with their
cue and nearby text, and a sample of false positives, to find systematic gaps.

1. PolNeAR dev (``polnear-dev``): our quote + attributed claims against the
   annotated attributions. A claim matches an attribution when their contents
   overlap by at least half of the shorter one; precision, recall and F1
   count matches, and over matched pairs we report how often the speaker
   (or its resolved name) and the cue overlap the annotated Source and Cue,
   and how often the speaker (or resolved name) is exactly the Source span.
   Figures are given for all articles and for two halves (articles sorted by
   name, even and odd positions): accept a rule only when it helps or holds
   on both halves, since quality is measured on held-out articles.
2. ClaimBuster (``claimbuster-train``): k-fold cross-validated precision,
   recall and F1 of the check-worthiness score at threshold 0.5 and average
   precision of its ranking, retraining the shipped model's recipe on each
   fold: the words-only recipe shipped first, the words plus parse one
   shipped next, that one with the pooled GloVe vectors shipped now, that
   one with the parse's pooled tok2vec rows (measured, not shipped), and the
   whole analysis scored as ``score.py`` scores it (a sentence's highest claim
   score), beside the scorer's naive baseline.

Skips with a message when the development data is absent.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEFAULT_SHARED = ROOT.parent / "shared"
BASELINE = DEFAULT_SHARED / "eval-dev" / "baseline.py"
Ranges = list[tuple[int, int]]


@dataclass
class Gold:
    content: Ranges = field(default_factory=list)
    source: Ranges = field(default_factory=list)
    cue: Ranges = field(default_factory=list)


def parse_ann(path: Path) -> list[Gold]:
    """Attributions of one brat file: E lines tie Source, Cue and Content T lines."""
    spans: dict[str, tuple[str, Ranges]] = {}
    events: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, *_ = line.split("\t")
            role, _, offsets = info.partition(" ")
            ranges = []
            for part in offsets.split(";"):
                a, b = part.split()
                ranges.append((int(a), int(b)))
            spans[tid] = (role, ranges)
        elif line.startswith("E"):
            events.append(line.split("\t")[1])
    out = []
    for event in events:
        gold = Gold()
        for arg in event.split()[1:]:
            role, _, tid = arg.partition(":")
            ranges = spans.get(tid, ("", []))[1]
            if role.startswith("Content"):
                gold.content += ranges
            elif role.startswith("Source"):
                gold.source += ranges
            elif role.startswith("Cue"):
                gold.cue += ranges
        if gold.content:
            out.append(gold)
    return out


def overlap(a: Ranges, b: Ranges) -> int:
    return sum(max(0, min(x[1], y[1]) - max(x[0], y[0])) for x in a for y in b)


def length(a: Ranges) -> int:
    return sum(e - s for s, e in a)


def matches(pred: Ranges, gold: Ranges) -> bool:
    shorter = min(length(pred), length(gold))
    return shorter > 0 and overlap(pred, gold) * 2 >= shorter


def _context(text: str, g: Gold, width: int = 60) -> str:
    spans = g.content + g.cue + g.source
    lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
    cue = " | ".join(text[s:e] for s, e in g.cue)
    src = " | ".join(text[s:e] for s, e in g.source)
    snippet = text[max(0, lo - width) : min(len(text), hi + width)].replace("\n", " / ")
    if len(snippet) > 400:
        snippet = snippet[:200] + " ... " + snippet[-200:]
    return f"cue={cue!r} source={src!r}\n      {snippet}"


def _print_misses(misses: list[tuple[str, Gold]], wrong: list[tuple[str, str]], n: int) -> None:
    cues: Counter = Counter()
    for text, g in misses:
        cues[" ".join(text[s:e] for s, e in g.cue).lower() or "<none>"] += 1
    print(f"  missed attributions: {len(misses)}; most frequent cues:")
    print("   " + ", ".join(f"{c!r}:{k}" for c, k in cues.most_common(60)))
    rng = random.Random(0)
    for text, g in rng.sample(misses, min(n, len(misses))):
        print("    - " + _context(text, g))
    print(f"  false positives: {len(wrong)} (sample)")
    for line in rng.sample(wrong, min(n // 2, len(wrong))):
        print(f"    x {line[0]}\n      {line[1]}")


def bench_polnear(folder: Path, misses: int = 0) -> None:
    from newsread.analysis import analyze_texts
    from newsread.analysis.pipeline import load_pipeline

    by_text: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name = ann.name.rsplit("_", 1)[0]
        by_text.setdefault(name, ann)  # one annotator per text where there are two
    names = [n for n in sorted(by_text) if (folder / "text" / f"{n}.txt").is_file()]
    texts = [(folder / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    loaded = load_pipeline()
    t0 = time.perf_counter()
    analyses = list(analyze_texts(texts, loaded))
    elapsed = time.perf_counter() - t0

    totals: dict[str, Counter] = {"all": Counter(), "even": Counter(), "odd": Counter()}
    missed: list[tuple[str, Gold]] = []
    wrong: list[tuple[str, str]] = []
    for i, (name, text, analysis) in enumerate(zip(names, texts, analyses, strict=True)):
        stats = _score_article(text, parse_ann(by_text[name]), analysis, missed, wrong)
        totals["all"].update(stats)
        totals["even" if i % 2 == 0 else "odd"].update(stats)
    stats = totals["all"]
    print(
        f"PolNeAR dev: {len(names)} articles, {stats['gold']} attributions, {stats['pred']} claims"
    )
    for label in ("all", "even", "odd"):
        print(_summary(label, totals[label]))
    for kind in ("attributed", "quote"):
        n, hit = stats[f"{kind}_n"], stats[f"{kind}_hit"]
        print(f"    {kind}: {n} claims, precision {hit / n if n else 0:.3f}")
    print(f"  (analysis took {elapsed:.1f}s)")
    if misses:
        _print_misses(missed, wrong, misses)


def _score_article(text: str, golds: list[Gold], analysis, missed: list, wrong: list) -> Counter:
    """Counts for one article: predictions, golds, hits and speaker/cue agreement."""
    stats: Counter = Counter()
    preds = [c for c in analysis.claims if c.kind in ("quote", "attributed") and c.content]
    stats["pred"] += len(preds)
    stats["gold"] += len(golds)
    for c in preds:
        pc = [(c.content.start, c.content.end)]
        hits = [g for g in golds if matches(pc, g.content)]
        stats[f"{c.kind}_n"] += 1
        if not hits:
            head = f"{c.kind} cue={c.cue.text if c.cue else None!r}"
            wrong.append((head, text[c.start : c.end].replace("\n", " / ")[:300]))
            continue
        stats["pred_hit"] += 1
        stats[f"{c.kind}_hit"] += 1
        g = hits[0]
        stats["pairs"] += 1
        speakers = [(s.start, s.end) for s in (c.speaker, c.speaker_resolved) if s]
        stats["speaker_ok"] += bool(g.source) and overlap(speakers, g.source) > 0
        gold_src = sorted(g.source)
        stats["speaker_exact"] += bool(g.source) and any([s] == gold_src for s in speakers)
        stats["cue_ok"] += bool(c.cue) and overlap([(c.cue.start, c.cue.end)], g.cue) > 0
    for g in golds:
        hit = any(matches([(c.content.start, c.content.end)], g.content) for c in preds)
        stats["gold_hit"] += hit
        if not hit:
            missed.append((text, g))
    return stats


def _summary(label: str, st: Counter) -> str:
    p = st["pred_hit"] / st["pred"] if st["pred"] else 0.0
    r = st["gold_hit"] / st["gold"] if st["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    pairs = st["pairs"] or 1
    return (
        f"  {label:>4}: P={p:.3f} R={r:.3f} F1={f:.3f}; speaker overlap"
        f" {st['speaker_ok'] / pairs:.3f} exact {st['speaker_exact'] / pairs:.3f},"
        f" cue {st['cue_ok'] / pairs:.3f}"
    )


def _naive(spans: list) -> list[float]:
    """The scorer's naive baseline (``baseline.py``, plain spaCy): each
    sentence's highest claim score, as ``score.py`` reads it (0.9 for a
    reporting verb or "according to", 0.6 for a number, else 0)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("nr_baseline", BASELINE)
    assert spec is not None and spec.loader is not None
    baseline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(baseline)
    out = []
    for span in spans:
        doc = span.doc
        claims = [
            baseline.sentence_claim(doc.text, sent, sent.start_char, sent.end_char)
            for sent in doc.sents
        ]
        out.append(max((c["score"] for c in claims if c is not None), default=0.0))
    return out


def _pipeline_scores(spans: list, scorer) -> list[float]:
    """What ``score.py checkworthy-claimbuster`` reads: each sentence analysed
    as a file of its own, its highest claim score (0 without a claim)."""
    from newsread.analysis.claims import find_claims
    from newsread.analysis.entities import resolve_entities
    from newsread.analysis.records import Entity
    from newsread.analysis.run import sentence_spans

    out = []
    for span in spans:
        doc = span.doc
        text = doc.text
        entities = [Entity(s, e, label, text[s:e]) for s, e, label in resolve_entities(doc)]
        claims = find_claims(doc, sentence_spans(doc), entities, score=scorer.score)
        out.append(max((c.score for c in claims), default=0.0))
    return out


def bench_checkworthy(path: Path, folds: int) -> None:
    from train_checkworthy import (
        cross_validate,
        dense_matrix,
        features,
        folds_of,
        load,
        mean,
        parse,
        train,
    )

    data = load(path)
    gold = [y for _, y in data]
    spans = parse([t for t, _ in data])
    print(f"ClaimBuster: {len(data)} sentences, {folds}-fold cross-validation (F1 at 0.5, AP)")
    naive = _naive(spans)
    splits = folds_of(len(data), folds)
    # Plain spaCy's figures beside ours: the scorer's naive baseline, each
    # fold scored as the model's held-out fold is (F1 at 0.5, AP of its ranking).
    _report(
        "naive baseline, plain spaCy (reporting verb or number)",
        [_fold_row([naive[i] for i in test], [gold[i] for i in test]) for test in splits],
    )
    recipes = (
        ("words only (first)", None, False, False),
        ("words + parse (before)", spans, False, False),
        ("words + parse + GloVe", spans, True, False),
        ("words + parse + GloVe + tok2vec rows", spans, True, True),
    )
    for name, parsed, vectors, tensor in recipes:
        rows = cross_validate(data, folds, parsed, quiet=True, vectors=vectors, tensor=tensor)
        p, r, f, ap = mean(rows)
        print(
            f"  model, {name}: P={p:.3f} R={r:.3f} F1={f:.3f} AP={ap:.3f}"
            f" (folds {' '.join(f'{row[2]:.3f}' for row in rows)})"
        )
    # The figure score.py measures: the whole analysis, with each fold's model.
    dense = dense_matrix(data, spans)
    scorers = []
    for test in splits:
        held = set(test)
        kept = [i for i in range(len(data)) if i not in held]
        scorers.append(
            train(
                [(features(data[i][0], spans[i]), gold[i]) for i in kept],
                dense=dense[kept],
            )
        )
    rows = []
    for test, scorer in zip(splits, scorers, strict=True):
        scores = _pipeline_scores([spans[i] for i in test], scorer)
        rows.append(_fold_row(scores, [gold[i] for i in test]))
    _report("labels-only model, newsread analyze (max claim score, as score.py)", rows)
    _distilled_figures(data, spans, splits, dense)
    _blend_figures(path, data, spans, splits, scorers)
    print("  (no CLEF CheckThat! data in eval-dev: AP over each fold's ranking stands in for MAP)")


def _fold_row(scores: list[float], truth: list[int]) -> tuple[float, ...]:
    from train_checkworthy import average_precision, prf

    return (*prf([s >= 0.5 for s in scores], truth), average_precision(scores, truth))


def _report(label: str, rows: list[tuple[float, ...]], note: str = "") -> None:
    from train_checkworthy import mean

    p, r, f, ap = mean(rows)
    print(
        f"  {label}: P={p:.3f} R={r:.3f} F1={f:.3f} AP={ap:.3f}"
        f" (folds F1 {' '.join(f'{row[2]:.3f}' for row in rows)};"
        f" AP {' '.join(f'{row[3]:.3f}' for row in rows)}{note})"
    )


def _distilled_figures(data: list, spans: list, splits: list, dense) -> None:
    """The shipped recipe: each fold's linear model learnt from the mean of
    the label and the probability given by the teacher encoder trained for
    that fold (``train_checkworthy_minilm.py --frozen 3 --fold K`` writes it
    for every sentence; it never saw fold K), scored as ``score.py`` reads the
    analysis."""
    import numpy as np
    from bench_distill import teacher_file
    from train_checkworthy import TEACHER_SUFFIX, features, soft_targets, train

    files = [teacher_file(k, TEACHER_SUFFIX) for k in range(len(splits))]
    if not all(f.is_file() for f in files):
        print(
            f"  shipped (distilled) model: skipped, no .bench/minilm-fold-K{TEACHER_SUFFIX}-all.npy"
            " (run benchmarks/train_checkworthy_minilm.py --frozen 3 --fold 0 ... --fold 4;"
            " bench_distill.py gives its figures without the analysis)"
        )
        return
    gold = np.array([y for _, y in data], dtype=float)
    rows = []
    for test, teacher_path in zip(splits, files, strict=True):
        held = set(test)
        kept = [i for i in range(len(data)) if i not in held]
        soft = soft_targets(gold[kept], np.load(teacher_path)[kept], 0.5)
        scorer = train(
            [(features(data[i][0], spans[i]), int(gold[i])) for i in kept],
            dense=dense[kept],
            soft=soft,
        )
        scores = _pipeline_scores([spans[i] for i in test], scorer)
        rows.append(_fold_row(scores, [int(gold[i]) for i in test]))
    _report("shipped model (distilled), newsread analyze (as score.py)", rows)


def _blend_figures(path: Path, data: list, spans: list, splits: list, scorers: list) -> None:
    """The blend a config can choose ([pipeline] checkworthiness = "encoder"):
    each fold's linear model with the encoder fine-tuned on the same four
    folds (``train_checkworthy_minilm.py --fold K`` writes its held-out
    probabilities; torch is needed for that, not here), on every sentence
    and as the cascade runs it (the encoder only where the linear model is
    unsure; ``bench_cascade.py`` compares its bands)."""
    import math

    import numpy as np
    from train_checkworthy import halves_of, prf

    from newsread.analysis.checkworthy import blend, cascade, unsure

    fold_files = [ROOT / ".bench" / f"minilm-fold-{k}.npy" for k in range(len(splits))]
    if not all(f.is_file() for f in fold_files):
        print(
            "  blend with the fine-tuned encoder: skipped, no .bench/minilm-fold-K.npy"
            " (run benchmarks/train_checkworthy_minilm.py --fold 0 ... --fold 4)"
        )
        return
    gold = [y for _, y in data]
    pooled = [0.0] * len(data)
    cascaded = [0.0] * len(data)
    rows, cascade_rows, read_rows, split, asked = [], [], [], 0, 0
    for test, fold_file, scorer in zip(splits, fold_files, scorers, strict=True):
        logits = {}
        for i, p in zip(test, np.load(fold_file), strict=True):
            p = min(max(float(p), 1e-7), 1 - 1e-7)
            logit = logits[data[i][0].strip()] = math.log(p / (1 - p))
            margin = scorer.margin(data[i][0], spans[i])
            pooled[i] = blend(margin, logit)
            cascaded[i] = cascade(margin, logit if unsure(margin) else None)
            asked += unsure(margin)
        truth = [gold[i] for i in test]
        rows.append(_fold_row([pooled[i] for i in test], truth))
        cascade_rows.append(_fold_row([cascaded[i] for i in test], truth))

        # As score.py reads it: each sentence analysed alone, its highest
        # claim score, by the cascade the "encoder" choice runs. The fold's
        # encoder was run on whole ClaimBuster sentences; a claim on part of
        # one gets the linear model alone.
        def blended(text: str, span=None, scorer=scorer, logits=logits) -> float:
            nonlocal split
            if text.strip() not in logits:
                split += 1
                return scorer.score(text, span)
            margin = scorer.margin(text, span)
            return cascade(margin, logits[text.strip()] if unsure(margin) else None)

        scores = _pipeline_scores([spans[i] for i in test], SimpleNamespace(score=blended))
        read_rows.append(_fold_row(scores, truth))
    halves = halves_of(path)
    for label, rows_of, scores_of in (
        ("blend with the fine-tuned encoder on every sentence", rows, pooled),
        (
            'the cascade (the config\'s "encoder" choice): the encoder on'
            f" {asked / len(data):.1%} of the sentences",
            cascade_rows,
            cascaded,
        ),
    ):
        _report(label, rows_of)
        for half in (0, 1):
            idx = [i for i, h in enumerate(halves) if h == half]
            f = prf([scores_of[i] >= 0.5 for i in idx], [gold[i] for i in idx])[2]
            print(f"    {('even', 'odd')[half]} ids: F1={f:.4f}")
    _report(
        "newsread analyze with the cascade (as score.py)",
        read_rows,
        f"; {split} claim scores on part of a sentence, linear alone",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-checkworthy", action="store_true")
    parser.add_argument(
        "-v",
        "--misses",
        type=int,
        nargs="?",
        const=40,
        default=0,
        help="print a sample of N missed attributions (default 40) to the terminal",
    )
    args = parser.parse_args()
    eval_dev = args.shared / "eval-dev"
    polnear = eval_dev / "polnear-dev"
    if polnear.is_dir():
        bench_polnear(polnear, args.misses)
    else:
        print(f"skipped PolNeAR: {polnear} not present")
    claimbuster = eval_dev / "claimbuster-train" / "train.json"
    if args.no_checkworthy:
        pass
    elif claimbuster.is_file():
        bench_checkworthy(claimbuster, args.folds)
    else:
        print(f"skipped ClaimBuster: {claimbuster} not present")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
