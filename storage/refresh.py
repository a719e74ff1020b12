"""Refreshing subscribed feeds into the library, and importing URLs.

:func:`refresh_feeds` is what the CLI and the app call. Feeds are fetched on
up to :data:`WORKERS` threads at once (a conditional GET with the stored ETag
and Last-Modified; 304 means nothing new), summary-only entries get their
linked page fetched and extracted on the same thread, and each feed's result
is written by the calling thread in one transaction: its new and changed
articles, their re-anchored annotations and the feed's new state (ETag
included) land together. A feed that fails, stalls or sends garbage is
reported with the reason and never stops the others.

The network is never touched under the library lock: the app and other
commands keep tagging while feeds download.

Which entry is which article: see storage.entries.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from newsread.ingest.feeds import (
    FeedError,
    ParsedFeed,
    discover_feeds,
    looks_like_feed,
    parse_feed,
)
from newsread.ingest.fetch import (
    FEED_ACCEPT,
    PAGE_ACCEPT,
    Fetched,
    FetchError,
    fetch,
    looks_like_url,
    make_client,
    page_extraction,
    page_text,
)
from newsread.ingest.opml import split_tags
from newsread.ingest.sources import UnreadableInput, read_path
from newsread.model import Article, now_iso
from newsread.stamps import moment
from newsread.urls import page_address
from storage.entries import (
    CANCELLED,
    FAILED,
    FILED,
    NEW,
    NOT_MODIFIED,
    UNCHANGED,
    UPDATED,
    WAITING,
    EntryIndex,
    FeedReport,
    entry_articles,
    intact_bodies,
    save_articles,
)
from storage.entry_pages import PagePolicy
from storage.errors import LibraryError
from storage.feed_heirs import hand_over_orphans
from storage.feeds import Feed, add_feed, find_feed, list_feeds, save_feed_states
from storage.imports import (
    ImportSummary,
    KnownUrls,
    article_from,
    extraction_notes,
    extraction_problems,
)
from storage.library import Library
from storage.page_retries import UnreachableHosts
from storage.rejections import ENTRY, FILE, URL, Rejection
from storage.story_index import regroup

if TYPE_CHECKING:
    from newsread.ingest.extract import ExtractedArticle

__all__ = [
    "FeedReport",
    "PagePolicy",
    "RefreshProgress",
    "RefreshSummary",
    "import_feed_files",
    "import_urls",
    "refresh_feeds",
    "subscribe",
]

#: Feeds fetched at once: enough to hide slow servers, few enough to be polite
#: and to leave the app's threads room.
WORKERS = 8


@dataclass
class RefreshSummary:
    feeds: list[FeedReport] = field(default_factory=list)
    fresh: list[Article] = field(default_factory=list)  # new or changed text: to analyse

    def with_status(self, *statuses: str) -> list[FeedReport]:
        return [r for r in self.feeds if r.status in statuses]

    @property
    def failed(self) -> list[FeedReport]:
        return self.with_status(FAILED, WAITING)


@dataclass(frozen=True)
class RefreshProgress:
    """One step of one feed: ``stage`` is "fetching", "entries" (``done`` of
    ``total`` entries read), or "done" with the feed's ``report``."""

    name: str
    url: str
    stage: str
    done: int = 0
    total: int = 0
    report: FeedReport | None = None


ProgressCallback = Callable[[RefreshProgress], None]


# -- reading one feed (worker threads) -------------------------------------------------------


@dataclass
class _Gathered:
    before: Feed  # as it was stored
    feed: Feed  # with its new state
    report: FeedReport
    articles: list[Article] = field(default_factory=list)
    write: bool = False  # the feed's state alone needs no write of its own


def _gather(
    feed: Feed,
    known: EntryIndex,
    client: httpx.Client,
    emit: Callable[[RefreshProgress], None],
    stop: threading.Event | None,
    now: datetime,
    library_root: Path | None = None,
    intact: Callable[[dict[str, Any]], bool] | None = None,
    pages: PagePolicy | None = None,
    hosts: UnreachableHosts | None = None,
) -> _Gathered:
    state = replace(feed, last_refresh=now.isoformat(timespec="seconds"))
    report = FeedReport(feed.name, feed.url)
    got = _Gathered(feed, state, report)
    if stop is not None and stop.is_set():
        report.status, report.reason = CANCELLED, "refresh cancelled"
        got.feed = feed  # not tried: nothing to record
        return got
    waiting = moment(feed.retry_after)
    if waiting is not None and waiting > now:
        report.status = WAITING
        report.reason = f"retry after {feed.retry_after} (the server asked to wait)"
        got.feed = feed
        return got
    emit(RefreshProgress(feed.name, feed.url, "fetching"))
    try:
        page = _feed_document(feed, client, library_root)
        state.retry_after = ""
        if page.not_modified:
            report.status = NOT_MODIFIED
            _succeeded(state, page, now)
            return got
        parsed = parse_feed(page.body, page.url, page.media_type, page.charset)
    except FetchError as exc:
        report.status, report.reason = FAILED, exc.reason
        state.last_error = exc.reason
        if exc.retry_after is not None:
            state.retry_after = exc.retry_after.isoformat(timespec="seconds")
        return got
    except FeedError as exc:
        report.status, report.reason = FAILED, str(exc)
        state.last_error = str(exc)
        return got
    report.reason = f"read despite broken XML: {parsed.problem}" if parsed.problem else ""
    state.title = parsed.title or state.title
    state.site = parsed.link or state.site

    def step(done: int, total: int) -> None:
        emit(RefreshProgress(feed.name, feed.url, "entries", done, total))

    got.articles, held = entry_articles(
        feed.url,
        parsed.title or feed.name,
        parsed,
        known,
        client,
        report,
        set(feed.entries),
        step,
        stop,
        intact,
        pages,
        now,
        hosts,
    )
    # Bounded by what the feed lists now: entries that dropped off it are forgotten.
    state.entries = sorted(held)
    _succeeded(state, page, now)
    if report.unfetched or parsed.problem:
        # An entry whose page could not be fetched is tried again later: the
        # validators of this document would get a 304 and never reach it.
        # Nor are a broken document's kept: a 304 would call a feed that is
        # still broken "not modified", and say nothing of what is wrong with it.
        state.etag, state.last_modified = feed.etag, feed.last_modified
    # Read, broken or not: a warning until a fetch reads it whole (the feed
    # list shows it as a note); an error only when nothing could be read.
    state.note = broken_xml(parsed.problem) if parsed.problem else ""
    if parsed.problem and not parsed.entries:
        state.last_error, state.note = state.note, ""
        report.status = FAILED
        report.reason = f"no entries read: {state.last_error}"
        state.last_success = feed.last_success
    got.write = bool(got.articles or report.to_share) or state.entries != feed.entries
    return got


def _feed_document(feed: Feed, client: httpx.Client, library_root: Path | None) -> Fetched:
    """The feed, fetched; or, for a subscription to a feed file inside the
    library folder (an absolute path, as import_feed_files files entries under;
    ``newsread demo`` subscribes to one), read from disk. Any other path, and
    every file:// URL, goes to fetch and is refused there: a subscription list
    from elsewhere must not make a refresh read the user's files."""
    path = Path(feed.url)
    inside = (
        library_root is not None
        and not looks_like_url(feed.url)
        and path.is_absolute()
        and path.resolve().is_relative_to(library_root.resolve())
    )
    if not inside:
        return fetch(
            feed.url,
            client,
            accept=FEED_ACCEPT,
            etag=feed.etag,
            last_modified=feed.last_modified,
        )
    try:
        data = read_path(path)
    except UnreadableInput as exc:
        raise FetchError(feed.url, str(exc)) from exc
    return Fetched(url="", status=200, media_type="", charset="", body=data)


def _succeeded(state: Feed, page: Fetched, now: datetime) -> None:
    state.last_success = now.isoformat(timespec="seconds")
    state.last_error = ""
    # A 304 may omit the validators; the ones we sent still hold.
    state.etag = page.etag or state.etag
    state.last_modified = page.last_modified or state.last_modified


def broken_xml(problem: str) -> str:
    """What a feed whose XML is broken (feedparser's ``problem``) is noted
    with; its last error when none of it could be read."""
    return f"broken XML: {problem}"


# -- writing (the calling thread) ------------------------------------------------------------


def refresh_feeds(
    library: Library,
    names: Iterable[str] | None = None,
    progress: ProgressCallback | None = None,
    *,
    client: httpx.Client | None = None,
    workers: int = WORKERS,
    stop: threading.Event | None = None,
    now: datetime | None = None,
    pages: PagePolicy | None = None,
) -> RefreshSummary:
    """Refresh every subscribed feed (or those ``names`` name) into the library.

    ``progress`` is called on the calling thread, never a worker's, so a UI can
    draw from it; nothing here prints. Setting ``stop`` ends the refresh early:
    feeds not yet started are reported as cancelled. Raises only for a
    ``names`` entry that is no feed (NotFoundError) or a library that cannot
    be read; every feed's own trouble is in its report.

    ``pages``: the linked pages of recent summary-only entries are fetched
    again too (storage.entry_pages), and every feed is read whole for it: a
    304 for the feed lists no entries whose pages could be asked for.
    """
    # Before the feeds are read: a new owner's ETag is cleared for this refresh.
    hand_over_orphans(library)
    feeds = list_feeds(library) if names is None else [find_feed(library, n) for n in names]
    feeds = list({f.url: f for f in feeds}.values())
    if names is not None or pages is not None:
        # A feed asked for by name is read whole (no ETag or date to answer
        # 304 to): how a damaged body of one of its articles is put back, as
        # doctor advises, and what one expects of "refresh this feed now".
        feeds = [replace(f, etag="", last_modified="") for f in feeds]
    now = now or datetime.now(UTC)
    known = EntryIndex(library.article_metas())
    intact = intact_bodies(library)
    summary = RefreshSummary()
    reports: dict[str, FeedReport] = {}
    events: queue.Queue[RefreshProgress | _Gathered] = queue.Queue()
    quiet: list[Feed] = []
    own = client is None
    client = client or make_client(max_connections=2 * workers)
    halt = stop or threading.Event()
    # Shared by the feeds' threads: a dead host is found out once per refresh.
    hosts = UnreachableHosts()

    def work(feed: Feed) -> None:
        try:
            got = _gather(
                feed, known, client, events.put, halt, now, library.root, intact, pages, hosts
            )
        except Exception as exc:  # a bug must cost one feed, not the refresh
            report = FeedReport(feed.name, feed.url, FAILED, reason=repr(exc))
            got = _Gathered(feed, replace(feed, last_error=repr(exc)), report)
        events.put(got)

    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for feed in feeds:
                pool.submit(work, feed)
            try:
                for item in _results(events, len(feeds), progress):
                    report = item.report
                    if item.write:
                        try:
                            summary.fresh += save_articles(
                                library, item.articles, report, item.feed
                            )
                        except LibraryError as exc:
                            # Nothing of this feed was written, its ETag included:
                            # the next refresh fetches it whole again.
                            report.status, report.reason = FAILED, str(exc)
                            tried = item.feed.last_refresh
                            quiet.append(
                                replace(item.before, last_refresh=tried, last_error=str(exc))
                            )
                    elif item.feed is not item.before:  # tried: its state changed
                        quiet.append(item.feed)
                    if report.status == UNCHANGED:
                        report.status = (
                            NEW
                            if report.added
                            else UPDATED
                            if report.updated
                            else FILED
                            if report.shared
                            else UNCHANGED
                        )
                    reports[report.url] = report
                    if progress is not None:
                        progress(RefreshProgress(report.name, report.url, "done", report=report))
            except BaseException:
                # Interrupted (Ctrl-C, a failing progress callback): feeds not
                # started are dropped and running ones stop at their next entry,
                # instead of being read for nobody before the pool lets go.
                halt.set()
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        if quiet:
            save_feed_states(library, quiet)
        if summary.fresh:
            regroup(library, summary.fresh)
    finally:
        if own:
            client.close()
    summary.feeds = [reports[f.url] for f in feeds if f.url in reports]
    return summary


def _results(
    events: queue.Queue[RefreshProgress | _Gathered],
    count: int,
    progress: ProgressCallback | None,
) -> Iterator[_Gathered]:
    """Each feed's result as it finishes, passing progress on meanwhile: on this
    thread, so the callback may draw."""
    pending = count
    while pending:
        item = events.get()
        if isinstance(item, RefreshProgress):
            if progress is not None:
                progress(item)
            continue
        pending -= 1
        yield item


# -- one-off URLs and new subscriptions --------------------------------------------------------


def import_urls(
    library: Library, urls: Iterable[str], client: httpx.Client | None = None
) -> tuple[ImportSummary, list[Article]]:
    """Import web pages (or a feed's entries, when a URL is a feed) as
    ``import_paths`` imports files; returns the same summary and the articles
    whose text is new. Each URL's failure is one rejection; the rest go on."""
    # The library's addresses, read once for the whole import (at the first page
    # that needs them), not once per URL.
    load = partial(_url_articles, addresses=KnownUrls(library))
    return _import_each(library, list(urls), load, client, URL)


def import_feed_files(
    library: Library, paths: Iterable[str], client: httpx.Client | None = None
) -> tuple[ImportSummary, list[Article]]:
    """Import the entries of feed documents saved as files (RSS, Atom, JSON
    Feed); summary-only entries still get their linked page fetched. The
    entries are filed under the file's path as their feed."""
    return _import_each(library, list(paths), _file_articles, client, FILE)


Loader = Callable[[Library, str, httpx.Client, FeedReport], list[Article]]


def _import_each(
    library: Library, items: list[str], load: Loader, client: httpx.Client | None, kind: str
) -> tuple[ImportSummary, list[Article]]:
    """``kind``: what each item is (a URL, a file), as its rejection counts."""
    summary = ImportSummary()
    fresh: list[Article] = []
    own = client is None
    client = client or make_client()
    try:
        for item in items:
            report = FeedReport(item, item)
            try:
                articles = load(library, item, client, report)
                summary.rejected += report.problems
                if not articles and report.problems:
                    continue  # a JSON file none of whose records could be used
                if not articles and not (report.unchanged or report.duplicates or report.to_share):
                    # A feed whose every entry failed: each entry says why. The
                    # item itself is rejected only when nothing in it was tried.
                    summary.rejected += _entry_rejections(report)
                    if not report.rejected:
                        why = report.reason or "no article text found"
                        summary.rejected.append(Rejection(item, why, kind))
                    continue
                fresh += save_articles(library, articles, report)
            except FetchError as exc:
                summary.rejected.append(Rejection(item, exc.reason, kind))
                continue
            except (FeedError, LibraryError) as exc:
                summary.rejected.append(Rejection(item, str(exc), kind))
                continue
            summary.added += report.added
            summary.updated += report.updated
            # Already in the library from a feed: now filed under this one too.
            summary.unchanged += [*report.unchanged, *report.shared]
            summary.duplicates += report.duplicates
            summary.orphaned += report.orphaned
            summary.rejections_dropped += report.rejections_dropped
            summary.requoted += report.requoted
            summary.rejected += _entry_rejections(report)
            summary.summary_only += report.summary_only
            summary.notes += report.notes
        if fresh:
            regroup(library, fresh)
    finally:
        if own:
            client.close()
    return summary, fresh


def _entry_rejections(report: FeedReport) -> list[Rejection]:
    return [Rejection(where, why, ENTRY) for where, why in report.rejected]


def _url_articles(
    library: Library, url: str, client: httpx.Client, report: FeedReport, addresses: KnownUrls
) -> list[Article]:
    page = fetch(url, client, accept=PAGE_ACCEPT)
    if looks_like_feed(page.body, page.media_type):
        parsed = parse_feed(page.body, page.url, page.media_type, page.charset)
        return _imported_entries(library, page.url, parsed, client, report)
    from newsread.ingest.extract import HTML

    extraction = page_extraction(page)
    report.problems += extraction_problems(url, extraction, URL)
    report.notes += extraction_notes(url, extraction)
    articles = _page_articles(page, extraction.articles)
    if len(articles) == 1:
        _find_by_address(library, articles[0], addresses)
    elif len(articles) > 1 and extraction.kind == HTML:
        report.stories_page = page.url
    return articles


def _find_by_address(library: Library, article: Article, addresses: KnownUrls) -> None:
    """A page whose title is not the one it is stored under (a feed entry's
    title, the page's title edited) is still the article at its address, as
    a JSON record with a ``url`` is: it updates that one, not a second copy.
    (A page of several stories shares one address among them: not here.)"""
    if library.has_article(article.id):
        return
    found = addresses.get(page_address(article.url_or_path))
    if found is not None:
        article.id = found


def _file_articles(
    library: Library, path: str, client: httpx.Client, report: FeedReport
) -> list[Article]:
    try:
        data = read_path(Path(path))
    except UnreadableInput as exc:
        raise FeedError(str(exc)) from exc
    origin = str(Path(path).resolve())
    parsed = parse_feed(data, "")
    return _imported_entries(library, origin, parsed, client, report)


def _imported_entries(
    library: Library, origin: str, parsed: ParsedFeed, client: httpx.Client, report: FeedReport
) -> list[Article]:
    """A feed given to ``import`` (by URL or as a file): its entries as articles."""
    articles, _ = entry_articles(
        origin,
        parsed.title,
        parsed,
        EntryIndex(library.article_metas()),
        client,
        report,
        intact=intact_bodies(library),
        backoff=False,  # imported on purpose: a failed page is asked for now
    )
    return articles


def _page_articles(page: Fetched, parsed: list[ExtractedArticle]) -> list[Article]:
    stamp = now_iso()
    # The address after redirects: the page's own, not a shortener's.
    articles = [article_from(one, page.url, page.url, stamp) for one in parsed]
    for article in articles:
        article.page_etag, article.page_modified = page.etag, page.last_modified
    return articles


def subscribe(
    library: Library,
    url: str,
    name: str = "",
    tags: Iterable[str] = (),
    client: httpx.Client | None = None,
) -> tuple[Feed, ParsedFeed]:
    """Fetch ``url`` once to check that it is a feed and learn its title, then
    subscribe under ``name`` (else the feed's title, else the host).

    A web page that announces a feed subscribes to that feed. ``tags`` are
    split at commas and slashes, as OPML's category is (``split_tags``).
    Raises FetchError or FeedError (nothing stored), LibraryError when already
    subscribed or when ``name`` is given blank.
    """
    if name and not name.strip():
        # Named after the feed's title instead, the user's choice was lost unsaid.
        raise LibraryError("a feed's name cannot be blank")
    own = client is None
    client = client or make_client()
    try:
        page = fetch(url, client, accept=FEED_ACCEPT)
        if not looks_like_feed(page.body, page.media_type) and "html" in (
            page.media_type or "text/html"
        ):
            announced = discover_feeds(page_text(page), page.url)
            if announced:
                url = announced[0]
                page = fetch(url, client, accept=FEED_ACCEPT)
        parsed = parse_feed(page.body, page.url, page.media_type, page.charset)
    finally:
        if own:
            client.close()
    if not parsed.entries and not parsed.title:
        raise FeedError("the feed has no title and no entries")
    feed = Feed(
        url=url.strip(),
        name=(name or parsed.title or httpx.URL(page.url).host).strip(),
        tags=split_tags(tags),
        title=parsed.title,
        site=parsed.link,
        added=now_iso(),
        note=broken_xml(parsed.problem) if parsed.problem else "",
    )
    return add_feed(library, feed, exact_name=bool(name)), parsed
