"""Cached same-story shingles, so an import regroups without reading every body.

``story-shingles.npz`` holds every article's sampled shingle hashes as flat
numpy arrays (ids, the content hash each entry was made from, set sizes, the
hashes end to end). It is a derived cache, never the truth:

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
(``story-shingles.json``) is read once when there is no new one, then removed.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsread.ingest.samestory import MIN_SHARED, groups_from_arrays, link_new, shingle_arrays
from newsread.model import Article
from storage.atomic import CorruptFileError, atomic_write_bytes, read_json, remove_file
from storage.errors import LibraryError
from storage.library import Library

if TYPE_CHECKING:
    import numpy as np

FILE = "story-shingles.npz"
#: The entries added since FILE was written, for the FILE with the same token:
#: an import of one article writes a few kilobytes instead of ~70 MB.
DELTA_FILE = "story-shingles-delta.npz"
OLD_FILE = "story-shingles.json"
FORMAT = 1
#: The delta is folded into a new FILE once it holds more entries than this or
#: a twentieth of FILE's, whichever is more.
DELTA_MIN = 2000


@dataclass
class _Cache:
    ids: list[str]
    hashes: list[str]  # content hash each entry was made from
    sizes: np.ndarray  # int64, one per id
    flat: np.ndarray  # int64, every id's shingles end to end
    #: how many of the rows come from FILE (the rest from DELTA_FILE)
    base_rows: int = 0
    #: FILE's token (0: a file without one, which takes no delta)
    token: int = 0

    def sets(self, rows: Iterable[int]) -> dict[str, set[int]]:
        import numpy as np

        ends = np.cumsum(self.sizes)
        starts = ends - self.sizes
        return {self.ids[i]: set(self.flat[starts[i] : ends[i]].tolist()) for i in rows}


def _empty() -> _Cache:
    import numpy as np

    return _Cache([], [], np.zeros(0, np.int64), np.zeros(0, np.int64))


def _texts(array: np.ndarray) -> list[str]:
    return [v if isinstance(v, str) else v.decode("ascii") for v in array.tolist()]


def _load(library: Library) -> _Cache | None:
    """The cache as on disk (FILE, then the delta made for it), or None when
    FILE is missing or damaged. A stale or damaged delta is left out: its
    articles are then shingled again from their bodies."""
    import numpy as np

    base = _read(library.root / FILE)
    if base is None:
        return None
    cache, token, _ = base
    cache.base_rows, cache.token = len(cache.ids), token
    delta = _read(library.root / DELTA_FILE) if token else None
    if delta is not None and delta[2] == token:
        more = delta[0]
        cache.ids += more.ids
        cache.hashes += more.hashes
        cache.sizes = np.concatenate([cache.sizes, more.sizes])
        cache.flat = np.concatenate([cache.flat, more.flat])
    return cache


def _read(path: Path) -> tuple[_Cache, int, int] | None:
    """(entries, token, base token) of one cache file, or None when it is
    missing or damaged."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            cache = _Cache(
                _texts(data["ids"]),
                _texts(data["hashes"]),
                # No copy when the arrays are int64 already (they are, as written).
                data["sizes"].astype(np.int64, copy=False),
                data["flat"].astype(np.int64, copy=False),
            )
            if int(data["format"]) != FORMAT:
                return None
            token = int(data["token"]) if "token" in data.files else 0
            base_token = int(data["base_token"]) if "base_token" in data.files else 0
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - any damage at all: rebuild, never trust
        return None
    if not (len(cache.ids) == len(cache.hashes) == len(cache.sizes)) or (
        int(cache.sizes.sum()) != len(cache.flat) or (cache.sizes < 0).any()
    ):
        return None
    return cache, token, base_token


def _load_old(library: Library, index: dict[str, dict[str, Any]]) -> dict[str, set[int]]:
    """The JSON cache older versions wrote (id -> hashes), for known articles."""
    try:
        data = read_json(library.root / OLD_FILE) or {}
    except CorruptFileError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        aid: {int(v) for v in values}
        for aid, values in data.items()
        if aid in index and isinstance(values, list) and all(isinstance(v, int) for v in values)
    }


@dataclass
class _Rows:
    """Shingle sets to add to the cache: ids, the content hash each was made
    from, and the sets as :func:`shingle_arrays` lays them out."""

    ids: list[str]
    hashes: list[str]
    sizes: np.ndarray
    flat: np.ndarray

    def sets(self) -> dict[str, set[int]]:
        import numpy as np

        ends = np.cumsum(self.sizes).tolist()
        flat = self.flat
        return {
            aid: set(flat[end - size : end].tolist())
            for aid, size, end in zip(self.ids, self.sizes.tolist(), ends, strict=True)
        }


def _rows(parts: list[tuple[list[str], list[str], np.ndarray, np.ndarray]]) -> _Rows:
    import numpy as np

    return _Rows(
        [aid for part in parts for aid in part[0]],
        [digest for part in parts for digest in part[1]],
        np.concatenate([np.zeros(0, np.int64), *(part[2] for part in parts)]),
        np.concatenate([np.zeros(0, np.int64), *(part[3] for part in parts)]),
    )


def _encode(
    cache: _Cache,
    rows: list[int],
    fresh: _Rows,
    token: int = 0,
    base_token: int = 0,
) -> bytes:
    """A cache file: the kept rows of ``cache`` (copied as arrays), then ``fresh``;
    FILE carries its ``token``, a delta the ``base_token`` of the FILE it extends."""
    import numpy as np

    keep = np.zeros(len(cache.ids), bool)
    keep[rows] = True
    ids = [cache.ids[i] for i in rows] + fresh.ids
    made_from = [cache.hashes[i] for i in rows] + fresh.hashes
    buffer = io.BytesIO()
    np.savez(
        buffer,
        format=np.int64(FORMAT),
        token=np.int64(token),
        base_token=np.int64(base_token),
        # ASCII bytes: ids are [A-Za-z0-9_-] and hashes hex (anything else only
        # fails to match next time, and is made again).
        ids=np.array([i.encode("ascii", "replace") for i in ids], dtype="S")
        if ids
        else np.zeros(0, "S1"),
        hashes=np.array([h.encode("ascii", "replace") for h in made_from], dtype="S")
        if made_from
        else np.zeros(0, "S1"),
        sizes=np.concatenate([cache.sizes[keep], fresh.sizes]),
        flat=np.concatenate([cache.flat[np.repeat(keep, cache.sizes)], fresh.flat]),
    )
    return buffer.getvalue()


def _partners(cache: _Cache, rows: list[int], pooled: set[int]) -> list[int]:
    """Rows (of ``rows``) sharing at least MIN_SHARED shingles with ``pooled``."""
    import numpy as np

    if not rows or not pooled or not len(cache.flat):
        return []
    owner = np.repeat(np.arange(len(cache.ids)), cache.sizes)
    hit = np.isin(cache.flat, np.fromiter(pooled, np.int64, len(pooled)))
    counts = np.bincount(owner[hit], minlength=len(cache.ids))
    wanted = np.zeros(len(cache.ids), bool)
    wanted[rows] = True
    return np.nonzero((counts >= MIN_SHARED) & wanted)[0].tolist()


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
    import numpy as np

    index = library._by_id()
    # By id, the last one standing, as a dict of them would be.
    latest = {a.id: a for a in fresh if a.id in index}
    cache = _load(library)
    old: dict[str, set[int]] = {}
    if cache is None:
        cache = _empty()
        old = _load_old(library, index)
    # Entries still true of their article: known, same text, not re-imported.
    rows = [
        i
        for i, (aid, made_from) in enumerate(zip(cache.ids, cache.hashes, strict=True))
        if aid not in latest and aid in index and index[aid].get("content_hash") == made_from
    ]
    covered = {cache.ids[i] for i in rows}
    # A first run on an older library, a changed text, a lost cache: the body
    # files directly (read one batch at a time), or the old JSON cache's sets.
    unread = [aid for aid in index if aid not in latest and aid not in covered and aid not in old]
    reused = [aid for aid in index if aid not in latest and aid not in covered and aid in old]
    parts = []
    if latest:
        parts.append(
            (
                list(latest),
                [a.content_hash for a in latest.values()],
                *shingle_arrays(a.body for a in latest.values()),
            )
        )
    if unread:
        parts.append(
            (
                unread,
                [index[aid].get("content_hash", "") for aid in unread],
                *shingle_arrays(library.read_body(aid) for aid in unread),
            )
        )
    if reused:
        sets = [sorted(old[aid]) for aid in reused]
        parts.append(
            (
                reused,
                [index[aid].get("content_hash", "") for aid in reused],
                np.array([len(x) for x in sets], np.int64),
                np.array([h for x in sets for h in x], np.int64),
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
                np.concatenate([cache.flat[np.repeat(keep, cache.sizes)], new.flat]),
            )
        )
    elif new.ids:
        fresh_sets = new.sets()
        pooled: set[int] = set(new.flat.tolist())
        sets = cache.sets(_partners(cache, rows, pooled))
        sets.update(fresh_sets)
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
    if not new.ids and not old and len(rows) == len(cache.ids):
        return None  # the cache is exactly right already
    base = cache.base_rows
    # Rows are in order, so FILE's rows are all kept when the first ``base`` are
    # exactly 0..base-1; then only the delta needs writing.
    keeps_base = (
        cache.token != 0 and len(rows) >= base and (base == 0 or rows[base - 1] == base - 1)
    )
    if keeps_base and len(rows) - base + len(new.ids) <= max(DELTA_MIN, base // 20):
        delta = _encode(cache, rows[base:], new, base_token=cache.token)
        return CacheWrite(delta, delta=True)
    token = int.from_bytes(os.urandom(7), "little") or 1
    return CacheWrite(_encode(cache, rows, new, token=token), delta=False)
