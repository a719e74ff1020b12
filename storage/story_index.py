"""Cached same-story shingles, so an import regroups without reading every body.

``story-shingles.npz`` holds every article's sampled shingle hashes as flat
numpy arrays (ids, the content hash each entry was made from, set sizes, the
hashes end to end and the word each one starts at in its article). It is a
derived cache, never the truth:

* an entry counts only while its article is in the index with the same
  content hash; otherwise (changed text, a lost or stale cache) the shingles
  are made again from the body;
* a damaged file (zip CRC, shape) is ignored and rebuilt, never trusted;
* it is written after the transaction that changed the groups, outside the
  journal (it is binary and ~60 MB at 100,000 articles): a process killed
  before that leaves a stale cache, which the content hashes catch.

An import of a few articles finds its partners with one vectorised pass over
the flat hashes (which rows share at least ``MIN_SHARED`` shingles with the
new ones), then verifies only those exactly, as
:func:`newsread.ingest.samestory.link_new` always did: the groups are the same
as with every set in memory. The JSON cache of older versions
(``story-shingles.json``) holds no places: it is removed, and its articles are
shingled again from their bodies, as are those of a file of an older format
(storage.story_cache.FORMAT), whose groups are all made again.
"""

from __future__ import annotations

import contextlib
import io
import os
import struct
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from newsread.ingest.samestory import (
    MIN_SHARED,
    Placed,
    groups_from_arrays,
    link_new,
    matching,
    placed_shingle_arrays,
    sketch,
)
from newsread.model import Article
from storage.atomic import atomic_write_bytes, remove_file
from storage.errors import LibraryError
from storage.index_patch import PatchedIndex
from storage.index_spans import LazyTables
from storage.library import Library
from storage.story_cache import (
    FORMAT,
    ORDER,
    Cache,
    Light,
    empty,
    join,
    npy,
    npz,
    read,
    read_light,
)
from storage.story_members import group_entries

if TYPE_CHECKING:
    import numpy as np

FILE = "story-shingles.npz"
#: The entries added since FILE was written, for the FILE with the same token:
#: an import of one article writes a few kilobytes instead of ~70 MB.
DELTA_FILE = "story-shingles-delta.npz"
OLD_FILE = "story-shingles.json"
#: The delta is folded into a new FILE once it holds more entries than this or
#: a twentieth of FILE's, whichever is more.
DELTA_MIN = 2000


def _load(library: Library) -> Cache | None:
    """The cache as on disk (FILE, then the delta made for it), or None when
    FILE is missing or damaged. A stale or damaged delta is left out: its
    articles are then shingled again from their bodies."""
    base = read(library.root / FILE)
    if base is None:
        return None
    cache, token, _ = base
    cache.token = token
    delta = read(library.root / DELTA_FILE) if token else None
    if delta is not None and delta[2] == token:
        cache = join(cache, delta[0])
    return cache


@dataclass
class _Rows:
    """Shingle sets to add to the cache: ids, the content hash each was made
    from, and the sets as :func:`placed_shingle_arrays` lays them out."""

    ids: list[str]
    hashes: list[str]
    sizes: np.ndarray
    flat: np.ndarray
    places: np.ndarray

    def shingles(self) -> set[int]:
        """Every shingle of the rows (their names left out)."""
        return set(self.flat[self.places >= 0].tolist())

    def sets(self) -> dict[str, Placed]:
        import numpy as np

        ends = np.cumsum(self.sizes).tolist()
        flat, places = self.flat.tolist(), self.places.tolist()
        return {
            aid: dict(zip(flat[end - size : end], places[end - size : end], strict=True))
            for aid, size, end in zip(self.ids, self.sizes.tolist(), ends, strict=True)
        }


_Part = tuple[list[str], list[str], "np.ndarray", "np.ndarray", "np.ndarray"]


def _rows(parts: list[_Part]) -> _Rows:
    import numpy as np

    return _Rows(
        [aid for part in parts for aid in part[0]],
        [digest for part in parts for digest in part[1]],
        *(np.concatenate([np.zeros(0, np.int64), *(part[k] for part in parts)]) for k in (2, 3, 4)),
    )


def _ascii(texts: list[str]) -> np.ndarray:
    import numpy as np

    return np.array([t.encode("ascii", "replace") for t in texts] or [b""], dtype="S")[: len(texts)]


def _as_bytes(array: np.ndarray) -> np.ndarray:
    """A cache column as bytes (files of older versions hold text arrays)."""
    return array if array.dtype.kind == "S" else _ascii([str(v) for v in array.tolist()])


def _encode(
    cache: Cache,
    rows: list[int],
    fresh: _Rows,
    token: int = 0,
    base_token: int = 0,
) -> bytes:
    """A cache file: the kept rows of ``cache`` (copied as arrays), then ``fresh``;
    FILE carries its ``token``, a delta the ``base_token`` of the FILE it extends."""
    import numpy as np

    keep = np.zeros(len(cache.sizes), bool)
    keep[rows] = True
    # ASCII bytes: ids are [A-Za-z0-9_-] and hashes hex (anything else only
    # fails to match next time, and is made again). Kept rows stay bytes: a
    # delta of a few rows is not worth decoding 100,000 others.
    ids = np.concatenate([_as_bytes(cache.ids_raw[keep]), _ascii(fresh.ids)])
    made_from = np.concatenate([_as_bytes(cache.hashes_raw[keep]), _ascii(fresh.hashes)])
    flat = np.concatenate([cache.kept_flat(keep), fresh.flat])
    buffer = io.BytesIO()
    np.savez(
        buffer,
        format=np.int64(FORMAT),
        token=np.int64(token),
        base_token=np.int64(base_token),
        ids=ids if len(ids) else np.zeros(0, "S1"),
        hashes=made_from if len(made_from) else np.zeros(0, "S1"),
        sizes=np.concatenate([cache.sizes[keep], fresh.sizes]),
        flat=flat,
        places=np.concatenate([cache.kept_places(keep), fresh.places]).astype(np.int32),
        # Stable: ties in place order, as _light_delta merges them.
        order=np.argsort(flat, kind="stable").astype(np.int32 if len(flat) < 2**31 else np.int64),
    )
    return buffer.getvalue()


def _partners(cache: Cache, rows: list[int], pooled: set[int]) -> list[int]:
    """Rows (of ``rows``) sharing at least MIN_SHARED shingles with ``pooled``."""
    return cache.partners(rows, pooled, MIN_SHARED)


def regroup(library: Library, fresh: Iterable[Article] = ()) -> None:
    """Give new and changed articles their same-story group; others only merge."""
    with library.lock.hold():
        with library.transaction():
            data = stage_groups(library, fresh)
        # After the commit, still under the lock: the groups are on disk; a kill
        # here leaves a stale cache, which the content hashes catch next time.
        write_cache(library, data)


@dataclass
class CacheWrite:
    """What ``stage_groups`` leaves to write once its transaction is committed."""

    data: bytes
    #: only the delta (FILE stays as it is); else a new FILE and no delta
    delta: bool


def write_cache(library: Library, pending: CacheWrite | None) -> None:
    """Write the shingle cache ``stage_groups`` made, after its transaction's commit."""
    if pending is None:
        return
    tmp = library.root / ".tmp"
    with contextlib.suppress(LibraryError):
        if pending.delta:
            atomic_write_bytes(library.root / DELTA_FILE, pending.data, tmp)
            return
        # A new FILE has a new token: a kill before the delta goes leaves one
        # that no longer matches, which is then ignored.
        atomic_write_bytes(library.root / FILE, pending.data, tmp)
        remove_file(library.root / DELTA_FILE)
        remove_file(library.root / OLD_FILE)


def stage_groups(library: Library, fresh: Iterable[Article] = ()) -> CacheWrite | None:
    """Stage the groups of new and changed articles in the current transaction
    (an import's own, so the index is written once); return the shingle cache to
    write with ``write_cache`` once it is committed (None: it is right as it is)."""
    fresh = list(fresh)
    if fresh:
        light = _stage_light(library, fresh)
        if light is not False:
            return light
    import numpy as np

    cache = _load(library)
    if cache is not None and fresh:
        few = _stage_few(library, fresh, cache)
        if few is not False:
            return few
    index = library._by_id()
    # By id, the last one standing, as a dict of them would be.
    latest = {a.id: a for a in fresh if a.id in index}
    if cache is None:  # none, damaged or of an older format: every set is made again
        cache = empty()
    # Entries still true of their article: known, same text, not re-imported.
    rows = [
        i
        for i, (aid, made_from) in enumerate(zip(cache.ids, cache.hashes, strict=True))
        if aid not in latest and aid in index and index[aid].get("content_hash") == made_from
    ]
    covered = {cache.ids[i] for i in rows}
    # A first run on an older library, a changed text, a lost cache: the body
    # files directly (read one batch at a time).
    unread = [aid for aid in index if aid not in latest and aid not in covered]
    parts: list[_Part] = []
    if latest:
        parts.append(
            (
                list(latest),
                [a.content_hash for a in latest.values()],
                *placed_shingle_arrays(a.body for a in latest.values()),
            )
        )
    if unread:
        parts.append(
            (
                unread,
                [index[aid].get("content_hash", "") for aid in unread],
                *placed_shingle_arrays(library.read_body(aid) for aid in unread),
            )
        )
    new = _rows(parts)
    del parts
    total = len(rows) + len(new.ids)
    if len(new.ids) * 10 > total:
        # Much that is new: one batch pass over every set, as arrays.
        keep = np.zeros(len(cache.ids), bool)
        keep[rows] = True
        library.set_story_groups(
            groups_from_arrays(
                [cache.ids[i] for i in rows] + new.ids,
                np.concatenate([cache.sizes[keep], new.sizes]),
                np.concatenate([cache.kept_flat(keep), new.flat]),
                np.concatenate([cache.kept_places(keep), new.places]),
            )
        )
    elif new.ids:
        fresh_sets = new.sets()
        pooled = new.shingles()
        sets = cache.sets(_partners(cache, rows, pooled))
        sets.update(fresh_sets)
        sets = matching(sets, fresh_sets)
        groups = {
            aid: meta.get("story_group") or aid
            for aid, meta in index.items()
            if aid not in fresh_sets
        }
        # Only the groups a partner belongs to can change (they may merge
        # through a new article); link_new over just their members gives
        # the same groups without walking 100,000 articles.
        touched = {groups[aid] for aid in sets if aid in groups}
        involved = {aid: g for aid, g in groups.items() if g in touched}
        linked = link_new(involved, sets, set(fresh_sets))
        library.set_story_groups({**groups, **linked})
    if not new.ids and len(rows) == len(cache.ids):
        return None  # the cache is exactly right already
    return _cache_write(cache, rows, new)


def _stage_few(
    library: Library, fresh: list[Article], cache: Cache
) -> CacheWrite | None | Literal[False]:
    """stage_groups for a few new or changed articles when the index can be read
    through its spans (storage.index_spans) and the cache covers every other
    article: the cache's rows are checked against the spans file's content
    hashes (their first 8 bytes), the partners' groups and those groups'
    members are found by searching the index's bytes, and only the entries
    whose group changes are staged. At 100,000 articles that is what keeps
    importing one file from parsing (~0.5 s) and encoding (~0.4 s) the whole
    index. False when it cannot be done so; the caller then does it whole."""
    lazy = library._lazy_index()
    got = lazy.hash_prefixes() if lazy is not None else None
    if lazy is None or got is None:
        return False
    ids, blob = got
    listed = set(ids)
    if len(listed) != len(ids):
        return False  # a repeated id: the whole index decides which entry counts
    latest = {a.id: a for a in fresh if a.id in listed}
    rows = _true_rows(cache, ids, blob, latest)
    if len(rows) + len(latest) != len(ids) or len(latest) * 10 > len(ids):
        return False  # articles the cache misses, or much that is new
    if not latest:
        return None if len(rows) == len(cache.sizes) else _cache_write(cache, rows, _rows([]))
    new = _rows(
        [
            (
                list(latest),
                [a.content_hash for a in latest.values()],
                *placed_shingle_arrays(a.body for a in latest.values()),
            )
        ]
    )
    fresh_sets = new.sets()
    sets = cache.sets(_partners(cache, rows, new.shingles()))
    sets.update(fresh_sets)
    sets = matching(sets, fresh_sets)
    involved = _involved(lazy, sets, fresh_sets)
    if involved is None:
        return False
    library.set_story_groups(link_new(involved, sets, set(fresh_sets)), only=True)
    return _cache_write(cache, rows, new)


def _involved(
    lazy: LazyTables | PatchedIndex, sets: dict[str, Placed], fresh: dict[str, Placed]
) -> dict[str, str] | None:
    """The group of every partner in ``sets`` and of every member of those
    groups, read through the spans; None when an entry cannot be read so."""
    involved: dict[str, str] = {}
    for aid in sets:
        if aid in fresh:
            continue
        entry = lazy.entry(aid)
        if not isinstance(entry, dict):
            return None
        involved[aid] = entry.get("story_group") or aid
    # Only the groups a partner belongs to can change (they may merge through a
    # new article): link_new over just their members.
    for group in set(involved.values()):
        members = group_entries(lazy, group)
        if members is None:
            return None
        for doc in members:
            if doc.get("id") not in fresh:
                involved[doc["id"]] = group
    return involved


def _stage_light(library: Library, fresh: list[Article]) -> CacheWrite | Literal[False]:
    """_stage_few without numpy, for what an import of a file or two into a big
    library is: new articles only, appended to an index whose every other
    article the cache files cover, in the index's order and with the same
    content hashes, and a delta that takes them. Their partners are found by
    binary searches of each file's ORDER member (storage.story_cache.Light),
    the rest as _stage_few does, and the delta is written by appending to it.
    Importing numpy (~60 ms) and its pass over every shingle (~40 ms) were a
    fifth of a one-file import at 100,000 articles. False whenever anything
    differs from that; the caller then does it with numpy."""
    lazy = library._lazy_index()
    if not isinstance(lazy, PatchedIndex) or lazy.replaced:
        return False
    spans = lazy.base.spans
    latest = {a.id: a for a in fresh}
    count = len(spans.starts)
    if set(lazy.appended) != set(latest) or spans.hashes is None:
        return False
    if len(latest) * 10 > count + len(latest):
        return False
    base = read_light(library.root / FILE)
    if base is None or not base.token:
        return False
    delta: Light | None = None
    if (library.root / DELTA_FILE).exists():
        delta = read_light(library.root / DELTA_FILE)
        if delta is None or delta.base_token != base.token:
            return False  # stale or damaged: numpy's path leaves it out
    parts = [base] if delta is None else [base, delta]
    extra = len(delta) if delta is not None else 0
    if len(base) + extra != count or extra + len(latest) > max(DELTA_MIN, len(base) // 20):
        return False
    joined = spans.joined_ids
    if not joined.isascii() or not spans.ids_unique():
        return False
    cached = base.joined_ids() + (delta.joined_ids()[1:] if delta is not None else b"")
    if cached != joined.encode("ascii"):
        return False
    heads = b"".join(part.hash_heads() for part in parts)
    if heads != spans.hashes.hex().encode("ascii"):
        return False  # a changed text: its row is dropped, which numpy's path does
    fresh_sets = {aid: sketch(a.body) for aid, a in latest.items()}
    # Names are no partners' mark (a shingle never has a name's hash).
    pooled = {h for row in fresh_sets.values() for h, at in row.items() if at >= 0}
    sets: dict[str, Placed] = {}
    for part in parts:
        try:
            places = [place for value in pooled for place in part.holding(value)]
        except IndexError:
            return False  # an order pointing past the shingles: numpy's pass, which ignores it
        if not places:
            continue
        ends = part.ends()
        shared = Counter(bisect_right(ends, place) for place in places)
        for row, n in shared.items():
            if n >= MIN_SHARED:
                start = ends[row - 1] if row else 0
                sets[part.id_at(row)] = dict(
                    zip(part.flat[start : ends[row]], part.places[start : ends[row]], strict=True)
                )
    sets.update(fresh_sets)
    sets = matching(sets, fresh_sets)
    involved = _involved(lazy, sets, fresh_sets)
    if involved is None:
        return False
    library.set_story_groups(link_new(involved, sets, set(fresh_sets)), only=True)
    made_from = [a.content_hash for a in latest.values()]
    rows = [sorted(fresh_sets[aid].items()) for aid in latest]
    return CacheWrite(_light_delta(base, delta, list(latest), made_from, rows), delta=True)


def _light_delta(
    base: Light,
    delta: Light | None,
    ids: list[str],
    made_from: list[str],
    rows: list[list[tuple[int, int]]],
) -> bytes:
    """The delta ``_encode`` makes of every row of ``delta`` and the new rows,
    written without numpy: the old members' bytes with the new ones after them,
    and the new shingles merged into the order."""
    old = [delta] if delta is not None else []

    def column(texts: list[str], widths: list[int], raws: list[bytes]) -> tuple[bytes, int]:
        encoded = [t.encode("ascii", "replace") for t in texts]
        width = max([*widths, *map(len, encoded), 1])
        out = b"".join(_rewidth(raw, w, width) for raw, w in zip(raws, widths, strict=True))
        return out + b"".join(e.ljust(width, b"\0") for e in encoded), width

    # The width numpy's concatenation gives: FILE's too, though none of its rows is kept.
    ids_raw, id_width = column(
        ids, [base.id_width, *(d.id_width for d in old)], [b"", *(d.ids for d in old)]
    )
    hashes_raw, hash_width = column(
        made_from, [base.hash_width, *(d.hash_width for d in old)], [b"", *(d.hashes for d in old)]
    )
    flat_before = delta.flat if delta is not None else memoryview(b"").cast("q")
    order_before = delta.order if delta is not None else memoryview(b"").cast("i")
    added = [value for row in rows for value, _ in row]
    places = (delta.places.tobytes() if delta is not None else b"") + array(
        "i", [place for row in rows for _, place in row]
    ).tobytes()
    n = len(ids) + (len(delta) if delta is not None else 0)
    total = len(flat_before) + len(added)
    sizes = (delta.sizes.tobytes() if delta is not None else b"") + array(
        "q", map(len, rows)
    ).tobytes()
    flat = flat_before.tobytes() + array("q", added).tobytes()
    members = {
        "format": npy(struct.pack("<q", FORMAT), "<i8", ()),
        "token": npy(struct.pack("<q", 0), "<i8", ()),
        "base_token": npy(struct.pack("<q", base.token), "<i8", ()),
        "ids": npy(ids_raw, f"|S{id_width}", (n,)),
        "hashes": npy(hashes_raw, f"|S{hash_width}", (n,)),
        "sizes": npy(sizes, "<i8", (n,)),
        "flat": npy(flat, "<i8", (total,)),
        "places": npy(places, "<i4", (total,)),
        ORDER: npy(_merged_order(flat_before, order_before, added), "<i4", (total,)),
    }
    return npz(members)


def _rewidth(raw: bytes, width: int, wanted: int) -> bytes:
    """Fixed-width byte strings padded with NULs to a larger width."""
    if width == wanted or not raw:
        return raw
    return b"".join(raw[at : at + width].ljust(wanted, b"\0") for at in range(0, len(raw), width))


def _merged_order(flat: memoryview, order: memoryview, added: list[int]) -> bytes:
    """The stable order of ``flat`` followed by ``added``, from ``flat``'s:
    each added value goes after the equal ones before it (ties in place order,
    as ``numpy.argsort(kind="stable")``)."""
    if order.format != "i":
        order = memoryview(array("i", order))
    pieces: list[bytes] = []
    at = 0
    for k in sorted(range(len(added)), key=lambda k: (added[k], k)):
        cut = bisect_right(order, added[k], key=flat.__getitem__)
        pieces += [order[at:cut].tobytes(), struct.pack("<i", len(flat) + k)]
        at = cut
    pieces.append(order[at:].tobytes())
    return b"".join(pieces)


def _true_rows(cache: Cache, ids: list[str], blob: bytes, latest: dict[str, Article]) -> list[int]:
    """The cache's rows still true of their article (in the index, same content
    hash, not re-imported now). The cache's rows are in the index's order
    unless articles were removed or the cache rebuilt: then one comparison of
    arrays; else a lookup per row."""
    import numpy as np

    n = len(cache.sizes)
    hexes = np.frombuffer(blob.hex().encode("ascii"), "S16")
    try:
        # Bytes either way (files of older versions hold text arrays).
        made_from = cache.hashes_raw.astype("S", copy=False)
        cached_ids = cache.ids_raw.astype("S", copy=False)
    except UnicodeError:
        made_from = cached_ids = None
    if n and made_from is not None and made_from.dtype.itemsize >= 16:
        made_from = np.ascontiguousarray(made_from.view(np.uint8).reshape(n, -1)[:, :16])
        made_from = made_from.view("S16").ravel()
        listed = np.array(ids[:n], dtype="S") if n <= len(ids) else None
        if listed is not None and bool((listed == cached_ids).all()):
            same = made_from == hexes[:n]
            if latest:
                same &= ~np.isin(listed, np.array(list(latest), dtype="S"))
            return np.flatnonzero(same).tolist()
    position = {aid: i for i, aid in enumerate(ids)}
    text = blob.hex()
    return [
        i
        for i, (aid, digest) in enumerate(zip(cache.ids, cache.hashes, strict=True))
        if aid not in latest
        and (p := position.get(aid)) is not None
        and text[16 * p : 16 * p + 16] == digest[:16]
    ]


def _cache_write(cache: Cache, rows: list[int], new: _Rows) -> CacheWrite:
    base = cache.base_rows
    # Rows are in order, so FILE's rows are all kept when the first ``base`` are
    # exactly 0..base-1; then only the delta needs writing.
    keeps_base = (
        cache.token != 0
        and len(rows) >= base
        and (base == 0 or rows[base - 1] == base - 1)
        # Text arrays (written by older versions) cost every read a conversion,
        # and a file without the order of its shingles every import numpy's
        # pass over them all: written again once.
        and cache.ids_raw.dtype.kind == cache.hashes_raw.dtype.kind == "S"
        and cache.ordered
    )
    if keeps_base and len(rows) - base + len(new.ids) <= max(DELTA_MIN, base // 20):
        delta = _encode(cache, rows[base:], new, base_token=cache.token)
        return CacheWrite(delta, delta=True)
    token = int.from_bytes(os.urandom(7), "little") or 1
    return CacheWrite(_encode(cache, rows, new, token=token), delta=False)
