"""The full-text search index, ``search.sqlite``: a derived cache of the library.

SQLite FTS5 (Python's own ``sqlite3``) over each article's title, body,
annotation notes and quotes, tag names, entity texts and claim speakers, with
bm25 ranking. The JSON files stay the truth: the index can be deleted at any
moment and is rebuilt from them (``newsread index --rebuild``).

Staying current without hooking every write path. Each indexed article keeps
three fingerprints: its index entry (body hash, title, source, feed, dates),
its annotations file and its cached analysis file (inode, mtime, size: every
library write replaces a file by rename, so a change always moves the stamp).
The index also keeps the stamps of ``library.json`` and of the ``annotations``
and ``analysis`` folders as of its last update. Opening it compares those three
stamps (three ``stat`` calls): unchanged, the index is current; changed, only
the articles whose fingerprints differ are re-indexed (an import, a refresh, a
tag, a note, a removal, a new analysis, by this process or any other). Every
stamp is taken *before* the file it describes is read, so a write racing an
update leaves a fingerprint that no longer matches, and the next open catches
it. A folder's mtime can fail to move for two renames within one clock tick,
so a folder stamp younger than two seconds is not trusted (stored as unknown:
the folder is scanned again next time).

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
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsread.search.matching import Snippet, find_matches, fold_tokens, make_snippet
from newsread.search.query import Query, parse_query
from storage.atomic import read_json
from storage.errors import CorruptFileError, LibraryError, NotFoundError
from storage.faults import boundary
from storage.library import Library
from storage.txn import Transaction

FILE = "search.sqlite"
#: Bump whenever the schema or what is indexed changes: an index of another
#: format is rebuilt when opened.
FORMAT = "1"
COLUMNS = ("title", "body", "notes", "quotes", "tags", "entities", "speakers")
#: bm25 weight per column, in COLUMNS order: a word in the title or a tag name
#: says more about the article than the same word deep in its body.
WEIGHTS = (5.0, 1.0, 2.0, 2.0, 3.0, 2.0, 2.0)
#: Fields whose match offsets are reported (offsets into the article's own
#: title and body text, as the reader shows them).
MATCH_FIELDS = ("title", "body")
#: Where a snippet is taken from, first field with a match wins.
SNIPPET_FIELDS = ("body", "notes", "quotes", "speakers", "entities", "tags", "title")
#: A query is ranked over its newest (last indexed) matches, at most this many
#: divided by its number of words, phrases and filters: bm25 costs ~2 us per
#: match and phrase, a filter a scan past the matches it turns away, and a word
#: in nearly every one of 100,000 articles would otherwise take ~200 ms to rank
#: (p95 over bench_search's queries at 100,000: ~120 ms at 20,000, ~75 ms at
#: 6,000). A query with fewer matches is ranked whole.
RANK_WINDOW = 6_000
#: A folder stamp younger than this may not show a rename in the same clock tick.
_RACY_NS = 2_000_000_000
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    meta_fp TEXT NOT NULL,
    ann_fp TEXT NOT NULL,
    ana_fp TEXT NOT NULL,
    title TEXT NOT NULL,
    source_key TEXT NOT NULL,
    feed TEXT NOT NULL,
    day TEXT NOT NULL,
    annotations INTEGER NOT NULL,
    orphans INTEGER NOT NULL
);
CREATE INDEX docs_day ON docs(day);
CREATE TABLE facets(
    doc INTEGER NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT ''
);
CREATE INDEX facets_doc ON facets(doc, kind);
CREATE INDEX facets_kind ON facets(kind, value);
CREATE INDEX facets_label ON facets(kind, label);
CREATE VIRTUAL TABLE fts USING fts5(
    {", ".join(COLUMNS)}, tokenize = 'unicode61 remove_diacritics 2'
);
"""


# -- what is indexed for one article -------------------------------------------


@dataclass
class _Doc:
    article_id: str
    meta_fp: str
    ann_fp: str
    ana_fp: str
    title: str
    source_key: str
    feed: str
    day: str
    annotations: int
    orphans: int
    texts: dict[str, str]
    #: (kind, folded value, label)
    facets: list[tuple[str, str, str]]


def meta_fingerprint(entry: dict[str, Any]) -> str:
    """What of an index entry the search index holds, hashed: a change to any
    of it re-indexes the article."""
    parts = [
        str(entry.get(name) or "")
        for name in ("content_hash", "title", "source", "feed", "published", "imported")
    ]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=10).hexdigest()


def _day(entry: dict[str, Any]) -> str:
    for name in ("published", "imported"):
        value = str(entry.get(name) or "")
        if len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
            return value[:10]
    return ""


#: Between the items of a list field (notes, quotes, tags, entities, speakers):
#: a private-use character, a token to FTS5 (unicode61 counts category Co as a
#: word) that no query can contain, so a phrase never runs from one note into
#: the next.
ITEM_BREAK = "\n\ue000\n"


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


class _Folders:
    """The library's per-article folders as plain strings: building 100,000
    Paths per pass costs more than reading the files."""

    def __init__(self, library: Library) -> None:
        root = str(library.root)
        # The layout of storage.library (bodies/<id>.txt, annotations/<id>.json,
        # analysis/<id>.json); the ids were checked against ID_RE by the index.
        self.bodies = os.path.join(root, "bodies")
        self.annotations = os.path.join(root, "annotations")
        self.analysis = os.path.join(root, "analysis")


def _stat_stamp(path: str) -> str:
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return "-"
    return f"{st.st_ino}.{st.st_mtime_ns}.{st.st_size}"


def _read_body(folders: _Folders, article_id: str) -> str:
    try:
        with open(os.path.join(folders.bodies, article_id + ".txt"), "rb") as f:
            return f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        # Missing or damaged: doctor reports it; the title and annotations
        # stay findable, and a re-import (a new body hash) indexes it again.
        return ""


def _read_doc(
    folders: _Folders,
    article_id: str,
    entry: dict[str, Any],
    stamps: tuple[str, str] | None = None,
) -> _Doc:
    """Everything indexed of one article, read from its files. Each file's stamp
    is taken before it is read (see the module docstring), or given by a folder
    scan made before; a damaged file is indexed as empty under its stamp, and
    indexed again once it changes."""
    shard = os.path.join(folders.annotations, article_id + ".json")
    analysis_path = os.path.join(folders.analysis, article_id + ".json")
    if stamps is None:
        ann_fp, ana_fp = _stat_stamp(shard), _stat_stamp(analysis_path)
    else:
        ann_fp, ana_fp = stamps
    body = _read_body(folders, article_id)
    notes: list[str] = []
    quotes: list[str] = []
    tags: list[str] = []
    count = orphans = 0
    if ann_fp != "-":
        try:
            tables = read_json(Path(shard)) or {}
            docs = tables.get("annotations", {}) if isinstance(tables, dict) else {}
            for doc in docs.values() if isinstance(docs, dict) else ():
                if not isinstance(doc, dict):
                    continue
                count += 1
                orphans += bool(doc.get("orphan"))
                notes.append(str(doc.get("note") or ""))
                quotes.append(str(doc.get("quote") or ""))
                doc_tags = doc.get("tags")
                if isinstance(doc_tags, list):
                    tags += [t for t in doc_tags if isinstance(t, str)]
        except CorruptFileError:
            ann_fp = "bad:" + ann_fp
    entities: list[tuple[str, str]] = []
    speakers: list[str] = []
    if ana_fp != "-":
        try:
            cached = read_json(Path(analysis_path))
            entities, speakers = _analysis_texts(cached, entry.get("content_hash", ""))
        except CorruptFileError:
            ana_fp = "bad:" + ana_fp
    facets: list[tuple[str, str, str]] = [("tag", t.casefold(), "") for t in _unique(tags)]
    seen: set[tuple[str, str]] = set()
    for text, label in entities:
        key = (" ".join(fold_tokens(text)), label)
        if key[0] and key not in seen:
            seen.add(key)
            facets.append(("entity", key[0], label))
    for name in _unique(speakers):
        folded = " ".join(fold_tokens(name))
        if folded:
            facets.append(("speaker", folded, ""))
    title = str(entry.get("title") or "")
    return _Doc(
        article_id=article_id,
        meta_fp=meta_fingerprint(entry),
        ann_fp=ann_fp,
        ana_fp=ana_fp,
        title=title,
        source_key=" ".join(fold_tokens(str(entry.get("source") or ""))),
        feed=str(entry.get("feed") or ""),
        day=_day(entry),
        annotations=count,
        orphans=orphans,
        texts={
            "title": title,
            "body": body,
            "notes": ITEM_BREAK.join(_unique(notes)),
            "quotes": ITEM_BREAK.join(_unique(quotes)),
            "tags": ITEM_BREAK.join(_unique(tags)),
            "entities": ITEM_BREAK.join(_unique(text for text, _ in entities)),
            "speakers": ITEM_BREAK.join(_unique(speakers)),
        },
        facets=facets,
    )


def _analysis_texts(cached: Any, content_hash: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(entity text, label) pairs and speaker names of a cached analysis, when
    it was made for the article's current body (an older one's entities may
    no longer be in the text)."""
    if not isinstance(cached, dict):
        return [], []
    key = cached.get("key")
    analysis = cached.get("analysis")
    if not isinstance(key, dict) or key.get("hash") != content_hash:
        return [], []
    if not isinstance(analysis, dict):
        return [], []
    entities = [
        (str(e.get("text") or ""), str(e.get("label") or ""))
        for e in analysis.get("entities") or ()
        if isinstance(e, dict)
    ]
    speakers: list[str] = []
    for claim in analysis.get("claims") or ():
        if not isinstance(claim, dict):
            continue
        for name in ("speaker", "speaker_resolved"):
            span = claim.get(name)
            if isinstance(span, dict) and span.get("text"):
                speakers.append(str(span["text"]))
    return entities, speakers


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
    snippet: Snippet
    #: where the words and phrases match in the article's title and body
    matches: list[Match]
    day: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet.text,
            "snippet_field": self.snippet.field,
            "snippet_highlights": [list(h) for h in self.snippet.highlights],
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


class _Damaged(Exception):
    """The index file is not a usable SQLite database."""


class _Busy(Exception):
    """Another process holds the index's write lock."""


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text


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
    ) -> None:
        self.library = library
        self.path = library.root / FILE
        self.wait = wait
        self.on_notice = on_notice
        self._conn: sqlite3.Connection | None = None
        self._inode = 0
        self._mutex = threading.RLock()

    # -- connection --------------------------------------------------------------

    def close(self) -> None:
        with self._mutex:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _notice(self, report: SyncReport, message: str) -> None:
        report.notices.append(message)
        if self.on_notice is not None:
            self.on_notice(message)

    def _connection(self) -> sqlite3.Connection:
        """The open connection, reopened when the file was replaced (another
        process rebuilt a damaged index): a connection to a deleted file would
        go on reading it, and could write into the new file's journal."""
        try:
            inode = self.path.stat().st_ino
        except FileNotFoundError:
            inode = 0
        if self._conn is not None and inode == self._inode:
            return self._conn
        self.close()
        try:
            conn = sqlite3.connect(
                self.path, timeout=self.wait, isolation_level=None, check_same_thread=False
            )
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"{self.path}: cannot open the search index ({exc})") from exc
        try:
            # WAL: readers see the last committed state while a writer works,
            # and a killed writer's uncommitted pages are ignored on recovery.
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL under WAL loses at most the last commits on a power cut,
            # never consistency; fine for a cache, and commits skip an fsync.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA cache_size=-65536")
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _is_damage(exc):
                raise _Damaged(str(exc)) from exc
            raise
        self._conn = conn
        self._inode = self.path.stat().st_ino
        return conn

    def _format(self, conn: sqlite3.Connection) -> str | None:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise
        return row[0] if row else None

    @contextlib.contextmanager
    def _write(self, conn: sqlite3.Connection) -> Iterator[None]:
        """One SQLite write transaction: all of it lands, or none."""
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise _Busy(str(exc)) from exc
            raise
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    def _guarded(self, report: SyncReport, work: Callable[[], Any]) -> Any:
        """Run ``work``; a damaged index is replaced by a fresh build, with a
        message, and ``work`` runs once more."""
        try:
            return work()
        except (_Damaged, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.DatabaseError) and not _is_damage(exc):
                raise
            self._notice(report, f"{self.path}: search index damaged ({exc}); rebuilding it")
            self._discard()
            self._rebuild(report)
            return work()

    def _discard(self) -> None:
        """Delete the damaged index file and its journals, under the library
        lock so that two processes never delete each other's fresh build."""
        with self._mutex, self.library.lock.hold():
            damaged_inode = self._inode
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
        """The library's global stamps; a folder stamp too recent to trust is
        None, unless ``exact``: taken under the library lock by a process that
        indexes every change it commits (follow_commit), which no later
        writer's change within the same clock tick can then hide."""
        now = time.time_ns()
        out: dict[str, Any] = {"library": list(self.library._index_file_stamp())}
        for name in ("annotations", "analysis"):
            try:
                st = (self.library.root / name).stat()
                stamp: list[int] | None = [st.st_ino, st.st_mtime_ns]
                if not exact and now - st.st_mtime_ns < _RACY_NS:
                    stamp = None
            except FileNotFoundError:
                stamp = [0, 0]
            out[name] = stamp
        return out

    def _stored_stamps(self, conn: sqlite3.Connection) -> dict[str, Any]:
        row = conn.execute("SELECT value FROM meta WHERE key = 'stamps'").fetchone()
        return json.loads(row[0]) if row else {}

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
        if self._format(conn) != FORMAT:
            self._rebuild(report)
            return
        if self._current(self._stored_stamps(conn), self._stamps(exact=True)):
            return
        try:
            # Under the library lock when it is free: no commit can then land
            # while the files are read, so the stamps stored are exact and the
            # next commit's follower can keep them so. Not waiting for it: a
            # search must not stall behind an import (whose commit indexes it).
            with self.library.lock.try_hold() as held, self._write(conn):
                self._update(conn, report, exact=held)
        except _Busy:
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
        stored = self._stored_stamps(conn)
        now = self._stamps(exact)  # before anything is read
        todo: set[str] = set(force)
        gone: dict[str, int] = {}
        entries: dict[str, dict[str, Any]] | None = None
        if stored.get("library") != now["library"]:
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
            self._delete(conn, docid)
            report.removed += 1
            boundary("search-index: remove")
        folders = _Folders(self.library)
        for aid in sorted(todo - gone.keys()):
            if entries is not None:
                entry = entries.get(aid)
            else:
                try:
                    entry = self.library.get_meta(aid)
                except NotFoundError:
                    entry = None
            row = conn.execute("SELECT id FROM docs WHERE article_id = ?", (aid,)).fetchone()
            if entry is None:
                if row is not None:  # removed, and the index entry was not compared
                    self._delete(conn, row[0])
                    report.removed += 1
                continue
            doc = _read_doc(folders, aid, entry)
            if row is None:
                self._insert(conn, doc)
                report.added += 1
            else:
                self._replace(conn, row[0], doc)
                report.updated += 1
            boundary("search-index: article")
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('stamps', ?)", (json.dumps(now),)
        )
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
            if self._format(conn) != FORMAT:
                self._rebuild(report)
                return
            with self.library.lock.try_hold() as held, self._write(conn):
                self._update(conn, report, force=ids, exact=held)

        with self._mutex:
            try:
                self._guarded(report, work)
            except _Busy:
                report.busy = True
        return report

    @contextlib.contextmanager
    def following(self, txn: Transaction) -> Iterator[None]:
        """Around a library commit, under the library lock: index what the
        commit changed, in one SQLite transaction held across it.

        When the index was current before the commit (its stamps are the
        library's, exactly), it is current after it: the changed articles are
        re-indexed and the new stamps stored, so the next search checks three
        stamps and reads nothing (~a few ms per article instead of a folder
        scan). Otherwise the changed articles are still re-indexed and the
        stamps left for the next sync to compare. Killed at any point, SQLite
        rolls back and the old stamps make the next sync catch up. A busy or
        damaged index is left alone: this never fails a commit, nor delays it
        by more than ``wait`` (another process's index write; a sync that
        holds the library lock cannot be one).
        """
        conn: sqlite3.Connection | None = None
        stored: dict[str, Any] = {}
        before: dict[str, Any] = {}
        try:
            self._mutex.acquire()
            conn = self._connection()
            if self._format(conn) != FORMAT:
                raise _Busy("another format: the next sync rebuilds it")
            before = self._stamps(exact=True)
            conn.execute("BEGIN IMMEDIATE")
            stored = self._stored_stamps(conn)
        except (sqlite3.Error, _Busy, _Damaged, LibraryError, OSError):
            if conn is not None and conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            conn = None
        try:
            yield  # the commit; its errors are the caller's
        except BaseException:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            self._mutex.release()
            raise
        try:
            if conn is not None:
                self._follow(conn, txn, stored, before)
        except (sqlite3.Error, _Damaged, LibraryError, OSError):
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        finally:
            self._mutex.release()

    def _follow(
        self,
        conn: sqlite3.Connection,
        txn: Transaction,
        stored: dict[str, Any],
        before: dict[str, Any],
    ) -> None:
        touched: set[str] = set()
        for rel in txn.committed:
            folder, _, name = rel.partition("/")
            if folder in ("bodies", "annotations", "analysis") and "/" not in name:
                touched.add(name.rpartition(".")[0])
        known = {"annotations", "analysis"}
        entries: dict[str, dict[str, Any]] = {}
        gone: set[str] = set()
        index = txn.index_tables()
        if index is not None:
            # Entries keep their TinyDB document ids across updates: compared
            # key by key (~0.1 s at 100,000 entries, against ~1.5 s to encode
            # the index the commit wrote).
            old_table = (index[0] or {}).get("articles") or {}
            new_table = (index[1] or {}).get("articles") or {}
            changed = [
                (old_table.get(key), entry)
                for key, entry in new_table.items()
                if old_table.get(key) != entry
            ]
            for was, entry in changed:
                if was is None or meta_fingerprint(was) != meta_fingerprint(entry):
                    touched.add(entry.get("id"))
                if was is not None and was.get("id") != entry.get("id"):
                    touched.add(was.get("id"))
            if len(old_table) > len(new_table) - sum(1 for was, _ in changed if was is None):
                gone = {e.get("id") for k, e in old_table.items() if k not in new_table}
            entries = {entry.get("id"): entry for _, entry in changed}
            known.add("library")
        elif "library.json" not in txn.committed:
            known.add("library")
        folders = _Folders(self.library)
        for aid in sorted(a for a in touched | gone if isinstance(a, str)):
            row = conn.execute("SELECT id FROM docs WHERE article_id = ?", (aid,)).fetchone()
            entry = entries.get(aid)
            if entry is None and aid not in gone:
                with contextlib.suppress(NotFoundError, ValueError):
                    entry = self.library.get_meta(aid)
            if entry is None:
                if row is not None:
                    self._delete(conn, row[0])
                continue
            doc = _read_doc(folders, aid, entry)
            if row is None:
                self._insert(conn, doc)
            else:
                self._replace(conn, row[0], doc)
            boundary("search-index: follow")
        after = self._stamps(exact=True)
        stamps = dict(stored)
        for key in after:
            # A key moves on only if the index was current for it before and
            # every change under it is known to have been indexed above.
            if key in known and stored.get(key) is not None and stored.get(key) == before.get(key):
                stamps[key] = after[key]
        if stamps != stored:
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('stamps', ?)",
                (json.dumps(stamps),),
            )
        conn.execute("COMMIT")

    # -- writing rows ----------------------------------------------------------------

    @staticmethod
    def _delete(conn: sqlite3.Connection, docid: int) -> None:
        conn.execute("DELETE FROM fts WHERE rowid = ?", (docid,))
        conn.execute("DELETE FROM facets WHERE doc = ?", (docid,))
        conn.execute("DELETE FROM docs WHERE id = ?", (docid,))

    @staticmethod
    def _doc_values(doc: _Doc) -> tuple[Any, ...]:
        return (
            doc.article_id,
            doc.meta_fp,
            doc.ann_fp,
            doc.ana_fp,
            doc.title,
            doc.source_key,
            doc.feed,
            doc.day,
            doc.annotations,
            doc.orphans,
        )

    def _insert(self, conn: sqlite3.Connection, doc: _Doc, docid: int | None = None) -> int:
        cur = conn.execute(
            "INSERT INTO docs(id, article_id, meta_fp, ann_fp, ana_fp, title, source_key,"
            " feed, day, annotations, orphans) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (docid, *self._doc_values(doc)),
        )
        new_id = int(cur.lastrowid or 0)
        self._insert_texts(conn, new_id, doc)
        return new_id

    def _replace(self, conn: sqlite3.Connection, docid: int, doc: _Doc) -> None:
        conn.execute("DELETE FROM fts WHERE rowid = ?", (docid,))
        conn.execute("DELETE FROM facets WHERE doc = ?", (docid,))
        conn.execute(
            "UPDATE docs SET article_id = ?, meta_fp = ?, ann_fp = ?, ana_fp = ?, title = ?,"
            " source_key = ?, feed = ?, day = ?, annotations = ?, orphans = ? WHERE id = ?",
            (*self._doc_values(doc), docid),
        )
        self._insert_texts(conn, docid, doc)

    @staticmethod
    def _insert_texts(conn: sqlite3.Connection, docid: int, doc: _Doc) -> None:
        conn.execute(
            f"INSERT INTO fts(rowid, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})",
            (docid, *(doc.texts[c] for c in COLUMNS)),
        )
        if doc.facets:
            conn.executemany(
                "INSERT INTO facets(doc, kind, value, label) VALUES (?, ?, ?, ?)",
                [(docid, *facet) for facet in doc.facets],
            )

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
        # The library lock: what is read is one state of the library, and no
        # other process deletes this file meanwhile (see _discard).
        with self.library.lock.hold():
            conn = self._connection()
            try:
                with self._write(conn):
                    self._build(conn, report, progress)
            except _Busy as exc:
                raise LibraryError(
                    f"{self.path}: another process is writing the search index; try again"
                ) from exc
        report.rebuilt = True
        boundary("search-index: committed")
        with contextlib.suppress(sqlite3.Error):
            # Merge FTS5's segments: fewer b-trees to read per query. Its own
            # transaction: killed here, the built index stands as it is.
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
        for statement in _SCHEMA.split(";\n"):
            if statement.strip():
                conn.execute(statement)
        now = self._stamps(exact=True)  # under the library lock, before anything is read
        ann_files = self._folder_stamps("annotations")
        ana_files = self._folder_stamps("analysis")
        entries = self.library.index_entries()
        folders = _Folders(self.library)
        total = len(entries)
        batch: list[_Doc] = []
        for n, entry in enumerate(entries, 1):
            aid = entry["id"]
            stamps = (ann_files.get(aid, "-"), ana_files.get(aid, "-"))
            batch.append(_read_doc(folders, aid, entry, stamps))
            if len(batch) >= 500 or n == total:
                self._insert_batch(conn, n - len(batch) + 1, batch)
                report.added += len(batch)
                batch = []
                if progress is not None:
                    progress(n, total)
            boundary("search-index: article")
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('stamps', ?), ('format', ?)",
            (json.dumps(now), FORMAT),
        )
        boundary("search-index: before commit")

    def _insert_batch(self, conn: sqlite3.Connection, first_id: int, docs: list[_Doc]) -> None:
        """Insert new rows with ids from ``first_id`` on, one statement per table."""
        ids = range(first_id, first_id + len(docs))
        conn.executemany(
            "INSERT INTO docs(id, article_id, meta_fp, ann_fp, ana_fp, title, source_key,"
            " feed, day, annotations, orphans) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(docid, *self._doc_values(doc)) for docid, doc in zip(ids, docs, strict=True)],
        )
        conn.executemany(
            f"INSERT INTO fts(rowid, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})",
            [
                (docid, *(doc.texts[c] for c in COLUMNS))
                for docid, doc in zip(ids, docs, strict=True)
            ],
        )
        conn.executemany(
            "INSERT INTO facets(doc, kind, value, label) VALUES (?, ?, ?, ?)",
            [(docid, *facet) for docid, doc in zip(ids, docs, strict=True) for facet in doc.facets],
        )

    # -- searching -----------------------------------------------------------------------

    def search(self, query: str | Query, limit: int = 20, sync: bool = True) -> list[Hit]:
        """The best ``limit`` articles for ``query`` (bm25 order; newest first
        for a query of filters only). QueryError for a query that means nothing."""
        parsed = parse_query(query) if isinstance(query, str) else query
        report = SyncReport()
        with self._mutex:
            if sync:
                self._guarded(report, lambda: self._sync(report))
            return self._guarded(report, lambda: self._search(parsed, limit))

    def _search(self, query: Query, limit: int) -> list[Hit]:
        conn = self._connection()
        if self._format(conn) != FORMAT:
            return []  # being built by another process: nothing to search yet
        sql, params = self._sql(query, limit)
        rows = conn.execute(sql, params).fetchall()
        hits = []
        for docid, article_id, title, rank, day in rows:
            texts = conn.execute(
                f"SELECT {', '.join(COLUMNS)} FROM fts WHERE rowid = ?", (docid,)
            ).fetchone()
            fields = dict(zip(COLUMNS, texts or ("",) * len(COLUMNS), strict=True))
            found = {
                name: find_matches(text, query.terms) if query.terms else []
                for name, text in fields.items()
            }
            where = next((f for f in SNIPPET_FIELDS if found[f]), "body")
            snippet = make_snippet(where, fields[where], found[where])
            matches = [Match(f, s, e) for f in MATCH_FIELDS for s, e in found[f]]
            score = -float(rank) if rank is not None else 0.0
            hits.append(Hit(article_id, title, score, snippet, matches, day))
        return hits

    def _sql(self, query: Query, limit: int) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        expression = query.fts_expression()
        if expression is not None:
            where.append("fts MATCH ?")
            params.append(expression)

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
            params.append(" ".join(fold_tokens(text)))
        for name in query.feeds:
            urls = self._feed_urls(name)
            test = "instr(d.feed, ?) > 0"
            if urls:
                test = f"(d.feed IN ({', '.join('?' * len(urls))}) OR {test})"
            where.append(test)
            params.extend([*urls, name])
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

            state = ReadState(self.library)
            try:
                read = sorted(state.read_ids())
            finally:
                state.close()
            negate = "NOT " if "unread" in query.flags else ""
            where.append(f"d.article_id {negate}IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(read))
        condition = " WHERE " + " AND ".join(where) if where else ""
        if expression is None:
            sql = (
                f"SELECT d.id, d.article_id, d.title, NULL, d.day FROM docs d{condition}"
                " ORDER BY d.day DESC, d.title LIMIT ?"
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
            window = max(1000, RANK_WINDOW // max(1, parts))
            sql = (
                "SELECT c.id, d.article_id, d.title, c.score, d.day FROM ("
                f"SELECT fts.rowid AS id, bm25(fts, {weights}) AS score"
                f" FROM fts CROSS JOIN docs d ON d.id = fts.rowid{condition}"
                f" ORDER BY fts.rowid DESC LIMIT {window}"
                ") c JOIN docs d ON d.id = c.id ORDER BY c.score, d.day DESC LIMIT ?"
            )
        params.append(max(0, int(limit)))
        return sql, params

    def _feed_urls(self, given: str) -> list[str]:
        from storage.feeds import list_feeds

        folded = given.casefold()
        return [f.url for f in list_feeds(self.library) if folded in (f.name.casefold(), f.url)]

    def needs_build(self) -> bool:
        """Whether the next search builds the index whole (missing, of another
        format, damaged): a caller may say so first, it takes a while."""
        with self._mutex:
            if not self.path.exists():
                return True
            try:
                return self._format(self._connection()) != FORMAT
            except (_Damaged, sqlite3.DatabaseError):
                return True

    def stats(self) -> dict[str, int]:
        """How many articles the index holds (as it is, without syncing)."""
        with self._mutex:
            conn = self._connection()
            if self._format(conn) != FORMAT:
                return {"articles": 0}
            (count,) = conn.execute("SELECT count(*) FROM docs").fetchone()
            return {"articles": int(count)}


def _like(tokens: tuple[str, ...]) -> str:
    # Tokens are letters and digits only: no LIKE wildcard can be among them.
    return "% " + " ".join(tokens) + " %"


def follow_commit(library: Library, txn: Transaction) -> contextlib.AbstractContextManager[None]:
    """The library's commit follower (see SearchIndex.following): one index per
    Library, waiting briefly for another process's index write."""
    follower = library.__dict__.get("_search_follower")
    if follower is None:
        follower = SearchIndex(library, wait=2.0)
        library.__dict__["_search_follower"] = follower
    return follower.following(txn)
