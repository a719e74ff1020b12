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

Format 2 added ``places``: the word each shingle starts at in its article,
aligned with ``flat`` (newsread.ingest.samestory's boilerplate rule needs to
know where the shared text lies). Format 3 added each article's names (see
newsread.ingest.samestory.names) as rows of ``flat`` whose place is negative,
so stories written from one template, differing in names, places and figures,
are told apart. A file of an older format reads as missing, so the cache is
made again from the bodies and every article regrouped.
"""

from __future__ import annotations

import ast
import io
import mmap
import os
import struct
import sys
import zipfile
import zlib
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

FORMAT = 3
#: Members checked against the archive's CRC on every read (all but the shingles
#: and their places).
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
    #: the word each shingle starts at in its article, aligned with ``flat_parts``
    place_parts: list[np.ndarray] = field(default_factory=list)
    #: how many of the rows come from FILE (the rest from DELTA_FILE)
    base_rows: int = 0
    #: FILE's token (0: a file without one, which takes no delta)
    token: int = 0
    #: whether FILE has the ORDER member (else it is written again with one)
    ordered: bool = True
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

    def _where(self) -> tuple[np.ndarray, list[tuple[int, int, np.ndarray, np.ndarray]]]:
        """Each row's start in its part, and (first row, end row, shingles,
        places) of each part."""
        import numpy as np

        ends = np.cumsum(self.sizes)
        starts = ends - self.sizes
        parts: list[tuple[int, int, np.ndarray, np.ndarray]] = []
        row = 0
        for flat, places in zip(self.flat_parts, self.place_parts, strict=True):
            rows = _rows_spanning(self.sizes, row, len(flat))
            if rows > row:
                starts[row:rows] -= starts[row]
            parts.append((row, rows, flat, places))
            row = rows
        return starts, parts

    def sets(self, rows: Iterable[int]) -> dict[str, dict[int, int]]:
        """The rows' shingles, each with its place, by id."""
        starts, parts = self._where()
        out: dict[str, dict[int, int]] = {}
        for i in rows:
            flat, places = next((f, r) for first, end, f, r in parts if first <= i < end)
            start = int(starts[i])
            stop = start + int(self.sizes[i])
            # One id decoded, not 100,000, for the few partners of an import.
            aid = self._ids[i] if self._ids is not None else _texts(self.ids_raw[i : i + 1])[0]
            row = zip(flat[start:stop].tolist(), places[start:stop].tolist(), strict=True)
            out[aid] = dict(row)
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
        for first, end, flat, _places in parts:
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
        return self._kept(keep, 2)

    def kept_places(self, keep: np.ndarray) -> np.ndarray:
        """The places of the rows ``keep`` marks, aligned with ``kept_flat``'s."""
        return self._kept(keep, 3)

    def _kept(self, keep: np.ndarray, member: int) -> np.ndarray:
        import numpy as np

        _, parts = self._where()
        pieces = [_none()]
        for part in parts:
            first, end = part[0], part[1]
            rows = keep[first:end]
            if rows.any():
                pieces.append(part[member][np.repeat(rows, self.sizes[first:end])])
        return np.concatenate(pieces).astype(np.int64, copy=False)


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

    return Cache(np.zeros(0, "S1"), np.zeros(0, "S1"), np.zeros(0, np.int64), [_none()], [_none()])


def join(base: Cache, delta: Cache) -> Cache:
    import numpy as np

    return Cache(
        np.concatenate([base.ids_raw, delta.ids_raw]),
        np.concatenate([base.hashes_raw, delta.hashes_raw]),
        np.concatenate([base.sizes, delta.sizes]),
        base.flat_parts + delta.flat_parts,
        base.place_parts + delta.place_parts,
        base_rows=base.base_rows,
        token=base.token,
        ordered=base.ordered,
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
            [members["places"]],
        )
        if int(members["format"]) != FORMAT:
            return None
        cache.ordered = ORDER in members
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
    if cache.place_parts[0].dtype.kind != "i" or len(cache.place_parts[0]) != len(
        cache.flat_parts[0]
    ):
        return None
    cache.base_rows = len(sizes)
    return cache, token, base_token


def _stored_members(path: Path) -> tuple[mmap.mmap, list[tuple[str, int, int]]] | None:
    """The file mapped, and where each ``.npy`` member of the uncompressed
    ``.npz`` at ``path`` lies in it: (name, start, end). The members named in
    _CHECKED are checked against the archive's CRC. None: not such a file."""
    with open(path, "rb") as handle:
        if not os.fstat(handle.fileno()).st_size:
            return None
        view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    places: list[tuple[str, int, int]] = []
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
            return None
        at = info.header_offset
        if view[at : at + 4] != b"PK\x03\x04":
            return None
        name_length, extra_length = struct.unpack("<HH", view[at + 26 : at + 30])
        start = at + 30 + name_length + extra_length
        end = start + info.file_size
        name = info.filename[:-4]
        if end > len(view):
            return None
        if name in _CHECKED and zlib.crc32(view[start:end]) != info.CRC:
            return None
        places.append((name, start, end))
    return view, places


def _mapped_members(path: Path) -> dict[str, Any] | None:
    """Every ``.npy`` member of an uncompressed ``.npz``, mapped (None: not such a file)."""
    import numpy as np

    stored = _stored_members(path)
    if stored is None:
        return None
    view, places = stored
    members: dict[str, Any] = {}
    for name, start, end in places:
        size = end - start
        head = io.BytesIO(view[start : start + min(size, 65536)])
        version = np.lib.format.read_magic(head)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(head)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(head)
        if fortran or dtype.hasobject:
            return None
        count = int(np.prod(shape)) if shape else 1
        if head.tell() + count * dtype.itemsize != size:
            return None
        array = np.frombuffer(view, dtype, count=count, offset=start + head.tell())
        members[name] = array.reshape(shape)
    return members


# -- the same files without numpy, for an import of a few articles -------------------

#: The member that lists every shingle's place in ``flat`` in the order of the
#: shingles' values (ties by place): the articles holding a hash are then found
#: by a binary search, not a pass over 8 million shingles. Files without it
#: (older versions) are read with numpy as before.
ORDER = "order"
#: ``.npy`` element types read without numpy, as ``memoryview.cast`` formats.
_LIGHT_TYPES = {"<i8": ("q", 8), "<i4": ("i", 4)}
_ALIGN = 64


@dataclass
class Light:
    """One cache file's members, mapped as numpy would map them but read
    without importing it (~60 ms, a sixth of a one-file import): the ids and
    content hashes as fixed-width bytes (NUL-padded, as numpy's ``S`` type),
    the sizes, shingles and their order as integer views."""

    ids: bytes
    id_width: int
    hashes: bytes
    hash_width: int
    sizes: memoryview
    flat: memoryview
    order: memoryview
    #: the word each shingle starts at in its article, aligned with ``flat``
    places: memoryview
    token: int
    base_token: int

    def __len__(self) -> int:
        return len(self.sizes)

    def id_at(self, row: int) -> str:
        w = self.id_width
        return self.ids[row * w : row * w + w].rstrip(b"\0").decode("ascii")

    def joined_ids(self) -> bytes:
        """Every id between newlines (``Spans.joined_ids``'s layout), made by
        strided copies rather than 100,000 slices."""
        n, w = len(self), self.id_width
        out = bytearray((w + 1) * n)
        out[0 :: w + 1] = b"\n" * n
        for k in range(w):
            out[k + 1 :: w + 1] = self.ids[k : n * w : w]
        out += b"\n"
        # NUL pads an id shorter than the widest; ids never hold a NUL.
        return bytes(out).replace(b"\0", b"")

    def hash_heads(self) -> bytes:
        """The first 16 characters of every row's content hash, end to end."""
        n, w = len(self), self.hash_width
        out = bytearray(16 * n)
        for k in range(min(16, w)):
            out[k::16] = self.hashes[k : n * w : w]
        return bytes(out)

    def ends(self) -> list[int]:
        """Where each row's shingles end in ``flat``."""
        return list(accumulate(self.sizes))

    def holding(self, value: int) -> list[int]:
        """The places in ``flat`` of every shingle equal to ``value``."""
        flat, order = self.flat, self.order
        at = bisect_left(order, value, key=flat.__getitem__)
        found = []
        while at < len(order) and flat[order[at]] == value:
            found.append(order[at])
            at += 1
        return found


def read_light(path: Path) -> Light | None:
    """One cache file read without numpy, or None when it cannot be (missing,
    damaged, written without the ORDER member or with other element types):
    the caller then reads it with numpy, which decides what it is worth. The
    same members are checked against the archive's CRC as by ``read``."""
    try:
        members = _light_members(path)
        if members is None:
            return None
        ids, id_width = members["ids"]
        hashes, hash_width = members["hashes"]
        sizes, flat, order = members["sizes"], members["flat"], members[ORDER]
        places = members["places"]
        if not all(isinstance(v, memoryview) for v in (sizes, flat, order, places)):
            return None
        scalars = [members[name] for name in ("format", "token", "base_token")]
        if not all(isinstance(v, memoryview) and len(v) == 1 for v in scalars):
            return None
        if scalars[0][0] != FORMAT or not isinstance(id_width, int):
            return None
        light = Light(ids, id_width, hashes, hash_width, sizes, flat, order, places, 0, 0)
        light.token, light.base_token = scalars[1][0], scalars[2][0]
    except (OSError, ValueError, KeyError, TypeError, SyntaxError, zipfile.BadZipFile):
        return None
    n = len(light.sizes)
    if not (len(ids) == n * id_width and len(hashes) == n * hash_width and id_width >= 1):
        return None
    if hash_width < 16 or sum(light.sizes) != len(flat) or len(order) != len(flat):
        return None
    if len(light.places) != len(flat) or light.places.format != "i":
        return None
    if n and min(light.sizes) < 0:
        return None
    return light


def _light_members(path: Path) -> dict[str, Any] | None:
    """Members of an uncompressed ``.npz``: integer ones as mapped views,
    byte-string ones as (bytes, width); None when any is of another kind."""
    if sys.byteorder != "little":
        return None
    stored = _stored_members(path)
    if stored is None:
        return None
    view, places = stored
    members: dict[str, Any] = {}
    for name, start, end in places:
        header = _npy_header(view, start, end)
        if header is None:
            return None
        descr, shape, data_start = header
        count = 1
        for n in shape:
            count *= n
        if len(shape) > 1:
            return None
        if descr in _LIGHT_TYPES:
            kind, itemsize = _LIGHT_TYPES[descr]
            if data_start + count * itemsize != end:
                return None
            members[name] = memoryview(view)[data_start:end].cast(kind)
        elif descr.startswith("|S") and descr[2:].isdigit():
            width = int(descr[2:])
            if data_start + count * width != end:
                return None
            members[name] = (view[data_start:end], width)
        else:
            return None
    return members


def _npy_header(view: mmap.mmap, start: int, end: int) -> tuple[str, tuple[int, ...], int] | None:
    """(element type, shape, where the data starts) of an ``.npy`` member."""
    if view[start : start + 6] != b"\x93NUMPY":
        return None
    major = view[start + 6]
    if major == 1:
        (length,), at = struct.unpack("<H", view[start + 8 : start + 10]), start + 10
    elif major in (2, 3):
        (length,), at = struct.unpack("<I", view[start + 8 : start + 12]), start + 12
    else:
        return None
    if at + length > end:
        return None
    header = ast.literal_eval(view[at : at + length].decode("latin1"))
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        return None
    descr, shape = header["descr"], header["shape"]
    if header["fortran_order"] is not False or not isinstance(descr, str):
        return None
    if not isinstance(shape, tuple) or not all(isinstance(n, int) and n >= 0 for n in shape):
        return None
    return descr, shape, at + length


def npy(value: bytes, descr: str, shape: tuple[int, ...]) -> bytes:
    """An ``.npy`` member (format 1.0, as ``numpy.save`` writes a small array)."""
    text = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape!r}, }}"
    pad = -(10 + len(text) + 1) % _ALIGN
    header = (text + " " * pad + "\n").encode("latin1")
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + value


def npz(members: dict[str, bytes]) -> bytes:
    """An uncompressed ``.npz`` of ``.npy`` members, as ``numpy.savez`` makes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name + ".npy", (1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()
