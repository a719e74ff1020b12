"""The search index at 10,000 and 100,000 articles: rebuild, queries, updates.

    .venv/bin/python benchmarks/bench_search.py [--sizes 10000,100000]

Uses bench_scale.py's cached libraries (``.bench/library-N``, built there
once if missing: articles of ~300 words over a small vocabulary, the first
10,000 with ten annotations each), each on a hard-linked copy under
``.bench/work/search-N`` (library writes replace files by rename, so the cache
stays intact). ``BENCH_SKIP_100K=1`` runs 10,000 only. Printed next to each
goal (issue 11):

* a full rebuild of the index (goal ≤ 60 s);
* query latency, p50 and p95 over a mix of rare words, title words, prefixes,
  common words (in nearly every article of this vocabulary: the worst case,
  ranked over the newest matches, see storage.search_index.RANK_WINDOW),
  phrases and filters, each run as a search does it (staleness check
  included) (goal p95 ≤ 100 ms);
* the incremental update of one article after a tag, a note and a re-import,
  made inside the change's commit under the library lock (goal ≤ 20 ms per
  article), and what the next search then has left to check;
* the library's / box: the same queries as it asks them now (up to
  tui.screens.library.SEARCH_LIMIT hits, the first SEARCH_DETAILED with their
  snippet, and the whole count when that many came back) and as it asked them
  before (the first 300 hits, each with its snippet) (goal p95 ≤ 100 ms);
* ``newsread search`` as a command, for the wall time a user sees.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import cached_library  # noqa: E402
from bench_scale import work_copy as scale_work_copy  # noqa: E402

QUERIES = [
    "Dispatch 4242",
    "dispatch 77123",
    '"Story number 512"',
    "number 9*",
    "council",
    "harbour report",
    '"water rate strike"',
    '"said the minister"',
    "flood* bridge",
    "tag:check council",
    "tag:source budget",
    'source:"Wire 3" budget',
    "after:2025-06-01 before:2025-07-01",
    "after:2025-03-01 before:2025-03-08 strike",
    "is:unannotated budget",
    "is:annotated harbour",
    "tag:check",
    "minister vote parliament",
    '"bank inflation" jobs',
    "zzzunknownword",
]


def line(what: str, value: float, unit: str, goal: float | None) -> None:
    verdict = "" if goal is None else (" ok" if value <= goal else " OVER")
    goal_s = "" if goal is None else f"  (goal ≤ {goal:g} {unit}{verdict})"
    print(f"  {what:<52} {value:9.1f} {unit}{goal_s}", flush=True)


def work_copy(src: Path, name: str) -> Path:
    """bench_scale's hard-linked copy, without the cached library's index: a
    hard-linked one would be shared, and the bench builds its own."""
    dst = scale_work_copy(src, name)
    for leftover in ("search.sqlite", "search.sqlite-wal", "search.sqlite-shm"):
        (dst / leftover).unlink(missing_ok=True)
    return dst


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench(size: int) -> None:
    from newsread.model import Article, new_annotation
    from storage.library import Library
    from storage.search_follow import CommitFollower
    from storage.search_index import SearchIndex

    src = cached_library(size, rebuild=False)
    root = work_copy(src, f"search-{size}")
    print(f"== {size} articles")
    library = Library(root)
    index = SearchIndex(library)

    t = time.perf_counter()
    report = index.rebuild()
    line(f"full rebuild ({report.added} articles)", time.perf_counter() - t, "s", 60)
    size_mb = (root / "search.sqlite").stat().st_size / 1e6
    print(f"  {'index file':<52} {size_mb:9.0f} MB")

    times: list[float] = []
    slowest: list[tuple[float, str]] = []
    for query in QUERIES:
        index.search(query)  # warm the pages this query reads
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            index.search(query)
            runs.append((time.perf_counter() - t) * 1000)
        times += runs
        slowest.append((max(runs), query))
    line(
        f"query p50 ({len(times)} runs of {len(QUERIES)} queries)",
        statistics.median(times),
        "ms",
        None,
    )
    line("query p95", percentile(times, 0.95), "ms", 100)
    worst = ", ".join(f"{q} {ms:.0f} ms" for ms, q in sorted(slowest, reverse=True)[:3])
    print(f"  slowest: {worst}")

    # The library's / box (tui.screens.library._search), by the screen's own
    # figures: importing them costs Textual's import once, outside the timing.
    from tui.screens.library import SEARCH_DETAILED, SEARCH_LIMIT

    def as_the_box_asks(query: str) -> None:
        hits = index.search(query, limit=SEARCH_LIMIT, detailed=SEARCH_DETAILED)
        if len(hits) >= SEARCH_LIMIT:
            index.count(query, sync=False)

    def as_the_box_asked(query: str) -> None:
        index.search(query, limit=300)

    for what, ask in (("now", as_the_box_asks), ("before: 300, all detailed", as_the_box_asked)):
        box: list[float] = []
        for query in [*QUERIES, "budget", "the"]:
            ask(query)
            for _ in range(3):
                t = time.perf_counter()
                ask(query)
                box.append((time.perf_counter() - t) * 1000)
        line(f"the / box ({what}) p50", statistics.median(box), "ms", None)
        line(f"the / box ({what}) p95", percentile(box, 0.95), "ms", 100)

    rng = random.Random(1)
    ids = sorted(library.article_ids())
    # The update runs inside each commit (SearchIndex.following, after the
    # library's files are in place); timed around its own work.
    followed: list[float] = []
    follow = CommitFollower._follow

    def timed_follow(self: CommitFollower, *args: object) -> None:
        t = time.perf_counter()
        follow(self, *args)  # type: ignore[arg-type]
        followed.append((time.perf_counter() - t) * 1000)

    CommitFollower._follow = timed_follow  # type: ignore[method-assign]
    kinds = ("tag", "note", "re-import")
    update: dict[str, list[float]] = {k: [] for k in kinds}
    catch_up: dict[str, list[float]] = {k: [] for k in kinds}

    def after(what: str) -> None:
        update[what].append(followed.pop() if followed else float("nan"))
        t = time.perf_counter()
        index.sync()
        catch_up[what].append((time.perf_counter() - t) * 1000)

    for round_ in range(8):
        aid = ids[rng.randrange(len(ids))]
        article = library.get_article(aid)
        ann = new_annotation(article, 0, 8, ["bench"], note=f"bench note {round_}")
        library.save_annotation(ann)
        after("tag")
        library.save_annotation(type(ann)(**{**ann.to_dict(), "note": f"changed {round_}"}))
        after("note")
        library.save_articles(
            [Article(id=aid, title=article.title, body=article.body + f"\n\nUpdate {round_}.")]
        )
        after("re-import")
    CommitFollower._follow = follow  # type: ignore[method-assign]
    for what in kinds:
        line(
            f"index update in a {what}'s commit (median of 8)",
            statistics.median(update[what]),
            "ms",
            20,
        )
        line("  next search's catch-up after it", statistics.median(catch_up[what]), "ms", None)
    t = time.perf_counter()
    rounds = 20
    for aid in ids[:rounds]:
        index.update_articles([aid])
    line(
        "re-index one article (update_articles)",
        (time.perf_counter() - t) * 1000 / rounds,
        "ms",
        20,
    )
    index.close()
    library.close()

    env = {**os.environ, "NEWSREAD_LIBRARY": str(root)}
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui.cli", "search", "harbour report", "--json"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    line("newsread search (the command, wall time)", (time.perf_counter() - t) * 1000, "ms", None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if os.environ.get("BENCH_SKIP_100K"):
        sizes = [s for s in sizes if s < 100_000]
    for size in sizes:
        bench(size)


if __name__ == "__main__":
    main()
