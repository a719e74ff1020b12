"""Entity consistency on the PolNeAR dev texts: plain spaCy NER against ours.

    .venv/bin/python benchmarks/bench_entities.py [--show N] [--gold DIR]

1. Consistency: names with more than one label in one article, lower-case
   name spans, spans holding a possessive, the share of mentions whose label
   or span changed, and a sample of the changes to read.
2. Accuracy, when a hand-checked gold set is present (``--gold``, default
   ``$NEWSREAD_NERGOLD`` or /tmp/nergold/gold): exact-span labelled P/R/F1
   (and unlabelled span F1) of plain spaCy and of newsread's resolved
   entities. The gold files are JSON, ``{"file": "<polnear text name>",
   "entities": [[start, end, label, text], ...]}``, OntoNotes conventions
   (possessive 's and titles such as "President"/"Mr." outside the span; a
   leading "the" kept for ORG/GPE/FAC names as the OntoNotes-trained model
   does). A file may carry ``"split": "tune"`` (the default: errors looked
   at while writing rules) or ``"split": "heldout"`` (only scored, to check
   that a rule generalises); scores are printed for all files and per split.
   They live outside the repository because the texts are not ours.
Skips with a message when the folders are absent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEXTS = ROOT.parent / "shared" / "eval-dev" / "polnear-dev" / "text"
GOLD = Path(os.environ.get("NEWSREAD_NERGOLD", "/tmp/nergold/gold"))
Mention = tuple[int, int, str]


def stats(text: str, mentions: list[Mention]) -> Counter:
    from newsread.analysis.entities import NAME_LABELS

    out: Counter = Counter()
    labels: dict[str, set[str]] = defaultdict(set)
    for start, end, label in mentions:
        if label not in NAME_LABELS:
            continue
        surface = text[start:end]
        out["names"] += 1
        labels[surface].add(label)
        out["lowercase"] += not any(ch.isupper() for ch in surface)
        out["possessive"] += surface.endswith(("'s", "’s")) or "’s " in surface
    out["surfaces"] += len(labels)
    out["inconsistent"] += sum(len(v) > 1 for v in labels.values())
    return out


def prf(pred: set, gold: set) -> tuple[float, float, float]:
    hit = len(pred & gold)
    p = hit / len(pred) if pred else 0.0
    r = hit / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _scores(pred: set, gold: set) -> str:
    p, r, f = prf(pred, gold)
    return f"{p:7.3f}{r:7.3f}{f:7.3f}"


def _report(title: str, gold: set, raw: set, ours: set, per_label: bool) -> None:
    print(f"  {title}: {len({m[0] for m in gold})} articles, {len(gold)} entities")
    print(f"    {'':14}{'P':>7}{'R':>7}{'F1':>7}   unlabelled F1")
    for name, pred in (("plain spaCy", raw), ("newsread", ours)):
        uf = prf({m[:3] for m in pred}, {m[:3] for m in gold})[2]
        print(f"    {name:14}{_scores(pred, gold)}   {uf:.3f}")
    if not per_label:
        return
    print(f"    {'per label':12}{'gold':>5}  {'plain P/R/F1':>21}  {'newsread P/R/F1':>21}")
    labels = Counter(m[3] for m in gold | raw | ours)
    for label in sorted(labels, key=lambda lb: (-sum(m[3] == lb for m in gold), lb)):
        g = {m for m in gold if m[3] == label}
        r = {m for m in raw if m[3] == label}
        o = {m for m in ours if m[3] == label}
        print(f"    {label:12}{len(g):5}  {_scores(r, g)}  {_scores(o, g)}")


def bench_gold(folder: Path, nlp, per_label: bool = True) -> None:
    """Scores on the whole gold set and on each of its halves (a file's "split")."""
    from newsread.analysis.entities import resolve_entities

    files = sorted(folder.glob("*.json"))
    items = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    items = [d for d in items if (TEXTS / d["file"]).is_file()]
    if not items:
        print(f"gold NER: no usable files in {folder}")
        return
    texts = [(TEXTS / d["file"]).read_text(encoding="utf-8") for d in items]
    gold: dict[str, set] = defaultdict(set)
    raw: dict[str, set] = defaultdict(set)
    ours: dict[str, set] = defaultdict(set)
    for k, (d, doc) in enumerate(zip(items, nlp.pipe(texts), strict=True)):
        for split in ("all", d.get("split", "tune")):
            gold[split] |= {(k, s, e, label) for s, e, label, *_ in d["entities"]}
            raw[split] |= {(k, e.start_char, e.end_char, e.label_) for e in doc.ents}
            ours[split] |= {(k, s, e, label) for s, e, label in resolve_entities(doc)}
    print(f"gold NER ({folder}): exact spans, labelled P/R/F1")
    for split in ["all"] + sorted(set(gold) - {"all"}, key=lambda s: (s != "tune", s)):
        _report(split, gold[split], raw[split], ours[split], per_label)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=25, help="changes to print")
    parser.add_argument("--gold", type=Path, default=GOLD, help="hand-checked gold NER folder")
    parser.add_argument("--gold-only", action="store_true", help="skip the consistency part")
    parser.add_argument("--no-labels", action="store_true", help="no per-label table")
    args = parser.parse_args()
    if not TEXTS.is_dir():
        print(f"skipped: {TEXTS} not present")
        return 0
    from newsread.analysis.entities import resolve_entities
    from newsread.analysis.pipeline import load_pipeline

    if args.gold_only:
        if not args.gold.is_dir():
            print(f"skipped gold NER: {args.gold} not present")
            return 0
        bench_gold(args.gold, load_pipeline().nlp, not args.no_labels)
        return 0
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))]
    nlp = load_pipeline().nlp
    plain: Counter = Counter()
    ours: Counter = Counter()
    same = changed = 0
    shown: Counter = Counter()
    for doc in nlp.pipe(texts):
        raw = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        new = resolve_entities(doc)
        plain += stats(doc.text, raw)
        ours += stats(doc.text, new)
        raw_set = set(raw)
        for m in new:
            if m in raw_set:
                same += 1
            else:
                changed += 1
                shown[f"{doc.text[m[0] : m[1]]!r} -> {m[2]}"] += 1
    print(f"{len(texts)} articles")
    print(f"{'':28}{'plain spaCy':>12}{'newsread':>12}")
    for key in ("names", "surfaces", "inconsistent", "lowercase", "possessive"):
        print(f"  {key:26}{plain[key]:>12}{ours[key]:>12}")
    total = same + changed
    print(f"  mentions unchanged: {same}/{total} ({same / total:.1%}); changed or new: {changed}")
    print(f"most frequent changes (top {args.show}):")
    for change, n in shown.most_common(args.show):
        print(f"  {n:4} {change}")
    if args.gold.is_dir():
        bench_gold(args.gold, nlp, not args.no_labels)
    else:
        print(f"skipped gold NER: {args.gold} not present (hand-checked, kept outside the repo)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
