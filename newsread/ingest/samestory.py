"""Same-story detection: which articles are copies or light rewrites of one story.

Method: every body becomes a set of hashed word 5-gram shingles (case-folded,
punctuation dropped, so curly vs straight quotes and re-capitalisation do not
matter). Two bodies are the same story when they share at least
``MIN_SHARED`` sampled shingles and the shared shingles cover at least
``MIN_OVERLAP`` of the *shorter* body (the overlap coefficient). The
coefficient, not Jaccard, because a republication is often a shortened or
padded copy: containment is what makes it "the same story".

A paraphrasing republisher rewrites the first paragraphs but usually keeps
long runs of the wire copy verbatim; in practice such pairs score 0.5-0.9,
while unrelated news on the same topic shares a few stock phrases and scores
below 0.05. The threshold 0.25 sits well between the two.

Only shingles whose hash is divisible by ``SAMPLE`` are kept. The choice
depends on the shingle alone, so two copies keep the same ones and the
overlap estimate stays unbiased, at a quarter of the memory and time.

Very short bodies (under about 60 words) yield too few sampled shingles to
reach ``MIN_SHARED`` and are left in groups of their own: for a blurb, a
coincidental match is more likely than a real copy.

Scaling: comparing every pair of 10,000 long texts is 50 million set
intersections. Instead, each article is queried by its ``PROBES`` rarest
shingles (by document frequency) in an inverted index; only articles that
share one of those become candidates, and candidates already in the same group
(union-find) are not verified again. Shingles found in very many articles are
boilerplate ("sign up for our newsletter") and are never probes unless an
article has nothing rarer; shingles found in no other article are skipped.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter, defaultdict

SHINGLE = 5
MIN_OVERLAP = 0.25
MIN_SHARED = 4
SAMPLE = 4
PROBES = 64

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """Hashed word n-grams of ``text``.

    Words are hashed with crc32 and n-grams as tuples of ints, whose hash Python
    does not randomise, so the values are stable across runs (unlike ``hash(str)``).
    """
    words = [zlib.crc32(w.encode()) for w in _WORD.findall(_fold(text))]
    if len(words) < size:
        return {hash(tuple(words))} if words else set()
    grams = map(hash, zip(*(words[k:] for k in range(size)), strict=False))
    return {h for h in grams if h % SAMPLE == 0}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def overlap(a: set[int], b: set[int]) -> float:
    """Share of the smaller shingle set found in the other one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def same_story(a: set[int], b: set[int]) -> bool:
    shared = len(a & b)
    return shared >= MIN_SHARED and shared / max(1, min(len(a), len(b))) >= MIN_OVERLAP


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]  # path halving keeps trees flat
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def story_groups(articles: list[tuple[str, str]]) -> dict[str, str]:
    """Map each article id to its group id: the smallest id among its same-story copies.

    ``articles`` are ``(id, body)`` pairs. An article with no copy is its own group.
    """
    return groups_from_shingles({aid: shingles(body) for aid, body in articles})


def groups_from_shingles(sets_by_id: dict[str, set[int]]) -> dict[str, str]:
    """:func:`story_groups` over shingle sets already computed."""
    ids = list(sets_by_id)
    sets = [sets_by_id[aid] for aid in ids]
    index = _index(sets)

    uf = _UnionFind(len(sets))
    for i, sh in enumerate(sets):
        for j in _candidates(i, sh, index):
            if uf.find(i) != uf.find(j) and same_story(sh, sets[j]):
                uf.union(i, j)

    members: dict[int, list[str]] = defaultdict(list)
    for i, aid in enumerate(ids):
        members[uf.find(i)].append(aid)
    return {aid: min(group) for group in members.values() for aid in group}


def _index(sets: list[set[int]]) -> dict[int, list[int]]:
    """Postings for shingles held by two or more articles.

    Counting first (in C, via Counter) and indexing only repeated shingles keeps
    the index small: in a real library most shingles occur in one article only.
    """
    df: Counter[int] = Counter()
    for sh in sets:
        df.update(sh)
    repeated = {h for h, n in df.items() if n > 1}
    index: dict[int, list[int]] = defaultdict(list)
    for i, sh in enumerate(sets):
        for h in sh & repeated:
            index[h].append(i)
    return index


def _candidates(i: int, sh: set[int], index: dict[int, list[int]]) -> set[int]:
    # Shingles only this article has cannot lead anywhere; of the rest, the
    # rarest point at the most specific partners. Ties broken by hash so the
    # choice is deterministic.
    shared = [h for h in sh if h in index]
    probes = sorted(shared, key=lambda h: (len(index[h]), h))[:PROBES]
    found: set[int] = set()
    for h in probes:
        found.update(j for j in index[h] if j != i)
    return found


def link_new(
    groups: dict[str, str], sets: dict[str, set[int]], fresh: set[str]
) -> dict[str, str]:
    """Add ``fresh`` articles to existing ``groups`` without regrouping the rest.

    ``groups`` maps every known id to its group id (fresh ids may be missing or
    stale: they are regrouped from scratch); ``sets`` holds the shingles of the
    fresh articles and of every article that may be their partner (at least
    everyone sharing ``MIN_SHARED`` shingles with one of them; the caller may
    leave out the rest, whose groups then only follow merges).
    Only pairs with a fresh article are verified, so an import costs time in
    proportion to what it adds, not to the size of the library. Existing groups
    only ever merge, as they would in a full :func:`story_groups` run.
    """
    ids = sorted(set(sets) | set(groups))
    position = {aid: i for i, aid in enumerate(ids)}
    uf = _UnionFind(len(ids))
    leaders: dict[str, int] = {}
    for aid in ids:
        if aid in fresh:
            continue
        group = groups.get(aid, aid)
        if group in leaders:
            uf.union(leaders[group], position[aid])
        else:
            leaders[group] = position[aid]

    fresh_ids = [aid for aid in ids if aid in fresh]
    pooled: set[int] = set().union(*(sets[aid] for aid in fresh_ids)) if fresh_ids else set()
    # A cheap pre-filter: only articles sharing enough sampled shingles with any
    # fresh article can be the same story as one of them.
    partners = [aid for aid in ids if aid in sets and len(sets[aid] & pooled) >= MIN_SHARED]
    for aid in fresh_ids:
        i = position[aid]
        for other in partners:
            j = position[other]
            if other != aid and uf.find(i) != uf.find(j) and same_story(sets[aid], sets[other]):
                uf.union(i, j)

    members: dict[int, list[str]] = defaultdict(list)
    for aid in ids:
        members[uf.find(position[aid])].append(aid)
    return {aid: min(group) for group in members.values() for aid in group}
