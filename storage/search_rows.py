"""What the search index holds for one article and the SQLite rows it is
written as: shared by the index (storage.search_index) and the follower that
re-indexes what each library commit changed (storage.search_follow). Nothing
here knows the Library: the follower runs inside its transactions.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsread.annotations.tagnames import tag_key
from newsread.model import joined_feeds
from newsread.search.cjk import index_text
from newsread.search.matching import fold_tokens
from newsread.sorting import title_key
from storage.atomic import file_stamp, read_json
from storage.corrected import corrected_analysis, is_correction
from storage.errors import CorruptFileError

FILE = "search.sqlite"
#: Bump whenever the schema or what is indexed changes: an index of another
#: format is rebuilt when opened. 3: CJK runs indexed as character pairs.
#: 4: the source's name indexed too, as the library's / box finds it.
#: 5: tags by the tag rule's key (case folded and NFC: "é" typed either way).
FORMAT = "5"
COLUMNS = ("title", "body", "notes", "quotes", "tags", "entities", "speakers", "source")
#: A folder stamp younger than this may not show a rename in the same clock tick.
_RACY_NS = 2_000_000_000
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

SCHEMA = f"""
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
CREATE TABLE texts(
    id INTEGER PRIMARY KEY,
    {", ".join(f"{c} TEXT NOT NULL" for c in COLUMNS)}
);
CREATE VIRTUAL TABLE fts USING fts5(
    {", ".join(COLUMNS)}, content = 'texts', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
"""
# The FTS5 table takes its texts from ``texts`` (external content): what it
# indexes is each text as newsread.search.cjk.index_text spaces it, while
# ``texts`` keeps the text itself, which snippets and match offsets are taken
# from. Such a table cannot tokenize its content again to remove it: rows are
# removed with FTS5's 'delete' command, given the texts it indexed
# (_remove_texts), never by a DELETE on fts.


# -- what is indexed for one article -------------------------------------------


@dataclass
class Doc:
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
    # The same fingerprint as before Article.feeds for an article of one feed:
    # an older index stays valid for it.
    parts[3] = joined_feeds(entry)
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


class Folders:
    """The library's per-article folders as plain strings: building 100,000
    Paths per pass costs more than reading the files."""

    def __init__(self, root: Path) -> None:
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


def file_stamps(
    folders: Folders, article_id: str, look: tuple[bool, bool] = (True, True)
) -> tuple[str, str]:
    """The stamps of the article's annotations and analysis files ("-": none).
    ``look``: whether to look in each folder; one known to be missing holds
    no file, and spares a failed stat per article."""
    return (
        _stat_stamp(os.path.join(folders.annotations, article_id + ".json")) if look[0] else "-",
        _stat_stamp(os.path.join(folders.analysis, article_id + ".json")) if look[1] else "-",
    )


def read_body(folders: Folders, article_id: str) -> str:
    """The article's body, "" when its file is missing or damaged."""
    try:
        with open(os.path.join(folders.bodies, article_id + ".txt"), "rb") as f:
            return f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        # Missing or damaged: doctor reports it; the title and annotations
        # stay findable, and a re-import (a new body hash) indexes it again.
        return ""


def read_doc(
    folders: Folders,
    article_id: str,
    entry: dict[str, Any],
    stamps: tuple[str, str] | None = None,
) -> Doc:
    """Everything indexed of one article, read from its files. Each file's stamp
    is taken before it is read (see the module docstring), or given by a folder
    scan made before; a damaged file is indexed as empty under its stamp, and
    indexed again once it changes."""
    shard = os.path.join(folders.annotations, article_id + ".json")
    analysis_path = os.path.join(folders.analysis, article_id + ".json")
    ann_fp, ana_fp = file_stamps(folders, article_id) if stamps is None else stamps
    body = read_body(folders, article_id)
    notes: list[str] = []
    quotes: list[str] = []
    tags: list[str] = []
    count = orphans = 0
    corrections: list[dict[str, Any]] = []
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
                if is_correction(doc):
                    corrections.append(doc)
        except CorruptFileError:
            ann_fp = "bad:" + ann_fp
    entities: list[tuple[str, str]] = []
    speakers: list[str] = []
    if ana_fp != "-":
        try:
            cached = read_json(Path(analysis_path))
            entities, speakers = _analysis_texts(
                cached, entry.get("content_hash", ""), corrections, body
            )
        except CorruptFileError:
            ana_fp = "bad:" + ana_fp
    facets: list[tuple[str, str, str]] = [("tag", tag_key(t), "") for t in _unique(tags)]
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
    return Doc(
        article_id=article_id,
        meta_fp=meta_fingerprint(entry),
        ann_fp=ann_fp,
        ana_fp=ana_fp,
        title=title,
        source_key=" ".join(fold_tokens(str(entry.get("source") or ""))),
        feed=joined_feeds(entry),
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
            "source": str(entry.get("source") or ""),
        },
        facets=facets,
    )


def _analysis_texts(
    cached: Any, content_hash: str, corrections: list[dict[str, Any]], body: str
) -> tuple[list[tuple[str, str]], list[str]]:
    """(entity text, label) pairs and speaker names of a cached analysis, when
    it was made for the article's current body (an older one's entities may
    no longer be in the text), as the user corrected it (storage.corrected)."""
    if not isinstance(cached, dict):
        return [], []
    key = cached.get("key")
    analysis = cached.get("analysis")
    if not isinstance(key, dict) or key.get("hash") != content_hash:
        return [], []
    if not isinstance(analysis, dict):
        return [], []
    if corrections:
        analysis = corrected_analysis(analysis, corrections, body)
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


class Damaged(Exception):
    """The index file is not a usable SQLite database."""


class Busy(Exception):
    """Another process holds the index's write lock."""


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text


# -- the connection and its write transactions ------------------------------------


#: SQLite's page cache for searches (KiB): a query at 100,000 articles reads
#: many pages of the FTS b-trees again and again.
SEARCH_CACHE_KB = 65536
#: ... and for a full build, which writes its pages once and reads few back.
#: Its process runs beside the app: at 100,000 articles 4 MB builds as fast
#: as 8 or 64 (2 MB: ~5% slower) and peaks 4 MB lower than 8.
BUILD_CACHE_KB = 4096


def connect(path: Path, wait: float) -> sqlite3.Connection:
    """A connection to the index file; Damaged when SQLite calls it damaged.
    ``wait``: seconds to wait for another process's write lock."""
    from storage.errors import LibraryError

    try:
        conn = sqlite3.connect(path, timeout=wait, isolation_level=None, check_same_thread=False)
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{path}: cannot open the search index ({exc})") from exc
    try:
        # WAL: readers see the last committed state while a writer works,
        # and a killed writer's uncommitted pages are ignored on recovery.
        conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL under WAL loses at most the last commits on a power cut,
        # never consistency; fine for a cache, and commits skip an fsync.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(f"PRAGMA cache_size=-{SEARCH_CACHE_KB}")
        # Tied hits are ordered by the library's own title key (the SQL ORDER
        # BY calls it), so the / box and the title sort agree on case.
        conn.create_function("title_key", 1, _title_key, deterministic=True)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_damage(exc):
            raise Damaged(str(exc)) from exc
        raise
    return conn


class IndexConnection:
    """One connection to the index file, opened again when the file was
    replaced (another process rebuilt a damaged index): a connection to a
    deleted file would go on reading it, and could write into the new file's
    journal. Not thread-safe: its owner holds a lock around it."""

    def __init__(self, path: Path, wait: float) -> None:
        self.path = path
        self.wait = wait
        self._conn: sqlite3.Connection | None = None
        #: the inode of the file the connection is open on (0: none)
        self.inode = 0

    def get(self) -> sqlite3.Connection:
        try:
            inode = self.path.stat().st_ino
        except FileNotFoundError:
            inode = 0
        if self._conn is None or inode != self.inode:
            self.close()
            self._conn = connect(self.path, self.wait)
            self.inode = self.path.stat().st_ino
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def format_of(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return row[0] if row else None


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One SQLite write transaction: all of it lands, or none."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise Busy(str(exc)) from exc
        raise
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


# -- stamps ------------------------------------------------------------------------


def library_stamps(root: Path, exact: bool = False) -> dict[str, Any]:
    """The library's global stamps; a folder stamp too recent to trust is
    None, unless ``exact``: taken under the library lock by a process that
    indexes every change it commits (storage.search_follow), which no later
    writer's change within the same clock tick can then hide."""
    now = time.time_ns()
    out: dict[str, Any] = {"library": list(file_stamp(root / "library.json"))}
    for name in ("annotations", "analysis"):
        try:
            st = (root / name).stat()
            stamp: list[int] | None = [st.st_ino, st.st_mtime_ns]
            if not exact and now - st.st_mtime_ns < _RACY_NS:
                stamp = None
        except FileNotFoundError:
            stamp = [0, 0]
        out[name] = stamp
    return out


def stored_stamps(conn: sqlite3.Connection) -> dict[str, Any]:
    row = conn.execute("SELECT value FROM meta WHERE key = 'stamps'").fetchone()
    return json.loads(row[0]) if row else {}


def stamped_elsewhere(conn: sqlite3.Connection) -> bool:
    """Whether the stamps were last stored by other code than this (an older
    newsread sharing the library, which writes 'stamps' alone): its rows can
    differ from what this code makes of the same entry (an article of several
    feeds indexed under its first only) while the stamps say current, so the
    next update compares every row's fingerprint once. Equal values are taken
    as ours: another writer storing the very stamps this code stored indexed
    no change."""
    rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('stamps', 'checked')"))
    return rows.get("stamps") != rows.get("checked")


def store_stamps(conn: sqlite3.Connection, stamps: dict[str, Any], checked: bool = True) -> None:
    """Store the stamps the index is current to; ``checked``: every row is
    known to be this code's reading of its entry (see stamped_elsewhere)."""
    value = json.dumps(stamps)
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('stamps', ?)", (value,))
    if checked:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('checked', ?)", (value,))


# -- writing rows -----------------------------------------------------------------


_FTS_COLUMNS = ", ".join(COLUMNS)
_INSERT_FTS = f"INSERT INTO fts(rowid, {_FTS_COLUMNS}) VALUES (?{', ?' * len(COLUMNS)})"
_INSERT_TEXTS = f"INSERT INTO texts(id, {_FTS_COLUMNS}) VALUES (?{', ?' * len(COLUMNS)})"


def _remove_texts(conn: sqlite3.Connection, docid: int) -> None:
    row = conn.execute(f"SELECT {_FTS_COLUMNS} FROM texts WHERE id = ?", (docid,)).fetchone()
    if row is None:
        return
    conn.execute(
        f"INSERT INTO fts(fts, rowid, {_FTS_COLUMNS}) VALUES ('delete', ?{', ?' * len(COLUMNS)})",
        (docid, *(index_text(text) for text in row)),
    )
    conn.execute("DELETE FROM texts WHERE id = ?", (docid,))


def delete_doc(conn: sqlite3.Connection, docid: int) -> None:
    _remove_texts(conn, docid)
    conn.execute("DELETE FROM facets WHERE doc = ?", (docid,))
    conn.execute("DELETE FROM docs WHERE id = ?", (docid,))


def _doc_values(doc: Doc) -> tuple[Any, ...]:
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


def insert_doc(conn: sqlite3.Connection, doc: Doc, docid: int | None = None) -> int:
    cursor = conn.execute(
        "INSERT INTO docs(id, article_id, meta_fp, ann_fp, ana_fp, title, source_key, feed,"
        " day, annotations, orphans) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (docid, *_doc_values(doc)),
    )
    new_id = int(cursor.lastrowid or 0)
    _insert_texts(conn, new_id, doc)
    return new_id


def replace_doc(conn: sqlite3.Connection, docid: int, doc: Doc) -> None:
    _remove_texts(conn, docid)
    conn.execute("DELETE FROM facets WHERE doc = ?", (docid,))
    conn.execute(
        "UPDATE docs SET article_id = ?, meta_fp = ?, ann_fp = ?, ana_fp = ?, title = ?,"
        " source_key = ?, feed = ?, day = ?, annotations = ?, orphans = ? WHERE id = ?",
        (*_doc_values(doc), docid),
    )
    _insert_texts(conn, docid, doc)


def _insert_texts(conn: sqlite3.Connection, docid: int, doc: Doc) -> None:
    texts = [doc.texts[c] for c in COLUMNS]
    conn.execute(_INSERT_TEXTS, (docid, *texts))
    conn.execute(_INSERT_FTS, (docid, *map(index_text, texts)))
    if doc.facets:
        conn.executemany(
            "INSERT INTO facets(doc, kind, value, label) VALUES (?, ?, ?, ?)",
            [(docid, *facet) for facet in doc.facets],
        )


def insert_batch(conn: sqlite3.Connection, first_id: int, docs: list[Doc]) -> None:
    """Insert new rows with ids from ``first_id`` on, one statement per table."""
    ids = range(first_id, first_id + len(docs))
    conn.executemany(
        "INSERT INTO docs(id, article_id, meta_fp, ann_fp, ana_fp, title, source_key,"
        " feed, day, annotations, orphans) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(docid, *_doc_values(doc)) for docid, doc in zip(ids, docs, strict=True)],
    )
    rows = [(docid, *(doc.texts[c] for c in COLUMNS)) for docid, doc in zip(ids, docs, strict=True)]
    conn.executemany(_INSERT_TEXTS, rows)
    conn.executemany(_INSERT_FTS, [(row[0], *map(index_text, row[1:])) for row in rows])
    conn.executemany(
        "INSERT INTO facets(doc, kind, value, label) VALUES (?, ?, ?, ?)",
        [(docid, *facet) for docid, doc in zip(ids, docs, strict=True) for facet in doc.facets],
    )


def index_doc(
    conn: sqlite3.Connection, folders: Folders, article_id: str, entry: dict[str, Any] | None
) -> str:
    """Bring one article's rows in line with its files (``entry``: its index
    entry, None when it is no longer in the library). Returns what was done:
    "added", "updated", "removed" or ""."""
    row = conn.execute("SELECT id FROM docs WHERE article_id = ?", (article_id,)).fetchone()
    if entry is None:
        if row is None:
            return ""
        delete_doc(conn, row[0])
        return "removed"
    doc = read_doc(folders, article_id, entry)
    if row is None:
        insert_doc(conn, doc)
        return "added"
    replace_doc(conn, row[0], doc)
    return "updated"


def _title_key(title: object) -> object:
    return title_key(title) if isinstance(title, str) else title
