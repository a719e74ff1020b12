"""Library storage at scale: 10,000 articles and 100,000 annotations.

    .venv/bin/python benchmarks/bench_storage.py [--articles N] [--annotations M]

Prints the time to save the articles in batches, to save one annotation (what
a keypress costs), to open the library and count annotations, to open one
article, and to export everything.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = [
    "council",
    "harbour",
    "report",
    "minister",
    "water",
    "rate",
    "strike",
    "port",
    "crane",
    "budget",
    "river",
    "school",
    "hospital",
    "police",
    "court",
    "union",
    "election",
    "tariff",
    "market",
    "energy",
]


def body(rng: random.Random, sentences: int = 30) -> str:
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
        out.append(" ".join(words).capitalize() + ".")
    return "\n\n".join(" ".join(out[i : i + 3]) for i in range(0, len(out), 3))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--annotations", type=int, default=100_000)
    args = parser.parse_args()
    from newsread.annotations.export import build_export
    from newsread.ingest.demo import write_demo_sources
    from newsread.model import Annotation, Article
    from storage.imports import import_paths
    from storage.library import Library
    from storage.story_index import regroup

    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "library"
        library = Library(root)
        articles = [
            Article(id=f"a{i:06d}", title=f"Story {i}", body=body(rng), source="Wire")
            for i in range(args.articles)
        ]
        t = time.perf_counter()
        for i in range(0, len(articles), 500):
            library.save_articles(articles[i : i + 500])
        print(f"save {args.articles} articles in batches of 500: {time.perf_counter() - t:.2f} s")

        t = time.perf_counter()
        regroup(library)
        print(
            f"same-story grouping of all {args.articles} (first run): "
            f"{time.perf_counter() - t:.2f} s"
        )
        sources = write_demo_sources(Path(tmp) / "sources")
        t = time.perf_counter()
        import_paths(library, [str(sources[0])])
        print(
            f"import one more file into {args.articles} articles: {time.perf_counter() - t:.2f} s"
        )

        per_article = 100
        annotated = articles[: max(1, args.annotations // per_article)]
        t = time.perf_counter()
        for article in annotated:
            anns = [
                Annotation(
                    id=f"{article.id}-{j}",
                    article_id=article.id,
                    start=j,
                    end=j + 5,
                    quote=article.body[j : j + 5],
                    tags=["check"],
                )
                for j in range(per_article)
            ]
            library.save_annotations(article.id, anns)
        total = len(annotated) * per_article
        print(
            f"write {total} annotations over {len(annotated)} articles: "
            f"{time.perf_counter() - t:.2f} s"
        )

        target = annotated[0]
        costs = []
        for j in range(20):
            ann = Annotation(
                id=f"new-{j}",
                article_id=target.id,
                start=0,
                end=4,
                quote=target.body[:4],
                tags=["new"],
            )
            t = time.perf_counter()
            library.save_annotation(ann)
            costs.append(time.perf_counter() - t)
        print(
            f"save one annotation (article with {per_article}+ annotations, "
            f"library with {total}): median {ms(statistics.median(costs))}, "
            f"max {ms(max(costs))}"
        )
        library.close()

        t = time.perf_counter()
        reopened = Library(root)
        metas = reopened.article_metas()
        counts, _ = reopened.annotation_stats()
        print(
            f"open library + list {len(metas)} articles + count annotations: "
            f"{ms(time.perf_counter() - t)}"
        )
        t = time.perf_counter()
        reopened.get_article(target.id)
        reopened.annotations(target.id)
        print(f"open one article with its annotations: {ms(time.perf_counter() - t)}")
        t = time.perf_counter()
        doc = build_export(reopened.iter_annotated(), reopened.iter_rejected())
        print(f"export {len(doc['annotations'])} annotations: {time.perf_counter() - t:.2f} s")
        reopened.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this run (max RSS): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
