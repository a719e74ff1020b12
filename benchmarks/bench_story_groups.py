"""Same-story grouping of a whole library, in memory: shingling and
``groups_from_arrays`` timed apart, on three corpora of synthetic articles.

    .venv/bin/python benchmarks/bench_story_groups.py [--sizes 10000,100000]

* ``scale``: bench_scale.py's library (2,000 bodies of ~300 words, each article
  one of them under a first line of its own: groups of copies);
* ``footer``: every article a body of its own (~300 words) with the same
  30-word footer (too small a share to join anything, but held by all);
* ``notice``: short articles (~60 words) of their own, each ending with the
  same 25-word notice (a share that passes the overlap thresholds).

Prints, per corpus and size, the seconds of each step and the number of groups
of two or more articles. Runs against whichever code is first on sys.path.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FOOTER = (
    "Readers can reach the newsroom at any hour by phone or by the form on our "
    "website, and every correction we make is listed on the corrections page of the site."
)
NOTICE = (
    "The district office will post the complete findings online next Tuesday, and "
    "anyone who wishes to respond may write to the clerk before the thirtieth."
)


def _sentence(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def _body(rng: random.Random, words: list[str], size: int) -> str:
    out, count = [], 0
    while count < size:
        n = rng.randint(8, 20)
        out.append(_sentence(rng, words, n))
        count += n
    return " ".join(out)


def corpus(kind: str, size: int) -> list[tuple[str, str]]:
    from benchmarks.bench_scale import WORDS, _article_fields, _pool

    rng = random.Random(10)
    if kind == "scale":
        pool = _pool(rng)
        return [(f"a{i:07d}", _article_fields(i, pool)["body"]) for i in range(size)]
    # A large vocabulary, so bodies of their own share no 5-gram by chance.
    vocab = WORDS + [f"{w}{k}" for w in WORDS for k in range(60)]
    if kind == "footer":
        return [(f"a{i:07d}", _body(rng, vocab, 300) + "\n\n" + FOOTER) for i in range(size)]
    return [(f"a{i:07d}", _body(rng, vocab, 60) + "\n\n" + NOTICE) for i in range(size)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--corpora", default="scale,footer,notice")
    args = parser.parse_args()
    from newsread.ingest import samestory

    placed = getattr(samestory, "placed_shingle_arrays", None)
    for kind in args.corpora.split(","):
        for size in map(int, args.sizes.split(",")):
            articles = corpus(kind, size)
            t = time.perf_counter()
            texts = (body for _, body in articles)
            arrays = placed(texts) if placed else samestory.shingle_arrays(texts)
            shingled = time.perf_counter() - t
            t = time.perf_counter()
            groups = samestory.groups_from_arrays([aid for aid, _ in articles], *arrays)
            grouped = time.perf_counter() - t
            joined = sum(1 for n in Counter(groups.values()).values() if n > 1)
            print(
                f"{kind:7s} {size:7d} articles: shingles {shingled:6.2f} s, "
                f"groups {grouped:6.2f} s, {len(set(groups.values())):7d} groups, "
                f"{joined} of two or more",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
