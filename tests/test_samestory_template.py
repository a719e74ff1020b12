"""Same-story grouping against templates: stories written from one template
(a wire service's stock report, a generated feed) share most of their
shingles and none of their names, places and figures, and stay apart; a copy
with a site's share header and footer, a light paraphrase and a copy set in
capitals stay grouped. Every text here is invented for these tests."""

from __future__ import annotations

import random

import pytest

from newsread.ingest import samestory
from newsread.ingest.samestory import (
    groups_from_arrays,
    link_new,
    names,
    placed_shingle_arrays,
    placed_shingles,
    same_story,
    sketch,
    story_groups,
)

TOWNS = ["Ardleigh", "Bramcote", "Corrow Bay", "Dunmere", "Elsfield", "Fenwick Ford"]
BODIES = [
    "the Harbour Trust",
    "Calloway Rail",
    "the Regional Water Company",
    "Tessler Foods",
    "the Nurses' Guild",
]
FIRST = ["Maren", "Oskar", "Talia", "Bruno", "Ilse", "Corin", "Nadia", "Piet"]
LAST = ["Ashdown", "Brevik", "Corsa", "Dunlop", "Engel", "Faraday", "Gorse", "Hollis"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["May", "June", "July", "August"]


def _templated(rng: random.Random) -> str:
    town, body = rng.choice(TOWNS), rng.choice(BODIES)
    speaker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    critic = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return (
        f"{town.upper()} \u2014 {body[0].upper() + body[1:]} said on {rng.choice(DAYS)} "
        f"that it would spend {rng.randint(2, 900)} million on the scheme.\n\n"
        f'"We have looked closely at the numbers," said {speaker}, the head of {body}.\n\n'
        f"{critic}, a local economist in {town}, said that the plan was far too cautious.\n\n"
        f"The plan goes before the {town} council on {rng.randint(1, 28)} {rng.choice(MONTHS)}."
    )


def _template_corpus(n: int, seed: int = 4) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(f"t{i:02d}", _templated(rng)) for i in range(n)]


def _groups_both_ways(articles: list[tuple[str, str]]) -> dict[str, str]:
    reference = story_groups(articles)
    ids = [aid for aid, _ in articles]
    assert groups_from_arrays(ids, *placed_shingle_arrays(b for _, b in articles)) == reference
    return reference


def test_two_stories_from_one_template_are_not_one_story() -> None:
    first = (
        "ARDLEIGH \u2014 The Harbour Trust said on Tuesday that it would spend 487 million "
        'on the scheme.\n\n"We have looked closely at the numbers," said Maren Ashdown, '
        "the head of the Harbour Trust.\n\nOskar Brevik, a local economist in Ardleigh, said "
        "that the plan was far too cautious.\n\nThe plan goes before the Ardleigh council on "
        "26 June."
    )
    second = (
        "CORROW BAY \u2014 Calloway Rail said on Thursday that it would spend 264 million "
        'on the scheme.\n\n"We have looked closely at the numbers," said Talia Corsa, '
        "the head of Calloway Rail.\n\nBruno Dunlop, a local economist in Corrow Bay, said "
        "that the plan was far too cautious.\n\nThe plan goes before the Corrow Bay council on "
        "27 May."
    )
    # The bug's condition: the shingles alone make them one story.
    assert same_story(placed_shingles(first), placed_shingles(second))
    assert not same_story(sketch(first), sketch(second))
    assert _groups_both_ways([("a", first), ("b", second)]) == {"a": "a", "b": "b"}


def test_a_template_corpus_stays_apart_on_every_path() -> None:
    articles = _template_corpus(30)
    sets = {aid: placed_shingles(body) for aid, body in articles}
    joined = sum(1 for a in sets for b in sets if a < b and same_story(sets[a], sets[b]))
    assert joined >= 30  # the shingles alone join many pairs (and chain them all)
    assert _groups_both_ways(articles) == {aid: aid for aid, _ in articles}
    groups: dict[str, str] = {}
    sketches: dict[str, dict[int, int]] = {}
    for aid, body in articles:  # one import at a time
        sketches[aid] = sketch(body)
        groups = link_new(groups, sketches, {aid})
    assert groups == {aid: aid for aid, _ in articles}


def _paraphrase(text: str) -> str:
    for old, new in [
        ("said on", "announced on"),
        ("it would spend", "it plans to spend"),
        ("looked closely at", "examined"),
        ("far too cautious", "much too timid"),
        ("goes before", "will be put to"),
    ]:
        assert old in text
        text = text.replace(old, new)
    return text


def test_copies_and_paraphrases_of_a_templated_story_stay_grouped() -> None:
    articles = _template_corpus(30)
    original = dict(articles)["t07"]
    copies = {
        "t07-shared": "Share this article: Facebook \u00b7 X \u00b7 LinkedIn \u00b7 Email\n\n"
        + original
        + "\n\n\u00a9 2026 Dunmere Evening Gazette. All rights reserved. Contact the newsroom.",
        "t07-paraphrase": _paraphrase(original),
        "t07-capitals": original.upper(),
    }
    groups = _groups_both_ways(articles + list(copies.items()))
    assert {groups[aid] for aid in copies} == {"t07"}
    assert sum(1 for aid, group in groups.items() if group == "t07") == 4


def test_names_are_capitalised_runs_and_figures_not_sentence_starts() -> None:
    got = names(
        "The Harbour Trust met at the old hall. Bruno Dunlop spoke for an hour; TOWN "
        "officials said that the hall held 12 of them in Corrow Bay and nobody else came."
    )
    expected = {"harbour trust", "dunlop", "town", "12", "corrow bay"}
    # "The" and "Bruno" start their sentences: no sign of a name there.
    assert got == {samestory._name_hash(name) for name in expected}
    # A text in capitals has no case to read: its figures only.
    capitals = names("A TEXT SET ALL IN CAPITALS, BY 2026 STANDARDS, and so.")
    assert capitals == {samestory._name_hash("2026")}


@pytest.mark.parametrize("kept", [0.8, 0.7])
def test_a_pair_must_share_most_of_the_fewer_names(kept: float) -> None:
    own = [f"Name{chr(65 + k)}" for k in range(10)]
    other = own[: int(kept * 10)] + [f"Other{chr(65 + k)}" for k in range(10 - int(kept * 10))]
    text = "the river board met again and {} were there with a long report on the works."
    a = " ".join(text.format(name) for name in own)
    b = " ".join(text.format(name) for name in other)
    assert same_story(placed_shingles(a), placed_shingles(b))
    assert same_story(sketch(a), sketch(b)) == (kept >= samestory.MIN_NAMES)


def test_a_copy_under_a_numbered_header_of_its_own_stays_grouped() -> None:
    # A story with no names, under a line of the site's own: one figure each,
    # too few to tell stories apart by.
    body = " ".join(f"the {w} of the river board was read again" for w in _WORDS)
    articles = [("d1", f"Dispatch 41 from the desk.\n\n{body}"), ("d2", f"Dispatch 977.\n\n{body}")]
    assert _groups_both_ways(articles) == {"d1": "d1", "d2": "d1"}


_WORDS = ["report", "budget", "notice", "survey", "minute", "letter", "schedule", "summary"]


def test_a_cache_of_the_format_without_names_is_rebuilt_and_the_old_groups_redone(tmp_path):
    """A library grouped by the old rule (every templated story one group),
    its cache of format 2 (places, no names): the next import reads the
    cache as missing, makes it again from the bodies and regroups them all."""
    import io

    import numpy as np

    from newsread.model import Article
    from storage import story_index
    from storage.library import Library
    from storage.story_cache import FORMAT, read
    from storage.story_index import DELTA_FILE, FILE, regroup

    lib = Library(tmp_path)
    articles = [
        Article(id=aid, title=aid, body=body, source="S") for aid, body in _template_corpus(12)
    ]
    lib.save_articles(articles)
    regroup(lib, articles)
    cache = story_index._load(lib)
    assert cache is not None and FORMAT == 3
    keep = np.concatenate(cache.place_parts) >= 0  # format 2 held no names
    owner = np.repeat(np.arange(len(cache.sizes)), cache.sizes)
    flat = cache.flat[keep]
    buffer = io.BytesIO()
    np.savez(
        buffer,
        format=np.int64(2),
        token=np.int64(11),
        base_token=np.int64(0),
        ids=cache.ids_raw,
        hashes=cache.hashes_raw,
        sizes=np.bincount(owner[keep], minlength=len(cache.sizes)).astype(np.int64),
        flat=flat,
        places=np.concatenate(cache.place_parts)[keep].astype(np.int32),
        order=np.argsort(flat, kind="stable").astype(np.int32),
    )
    (tmp_path / FILE).write_bytes(buffer.getvalue())
    (tmp_path / DELTA_FILE).unlink(missing_ok=True)
    with lib.lock.hold(), lib.transaction():
        lib.set_story_groups({a.id: "t00" for a in articles})
    assert read(tmp_path / FILE) is None

    reopened = Library(tmp_path)
    one = Article(id="x1", title="X", body="A short note on nothing in particular at all.")
    reopened.save_articles([one])
    regroup(reopened, [one])
    groups = {m["id"]: m["story_group"] for m in Library(tmp_path).article_metas()}
    assert all(groups[a.id] == a.id for a in articles)
    rebuilt = read(tmp_path / FILE)
    assert rebuilt is not None and len(rebuilt[0].ids) == len(articles) + 1
    assert (np.concatenate(rebuilt[0].place_parts) < 0).any()  # names kept now


def test_probes_stop_at_their_budget_of_postings_and_copies_are_still_found(monkeypatch) -> None:
    """Stories from one template hold only shingles many others hold too: each
    gathers a bounded number of candidates (verifying them all was quadratic),
    and a copy, sharing its original's rarest shingles, is still found."""
    articles = _template_corpus(80)
    original = dict(articles)["t07"]
    articles += [
        ("t07-copy", "From our wire partners.\n\n" + original),
        ("t07-p", _paraphrase(original)),
    ]
    shingled = [placed_shingles(body) for _, body in articles]
    index = samestory._index(shingled)

    def gathered() -> int:
        return sum(len(samestory._candidates(i, sh, index)) for i, sh in enumerate(shingled))

    unbounded = gathered()
    monkeypatch.setattr(samestory, "PROBE_POSTINGS", 12)
    assert gathered() * 3 < unbounded
    groups = _groups_both_ways(articles)  # the arrays keep to the same budget
    assert groups["t07-copy"] == groups["t07-p"] == "t07"
    assert sum(1 for group in groups.values() if group == "t07") == 3
    assert len(set(groups.values())) == len(articles) - 2


def test_an_import_reads_the_groups_of_its_matches_only(tmp_path, monkeypatch) -> None:
    """One more templated story shares enough shingles with every sibling to
    be its partner: reading each partner's group (a search of the index's
    bytes each, in the paths that read the index lazily) took 12 s at 10,000.
    Only the stories it matches are passed on."""
    from newsread.model import Article
    from storage import story_index
    from storage.library import Library
    from storage.story_index import regroup

    lib = Library(tmp_path)
    articles = [
        Article(id=aid, title=aid, body=body, source="S") for aid, body in _template_corpus(30)
    ]
    lib.save_articles(articles)
    regroup(lib, articles)
    passed: list[set[str]] = []
    link = story_index.link_new

    def spy(groups, sets, fresh):
        passed.append(set(sets))
        return link(groups, sets, fresh)

    monkeypatch.setattr(story_index, "link_new", spy)
    copy = "Ardleigh update.\n\n" + articles[7].body
    for n, body in enumerate([_templated(random.Random(99)), copy]):
        one = Article(id=f"new{n}", title="N", body=body, source="T")
        lib.save_articles([one])
        regroup(Library(tmp_path), [one])
    assert passed == [{"new0"}, {"new1", "t07"}]
    groups = {m["id"]: m["story_group"] for m in Library(tmp_path).article_metas()}
    assert groups["new0"] == "new0" and groups["new1"] == groups["t07"] == "new1"
    assert sum(1 for aid, group in groups.items() if aid != group) == 1
