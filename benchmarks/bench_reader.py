"""Reader speed: time to first paint of the app, and to open a cached article.

    .venv/bin/python benchmarks/bench_reader.py [--opens N]

Builds a demo library in a temporary folder, analyses it once (so the cache is
warm), then drives the real app headless with Pilot and prints:
- start-up: from App construction until the library table has rows;
- open (cached): from pressing enter on an article until its sentences and
  highlights are shown, read from the analysis cache without loading spaCy.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


async def measure(opens: int) -> None:
    from newsread.config import Config
    from newsread.demo import write_demo_sources
    from newsread.pipeline import load_pipeline
    from storage.analyses import analyze_missing
    from storage.imports import import_paths
    from storage.library import Library
    from tui.app import NewsreadApp
    from tui.screens.library import LibraryScreen
    from tui.screens.reader import ReaderScreen

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
        startup = opened = 0.0
        timings: list[float] = []
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
                t1 = time.perf_counter()
                await pilot.press("enter")
                await until(
                    pilot,
                    lambda: (
                        isinstance(app.screen, ReaderScreen) and app.screen.analysis is not None
                    ),
                )
                timings.append(time.perf_counter() - t1)
                reader = app.screen
                assert "cached" in reader.analysis_note, reader.analysis_note
                await pilot.press("escape")
                await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
                await pilot.press("j")
            opened = statistics.median(timings)
        library.close()
    print(f"start-up to library rows: {startup * 1000:.0f} ms")
    print(
        f"open a cached article (median of {opens}): {opened * 1000:.0f} ms "
        f"(min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opens", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(measure(args.opens))
    return 0


if __name__ == "__main__":
    sys.exit(main())
