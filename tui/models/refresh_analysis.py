"""Analysing what a feed refresh brought, as the app does it after ``R``.

Without Textual: the app runs this on its refresh worker's thread and shows the
progress it reports. The CLI's ``newsread refresh`` analyses the same articles
(``summary.fresh``); without this an app refresh left them with no entities or
claims, so search and statistics missed them until each was opened.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from newsread.sanitize import visible
from storage.errors import LibraryError
from tui.wording import plural, short

if TYPE_CHECKING:
    from newsread.model import Article
    from storage.library import Library

#: Articles analysed between two looks at the stop flag: quitting the app waits
#: for at most this many analyses, and the progress line moves with each.
BATCH = 4


def analysing_status(done: int, total: int) -> str:
    """The progress line while the new articles are analysed."""
    return f"Analysing new articles: {done} of {total}"


def analyse_fresh(
    library: Library,
    articles: Sequence[Article],
    pipeline: str | None,
    progress: Callable[[int, int], None],
    stop: threading.Event,
) -> str:
    """Analyse ``articles`` (those the cache has nothing for) in this thread,
    one process: the app's own threads rule out forking a pool, and a refresh
    brings a few articles, not the thousands an import may. Each analysis and
    the catalog's counts are stored as the reader stores them. Returns what
    went wrong, in one line, or "" (also when ``stop`` ended it early)."""
    from newsread.analysis.pipeline import PipelineError, load_pipeline
    from storage.analyses import analyze_missing

    total = len(articles)
    if not total:
        return ""
    progress(0, total)
    try:
        loaded = load_pipeline(pipeline)
    except PipelineError as exc:
        return visible(f"{plural(total, 'new article')} not analysed: {short(str(exc), 160)}")
    done = 0
    failed: list[str] = []

    def advance(count: int) -> None:
        nonlocal done
        done += count
        progress(done, total)

    def failure(article: Article, message: str) -> None:
        failed.append(f"{short(article.title, 40)}: {short(message, 80)}")

    for at in range(0, total, BATCH):
        if stop.is_set():
            return ""
        try:
            analyze_missing(
                library,
                articles[at : at + BATCH],
                loaded,
                advance=advance,
                batch_size=BATCH,
                workers=1,
                on_error=failure,
            )
        except LibraryError as exc:
            # What was stored before it keeps its analysis; the reader analyses the rest.
            left = total - done
            return visible(f"{plural(left, 'new article')} not analysed: {short(str(exc), 160)}")
    if failed:
        return visible(
            f"{plural(len(failed), 'new article')} not analysed: " + "; ".join(failed[:3])
        )
    return ""
