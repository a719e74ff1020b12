from __future__ import annotations

import random
from pathlib import Path

from newsread.ingest.demo import DEMO_SOURCES
from newsread.ingest.dumps import parse_dump
from newsread.ingest.samestory import overlap, shingles, sketch, story_groups


def _demo_bodies() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, text in DEMO_SOURCES.items():
        for n, article in enumerate(parse_dump(text)):
            pairs.append((f"{name[:2]}-{n}", article.body))
    return pairs


def test_paraphrased_republication_is_grouped_with_original() -> None:
    groups = story_groups(_demo_bodies())
    # 02 is the port strike; 05 is its paraphrased republication.
    assert groups["05-0"] == groups["02-0"] == "02-0"
    others = {k: v for k, v in groups.items() if k not in ("02-0", "05-0")}
    assert all(k == v for k, v in others.items()), others


def test_group_id_is_smallest_member_and_singletons_map_to_themselves() -> None:
    body = (
        "The council voted on Tuesday to close the old bridge to lorries for a year of repairs. "
        "Engineers found cracks in two of the five arches during an inspection in January, and "
        "the detour through the market square will add about ten minutes to most journeys. "
        "Shop owners on the square said they welcomed the extra passing trade but feared noise."
    )
    groups = story_groups([("b", body), ("a", body), ("c", "Something else entirely happened.")])
    assert groups == {"a": "a", "b": "a", "c": "c"}


def test_empty_input_and_empty_bodies() -> None:
    assert story_groups([]) == {}
    assert story_groups([("x", ""), ("y", "")]) == {"x": "x", "y": "y"}


def test_shingles_ignore_case_and_quote_style() -> None:
    a = "\u201cWe will rebuild the harbour wall,\u201d the mayor said on Monday in Kellswick."
    b = '"we will rebuild the harbour wall," The Mayor said on Monday in Kellswick.'
    assert shingles(a) == shingles(b)
    assert overlap(shingles(a), shingles(b)) == 1.0


def test_ten_thousand_articles_find_the_one_copy() -> None:
    # How long this takes is bench_storage.py's business: a timed assertion
    # here would fail on a busy machine, not on slow code.
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(5000)]
    articles = [
        (f"a{i:05d}", " ".join(rng.choice(vocab) for _ in range(rng.randint(150, 400))))
        for i in range(10_000)
    ]
    words = articles[42][1].split()
    articles.append(("z-copy", " ".join(words[:100] + ["edited"] * 3 + words[103:])))
    groups = story_groups(articles)
    assert groups["z-copy"] == "a00042"
    assert sum(1 for k, v in groups.items() if k != v) == 1


def test_seed_copies_grouped_and_related_stories_kept_apart(seeds_dir: Path) -> None:
    first = parse_dump((seeds_dir / "000_d8e97f765fcb073c.txt").read_text(encoding="utf-8"))
    second = parse_dump((seeds_dir / "001_8d1a7e5246696964.txt").read_text(encoding="utf-8"))
    pairs = [(f"000-{i}", a.body) for i, a in enumerate(first)]
    pairs += [(f"001-{i}", a.body) for i, a in enumerate(second)]
    groups = story_groups(pairs)
    assert groups["001-0"] == groups["000-0"] == "000-0"
    assert [groups[f"000-{i}"] for i in (1, 2, 3)] == ["000-1", "000-2", "000-3"]


def test_adding_articles_one_by_one_gives_the_same_groups_as_all_at_once():
    from newsread.ingest.samestory import link_new

    pairs = _demo_bodies()
    assert len(pairs) >= 4
    everything = story_groups(pairs)
    assert len(set(everything.values())) < len(pairs)  # the demo holds a copied story
    for order in (pairs, list(reversed(pairs))):
        groups: dict[str, str] = {}
        sets: dict[str, dict[int, int]] = {}
        for aid, body in order:
            sets[aid] = sketch(body)
            groups = link_new(groups, sets, {aid})
        assert groups == everything


def test_a_changed_article_is_regrouped():
    from newsread.ingest.samestory import link_new

    pairs = dict(_demo_bodies())
    groups = story_groups(list(pairs.items()))
    copied = next(a for a, g in groups.items() if list(groups.values()).count(g) > 1)
    sets = {aid: sketch(body) for aid, body in pairs.items()}
    sets[copied] = sketch("A wholly different short text about gardening and tomatoes.")
    after = link_new(groups, sets, {copied})
    assert after[copied] == copied
