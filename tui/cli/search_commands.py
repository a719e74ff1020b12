"""``newsread search`` and ``newsread index``: the full-text index from the
command line (storage.search_index does the work, newsread.search parses)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from typing import TYPE_CHECKING

from newsread.sanitize import json_for_terminal, visible
from tui.cli.common import CliError, command_annotator, open_library
from tui.wording import plural

if TYPE_CHECKING:
    from storage.search_index import Hit, SearchIndex


def _notice(message: str) -> None:
    # Not an error: the search goes on (a damaged index was rebuilt, a busy
    # one searched as it was). One line, control characters made visible.
    sys.stderr.write(f"newsread: {visible(message)}\n")
    sys.stderr.flush()


def _open_index(args: argparse.Namespace, reader: str | None = None) -> SearchIndex:
    from storage.search_index import SearchIndex

    library = open_library(args, existing=True)
    index = SearchIndex(library, on_notice=_notice, reader=reader)
    if index.needs_build():
        count = library.article_count()  # from the spans: no parse of the index, no set of ids
        if count:
            _notice(
                f"building the search index of {plural(count, 'article')} "
                "(once; it is kept up to date)"
            )
    return index


def cmd_search(args: argparse.Namespace) -> int:
    from newsread.search import Query, QueryError, ask, parse_query, query_from_argv
    from newsread.search.query import operator_words_note, split_reading

    text = query_from_argv(args.query)
    if not text:
        raise CliError('nothing to search for: give words, a "phrase" or a filter such as tag:NAME')
    if args.limit < 1:
        raise CliError(f"--limit {args.limit}: give 1 or more")
    try:
        query = parse_query(text)
    except QueryError as exc:
        raise CliError(str(exc)) from exc
    if query == Query():
        # Punctuation and emoji alone are dropped (the index holds words): an
        # empty query would list every article as if they all matched.
        raise CliError(
            f"{text}: nothing to search for: the index holds words (letters and digits); "
            'give words, a "phrase" or a filter such as tag:NAME'
        )
    # Read marks are each annotator's own; the config is read only when they count.
    reader = command_annotator(args) if query.flags & {"read", "unread"} else None
    hint = None
    with _open_index(args, reader) as index:
        found = ask(index, query, args.limit)
        split = None if found.hits else split_reading(args.query)
        # Offered only when it finds something: "OR crane" as two words finds
        # nothing either, OR being a word like any other.
        if split is not None:
            other = parse_query(split.query)
            if index.search_counted(other, 1, sync=False, detailed=0)[0]:
                hint = split.hint
    hits = found.hits
    if args.json:
        # Machine-readable as it always was: a bare list, no note beside it.
        data = json.dumps([hit.to_json() for hit in hits], ensure_ascii=False, indent=2)
        sys.stdout.write(json_for_terminal(data) + "\n")
    else:
        _print_hits(hits, text)
        if found.capped:
            _more_note(f"{len(hits)} of {found.total} shown; --limit N shows more")
    # After "No article matches ...", which they explain.
    said = [*found.notes]
    if hint:
        said.append(hint)
    if not hits and (note := operator_words_note(args.query)):
        said.append(note)
    if said:
        sys.stdout.flush()
        for line in said:
            sys.stderr.write(visible(line) + "\n")
    return 0


def _more_note(line: str) -> None:
    """Hits left unlisted: the last line of a terminal's output; on stderr when
    stdout is a file or a pipe, whose lines a script reads as hits."""
    from rich.text import Text

    from tui.cli.common import out

    if sys.stdout.isatty():
        out.print(Text(line, "dim"))
    else:
        sys.stdout.flush()
        sys.stderr.write(line + "\n")


def _print_hits(hits: list[Hit], text: str) -> None:
    from rich.text import Text

    from tui.cli.common import out
    from tui.widgets.shown import shown

    if not hits:
        out.print(Text.assemble("No article matches ", shown(text), "."))
        return
    width = len(str(len(hits)))
    for n, hit in enumerate(hits, 1):
        head = Text.assemble(
            (f"{n:>{width}}. ", "dim"),
            shown(hit.title or "(untitled)", "bold"),
            ("  " + hit.article_id, "cyan"),
        )
        details = [d for d in (hit.day, f"score {hit.score:.2f}" if hit.score else "") if d]
        if details:
            head.append("  " + " · ".join(details), "dim")
        out.print(head)
        snippet = shown(hit.snippet.text)
        for start, end in hit.snippet.highlights:
            # visible() swaps characters one for one: the offsets still hold.
            snippet.stylize("bold reverse", start, end)
        where = "" if hit.snippet.field == "body" else f"[{hit.snippet.field}] "
        out.print(Text.assemble(" " * (width + 2), (where, "dim"), snippet))


def _say(line: str) -> None:
    # Plain lines of numbers, not Rich's console: its ~45 modules would be
    # most of what the app's background build imports beyond the index.
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def cmd_index(args: argparse.Namespace) -> int:
    if args.background:
        # Where priorities exist: the build must not take the CPU from the app
        # the user is typing in (2 cores, one for this, one for the rest).
        with contextlib.suppress(AttributeError, OSError):
            os.nice(10)
    started = time.perf_counter()
    with _open_index(args) as index:
        report = index.rebuild() if args.rebuild else index.sync()
        count = index.stats()["articles"]
    seconds = time.perf_counter() - started
    if report.rebuilt:
        _say(f"search index built: {count} articles in {seconds:.1f} s")
    elif report.changed:
        _say(
            f"search index updated: {report.added} added, {report.updated} updated, "
            f"{report.removed} removed ({count} articles)"
        )
    else:
        _say(f"search index up to date ({count} articles)")
    return 0
