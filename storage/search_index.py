"""The full-text search index, ``search.sqlite``: a derived cache of the library.

SQLite FTS5 (Python's own ``sqlite3``) over each article's title, body,
annotation notes and quotes, tag names, entity texts and claim speakers, with
bm25 ranking. The JSON files stay the truth: the index can be deleted at any
moment and is rebuilt from them (``newsread index --rebuild``).

Staying current. Every library commit re-indexes the articles it changed, in
the same hold of the library lock (storage.search_follow). What such a
follower cannot see (a commit by an older newsread, a hand edit, a follower
that found the index busy) is caught up here: each indexed article keeps
three fingerprints, of its index entry (body hash, title, source, feed,
dates), its annotations file and its cached analysis file (inode, mtime,
size: every library write replaces a file by rename, so a change always moves
the stamp). The index also keeps the stamps of ``library.json`` and of the
``annotations`` and ``analysis`` folders as of its last update. A search
compares those three stamps (three ``stat`` calls): unchanged, the index is
current; changed, only the articles whose fingerprints differ are re-indexed.
Stamps stored by other code (an older newsread, whose rows for an article
of several feeds hold its first feed only) count as changed until a sync has
compared every row's fingerprint once (search_rows.stamped_elsewhere).
Every stamp is taken *before* the file it describes is read, so a write
racing an update leaves a fingerprint that no longer matches. A folder's mtime
can fail to move for two renames within one clock tick, so a folder stamp
younger than two seconds is stored as unknown, unless it was taken under the
library lock (a sync that found the lock free, a full build, a follower):
then no commit can land unseen.

Safety. Every change is one SQLite transaction (WAL journal): killed at any
point, the index is the one before or the one after. The format marker is
written by the same transaction as a full build, so an index whose build was
killed has none and is rebuilt; an incremental update writes its stamps with
its rows, so one killed halfway leaves the old stamps and is redone. A file
SQLite calls damaged (not a database, malformed) is deleted under the library
lock and rebuilt, with a message; a busy index (another process rebuilding)
is searched as it is, with a message, never waited on for long. Full rebuilds
hold the library lock, so that what they read is one state of the library.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from newsread.annotations.tagnames import tag_key
from newsread.search.matching import (
    Snippet,
    ends_open,
    find_matches,
    fold_tokens,
    make_snippet,
)
from newsread.search.query import Query, parse_query
from storage.errors import LibraryError, NotFoundError
from storage.faults import boundary
from storage.library import Library
from storage.search_rows import (
    BUILD_CACHE_KB,
    COLUMNS,
    FILE,
    FORMAT,
    SCHEMA,
    SEARCH_CACHE_KB,
    Busy,
    Damaged,
    Doc,
    Folders,
    IndexConnection,
    delete_doc,
    file_stamps,
    format_of,
    index_doc,
    insert_batch,
    is_damage,
    library_stamps,
    meta_fingerprint,
    read_doc,
    stamped_elsewhere,
    store_stamps,
    stored_stamps,
    write_transaction,
)

__all__ = ["FILE", "FORMAT", "Hit", "Match", "SearchIndex", "SyncReport"]

#: bm25 weight per column, in COLUMNS order: a word in the title or a tag name
#: says more about the article than the same word deep in its body.
WEIGHTS = (5.0, 1.0, 2.0, 2.0, 3.0, 2.0, 2.0, 3.0)
#: Fields whose match offsets are reported (offsets into the article's own
#: title and body text, as the reader shows them).
MATCH_FIELDS = ("title", "body")
#: Where a snippet is taken from, first field with a match wins.
SNIPPET_FIELDS = ("body", "notes", "quotes", "speakers", "entities", "tags", "title", "source")
#: A query is ranked over its newest (last indexed) matches, at most this many
#: divided by its number of words, phrases and filters: bm25 costs ~2 us per
#: match and phrase, a filter a scan past the matches it turns away, and a word
#: in nearly every one of 100,000 articles would otherwise take ~200 ms to rank
#: (p95 over bench_search's queries at 100,000: ~120 ms at 20,000, ~75 ms at
#: 6,000). A query with fewer matches is ranked whole, and one asking for more
#: hits than its window is ranked over as many as it asks for.
RANK_WINDOW = 6_000

#: How hits of one rank are ordered (every filter-only hit is of one rank):
#: newest first, then by title (the library's title key, newsread.sorting:
#: case ignored), then by id, so that the app's list and ``newsread search``
#: give tied hits in one order, the same at every run.
_TIES = "d.day DESC, title_key(d.title), d.title, d.article_id"

#: A query's FTS5 expression (None: filters only), the tests of its WHERE
#: clause over ``docs d`` and their parameters (SearchIndex._conditions)
Conditions = tuple[str | None, list[str], list[Any]]

#: Articles written per statement in a full build: 100 texts in hand cost
#: ~1 MB less at the peak than 500 did, at the same speed.
BUILD_BATCH = 100

# -- results ------------------------------------------------------------------------


@dataclass
class Match:
    field: str
    start: int
    end: int


@dataclass
class Hit:
    article_id: str
    title: str
    #: bm25, higher is better (0 when the query has filters only)
    score: float
    #: None: not worked out (a hit past the ``detailed`` first; see
    #: SearchIndex.detail)
    snippet: Snippet | None
    #: where the words and phrases match in the article's title and body
    matches: list[Match]
    day: str = ""

    def to_json(self) -> dict[str, Any]:
        snippet = self.snippet or Snippet("body", "", [])
        return {
            "article_id": self.article_id,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": snippet.text,
            "snippet_field": snippet.field,
            "snippet_highlights": [list(h) for h in snippet.highlights],
            "matches": [{"start": m.start, "end": m.end, "field": m.field} for m in self.matches],
        }


@dataclass
class SyncReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    rebuilt: bool = False
    #: another process held the index: it was searched as it was
    busy: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.removed


# -- the index ------------------------------------------------------------------------


class SearchIndex:
    """The search index of one library. Safe to share between threads (one
    connection, used under a lock); several processes may use the same file.

    ``wait``: seconds to wait for another process's write before searching the
    index as it is. ``on_notice`` receives one line per event worth telling
    the user (a damaged index rebuilt, a busy index searched as it was).
    """

    def __init__(
        self,
        library: Library,
        wait: float = 2.0,
        on_notice: Callable[[str], None] | None = None,
        reader: str | None = None,
    ) -> None:
        self.library = library
        #: whose read marks ``is:read`` and ``is:unread`` follow (storage.reading)
        self.reader = reader
        self.path = library.root / FILE
        self.on_notice = on_notice
        self._file = IndexConnection(self.path, wait)
        self._mutex = threading.RLock()

    # -- connection --------------------------------------------------------------

    def close(self) -> None:
        with self._mutex:
            self._file.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _notice(self, report: SyncReport, message: str) -> None:
        report.notices.append(message)
        if self.on_notice is not None:
            self.on_notice(message)

    def _connection(self) -> sqlite3.Connection:
        return self._file.get()

    def _guarded(self, report: SyncReport, work: Callable[[], Any]) -> Any:
        """Run ``work``; a damaged index is replaced by a fresh build, with a
        message, and ``work`` runs once more."""
        try:
            return work()
        except (Damaged, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.DatabaseError) and not is_damage(exc):
                raise
            self._notice(report, f"{self.path}: search index damaged ({exc}); rebuilding it")
            self._discard()
            self._rebuild(report)
            return work()

    def _discard(self) -> None:
        """Delete the damaged index file and its journals, under the library
        lock so that two processes never delete each other's fresh build."""
        with self._mutex, self.library.lock.hold():
            damaged_inode = self._file.inode
            self.close()
            try:
                current = self.path.stat().st_ino
            except FileNotFoundError:
                current = 0
            if current and damaged_inode and current != damaged_inode:
                return  # another process already replaced it
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{self.path}{suffix}")

    # -- keeping it current ------------------------------------------------------

    def _stamps(self, exact: bool = False) -> dict[str, Any]:
        return library_stamps(self.library.root, exact)

    @staticmethod
    def _current(stored: dict[str, Any], now: dict[str, Any]) -> bool:
        return all(stored.get(k) is not None and stored.get(k) == now[k] for k in now)

    def sync(self) -> SyncReport:
        """Bring the index up to date with the library: build it when missing,
        of another format or damaged; otherwise re-index only what changed."""
        report = SyncReport()
        with self._mutex:
            self._guarded(report, lambda: self._sync(report))
        return report

    def _sync(self, report: SyncReport) -> None:
        conn = self._connection()
        if format_of(conn) != FORMAT:
            self._rebuild(report)
            return
        if self._current(stored_stamps(conn), self._stamps(exact=True)) and not (
            stamped_elsewhere(conn)
        ):
            return
        try:
            # Under the library lock when it is free: no commit can then land
            # while the files are read, so the stamps stored are exact and the
            # next commit's follower can keep them so. Not waiting for it: a
            # search must not stall behind an import (whose commit indexes it).
            with self.library.lock.try_hold() as held, write_transaction(conn):
                self._update(conn, report, exact=held)
        except Busy:
            report.busy = True
            self._notice(
                report,
                "the search index is being updated by another process; "
                "results may miss the newest changes",
            )

    def _update(
        self,
        conn: sqlite3.Connection,
        report: SyncReport,
        force: Iterable[str] = (),
        exact: bool = False,
    ) -> None:
        """Re-index what changed since the stored stamps (inside a write
        transaction). ``force``: article ids to re-index whatever their stamps.
        Reads only the fingerprints it compares: after a tag, those of the
        annotated articles, not 100,000 rows."""
        stored = stored_stamps(conn)
        now = self._stamps(exact)  # before anything is read
        todo: set[str] = set(force)
        gone: dict[str, int] = {}
        entries: dict[str, dict[str, Any]] | None = None
        if stored.get("library") != now["library"] or stamped_elsewhere(conn):
            entries = {e["id"]: e for e in self.library.index_entries()}
            for docid, aid, meta_fp in conn.execute("SELECT id, article_id, meta_fp FROM docs"):
                entry = entries.get(aid)
                if entry is None:
                    gone[aid] = docid
                elif meta_fp != meta_fingerprint(entry):
                    todo.add(aid)
            indexed = conn.execute("SELECT count(*) FROM docs").fetchone()[0] - len(gone)
            if indexed < len(entries):
                known = {aid for (aid,) in conn.execute("SELECT article_id FROM docs")}
                todo.update(entries.keys() - known)
        for column, name in (("ann_fp", "annotations"), ("ana_fp", "analysis")):
            if stored.get(name) is None or stored.get(name) != now[name]:
                held = dict(
                    conn.execute(f"SELECT article_id, {column} FROM docs WHERE {column} != '-'")
                )
                # Annotations files are backed up when replaced (storage.txn),
                # which keeps their old inodes taken: their inodes can be trusted.
                # Analysis files are not: each is stat'ed.
                files = self._folder_stamps(name, held if name == "annotations" else None)
                for aid, fp in held.items():
                    if files.pop(aid, "-") != fp.removeprefix("bad:"):
                        todo.add(aid)
                # Files of articles indexed without one (or not indexed yet).
                todo.update(aid for aid in files if aid not in gone)
        for docid in gone.values():
            delete_doc(conn, docid)
            report.removed += 1
            boundary("search-index: remove")
        folders = Folders(self.library.root)
        for aid in sorted(todo - gone.keys()):
            if entries is not None:
                entry = entries.get(aid)
            else:
                try:
                    entry = self.library.get_meta(aid)
                except NotFoundError:
                    entry = None
            # None: removed, and the index entry was not compared
            done = index_doc(conn, folders, aid, entry)
            if done:
                setattr(report, done, getattr(report, done) + 1)
            boundary("search-index: article")
        store_stamps(conn, now)
        boundary("search-index: before commit")

    def _folder_stamps(self, name: str, known: dict[str, str] | None = None) -> dict[str, str]:
        """Article id -> file stamp of every ``<id>.json`` in a library folder.

        With ``known`` (the stamps the index holds), a file whose inode is the
        known one keeps its known stamp without a ``stat``: the inode comes
        free with the folder listing, and every write replaces the file by
        rename, so a changed file has a new inode. Only for files whose old
        versions storage.txn keeps as backups (five): their old inodes stay
        taken, so a newer version cannot be handed one the index still holds
        unless the index missed six versions of that one file. After a tag at 10,000 annotated
        articles this is ~3 ms instead of ~50 ms of stat calls.
        """
        out: dict[str, str] = {}
        known = known or {}
        try:
            with os.scandir(self.library.root / name) as entries:
                for entry in entries:
                    if not entry.name.endswith(".json") or entry.name.startswith("."):
                        continue
                    aid = entry.name[:-5]
                    stamp = known.get(aid, "-").removeprefix("bad:")
                    if stamp != "-" and stamp.partition(".")[0] == str(entry.inode()):
                        out[aid] = stamp
                        continue
                    try:
                        st = entry.stat()
                    except FileNotFoundError:
                        continue
                    out[aid] = f"{st.st_ino}.{st.st_mtime_ns}.{st.st_size}"
        except (FileNotFoundError, NotADirectoryError):
            pass
        return out

    def update_articles(self, article_ids: Iterable[str]) -> SyncReport:
        """Re-index these articles now (and anything else that changed): for a
        caller that has just written them and wants the index current at once."""
        report = SyncReport()
        ids = list(article_ids)

        def work() -> None:
            conn = self._connection()
            if format_of(conn) != FORMAT:
                self._rebuild(report)
                return
            with self.library.lock.try_hold() as held, write_transaction(conn):
                self._update(conn, report, force=ids, exact=held)

        with self._mutex:
            try:
                self._guarded(report, work)
            except Busy:
                report.busy = True
        return report

    # -- full builds --------------------------------------------------------------------

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> SyncReport:
        """Drop the index and build it again from the library's files."""
        report = SyncReport()
        with self._mutex:
            self._guarded(report, lambda: self._rebuild(report, progress))
        return report

    def _rebuild(
        self, report: SyncReport, progress: Callable[[int, int], None] | None = None
    ) -> None:
        with contextlib.ExitStack() as small_cache:
            # The library lock: what is read is one state of the library, and no
            # other process deletes this file meanwhile (see _discard).
            with self.library.lock.hold():
                conn = self._connection()
                conn.execute(f"PRAGMA cache_size=-{BUILD_CACHE_KB}")
                small_cache.callback(_set_cache, conn, SEARCH_CACHE_KB)
                try:
                    with write_transaction(conn):
                        self._build(conn, report, progress)
                except Busy as exc:
                    raise LibraryError(
                        f"{self.path}: another process is writing the search index; try again"
                    ) from exc
            report.rebuilt = True
            boundary("search-index: committed")
            with contextlib.suppress(sqlite3.Error):
                # Merge FTS5's segments: fewer b-trees to read per query. Its own
                # transaction: killed here, the built index stands as it is. Still
                # with the build's page cache: the merge reads every segment once,
                # and a search's 64 MB cache grew the process by 45 MB for it.
                conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")

    def _build(
        self,
        conn: sqlite3.Connection,
        report: SyncReport,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'fts_%'"
        ).fetchall():
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        for statement in SCHEMA.split(";\n"):
            if statement.strip():
                conn.execute(statement)
        now = self._stamps(exact=True)  # under the library lock, before anything is read
        # One entry at a time: the build runs in a process of its own next to
        # the app, and the whole table is ~150 MB of objects at 100,000 articles.
        total, entries = self.library.streamed_entries()
        folders = Folders(self.library.root)
        # Each file stamped as it is read, not both folders scanned first: two
        # dicts of 100,000 stamps were ~20 MB of the build's peak, and the
        # library lock held keeps the stamps as true either way. Only a
        # missing folder is known in advance (100,000 failed stats otherwise).
        look = (os.path.isdir(folders.annotations), os.path.isdir(folders.analysis))
        batch: list[Doc] = []
        for n, entry in enumerate(entries, 1):
            aid = entry["id"]
            batch.append(read_doc(folders, aid, entry, file_stamps(folders, aid, look)))
            if len(batch) >= BUILD_BATCH or n == total:
                insert_batch(conn, n - len(batch) + 1, batch)
                report.added += len(batch)
                batch = []
                if progress is not None:
                    progress(n, total)
            boundary("search-index: article")
        conn.execute("INSERT INTO meta(key, value) VALUES ('format', ?)", (FORMAT,))
        store_stamps(conn, now)
        boundary("search-index: before commit")

    # -- searching -----------------------------------------------------------------------

    def search(
        self,
        query: str | Query,
        limit: int = 20,
        sync: bool = True,
        detailed: int | None = None,
    ) -> list[Hit]:
        """The best ``limit`` articles for ``query`` (bm25 order; newest first
        for a query of filters only; ties newest first, then by title and id).
        QueryError for a query that means nothing. ``detailed``: only the
        first this many hits get their snippet and matches (each reads the
        article's texts: ~50 us a hit, most of a long list's cost); the others
        are worked out by ``detail`` when wanted."""
        return self.search_counted(query, limit, sync, detailed, count=False)[0]

    def search_counted(
        self,
        query: str | Query,
        limit: int = 20,
        sync: bool = True,
        detailed: int | None = None,
        count: bool = True,
    ) -> tuple[list[Hit], int]:
        """``search``'s hits and how many articles match in all (``count``: a
        full list of hits is counted past its limit; else the hits' number),
        in one look at the index: the query's conditions are worked out once
        (a feed: among them reads the feed lists, is:read the read marks)."""
        parsed = parse_query(query) if isinstance(query, str) else query
        report = SyncReport()

        def work() -> tuple[list[Hit], int]:
            conn = self._connection()
            if format_of(conn) != FORMAT:
                return [], 0  # being built by another process: nothing to search yet
            conditions = self._conditions(parsed)
            hits = self._search(conn, parsed, limit, conditions, detailed)
            # A full list may be the first part of more.
            if count and len(hits) >= limit:
                return hits, self._count(conn, conditions)
            return hits, len(hits)

        with self._mutex:
            if sync:
                self._guarded(report, lambda: self._sync(report))
            return self._guarded(report, work)

    def count(self, query: str | Query, sync: bool = True) -> int:
        """How many articles match ``query`` in all: no rank window, no limit
        (what a list of the first hits is a part of)."""
        parsed = parse_query(query) if isinstance(query, str) else query
        report = SyncReport()

        def work() -> int:
            conn = self._connection()
            if format_of(conn) != FORMAT:
                return 0
            return self._count(conn, self._conditions(parsed))

        with self._mutex:
            if sync:
                self._guarded(report, lambda: self._sync(report))
            return self._guarded(report, work)

    @staticmethod
    def _count(conn: sqlite3.Connection, conditions: Conditions) -> int:
        expression, where, params = conditions
        condition = " WHERE " + " AND ".join(where) if where else ""
        if expression is None:
            sql = f"SELECT count(*) FROM docs d{condition}"
        else:
            sql = "SELECT count(*) FROM fts CROSS JOIN docs d ON d.id = fts.rowid" + condition
        return int(conn.execute(sql, params).fetchone()[0])

    def detail(self, query: str | Query, hit: Hit) -> Hit:
        """``hit`` with its snippet and matches for ``query`` worked out (a hit
        past the ``detailed`` first of a search)."""
        parsed = parse_query(query) if isinstance(query, str) else query
        report = SyncReport()

        def work() -> Hit:
            conn = self._connection()
            row = conn.execute(
                "SELECT id FROM docs WHERE article_id = ?", (hit.article_id,)
            ).fetchone()
            snippet, matches = self._detail(conn, parsed, row[0] if row else None)
            return Hit(hit.article_id, hit.title, hit.score, snippet, matches, hit.day)

        with self._mutex:
            return self._guarded(report, work)

    def _detail(
        self, conn: sqlite3.Connection, query: Query, docid: int | None
    ) -> tuple[Snippet, list[Match]]:
        texts = None
        if docid is not None:
            texts = conn.execute(
                f"SELECT {', '.join(COLUMNS)} FROM texts WHERE id = ?", (docid,)
            ).fetchone()
        fields = dict(zip(COLUMNS, texts or ("",) * len(COLUMNS), strict=True))
        found = {
            name: find_matches(text, query.terms) if query.terms else []
            for name, text in fields.items()
        }
        where = next((f for f in SNIPPET_FIELDS if found[f]), "body")
        snippet = make_snippet(where, fields[where], found[where])
        return snippet, [Match(f, s, e) for f in MATCH_FIELDS for s, e in found[f]]

    def _search(
        self,
        conn: sqlite3.Connection,
        query: Query,
        limit: int,
        conditions: Conditions,
        detailed: int | None = None,
    ) -> list[Hit]:
        sql, params = self._sql(query, limit, conditions)
        rows = conn.execute(sql, params).fetchall()
        hits = []
        for n, (docid, article_id, title, rank, day) in enumerate(rows):
            score = -float(rank) if rank is not None else 0.0
            if detailed is not None and n >= detailed:
                hits.append(Hit(article_id, title, score, None, [], day))
                continue
            snippet, matches = self._detail(conn, query, docid)
            hits.append(Hit(article_id, title, score, snippet, matches, day))
        return hits

    def _conditions(self, query: Query) -> Conditions:
        """The query's FTS5 expression (None: filters only), the tests of its
        WHERE clause over ``docs d`` (and ``fts``), and their parameters."""
        where: list[str] = []
        params: list[Any] = []
        expression = query.fts_expression()
        if expression is not None:
            where.append("fts MATCH ?")
            params.append(expression)
        excluded = query.fts_excluded()
        if excluded is not None:
            # FTS5's NOT needs something to subtract from; a set of the matches
            # to leave out works with or without words to find.
            where.append("d.id NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            params.append(excluded)

        def facet(kind: str, test: str, *values: Any) -> None:
            # Correlated, for the tests FTS5 has narrowed (entity:, speaker:).
            where.append(
                f"EXISTS (SELECT 1 FROM facets f WHERE f.doc = d.id AND f.kind = '{kind}'"
                f" AND {test})"
            )
            params.extend(values)

        # Exact facets as a set built once (an index look-up), then a membership
        # test per candidate: ~10x cheaper than a correlated query per row.
        for tag in query.tags:
            where.append("d.id IN (SELECT doc FROM facets WHERE kind = 'tag' AND value = ?)")
            params.append(tag)
        labels = list(query.labels)
        for label in labels:
            where.append("d.id IN (SELECT doc FROM facets WHERE kind = 'entity' AND label = ?)")
            params.append(label)
        label_test = ""
        if labels:
            label_test = f" AND f.label IN ({', '.join('?' * len(labels))})"
        for tokens in query.entities:
            facet("entity", "(' ' || f.value || ' ') LIKE ?" + label_test, _like(tokens), *labels)
        for tokens in query.speakers:
            facet("speaker", "(' ' || f.value || ' ') LIKE ?", _like(tokens))
        for text in query.sources:
            where.append("instr(d.source_key, ?) > 0")
            params.append(" ".join(fold_tokens(text, open_end=True)))
        for name in query.feeds:
            urls = self._feed_urls(name)
            # d.feed holds every feed of the article, a line between them.
            test = "instr(d.feed, ?) > 0"
            one = "instr(char(10) || d.feed || char(10), ?) > 0"
            where.append("(" + " OR ".join([one] * len(urls) + [test]) + ")")
            params.extend([*(f"\n{url}\n" for url in urls), name])
        if query.after is not None:
            where.append("d.day >= ?")
            params.append(query.after)
        if query.before is not None:
            where.append("d.day < ?")
            params.append(query.before)
        if "annotated" in query.flags:
            where.append("d.annotations > 0")
        if "unannotated" in query.flags:
            where.append("d.annotations = 0")
        if "orphan" in query.flags:
            where.append("d.orphans > 0")
        if query.flags & {"read", "unread"}:
            from storage.reading import ReadState

            state = ReadState(self.library, self.reader)
            try:
                read = sorted(state.read_ids())
            finally:
                state.close()
            negate = "NOT " if "unread" in query.flags else ""
            where.append(f"d.article_id {negate}IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(read))
        return expression, where, params

    def _sql(self, query: Query, limit: int, conditions: Conditions) -> tuple[str, list[Any]]:
        expression, where, given = conditions
        params = [*given]  # the conditions' own list is the count's too
        condition = " WHERE " + " AND ".join(where) if where else ""
        if expression is None:
            sql = (
                f"SELECT d.id, d.article_id, d.title, NULL, d.day FROM docs d{condition}"
                f" ORDER BY {_TIES} LIMIT ?"
            )
        else:
            # FTS5 streams matches by rowid (newest first here) and the filters
            # are checked per match on the docs row (CROSS JOIN keeps FTS5 the
            # outer loop); bm25 is computed only for the matches that pass, at
            # most RANK_WINDOW of them, and the best are sorted out last.
            weights = ", ".join(map(str, WEIGHTS))
            # Each phrase costs bm25 time per match, each filter a scan past
            # the matches it turns away.
            parts = len(query.terms) + len(query.entities) + len(query.speakers) + len(where) - 1
            # As many as asked for, at least: a list of N hits from a query
            # matching more than N is then the best N of at least N.
            window = max(1000, RANK_WINDOW // max(1, parts), limit)
            sql = (
                "SELECT c.id, d.article_id, d.title, c.score, d.day FROM ("
                f"SELECT fts.rowid AS id, bm25(fts, {weights}) AS score"
                f" FROM fts CROSS JOIN docs d ON d.id = fts.rowid{condition}"
                f" ORDER BY fts.rowid DESC LIMIT {window}"
                f") c JOIN docs d ON d.id = c.id ORDER BY c.score, {_TIES} LIMIT ?"
            )
        params.append(max(0, int(limit)))
        return sql, params

    def _feed_urls(self, given: str) -> list[str]:
        from storage.feeds import list_feeds, removed_feed_names

        # Part of the name, as source: takes part of a source: a feed's name is
        # long ("Riverside Ledger (demo feed)") and typed from memory.
        folded = given.casefold()
        names = {f.url: f.name for f in list_feeds(self.library)}
        # An unsubscribed feed's articles stay, shown under the name it had (the
        # f key, the Feed column): that name finds them too, unless the feed
        # was subscribed again, under a name of its own.
        for url, name in removed_feed_names(self.library).items():
            names.setdefault(url, name)
        return [url for url, name in names.items() if folded in name.casefold() or folded == url]

    def unknown_names(self, query: str | Query, sync: bool = True) -> list[str]:
        """One line for each ``feed:``, ``label:`` and ``tag:`` filter of ``query`` that
        names nothing in the library (why a search found nothing, beyond "no
        article matches"), with the names it could have used when few."""
        parsed = parse_query(query) if isinstance(query, str) else query
        said: list[str] = []
        if sync and (parsed.feeds or parsed.labels):
            self.sync()
        if parsed.feeds:
            from storage.feeds import list_feeds

            names = sorted({f.name for f in list_feeds(self.library)}, key=str.casefold)
            with self._mutex:
                conn = self._connection()
                for name in parsed.feeds:
                    if self._feed_urls(name):
                        continue
                    if (
                        format_of(conn) == FORMAT
                        and conn.execute(
                            "SELECT 1 FROM docs WHERE instr(feed, ?) > 0 LIMIT 1", (name,)
                        ).fetchone()
                    ):
                        continue  # part of an article's feed URL
                    said.append(f'no feed is called "{name}"{_choices("feeds", names)}')
        if parsed.labels:
            with self._mutex:
                conn = self._connection()
                known: list[str] = []
                if format_of(conn) == FORMAT:
                    known = [
                        label
                        for (label,) in conn.execute(
                            "SELECT DISTINCT label FROM facets"
                            " WHERE kind = 'entity' AND label != '' ORDER BY label"
                        )
                    ]
            for label in parsed.labels:
                if label not in known:
                    said.append(
                        f"{label} is not a label of any entity in the library"
                        + _choices("labels", known)
                    )
        if parsed.tags:
            # The tag table names every tag an annotation can carry (tag: is
            # matched by the tag rule's key, as the query gives it).
            tags = sorted({t.name for t in self.library.tags()}, key=str.casefold)
            folded = {tag_key(name) for name in tags}
            for tag in parsed.tags:
                if tag not in folded:
                    said.append(f'no tag is called "{tag}"{_choices("tags", tags)}')
        return said

    def needs_build(self) -> bool:
        """Whether the next search builds the index whole (missing, of another
        format, damaged): a caller may say so first, it takes a while."""
        with self._mutex:
            if not self.path.exists():
                return True
            try:
                return format_of(self._connection()) != FORMAT
            except (Damaged, sqlite3.DatabaseError):
                return True

    def stats(self) -> dict[str, int]:
        """How many articles the index holds (as it is, without syncing)."""
        with self._mutex:
            conn = self._connection()
            if format_of(conn) != FORMAT:
                return {"articles": 0}
            (count,) = conn.execute("SELECT count(*) FROM docs").fetchone()
            return {"articles": int(count)}


#: Names listed after "no feed is called ..." when there are at most this many.
FEW_NAMES = 12


def _choices(kind: str, names: list[str]) -> str:
    if not names:
        return f" (the library has no {kind})"
    if len(names) > FEW_NAMES:
        return f" ({len(names)} {kind}, such as {', '.join(names[:FEW_NAMES])})"
    return f" ({kind}: {', '.join(names)})"


def _like(tokens: tuple[str, ...]) -> str:
    # Tokens are letters and digits only: no LIKE wildcard can be among them.
    # A lone CJK character at the end matches as a prefix (newsread.search.cjk).
    return "% " + " ".join(tokens) + ("%" if ends_open(tokens) else " %")


def _set_cache(conn: sqlite3.Connection, kb: int) -> None:
    with contextlib.suppress(sqlite3.Error):
        conn.execute(f"PRAGMA cache_size=-{kb}")
