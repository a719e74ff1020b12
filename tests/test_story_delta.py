"""The shingle cache grows by a small delta file, folded into the main one later.

Importing one article into a big library must not rewrite the ~70 MB cache: the
new entries go to story-shingles-delta.npz, made for the main file's token. A
delta that does not match (a main file written since, damage) is ignored, and
its articles are shingled again from their bodies; the groups never change.
"""

from __future__ import annotations

import random

from newsread.ingest.samestory import story_groups
from newsread.model import Article
from storage import story_index
from storage.library import Library
from storage.story_index import DELTA_FILE, FILE, regroup

WORDS = ["rates", "port", "crane", "strike", "council", "budget", "river", "school"]


def _articles(n: int, seed: int = 5) -> list[Article]:
    rng = random.Random(seed)
    out: list[Article] = []
    for i in range(n):
        if i % 3 == 2:
            base = out[rng.randrange(len(out))].body
            body = "A fresh lead for this copy. " + base[: len(base) * 2 // 3]
        else:
            body = " ".join(rng.choice(WORDS) + str(rng.randint(0, 300)) for _ in range(120))
        out.append(Article(id=f"id{i:03d}", title=f"T{i}", body=body, source="S"))
    return out


def _groups(lib: Library) -> dict[str, str]:
    return {m["id"]: m["story_group"] for m in lib.article_metas()}


def _expected(articles: list[Article]) -> dict[str, str]:
    return story_groups([(a.id, a.body) for a in articles])


def _import(lib: Library, articles: list[Article]) -> None:
    lib.save_articles(articles)
    regroup(lib, articles)


def test_one_more_article_writes_the_delta_not_the_main_file(tmp_path):
    articles = _articles(45)
    lib = Library(tmp_path)
    _import(lib, articles[:40])
    main = (tmp_path / FILE).read_bytes()
    assert not (tmp_path / DELTA_FILE).exists()
    for i in range(40, 45):
        _import(lib, [articles[i]])
        assert (tmp_path / FILE).read_bytes() == main
    assert (tmp_path / DELTA_FILE).exists()
    assert _groups(lib) == _expected(articles)
    cache = story_index._load(lib)
    assert cache is not None and sorted(cache.ids) == sorted(a.id for a in articles)


def test_a_delta_for_another_main_file_is_ignored(tmp_path):
    articles = _articles(45)
    lib = Library(tmp_path)
    _import(lib, articles[:40])
    _import(lib, articles[40:42])
    stale = (tmp_path / DELTA_FILE).read_bytes()
    (tmp_path / DELTA_FILE).unlink()
    (tmp_path / FILE).unlink()
    regroup(lib)  # a new main file, with a new token, from the bodies
    (tmp_path / DELTA_FILE).write_bytes(stale)  # as if a kill had left it
    cache = story_index._load(lib)
    assert cache is not None and len(cache.ids) == 42  # the stale delta left out
    _import(lib, articles[42:])
    assert _groups(lib) == _expected(articles)


def test_a_damaged_delta_only_costs_a_reshingling(tmp_path):
    articles = _articles(45)
    lib = Library(tmp_path)
    _import(lib, articles[:40])
    _import(lib, articles[40:43])
    (tmp_path / DELTA_FILE).write_bytes(b"not a zip")
    _import(lib, articles[43:])
    assert _groups(lib) == _expected(articles)
    cache = story_index._load(lib)
    assert cache is not None and len(set(cache.ids)) == 45


def test_a_big_delta_is_folded_into_the_main_file(tmp_path, monkeypatch):
    monkeypatch.setattr(story_index, "DELTA_MIN", 3)
    articles = _articles(60)
    lib = Library(tmp_path)
    _import(lib, articles[:40])
    for i in range(40, 60):
        _import(lib, [articles[i]])
        cache = story_index._load(lib)
        assert cache is not None and len(cache.ids) - cache.base_rows <= 3
    assert _groups(lib) == _expected(articles)


def test_a_main_file_of_text_arrays_is_read_and_written_again_as_bytes(tmp_path):
    """Older versions wrote the ids and hashes as text arrays: still read, and
    written again once as bytes, which the next imports compare in one pass."""
    import io

    import numpy as np

    articles = _articles(45)
    lib = Library(tmp_path)
    _import(lib, articles[:40])
    with np.load(tmp_path / FILE) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["ids"] = arrays["ids"].astype("U")
    arrays["hashes"] = arrays["hashes"].astype("U")
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    (tmp_path / FILE).write_bytes(buffer.getvalue())
    assert story_index._load(lib).ids_raw.dtype.kind == "U"
    _import(lib, [articles[40]])
    assert story_index._load(lib).ids_raw.dtype.kind == "S"
    _import(lib, articles[41:])
    assert _groups(lib) == _expected(articles)
