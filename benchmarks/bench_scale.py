"""The library at 100,000 articles: the commands a user types, timed as subprocesses.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 10000,100000] [--skip-100k]
        [--rebuild] [--no-jsonl]

Builds (once, cached under ``.bench/``) libraries of 10,000 and 100,000
articles of about 300 words with the project's own API (``Library.save_articles``
in batches, then same-story grouping), the first 10,000 articles carrying ten
annotations each (100,000 annotations). Each run times, on a hard-linked copy of
the cached library (every write replaces a file by rename, so the cache stays
intact), the real ``newsread`` command:

* ``newsread tag`` on one article;
* ``newsread list --json``: time to the first byte and in total;
* ``newsread import --no-analyze`` of one more file (same-story grouping included),
  twice: the first may rewrite a shingle cache made before the delta file existed;
* ``newsread export`` of every annotation, twice (the first run may read files out
  of the page cache);
* ``newsread import --no-analyze`` of a JSON Lines file of as many articles as the
  library size into an empty library (the file is cached under ``.bench/`` too;
  ``--no-jsonl`` skips it, and ``BENCH_SKIP_100K`` / ``--skip-100k`` skip the
  100,000 size with everything else at that size).

The first ``tag`` creates its tag, so it rewrites ``library.json`` (and writes
``library-spans.json``, which a library made before has not); the second one
is timed against the goal.

Each figure is printed next to its goal, with the peak memory (max RSS) of the
command.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = ROOT / ".bench"
NEWSREAD = [sys.executable, "-m", "tui.cli"]
ANNOTATED = 10_000
PER_ARTICLE = 10
FORMAT = "v1"  # bump when the cached library must be rebuilt

_VOCABULARY = (
    "council harbour report minister water rate strike port crane budget river school "
    "hospital police court union election tariff market energy said would could after "
    "before city state national government officials people year week month plan "
    "price housing transport rail bus bridge road airport farmers drought flood storm "
    "fire doctors nurses teachers students workers company shares bank inflation jobs "
    "growth trade exports imports talks deal vote law bill senate parliament mayor"
)
WORDS = _VOCABULARY.split()


def _pool(rng: random.Random, size: int = 2000) -> list[str]:
    """Distinct ~300-word bodies; articles reuse them with a unique first line."""
    bodies = []
    for _ in range(size):
        sentences = []
        words = 0
        while words < 300:
            n = rng.randint(8, 20)
            sentences.append(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")
            words += n
        bodies.append(
            "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
        )
    return bodies


def _article_fields(i: int, pool: list[str]) -> dict[str, str]:
    month = 1 + i % 12
    return {
        "title": f"Story number {i} about the {WORDS[i % len(WORDS)]}",
        "body": f"Dispatch {i} from the wire desk.\n\n{pool[i % len(pool)]}",
        "source": f"Wire {i % 17}",
        "published": f"2025-{month:02d}-{1 + i % 28:02d}",
    }


def build(size: int, path: Path) -> None:
    from newsread.model import Annotation, Article
    from storage.library import Library
    from storage.story_index import regroup

    if path.exists():
        shutil.rmtree(path)
    tmp = path.with_name(path.name + ".building")
    if tmp.exists():
        shutil.rmtree(tmp)
    rng = random.Random(10)
    pool = _pool(rng)
    library = Library(tmp)
    t = time.perf_counter()
    batch = 5000
    for start in range(0, size, batch):
        articles = []
        for i in range(start, min(size, start + batch)):
            f = _article_fields(i, pool)
            articles.append(Article(id=f"a{i:07d}", imported="2026-01-01T00:00:00+00:00", **f))
        library.save_articles(articles)
        print(f"  saved {start + len(articles)} articles ({time.perf_counter() - t:.0f} s)")
    regroup(library)
    print(f"  grouped ({time.perf_counter() - t:.0f} s)")
    for i in range(min(size, ANNOTATED)):
        aid = f"a{i:07d}"
        body = _article_fields(i, pool)["body"]
        anns = [
            Annotation(
                id=f"{aid}-{j}",
                article_id=aid,
                start=40 + j * 10,
                end=45 + j * 10,
                quote=body[40 + j * 10 : 45 + j * 10],
                tags=["check" if j % 2 else "source"],
            )
            for j in range(PER_ARTICLE)
        ]
        library.save_annotations(aid, anns)
    print(f"  annotated ({time.perf_counter() - t:.0f} s)")
    library.close()
    (tmp / ".bench-format").write_text(FORMAT)
    tmp.rename(path)


def cached_library(size: int, rebuild: bool) -> Path:
    path = CACHE / f"library-{size}"
    marker = path / ".bench-format"
    if rebuild or not marker.exists() or marker.read_text() != FORMAT:
        print(f"building a {size}-article library in {path} (cached for later runs)")
        build(size, path)
    return path


def work_copy(src: Path, name: str) -> Path:
    dst = CACHE / "work" / name
    if dst.exists():
        shutil.rmtree(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    # Hard links: newsread replaces files by rename, never writes them in place.
    subprocess.run(["cp", "-al", str(src), str(dst)], check=True)
    # Its own lock file: a hard-linked one would be one flock for every copy.
    (dst / ".lock").unlink(missing_ok=True)
    (dst / ".lock").touch()
    return dst


def run(args: list[str], library: Path, **kw) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall time and the child's max RSS (MB) of one newsread command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run(
        [*NEWSREAD, *args, "--library", str(library)],
        capture_output=True,
        cwd=ROOT,
        **kw,
    )
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before) / 1024, proc


def first_byte(args: list[str], library: Path) -> tuple[float, float]:
    t = time.perf_counter()
    proc = subprocess.Popen(
        [*NEWSREAD, *args, "--library", str(library)], stdout=subprocess.PIPE, cwd=ROOT
    )
    assert proc.stdout is not None
    proc.stdout.read(1)
    first = time.perf_counter() - t
    while proc.stdout.read(1 << 16):
        pass
    if proc.wait() != 0:
        raise SystemExit(f"{' '.join(args)} failed")
    return first, time.perf_counter() - t


def line(what: str, seconds: float, goal: float | None, rss: float | None = None) -> None:
    verdict = "" if goal is None else (" ok" if seconds <= goal else " OVER")
    goal_s = "" if goal is None else f"  (goal ≤ {goal:g} s{verdict})"
    mem = "" if rss is None else f"  [max RSS so far {rss:.0f} MB]"
    print(f"  {what:<48} {seconds:7.2f} s{goal_s}{mem}", flush=True)


def bench(size: int, src: Path, jsonl: bool) -> None:
    print(f"== {size} articles, {min(size, ANNOTATED) * PER_ARTICLE} annotations")
    lib = work_copy(src, f"run-{size}")
    # The cached library has annotations but no tags table entries yet: the first
    # tag creates "check" (library.json rewritten), the second finds it.
    elapsed, rss, _ = run(["tag", "a0000005", "--quote", "Dispatch 5", "--tag", "check"], lib)
    line("newsread tag (new tag: index rewritten)", elapsed, None, rss)
    elapsed, rss, _ = run(["tag", "a0000007", "--quote", "Dispatch 7", "--tag", "check"], lib)
    line("newsread tag (existing tag)", elapsed, 0.3, rss)
    first, total = first_byte(["list", "--json"], lib)
    # "Starts at once": the first row is out long before the last.
    line("newsread list --json: first byte (streams)", first, 0.3)
    line("newsread list --json: total", total, None)
    pool = _pool(random.Random(99), 3)
    # The cached library's shingle cache may predate the delta file (no token):
    # the first import then writes the whole cache; the second is timed.
    for n, (what, goal) in enumerate(
        [
            ("newsread import one file (first: cache rewritten)", None),
            ("newsread import one file (incl. grouping)", 0.5),
        ]
    ):
        extra = CACHE / "work" / f"one-more-{n}.json"
        one = {"title": f"One more story for the bench {n}", "body": pool[n], "source": "Bench"}
        extra.write_text(json.dumps(one), encoding="utf-8")
        elapsed, rss, _ = run(["import", "--no-analyze", str(extra)], lib)
        line(what, elapsed, goal, rss)
    # Twice: the first run reads annotation files that may be out of the page
    # cache (a library not read for a while: 2.2-2.4 s at 10,000 here, against
    # 1.1-1.3 s once they are in), the second what an export soon after gets.
    for what in ("first run", "again, files cached"):
        elapsed, rss, proc = run(["export", "-o", str(CACHE / "work" / "export.json")], lib)
        line(f"newsread export (all annotations; {what})", elapsed, 2.0, rss)
    if jsonl:
        path = CACHE / f"articles-{size}.jsonl"
        if not path.exists():
            rng = random.Random(11)
            pool = _pool(rng)
            partial = path.with_name(path.name + ".partial")
            with partial.open("w", encoding="utf-8") as handle:
                for i in range(size):
                    f = _article_fields(i, pool)
                    handle.write(json.dumps(f, ensure_ascii=False) + "\n")
            partial.rename(path)  # never a half-written cache after an interrupt
        empty = CACHE / "work" / f"jsonl-{size}"
        if empty.exists():
            shutil.rmtree(empty)
        elapsed, rss, _ = run(["import", "--no-analyze", str(path)], empty)
        line(f"newsread import {size}-line JSONL (empty lib)", elapsed, 60.0, rss)
        shutil.rmtree(empty)
    shutil.rmtree(lib)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--skip-100k", action="store_true", help="only the 10,000 size")
    parser.add_argument("--rebuild", action="store_true", help="regenerate cached libraries")
    parser.add_argument("--no-jsonl", action="store_true", help="skip the big JSON Lines import")
    # Kept for old command lines: the JSONL import is on by default now.
    parser.add_argument("--jsonl", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.skip_100k or os.environ.get("BENCH_SKIP_100K"):
        sizes = [s for s in sizes if s < 100_000]
    for size in sizes:
        src = cached_library(size, args.rebuild)
        bench(size, src, not args.no_jsonl)
    return 0


if __name__ == "__main__":
    sys.exit(main())
