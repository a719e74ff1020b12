"""The shingle cache read by mapping its files (storage.story_cache): the same
rows, sets and partners as the arrays in memory, and damage to the small
members is caught by the archive's checksums."""

from __future__ import annotations

import io
import random

import numpy as np

from storage.story_cache import FORMAT, Cache, join, read


def _places(row: list[int]) -> list[int]:
    """Places for a row of hashes: backwards, so no test passes by their order alone."""
    return list(range(len(row)))[::-1]


def _file(path, ids, hashes, sets, token=7, base_token=0, version=FORMAT):
    buffer = io.BytesIO()
    members = {
        "format": np.int64(version),
        "token": np.int64(token),
        "base_token": np.int64(base_token),
        "ids": np.array([i.encode() for i in ids], dtype="S"),
        "hashes": np.array([h.encode() for h in hashes], dtype="S"),
        "sizes": np.array([len(s) for s in sets], np.int64),
        "flat": np.array([v for s in sets for v in s], np.int64),
    }
    if version >= 2:
        members["places"] = np.array([r for s in sets for r in _places(s)], np.int32)
    np.savez(buffer, **members)
    path.write_bytes(buffer.getvalue())


def _sets(rng: random.Random, n: int) -> list[list[int]]:
    return [
        sorted({rng.randrange(-(2**62), 2**62) for _ in range(rng.randint(0, 30))})
        for _ in range(n)
    ]


def test_mapped_rows_sets_and_partners_match_the_arrays(tmp_path):
    rng = random.Random(3)
    common = [rng.randrange(2**60) for _ in range(12)]
    base_sets = _sets(rng, 40)
    delta_sets = _sets(rng, 9)
    for s in (base_sets[4], base_sets[17], delta_sets[2], delta_sets[8]):
        s.extend(common[: rng.randint(3, 12)])
    base_ids = [f"b{i}" for i in range(40)]
    delta_ids = [f"d{i}" for i in range(9)]
    _file(tmp_path / "base.npz", base_ids, ["h" * 64] * 40, base_sets, token=5)
    _file(tmp_path / "delta.npz", delta_ids, ["g" * 64] * 9, delta_sets, token=0, base_token=5)
    base, token, _ = read(tmp_path / "base.npz")
    delta, _, base_token = read(tmp_path / "delta.npz")
    assert (token, base_token) == (5, 5)
    cache: Cache = join(base, delta)
    assert cache.base_rows == 40 and cache.ids == base_ids + delta_ids
    everything = base_sets + delta_sets
    assert cache.sets(range(49)) == {
        aid: dict(zip(s, _places(s), strict=True))
        for aid, s in zip(base_ids + delta_ids, everything, strict=True)
    }
    pooled = set(common) | {rng.randrange(2**60) for _ in range(50)}
    rows = list(range(0, 49, 1))
    want = [i for i in rows if len(set(everything[i]) & pooled) >= 3]
    assert cache.partners(rows, pooled, 3) == want
    assert set(want) >= {4, 17, 42}
    assert cache.partners([i for i in rows if i != 17], pooled, 3) == [i for i in want if i != 17]
    keep = np.zeros(49, bool)
    keep[[3, 4, 41]] = True
    assert cache.kept_flat(keep).tolist() == everything[3] + everything[4] + everything[41]
    kept = [r for i in (3, 4, 41) for r in _places(everything[i])]
    assert cache.kept_places(keep).tolist() == kept


def test_a_file_of_the_format_without_places_reads_as_missing(tmp_path):
    # Format 1 held no places: the boilerplate rule cannot be applied to its
    # rows, so the cache is made again from the bodies.
    _file(tmp_path / "old.npz", ["a1", "a2"], ["f" * 64, "e" * 64], [[1, 2, 3], [4, 5]], version=1)
    assert read(tmp_path / "old.npz") is None
    _file(tmp_path / "new.npz", ["a1", "a2"], ["f" * 64, "e" * 64], [[1, 2, 3], [4, 5]])
    assert read(tmp_path / "new.npz") is not None


def test_a_damaged_small_member_makes_the_file_unread(tmp_path):
    path = tmp_path / "cache.npz"
    _file(path, ["a1", "a2"], ["f" * 64, "e" * 64], [[1, 2, 3], [4, 5]])
    assert read(path) is not None
    data = bytearray(path.read_bytes())
    at = data.find(b"a2")
    data[at + 1] = ord("9")  # the ids member now says a9: its CRC no longer fits
    path.write_bytes(bytes(data))
    assert read(path) is None
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert read(path) is None


def test_partners_tell_apart_shingles_that_share_their_low_bits(tmp_path):
    """The bit table passes every shingle whose low 22 bits match a pooled one;
    the exact comparison after it must turn away the rest, including shingles
    above and below every pooled hash."""
    low = (1 << 22) - 1
    pooled = {5, (1 << 40) | 7, -(1 << 50) | 9}
    collide = [(1 << 41) | 5, (1 << 61) | 7, -(1 << 62), (2 << 40) | 9, 5 & low | (3 << 30)]
    sets = [
        [collide[0]],  # above every pooled hash, same low bits as 5
        [collide[1], collide[2]],
        [5],
        [collide[3], (1 << 40) | 7],
        [collide[4]],
        [-(1 << 50) | 9, 5, (1 << 40) | 7],
    ]
    _file(tmp_path / "base.npz", [f"a{i}" for i in range(6)], ["h" * 64] * 6, sets)
    cache, _, _ = read(tmp_path / "base.npz")
    assert cache.partners(list(range(6)), pooled, 1) == [2, 3, 5]
    assert cache.partners(list(range(6)), pooled, 3) == [5]
