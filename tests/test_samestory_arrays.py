"""The array implementation of same-story grouping against the reference.

``groups_from_arrays`` must give exactly the groups ``groups_from_shingles``
gives (the definition), and ``shingle_arrays`` exactly the sets ``shingles``
gives, on corpora built to hit every branch: exact copies, copies differing in
case or punctuation only (identical shingle sets), light rewrites, truncations,
short blurbs, empty bodies, non-ASCII text, boilerplate shared by everything.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from newsread.ingest import samestory
from newsread.ingest.samestory import (
    groups_from_arrays,
    groups_from_shingles,
    placed_shingle_arrays,
    placed_shingles,
    sketch,
)

BOILERPLATE = "Sign up for our newsletter to get the morning briefing in your inbox every day."


def _corpus(seed: int, n: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(300)] + ["Élan", "naïve", "café", "straße", "Ωmega"]
    stories = [
        " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 450)))
        for _ in range(max(1, n // 8))
    ]
    out = []
    for i in range(n):
        words = rng.choice(stories).split()
        kind = rng.random()
        if kind < 0.25:
            text = " ".join(words)
        elif kind < 0.4:
            text = " ".join(words).upper() + " !!"
        elif kind < 0.55:
            k = rng.randint(0, max(0, len(words) - 1))
            text = " ".join(words[:k] + ["edited", "copy"] + words[k + 3 :])
        elif kind < 0.65:
            text = " ".join(words[: rng.randint(0, len(words))])
        elif kind < 0.75:
            text = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 6)))
        elif kind < 0.85:
            text = f"Dispatch {i} from the desk.\n\n" + " ".join(words)
        else:
            text = " ".join(rng.choice(vocab) for _ in range(rng.randint(40, 220)))
        if rng.random() < 0.3:
            text += "\n\n" + BOILERPLATE
        out.append((f"id{rng.randint(0, 999):03d}-{i}", text))
    return out


def _arrays(
    articles: list[tuple[str, str]],
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    sizes, flat, places = placed_shingle_arrays(text for _, text in articles)
    return [aid for aid, _ in articles], sizes, flat, places


@pytest.mark.parametrize("seed", range(12))
def test_arrays_group_as_the_reference_does(seed: int) -> None:
    articles = _corpus(seed, random.Random(seed).randint(1, 300))
    reference = groups_from_shingles({aid: sketch(text) for aid, text in articles})
    assert groups_from_arrays(*_arrays(articles)) == reference
    # The corpus must exercise grouping, not only singletons.
    assert len(set(reference.values())) < len(articles) or len(articles) < 8


@pytest.mark.parametrize("seed", range(4))
def test_small_passes_group_as_one_big_pass(seed: int, monkeypatch) -> None:
    # Tiny budgets: many gather passes and verification passes, with the
    # groups refreshed between them.
    monkeypatch.setattr(samestory, "_GATHER_BUDGET", 7)
    monkeypatch.setattr(samestory, "_VERIFY_BUDGET", 5)
    articles = _corpus(100 + seed, 250)
    reference = groups_from_shingles({aid: sketch(text) for aid, text in articles})
    assert groups_from_arrays(*_arrays(articles)) == reference


def test_shingle_arrays_are_the_sets_of_shingles(monkeypatch) -> None:
    articles = _corpus(5, 400) + [("e", ""), ("one", "word"), ("four", "a b c d")]
    monkeypatch.setattr(samestory, "_TEXT_BATCH", 37)  # several batches
    ids, sizes, flat, places = _arrays(articles)
    ends = np.cumsum(sizes).tolist()
    for (aid, text), size, end in zip(articles, sizes.tolist(), ends, strict=True):
        row = flat[end - size : end].tolist()
        assert row == sorted(set(row)), aid
        row_places = places[end - size : end].tolist()
        assert dict(zip(row, row_places, strict=True)) == sketch(text), aid
        shingled = {h: at for h, at in zip(row, row_places, strict=True) if at >= 0}
        assert shingled == placed_shingles(text), aid


def test_without_the_numpy_tuple_hash_the_sets_are_the_same(monkeypatch) -> None:
    # Another interpreter's tuple hash: every text goes through shingles().
    articles = _corpus(6, 120)
    want = placed_shingle_arrays(text for _, text in articles)
    monkeypatch.setattr(samestory, "_TUPLE_HASH_OK", False)
    got = placed_shingle_arrays(text for _, text in articles)
    assert want[0].tolist() == got[0].tolist()
    assert want[1].tolist() == got[1].tolist()
    assert want[2].tolist() == got[2].tolist()


def test_rows_need_not_be_sorted_sets() -> None:
    # A cache row in another order, or repeating a value (later in the text:
    # a later place, which the first occurrence's hides), is still a set.
    articles = _corpus(7, 150)
    reference = groups_from_shingles({aid: sketch(text) for aid, text in articles})
    ids, sizes, flat, places = _arrays(articles)
    rng = random.Random(1)
    rows, start = [], 0
    for size in sizes.tolist():
        at = slice(start, start + size)
        row = list(zip(flat[at].tolist(), places[at].tolist(), strict=True))
        start += size
        row += [(h, r + 1000) for h, r in row[: rng.randint(0, 2)]]
        rng.shuffle(row)
        rows.append(row)
    messy = np.array([h for row in rows for h, _ in row], np.int64)
    messy_places = np.array([r for row in rows for _, r in row], np.int64)
    lengths = np.array([len(r) for r in rows])
    assert groups_from_arrays(ids, lengths, messy, messy_places) == reference


def test_identical_sets_under_min_shared_stay_apart() -> None:
    ids = ["a", "b", "c", "d"]
    sizes = np.array([3, 3, 4, 4])
    flat = np.array([1, 2, 3, 1, 2, 3, 5, 6, 7, 8, 5, 6, 7, 8], np.int64)
    places = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 0, 1, 2, 3], np.int64)
    got = groups_from_arrays(ids, sizes, flat, places)
    assert got == {"a": "a", "b": "b", "c": "c", "d": "c"}
    none = np.zeros(0, np.int64)
    assert groups_from_arrays([], none, none, none) == {}


def _words(story: int, n: int) -> list[str]:
    return [f"s{story}x{k}" for k in range(n)]


def _spread(shared: list[str], own: list[str]) -> list[str]:
    """``shared`` cut in four stretches between five of ``own``'s."""
    out: list[str] = []
    for k in range(4):
        out += own[k * len(own) // 5 : (k + 1) * len(own) // 5]
        out += shared[k * len(shared) // 4 : (k + 1) * len(shared) // 4]
    return out + own[4 * len(own) // 5 :]


def test_probe_cut_and_partial_overlaps_as_the_reference() -> None:
    # X and Y share a passage P (spread over them) held by four articles; each also has a copy
    # sharing ~100 rarer shingles, so P is never among their PROBES probes:
    # the reference leaves X and Y apart although they pass same_story.
    passage = _words(0, 160)
    articles = {
        "x": _spread(passage, _words(1, 400)),
        "x2": _spread(passage, _words(1, 400)) + ["tail"],
        "y": _spread(passage, _words(2, 400)),
        "y2": _spread(passage, _words(2, 400)) + ["other", "tail"],
        # A and B share 30 % of their text in stretches spread over all of
        # it: joined (overlap above 0.25).
        "a": _spread(_words(3, 120), _words(4, 280)),
        "b": _spread(_words(3, 120), _words(5, 280)),
        # C and D share 15 %: apart.
        "c": _spread(_words(6, 60), _words(7, 340)),
        "d": _spread(_words(6, 60), _words(8, 340)),
        # E and F share 30 % of their text as one block: boilerplate, apart.
        "e": _words(9, 280) + _words(10, 120),
        "f": _words(11, 280) + _words(10, 120),
    }
    texts = {aid: " ".join(words) for aid, words in articles.items()}
    sets = {aid: sketch(text) for aid, text in texts.items()}
    reference = groups_from_shingles(sets)
    assert samestory.same_story(sets["x"], sets["y"])
    assert reference["x"] == reference["x2"] != reference["y"] == reference["y2"]
    assert reference["a"] == reference["b"] and reference["c"] != reference["d"]
    assert reference["e"] != reference["f"]
    assert groups_from_arrays(*_arrays(list(texts.items()))) == reference
