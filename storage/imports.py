"""Bring files into the library: extract, deduplicate, update, re-anchor.

Every input goes through ``newsread.ingest.extract`` (HTML pages, JSON and
JSON Lines files of articles, text dumps), the same pipeline ``newsread
extract --json`` shows. An article's id comes from its origin and title, so
importing the same file again finds the same ids: identical bodies are
skipped, changed bodies are updated and their annotations re-anchored onto
the new text.

A record of a JSON or JSON Lines file that has a ``url`` is also found by
that address (``page_address``): the same records under another file name (a
corpus exported again) update their articles, annotations moved, instead of
adding copies beside them. Two records of one file with one address: the first
stands, the second is refused with the reason. An HTML page of one story is
found by its canonical address the same way, as importing that address finds
it: a feed article's page saved from the browser updates the feed's article.

The user's corrections to what cleaning cut (``storage.corrections``: a line
put back, a paragraph cut) are applied again to an article parsed anew, before
it is compared with what is stored: a re-import of an unchanged file changes
nothing, and a changed one keeps the user's decisions where their lines still
exist.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from operator import iadd
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from newsread.ingest.encodings import DecodeError, decode_text
from newsread.ingest.extract import (
    HTML,
    JSON,
    JSONL,
    JSONL_SUFFIXES,
    Extraction,
    extract_text,
)
from newsread.ingest.jsonfiles import MAX_PROBLEMS, more_notes
from newsread.ingest.sources import (
    MAX_BYTES,
    InputText,
    Rejected,
    iter_inputs,
    nothing_found,
)
from newsread.model import (
    Article,
    article_feeds,
    content_hash,
    entry_state,
    make_article_id,
    now_iso,
)
from newsread.urls import canonical_url, page_address
from storage.errors import CorruptFileError
from storage.index_spans import LazyTables, listing_key
from storage.library import Library, LibraryError
from storage.reading import mark_unread
from storage.rejections import FILE, RECORD, STDIN, Rejection
from storage.story_index import CacheWrite, regroup, stage_groups, write_cache

if TYPE_CHECKING:
    from storage.glued_pages import Glued
    from storage.reanchor import Moved

#: Records per transaction when a JSON Lines file is streamed: each batch is
#: one write of the index (and one journal), so fewer, bigger batches cost less
#: at 100,000 lines; a batch's bodies are held in memory until it is written.
STREAM_BATCH = 10_000
#: An article with more characters than this is named in the summary: its
#: analysis takes minutes (a 3 MB line of 60,000 sentences: about three), and
#: without a word the import looks hung.
BIG_ARTICLE = 1_000_000
#: Bytes read at a time from a streamed file.
_READ_BYTES = 1 << 20
#: A streamed line longer than this is one record no article needs (the cap of
#: other inputs): skipped and reported, never held whole.
_LINE_LIMIT = 20 * 1024 * 1024


@dataclass
class ImportSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: (input, title, id of the article already holding its text) of each
    #: story skipped as a duplicate: the input named, as a rejection's is
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    #: (where, why) of each input that could not be used: Rejection pairs,
    #: which say what kind of input each was (storage.rejections)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    orphaned: int = 0
    #: rejected suggestions dropped by re-imports: their words are not in the new text
    rejections_dropped: int = 0
    #: annotations re-imports placed on changed words (storage.reanchor.Moved)
    requoted: int = 0
    #: (entry link or title, why) of feed entries kept with their summary as
    #: their text, their linked page not fetched (see storage.entries)
    summary_only: list[tuple[str, str]] = field(default_factory=list)
    #: (article id, line) of corrections whose line is gone from the source
    corrections_dropped: list[tuple[str, str]] = field(default_factory=list)
    #: ("file:line", what) of records imported without something they gave
    #: (a date that is not one), and of articles so long that their analysis
    #: takes minutes, for the summary to name
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.unchanged) + len(self.duplicates)

    def add(self, other: ImportSummary) -> None:
        """Count ``other`` in too: every field, so one added later is not left out."""
        for name in (f.name for f in fields(ImportSummary)):
            # In place, as ``+=`` is: a list already handed out keeps growing.
            setattr(self, name, iadd(getattr(self, name), getattr(other, name)))


def big_article(article: Article) -> str:
    """The summary's line for an article over BIG_ARTICLE characters."""
    size = f"{len(article.body):,} characters"
    return f"'{article.title}' is one article of {size}: its analysis takes minutes"


def article_from(parsed: Any, key: str, url_or_path: str, stamp: str) -> Article:
    """The Article for one extracted story; ``key`` (where it came from) and its
    title make the id, so the same source imported again finds the same article."""
    return Article(
        id=make_article_id(key, parsed.title),
        title=parsed.title,
        body=parsed.body,
        source=parsed.source,
        byline=parsed.byline,
        dateline=parsed.dateline,
        published=parsed.published,
        url_or_path=url_or_path,
        removed=list(parsed.removed),
        cuts=list(getattr(parsed, "cuts", None) or []),
        imported=stamp,
    )


def _articles_from_input(item: InputText, stamp: str) -> tuple[list[Article], Extraction]:
    extraction = extract_text(item.text, item.kind)
    # Keyed on the file, not the page's URL: re-importing the file must find the
    # same ids even when the page names another address.
    articles = [
        article_from(parsed, item.origin, parsed.url or item.origin, stamp)
        for parsed in extraction.articles
    ]
    return articles, extraction


def reanchor_annotations(
    library: Library,
    article: Article,
    old_length: int | None,
    reapply_corrections: bool = True,
    old_body: str | None = None,
) -> Moved:
    """Move the article's annotations (and rejected suggestions) onto its new
    body; say how many annotations are orphans and how many rejections were
    dropped. ``old_body``: the text they
    were on (see storage.reanchor.move_annotations).

    With ``reapply_corrections``, the article (just saved as parsed anew, as a
    feed refresh saves it) first gets the user's stored corrections applied
    again, in place and saved, so the annotations land on the text the user
    will see.
    """
    # Only a changed article gets here: a new one has nothing to move, and an
    # import of new files does not load the anchoring (rapidfuzz) or corrections.
    from storage.corrections import reapply_stored
    from storage.reanchor import move_annotations

    if reapply_corrections:
        fixed = reapply_stored(library, article).article
        if fixed.content_hash != article.content_hash:
            for name in ("body", "cuts", "removed", "dateline", "content_hash"):
                setattr(article, name, getattr(fixed, name))
            library.save_articles([article])
    return move_annotations(library, article, old_length, old_body)


@dataclass
class _Outcome(ImportSummary):
    saved: list[Article] = field(default_factory=list)
    #: the same-story groups were staged with this input (see import_paths)
    grouped: bool = False
    #: the shingle cache to write after the commit (storage.story_index)
    story_cache: CacheWrite | None = None


def _import_one(
    library: Library,
    articles: list[Article],
    ids: KnownIds,
    known_hashes: KnownHashes,
    stamp: str,
    group_with: list[Article] | None = None,
    taken: frozenset[str] | set[str] = frozenset(),
    urls: KnownUrls | None = None,
    taken_urls: set[str] | None = None,
    origin: str = "",
    stories: bool = False,
) -> _Outcome:
    """Save one input's articles; re-anchor the annotations of changed ones.

    One transaction: the new bodies, the index and the re-anchored annotations
    land together or not at all. A crash between them would otherwise leave
    annotations at offsets into text they no longer fit, or none at all.

    ``taken``: ids earlier batches of the same streamed file saved; a record
    repeating one is a duplicate, as it is within one batch.

    ``urls``: the input's records are identified by their address too (JSON,
    JSON Lines, a page of one story); ``taken_urls`` holds the addresses
    earlier records of the same input (``origin``) had (None for a page).

    With ``group_with`` (the articles earlier inputs added), the same-story
    groups of those and of this input's articles are staged in the same
    transaction: the index is written once, not once more for the groups (at
    100,000 articles each write of library.json is ~0.5 s).

    ``stories``: the articles are the stories of one page; an article the
    library holds from that page with them glued together gives its
    annotations to them (``storage.glued_pages``).
    """
    outcome = _Outcome()
    seen_here: set[str] = set()  # this input's ids; with ``ids``, every id seen
    seen_hashes: dict[str, str] = {}  # this input's, ahead of known_hashes
    updated: list[tuple[Article, str | None]] = []  # with the text it replaces
    with library.transaction():
        glued: list[Glued] = []
        if stories:
            from storage.glued_pages import find_glued

            glued = find_glued(library, articles, origin)
        for article in articles:
            address = page_address(article.url_or_path) if urls is not None else ""
            if address and article.id not in seen_here and article.id not in taken:
                if taken_urls is not None and address in taken_urls and article.id not in ids:
                    why = f"'{article.title}' has the url of an earlier record ({address}): "
                    outcome.rejected.append(Rejection(origin, why + "the first one stands", RECORD))
                    continue
                found = urls.get(address) if urls is not None else None
                if found is not None and article.id not in ids:
                    # The same article from another file (or a feed): updated.
                    article.id = found
            if address and taken_urls is not None:
                taken_urls.add(address)
            if article.id in taken or (article.id in seen_here and article.id not in ids):
                # The same origin and title twice in one input (a JSON Lines
                # file repeating a record): the first one stands.
                outcome.duplicates.append((origin, article.title, article.id))
                continue
            if article.id in seen_here or article.id in ids:
                from storage.corrections import forget, reapply, stored

                old = library.get_meta(article.id)
                keep_feed(article, old)
                keep_clean_address(article, old)
                corrections = stored(library, article.id)
                fixed = reapply(article, corrections)
                article = fixed.article
                if old["content_hash"] == article.content_hash:
                    if _body_intact(library, article.id, article.content_hash):
                        outcome.unchanged.append(article.id)
                        continue
                    # Its body file was lost, cut short or edited (doctor says
                    # so and points here): the same text puts it back; the
                    # annotations still fit.
                    article.imported = old.get("imported") or stamp
                    outcome.updated.append(article.id)
                    outcome.saved.append(article)
                    seen_here.add(article.id)
                    seen_hashes[article.content_hash] = article.id
                    continue
                article.imported = old.get("imported") or stamp
                updated.append((article, reference_body(library, article.id, old)))
                outcome.updated.append(article.id)
                if fixed.dropped:
                    forget(library, article.id, fixed.dropped)
                    outcome.corrections_dropped += [(article.id, c.text) for c in fixed.dropped]
            elif (
                first := seen_hashes.get(article.content_hash)
                or known_hashes.get(article.content_hash)
            ) is not None:
                outcome.duplicates.append((origin, article.title, first))
                continue
            else:
                outcome.added.append(article.id)
            outcome.saved.append(article)
            seen_here.add(article.id)
            seen_hashes[article.content_hash] = article.id
        library.save_articles(outcome.saved)
        for article, old_body in updated:
            moved = reanchor_annotations(
                library,
                article,
                None if old_body is None else len(old_body),
                reapply_corrections=False,
                old_body=old_body,
            )
            outcome.orphaned += moved.orphans
            outcome.rejections_dropped += moved.rejections_dropped
            outcome.requoted += moved.requoted
        if glued:
            from storage.glued_pages import place_glued

            unglued = place_glued(library, glued, outcome.saved, origin)
            outcome.orphaned += unglued.orphaned
            outcome.rejections_dropped += unglued.rejections_dropped
            outcome.notes += unglued.notes
        mark_unread(library, [article.id for article, _ in updated])
        if group_with is not None:
            together = group_with + outcome.saved
            if together:
                outcome.story_cache = stage_groups(library, together)
            outcome.grouped = True
    # The derived cache after the commit, as regroup does.
    write_cache(library, outcome.story_cache)
    return outcome


def keep_feed(article: Article, old: dict[str, Any]) -> None:
    """A file's record (or a page imported by its URL) that updates a feed's
    article leaves it that feed's: its next refresh knows the entry, and the
    feed still lists it. Its text is no longer the entry's summary."""
    if old.get("feed") or old.get("feeds"):
        article.feed = str(old.get("feed") or "")
        article.feeds = article_feeds(old)
        article.guid = str(old.get("guid") or "")
        article.entry_version = entry_state(old)[0]
        article.summary_only = False


def keep_clean_address(article: Article, old: dict[str, Any]) -> None:
    """A link shared with tracking parameters (``?utm_source=x``) that updates
    the article at its address keeps the address it is stored under: the
    next import of the clean link, or of the feed's, is the same address as
    written, and the tracking stays out of exports."""
    new = article.url_or_path
    stored = str(old.get("url_or_path") or "")
    if page_address(new) != canonical_url(new) and page_address(new) == page_address(stored):
        article.url_or_path = stored


class KnownUrls:
    """The library's articles by address (``page_address``), read once, when an
    import first has a record with a ``url``, and those the import saved since."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._by_url: dict[str, str] | None = None

    def get(self, address: str) -> str | None:
        if self._by_url is None:
            self._by_url = {}
            for meta in self._library.article_metas():
                url = page_address(str(meta.get("url_or_path") or ""))
                if url:
                    # The oldest stands, as it does for the same text twice.
                    self._by_url.setdefault(url, meta["id"])
        return self._by_url.get(address)

    def add(self, article: Article) -> None:
        url = page_address(article.url_or_path)
        if self._by_url is not None and url:
            self._by_url.setdefault(url, article.id)


def reference_body(library: Library, article_id: str, meta: dict[str, Any]) -> str | None:
    """The text an article's annotations were placed on, to move them onto a
    new one: the stored body when it still hashes to the index's record; None
    when it is missing or damaged. Then each annotation is placed by its own
    quote and context (fuzzily, as ever) and those that fit nowhere are kept
    as orphans and counted: a damaged reference would scale positions by a
    wrong length and judge a repeated quote's copies by words never
    imported. (Bodies have no backups to take the last good text from.)"""
    try:
        return library.checked_body(article_id, meta)
    except CorruptFileError:
        return None


def _body_intact(library: Library, article_id: str, digest: str) -> bool:
    """The stored body is there and is the text hashed to ``digest``: the
    index's record alone says nothing of a file damaged since."""
    try:
        return content_hash(library.read_body(article_id)) == digest
    except CorruptFileError:
        return False


class KnownIds:
    """The library's article ids when an import began, and those it saved
    since: asked through the index's spans (a search of the joined ids, a dict
    of them after a few hundred) rather than a set of 100,000 made first
    (~20 ms of a one-file import)."""

    def __init__(self, library: Library) -> None:
        lazy = library._lazy_index()
        self._spans = lazy.spans if isinstance(lazy, LazyTables) else None
        self._all = library.article_ids() if self._spans is None else None
        self._added: set[str] = set()

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str):
            return False
        if article_id in self._added:
            return True
        if self._spans is not None:
            return self._spans.position(article_id) is not None
        assert self._all is not None
        return article_id in self._all

    def add(self, article_id: str) -> None:
        self._added.add(article_id)


class KnownHashes:
    """Content hash -> the id of the first article with that text (as
    :func:`oldest_by_hash`), looked up one hash at a time through the hash
    prefixes of the index's spans file when there are few to look up: an
    import of one article then reads no more than the entries sharing its
    hash's first 8 bytes, not 100,000 of them. Ids given with ``add`` win."""

    #: Lookups before the whole map is made once instead.
    LOOKUPS = 256

    def __init__(self, library: Library) -> None:
        self._library = library
        self._added: dict[str, str] = {}
        self._full: dict[str, str] | None = None
        lazy = library._lazy_index()
        self._lazy = lazy if isinstance(lazy, LazyTables) else None
        # The hashes alone: the ids (a split of 100,000) only for a prefix found.
        self._prefixes = self._lazy.spans.hashes if self._lazy is not None else None
        self._ids: list[str] | None = None
        if self._prefixes is None:
            self._full = oldest_by_hash(library)
        self._lookups = 0

    def add(self, digest: str, article_id: str) -> None:
        self._added[digest] = article_id

    def get(self, digest: str) -> str | None:
        if digest in self._added:
            return self._added[digest]
        if self._full is None and self._lookups < self.LOOKUPS:
            self._lookups += 1
            found = self._lookup(digest)
            if found is not False:
                return found  # type: ignore[return-value]
        if self._full is None:
            self._full = oldest_by_hash(self._library)
        return self._full.get(digest)

    def _lookup(self, digest: str) -> str | None | bool:
        """The id, None for none, False when the prefixes cannot tell."""
        assert self._prefixes is not None and self._lazy is not None
        try:
            prefix = bytes.fromhex(digest[:16])
        except ValueError:
            return False
        if len(prefix) != 8:
            return False
        blob = self._prefixes
        best: dict[str, Any] | None = None
        at = blob.find(prefix)
        while at >= 0:
            if at % 8 == 0:
                if self._ids is None:
                    self._ids = self._lazy.spans.ids
                entry = self._lazy.entry(self._ids[at // 8])
                if not isinstance(entry, dict):
                    return False
                if entry.get("content_hash") == digest and (
                    best is None or listing_key(entry) < listing_key(best)
                ):
                    best = entry
            at = blob.find(prefix, at + 1)
        return None if best is None else best["id"]


def oldest_by_hash(library: Library) -> dict[str, str]:
    """Content hash -> the id of the first article with that text, in the order
    article_metas lists them, without copying and sorting 100,000 entries."""
    first: dict[str, dict[str, Any]] = {}
    for meta in library.index_entries():
        known = first.setdefault(meta["content_hash"], meta)
        if known is not meta and listing_key(meta) < listing_key(known):
            first[meta["content_hash"]] = meta
    return {digest: meta["id"] for digest, meta in first.items()}


def import_paths(
    library: Library,
    paths: list[str],
    stdin: TextIO | BinaryIO | None = None,
) -> tuple[ImportSummary, list[Article]]:
    """Import every input; return the summary and the articles whose text is new."""
    summary = ImportSummary()
    stamp = now_iso()
    fresh: list[Article] = []
    with library.lock.hold():
        ids = KnownIds(library)
        known_hashes = KnownHashes(library)
        known_urls = KnownUrls(library)
        grouped = False
        saved_by_origin: dict[str, set[str]] = {}
        urls_by_origin: dict[str, set[str]] = {}
        units = _lookahead(_units(paths, stdin, stamp))
        for (origin, articles, problems, by_url, notes), last in units:
            summary.rejected += problems
            summary.notes += notes
            if not articles:
                continue
            taken = saved_by_origin.setdefault(origin, set())
            try:
                outcome = _import_one(
                    library,
                    articles,
                    ids,
                    known_hashes,
                    stamp,
                    fresh if last else None,
                    taken,
                    known_urls if by_url in (RECORDS, PAGE) else None,
                    urls_by_origin.setdefault(origin, set()) if by_url == RECORDS else None,
                    origin,
                    stories=by_url == STORIES,
                )
            except LibraryError as exc:
                # A full disk or a damaged annotations file stops this input
                # only; nothing of it was written.
                summary.rejected.append(Rejection(origin, str(exc), _kind(origin)))
                continue
            grouped = outcome.grouped
            summary.add(outcome)
            taken.update(a.id for a in outcome.saved)
            for article in outcome.saved:
                if len(article.body) > BIG_ARTICLE:
                    summary.notes.append((origin, big_article(article)))
                ids.add(article.id)
                known_hashes.add(article.content_hash, article.id)
                known_urls.add(article)
            fresh.extend(outcome.saved)
        if fresh and not grouped:
            regroup(library, fresh)
    return summary, fresh


# -- inputs as units of work -------------------------------------------------------


#: How an input's articles are also known by their address (page_address):
#: a JSON or JSON Lines file's records, the first of an address standing
RECORDS = "records"
#: an HTML page of one story, by its canonical URL, as ``import URL`` finds
#: it (a page of several stories shares one address among them: not found)
PAGE = "page"
#: an HTML page of several stories: not known by address, but an article the
#: library holds with its stories glued together is found (storage.glued_pages)
STORIES = "stories"

#: (origin, articles, rejections, RECORDS, PAGE or "": known by address too,
#: ("file:line", what) of records kept without something they gave)
_Unit = tuple[str, list[Article], list[Rejection], str, list[tuple[str, str]]]


def _lookahead(units: Iterator[_Unit]) -> Iterator[tuple[_Unit, bool]]:
    """Each unit with whether it is the last one (its transaction then also
    stages the same-story groups)."""
    previous: _Unit | None = None
    for unit in units:
        if previous is not None:
            yield previous, False
        previous = unit
    if previous is not None:
        yield previous, True


def _units(paths: list[str], stdin: TextIO | BinaryIO | None, stamp: str) -> Iterator[_Unit]:
    """(origin, articles, rejections) per input, in the order named; a JSON Lines
    file named on the command line is streamed in batches of STREAM_BATCH records,
    so its size is not capped like other inputs'."""
    for raw in paths:
        if not str(raw).strip():
            # Path("") is the current folder: walked, it imported whatever is there.
            # (Some callers pass Paths, which are never empty.)
            yield (
                "(empty path)",
                [],
                [Rejection("(empty path)", "empty path; give a file or folder")],
                "",
                [],
            )
            continue
        streamed = _streamable(raw)
        if streamed is not None:
            yield from _streamed_units(streamed, stamp)
            continue
        for item in iter_inputs([raw], stdin):
            kind = STDIN if raw == "-" else FILE
            if isinstance(item, Rejected):
                yield item.origin, [], [Rejection(item.origin, item.reason, kind)], "", []
                continue
            articles, extraction = _articles_from_input(item, stamp)
            problems = extraction_problems(item.origin, extraction, kind)
            if not articles and not extraction.problems:
                problems.append(Rejection(item.origin, nothing_found(item), kind))
            by_url = RECORDS if item.kind in (JSON, JSONL) else ""
            if item.kind == HTML and len(articles) == 1:
                by_url = PAGE
            elif item.kind == HTML and len(articles) > 1:
                by_url = STORIES
            yield item.origin, articles, problems, by_url, extraction_notes(item.origin, extraction)


def extraction_problems(origin: str, extraction: Extraction, kind: str) -> list[Rejection]:
    """The rejections of what an input (a file, stdin, a URL: ``kind``) held
    and could not be used: a bad record of a JSON file is named by its line and
    the rest is imported; a JSON file that is one document is one input, its
    problem the input's."""
    problems = [
        Rejection(f"{origin}:{line}", why, kind if extraction.whole else RECORD)
        for line, why in extraction.problems
    ]
    if extraction.unreported:
        where, why = problems[-1]
        problems[-1] = Rejection(where, why, RECORD, extraction.unreported)
    return problems


def extraction_notes(origin: str, extraction: Extraction) -> list[tuple[str, str]]:
    """("origin:line", what) of the records stored without something they gave."""
    return [(f"{origin}:{line}", what) for line, what in extraction.notes]


def _kind(origin: str) -> str:
    return STDIN if origin == "stdin" else FILE


def _streamable(raw: str) -> Path | None:
    """The path of ``raw`` when it is a regular JSON Lines file (by its name) in
    UTF-8; anything else (a folder, stdin, UTF-16, gzip, cp1252 or latin-1 within
    the input cap) goes the usual way."""
    if raw == "-":
        return None
    try:
        path = Path(raw).expanduser()
    except RuntimeError:
        path = Path(raw)
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return None
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            head = handle.read(MAX_BYTES + 1)
        str(path.absolute()).encode("utf-8")  # a name that is not UTF-8: the usual refusal
    except (OSError, ValueError, UnicodeEncodeError):
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x1f\x8b")):
        return None  # UTF-16 or gzip: decoded whole, within the input cap
    if len(head) <= MAX_BYTES and _legacy_text(head):
        # A code page is told by the whole file (newsread.ingest.encodings); read
        # line by line, every line with an accent was "not valid UTF-8".
        return None
    return path


def _legacy_text(data: bytes) -> bool:
    """Whether ``data`` is not UTF-8 but text in a legacy code page. UTF-8 with
    a few broken lines is not: streamed, only those lines are refused."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            decode_text(data)
        except DecodeError:
            return False
        return True
    return False


def _origin(path: Path) -> str:
    """The resolved path, as newsread.ingest.sources names a file it reads: the
    article ids come from it, so a re-import finds the same articles."""
    try:
        return str(path.resolve(strict=True))
    except (OSError, RuntimeError):
        return str(path.absolute())


def _streamed_units(path: Path, stamp: str) -> Iterator[_Unit]:
    origin = _origin(path)
    articles: list[Article] = []
    problems: list[Rejection] = []
    notes: list[tuple[str, str]] = []
    reported = found = noted = 0
    more = 0  # problems past MAX_PROBLEMS, said in one line as a whole file's are
    more_noted = 0  # notes past MAX_PROBLEMS, likewise
    ready: _Unit | None = None  # a full batch, held until more articles follow
    try:
        for number, data in _numbered_lines(path):
            before = len(articles)
            whys, whats = _record(data, origin, stamp, articles)
            found += len(articles) - before
            for why in whys:
                if reported < MAX_PROBLEMS:
                    problems.append(Rejection(f"{origin}:{number}", why, RECORD))
                    reported += 1
                else:
                    more += 1
            for what in whats:
                if noted < MAX_PROBLEMS:
                    notes.append((f"{origin}:{number}", what))
                    noted += 1
                else:
                    more_noted += 1
            if ready is not None and articles:
                yield ready  # more articles follow it: not the file's last batch
                ready = None
            if len(articles) >= STREAM_BATCH:
                ready = (origin, articles, problems, RECORDS, notes)
                articles, problems, notes = [], [], []
    except OSError as exc:
        problems.append(Rejection(origin, f"cannot read ({exc.strerror or exc})"))
    if more:
        why = f"and {more} more records that could not be imported"
        problems.append(Rejection(origin, why, RECORD, more))
    if more_noted:
        notes.append((origin, more_notes(more_noted)))
    if not found and not reported and not more:
        problems.append(Rejection(origin, "no article text found"))
    if ready is not None:
        # The last batch takes what came after it: it is then the one whose
        # transaction also stages the same-story groups (see import_paths).
        articles, problems = ready[1] + articles, ready[2] + problems
        notes = ready[4] + notes
    yield origin, articles, problems, RECORDS, notes


def _record(
    data: bytes | None, origin: str, stamp: str, articles: list[Article]
) -> tuple[list[str], list[str]]:
    """Add one line's article to ``articles``; return why it could not be used,
    and what it was kept without (a date that is not one)."""
    if data is None:
        return [f"longer than {_LINE_LIMIT} bytes"], []
    try:
        line = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"not valid UTF-8 (byte {exc.start})"], []
    if not line.strip():
        return [], []
    extraction = extract_text(line, JSONL)
    for parsed in extraction.articles:
        articles.append(article_from(parsed, origin, parsed.url or origin, stamp))
    return [why for _, why in extraction.problems], [what for _, what in extraction.notes]


def _numbered_lines(path: Path) -> Iterator[tuple[int, bytes | None]]:
    """The file's lines (split at \\n, as JSON Lines are; a byte-order mark
    dropped) with their numbers, read a piece at a time; None for a line longer
    than _LINE_LIMIT."""
    number = 0
    rest = b""
    skipping = False
    with open(path, "rb") as handle:
        while True:
            piece = handle.read(_READ_BYTES)
            if not piece:
                break
            if number == 0 and not rest and piece.startswith(b"\xef\xbb\xbf"):
                piece = piece[3:]
            if skipping:
                cut = piece.find(b"\n")
                if cut < 0:
                    continue
                piece, skipping = piece[cut + 1 :], False
                number += 1
                yield number, None
            lines = (rest + piece).split(b"\n")
            rest = lines.pop()
            for data in lines:
                number += 1
                yield number, data
            if len(rest) > _LINE_LIMIT:
                # One record larger than any article: skipped to its end, so a
                # file without newlines cannot fill the memory.
                rest, skipping = b"", True
    if skipping:
        yield number + 1, None
    elif rest:
        yield number + 1, rest
