"""Reader speed: time to first paint of the app, and to open a cached article.

    .venv/bin/python benchmarks/bench_reader.py [--opens N] [--library DIR]

Builds a demo library in a temporary folder (or, with ``--library``, uses a
hard-linked copy of DIR, e.g. bench_scale.py's ``.bench/library-100000``),
analyses the articles it will open (so the cache is warm), then drives the real
app headless with Pilot and prints, next to the goal (100 ms at any size):
- start-up: from App construction until the library table has rows;
- open (cached): from pressing enter on an article until its text is drawn,
  and until its sentences and highlights are applied, read from the analysis
  cache without loading spaCy. The moments are taken by wrapping the reader's
  own handlers, not by waiting for the app to go idle (which also counts
  footer and layout work that happens after the text is visible).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


async def measure(opens: int, source: Path | None = None) -> None:
    from newsread.analysis.pipeline import load_pipeline
    from newsread.config import Config
    from newsread.ingest.demo import write_demo_sources
    from storage.analyses import analyze_missing
    from storage.imports import import_paths
    from storage.library import Library
    from tui.app import NewsreadApp
    from tui.screens.library import LibraryScreen
    from tui.screens.reader import ReaderScreen
    from tui.widgets.article_view import ArticleView

    marks: dict[str, float] = {}
    render_line = ArticleView.render_line
    on_ready = ReaderScreen.on_reader_screen_analysis_ready

    def timed_render_line(self, y):
        marks.setdefault("text", time.perf_counter())
        return render_line(self, y)

    def timed_ready(self, message):
        on_ready(self, message)
        marks.setdefault("ready", time.perf_counter())

    ArticleView.render_line = timed_render_line
    ReaderScreen.on_reader_screen_analysis_ready = timed_ready

    async def until(pilot, condition) -> None:
        while not condition():
            await pilot.pause(0.001)

    with tempfile.TemporaryDirectory(dir=ROOT / ".bench" if source else None) as tmp:
        if source is None:
            library = Library(Path(tmp) / "library")
            sources = write_demo_sources(Path(tmp) / "sources")
            _, fresh = import_paths(library, [str(p) for p in sources])
        else:
            # Every write replaces a file by rename: the linked original stays intact.
            subprocess.run(["cp", "-al", str(source), str(Path(tmp) / "library")], check=True)
            library = Library(Path(tmp) / "library")
            # The rows the bench will open are analysed once the table shows them.
            fresh = []
        analyze_missing(library, fresh, load_pipeline())
        print(f"library: {len(library.article_ids()):,} articles")

        t0 = time.perf_counter()
        app = NewsreadApp(library, Config())
        startup = 0.0
        to_text: list[float] = []
        to_ready: list[float] = []
        async with app.run_test(size=(120, 36)) as pilot:
            await until(
                pilot,
                lambda: (
                    isinstance(app.screen, LibraryScreen)
                    and app.screen.query_one("#articles").row_count > 0
                ),
            )
            startup = time.perf_counter() - t0
            if source is not None:
                table = app.screen.query_one("#articles")
                rows = [library.get_article(table.key_at(i)) for i in range(opens + 1)]
                await asyncio.get_running_loop().run_in_executor(
                    None, analyze_missing, library, rows, load_pipeline()
                )
            for _ in range(opens):
                marks.clear()
                t1 = time.perf_counter()
                await pilot.press("enter")
                await until(
                    pilot,
                    lambda: isinstance(app.screen, ReaderScreen) and "ready" in marks,
                )
                to_text.append(marks["text"] - t1)
                to_ready.append(marks["ready"] - t1)
                reader = app.screen
                assert "cached" in reader.analysis_note, reader.analysis_note
                await pilot.press("escape")
                await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
                await pilot.press("j")
        library.close()
    print(f"start-up to library rows: {startup * 1000:.0f} ms")
    for label, values in (("text drawn", to_text), ("highlights applied", to_ready)):
        median = statistics.median(values) * 1000
        print(
            f"open a cached article, {label} (median of {opens}): {median:.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}); goal <= 100 ms: "
            + ("met" if median <= 100 else "MISSED")
        )


def cold_import() -> None:
    """Import cost of the app in a fresh interpreter, and proof that spaCy is not in it."""
    code = (
        "import time, sys; t = time.perf_counter(); import tui.app, tui.cli; "
        "print(time.perf_counter() - t, 'spacy' in sys.modules)"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout.split()
        runs.append(float(out[0]))
        spacy_loaded = out[1] == "True"
    print(
        f"cold import of the app (fresh interpreter, best of 3): {min(runs) * 1000:.0f} ms; "
        f"spaCy imported at start-up: {'yes' if spacy_loaded else 'no'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opens", type=int, default=7)
    parser.add_argument(
        "--library",
        type=Path,
        help="time opens in (a linked copy of) this library; by default the demo, "
        "then .bench/library-100000 when bench_scale.py has built it",
    )
    args = parser.parse_args()
    cold_import()
    asyncio.run(measure(args.opens, args.library))
    big = ROOT / ".bench" / "library-100000"
    if args.library is None and big.is_dir():
        print("== the same at 100,000 articles (.bench/library-100000)")
        asyncio.run(measure(args.opens, big))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory, app with the spaCy pipeline loaded (max RSS): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
