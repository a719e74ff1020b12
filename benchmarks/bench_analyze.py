"""Speed: analyze_texts against bare nlp.pipe on the same texts, in one run.

    .venv/bin/python benchmarks/bench_analyze.py [--repeat N]

Uses the PolNeAR dev texts when present, else the project's own fixture
texts repeated. Prints tokens per second of both and their ratio; the
project's rules should cost at most about 10% on top of spaCy.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

POLNEAR = ROOT.parent / "shared" / "eval-dev" / "polnear-dev" / "text"
FIXTURES = ROOT / "tests" / "fixtures" / "analysis"


def texts(repeat: int) -> tuple[list[str], str]:
    if POLNEAR.is_dir():
        base = [p.read_text(encoding="utf-8") for p in sorted(POLNEAR.glob("*.txt"))]
        return base * repeat, f"PolNeAR dev texts x{repeat}"
    base = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    return base * (repeat * 20), f"fixture texts x{repeat * 20}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    from newsread.analysis import analyze_doc, analyze_texts
    from newsread.analysis.pipeline import load_pipeline

    batch, what = texts(args.repeat)
    loaded = load_pipeline()
    nlp = loaded.nlp
    list(nlp.pipe(batch[:4]))  # warm up

    t0 = time.perf_counter()
    docs = list(nlp.pipe(batch, batch_size=args.batch_size))
    bare = time.perf_counter() - t0
    n_tokens = sum(len(d) for d in docs)

    t0 = time.perf_counter()
    for doc in docs:
        analyze_doc(doc, loaded)
    rules = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_claims = sum(len(a.claims) for a in analyze_texts(batch, loaded, args.batch_size))
    full = time.perf_counter() - t0

    print(f"{what}: {len(batch)} texts, {n_tokens} tokens, {n_claims} claims")
    print(f"  bare nlp.pipe:  {bare:7.2f}s  {n_tokens / bare:9.0f} tokens/s")
    print(f"  analyze_texts:  {full:7.2f}s  {n_tokens / full:9.0f} tokens/s")
    print(f"  rules alone:    {rules:7.2f}s  ({rules / bare:.1%} of the bare pipe)")
    print(f"  ratio analyze_texts / nlp.pipe: {full / bare:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
