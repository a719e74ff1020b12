"""``newsread extract``: the articles an input holds, as an import would add them,
without touching any library.

With ``--json``, one line per input, in the order given (a contract other
tools rely on):

    {"path": INPUT, "articles": [{"title", "byline", "source", "published",
                                  "url", "body", "removed": [str]}]}
    {"path": INPUT, "error": "why it could not be read"}

Articles come in the order the import adds them, the page's main story first.
An input with no article in it is a failed input, as import rejects it.
A failed input is one error line and the run goes on; the exit status is 1
only when every input failed. Records of a JSON file that could not be used
are named on stderr (``INPUT:LINE: why``); a JSON file none of whose records
could be used is a failed input, and so is a feed (import reads its entries).
INPUT is a file, ``-`` for stdin, or an ``http(s)://`` URL, fetched with the
limits of ``newsread.ingest.fetch``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from rich.text import Text

from newsread.ingest.extract import Extraction, extract_bytes, extract_text
from newsread.ingest.sources import (
    STDIN,
    Rejected,
    nothing_found,
    read_file,
    read_stdin,
    shown_origin,
)
from newsread.sanitize import json_for_terminal, visible
from tui.cli.common import CliError, out, say_error
from tui.wording import plural

# A file name that is not UTF-8 comes from the OS as lone surrogates, which no
# UTF-8 stream can carry; written as JSON \u escapes they stay the same string.
_SURROGATE = re.compile("[\ud800-\udfff]")


def cmd_extract(args: argparse.Namespace) -> int:
    failed = 0
    for raw in args.inputs:
        try:
            extraction = extract_one(raw)
        except CliError as exc:
            failed += 1
            if args.json:
                _print_json({"path": raw, "error": str(exc)})
            else:
                say_error(f"{_shown(raw)}: {exc}")
            continue
        for line, why in [*extraction.problems, *extraction.notes]:
            sys.stderr.write(f"newsread: warning: {_shown(raw)}:{line}: {visible(why)}\n")
        if args.json:
            articles = [article.as_json() for article in extraction.articles]
            _print_json({"path": raw, "articles": articles})
        else:
            _print_human(raw, extraction)
    sys.stderr.flush()
    return 1 if failed and failed == len(args.inputs) else 0


def extract_one(raw: str) -> Extraction:
    """The extraction of one input, or ``CliError`` with the reason it failed."""
    # The test import's own: an address (not http(s): refused with the reason) or a file.
    from tui.cli.url_inputs import is_url

    if raw != "-" and is_url(raw):
        return _extract_url(raw)
    item = read_stdin(sys.stdin) if raw == "-" else read_file(Path(raw))
    if isinstance(item, Rejected):
        raise CliError(item.reason)
    extraction = extract_text(item.text, item.kind)
    if not extraction.articles and extraction.problems:
        # Not one record could be used (not JSON at all, no body anywhere):
        # the input failed, as import rejects the file, and its line says why.
        raise CliError("; ".join(f"line {line}: {why}" for line, why in extraction.problems))
    if not extraction.articles:
        raise CliError(nothing_found(item))  # import rejects it so
    return extraction


def _extract_url(url: str) -> Extraction:
    from newsread.ingest.encodings import DecodeError
    from newsread.ingest.feeds import looks_like_feed
    from newsread.ingest.fetch import FetchError, fetch

    try:
        page = fetch(url)
    except FetchError as exc:
        raise CliError(exc.reason) from exc
    if looks_like_feed(page.body, page.media_type):
        raise CliError("a feed, not a page (newsread import adds its entries)")
    try:
        extraction = extract_bytes(
            page.body, media_type=page.media_type, charset=page.charset, url=page.url
        )
    except DecodeError as exc:
        raise CliError(str(exc)) from exc
    if not extraction.articles and extraction.problems:
        # A JSON file none of whose records could be used: why, as for a file.
        raise CliError("; ".join(f"line {line}: {why}" for line, why in extraction.problems))
    if not extraction.articles:
        raise CliError("no article text found")  # import rejects the URL so
    return extraction


def _print_json(obj: dict[str, Any]) -> None:
    line = json.dumps(obj, ensure_ascii=False)
    line = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
    sys.stdout.write(json_for_terminal(line) + "\n")
    sys.stdout.flush()


def _shown(raw: str) -> str:
    return STDIN if raw == "-" else shown_origin(raw)


def _print_human(raw: str, extraction: Extraction) -> None:
    count = plural(len(extraction.articles), "article")
    out.print(Text(f"{_shown(raw)}: {count} ({extraction.kind})", style="bold"))
    for article in extraction.articles:
        meta = " · ".join(
            part
            for part in (article.byline, article.source, article.published, article.url)
            if part
        )
        words = len(article.body.split())
        out.print(Text(f"  {visible(article.title)}"))
        details = f"{meta} · " if meta else ""
        out.print(
            Text(
                f"    {visible(details)}{words} words, {len(article.removed)} removed", style="dim"
            )
        )
