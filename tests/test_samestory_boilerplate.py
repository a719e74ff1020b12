"""Same-story grouping against shared boilerplate: unrelated short stories that
end (or start) with the same notice, "About us" or newsletter block stay apart;
copies and paraphrases, shortened, padded or with a rewritten lead, stay grouped.
Every text here is invented for these tests."""

from __future__ import annotations

import pytest

from newsread.ingest import samestory
from newsread.ingest.samestory import (
    groups_from_arrays,
    placed_shingle_arrays,
    placed_shingles,
    same_story,
    story_groups,
)

NOTICE = (
    "The district office will post the complete findings online next Tuesday, and "
    "anyone who wishes to respond may write to the clerk before the thirtieth."
)
ABOUT_US = (
    "About Brindlemoor Analytics: founded in 2009, Brindlemoor builds software that "
    "helps regional water utilities forecast demand, find leaks and plan repairs. "
    "The company employs 140 people in four countries and is owned by its staff. "
    "For press enquiries contact the communications team at the head office."
)
NEWSLETTER = (
    "Want more stories like this one? Our free morning letter brings the day's "
    "local news, weather and traffic to your inbox before seven, every weekday."
)

STORIES = [
    "Pellworth town council agreed on Wednesday to spend 2.3 million on new cycle lanes "
    "along the river road, after a year of complaints from parents about speeding vans "
    "near the primary school. Work starts in April and should take five months. Two "
    "councillors voted against, saying the money was needed for the leaking swimming pool.",
    "A fire at the Oxley grain store burned for nine hours overnight before crews from "
    "three stations brought it under control, the fire service said. Nobody was hurt, "
    "but about four hundred tonnes of barley were lost. Investigators think a faulty "
    "dryer started the blaze and will return on Friday when the building has cooled.",
    "The Marrowgate chess club, founded by railway workers in 1911, won the national "
    "team title on Sunday for the first time in its history. Its youngest player, a "
    "fourteen-year-old from the estate behind the station, beat a grandmaster in the "
    "final round. The club now hopes to find a larger room for its growing junior section.",
    "Hospital managers in Quenby have postponed the closure of the night clinic until "
    "autumn after a petition signed by eleven thousand residents. Nurses had warned that "
    "patients would face a forty-minute drive to the nearest emergency department. A "
    "final decision will follow a review of staffing costs by the regional health board.",
]


def _with(block: str, stories: list[str], first: bool = False) -> list[tuple[str, str]]:
    return [
        (f"s{i}", f"{block}\n\n{story}" if first else f"{story}\n\n{block}")
        for i, story in enumerate(stories)
    ]


def _groups_both_ways(articles: list[tuple[str, str]]) -> dict[str, str]:
    """The reference's groups, checked equal to the array implementation's."""
    reference = story_groups(articles)
    ids = [aid for aid, _ in articles]
    arrays = groups_from_arrays(ids, *placed_shingle_arrays(body for _, body in articles))
    assert arrays == reference
    return reference


@pytest.mark.parametrize(
    ("block", "first"),
    [(NOTICE, False), (NOTICE, True), (ABOUT_US, False), (NEWSLETTER, False)],
    ids=["notice-end", "notice-start", "about-us", "newsletter"],
)
def test_unrelated_stories_sharing_one_block_stay_apart(block: str, first: bool) -> None:
    articles = _with(block, STORIES, first)
    sets = {aid: placed_shingles(body) for aid, body in articles}
    # The bug's condition: the block alone passes the overlap thresholds.
    assert any(
        len(sets[a].keys() & sets[b].keys()) / min(len(sets[a]), len(sets[b])) >= 0.25
        for a in sets
        for b in sets
        if a < b
    )
    groups = _groups_both_ways(articles)
    assert groups == {aid: aid for aid, _ in articles}


WIRE = (
    "Dockworkers at the port of Haldane walked out on Monday morning over a new shift "
    "system that union leaders say will cut night pay by a fifth. Cranes stood idle and "
    "about thirty container ships waited at anchor in the bay by the afternoon.\n\n"
    "The port authority said the new rota was needed to keep up with larger vessels and "
    "that no worker would lose income overall. It offered talks on Wednesday at the "
    "harbour office, which the union said it would attend only if the plan was paused.\n\n"
    "Exporters of fruit and timber warned that a strike lasting more than a week would "
    "spoil cargo and push buyers toward rival ports along the coast. The regional chamber "
    "of commerce called on both sides to accept a mediator before the weekend.\n\n"
    "The last stoppage at Haldane, in 2019, lasted eleven days and ended with a two-year "
    "pay deal. Union members will vote on Thursday on whether to extend the action."
)


def _paraphrase(text: str) -> str:
    """Light rewording scattered over the whole text, as a republisher does."""
    for old, new in [
        ("walked out on Monday morning", "went on strike early on Monday"),
        ("by a fifth", "by about twenty percent"),
        ("stood idle", "were still"),
        ("was needed to keep up with", "was necessary to handle"),
        ("offered talks", "has proposed a meeting"),
        ("warned that", "cautioned that"),
        ("called on both sides", "urged the two parties"),
        ("ended with", "was settled by"),
    ]:
        assert old in text
        text = text.replace(old, new)
    return text


def test_copies_and_paraphrases_stay_grouped() -> None:
    paragraphs = WIRE.split("\n\n")
    copies = {
        "a-wire": WIRE,
        "b-paraphrase": _paraphrase(WIRE),
        # the first two paragraphs only
        "c-shortened": "\n\n".join(paragraphs[:2]),
        # padded with a local introduction and a closing line of its own
        "d-padded": "Haldane Evening Post staff and agencies.\n\n"
        + WIRE
        + "\n\nLocal hauliers told this paper they were already turning work away.",
        # a rewritten first paragraph, the rest verbatim
        "e-new-lead": "Haldane's container port ground to a halt on Monday as dock staff "
        "protested a rota they say slashes pay for night work.\n\n" + "\n\n".join(paragraphs[1:]),
        # and one with the notice: it must not keep it from its copy
        "f-with-notice": WIRE + "\n\n" + NOTICE,
    }
    articles = list(copies.items()) + _with(NOTICE, STORIES)
    groups = _groups_both_ways(articles)
    assert {groups[aid] for aid in copies} == {"a-wire"}
    assert [groups[f"s{i}"] for i in range(len(STORIES))] == [f"s{i}" for i in range(len(STORIES))]


def test_the_rule_is_symmetric_and_needs_one_block_in_both_texts() -> None:
    story, other = STORIES[0], STORIES[1]
    a = placed_shingles(f"{story}\n\n{NOTICE}")
    b = placed_shingles(f"{other}\n\n{NOTICE}")
    assert not same_story(a, b) and not same_story(b, a)
    # The notice is the whole of one text: a copy of it, not boilerplate.
    c = placed_shingles(NOTICE + " " + NOTICE.split(",")[0])
    assert same_story(a, c) and same_story(c, a)


def test_a_notice_held_by_many_is_never_a_probe() -> None:
    articles = _with(NOTICE, STORIES)
    sets = [placed_shingles(body) for _, body in articles]
    index = samestory._index(sets)
    # Only the notice is shared: no article gathers another as a candidate.
    assert all(samestory._candidates(i, sh, index) == set() for i, sh in enumerate(sets))
    # A copy of the first story (without the notice) is still found.
    sets.append(placed_shingles(STORIES[0]))
    index = samestory._index(sets)
    assert samestory._candidates(len(sets) - 1, sets[-1], index) == {0}


@pytest.mark.parametrize("seed", range(3))
def test_furniture_left_unprobed_loses_no_pair(seed: int, monkeypatch) -> None:
    """With every repeated shingle a probe, the groups are the same whether
    furniture is probed or not: what it alone links, the rule keeps apart."""
    from tests.test_samestory_arrays import _corpus

    about = [(f"about-{aid}", body) for aid, body in _with(ABOUT_US, STORIES, True)]
    articles = _corpus(200 + seed, 200) + _with(NOTICE, STORIES) + about
    sets = [placed_shingles(body) for _, body in articles]
    index = samestory._index(sets)
    df = {h: len(index[h]) for h in index}
    assert sum(1 for sh in sets if samestory._furniture(sh, df)) >= 2 * len(STORIES)
    monkeypatch.setattr(samestory, "PROBES", 10**9)
    skipped = _groups_both_ways(articles)
    monkeypatch.setattr(samestory, "FURNITURE_DF", 10**9)
    assert _groups_both_ways(articles) == skipped


def test_places_are_words_so_a_thinly_sampled_text_is_not_all_notice() -> None:
    """A 60-word text may keep few of its own shingles (a quarter is only the
    average): counted in sampled shingles, the notice would be half of such a
    text and join it to everything carrying the notice. In words it is not."""
    notice = placed_shingles(NOTICE)
    others = [placed_shingles(f"{story}\n\n{NOTICE}") for story in STORIES]
    thin = None
    for k in range(3000):
        own = " ".join(f"word{k}x{n}" for n in range(60))
        placed = placed_shingles(f"{own}\n\n{NOTICE}")
        if sum(1 for h in placed if h not in notice) <= len(notice):
            thin = placed
            break
    assert thin is not None, "no thinly sampled text among 3000"
    assert not any(same_story(thin, other) for other in others)
