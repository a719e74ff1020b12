"""Helpers for Pilot tests: wait on conditions (never fixed sleeps), build libraries."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from newsread.config import Config
from newsread.model import Annotation, Article
from storage.library import Library

if TYPE_CHECKING:
    from tui.app import NewsreadApp

SIZE = (120, 36)

BODY = (
    "The harbour board said on Monday that the new crane will double capacity. "
    "Dock workers welcomed the plan.\n\n"
    "\u201cWe waited ten years for this,\u201d said union leader Mara Quist. "
    "The crane cost 12 million dollars, according to the board's annual report.\n\n"
    "Critics warned that dredging could harm the estuary."
)


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let the app run until ``condition()`` holds; fail with a clear message after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {condition}")
        await pilot.pause(0.02)


async def wait_writes(app, timeout: float = 60.0) -> None:
    """Until every write queued on the app's writer is done. ``timeout`` is an
    upper bound, not a budget: past it the test fails, where it went on
    after 10 s and read the files before a write slowed by load had landed."""
    idle = await asyncio.get_running_loop().run_in_executor(None, app.writer.wait_idle, timeout)
    assert idle, f"the app's writes were not done within {timeout}s"


def make_library(root: Path, articles: list[Article] | None = None) -> Library:
    library = Library(root)
    library.save_articles(
        articles
        or [
            Article(id="harbour01", title="Harbour crane approved", body=BODY, source="Test Wire"),
            Article(
                id="second002", title="Second story", body="Only one sentence here.", source="X"
            ),
        ]
    )
    return library


def verify_library(root: Path) -> Library:
    """``make_library``'s library with the tag "verify" on quick key 1: what
    the tests of keys typed fast press."""
    from storage.tag_ops import set_tag_key

    library = make_library(root)
    library.ensure_tag("verify")
    set_tag_key(library, "verify", "1")
    return library


async def library_ready(pilot, app, rows: int | None = None) -> None:
    """Wait for the library table (with ``rows`` rows, or any)."""
    from tui.screens.library import LibraryScreen

    def ready() -> bool:
        if not isinstance(app.screen, LibraryScreen):
            return False
        count = app.screen.query_one("#articles").row_count
        # The titles come first, the annotation counts after them.
        counted = app.screen.model.counted or bool(app.screen.model.error)
        return counted and (count == rows if rows is not None else count > 0)

    await wait_until(pilot, ready)


async def open_article(pilot, app, title: str = "Harbour crane approved"):
    """Open an article from the library; returns the reader without waiting for analysis."""
    from tui.screens.reader import ReaderScreen

    await library_ready(pilot, app)
    table = app.screen.query_one("#articles")
    table.move_cursor(
        row=next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == title)
    )
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
    return app.screen


async def open_first_reader(pilot, app, title: str = "Harbour crane approved"):
    """Open an article and wait until its sentence cursor is placed."""
    reader = await open_article(pilot, app, title)
    await wait_until(pilot, lambda: reader.view.cursor is not None)
    return reader


def tagged_library(root: Path) -> Library:
    """make_library plus three tags used by four annotations across two articles."""

    def ann(ann_id: str, tags: list[str], article_id: str = "harbour01", note: str = ""):
        return Annotation(
            id=ann_id, article_id=article_id, start=0, end=3, quote="The", tags=tags, note=note
        )

    library = make_library(root)
    for name in ("follow-up", "quote", "verify"):
        library.ensure_tag(name)
    library.save_annotation(ann("a1", ["verify"]))
    library.save_annotation(ann("a2", ["verify", "follow-up"]))
    library.save_annotation(ann("a3", ["follow-up"], note="ask the board"))
    library.save_annotation(ann("b1", ["verify"], article_id="second002"))
    return library


def app_as(annotator: str, root: Path, home: Path) -> NewsreadApp:
    """The app of one annotator (their own config and state) on the shared library."""
    # Imported here: the storage tests that use these helpers need no Textual.
    from tui.app import NewsreadApp

    config = Config(path=home / annotator / "config.toml", annotator=annotator)
    return NewsreadApp(Library(root), config)


async def press_held(pilot, app: NewsreadApp, *keys: str) -> None:
    """Type ``keys`` back to back while the app's writer waits (every key is
    handled before it takes any step: the races of fast typing, every run),
    then let it write and wait for its writes."""
    gate = threading.Event()
    app.writer.submit(lambda: gate.wait(30))
    await pilot.press(*keys)
    gate.set()
    await wait_writes(app)


async def look_at_the_disk(pilot, reader) -> None:
    """Run the reader's look at the files once, now, and wait for its answer."""
    done = threading.Event()
    real = reader._reload_if_changed

    def noted(*args, **kwargs):
        real(*args, **kwargs)
        done.set()

    reader._reload_if_changed = noted
    reader._annotations_stamp = (-1,)  # as if it had not looked since the write
    reader._check_changed_on_disk()
    await wait_until(pilot, done.is_set, timeout=10)
    await pilot.pause()
    reader._reload_if_changed = real
