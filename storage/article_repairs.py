"""The loop newsread doctor's in-place repairs share: one transaction per
article, so a repair killed part-way leaves every article either as it was or
repaired, and a second run finishes the job."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from storage.errors import LibraryError
from storage.library import Library


def repair_each(
    root: Path,
    article_ids: Iterable[str],
    repair: Callable[[Library, str], list[str]],
    *,
    what: str,
    not_done: str,
) -> list[str]:
    """Run ``repair`` on each article inside its own transaction (under the
    library lock, the files read afresh inside it). ``repair`` returns what
    it did, as parts of one line; the line names the article's annotation
    file and ``what``. A failure is said with ``not_done`` and the run goes
    on with the next article."""
    try:
        library = Library(root)
    except LibraryError as exc:
        return [f"{not_done}: {exc}"]
    done: list[str] = []
    for article_id in article_ids:
        path = root / "annotations" / f"{article_id}.json"
        try:
            with library.transaction():
                parts = repair(library, article_id)
        except LibraryError as exc:
            done.append(f"{path}: {not_done}: {exc}")
            continue
        if parts:
            done.append(f"{path}: {what}: {', '.join(parts)}")
    return done
