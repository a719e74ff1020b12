"""Same-story grouping of a few new articles without numpy (story_index's
light path): the same partners, groups and cache files as numpy's path, and
numpy's path whenever the cache cannot be read without it."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsread.ingest.samestory import MIN_SHARED, shingle_arrays, story_groups
from newsread.model import Article
from storage import atomic, story_index
from storage.library import Library
from storage.story_cache import ORDER, read, read_light
from storage.story_index import DELTA_FILE, FILE, regroup, stage_groups, write_cache

WORDS = ["rates", "port", "crane", "strike", "council", "budget", "river", "school"]


def _articles(n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    out: list[Article] = []
    for i in range(n):
        if i % 3 == 2 and out:
            base = out[rng.randrange(len(out))].body
            body = "A fresh lead for this copy. " + base[: len(base) * 2 // 3]
        else:
            body = " ".join(rng.choice(WORDS) + str(rng.randint(0, 300)) for _ in range(120))
        # Ids of two widths: the cache's fixed-width columns are padded.
        aid = f"id{i:03d}" if i % 4 else f"x{i:03d}-long"
        out.append(Article(id=aid, title=f"T{i}", body=body, source="S"))
    return out


def _one_more(lib: Library, articles: list[Article]) -> None:
    """As an import's last input, in a new process: saved and grouped in one
    transaction, the index read through its spans."""
    atomic._parsed.clear()
    with lib.transaction():
        lib.save_articles(articles)
        pending = stage_groups(lib, articles)
    write_cache(lib, pending)


def _arrays(path: Path) -> dict[str, Any]:
    with np.load(path) as data:
        return {name: data[name] for name in data.files}


def _groups(lib: Library) -> dict[str, str]:
    return {m["id"]: m["story_group"] for m in lib.article_metas()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_light_path_gives_numpy_paths_groups_and_files(tmp_path, monkeypatch, seed):
    articles = _articles(70, seed)
    taken: list[bool] = []
    real = story_index._stage_light

    def counted(*args: Any) -> Any:
        done = real(*args)
        taken.append(done is not False)
        return done

    libs = {}
    for mode in ("light", "numpy"):
        lib = libs[mode] = Library(tmp_path / mode)
        monkeypatch.setattr(
            story_index, "_stage_light", counted if mode == "light" else lambda *a: False
        )
        lib.save_articles(articles[:40])
        regroup(lib, articles[:40])
        if mode == "light":
            taken.clear()  # regroup's own call: the articles were saved before it
        for i in range(40, 70, 3):
            _one_more(lib, articles[i : i + 3])
    assert taken and all(taken), taken
    assert _groups(libs["light"]) == _groups(libs["numpy"])
    assert _groups(libs["light"]) == story_groups([(a.id, a.body) for a in articles])
    for name in (FILE, DELTA_FILE):
        light, heavy = (_arrays(lib.root / name) for lib in libs.values())
        assert light.keys() == heavy.keys()
        for key in set(light) - {"token", "base_token"}:  # tokens are random
            assert light[key].dtype == heavy[key].dtype, key
            assert (light[key] == heavy[key]).all(), key
    main, delta = (_arrays(libs["light"].root / name) for name in (FILE, DELTA_FILE))
    assert delta["base_token"] == main["token"] != 0


def _grouped(root: Path, articles: list[Article]) -> Library:
    """A library of ``articles``, grouped: its shingle cache written whole."""
    lib = Library(root)
    lib.save_articles(articles)
    regroup(lib, articles)
    return lib


def test_light_partners_are_numpys(tmp_path):
    """Every row sharing MIN_SHARED shingles or more with the pooled ones, and
    only those, through binary searches of the order member."""
    articles = _articles(60, 4)
    _grouped(tmp_path, articles)
    cache, _, _ = read(tmp_path / FILE)
    light = read_light(tmp_path / FILE)
    assert light is not None and len(light) == len(cache.sizes)
    rng = random.Random(5)
    flat = cache.flat.tolist()
    for _ in range(20):
        pooled = set(rng.sample(flat, 40)) | {rng.randrange(-(2**62), 2**62) for _ in range(5)}
        ends = light.ends()
        counts: dict[int, int] = {}
        for value in pooled:
            for place in light.holding(value):
                row = next(r for r, end in enumerate(ends) if place < end)
                counts[row] = counts.get(row, 0) + 1
        mine = sorted(r for r, n in counts.items() if n >= MIN_SHARED)
        assert mine == cache.partners(list(range(len(ends))), pooled, MIN_SHARED)
    assert [light.id_at(r) for r in range(len(light))] == cache.ids


def test_the_merged_order_is_a_stable_sort():
    rng = random.Random(8)
    for _ in range(50):
        old = [rng.randrange(-5, 6) for _ in range(rng.randint(0, 40))]
        added = [rng.randrange(-6, 7) for _ in range(rng.randint(0, 10))]
        flat = memoryview(np.array(old, np.int64).tobytes()).cast("q")
        order = memoryview(np.argsort(old, kind="stable").astype(np.int32).tobytes()).cast("i")
        merged = np.frombuffer(story_index._merged_order(flat, order, added), np.int32)
        assert merged.tolist() == np.argsort(old + added, kind="stable").tolist()


def test_the_new_articles_shingles_are_shingle_arrays():
    texts = [a.body for a in _articles(12, 6)] + ["Caf\u00e9 \u2019quoted\u2019 words", "a b", ""]
    sizes, flat = shingle_arrays(texts)
    ends = np.cumsum(sizes).tolist()
    for text, size, end in zip(texts, sizes.tolist(), ends, strict=True):
        from newsread.ingest.samestory import shingles

        assert sorted(shingles(text)) == flat[end - size : end].tolist()


def test_a_main_file_without_the_order_is_written_again_with_it(tmp_path):
    """Files of the previous version: numpy's path, once, then the light one."""
    articles = _articles(50, 7)
    lib = _grouped(tmp_path, articles[:40])
    arrays = _arrays(tmp_path / FILE)
    del arrays[ORDER]
    np.savez(tmp_path / FILE, **arrays)
    assert read_light(tmp_path / FILE) is None
    _one_more(lib, [articles[40]])
    assert ORDER in _arrays(tmp_path / FILE)
    assert not (tmp_path / DELTA_FILE).exists()
    _one_more(lib, [articles[41]])
    assert (tmp_path / DELTA_FILE).exists()
    assert read_light(tmp_path / DELTA_FILE) is not None
    for i in range(42, 50):
        _one_more(lib, [articles[i]])
    assert _groups(lib) == story_groups([(a.id, a.body) for a in articles])


def test_a_damaged_order_member_is_not_read_light(tmp_path):
    articles = _articles(40, 9)
    _grouped(tmp_path, articles)
    arrays = _arrays(tmp_path / FILE)
    arrays[ORDER] = arrays[ORDER][:-1]
    np.savez(tmp_path / FILE, **arrays)
    assert read_light(tmp_path / FILE) is None
    (tmp_path / FILE).write_bytes(b"PK\x03\x04 not really")
    assert read_light(tmp_path / FILE) is None


def test_an_order_pointing_past_the_shingles_falls_back_to_numpy(tmp_path):
    articles = _articles(45, 10)
    lib = _grouped(tmp_path, articles[:40])
    arrays = _arrays(tmp_path / FILE)
    arrays[ORDER] = np.full_like(arrays[ORDER], len(arrays["flat"]) + 5)
    np.savez(tmp_path / FILE, **arrays)
    assert read_light(tmp_path / FILE) is not None  # not checked when read: too big
    for i in range(40, 45):
        _one_more(lib, [articles[i]])
    assert _groups(lib) == story_groups([(a.id, a.body) for a in articles])
