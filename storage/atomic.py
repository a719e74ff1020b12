"""Crash-safe file writes and a TinyDB storage built on them.

TinyDB's own JSONStorage truncates and rewrites its file in place, so a crash
mid-write leaves a partial or empty database. Here every write goes to a temp
file in the same folder, is fsynced, then renamed over the old file: readers
see either the old or the new version, never a mix.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage


class CorruptFileError(RuntimeError):
    """A library file exists but cannot be read; it is never overwritten."""


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


def read_json(path: Path) -> Any:
    """Read a JSON file, or None when it does not exist; refuse a damaged one."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw.strip():
        raise CorruptFileError(f"{path}: file is empty (expected JSON)")
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CorruptFileError(f"{path}: not valid JSON ({exc})") from exc


class AtomicJSONStorage(Storage):
    """TinyDB storage: whole-file JSON, replaced atomically on each write.

    The parsed document is kept in memory and reused while the file's
    (mtime, size, inode) is unchanged, so queries do not re-parse the file;
    a write by another process changes the stamp and forces a fresh read.
    """

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)
        self._stamp: tuple[int, int, int] | None = None
        self._data: dict[str, Any] | None = None

    def _current_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def read(self) -> dict[str, Any] | None:
        stamp = self._current_stamp()
        if stamp is None:
            return None
        if stamp != self._stamp or self._data is None:
            data = read_json(self.path)
            if not isinstance(data, dict):
                raise CorruptFileError(f"{self.path}: expected a JSON object of tables")
            self._data, self._stamp = data, stamp
        # TinyDB mutates what it reads before writing it back; hand out a copy
        # of the table dicts so a failed write cannot leave the cache changed.
        return {name: dict(table) for name, table in self._data.items()}

    def write(self, data: dict[str, Any]) -> None:
        atomic_write_json(self.path, data)
        self._data = {name: dict(table) for name, table in data.items()}
        self._stamp = self._current_stamp()

    def close(self) -> None:
        self._data = None
