"""Render the main screens to SVG with Textual: ``python -m tui.screenshots DIR``.

Builds a throwaway demo library, opens the app at a fixed size, waits for the
analysis to arrive, and saves the library, reader, tag picker, help, tag
manager, statistics, search, annotations and suggestion queue screens.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from newsread.analysis.pipeline import load_pipeline
from newsread.config import Config
from newsread.ingest.demo import write_demo_sources
from storage.analyses import analyze_missing
from storage.imports import import_paths
from storage.library import Library

SIZE = (132, 40)


async def _until(pilot, condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"screen did not become ready: {pilot.app.screen!r}")
        await pilot.pause(0.05)


@contextlib.contextmanager
def _stable_folder() -> Iterator[str]:
    """A throwaway folder of the same name on every run: the reader shows an
    article's source path, and a random name changed every screenshot that
    shows one at each re-render (and put a meaningless name in the README)."""
    root = Path(tempfile.gettempdir()) / "newsread-screenshots"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    try:
        yield str(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


async def render(out_dir: Path) -> list[Path]:
    from tui.app import NewsreadApp
    from tui.screens.library import LibraryScreen
    from tui.screens.reader import ReaderScreen

    out_dir.mkdir(parents=True, exist_ok=True)
    with _stable_folder() as tmp:
        library = Library(Path(tmp) / "library")
        sources = write_demo_sources(Path(tmp) / "sources")
        _, fresh = import_paths(library, [str(p) for p in sources])
        analyze_missing(library, fresh, load_pipeline())
        app = NewsreadApp(library, Config())
        written: list[Path] = []
        async with app.run_test(size=SIZE) as pilot:
            await _until(
                pilot,
                lambda: (
                    isinstance(app.screen, LibraryScreen)
                    and app.screen.query_one("#articles").row_count > 0
                ),
            )
            await pilot.pause(0.2)
            written.append(Path(app.save_screenshot("library.svg", str(out_dir))))
            await pilot.press("enter")
            await _until(
                pilot,
                lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis is not None,
            )
            reader = app.screen
            await pilot.press("j", "v", "j", "t", *"follow-up", "enter")
            await _until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            await pilot.press("j", "j", "t", *"verify", "enter")
            await _until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            await pilot.press("k", "k", "k", "k")
            await pilot.pause(0.2)
            written.append(Path(app.save_screenshot("reader.svg", str(out_dir))))
            await pilot.press("t", "f")
            await pilot.pause(0.2)
            written.append(Path(app.save_screenshot("tag-picker.svg", str(out_dir))))
            await pilot.press("escape")
            await _until(pilot, lambda: app.screen is reader)
            await pilot.press("question_mark")
            await _until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
            await pilot.pause(0.2)
            written.append(Path(app.save_screenshot("help.svg", str(out_dir))))
            await pilot.press("escape")
            await _until(pilot, lambda: app.screen is reader)
            app.writer.wait_idle(10)
            await pilot.press("T")
            await _until(
                pilot,
                lambda: (
                    type(app.screen).__name__ == "TagManagerScreen"
                    and app.screen.query_one("#tags-table").row_count > 0
                ),
            )
            await pilot.pause(0.2)
            written.append(Path(app.save_screenshot("tag-manager.svg", str(out_dir))))
            await pilot.press("escape")
            await _until(pilot, lambda: app.screen is reader)
            await pilot.press("percent_sign")
            await _until(
                pilot,
                lambda: type(app.screen).__name__ == "StatsScreen" and app.screen.stats is not None,
            )
            await pilot.pause(0.2)
            written.append(Path(app.save_screenshot("stats.svg", str(out_dir))))
            await pilot.press("escape")
            await _until(pilot, lambda: app.screen is reader)
            await pilot.press("escape")
            await _until(pilot, lambda: isinstance(app.screen, LibraryScreen))
            await pilot.press("slash", *'strike "harbour master"')
            status = app.screen.query_one("#library-status")
            try:
                await _until(pilot, lambda: "found by search" in str(status.render()), 60)
            except TimeoutError:
                raise TimeoutError(str(status.render())) from None
            await pilot.pause(0.2)
            written.append(Path(app.save_screenshot("search.svg", str(out_dir))))
            await pilot.press("escape", "escape")
            await pilot.press("L")
            await _until(
                pilot,
                lambda: type(app.screen).__name__ == "AnnotationsScreen" and app.screen.loaded,
            )
            await pilot.pause(0.2)
            written.append(Path(app.save_screenshot("annotations.svg", str(out_dir))))
            await pilot.press("escape")
            await _until(pilot, lambda: isinstance(app.screen, LibraryScreen))
            await pilot.press("Q")
            await _until(
                pilot,
                lambda: (
                    type(app.screen).__name__ == "QueueScreen"
                    and app.screen.queue.current is not None
                ),
            )
            await pilot.press("a", "space")
            await _until(pilot, lambda: app.screen.queue.current is not None)
            await pilot.pause(0.3)
            written.append(Path(app.save_screenshot("queue.svg", str(out_dir))))
        app.writer.wait_idle(10)
        library.close()
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0] if args else "screenshots")
    for path in asyncio.run(render(out_dir)):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
