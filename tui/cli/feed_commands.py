"""``newsread feed``: subscribe, list, unsubscribe, OPML and newsboat lists in and out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newsread.ingest.feeds import FeedError
from newsread.ingest.fetch import FetchError, check_url, looks_like_url
from newsread.ingest.opml import (
    FeedSpec,
    SubscriptionListError,
    not_a_urls_file,
    read_subscriptions,
    read_urls,
    write_opml,
)
from newsread.ingest.sources import UnreadableInput, read_path, shown_origin
from newsread.model import article_feeds
from newsread.sanitize import is_one_line, json_for_terminal, visible
from storage.feeds import (
    Feed,
    add_feed,
    add_feeds,
    feed_rows,
    library_feed_file,
    list_feeds,
    remove_feed,
)
from storage.refresh import subscribe
from tui.cli.common import CliError, open_library, out, write_output
from tui.cli.feed_table import feed_table
from tui.widgets.shown import shown
from tui.wording import plural

#: Skipped lines or outlines named one by one; the rest are counted.
MAX_PROBLEMS = 20


def say(line: str) -> None:
    """One line of user or feed text, literal and never wrapped (a URL stays whole)."""
    out.print(shown(line), soft_wrap=True)


def cmd_feed_add(args: argparse.Namespace) -> int:
    if not looks_like_url(args.url) and Path(args.url).exists():
        # A saved feed is read once, not subscribed to: a refresh reads no
        # file outside the library (storage.refresh._feed_document).
        raise CliError(
            f"{args.url}: a file, not a feed's web address: newsread import "
            f"{args.url} adds its entries once (subscriptions are to http(s):// URLs)"
        )
    if args.name is not None and not args.name.strip():
        raise CliError("--name is blank: give the feed a name, or leave --name out for its title")
    # Drawn in the library's feed column and its filter: one printable line,
    # as tags and annotator names are.
    for option, given in [("--name", args.name or ""), *(("--tag", t) for t in args.tag or [])]:
        if not is_one_line(given):
            raise CliError(f"{option} '{visible(given)}': it cannot hold control characters")
    if args.no_check:
        return _add_unchecked(args)
    library = open_library(args)
    try:
        feed, parsed = subscribe(library, args.url, args.name or "", args.tag or [])
    except FetchError as exc:
        # A host that cannot be reached now may be reachable at the next refresh.
        anyway = (
            f"; to subscribe anyway: newsread feed add --no-check {args.url.strip()}"
            if exc.unreachable
            else ""
        )
        raise CliError(f"{exc.url}: {exc.reason}{anyway}") from exc
    except FeedError as exc:
        raise CliError(f"{args.url}: {exc}") from exc
    tagged = f" [{', '.join(feed.tags)}]" if feed.tags else ""
    entries = plural(len(parsed.entries), "entry", "entries")
    say(f"subscribed to {feed.name}{tagged} ({feed.url}): {entries}")
    if parsed.problem:
        say(f"  the feed's XML is broken but readable: {parsed.problem}")
    say("fetch its articles with: newsread refresh")
    return 0


def _add_unchecked(args: argparse.Namespace) -> int:
    """``feed add --no-check``: subscribed as given, nothing fetched; the next
    refresh reads it (and says so if it is no feed)."""
    try:
        url = check_url(args.url)
    except FetchError as exc:
        raise CliError(f"{exc.url}: {exc.reason}") from exc
    library = open_library(args)
    # Named by its URL, a feed takes its own title at the first refresh that
    # reads it (storage.feeds), as one from a urls file does.
    name = (args.name or url).strip()
    feed = add_feed(
        library, Feed(url=url, name=name, tags=args.tag or []), exact_name=bool(args.name)
    )
    tagged = f" [{', '.join(feed.tags)}]" if feed.tags else ""
    named = f"{feed.name}{tagged} ({feed.url})" if args.name else f"{feed.url}{tagged}"
    say(f"subscribed to {named} without fetching it")
    say("fetch it and its articles with: newsread refresh")
    return 0


def cmd_feed_list(args: argparse.Namespace) -> int:
    rows = feed_rows(open_library(args, existing=True))
    if args.json:
        data = [{**row.feed.to_dict(), "articles": row.articles} for row in rows]
        for item in data:
            item.pop("entries", None)  # bookkeeping, not for people
        print(json_for_terminal(json.dumps(data, ensure_ascii=False, indent=2)))
        return 0
    if not rows:
        out.print("No feeds yet. Subscribe with: newsread feed add URL", markup=False)
        return 0
    table, urls = feed_table(rows)
    out.print(table)
    if any(url.cut for url in urls):
        out.print(
            "URLs cut in the middle to fit; whole in: newsread feed list --json", markup=False
        )
    return 0


def cmd_feed_remove(args: argparse.Namespace) -> int:
    library = open_library(args, existing=True)
    feed = remove_feed(library, args.feed)
    count = sum(1 for m in library.article_metas() if feed.url in article_feeds(m))
    kept = f"; the library keeps its {plural(count, 'article')}" if count else ""
    say(f"removed feed {feed.name} ({feed.url}){kept}")
    return 0


def _read_list(path: str) -> bytes:
    try:
        return read_path(Path(path))
    except UnreadableInput as exc:
        raise CliError(f"{shown_origin(path)}: {exc}") from exc


def _subscribe_all(args: argparse.Namespace, specs: list[FeedSpec], problems: list[str]) -> int:
    library = open_library(args)
    feeds = []
    for spec in specs:
        url = spec.url
        if url[:7].lower() == "file://":
            # A feed file of a library, as export-opml writes it: subscribed by
            # its path (what a refresh reads) when it is a file in this one.
            path = library_feed_file(library.root, url)
            label = repr(spec.name or "(untitled)")
            if path is None:
                problems.append(
                    f"outline {label}: {url[:120]!r} is a file outside this library's folder "
                    "(only feed files inside it are read; newsread demo adds the demo feed)"
                )
                continue
            if not path.is_file():
                problems.append(f"outline {label}: {url[:120]!r}: no such file")
                continue
            url = str(path)
        feeds.append(
            Feed(
                url=url, name=spec.name or url, tags=spec.tags, site=spec.site, folders=spec.folders
            )
        )
    added, skipped = add_feeds(library, feeds)
    out.print(
        f"{plural(len(added), 'feed')} added, {len(skipped)} already subscribed",
        markup=False,
    )
    for feed, reason in skipped:
        say(f"  skipped {feed.url}: {reason}")
    for problem in problems[:MAX_PROBLEMS]:
        sys.stderr.write(f"skipped {visible(problem)}\n")
    if len(problems) > MAX_PROBLEMS:
        # A list of thousands of bad lines is no list of feeds: its first
        # lines say what is wrong, the rest are counted.
        more = len(problems) - MAX_PROBLEMS
        sys.stderr.write(f"… and {more} more skipped (not read as feeds)\n")
    if added:
        say("fetch their articles with: newsread refresh")
    return 1 if problems and not added else 0


def cmd_feed_import_opml(args: argparse.Namespace) -> int:
    try:
        specs, problems = read_subscriptions(_read_list(args.file), files=True)
    except SubscriptionListError as exc:
        raise CliError(f"{shown_origin(args.file)}: {exc}") from exc
    return _subscribe_all(args, specs, problems)


def cmd_feed_import_urls(args: argparse.Namespace) -> int:
    data = _read_list(args.file)
    refused = not_a_urls_file(data)
    if refused:
        raise CliError(f"{shown_origin(args.file)}: {refused}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(f"{shown_origin(args.file)}: not valid UTF-8") from exc
    specs, problems = read_urls(text)
    return _subscribe_all(args, specs, problems)


def _address(url: str) -> str:
    """A feed's address for OPML: a feed file (the demo feed, subscribed by its
    path in the library) as a file:// URL, which import-opml accepts back for
    a file inside the library it imports into; a bare path is no address."""
    if looks_like_url(url) or not Path(url).is_absolute():
        return url
    return Path(url).as_uri()


def cmd_feed_export_opml(args: argparse.Namespace) -> int:
    feeds = list_feeds(open_library(args, existing=True))
    text = write_opml(
        FeedSpec(_address(f.url), f.name, list(f.tags), f.site, f.folders) for f in feeds
    )
    # OPML is XML: printed as it is, as before (a \u escape would change it).
    write_output(args.output, text, f"wrote {plural(len(feeds), 'feed')}", for_stdout=str)
    return 0
