"""Feed entries and fetched pages into library articles: new, changed or known.

Which entry is which article (so a changed entry updates its article, with its
annotations re-anchored, and an unchanged one adds nothing): the feed's guid,
then the entry's link, then the text itself (an identical body elsewhere in the
library is a duplicate). An entry whose fingerprint (``FeedEntry.version``) is
what the library holds is not even read again, so a summary-only entry's linked
page is fetched once, not at every refresh.

A summary-only entry whose page cannot be fetched (an error status, a
timeout, a refused connection) is kept with its summary as its text, marked
(``Article.summary_only``) and counted as unfetched, so the feed is read whole
again next time; its page is asked for again once its back-off has passed
(storage.page_retries), and when it comes, the article is updated with it
like any changed entry, its annotations re-anchored. A page fetched before is
never replaced by the summary: a changed entry whose page fails waits as it was.

An entry that is already in the library from another feed (or an import) is
that article, filed under this feed too (``Article.feeds``): both feeds list
it, whichever was fetched first. Its text stays the one its first feed
(``Article.feed``) gives, so two feeds with different versions of an entry
do not rewrite it in turn at every refresh.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx

from newsread.ingest.feeds import FeedEntry, ParsedFeed
from newsread.ingest.fetch import PAGE_ACCEPT, FetchError, fetch, page_articles
from newsread.model import Article, Cut, article_feeds, entry_state, make_article_id, now_iso
from newsread.page_backoff import next_try, retry_due
from storage.body_integrity import matches_on_disk
from storage.entry_pages import PagePolicy
from storage.errors import CorruptFileError
from storage.feeds import Feed, save_feed_states
from storage.imports import keep_clean_address, keep_feed, reanchor_annotations, reference_body
from storage.library import Library
from storage.page_retries import UnreachableHosts
from storage.reading import mark_unread

if TYPE_CHECKING:
    from newsread.ingest.extract import ExtractedArticle
    from storage.glued_pages import Glued
    from storage.rejections import Rejection

NEW, UPDATED, UNCHANGED, NOT_MODIFIED, FAILED, WAITING, CANCELLED = (
    "new",
    "updated",
    "unchanged",
    "not modified",
    "failed",
    "waiting",
    "cancelled",
)
#: A feed whose only change is a story already in the library (another feed's)
#: now filed under it too: no new article, yet not unchanged either.
FILED = "filed"


@dataclass
class FeedReport:
    """What one refresh did to one feed."""

    name: str
    url: str
    status: str = UNCHANGED  # one of the constants above
    added: list[str] = field(default_factory=list)  # article ids
    updated: list[str] = field(default_factory=list)
    #: ids of the articles the feed (or page) gave again as they are stored
    unchanged: list[str] = field(default_factory=list)
    #: (entry link, title, existing id), as storage.imports.ImportSummary's
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (entry link or title, reason)
    orphaned: int = 0  # annotations that could not be placed in updated text
    rejections_dropped: int = 0  # rejected suggestions whose words left the updated text
    requoted: int = 0  # annotations placed on changed words of the updated text
    #: ids of articles already in the library (from another feed or an import)
    #: that this feed lists too, now filed under it as well
    shared: list[str] = field(default_factory=list)
    #: (article id, feed URL) of such articles found while reading the feed,
    #: filed by save_articles under the lock
    to_share: list[tuple[str, str]] = field(default_factory=list)
    unfetched: int = 0  # entries whose linked page could not be fetched: worth another try
    #: (entry link or title, why) of entries kept with their summary as their
    #: text, their page not fetched; a later refresh tries the page again
    summary_only: list[tuple[str, str]] = field(default_factory=list)
    #: summary-only entries whose page failed lately, not asked for this time
    #: (storage.page_retries)
    pages_waiting: int = 0
    #: the soonest a page of this feed that failed is asked for again (ISO, UTC)
    next_page_try: str = ""
    reason: str = ""  # why it failed or waits; otherwise a note (broken XML read anyway)
    #: records of a JSON file fetched by URL that could not be used, as a
    #: file's import names them (storage.imports.extraction_problems)
    problems: list[Rejection] = field(default_factory=list)
    #: ("url:line", what) of its records stored without something they gave,
    #: and what became of an article that held a page's stories glued together
    notes: list[tuple[str, str]] = field(default_factory=list)
    #: the address of a page of several stories imported by its URL: an
    #: article the library holds with them glued together gives its
    #: annotations to them (storage.glued_pages)
    stories_page: str = ""


# -- which entries are already in the library ------------------------------------------------


class EntryIndex:
    """Articles by feed entry, by link and by text, to tell new from known."""

    def __init__(self, metas: Iterable[dict[str, Any]]) -> None:
        self.by_id: dict[str, dict[str, Any]] = {}
        self.by_entry: dict[tuple[str, str], dict[str, Any]] = {}
        self.by_url: dict[str, dict[str, Any]] = {}
        self.by_hash: dict[str, str] = {}
        for meta in metas:
            self.add(meta)

    def add(self, meta: dict[str, Any]) -> None:
        self.by_id[meta["id"]] = meta
        if meta.get("guid"):
            for feed in article_feeds(meta):
                self.by_entry.setdefault((feed, meta["guid"]), meta)
        if meta.get("url_or_path"):
            self.by_url.setdefault(meta["url_or_path"], meta)
        self.by_hash.setdefault(meta.get("content_hash", ""), meta["id"])

    def entry(self, feed_url: str, guid: str, link: str) -> dict[str, Any] | None:
        """The article a feed entry already is: same feed and guid, else same link."""
        if guid and (feed_url, guid) in self.by_entry:
            return self.by_entry[(feed_url, guid)]
        return self.by_url.get(link) if link else None

    def same_article(self, article: Article) -> dict[str, Any] | None:
        """The stored article ``article`` is a version of: same feed entry, same
        link, or same id (origin and title), whoever brought it in."""
        if article.feed:
            # An entry without a link is filed under its feed's URL, which names
            # the feed, not the entry: only its guid can find it (matched by that
            # "link", every linkless entry of a feed was one article).
            link = "" if article.url_or_path == article.feed else article.url_or_path
            meta = self.entry(article.feed, article.guid, link)
            if meta is not None:
                return meta
        return self.by_id.get(article.id)


def entry_key(entry: FeedEntry) -> str:
    # Hashed and short: a feed's remembered entries live in library.json.
    key = entry.guid or entry.link or "title:" + entry.title
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def entry_articles(
    feed_url: str,
    feed_title: str,
    parsed: ParsedFeed,
    known: EntryIndex,
    client: httpx.Client,
    report: FeedReport,
    skip: Collection[str] = (),
    step: Callable[[int, int], None] = lambda done, total: None,
    stop: threading.Event | None = None,
    intact: Callable[[dict[str, Any]], bool] | None = None,
    pages: PagePolicy | None = None,
    now: datetime | None = None,
    hosts: UnreachableHosts | None = None,
    backoff: bool = True,
) -> tuple[list[Article], set[str]]:
    """Articles for the entries that are new or changed; the keys of entries
    the library holds (or held: ``skip`` names entries the user deleted).
    ``intact(meta)``: whether an article of this feed's that the entry calls
    unchanged still has its text on disk; one that does not is read again,
    so that saving it puts its body back (as an import does). ``pages``:
    unchanged summary-only entries whose linked page is asked for again
    (conditionally), an article given for each page that came; with it, a
    page that failed before is asked for whatever its back-off. ``now``: when
    back-offs are reckoned from; ``hosts``: the refresh's unreachable hosts;
    ``backoff=False``: every failed page is asked for now (an import the user
    asked for, not a refresh)."""
    stamp = now_iso()
    when = now or datetime.now(UTC)
    hosts = hosts or UnreachableHosts()
    articles: list[Article] = []
    held: set[str] = set()
    seen: set[str] = set()
    # The same story listed twice in one document (once with a guid, once
    # without, by its link) is taken once, from its first listing: matched
    # in turn, the two versions rewrote the article at every refresh.
    # Matched as the library matches them: by guid, else by link, so a link
    # is the story's when either listing has no guid.
    links: set[str] = set()
    unnamed: set[str] = set()  # links of entries without a guid
    claimed: set[str] = set()
    total = len(parsed.entries)
    for done, entry in enumerate(parsed.entries, 1):
        step(done - 1, total)
        key = entry_key(entry)
        if key in seen or (entry.link and entry.link in (unnamed if entry.guid else links)):
            continue  # the same entry twice in one document
        seen.add(key)
        if entry.link:
            links.add(entry.link)
            if not entry.guid:
                unnamed.add(entry.link)
        meta = known.entry(feed_url, entry.guid, entry.link)
        if meta is not None:
            if meta["id"] in claimed:
                continue
            claimed.add(meta["id"])
        version, summary_only = entry_state(meta) if meta is not None else ("", False)
        if meta is not None and (
            meta.get("feed") != feed_url
            or (version == entry.version and not summary_only and (intact is None or intact(meta)))
        ):
            held.add(key)
            if meta.get("feed") == feed_url and pages is not None and pages.due(entry, meta):
                if stop is not None and stop.is_set():
                    break
                page = _page_again(feed_url, feed_title, entry, meta, client, stamp, report, hosts)
                if page is not None:
                    articles.append(page)
                continue
            if feed_url in article_feeds(meta):
                report.unchanged.append(meta["id"])
            else:
                report.to_share.append((meta["id"], feed_url))
            continue
        if meta is None and key in skip:
            held.add(key)  # imported once, deleted since: the user's choice stands
            continue
        if (
            meta is not None
            and summary_only
            and version == entry.version
            and pages is None
            and backoff
            and not retry_due(meta, when)
            and (intact is None or intact(meta))
        ):
            # Its page failed lately: asked for again once its back-off has
            # passed, not at every refresh (a dead site's every entry cost a
            # request, or a timeout, each time).
            held.add(key)
            report.unchanged.append(meta["id"])
            report.unfetched += 1
            report.pages_waiting += 1
            _soonest(report, next_try(meta.get("page_tries", 0), meta.get("page_tried", "")))
            continue
        if stop is not None and stop.is_set():
            break
        try:
            article = _entry_article(feed_url, feed_title, entry, client, stamp, hosts=hosts)
        except FetchError as exc:
            why = f"linked page: {exc.reason}"
            report.unfetched += 1  # tried again later, whatever is kept now
            fetched_before = meta is not None and not summary_only
            if fetched_before or not entry.summary.strip():
                # No text to keep; or the page's text from an earlier refresh,
                # which the summary must not replace: the change waits.
                report.rejected.append((entry.link or entry.title, why))
                continue
            # The summary is text the user can read meanwhile; marked, so the
            # reader says so and the next refresh fetches the page again.
            article = _summary_article(feed_url, feed_title, entry, stamp)
            before = meta.get("page_tries", 0) if meta is not None and summary_only else 0
            article.page_tries = (before if isinstance(before, int) else 0) + 1
            article.page_tried = when.isoformat(timespec="seconds")
            _soonest(report, next_try(article.page_tries, article.page_tried))
            report.summary_only.append((entry.link or entry.title, why))
        except _Rejected as exc:
            report.rejected.append((entry.link or entry.title, str(exc)))
            continue
        articles.append(article)
        held.add(key)
    step(total, total)
    return articles, held


def _soonest(report: FeedReport, moment_: datetime | None) -> None:
    if moment_ is None:
        return
    stamp = moment_.isoformat(timespec="seconds")
    if not report.next_page_try or stamp < report.next_page_try:
        report.next_page_try = stamp


class _Rejected(Exception):
    pass


class _NotModified(Exception):
    """The page answered 304 to the validators it was asked with."""


def _page_again(
    feed_url: str,
    feed_title: str,
    entry: FeedEntry,
    meta: dict[str, Any],
    client: httpx.Client,
    stamp: str,
    report: FeedReport,
    hosts: UnreachableHosts | None = None,
) -> Article | None:
    """The entry's article from its page fetched anew, asked with the validators
    it last came with; None when the page is unchanged (counted so) or could not
    be had (said in ``report``: the stored text stays, as it does when a changed
    entry's page fails)."""
    validators = (str(meta.get("page_etag") or ""), str(meta.get("page_modified") or ""))
    try:
        return _entry_article(feed_url, feed_title, entry, client, stamp, validators, hosts)
    except _NotModified:
        report.unchanged.append(meta["id"])
    except FetchError as exc:
        report.rejected.append((entry.link, f"linked page: {exc.reason}"))
    except _Rejected as exc:
        report.rejected.append((entry.link, str(exc)))
    return None


def _entry_story(articles: list[ExtractedArticle], title: str) -> ExtractedArticle:
    """The story of a page the entry is about: the one under the entry's
    headline when the page holds several (a briefing gives one article per
    story), else the longest."""
    wanted = " ".join(title.casefold().split())
    named = [a for a in articles if wanted and " ".join(a.title.casefold().split()) == wanted]
    return named[0] if named else max(articles, key=lambda a: len(a.body))


def _entry_article(
    feed_url: str,
    feed_title: str,
    entry: FeedEntry,
    client: httpx.Client,
    stamp: str,
    validators: tuple[str, str] = ("", ""),
    hosts: UnreachableHosts | None = None,
) -> Article:
    body, byline, dateline, removed, source = entry.content, entry.author, "", [], feed_title
    published = entry.published
    cuts: list[Cut] = []
    page_etag = page_modified = ""
    # Only a web page can be fetched: an Atom entry without a link gets its id
    # as its link (a urn:), and so does an RSS guid; their summary is the text.
    if not body and re.match(r"^https?://", entry.link, re.I):
        etag, modified = validators
        try:
            # Every hop is checked: an entry's link often redirects (a feed's
            # click counter) to the host that proves unreachable.
            fetched = fetch(
                entry.link,
                client,
                accept=PAGE_ACCEPT,
                etag=etag,
                last_modified=modified,
                hop_check=None if hosts is None else hosts.check,
            )
        except FetchError as exc:
            if hosts is not None:
                hosts.note(exc)
            raise
        if fetched.not_modified:
            raise _NotModified(entry.link)
        page_etag, page_modified = fetched.etag, fetched.last_modified
        parsed = page_articles(fetched)
        if not parsed:
            raise _Rejected("no article text found on the linked page")
        main = _entry_story(parsed, entry.title)
        body, dateline, removed = main.body, main.dateline, list(main.removed)
        cuts = list(main.cuts)
        byline = byline or main.byline
        source = source or main.source
        # An entry without a date (RSS makes pubDate optional) takes its page's.
        published = published or main.published
    elif body:
        body, cuts = _cleaned(body, entry.title)
        removed = [cut.text for cut in cuts]
    if not body:
        body, cuts = _cleaned(entry.summary, entry.title)
        removed = [cut.text for cut in cuts]
    if not body.strip():
        raise _Rejected("the entry has no text")
    origin = entry.link or f"{feed_url}#{entry.guid}"
    return Article(
        id=make_article_id(origin, entry.title),
        title=entry.title,
        body=body,
        source=source,
        byline=byline,
        dateline=dateline,
        published=published,
        url_or_path=entry.link or feed_url,
        removed=removed,
        cuts=cuts,
        imported=stamp,
        feed=feed_url,
        guid=entry.guid,
        entry_version=entry.version,
        page_etag=page_etag,
        page_modified=page_modified,
    )


def _cleaned(text: str, title: str) -> tuple[str, list[Cut]]:
    """The same care as a page's text: a feed's content and its summary carry
    the site's sign-up calls and "appeared first on" notes too. (Imported
    here, as fetch imports the extractor: not every refresh needs them.)"""
    if not text.strip():
        return text, []
    from newsread.ingest.html import clean_fragment

    return clean_fragment(text, title)


def _summary_article(feed_url: str, feed_title: str, entry: FeedEntry, stamp: str) -> Article:
    """The entry with its summary as its text, for want of its linked page;
    the same article (same id, same link) its page will update."""
    body, cuts = _cleaned(entry.summary, entry.title)
    return Article(
        id=make_article_id(entry.link or f"{feed_url}#{entry.guid}", entry.title),
        title=entry.title,
        body=body,
        removed=[cut.text for cut in cuts],
        cuts=cuts,
        source=feed_title,
        byline=entry.author,
        published=entry.published,
        url_or_path=entry.link or feed_url,
        imported=stamp,
        feed=feed_url,
        guid=entry.guid,
        entry_version=entry.version,
        summary_only=True,
    )


# -- writing ----------------------------------------------------------------------------------


def save_articles(
    library: Library, articles: list[Article], report: FeedReport, feed: Feed | None = None
) -> list[Article]:
    """Add new articles, update changed ones (re-anchoring their annotations
    and marking them unread), and store ``feed``'s state, in one transaction;
    returns those whose text is new. Fills ``report``'s
    added/updated/unchanged/duplicates/orphaned."""
    fresh: list[Article] = []
    with library.transaction():
        glued: list[Glued] = []
        if report.stories_page:
            from storage.glued_pages import find_glued

            glued = find_glued(library, articles, report.stories_page)
        index = EntryIndex(library.article_metas())
        saved: list[Article] = []
        moved: list[tuple[Article, str | None]] = []
        sharing = list(report.to_share)
        report.to_share = []
        for article in articles:
            meta = index.same_article(article)
            if meta is not None and meta.get("feed", "") != article.feed:
                if article.feed:
                    # Brought in by another feed or an import: theirs to update,
                    # not ours to re-file (the article would hop between
                    # feeds); filed under this feed too.
                    sharing.append((meta["id"], article.feed))
                    continue
                # A page imported by its URL that a feed brought in: updated
                # like a re-imported file, and still the feed's (its next
                # refresh knows the entry).
                keep_feed(article, meta)
                keep_clean_address(article, meta)
                _keep_entry_details(article, meta)
            if meta is not None:
                article.id = meta["id"]
                article.imported = meta.get("imported") or article.imported
                # The other feeds that list it keep it.
                article.feeds = list(dict.fromkeys([*article.feeds, *article_feeds(meta)]))
                same_text = meta["content_hash"] == article.content_hash
                if same_text and not _stored_intact(library, article.id, meta):
                    # Its body file was cut or edited outside newsread: the
                    # entry's text is the one the index records, and saving
                    # it puts it back; the annotations still fit.
                    article.story_group = meta.get("story_group", "")
                    report.updated.append(article.id)
                    saved.append(article)
                    index.add(article.meta_dict())
                    continue
                if (meta["content_hash"], meta["title"]) == (article.content_hash, article.title):
                    report.unchanged.append(article.id)
                    if _stamps(meta) != _stamps(article.meta_dict()):
                        # Only the feed's stamp, the page's validators (or the
                        # page's arrival, with the summary's very text) moved:
                        # remember it, say nothing.
                        article.story_group = meta.get("story_group", "")
                        saved.append(article)
                    continue
                if meta["content_hash"] != article.content_hash:
                    moved.append((article, reference_body(library, article.id, meta)))
                    fresh.append(article)
                report.updated.append(article.id)
            elif article.content_hash in index.by_hash:
                same = index.by_hash[article.content_hash]
                if article.feed:
                    sharing.append((same, article.feed))
                else:
                    report.duplicates.append((article.url_or_path, article.title, same))
                continue
            else:
                report.added.append(article.id)
                fresh.append(article)
            saved.append(article)
            index.add(article.meta_dict())
        library.save_articles(saved)
        _share(library, index, sharing, report)
        for article, old_body in moved:
            old_length = None if old_body is None else len(old_body)
            left = reanchor_annotations(library, article, old_length, old_body=old_body)
            report.orphaned += left.orphans
            report.rejections_dropped += left.rejections_dropped
            report.requoted += left.requoted
        if glued:
            from storage.glued_pages import place_glued

            unglued = place_glued(library, glued, saved, report.stories_page)
            report.orphaned += unglued.orphaned
            report.notes += unglued.notes
        if moved:
            mark_unread(library, [article.id for article, _ in moved])
        if feed is not None:
            save_feed_states(library, [feed])
    return fresh


def _keep_entry_details(article: Article, meta: dict[str, Any]) -> None:
    """A page read by its URL names the site by its host and gives no author
    or date a feed gave; a refresh fetching the page puts the feed's title,
    the entry's author and its date first (``_entry_article``), so the page's
    own are kept only where the article had none."""
    article.source = str(meta.get("source") or "") or article.source
    article.byline = str(meta.get("byline") or "") or article.byline
    article.published = str(meta.get("published") or "") or article.published


def _stamps(meta: dict[str, Any]) -> tuple[Any, ...]:
    """What says which version of an entry and of its page an article holds,
    and when its page last failed."""
    page = ("page_etag", "page_modified", "page_tries", "page_tried")
    return (*entry_state(meta), *(meta.get(name, "") for name in page))


def _stored_intact(library: Library, article_id: str, meta: dict[str, Any]) -> bool:
    """(In the transaction.) The body as it is on disk now holds ``meta``'s text."""
    try:
        library.checked_body(article_id, meta)
    except CorruptFileError:
        return False
    return True


def intact_bodies(library: Library) -> Callable[[dict[str, Any]], bool]:
    """``entry_articles``' ``intact`` for ``library``: one body read and hashed
    per entry the index calls unchanged (a feed's few dozen, not the library)."""
    return lambda meta: matches_on_disk(library.body_path(meta["id"]), meta)


def _share(
    library: Library, index: EntryIndex, sharing: list[tuple[str, str]], report: FeedReport
) -> None:
    """File the articles ``sharing`` names under their feed too, in one write
    of their index entries; counted in ``report.shared`` (or as unchanged when
    the feed has it already)."""
    entries: dict[str, dict[str, Any]] = {}
    for article_id, feed_url in sharing:
        meta = entries.get(article_id) or index.by_id.get(article_id)
        if meta is None:
            continue  # deleted meanwhile: not brought back
        feeds = article_feeds(meta)
        if feed_url in feeds:
            report.unchanged.append(article_id)
            continue
        entries[article_id] = {**meta, "feeds": [*feeds, feed_url]}
        report.shared.append(article_id)
    library.update_entries(entries)
    for entry in entries.values():
        index.add(entry)
