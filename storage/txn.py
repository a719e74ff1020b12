"""Transactions: every change to the library lands whole or not at all.

A transaction runs under the library lock. It reads files as they are on disk
at that moment (never a copy cached before the lock was taken), stages the
complete new state of every file it changes, and commits:

* one file: a single atomic replace (temp file, fsync, rename);
* several files: first ``journal.json``, which holds the complete new content
  of every file (or its removal), written atomically; then each file is
  replaced; then the journal is removed. A process killed after the journal
  was written is completed by the next one that takes the lock
  (:func:`recover`): replaying the journal is idempotent. Killed before it, the
  library is exactly as it was.

Before a TinyDB file (``library.json``, ``history.json``, an article's
annotations) is replaced, the old version is hard-linked into ``backups/``:
replaced files are never written in place, so the link keeps that version
intact at no copying cost. The newest :data:`KEEP_BACKUPS` are kept per file.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storage.atomic import (
    atomic_write_bytes,
    check_tables,
    current_tables,
    encode_json,
    read_json,
    remember_tables,
    remove_file,
    stat_stamp,
    sync_files,
)
from storage.errors import CorruptFileError, LibraryError, WriteError
from storage.index_patch import PatchedIndex
from storage.index_spans import FILE as SPANS_FILE
from storage.index_spans import INDEX, LazyTables, Spans, encode_index, with_stamp

JOURNAL = "journal.json"
TMP_DIR = ".tmp"
BACKUPS = "backups"
KEEP_BACKUPS = 5
JOURNAL_VERSION = 1

#: Files whose old versions are worth keeping: small, precious, user-made.
_BACKED_UP = ("library.json", "history.json", "reading.json", "annotations/")


def backup_folder(root: Path, rel: str) -> Path:
    """Where the old versions of ``rel`` (a path relative to the library) live."""
    return root / BACKUPS / rel.replace("/", "__")


def backups_of(root: Path, rel: str) -> list[Path]:
    """Backups of ``rel``, newest first."""
    folder = backup_folder(root, rel)
    try:
        found = [p for p in folder.iterdir() if p.suffix == ".json"]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


def _backed_up(rel: str) -> bool:
    return any(rel == name or (name.endswith("/") and rel.startswith(name)) for name in _BACKED_UP)


def keep_backup(root: Path, rel: str) -> None:
    """Hard-link the current version of ``rel`` into backups/ and prune old ones."""
    current = root / rel
    folder = backup_folder(root, rel)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{time.time_ns():020d}.json"
        os.link(current, target)
    except FileNotFoundError:
        return
    except OSError:
        # A filesystem without hard links (or a full disk): no backup is no
        # reason to refuse the user's change.
        return
    for old in backups_of(root, rel)[KEEP_BACKUPS:]:
        with contextlib.suppress(OSError):
            old.unlink()


class Transaction:
    def __init__(self, root: Path) -> None:
        self.root = root
        # path -> new bytes, or None for a removal; insertion order is commit order
        self._pending: dict[Path, bytes | None] = {}
        self._tables: dict[Path, dict[str, Any] | None] = {}
        # library.json's spans file for the bytes staged (storage.index_spans),
        # written after the commit
        self._sidecars: dict[Path, bytes] = {}
        # staged tables not encoded yet (see stage_tables)
        self._deferred: set[Path] = set()
        # the spans of an index staged as a PatchedIndex, once encoded: what was
        # written is then remembered as read through them, not parsed
        self._spliced: dict[Path, Spans] = {}
        # Files verified against the disk in this transaction: under the lock
        # nobody else can replace them, so one check of the bytes is enough (a
        # tag used to hash the 36 MB index seventeen times).
        self._verified: dict[Path, dict[str, Any] | None] = {}
        #: the paths (relative to the library) the last commit replaced or removed
        self.committed: list[str] = []

    # -- reading what is current --------------------------------------------------

    def current(self, path: Path) -> dict[str, Any] | None:
        """The tables of ``path`` as this transaction sees them (staged, else on
        disk now), shared and not copied: for reading only."""
        if path in self._pending:
            return self.staged_tables(path)
        if path not in self._verified:
            # Under the lock: compare the bytes, not only the stat stamp.
            self._verified[path] = current_tables(path, verify=True)
        return self._verified[path]

    def read_tables(self, path: Path) -> dict[str, Any] | None:
        """The TinyDB tables of ``path``: staged, else read from disk now.

        Returned tables are copies: TinyDB mutates what it reads.
        """
        if path not in self._tables:
            if path in self._pending:
                raw = self._raw(path)
                self._tables[path] = None if raw is None else check_tables(path, json.loads(raw))
            else:
                self._tables[path] = self.current(path)
        data = self._tables[path]
        if data is None:
            return None
        return {name: {k: dict(v) for k, v in table.items()} for name, table in data.items()}

    def staged_tables(self, path: Path) -> dict[str, Any] | None:
        """The tables staged for ``path`` (None when it is not staged or staged
        for removal), not copied: for reading only. A new object each time the
        file is staged again, so callers may key a cache on its identity."""
        if path not in self._pending:
            return None
        if path not in self._tables:
            self.read_tables(path)
        return self._tables[path]

    def read_json(self, path: Path) -> Any:
        if path in self._pending:
            raw = self._raw(path)
            return None if raw is None else json.loads(raw)
        return read_json(path)

    def read_text(self, path: Path) -> str | None:
        if path in self._pending:
            raw = self._raw(path)
            return None if raw is None else raw.decode("utf-8")
        try:
            return path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError as exc:
            raise CorruptFileError(f"{path}: not valid UTF-8 (byte {exc.start})") from exc
        except OSError as exc:
            raise CorruptFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc

    # -- staging ------------------------------------------------------------------

    def is_staged(self, path: Path) -> bool:
        return path in self._pending

    def stage_tables(self, path: Path, data: dict[str, Any], owned: bool = False) -> None:
        """Stage the complete new tables of ``path``. ``owned``: the caller hands
        them over and will not change them (nor the entries it shares with the
        file as read): no copy, which at 100,000 articles is ~0.5 s of the index."""
        if owned:
            tables = data
        else:
            tables = {name: {k: dict(v) for k, v in t.items()} for name, t in data.items()}
        self._tables[path] = tables
        if path.name == INDEX and path.parent == self.root:
            # Encoded when needed (commit): an import stages the index twice
            # (its articles, then their groups), ~0.3 s each at 100,000.
            self._stage(path, b"")
            self._deferred.add(path)
            return
        self._stage(path, encode_json(tables))

    def _raw(self, path: Path) -> bytes | None:
        """The staged bytes of ``path``, encoding a deferred index now."""
        if path in self._deferred:
            tables = self._tables[path]
            assert tables is not None
            if isinstance(tables, PatchedIndex):
                encoded, sidecar, spans = tables.encode()
                self._spliced[path] = spans
            else:
                encoded, sidecar = encode_index(tables)
            self._pending[path] = encoded
            self._deferred.discard(path)
            if sidecar is not None:
                self._sidecars[path] = sidecar
        return self._pending[path]

    def stage_json(self, path: Path, data: Any) -> None:
        self._tables.pop(path, None)
        self._stage(path, encode_json(data))

    def stage_text(self, path: Path, text: str) -> None:
        self._stage(path, text.encode("utf-8"))

    def stage_remove(self, path: Path) -> None:
        self._tables[path] = None
        self._stage(path, None)

    def _stage(self, path: Path, data: bytes | None) -> None:
        self._sidecars.pop(path, None)
        self._spliced.pop(path, None)  # made again when the index is encoded
        self._deferred.discard(path)
        self._pending.pop(path, None)  # re-staged: moves to the end of the commit order
        self._pending[path] = data

    @property
    def staged(self) -> list[Path]:
        return list(self._pending)

    def index_tables(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None] | None:
        """(as read, as staged) tables of the library index when this transaction
        changed it having read it first; None when it did not change it, or
        when what it was before is unknown. For followers of a commit (the
        search index) that want to know which entries changed without
        reading the index again."""
        path = self.root / INDEX
        if path not in self._tables or path not in self._verified:
            return None
        return self._verified[path], self._tables[path]

    # -- commit ---------------------------------------------------------------------

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError as exc:
            raise LibraryError(f"{path}: outside the library {self.root} (a bug)") from exc

    def commit(self) -> None:
        ops = [(self._rel(p), self._raw(p)) for p in list(self._pending)]
        # The library index last: a reader without the lock then never sees an
        # article listed before its body and annotations are in place.
        ops.sort(key=lambda op: op[0] == "library.json")
        if not ops:
            return
        self.committed = [rel for rel, _ in ops]
        if len(ops) == 1:
            apply_ops(self.root, ops)
            self._remember(ops)
            self._write_sidecars()
            return
        listed = self._listed_ids()
        if (
            ops[-1][0] == INDEX
            and listed is not None
            and all(self._unlisted(rel, data, listed) for rel, data in ops[:-1])
        ):
            # New articles' bodies, then the index that lists them: killed
            # between the two, the library is as it was plus body files nothing
            # refers to (an import of them again replaces them, journalled, as
            # they then exist). No journal holding all 36 MB of the index again.
            apply_ops(self.root, ops[:-1], sync_each=False)
            apply_ops(self.root, ops[-1:])
            self._pending.clear()
            self._remember(ops)
            self._write_sidecars()
            return
        journal = {
            "version": JOURNAL_VERSION,
            "ops": [
                {"path": rel, "data": None if data is None else data.decode("utf-8")}
                for rel, data in ops
            ],
        }
        atomic_write_bytes(self.root / JOURNAL, encode_json(journal), self.root / TMP_DIR)
        # The journal is durable: the files need to be only by the time it is
        # removed (a crash before that replays it), so they are synced together.
        apply_ops(self.root, ops, sync_each=False)
        remove_file(self.root / JOURNAL)
        self._pending.clear()
        self._remember(ops)
        self._write_sidecars()

    def _listed_ids(self) -> Callable[[str], bool] | None:
        """Whether an article id is in the index as this transaction read it
        (None: it was not read, so nothing is known)."""
        path = self.root / INDEX
        if path not in self._verified:
            return None
        tables = self._verified[path]
        if isinstance(tables, LazyTables) and not tables.loaded("articles"):
            spans = tables.spans
            return lambda article_id: spans.position(article_id) is not None
        ids = {doc.get("id") for doc in ((tables or {}).get("articles") or {}).values()}
        return ids.__contains__

    def _unlisted(self, rel: str, data: bytes | None, listed: Callable[[str], bool]) -> bool:
        """Whether ``rel`` is the body file of an article the index on disk
        does not list, and does not exist yet: nothing refers to it."""
        folder, _, name = rel.partition("/")
        if data is None or folder != "bodies" or "/" in name or not name.endswith(".txt"):
            return False
        return not listed(name[: -len(".txt")]) and not os.path.lexists(self.root / rel)

    def _remember(self, ops: list[tuple[str, bytes | None]]) -> None:
        """Hand the tables just written to the parse cache (see remember_tables)."""
        for rel, data in ops:
            path = self.root / rel
            tables = self._tables.get(path)
            digest = None
            if data is not None and isinstance(tables, PatchedIndex) and path in self._spliced:
                spans = self._spliced[path]
                tables, digest = LazyTables(path, data, spans), spans.digest
            if data is not None and tables is not None:
                remember_tables(path, data, tables, digest)

    def _write_sidecars(self) -> None:
        """The spans file of the index just written: after the commit and outside
        the journal, since it is derived and checked by the index's digest (a
        kill before this leaves a stale one, which is then ignored)."""
        for path, sidecar in self._sidecars.items():
            # The stamp of the index as renamed into place: a reader that finds
            # it unchanged trusts these spans without reading the index.
            with contextlib.suppress(LibraryError, OSError):
                stamp = stat_stamp(path)
                if stamp is not None:
                    sidecar = with_stamp(sidecar, stamp)
                atomic_write_bytes(path.parent / SPANS_FILE, sidecar, self.root / TMP_DIR)
        self._sidecars.clear()


def apply_ops(root: Path, ops: list[tuple[str, bytes | None]], sync_each: bool = True) -> None:
    """Write (or remove) every file of ``ops``. ``sync_each=False`` (a journal
    holds them all) syncs the files once they are all written, not one by one."""
    tmp = root / TMP_DIR
    touched: list[Path] = []
    for rel, data in ops:
        path = root / rel
        if _backed_up(rel):
            keep_backup(root, rel)
        if data is None:
            remove_file(path)
        else:
            atomic_write_bytes(path, data, tmp, sync=sync_each)
        touched.append(path)
    if not sync_each:
        sync_files(touched)


def recover(root: Path) -> bool:
    """Finish a transaction a killed process left half-applied (caller holds the
    lock); True when there was one. Also sweeps temp files of killed writes."""
    sweep_temp_files(root)
    path = root / JOURNAL
    try:
        data = read_json(path)
    except CorruptFileError:
        # Journals are written atomically, so this one was damaged by something
        # else; keep it for doctor and the user instead of replaying garbage.
        aside = root / BACKUPS / f"journal.damaged.{time.time_ns()}.json"
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, aside)
        return False
    if data is None:
        return False
    try:
        ops = [
            (str(op["path"]), None if op["data"] is None else str(op["data"]).encode("utf-8"))
            for op in data["ops"]
        ]
    except (KeyError, TypeError) as exc:
        raise CorruptFileError(f"{path}: not a newsread journal") from exc
    for rel, _ in ops:
        if rel.startswith("/") or ".." in Path(rel).parts:
            raise CorruptFileError(f"{path}: names a file outside the library: {rel!r}")
    apply_ops(root, ops)
    remove_file(path)
    return True


def sweep_temp_files(root: Path) -> None:
    """Remove what killed writes left in the temp folder (caller holds the lock)."""
    folder = root / TMP_DIR
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise WriteError(f"{folder}: cannot read ({exc.strerror or exc})") from exc
    for entry in entries:
        if entry.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                entry.unlink()
