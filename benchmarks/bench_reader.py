"""Reader speed: time to first paint of the app, and to open a cached article.

    .venv/bin/python benchmarks/bench_reader.py [--opens N]

Builds a demo library in a temporary folder, analyses it once (so the cache is
warm), then drives the real app headless with Pilot and prints:
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


async def measure(opens: int) -> None:
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

    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "library")
        sources = write_demo_sources(Path(tmp) / "sources")
        _, fresh = import_paths(library, [str(p) for p in sources])
        analyze_missing(library, fresh, load_pipeline())

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
                    and app.screen.query_one("DataTable").row_count > 0
                ),
            )
            startup = time.perf_counter() - t0
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
        print(
            f"open a cached article, {label} (median of {opens}): "
            f"{statistics.median(values) * 1000:.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
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
    args = parser.parse_args()
    cold_import()
    asyncio.run(measure(args.opens))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory, app with the spaCy pipeline loaded (max RSS): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
