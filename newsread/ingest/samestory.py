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

Boilerplate breaks that for short texts: three unrelated 90-word stories ending
with the same 25-word notice ("the council will publish the full report ...",
a press release's "About us") score 0.25-0.65 with each other, as high as a
republication, and a higher threshold would drop real republished pairs
instead. What differs is *where* the shared text lies. Each sampled shingle
keeps its place (the word its first occurrence starts at), and a pair whose
shared shingles all lie within one stretch covering under ``MAX_BLOCK`` of
*each* text (from its first sampled shingle to its last) is boilerplate, not a
copy: a copy covers the shorter text end to end, and a paraphrase shares many
stretches spread across the whole of it. Places are counted in words, not in
sampled shingles: a short text keeps a quarter of its shingles only on
average, and counted so, one text in a few thousand made its notice look like
half of it, and joined everything carrying that notice. Only where the pair
shares text is looked at, so the rule is the same for two articles as for a
library of 100,000 (a count of how many articles hold a paragraph would also
count five outlets running one wire story as "furniture", and would change
old groups as articles come in).

Templates break it another way: stories generated from one template ("ARDLEIGH
— The Harbour Trust said on Tuesday that ...", then a quote, an analyst, a
council date) share a quarter to a half of their shingles spread over the
whole text, as a paraphrase does, and one such pair in ten passed; chained by
the groups, 1,999 of 2,000 such stories became one story. What they do not
share is what makes a story: its names, places and figures. So a pair must
also agree on those (:func:`names`: runs of capitalised words within a
sentence, words starting with a digit): the text holding fewer must share
``MIN_NAMES`` of them with the other, once either holds ``FEW_NAMES`` or more
(a story with no names under a site's "Dispatch 42" stays with its copies). A
copy with a site's header and footer holds the story's names and more; a
light paraphrase keeps them. They are kept beside the shingles in a
*sketch*, each at a negative place, so every cache and path that carries
shingles carries them too.

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
Boilerplate at the start or end of a text (held by ``FURNITURE_DF`` articles
or more, in an edge stretch under ``MAX_BLOCK`` of it) is never a probe at
all: the rule above keeps apart whatever it alone links, and probing it made
every article carrying a common notice a candidate of every other (quadratic:
two minutes at 10,000 articles). And an article's probes, rarest first,
stop once their postings would pass ``PROBE_POSTINGS`` (the first is always
kept): stories written from one template hold nothing but shingles held by
hundreds of others, and the pairs that gathered are verified one by one now
that the names keep them apart (before, the first few joined them all into one
group, which ended the search): 10,000 of them took 100 s. A copy or a
paraphrase shares the rarest shingles of its text, which come first.

Two implementations of that one definition: :func:`groups_from_shingles`
walks it article by article over Python mappings (the reference), and
:func:`groups_from_arrays` computes the same groups over flat numpy arrays
(what imports use: 100,000 articles in seconds instead of minutes, and a
fraction of the memory of 100,000 sets). The tests hold them equal.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

SHINGLE = 5
MIN_OVERLAP = 0.25
MIN_SHARED = 4
MAX_BLOCK = 0.5
#: Held by this many articles, a shingle at the edge of a text may be furniture.
FURNITURE_DF = 3
SAMPLE = 4
PROBES = 64
#: Postings an article's probes may gather, at most (see the module's docstring).
PROBE_POSTINGS = 250

#: Share of the names and figures of the text holding fewer of them that the
#: other text must hold too (see :func:`names`)...
MIN_NAMES = 0.8
#: ...when either text holds this many or more: one or two are too few to
#: tell a story by, and may be a site's own ("Dispatch 42", "Updated 14:32").
FEW_NAMES = 3

_WORD = re.compile(r"\w+")
#: Where a sentence or clause starts over: a capital after one of these is no sign of a name.
_BREAKS = '.!?:;"\u201c\u201d\u201e\u00ab\u00bb\u2014\u2013()[]\n'
_FIGURE = re.compile(r"\d(?<!\w\d)\w*")  # the digit first: see _patterns
_ASCII_UPPER = bytes(c for c in range(256) if not 65 <= c <= 90)
_ASCII_LOWER = bytes(c for c in range(256) if not 97 <= c <= 122)
#: A name's hash is ``hash((_NAME_SALT, crc32))``: no crc32 is this large, so no
#: shingle (a tuple of crc32s) is the same tuple.
_NAME_SALT = 1 << 40
#: The place a sketch gives a name: below every shingle's.
NAME = -1


#: An article's sampled shingles, each with its place: the index of the word
#: its first occurrence starts at. A *sketch* also holds the article's names
#: (see :func:`names`) at the place NAME.
Placed = dict[int, int]


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """Hashed word n-grams of ``text``.

    Words are hashed with crc32 and n-grams as tuples of ints, whose hash Python
    does not randomise, so the values are stable across runs (unlike ``hash(str)``).
    """
    return set(placed_shingles(text, size))


def placed_shingles(text: str, size: int = SHINGLE) -> Placed:
    """:func:`shingles` of ``text``, each with its place."""
    words = [zlib.crc32(w.encode()) for w in _WORD.findall(_fold(text))]
    if len(words) < size:
        return {hash(tuple(words)): 0} if words else {}
    placed: Placed = {}
    grams = map(hash, zip(*(words[k:] for k in range(size)), strict=False))
    for at, h in enumerate(grams):
        if h % SAMPLE == 0 and h not in placed:
            placed[h] = at
    return placed


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A run of capitalised words ("Kestrel Bay", "Rosa Weber"), a capital
    letter and a small one. Made on first use: listing every capital and small
    letter takes ~70 ms, which importing this module should not cost. The
    capital first, then the look behind it, is three times faster than the
    other way round."""
    letters = list(map(chr, range(0x10000)))
    capitals = "".join(re.escape(c) for c in letters if c.isupper() and re.match(r"\w", c))
    lowers = "".join(re.escape(c) for c in letters if c.islower() and re.match(r"\w", c))
    breaks = re.escape(_BREAKS)
    # A capitalised word right after a break (or a break and a space) starts
    # a sentence and is no name unless in capitals: left out here, it costs
    # nothing (most runs are such words); names() checks the other starts.
    first = (
        rf"[{capitals}](?<!\w\w)(?:[^\W{lowers}]+(?!\w)"
        rf"|(?<![{breaks}]\w)(?<![{breaks}]\s\w)\w*)"
    )
    run = rf"{first}(?:[^\w{breaks}]+[{capitals}]\w*)*"
    return re.compile(run), re.compile(f"[{capitals}]"), re.compile(f"[{lowers}]")


def names(text: str) -> set[int]:
    """Hashes of the names and figures of ``text``, case-folded: each run of
    words capitalised within a sentence ("Kestrel Bay", "Rosa Weber") and each
    word starting with a digit ("487", "2026", "5G"; not a code like
    "harbour17", of which a text may be made all through).

    Two stories written from one template share most of their shingles
    ("said on Tuesday that the", "a local economist in") and none of
    their names, places and figures, which are what tells one story from
    another; a copy or a light paraphrase keeps them. A capital that starts a
    sentence says nothing (unless the word is all capitals: a dateline). A
    text with more capitals than small letters (one set in capitals) has no
    case to read: its figures only. (A text with few names is not held to the
    rule, so leaving the figures out would let such a copy join every story
    its template wrote.)
    """
    text = unicodedata.normalize("NFKC", text)
    name_run, capital, lower = _patterns()
    if text.isascii():
        raw = text.encode("ascii")
        cased = len(raw.translate(None, _ASCII_UPPER)) <= len(raw.translate(None, _ASCII_LOWER))
    else:
        cased = len(capital.findall(text)) <= len(lower.findall(text))
    found: set[int] = set()
    for run in name_run.finditer(text) if cased else ():
        words = _WORD.findall(run.group())
        if _starts_sentence(text, run.start()) and not (words[0].isupper() and len(words[0]) > 1):
            words = words[1:]  # capitalised only because it starts the sentence
        if words and (len(words) > 1 or len(words[0]) > 1):  # not "I", an initial
            found.add(_name_hash(" ".join(words)))
    found.update(map(_name_hash, _FIGURE.findall(text)))
    return found


def _starts_sentence(text: str, at: int) -> bool:
    """Whether only spaces and marks other than words lie between the text's
    start or its last break before ``at`` and ``at``."""
    k = at - 1
    while k >= 0 and not text[k].isalnum() and text[k] != "_" and text[k] not in _BREAKS:
        k -= 1
    return k < 0 or text[k] in _BREAKS


def _name_hash(name: str) -> int:
    return hash((_NAME_SALT, zlib.crc32(name.casefold().encode())))


def sketch(text: str) -> Placed:
    """What same-story grouping keeps of ``text``: its placed shingles and its
    names (at the place NAME)."""
    placed = placed_shingles(text)
    placed.update(dict.fromkeys(names(text), NAME))
    return placed


def _split(sketched: Placed) -> tuple[Placed, set[int]]:
    """A sketch's shingles (with their places) and its names."""
    if all(at >= 0 for at in sketched.values()):
        return sketched, set()
    return (
        {h: at for h, at in sketched.items() if at >= 0},
        {h for h, at in sketched.items() if at < 0},
    )


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def overlap(a: Collection[int], b: Collection[int]) -> float:
    """Share of the smaller shingle set found in the other one."""
    if not a or not b:
        return 0.0
    return len(set(a).intersection(b)) / min(len(a), len(b))


def same_story(a: Placed, b: Placed) -> bool:
    """Whether the sketches ``a`` and ``b`` (or placed shingles alone) are one story."""
    return _same(*_split(a), *_split(b))


def _same(a: Placed, a_names: set[int], b: Placed, b_names: set[int]) -> bool:
    shared = a.keys() & b.keys()
    count = len(shared)
    if count < MIN_SHARED or count / max(1, min(len(a), len(b))) < MIN_OVERLAP:
        return False
    if _one_block(a, shared) and _one_block(b, shared):
        return False
    return names_agree(a_names, b_names)


def names_agree(a: set[int], b: set[int]) -> bool:
    """Whether the text with fewer names shares MIN_NAMES of them with the
    other (true when neither has FEW_NAMES: too few to tell them apart by).
    Held to it when only the other has that many: else a text with few names
    (a copy set in capitals keeps its figures only) would pass with every
    story its template wrote, and join them all into one group."""
    fewer = min(len(a), len(b))
    return max(len(a), len(b)) < FEW_NAMES or len(a & b) >= MIN_NAMES * fewer


def _one_block(placed: Placed, shared: set[int]) -> bool:
    """Whether the ``shared`` shingles lie within a stretch of ``placed``'s text
    covering under MAX_BLOCK of it (boilerplate, if the other text agrees)."""
    at = [placed[h] for h in shared]
    return max(at) - min(at) + SHINGLE < MAX_BLOCK * _extent(placed)


def _extent(placed: Placed) -> int:
    """The words a text's sampled shingles cover, from the first to the last."""
    return max(placed.values()) - min(placed.values()) + SHINGLE


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
    return groups_from_shingles({aid: sketch(body) for aid, body in articles})


def groups_from_shingles(sets_by_id: dict[str, Placed]) -> dict[str, str]:
    """:func:`story_groups` over sketches (or placed shingles) already computed."""
    ids = list(sets_by_id)
    split = [_split(sets_by_id[aid]) for aid in ids]
    sets = [sh for sh, _ in split]
    index = _index(sets)

    uf = _UnionFind(len(sets))
    for i, sh in enumerate(sets):
        for j in _candidates(i, sh, index):
            if uf.find(i) != uf.find(j) and _same(*split[i], *split[j]):
                uf.union(i, j)

    members: dict[int, list[str]] = defaultdict(list)
    for i, aid in enumerate(ids):
        members[uf.find(i)].append(aid)
    return {aid: min(group) for group in members.values() for aid in group}


def _index(sets: list[Placed]) -> dict[int, list[int]]:
    """Postings for shingles held by two or more articles.

    Counting first (in C, via Counter) and indexing only repeated shingles keeps
    the index small: in a real library most shingles occur in one article only.
    """
    df: Counter[int] = Counter()
    for sh in sets:
        df.update(sh.keys())  # the hashes: a mapping would add its places as counts
    repeated = {h for h, n in df.items() if n > 1}
    index: dict[int, list[int]] = defaultdict(list)
    for i, sh in enumerate(sets):
        for h in sh.keys() & repeated:
            index[h].append(i)
    return index


def _candidates(i: int, sh: Placed, index: dict[int, list[int]]) -> set[int]:
    # Shingles only this article has cannot lead anywhere; of the rest, the
    # rarest point at the most specific partners. Ties broken by hash so the
    # choice is deterministic.
    furniture = _furniture(sh, {h: len(index[h]) for h in sh if h in index})
    shared = [h for h in sh if h in index and h not in furniture]
    probes = sorted(shared, key=lambda h: (len(index[h]), h))[:PROBES]
    found: set[int] = set()
    spent = 0
    for k, h in enumerate(probes):
        spent += len(index[h])
        if k and spent > PROBE_POSTINGS:
            break
        found.update(j for j in index[h] if j != i)
    return found


def _furniture(sh: Placed, df: dict[int, int]) -> set[int]:
    """The shingles of ``sh`` held by FURNITURE_DF articles or more in its
    first or last stretch under MAX_BLOCK of it (whichever holds more of them;
    the last on a tie), when that is three quarters of all it holds or more:
    never probes. (A text copied in many others holds such shingles all
    through, half of them in either stretch: its probes stay as they were, and
    with them how tightly its candidates are bounded before verification.)

    Without this, every article of a library ending with the same notice
    would gather every other one as a candidate (the notice's shingles are
    its only repeated ones), and verify them all, only to find boilerplate:
    quadratic. Not probing them loses no pair the rule joins: such a pair's
    shared shingles span MAX_BLOCK or more of one of its texts, so they are
    not all within that text's edge stretch, and a shingle outside it is a probe
    of that text (if among its PROBES rarest, as ever)."""
    common = {h: at for h, at in sh.items() if df.get(h, 0) >= FURNITURE_DF}
    if not common:
        return set()
    edge = MAX_BLOCK * _extent(sh)
    first, last = min(sh.values()), max(sh.values())
    head = [h for h, at in common.items() if at - first + SHINGLE < edge]
    tail = [h for h, at in common.items() if last - at + SHINGLE < edge]
    chosen = tail if len(tail) >= len(head) else head
    return set(chosen) if chosen and 4 * len(chosen) >= 3 * len(common) else set()


def matching(sets: dict[str, Placed], fresh: Collection[str]) -> dict[str, Placed]:
    """``sets`` with only the ``fresh`` articles and those that are the same
    story as one of them: the only ones whose groups :func:`link_new` can
    change. A caller that reads the groups of every partner it passes (and
    their members) can read these few: a story written from a template shares
    enough shingles with each of its hundreds of siblings to be their partner,
    and is the same story as none of them."""
    split = {aid: _split(sketched) for aid, sketched in sets.items()}
    new = [split[aid] for aid in fresh if aid in split]
    return {
        aid: sketched
        for aid, sketched in sets.items()
        if aid in fresh or any(_same(*one, *split[aid]) for one in new)
    }


def link_new(groups: dict[str, str], sets: dict[str, Placed], fresh: set[str]) -> dict[str, str]:
    """Add ``fresh`` articles to existing ``groups`` without regrouping the rest.

    ``groups`` maps every known id to its group id (fresh ids may be missing or
    stale: they are regrouped from scratch); ``sets`` holds the sketches of the
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
    split = {aid: _split(sets[aid]) for aid in sets}
    pooled: set[int] = set().union(*(split[aid][0] for aid in fresh_ids)) if fresh_ids else set()
    # A cheap pre-filter: only articles sharing enough sampled shingles with any
    # fresh article can be the same story as one of them.
    partners = [
        aid for aid in ids if aid in sets and len(split[aid][0].keys() & pooled) >= MIN_SHARED
    ]
    for aid in fresh_ids:
        i = position[aid]
        for other in partners:
            j = position[other]
            if other != aid and uf.find(i) != uf.find(j) and _same(*split[aid], *split[other]):
                uf.union(i, j)

    members: dict[int, list[str]] = defaultdict(list)
    for aid in ids:
        members[uf.find(position[aid])].append(aid)
    return {aid: min(group) for group in members.values() for aid in group}


# -- the same, over numpy arrays ----------------------------------------------------

#: ASCII bytes that ``\w`` does not match become spaces: the split of a lower-cased
#: ASCII text is then exactly ``_WORD.findall(_fold(text))``, four times faster.
_NOT_WORD = bytes(
    c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789_" else 32 for c in range(256)
)
#: crc32 of each word seen; news reuses a small vocabulary, so a lookup
#: replaces an encode and a crc32 call for almost every word.
_WORD_CODES: dict[bytes, int] = {}
_WORD_CODES_MAX = 1_000_000
#: CPython's tuple hash (xxHash based, since 3.8), so numpy can hash every
#: n-gram of a batch at once and get the values ``hash(tuple)`` gives.
_XX_PRIME_1 = 11400714785074694791
_XX_PRIME_2 = 14029467366897019727
_XX_PRIME_5 = 2870177450012600261
_XX_LENGTH_SALT = _XX_PRIME_5 ^ 3527539
_TUPLE_HASH_OK: bool | None = None
#: Texts hashed per numpy pass (bounds the temporary arrays to a few MB each).
_TEXT_BATCH = 2000
#: Postings gathered per numpy pass while grouping, and shingle look-ups per
#: verification pass (between which the groups found so far are refreshed,
#: so pairs already joined are not verified again).
_GATHER_BUDGET = 2_000_000
_VERIFY_BUDGET = 400_000


def _word_codes(text: str) -> list[int]:
    if text.isascii():
        words = text.encode("ascii").lower().translate(_NOT_WORD).split()
    else:
        words = [w.encode() for w in _WORD.findall(_fold(text))]
    memo = _WORD_CODES
    try:
        return list(map(memo.__getitem__, words))
    except KeyError:
        if len(memo) > _WORD_CODES_MAX:
            memo.clear()  # a long-running process must not grow without bound
        for w in words:
            if w not in memo:
                memo[w] = zlib.crc32(w)
        return list(map(memo.__getitem__, words))


def _gram_hashes(codes: np.ndarray, size: int) -> np.ndarray:
    """``hash(tuple(codes[p:p + size]))`` for every start p, as int64."""
    import numpy as np

    n = len(codes) - size + 1
    acc = np.full(n, _XX_PRIME_5, np.uint64)
    p1, p2 = np.uint64(_XX_PRIME_1), np.uint64(_XX_PRIME_2)
    left, right = np.uint64(31), np.uint64(33)
    for k in range(size):
        acc += codes[k : k + n] * p2
        acc = (acc << left) | (acc >> right)
        acc *= p1
    acc += np.uint64(size ^ _XX_LENGTH_SALT)
    hashed = acc.view(np.int64)
    # CPython never returns -1 as a hash: a tuple whose sum comes to -1 gets this.
    hashed[hashed == -1] = 1546275796
    return hashed


def _tuple_hash_ok() -> bool:
    """Whether this interpreter hashes tuples as ``_gram_hashes`` does (CPython
    on 64 bits); elsewhere every text is shingled by :func:`shingles`."""
    global _TUPLE_HASH_OK
    if _TUPLE_HASH_OK is None:
        import numpy as np

        probe = [0, 1, 2**31, 2**32 - 1, 12345, 7, 2**20, 99]
        want = [hash(tuple(probe[p : p + SHINGLE])) for p in range(len(probe) - SHINGLE + 1)]
        got = _gram_hashes(np.array(probe, np.uint64), SHINGLE).tolist()
        _TUPLE_HASH_OK = got == want
    return _TUPLE_HASH_OK


def shingle_arrays(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`shingles` of every text as (sizes, flat): the i-th text's set is
    ``flat[sum(sizes[:i]) : sum(sizes[:i + 1])]``, sorted. Texts are consumed
    one batch at a time, so a generator of bodies read from disk is not held whole.
    """
    import numpy as np

    sizes, flat, places = placed_shingle_arrays(texts)
    shingle = places >= 0
    owner = np.repeat(np.arange(len(sizes)), sizes)
    return np.bincount(owner[shingle], minlength=len(sizes)).astype(np.int64), flat[shingle]


def placed_shingle_arrays(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The :func:`sketch` of every text as (sizes, flat, places): the i-th
    text's hashes are ``flat[sum(sizes[:i]) : sum(sizes[:i + 1])]``, sorted,
    and ``places`` holds each one's place (NAME for a name). Texts are
    consumed one batch at a time, so a generator of bodies read from disk is
    not held whole."""
    import numpy as np

    sizes: list[np.ndarray] = []
    flats: list[np.ndarray] = []
    places: list[np.ndarray] = []
    batch: list[list[int] | Placed] = []
    named: list[set[int]] = []

    def flush() -> None:
        s, f, p = _shingle_batch(batch, named)
        sizes.append(s)
        flats.append(f)
        places.append(p)
        batch.clear()
        named.clear()

    exact = _tuple_hash_ok()
    for text in texts:
        # Word codes for numpy to hash, or (elsewhere) the finished shingles.
        batch.append(_word_codes(text) if exact else placed_shingles(text))
        named.append(names(text))
        if len(batch) >= _TEXT_BATCH:
            flush()
    if batch or not sizes:
        flush()
    return np.concatenate(sizes), np.concatenate(flats), np.concatenate(places)


def _shingle_batch(
    batch: list[list[int] | Placed], named: list[set[int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    import numpy as np

    docs: list[np.ndarray] = []
    values: list[np.ndarray] = []
    places: list[np.ndarray] = []
    long_docs = [d for d, c in enumerate(batch) if isinstance(c, list) and len(c) >= SHINGLE]
    if long_docs:
        lengths = np.array([len(batch[d]) for d in long_docs], np.int64)
        codes = np.fromiter(
            chain.from_iterable(batch[d] for d in long_docs), np.uint64, int(lengths.sum())
        )
        hashed = _gram_hashes(codes, SHINGLE)
        # n-grams starting in one text and ending in the next are dropped
        grams = lengths - SHINGLE + 1
        starts = np.cumsum(lengths) - lengths
        first = np.cumsum(grams) - grams
        at = np.arange(int(grams.sum())) + np.repeat(starts - first, grams)
        hashed = hashed[at]
        owner = np.repeat(np.array(long_docs, np.int64), grams)
        sampled = hashed % SAMPLE == 0
        docs.append(owner[sampled])
        values.append(hashed[sampled])
        places.append((np.arange(len(hashed)) - np.repeat(first, grams))[sampled])
    for d, c in enumerate(batch):
        if isinstance(c, dict):  # shingled by placed_shingles() already
            docs.append(np.full(len(c), d, np.int64))
            values.append(np.fromiter(c.keys(), np.int64, len(c)))
            places.append(np.fromiter(c.values(), np.int64, len(c)))
        elif 0 < len(c) < SHINGLE:  # a text too short for one n-gram: all of it, unsampled
            docs.append(np.array([d], np.int64))
            values.append(np.array([hash(tuple(c))], np.int64))
            places.append(np.zeros(1, np.int64))
    for d, found in enumerate(named):
        if found:
            docs.append(np.full(len(found), d, np.int64))
            values.append(np.fromiter(found, np.int64, len(found)))
            places.append(np.full(len(found), NAME, np.int64))
    none = np.zeros(0, np.int64)
    if not docs:
        return np.zeros(len(batch), np.int64), none, none
    owner = np.concatenate(docs)
    hashed = np.concatenate(values)
    place = np.concatenate(places)
    # By text, then hash, then place: the first of equal hashes is the first occurrence.
    order = np.lexsort((place, hashed, owner))
    owner, hashed, place = owner[order], hashed[order], place[order]
    new = np.ones(len(owner), bool)
    new[1:] = (owner[1:] != owner[:-1]) | (hashed[1:] != hashed[:-1])
    owner, hashed, place = owner[new], hashed[new], place[new]
    sizes = np.bincount(owner, minlength=len(batch)).astype(np.int64)
    return sizes, hashed, place


def groups_from_arrays(
    ids: Sequence[str], sizes: np.ndarray, flat: np.ndarray, places: np.ndarray
) -> dict[str, str]:
    """:func:`groups_from_shingles` over (sizes, flat, places) as
    :func:`placed_shingle_arrays` makes them, ``ids`` distinct: the same
    groups, without a mapping per article (a row repeating a hash keeps its
    first place, as a mapping built in reading order would).

    The candidates of an article are those of the reference, and a pair is
    joined when :func:`same_story` holds; only pairs already in one group are
    never verified, which cannot change a group. Articles with identical
    shingle sets (copies differing in case, punctuation or unsampled words) are
    one node: each one's probes reach the others, so the reference joins them
    too when the set has ``MIN_SHARED`` shingles or more (all of it shared,
    the shared text is the whole of both). Their places must be equal too: a
    node's places stand for all its members' in every other pair.
    """
    import numpy as np

    n = len(ids)
    sizes = np.asarray(sizes, np.int64)
    flat = np.asarray(flat, np.int64)
    places = np.asarray(places, np.int64)
    if n == 0:
        return {}
    # Names apart from shingles: each row's distinct names, sorted, and the
    # names numbered in value order.
    is_name = places < 0
    name_owner = np.zeros(0, np.int64)
    name_value = np.zeros(0, np.int64)
    if is_name.any():
        row_of = np.repeat(np.arange(n, dtype=np.int64), sizes)
        name_owner, name_value = row_of[is_name], flat[is_name]
        order = np.lexsort((name_value, name_owner))
        name_owner, name_value = name_owner[order], name_value[order]
        first_of = np.ones(len(name_owner), bool)
        first_of[1:] = (name_owner[1:] != name_owner[:-1]) | (name_value[1:] != name_value[:-1])
        name_owner, name_value = name_owner[first_of], name_value[first_of]
        shingle = ~is_name
        flat, places = flat[shingle], places[shingle]
        sizes = np.bincount(row_of[shingle], minlength=n).astype(np.int64)
        del row_of, order, first_of, shingle
    del is_name
    name_values = np.unique(name_value)
    name_uid = np.searchsorted(name_values, name_value)
    name_width = max(1, len(name_values))
    name_count = np.bincount(name_owner, minlength=n).astype(np.int64)
    # np.unique(return_inverse=True) is twice as slow as a sort and a search.
    values = np.sort(flat)
    if len(values):
        distinct = np.empty(len(values), bool)
        distinct[0] = True
        np.not_equal(values[1:], values[:-1], out=distinct[1:])
        values = values[distinct]
        del distinct
    uid = np.searchsorted(values, flat)
    width = max(1, len(values))
    if n * max(width, name_width) >= 2**62:  # keys below would overflow: the reference instead
        ends = np.cumsum(sizes).tolist()
        name_ends = np.cumsum(name_count).tolist()
        sets: dict[str, Placed] = {}
        for a, s, e, ns, ne in zip(
            ids, sizes.tolist(), ends, name_count.tolist(), name_ends, strict=True
        ):
            row: Placed = {}
            pairs = zip(flat[e - s : e].tolist(), places[e - s : e].tolist(), strict=True)
            for h, r in sorted(pairs):
                row.setdefault(h, r)
            row.update(dict.fromkeys(name_value[ne - ns : ne].tolist(), NAME))
            sets[a] = row
        return groups_from_shingles(sets)
    owner = np.repeat(np.arange(n, dtype=np.int64), sizes)
    # Shingles are numbered in hash order, so (df, number) sorts as the
    # reference's (df, hash). Rows become sets, sorted, whatever they were.
    key = owner * width + uid
    if len(key) > 1 and not (key[1:] > key[:-1]).all():
        order = np.lexsort((places, key))
        key, places = key[order], places[order]
        first_of = np.ones(len(key), bool)
        first_of[1:] = key[1:] != key[:-1]
        key, places = key[first_of], places[first_of]
        owner, uid = key // width, key % width
        sizes = np.bincount(owner, minlength=n).astype(np.int64)
        del order, first_of
    df = np.bincount(uid, minlength=width)

    # Identical sets of MIN_SHARED shingles or more, with the same names: one node, a class.
    starts = (np.cumsum(sizes) - sizes).tolist()
    size_list = sizes.tolist()
    name_starts = (np.cumsum(name_count) - name_count).tolist()
    name_list = name_count.tolist()
    raw = uid.astype(np.int64, copy=False).tobytes()
    raw_places = places.astype(np.int64, copy=False).tobytes()
    raw_names = name_uid.astype(np.int64, copy=False).tobytes()
    row_class = np.full(n, -1, np.int64)
    first: dict[bytes, int] = {}
    reps: list[int] = []
    classes: list[int] = []
    for r in range(n):
        if size_list[r] >= MIN_SHARED:
            span = slice(starts[r] * 8, (starts[r] + size_list[r]) * 8)
            named = slice(name_starts[r] * 8, (name_starts[r] + name_list[r]) * 8)
            k = size_list[r].to_bytes(8, "little") + raw[span] + raw_places[span] + raw_names[named]
            c = first.setdefault(k, len(reps))
            if c == len(reps):
                reps.append(r)
            classes.append(c)
        else:
            classes.append(-1)
    del raw, raw_places, raw_names, first
    row_class[:] = classes
    n_classes = len(reps)
    rep_rows = np.array(reps, np.int64)
    class_size = sizes[rep_rows] if n_classes else np.zeros(0, np.int64)
    # Where each class's text starts and ends (see _extent).
    text_first = np.zeros(n, np.int64)
    text_last = np.zeros(n, np.int64)
    filled = sizes > 0
    if filled.any():
        row_start = (np.cumsum(sizes) - sizes)[filled]
        text_first[filled] = np.minimum.reduceat(places, row_start)
        text_last[filled] = np.maximum.reduceat(places, row_start)
    text_first, text_last = text_first[rep_rows], text_last[rep_rows]
    text_extent = text_last - text_first + SHINGLE
    edge = MAX_BLOCK * text_extent

    # A class's shingles that some other row has too: the only ones that can
    # be probes or shared.
    is_rep = np.zeros(n, bool)
    is_rep[rep_rows] = True
    on_rep = is_rep[owner]
    e_cls = row_class[owner[on_rep]]
    e_uid = uid[on_rep]
    e_at = places[on_rep]
    repeated = df[e_uid] > 1
    e_cls, e_uid, e_at = e_cls[repeated], e_uid[repeated], e_at[repeated]
    del owner, on_rep, repeated, key

    # Probes: each class's PROBES rarest repeated shingles, ties by hash.
    # A shingle's place in (df, hash) order is one number, so one plain sort
    # of (class, place) does what a lexsort of three keys would, several times faster.
    place_order = np.argsort(df * width + np.arange(width), kind="stable")
    place = np.empty(width, np.int64)
    place[place_order] = np.arange(width)
    # Furniture (see _furniture) is never a probe.
    high = df[e_uid] >= FURNITURE_DF
    in_head = high & (e_at - text_first[e_cls] + SHINGLE < edge[e_cls])
    in_tail = high & (text_last[e_cls] - e_at + SHINGLE < edge[e_cls])
    heads = np.bincount(e_cls[in_head], minlength=n_classes)
    tails = np.bincount(e_cls[in_tail], minlength=n_classes)
    use_tail = tails >= heads
    chosen = np.where(use_tail, tails, heads)
    furnished = (chosen > 0) & (4 * chosen >= 3 * np.bincount(e_cls[high], minlength=n_classes))
    probing = ~(np.where(use_tail[e_cls], in_tail, in_head) & furnished[e_cls])
    del high, in_head, in_tail, heads, tails, use_tail, chosen, furnished
    ranked = np.sort(e_cls[probing] * width + place[e_uid[probing]])
    del probing
    p_cls, p_uid = ranked // width, place_order[ranked % width]
    del ranked
    class_first = np.searchsorted(p_cls, np.arange(n_classes))
    probe = np.arange(len(p_cls)) - class_first[p_cls] < PROBES
    p_cls, p_uid = p_cls[probe], p_uid[probe]
    # Within PROBE_POSTINGS, the first of each class always.
    spent = np.cumsum(df[p_uid])
    class_first = np.searchsorted(p_cls, np.arange(n_classes))
    before = np.concatenate([np.zeros(1, np.int64), spent])[class_first]
    spent -= before[p_cls]
    probe = (np.arange(len(p_cls)) == class_first[p_cls]) | (spent <= PROBE_POSTINGS)
    p_cls, p_uid = p_cls[probe], p_uid[probe]
    del probe, spent, before

    # Postings: the classes holding each repeated shingle.
    post_cls = np.sort(e_uid * n_classes + e_cls) % max(1, n_classes)
    post_count = np.bincount(e_uid, minlength=width)
    post_start = np.cumsum(post_count) - post_count
    # Each class's repeated shingles, sorted, for verification by look-up.
    held = e_cls * width + e_uid
    held_count = np.bincount(e_cls, minlength=n_classes)
    held_start = np.cumsum(held_count) - held_count
    # And each class's names, likewise.
    named_rep = is_rep[name_owner]
    names_held = np.sort(row_class[name_owner[named_rep]] * name_width + name_uid[named_rep])
    names_uid = names_held % name_width
    names_count = name_count[rep_rows] if n_classes else np.zeros(0, np.int64)
    names_start = np.cumsum(names_count) - names_count
    del named_rep

    parent = list(range(n_classes))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def labels() -> np.ndarray:
        roots = np.array(parent, np.int64)
        while True:
            up = roots[roots]
            if (up == roots).all():
                return roots
            roots = up

    def verify(a: np.ndarray, b: np.ndarray) -> bool:
        """Join the pairs that are the same story; whether any groups merged."""
        # Look up the smaller side's shingles among the other's.
        swap = held_count[a] > held_count[b]
        a, b = np.where(swap, b, a), np.where(swap, a, b)
        counts = held_count[a]
        pair = np.repeat(np.arange(len(a)), counts)
        at = np.arange(int(counts.sum())) + np.repeat(
            held_start[a] - (np.cumsum(counts) - counts), counts
        )
        query = b[pair] * width + e_uid[at]
        found = np.searchsorted(held, query)
        found[found == len(held)] = 0
        hit = held[found] == query
        shared = np.bincount(pair[hit], minlength=len(a))
        smaller = np.maximum(1, np.minimum(class_size[a], class_size[b]))
        joined = (shared >= MIN_SHARED) & (shared / smaller >= MIN_OVERLAP)
        # Where the shared shingles lie in each text (see _one_block).
        pair = pair[hit]
        block = np.ones(len(a), bool)
        for side, where in ((a, e_at[at[hit]]), (b, e_at[found[hit]])):
            low = np.full(len(a), np.iinfo(np.int64).max)
            high = np.full(len(a), -1, np.int64)
            np.minimum.at(low, pair, where)
            np.maximum.at(high, pair, where)
            block &= high - low + SHINGLE < edge[side]
        joined &= ~block
        # Names (see names_agree), looked up from the side holding fewer.
        maybe = np.flatnonzero(joined)
        if len(maybe) and len(names_held):
            x, y = a[maybe], b[maybe]
            swap = names_count[x] > names_count[y]
            x, y = np.where(swap, y, x), np.where(swap, x, y)
            fewer = names_count[x]
            pair = np.repeat(np.arange(len(x)), fewer)
            at = np.arange(int(fewer.sum())) + np.repeat(
                names_start[x] - (np.cumsum(fewer) - fewer), fewer
            )
            query = y[pair] * name_width + names_uid[at]
            found = np.searchsorted(names_held, query)
            found[found == len(names_held)] = 0
            agree = np.bincount(pair[names_held[found] == query], minlength=len(x))
            held_to = names_count[y] >= FEW_NAMES  # y holds more
            joined[maybe[held_to & (agree < MIN_NAMES * fewer)]] = False
        merged = False
        for i, j in zip(a[joined].tolist(), b[joined].tolist(), strict=True):
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
                merged = True
        return merged

    held_by = np.flatnonzero(post_count)

    def uniform(label: np.ndarray) -> np.ndarray:
        """Per shingle, the group every class holding it is in (-1: several):
        a probe into such a posting from that group finds nothing new."""
        out = np.full(width, -1, np.int64)
        if len(held_by):
            of = label[post_cls]
            low = np.minimum.reduceat(of, post_start[held_by])
            high = np.maximum.reduceat(of, post_start[held_by])
            out[held_by] = np.where(low == high, low, -1)
        return out

    probe_end = np.searchsorted(p_cls, np.arange(n_classes), side="right")
    unprobed = held_count - np.bincount(p_cls, minlength=n_classes)
    done = 0
    label = labels()
    need: np.ndarray | None = None
    needed = np.zeros(0, np.int64)
    offset = 0
    while done < len(p_cls):
        if need is None:
            # Postings each remaining probe still has to gather: none where
            # the whole posting is in the probing class's group already.
            rest_u, rest_c = p_uid[done:], p_cls[done:]
            need = np.where(uniform(label)[rest_u] == label[rest_c], 0, post_count[rest_u])
            needed = np.cumsum(need)
            offset = done
            del rest_u, rest_c
        base = int(needed[done - offset - 1]) if done > offset else 0
        if base == int(needed[-1]):
            break  # nothing left to gather
        # Whole classes per pass, at least one, about _GATHER_BUDGET postings.
        stop = offset + int(np.searchsorted(needed, base + _GATHER_BUDGET, side="right"))
        stop = int(probe_end[p_cls[max(done, min(stop, len(p_cls)) - 1)]])
        stop = max(stop, int(probe_end[p_cls[done]]))
        counts = need[done - offset : stop - offset]
        src = np.repeat(p_cls[done:stop], counts)
        at = np.arange(int(counts.sum())) + np.repeat(
            post_start[p_uid[done:stop]] - (np.cumsum(counts) - counts), counts
        )
        dst = post_cls[at]
        keep = (dst != src) & (label[dst] != label[src])
        pairs, hits = np.unique(src[keep] * n_classes + dst[keep], return_counts=True)
        done = stop
        del src, dst, at, keep
        # The pair shares at most the probes that hit plus the class's other
        # repeated shingles: a pair that cannot reach the thresholds even so
        # is not the same story (a common phrase was one of the probes).
        a = pairs // n_classes
        most = hits + unprobed[a]
        smaller = np.maximum(1, np.minimum(class_size[a], class_size[pairs % n_classes]))
        pairs = pairs[(most >= MIN_SHARED) & (most / smaller >= MIN_OVERLAP)]
        del hits, most, smaller, a
        while len(pairs):
            a, b = pairs // n_classes, pairs % n_classes
            cost = np.cumsum(np.minimum(held_count[a], held_count[b]))
            cut = max(1, int(np.searchsorted(cost, _VERIFY_BUDGET, side="right")))
            if not verify(a[:cut], b[:cut]):
                pairs = pairs[cut:]
                continue
            label = labels()
            need = None
            pairs = pairs[cut:]
            a, b = pairs // n_classes, pairs % n_classes
            pairs = pairs[label[a] != label[b]]

    label = labels() if n_classes else np.zeros(1, np.int64)
    component = np.where(row_class >= 0, label[np.maximum(row_class, 0)], n_classes + np.arange(n))
    smallest: dict[int, str] = {}
    comps = component.tolist()
    for aid, comp in zip(ids, comps, strict=True):
        known = smallest.get(comp)
        if known is None or aid < known:
            smallest[comp] = aid
    return {aid: smallest[comp] for aid, comp in zip(ids, comps, strict=True)}
