"""The same-story shingle cache's files, read by mapping them, and the
questions asked of the shingles in them (see storage.story_index).

``story-shingles.npz`` is ~90 MB at 100,000 articles. Reading it with
``numpy.load`` copied every array, and joining it to its delta copied the
shingles again: ~1 s before an import of one article could look for its
partners. The files are uncompressed zip archives of ``.npy`` members
(``numpy.savez``), so each member is mapped where it lies in the file and the
two files' shingles stay two arrays. The small members (ids, content hashes,
sizes) are checked against the archive's CRC, as a read would; the shingles
are not (that would read all 90 MB again): their count must match the sizes,
and the cache is written only by atomic replace, so what could differ is a
flipped bit on disk, which at worst misgroups an article until it is next
regrouped.
"""

from __future__ import annotations

import io
import mmap
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

FORMAT = 1
#: Members checked against the archive's CRC on every read (all but the shingles).
_CHECKED = ("format", "token", "base_token", "ids", "hashes", "sizes")
#: Shingles masked per numpy pass when looking for partners.
_SLICE = 1 << 20


def _texts(array: np.ndarray) -> list[str]:
    return [v if isinstance(v, str) else v.decode("ascii") for v in array.tolist()]


@dataclass
class Cache:
    """Shingle sets by row: every row's id, the content hash its set was made
    from, its size, and the shingles end to end in one array per file."""

    ids_raw: np.ndarray  # bytes, one per row
    hashes_raw: np.ndarray  # bytes, one per row
    sizes: np.ndarray  # int64, one per row
    #: the shingles of the rows, one array per file (FILE, then its delta)
    flat_parts: list[np.ndarray] = field(default_factory=list)
    #: how many of the rows come from FILE (the rest from DELTA_FILE)
    base_rows: int = 0
    #: FILE's token (0: a file without one, which takes no delta)
    token: int = 0
    _ids: list[str] | None = None
    _hashes: list[str] | None = None
    _flat: np.ndarray | None = None

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = _texts(self.ids_raw)
        return self._ids

    @property
    def hashes(self) -> list[str]:
        if self._hashes is None:
            self._hashes = _texts(self.hashes_raw)
        return self._hashes

    @property
    def flat(self) -> np.ndarray:
        """Every row's shingles end to end (joined on first use: a copy)."""
        import numpy as np

        if self._flat is None:
            parts = self.flat_parts
            self._flat = parts[0] if len(parts) == 1 else np.concatenate([*parts, _none()])
        return self._flat

    def _where(self) -> tuple[np.ndarray, list[tuple[int, int, np.ndarray]]]:
        """Each row's start in its part, and (first row, end row, shingles) of each part."""
        import numpy as np

        ends = np.cumsum(self.sizes)
        starts = ends - self.sizes
        parts: list[tuple[int, int, np.ndarray]] = []
        row = 0
        for flat in self.flat_parts:
            rows = _rows_spanning(self.sizes, row, len(flat))
            if rows > row:
                starts[row:rows] -= starts[row]
            parts.append((row, rows, flat))
            row = rows
        return starts, parts

    def sets(self, rows: Iterable[int]) -> dict[str, set[int]]:
        starts, parts = self._where()
        out: dict[str, set[int]] = {}
        for i in rows:
            flat = next(f for first, end, f in parts if first <= i < end)
            start = int(starts[i])
            # One id decoded, not 100,000, for the few partners of an import.
            aid = self._ids[i] if self._ids is not None else _texts(self.ids_raw[i : i + 1])[0]
            out[aid] = set(flat[start : start + int(self.sizes[i])].tolist())
        return out

    def partners(self, rows: list[int], pooled: set[int], least: int) -> list[int]:
        """Rows (of ``rows``) sharing at least ``least`` shingles with ``pooled``.

        A bit table of the pooled hashes' low bits rules out almost every
        shingle in one pass; only the few that pass are compared exactly
        (``numpy.isin`` over 11 million shingles sorted them all: ~0.3 s)."""
        import numpy as np

        if not rows or not pooled or not len(self.sizes):
            return []
        wanted = np.sort(np.fromiter(pooled, np.int64, len(pooled)))
        table = np.zeros(1 << 22, bool)
        table[wanted & ((1 << 22) - 1)] = True
        counts = np.zeros(len(self.sizes), np.int64)
        _, parts = self._where()
        for first, end, flat in parts:
            if end == first:
                continue
            # In slices, into the same two buffers: the masked copy of 11
            # million shingles would be 90 MB, and fresh buffers per slice
            # cost as much in page faults as the masking itself.
            low = np.empty(min(_SLICE, len(flat)), np.int64)
            hit = np.empty(len(low), bool)
            found = [_none()]
            for at in range(0, len(flat), _SLICE):
                part = flat[at : at + _SLICE]
                n = len(part)
                np.bitwise_and(part, (1 << 22) - 1, out=low[:n])
                np.take(table, low[:n], out=hit[:n])
                found.append(at + np.flatnonzero(hit[:n]))
            maybe = np.concatenate(found)
            # Membership by a search of the sorted hashes, not numpy.isin: its
            # numpy.unique imports numpy.ma, ~15 ms of a one-file import.
            values = flat[maybe]
            at = np.minimum(np.searchsorted(wanted, values), len(wanted) - 1)
            maybe = maybe[wanted[at] == values]
            bounds = np.cumsum(self.sizes[first:end])
            counts[first:end] += np.bincount(
                np.searchsorted(bounds, maybe, side="right"), minlength=end - first
            )[: end - first]
        chosen = np.zeros(len(self.sizes), bool)
        chosen[rows] = True
        return np.nonzero((counts >= least) & chosen)[0].tolist()

    def kept_flat(self, keep: np.ndarray) -> np.ndarray:
        """The shingles of the rows ``keep`` marks, end to end."""
        import numpy as np

        _, parts = self._where()
        pieces = [_none()]
        for first, end, flat in parts:
            rows = keep[first:end]
            if rows.any():
                pieces.append(flat[np.repeat(rows, self.sizes[first:end])])
        return np.concatenate(pieces)


def _none() -> np.ndarray:
    import numpy as np

    return np.zeros(0, np.int64)


def _rows_spanning(sizes: np.ndarray, first: int, count: int) -> int:
    """The row after the last one whose shingles lie in the ``count`` from row ``first``."""
    import numpy as np

    ends = np.cumsum(sizes[first:])
    return first + int(np.searchsorted(ends, count, side="right"))


def empty() -> Cache:
    import numpy as np

    return Cache(np.zeros(0, "S1"), np.zeros(0, "S1"), np.zeros(0, np.int64), [_none()])


def join(base: Cache, delta: Cache) -> Cache:
    import numpy as np

    return Cache(
        np.concatenate([base.ids_raw, delta.ids_raw]),
        np.concatenate([base.hashes_raw, delta.hashes_raw]),
        np.concatenate([base.sizes, delta.sizes]),
        base.flat_parts + delta.flat_parts,
        base_rows=base.base_rows,
        token=base.token,
    )


def read(path: Path) -> tuple[Cache, int, int] | None:
    """(entries, token, base token) of one cache file, or None when it is
    missing or damaged."""
    import numpy as np

    try:
        members = _mapped_members(path)
        if members is None:
            return None
        cache = Cache(
            members["ids"],
            members["hashes"],
            members["sizes"].astype(np.int64, copy=False),
            [members["flat"].astype(np.int64, copy=False)],
        )
        if int(members["format"]) != FORMAT:
            return None
        token = int(members["token"]) if "token" in members else 0
        base_token = int(members["base_token"]) if "base_token" in members else 0
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - any damage at all: rebuild, never trust
        return None
    sizes = cache.sizes
    if not (len(cache.ids_raw) == len(cache.hashes_raw) == len(sizes)) or (
        int(sizes.sum()) != len(cache.flat_parts[0]) or (sizes < 0).any()
    ):
        return None
    cache.base_rows = len(sizes)
    return cache, token, base_token


def _mapped_members(path: Path) -> dict[str, Any] | None:
    """Every ``.npy`` member of an uncompressed ``.npz``, mapped (None: not such a file)."""
    import numpy as np

    with open(path, "rb") as handle:
        if not path.stat().st_size:
            return None
        view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    members: dict[str, Any] = {}
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
            return None
        at = info.header_offset
        if view[at : at + 4] != b"PK\x03\x04":
            return None
        name_length, extra_length = struct.unpack("<HH", view[at + 26 : at + 30])
        start = at + 30 + name_length + extra_length
        name = info.filename[:-4]
        if start + info.file_size > len(view):
            return None
        if name in _CHECKED:
            data = view[start : start + info.file_size]
            if zlib.crc32(data) != info.CRC:
                return None
        head = io.BytesIO(view[start : start + min(info.file_size, 65536)])
        version = np.lib.format.read_magic(head)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(head)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(head)
        if fortran or dtype.hasobject:
            return None
        count = int(np.prod(shape)) if shape else 1
        if head.tell() + count * dtype.itemsize != info.file_size:
            return None
        array = np.frombuffer(view, dtype, count=count, offset=start + head.tell())
        members[name] = array.reshape(shape)
    return members
