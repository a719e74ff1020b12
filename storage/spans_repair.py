"""Giving an index written without spans (by a newsread before them, or after a
killed spans write) its spans file, so that readers stop parsing it whole.

Separate from storage.index_spans, which storage.atomic imports: writing a file
needs storage.atomic.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson

from storage.atomic import atomic_write_bytes, stat_stamp
from storage.errors import LibraryError
from storage.index_spans import FILE, INDEX, encode_index, load_spans, with_stamp


def ensure_spans(root: Path, lock: Any) -> bool:
    """Write the spans file of ``library.json`` as it is now, when it has none
    that matches (an index written by a newsread before spans, or whose spans
    write was killed): otherwise every reader parses the whole index until the
    next write. Spans that describe these bytes but name another stat stamp
    (the library was copied, hard-linked, restored or synced: its ctime moved)
    are stamped again, or every reader would read and hash the index. Under
    the library ``lock``, read fresh inside it; the spans are written only when
    re-encoding the parsed index gives back exactly the bytes on disk, so they
    can describe nothing else. Returns whether it wrote them.
    """
    path = root / INDEX
    with lock.hold():
        try:
            stamp = stat_stamp(path)
            raw = path.read_bytes()
        except OSError:
            return False
        if stamp is None or stat_stamp(path) != stamp:
            return False
        digest = hashlib.sha256(raw).digest()
        if load_spans(root, raw, digest) is not None:
            return _restamp(root, stamp)
        try:
            tables = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return False  # a damaged index: the readers name it, doctor repairs it
        if not isinstance(tables, dict):
            return False
        data, sidecar = encode_index(tables)
        del tables
        if sidecar is None or data != raw:
            return False  # written by another encoder: its bytes are not ours to map
        try:
            atomic_write_bytes(root / FILE, with_stamp(sidecar, stamp), root / ".tmp")
        except (LibraryError, OSError):
            return False
        return True


def _restamp(root: Path, stamp: tuple[int, ...]) -> bool:
    """Name ``stamp`` in the spans file, whose ranges and digest were just
    found to describe the index's bytes (the caller holds the lock)."""
    path = root / FILE
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    if not isinstance(data, dict) or data.get("stamp") == list(stamp):
        return False
    data["stamp"] = list(stamp)
    try:
        atomic_write_bytes(path, orjson.dumps(data), root / ".tmp")
    except (LibraryError, OSError):
        return False
    return True
