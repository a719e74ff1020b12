"""Entity consistency on the PolNeAR dev texts: plain spaCy NER against ours.

    .venv/bin/python benchmarks/bench_entities.py [--show N]

There is no gold NER for these texts, so this reports what the rules are
meant to fix and how much they change: names with more than one label in
one article, lower-case name spans, spans holding a possessive, the share of
mentions whose label or span changed, and a sample of the changes to read.
Skips with a message when the folder is absent.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEXTS = ROOT.parent / "shared" / "eval-dev" / "polnear-dev" / "text"
Mention = tuple[int, int, str]


def stats(text: str, mentions: list[Mention]) -> Counter:
    from newsread.entities import NAME_LABELS

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=25, help="changes to print")
    args = parser.parse_args()
    if not TEXTS.is_dir():
        print(f"skipped: {TEXTS} not present")
        return 0
    from newsread.entities import resolve_entities
    from newsread.pipeline import load_pipeline

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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
