"""Named entities on the CoNLL-2003 development part: newsread against plain spaCy.

    .venv/bin/python benchmarks/bench_entities.py [--no-score] [--no-rules]

Reads the public development data in ``../shared/eval-dev`` (never copied
into the repository) and skips, saying why, when it is absent.

1. ``score.py ner-conll --part testa``, the project's scorer, run on the
   installed ``newsread`` command and on its plain-spaCy baseline: the dev
   figures comparable with the held-out ones.
2. The same documents split into halves (even and odd document index), plain
   spaCy against newsread, scored with the scorer's own reading, label map and
   span snapping (imported from ``score.py``), in one process and one parse.
3. Each rule of ``newsread.analysis.entities.STEPS`` left out in turn: what it
   adds on each half. A rule is kept only when it helps on both halves, or
   when this data cannot show it (it never fires here: numeric labels are not
   scored, and CoNLL has no title-case headlines, possessives inside names or
   named laws) and it fixes a seen error.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EVAL_DEV = ROOT.parent / "shared" / "eval-dev"
CONLL = EVAL_DEV / "conll2003-dev" / "eng.testa"
SCORER = EVAL_DEV / "score.py"
TYPES = ("PER", "ORG", "LOC", "MISC")
Counts = tuple[Counter, Counter, Counter]  # true positives, predicted, gold by type


def load_scorer() -> ModuleType:
    """``score.py`` as a module, so the halves use its reading and matching exactly."""
    spec = importlib.util.spec_from_file_location("eval_dev_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_scorer(cmd: str) -> dict[str, float]:
    """The metrics of ``score.py ner-conll --part testa`` from its last line."""
    argv = [sys.executable, str(SCORER), "ner-conll", "--part", "testa"]
    argv += ["--cmd", cmd, "--data", str(EVAL_DEV)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    last = out.strip().splitlines()[-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", last)}


def document_counts(score: ModuleType, gold_doc: Any, spans: list[tuple[int, int, str]]) -> Counts:
    """One document's counts, exactly as ``score.py``'s ``score_ner`` makes them."""
    pred = set()
    for start, end, label in spans:
        mapped = score.CONLL_MAP.get(label)
        if mapped is None:
            continue
        snapped = gold_doc.snap(*score.strip_edges(gold_doc.text, start, end, punct=False))
        if snapped is not None:
            pred.add((snapped[0], snapped[1], mapped))
    tp, npred, ngold = Counter(), Counter(), Counter()
    for _, _, label in gold_doc.gold:
        ngold[label] += 1
    for item in pred:
        npred[item[2]] += 1
        tp[item[2]] += item in gold_doc.gold
    return tp, npred, ngold


def f1(counts: list[Counts], indices: range, label: str | None = None) -> float:
    tp, npred, ngold = Counter(), Counter(), Counter()
    for i in indices:
        tp += counts[i][0]
        npred += counts[i][1]
        ngold += counts[i][2]
    if label is not None:
        return _f1(tp[label], npred[label], ngold[label])
    return _f1(sum(tp.values()), sum(npred.values()), sum(ngold.values()))


def _f1(tp: int, npred: int, ngold: int) -> float:
    return 2 * tp / (npred + ngold) if npred + ngold else 0.0


def halves(counts: list[Counts]) -> tuple[float, float, float]:
    n = len(counts)
    return f1(counts, range(n)), f1(counts, range(0, n, 2)), f1(counts, range(1, n, 2))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-score", action="store_true", help="skip the score.py runs")
    parser.add_argument("--no-rules", action="store_true", help="skip leaving out each rule")
    args = parser.parse_args()
    if not CONLL.is_file() or not SCORER.is_file():
        print(f"skipped: the CoNLL-2003 dev data or score.py is not at {EVAL_DEV}")
        return 0
    # The other NER figure has no dev part to measure here.
    print("OntoNotes 5 (18 labels): no development data in ../shared/eval-dev, no figure here")
    if not args.no_score:
        newsread = Path(sys.executable).with_name("newsread")
        print("score.py ner-conll --part testa (216 documents), exact-span micro F1")
        print(f"  {'':14}{'F1':>7}{'PER':>7}{'ORG':>7}{'LOC':>7}{'MISC':>7}")
        for name, cmd in (("plain spaCy", "baseline"), ("newsread", str(newsread))):
            m = run_scorer(cmd)
            cells = "".join(f"{m[key]:7.3f}" for key in ("f1", *(f"f1_{t}" for t in TYPES)))
            print(f"  {name:14}{cells}")

    from newsread.analysis.entities import STEPS, resolve_entities
    from newsread.analysis.pipeline import load_pipeline

    score = load_scorer()
    gold = [score.NerDoc(doc, "\n") for doc in score.read_conll2003(CONLL)]
    docs = list(load_pipeline().nlp.pipe([g.text for g in gold]))

    def counts_of(make) -> list[Counts]:
        return [document_counts(score, g, make(d)) for g, d in zip(gold, docs, strict=True)]

    plain = counts_of(lambda d: [(e.start_char, e.end_char, e.label_) for e in d.ents])
    ours = counts_of(resolve_entities)
    print(
        f"halves by document index ({len(gold)} documents: even {len(gold[::2])}, odd "
        f"{len(gold[1::2])}), scored as score.py does"
    )
    print(
        f"  {'':14}{'all':>7}{'even':>7}{'odd':>7}   " + "  ".join(f"{t:>4} a/e/o" for t in TYPES)
    )
    for name, counts in (("plain spaCy", plain), ("newsread", ours)):
        per_type = "  ".join(
            "/".join(
                f"{f1(counts, r, t):.3f}"
                for r in (range(len(counts)), range(0, len(counts), 2), range(1, len(counts), 2))
            )
            for t in TYPES
        )
        print(f"  {name:14}" + "".join(f"{v:7.4f}" for v in halves(counts)) + f"   {per_type}")
    if args.no_rules:
        return 0
    base = halves(ours)
    print("each rule left out: F1 change on each half (positive: the rule helps there)")
    print(f"  {'rule':16}{'all':>8}{'even':>8}{'odd':>8}   verdict")
    for step in STEPS:
        without = halves(counts_of(lambda d, s=step: resolve_entities(d, frozenset({s}))))
        delta = [b - w for b, w in zip(base, without, strict=True)]
        if delta[1] > 0 and delta[2] > 0:
            verdict = "helps on both halves"
        elif delta[1] == 0 and delta[2] == 0:
            verdict = "no effect on this data"
        elif delta[1] >= 0 and delta[2] >= 0:
            verdict = "helps on one half, no effect on the other"
        else:
            verdict = "HURTS on a half"
        print(f"  {step:16}" + "".join(f"{d:+8.4f}" for d in delta) + f"   {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
