"""Measure article extraction: whole web pages flattened to text, and HTML pages.

Reads the development split of the article-extraction benchmark beside the
project (``../shared/eval-dev/article-extraction-dev``; override with
``NEWSREAD_SHARED``) and skips with a message when it is absent.

Dumps: mean shingle precision, recall and F1 of the first article
``parse_dump`` finds against the true article body, next to the whole-page
baseline (word 4-gram shingle sets, lower-cased: this bench's own measure since
the start); then the first and all articles in the benchmark's own metric, the
one ``../shared/eval-dev/score.py`` uses (case-sensitive multisets of 4-gram
shingles, precision and recall averaged over pages, F1 of the averages).

HTML: body F1 in the benchmark's metric of trafilatura with its default
settings (the scorer's ``baseline:trafilatura``), of trafilatura as newsread
runs it (``favor_precision``) without our rules, with all of them, and with
each rule left out: a rule stays only while it helps on both halves.

The score that matters is on held-out pages we cannot see, so the bench also
reports the first-article figures per half (pages sorted by id, even vs odd
positions) and per fold (position mod 5). A rule that helps one half and hurts
the other is tuned to particular pages, not to a pattern.

``--save FILE`` writes the per-page first-article F1; ``--against FILE`` prints,
per half, the change from such a saved run and the pages that moved.

    python benchmarks/bench_import.py [-v] [--save FILE] [--against FILE] [--no-html]
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsread.ingest.dumps import parse_dump  # noqa: E402
from newsread.ingest.encodings import decode_html  # noqa: E402
from newsread.ingest.html import DEFAULT_RULES, clean_page, read_page  # noqa: E402

SHARED = Path(os.environ.get("NEWSREAD_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "eval-dev" / "article-extraction-dev"

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingle_set(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _TOKEN.findall(text.lower())
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def prf(predicted: str, truth: str) -> tuple[float, float, float]:
    pred, true = shingle_set(predicted), shingle_set(truth)
    if not pred and not true:
        return 1.0, 1.0, 1.0
    if not pred or not true:
        return 0.0, 0.0, 0.0
    hit = len(pred & true)
    precision, recall = hit / len(pred), hit / len(true)
    f1 = 2 * precision * recall / (precision + recall) if hit else 0.0
    return precision, recall, f1


def mean(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    count = max(1, len(rows))
    return tuple(sum(r[k] for r in rows) / count for k in range(3))  # type: ignore[return-value]


FOLDS = 5


def split_report(ids: list[str], rows: list[tuple[float, float, float]]) -> list[str]:
    """Mean P/R/F1 per half (even/odd position by sorted id) and per fold."""
    out = []
    for name, keep in (("even", 0), ("odd", 1)):
        part = [row for k, row in enumerate(rows) if k % 2 == keep]
        p, r, f = mean(part)
        out.append(
            f"  half {name:4s} ({len(part):2d} pages) precision={p:.3f} recall={r:.3f} F1={f:.3f}"
        )
    folds = []
    for fold in range(FOLDS):
        part = [row for k, row in enumerate(rows) if k % FOLDS == fold]
        folds.append(f"{mean(part)[2]:.3f}")
    out.append(f"  F1 per fold (position mod {FOLDS}): {' '.join(folds)}")
    return out


def compare(
    ids: list[str], rows: list[tuple[float, float, float]], saved: dict[str, float]
) -> list[str]:
    """Change in first-article F1 per half against a saved run, and pages that moved."""
    out = []
    for name, keep in (("even", 0), ("odd", 1)):
        deltas = [
            rows[k][2] - saved[page_id]
            for k, page_id in enumerate(ids)
            if k % 2 == keep and page_id in saved
        ]
        up = sum(d > 0.0005 for d in deltas)
        down = sum(d < -0.0005 for d in deltas)
        change = sum(deltas) / max(1, len(deltas))
        out.append(f"  half {name:4s} F1 change {change:+.4f}  ({up} pages up, {down} down)")
    for k, page_id in enumerate(ids):
        if page_id in saved and abs(rows[k][2] - saved[page_id]) > 0.0005:
            half = "even" if k % 2 == 0 else "odd"
            out.append(f"    {page_id[:12]} ({half}) {saved[page_id]:.3f} -> {rows[k][2]:.3f}")
    return out


def main(verbose: bool = False, save: str = "", against: str = "", html: bool = True) -> int:
    if not DATA.is_dir():
        print(f"skipped: development data not found at {DATA} (it lives outside the repository)")
        return 0
    truth: dict[str, dict[str, str]] = json.loads((DATA / "ground-truth.json").read_text("utf-8"))
    dumps_report(truth, verbose, save, against)
    if html:
        html_report(truth)
    return 0


def dumps_report(truth: dict[str, dict[str, str]], verbose: bool, save: str, against: str) -> None:
    print("== whole pages flattened to text (parse_dump)")
    dumps: dict[str, str] = json.loads((DATA / "fulltext-dumps.json").read_text("utf-8"))
    ours: list[tuple[float, float, float]] = []
    longest: list[tuple[float, float, float]] = []
    whole: list[tuple[float, float, float]] = []
    firsts: dict[str, str] = {}
    joined: dict[str, str] = {}
    articles_found = 0
    ids = sorted(dumps)
    for page_id in ids:
        expected = truth[page_id]["articleBody"]
        articles = parse_dump(dumps[page_id])
        articles_found += len(articles)
        body = articles[0].body if articles else ""
        firsts[page_id] = body
        joined[page_id] = "\n\n".join(a.body for a in articles)
        ours.append(prf(body, expected))
        # The article with the most text: what a reader picking "the story" off
        # the page would choose. Reported beside the first article, not instead.
        main = max((a.body for a in articles), key=len, default="")
        longest.append(prf(main, expected))
        whole.append(prf(dumps[page_id], expected))
        if verbose:
            p, r, f = ours[-1]
            print(f"{page_id[:12]}  P={p:.3f} R={r:.3f} F1={f:.3f}  {truth[page_id]['url'][:70]}")
    print(f"pages: {len(ours)}  articles per page: {articles_found / max(1, len(ours)):.2f}")
    table = (
        ("parse_dump (first article)", ours),
        ("parse_dump (longest article)", longest),
        ("whole page (baseline)", whole),
    )
    for name, rows in table:
        p, r, f = mean(rows)
        print(f"{name:28s} precision={p:.3f} recall={r:.3f} F1={f:.3f}")
    print("first article by half:")
    print("\n".join(split_report(ids, ours)))
    if against:
        saved = json.loads(Path(against).read_text("utf-8"))
        print(f"against {against}:")
        print("\n".join(compare(ids, ours, saved)))
    if save:
        scores = {page_id: row[2] for page_id, row in zip(ids, ours, strict=True)}
        Path(save).write_text(json.dumps(scores, indent=0), "utf-8")
    print("benchmark metric (as score.py extract-dumps):")
    print(benchmark_line("first article", firsts, truth))
    print(benchmark_line("all articles", joined, truth))


# -- HTML pages ---------------------------------------------------------------------------------


def benchmark_tpfpfn(truth: str, predicted: str) -> tuple[float, float, float]:
    """The benchmark's per-page counts: case-sensitive 4-gram shingle multisets,
    normalised to sum 1 (as its evaluate.py and score.py compute them)."""

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        tokens = _TOKEN.findall(text or "")
        count = max(1, len(tokens) - 3)
        return Counter(tuple(tokens[i : i + 4]) for i in range(count) if tokens[i : i + 4])

    true, pred = shingles(truth), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def benchmark_f1(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(P, R, F1): precision and recall averaged over the pages that have them."""
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in rows if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in rows if tp + fn > 0]
    p = sum(precisions) / max(1, len(precisions))
    r = sum(recalls) / max(1, len(recalls))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def benchmark_line(name: str, bodies: dict[str, str], truth: dict[str, dict[str, str]]) -> str:
    ids = sorted(bodies)
    rows = [benchmark_tpfpfn(truth[i]["articleBody"], bodies[i]) for i in ids]
    p, r, f = benchmark_f1(rows)
    halves = [benchmark_f1([row for k, row in enumerate(rows) if k % 2 == h])[2] for h in (0, 1)]
    return (
        f"  {name:46s} F1={f:.4f} (P={p:.3f} R={r:.3f})  "
        f"halves even/odd {halves[0]:.4f}/{halves[1]:.4f}"
    )


def html_report(truth: dict[str, dict[str, str]]) -> None:
    import gzip

    import trafilatura

    pages = DATA / "html"
    ids = sorted(p.name.removesuffix(".html.gz") for p in pages.glob("*.html.gz"))
    print(f"== HTML pages ({len(ids)}), body F1 in the benchmark metric (as score.py extract-html)")
    default: dict[str, str] = {}
    raws = {}
    for page_id in ids:
        text = decode_html(gzip.decompress((pages / f"{page_id}.html.gz").read_bytes()))
        document = trafilatura.bare_extraction(text, include_comments=False, with_metadata=True)
        default[page_id] = (document.text if document is not None else "") or ""
        raws[page_id] = read_page(text)
    print(benchmark_line("trafilatura, default settings (scorer baseline)", default, truth))
    variants: list[tuple[str, tuple[str, ...]]] = [
        ("trafilatura, favor_precision, no rules", ()),
        (f"with the rules ({', '.join(DEFAULT_RULES)}): first", DEFAULT_RULES),
    ]
    variants += [
        (f"  without {rule}", tuple(r for r in DEFAULT_RULES if r != rule))
        for rule in DEFAULT_RULES
    ]
    for name, rules in variants:
        cleaned = {i: clean_page(raws[i], rules).articles for i in ids}
        print(benchmark_line(name, {i: a[0].body if a else "" for i, a in cleaned.items()}, truth))
        if rules == DEFAULT_RULES:
            every = {i: "\n\n".join(x.body for x in a) for i, a in cleaned.items()}
            print(benchmark_line("with the rules: all articles", every, truth))


def _option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1] if name in args[:-1] else ""


if __name__ == "__main__":
    argv = sys.argv[1:]
    raise SystemExit(
        main(
            "-v" in argv,
            _option(argv, "--save"),
            _option(argv, "--against"),
            html="--no-html" not in argv,
        )
    )
