"""The weights of a sentence's check-worthiness features, found without
building most of the features' names.

``checkworthy_features`` names every feature ("tri:exports rose by") and the
model hashes each name to its weight: a sentence has about 250 features, and
building and hashing those strings was most of the scoring's time. Here a
feature's weight is remembered under its parts instead (the word triple, the
tag pair, the arc), a tuple that ``zip`` builds in C from strings whose hashes
Python already knows; its name is built and hashed only the first time.

The parse's features of a token do not depend on the sentence around it
(an arc's head reads the same from inside the sentence or out), so they are
looked up once per Doc, for all its tokens, as columns of weights; a
sentence's are then slices of those, with the pairs at its two edges looked
up apart. The weights come out in the order of ``feature_names``, so the
margin sums them in that order to the same float, bit for bit
(``tests/test_checkworthy_weights.py`` holds the two side by side).
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from newsread.analysis.checkworthy_features import (
    _FOLDED_ENTS,
    _OPEN_WORDS,
    _VERBS,
    N_BUCKETS,
    flag_features,
    main_verb_features,
    tokens,
)
from newsread.analysis.doc_cache import cached, doc_data

if TYPE_CHECKING:
    from spacy.tokens import Span

# A family of features and how each is named from its key: the prefix, then
# the key itself (a string) or its parts joined by the separator, exactly as
# ``checkworthy_features`` writes them.
Family = tuple[str, str | None]
_NAMED: Family = ("", None)
_UNIGRAM: Family = ("u:", None)
_BIGRAM: Family = ("b:", " ")
_TRIGRAM: Family = ("tri:", " ")
_TAG: Family = ("t:", None)
_TAG_PAIR: Family = ("tt:", " ")
_VERB_LEMMA: Family = ("vl:", None)
_ARC: Family = ("d:", " ")
_DEP_LEMMA: Family = ("dl:", ":")
_LEMMA: Family = ("l:", None)
_LEMMA_PAIR: Family = ("lb:", " ")


# A folded name's stand-in, one string object for all its tokens.
_FOLDED_NAMES = {ent: f"<{ent}>" for ent in _FOLDED_ENTS}

# Each memo's own number: a Doc's weight columns are kept under it, so two
# models scoring the same Doc never read each other's.
_SERIAL = itertools.count()


class WeightMemo:
    """A model's weight of each feature, remembered by its key in its family.

    At most ``kept`` keys are remembered in all, the first ones met (the
    frequent ones come early); past that the rest are hashed each time, so a
    long run's memory stays bounded.
    """

    def __init__(self, weights: dict[int, float], kept: int) -> None:
        self.weights = weights
        self.room = kept
        self.serial = next(_SERIAL)
        self.known: dict[Family, dict[Hashable, float]] = {}

    def __len__(self) -> int:
        return sum(map(len, self.known.values()))

    def lookup(self, family: Family, keys: list) -> list[float]:
        """The weight of each key's feature (0.0 for one the model never saw)."""
        known = self.known.get(family)
        if known is None:
            known = self.known[family] = {}
        # Once the memo is warm nearly every call finds every key: ``__getitem__``
        # through ``map`` is quicker than ``get``, and spares the scan of the
        # list for None (this line was a tenth of the rules' time).
        try:
            return list(map(known.__getitem__, keys))
        except KeyError:
            pass
        found = list(map(known.get, keys))
        prefix, sep = family
        get = self.weights.get
        room = self.room
        for k in [k for k, weight in enumerate(found) if weight is None]:
            key = keys[k]
            name = prefix + (key if sep is None else sep.join(key))
            # ``_bucket``, written out: this runs once per feature not yet seen.
            found[k] = weight = get(zlib.crc32(name.encode("utf-8")) % N_BUCKETS, 0.0)
            if room > 0:
                known[key] = weight
                room -= 1
        self.room = room
        return found


def sentence_weights(memo: WeightMemo, sentence: str, span: Span | None) -> list[float]:
    """The weight of each of ``feature_names(sentence, span)``, in its order."""
    toks = tokens(sentence)
    padded = ["<s>", *toks, "</s>"]
    found = memo.lookup(_UNIGRAM, toks)
    found += memo.lookup(_BIGRAM, list(zip(padded, padded[1:], strict=False)))
    found += memo.lookup(_TRIGRAM, list(zip(padded, padded[1:], padded[2:], strict=False)))
    found += memo.lookup(_NAMED, flag_features(sentence, toks))
    if span is not None and len(span):
        found += _parse_weights(memo, span)
    return found


def _parse_weights(memo: WeightMemo, span: Span) -> list[float]:
    """The weights of ``parse_features(span)``, in its order."""
    doc = span.doc
    start, end = span.start, span.end
    cols: ParseColumns = cached(doc, f"checkworthy_weights.{memo.serial}", _columns_for(memo))
    found = cols.tags[start:end]
    found += memo.lookup(_TAG_PAIR, [("<s>", cols.tag_names[start])])
    found += cols.tag_pairs[start : end - 1]
    found += memo.lookup(_TAG_PAIR, [(cols.tag_names[end - 1], "</s>")])
    found += cols.arcs[cols.arc_at[start] : cols.arc_at[end]]
    data = doc_data(doc)
    labels = {
        ent
        for ent, iob in zip(data.ent_types[start:end], data.ent_iobs[start:end], strict=True)
        if ent and iob == "B"
    }
    found += memo.lookup(_NAMED, [f"e:{label}" for label in sorted(labels)])
    lo, hi = cols.folded_at[start], cols.folded_at[end]
    found += cols.lemmas[lo:hi]
    if hi > lo:
        found += memo.lookup(_LEMMA_PAIR, [("<s>", cols.folded[lo])])
        found += cols.lemma_pairs[lo : hi - 1]
        found += memo.lookup(_LEMMA_PAIR, [(cols.folded[hi - 1], "</s>")])
    else:
        found += memo.lookup(_LEMMA_PAIR, [("<s>", "</s>")])
    found += memo.lookup(_NAMED, main_verb_features(span))
    return found


class ParseColumns:
    """One Doc's parse features as weights, token by token.

    ``tags[i]`` weighs token i's tag and ``tag_pairs[i]`` the pair of tags of
    tokens i and i + 1. Token i's verb lemma and arcs (none, one, two or
    three weights) are ``arcs[arc_at[i]:arc_at[i + 1]]``. Of the folded
    lemmas (every token but punctuation and white space), those of tokens
    before i number ``folded_at[i]``; ``lemmas`` and ``lemma_pairs`` weigh
    them and their neighbouring pairs as ``tags`` and ``tag_pairs`` do.
    """

    def __init__(self, memo: WeightMemo, doc: Any) -> None:
        data = doc_data(doc)
        tags, pos, heads, deps = data.tags, data.pos, data.heads, data.deps
        # Lower-cased once per distinct lemma: the same string object for
        # every token, whose hash Python then computes once.
        lowered: dict[str, str] = {}
        lemma = [lowered.get(x) or lowered.setdefault(x, x.lower()) for x in data.lemmas]
        self.tag_names = tags
        self.tags = memo.lookup(_TAG, tags)
        self.tag_pairs = memo.lookup(_TAG_PAIR, list(zip(tags, tags[1:], strict=False)))
        # A token as an arc reads it: as the head (verbs by lemma) and as the
        # child (verbs and pronouns by lemma), other words by part of speech.
        as_head = [x if p in _VERBS else p for x, p in zip(lemma, pos, strict=True)]
        as_child = [x if p in _OPEN_WORDS else p for x, p in zip(lemma, pos, strict=True)]
        verbs = [i for i, p in enumerate(pos) if p in _VERBS]
        arcs = [i for i, punct in enumerate(data.is_punct) if not punct]
        verb_w = memo.lookup(_VERB_LEMMA, [lemma[i] for i in verbs])
        arc_w = memo.lookup(_ARC, [(deps[i], as_head[heads[i]], as_child[i]) for i in arcs])
        dep_w = memo.lookup(_DEP_LEMMA, [(deps[i], lemma[i]) for i in arcs])
        # Each token's weights in ``parse_features``' order: its verb lemma's, then its arcs'.
        groups: list[tuple[float, ...]] = [()] * len(tags)
        for i, weight in zip(verbs, verb_w, strict=True):
            groups[i] = (weight,)
        for i, arc, dep in zip(arcs, arc_w, dep_w, strict=True):
            groups[i] += (arc, dep)
        self.arcs = list(itertools.chain.from_iterable(groups))
        self.arc_at = list(itertools.accumulate(map(len, groups), initial=0))
        fold = [
            None
            if punct or space
            else "<num>"
            if number or p == "NUM"
            else _FOLDED_NAMES.get(ent) or x
            for punct, space, number, p, ent, x in zip(
                data.is_punct, data.is_space, data.like_num, pos, data.ent_types, lemma, strict=True
            )
        ]
        self.folded = folded = [x for x in fold if x is not None]
        self.folded_at = list(itertools.accumulate((x is not None for x in fold), initial=0))
        self.lemmas = memo.lookup(_LEMMA, folded)
        self.lemma_pairs = memo.lookup(_LEMMA_PAIR, list(zip(folded, folded[1:], strict=False)))


def _columns_for(memo: WeightMemo) -> Callable[[Any], ParseColumns]:
    return lambda doc: ParseColumns(memo, doc)
