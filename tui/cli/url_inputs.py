"""What ``newsread import`` does with inputs that are not plain files: http(s)
URLs are fetched (a page is extracted, a feed gives its entries) and files
holding a feed (RSS, Atom, JSON Feed) import their entries; everything else
goes to ``import_paths`` as before. One summary for all of them."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO, TextIO

from newsread.ingest.feed_sniff import FEED_SUFFIXES
from newsread.model import Article
from storage.imports import ImportSummary, import_paths
from storage.library import Library


def is_url(raw: str) -> bool:
    """An address rather than a file name: ``scheme://...``, or ``scheme:...``
    (``data:``, ``mailto:``, ``urn:``) unless a file has that name. Those
    that are not http(s) are refused by fetch with the reason, as file:// is,
    rather than looked for as files."""
    if ":" not in raw:
        return False  # a file name: no need to load the HTTP client
    from newsread.ingest.fetch import looks_like_url, names_a_scheme

    if looks_like_url(raw):
        return True
    return names_a_scheme(raw) and not os.path.lexists(raw)


def is_feed_file(raw: str) -> bool:
    """A regular file with a feed's name whose first bytes are a feed's. Other
    files are never opened here, so a FIFO or a device named on the command
    line is left for import_paths to refuse."""
    path = Path(raw)
    if path.suffix.lower() not in FEED_SUFFIXES:
        return False
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except (OSError, ValueError):
        return False  # import_paths says what is wrong with it
    from newsread.ingest.feed_sniff import looks_like_feed

    return looks_like_feed(head)


def import_inputs(
    library: Library, inputs: list[str], stdin: TextIO | BinaryIO | None = None
) -> tuple[ImportSummary, list[Article]]:
    """Import files, folders, stdin, URLs and feed files; one summary."""
    urls = [raw for raw in inputs if raw != "-" and is_url(raw)]
    feeds = [raw for raw in inputs if raw != "-" and raw not in urls and is_feed_file(raw)]
    rest = [raw for raw in inputs if raw not in urls and raw not in feeds]
    summary, fresh = import_paths(library, rest, stdin=stdin) if rest else (ImportSummary(), [])
    if urls or feeds:
        from storage.refresh import import_feed_files, import_urls

        for more, more_fresh in (
            import_urls(library, urls) if urls else (ImportSummary(), []),
            import_feed_files(library, feeds) if feeds else (ImportSummary(), []),
        ):
            summary.add(more)
            fresh += more_fresh
    return summary, fresh
