"""Check-worthiness features by name: what the linear model reads of a sentence.

Word unigrams, bigrams and trigrams, a few shape flags, and from the parse
the claim structure (tags, entity labels, the main verb, lemmas and arcs);
``newsread.analysis.checkworthy`` describes them. Training hashes these
names (``features``); scoring finds the same weights without building most
of them (``checkworthy_weights``), and is tested against these functions.
"""

from __future__ import annotations

import re
import zlib
from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import doc_data

if TYPE_CHECKING:
    from spacy.tokens import Span

N_BUCKETS = 1 << 18

_TOKEN = re.compile(r"\$|%|\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)?", re.IGNORECASE)
_PERCENT = re.compile(r"\d\s*(?:%|per ?cent|percent)", re.IGNORECASE)
_MONEY = re.compile(r"[$€£]\s*\d|\d\s*(?:million|billion|trillion|dollars)", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_COMPARATIVE = re.compile(
    r"\b(?:more|less|fewer|than|most|least|highest|lowest|largest|biggest|smallest|"
    r"doubled?|tripled?|increased?|decreased?|rose|fell|cut|grew|dropped)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:maybe|perhaps|probably|might|could|hope|wish|should|ought)\b", re.IGNORECASE
)
_OPINION = re.compile(
    r"\b(?:i|we)\s+(?:think|believe|feel|hope|want|will|would|am|are|'m|'re)\b", re.IGNORECASE
)
# The case-insensitive searches, and the same patterns case-sensitive for an
# ASCII sentence lower-cased: there lowering changes no character's length nor
# whether it is a word character, so they match where the others would, at
# about twice the speed (the patterns are written in lower case for this).
_SEARCHES = (_PERCENT, _MONEY, _COMPARATIVE, _HEDGE, _OPINION)
_LOWER_SEARCHES = tuple(re.compile(r.pattern) for r in _SEARCHES)
_LOWER_TOKEN = re.compile(_TOKEN.pattern)
# A capitalised word not opening the text or a sentence. The capital comes
# first and the word boundary is a look-behind: a pattern opening with a
# character set is scanned for it in C, about three times faster than one
# opening with look-behinds tried at every position.
_NAME = re.compile(r"[A-Z](?<!\w[A-Z])(?<![.!?]\s[A-Z])(?<!^[A-Z])[a-z]+")


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % N_BUCKETS


def tokens(sentence: str) -> list[str]:
    """Lower-cased word tokens; every number becomes one shape token."""
    if sentence.isascii():
        # Lowered once, not token by token (as for the flags' searches).
        return ["<num>" if t[0].isdigit() else t for t in _LOWER_TOKEN.findall(sentence.lower())]
    return ["<num>" if t[0].isdigit() else t.lower() for t in _TOKEN.findall(sentence)]


# Which name stands in a sentence matters less than that one does: "<GPE>
# spends <num>" generalises over countries the training debates never named.
_FOLDED_ENTS = frozenset({"PERSON", "GPE", "ORG", "NORP", "LOC"})
_OPEN_WORDS = frozenset({"VERB", "AUX", "PRON"})
_VERBS = frozenset({"VERB", "AUX"})


def parse_features(span: Span) -> list[str]:
    """Claim structure read from the parse: tags and their pairs, entity
    labels, the main verb, verb lemmas, lemma uni/bigrams and dependency arcs.

    The tokens' attributes come from the Doc's columns (``doc_cache``), read
    once per Doc: spaCy builds a new Python string at every attribute access,
    and this runs on every sentence the analysis scores.
    """
    doc = span.doc
    start, end = span.start, span.end
    data = doc_data(doc)
    all_pos, all_lemmas = data.pos, data.lemmas
    pos = all_pos[start:end]
    lemma = [x.lower() for x in all_lemmas[start:end]]
    tags = data.tags[start:end]
    feats = [f"t:{t}" for t in tags]
    feats += [f"tt:{a} {b}" for a, b in zip(["<s>", *tags], [*tags, "</s>"], strict=True)]
    # Entity labels from the tokens where entities begin: ``span.ents`` walks
    # the whole article's entities for every sentence, quadratic in its length.
    labels: set[str] = set()
    folded: list[str] = []
    for i, (punct, space, number, ent, iob, head, dep) in enumerate(
        zip(
            data.is_punct[start:end],
            data.is_space[start:end],
            data.like_num[start:end],
            data.ent_types[start:end],
            data.ent_iobs[start:end],
            data.heads[start:end],
            data.deps[start:end],
            strict=True,
        )
    ):
        if ent and iob == "B":
            labels.add(ent)
        if pos[i] in _VERBS:
            feats.append(f"vl:{lemma[i]}")
        if punct:
            continue
        if space:  # no lemma, but (as trained) an arc
            pass
        elif number or pos[i] == "NUM":
            folded.append("<num>")
        elif ent in _FOLDED_ENTS:
            folded.append(f"<{ent}>")
        else:
            folded.append(lemma[i])
        j = head - start
        if 0 <= j < len(pos):
            head_pos, head_lemma = pos[j], lemma[j]
        else:  # a head outside the sentence, where the parser ran over its end
            head_pos, head_lemma = all_pos[head], all_lemmas[head].lower()
        h = head_lemma if head_pos in _VERBS else head_pos
        c = lemma[i] if pos[i] in _OPEN_WORDS else pos[i]
        feats += [f"d:{dep} {h} {c}", f"dl:{dep}:{lemma[i]}"]
    feats += [f"e:{label}" for label in sorted(labels)]
    feats += [f"l:{x}" for x in folded]
    feats += [f"lb:{a} {b}" for a, b in zip(["<s>", *folded], [*folded, "</s>"], strict=True)]
    return feats + main_verb_features(span)


def main_verb_features(span: Span) -> list[str]:
    """``root_features`` then ``shape_features``, the root and its children
    found once for both (the last of ``parse_features``)."""
    root = _root_kids(span)
    return root_features(span, root) + shape_features(span, root)


def _root_kids(span: Span) -> tuple[int, list[int]]:
    """The sentence's root and its children, in order, as ``Token.children``
    walks them: the tokens between its left and right edge whose head it is,
    read from the Doc's columns without a Token object for each."""
    root = span.root
    heads = doc_data(span.doc).heads
    r = root.i
    return r, [
        j for j in range(root.left_edge.i, root.right_edge.i + 1) if heads[j] == r and j != r
    ]


def root_features(span: Span, root: tuple[int, list[int]] | None = None) -> list[str]:
    """The sentence's main verb: its tag and lemma, its subject, auxiliaries
    and negation.

    Read from the Doc's columns (``_root_kids``, or ``root`` where the caller
    found them), without a Token object for each child.
    """
    data = doc_data(span.doc)
    deps = data.deps
    r, kids = root or _root_kids(span)
    feats = [f"root:{data.tags[r]}", f"rootl:{data.lemmas[r].lower()}"]
    subj = [j for j in kids if deps[j] in ("nsubj", "nsubjpass")]
    if subj:
        j = subj[0]
        feats.append(f"subj:{data.lowers[j] if data.pos[j] == 'PRON' else data.pos[j]}")
    feats += [f"aux:{data.lowers[j]}" for j in kids if deps[j] == "aux"]
    feats.append(f"neg:{any(deps[j] == 'neg' for j in kids)}")
    return feats


# Objects and complements of the main verb: a figure under one of these is what
# the verb reports ("cut taxes by 40 percent"), not a date or a count in passing.
_OBJECT_DEPS = frozenset({"dobj", "attr", "prep", "npadvmod"})
# Verbs that put a claim on someone's word: a named source to check against.
_SOURCE_VERBS = frozenset({"say", "tell", "report", "claim", "announce", "state"})


def shape_features(span: Span, root: tuple[int, list[int]] | None = None) -> list[str]:
    """Conjunctions of claim structure that the single features cannot express
    in a linear model: the main verb's tense with whether a figure is present;
    its subject with its first auxiliary ("we will" promises, "they have"
    reports) and with its tense; a figure inside the verb's object; and a
    source ("said", "according to") with or without a figure.

    The subject is named as a pronoun by its word, else by its entity label,
    else by its part of speech (``root_features`` folds names into PROPN).
    ``root``: the root and its children, where the caller found them.
    """
    data = doc_data(span.doc)
    r, kids = root or _root_kids(span)
    subj = next((j for j in kids if data.deps[j] in ("nsubj", "nsubjpass")), None)
    start, end = span.start, span.end
    heads, deps, pos = data.heads, data.deps, data.pos
    numbers = [i for i in range(start, end) if data.like_num[i] or pos[i] == "NUM"]
    tag = data.tags[r]
    if subj is None:
        who = "none"
    elif pos[subj] == "PRON":
        who = data.lowers[subj]
    else:
        who = data.ent_types[subj] or pos[subj]
    aux = next((data.lowers[j] for j in kids if deps[j] == "aux"), "-")
    feats = [
        f"cs:root {tag} num {bool(numbers)}",
        f"cs:subj {who} aux {aux}",
        f"cs:subj {who} root {tag}",
    ]
    if any(_under_object(i, r, heads, deps) for i in numbers):
        feats.append(f"cs:objnum {tag}")
    lowers = data.lowers
    cited = any(lowers[i] == "according" and lowers[i + 1] == "to" for i in range(start, end - 1))
    if cited or data.lemmas[r].lower() in _SOURCE_VERBS:
        feats.append(f"cs:source {bool(numbers)}")
    return feats


def _under_object(i: int, r: int, heads: list[int], deps: list[str]) -> bool:
    """Whether token ``i`` hangs from root ``r`` through a child of one of
    ``_OBJECT_DEPS`` (the child itself counts)."""
    # A parse is a tree, but a bounded walk cannot loop on a malformed one.
    for _ in range(len(heads)):
        head = heads[i]
        if head == r:
            return i != r and deps[i] in _OBJECT_DEPS
        if head == i:
            return False
        i = head
    return False


def lemmas(span: Span) -> list[str]:
    """Lemmas without punctuation; numbers and names become their kind."""
    return [f[2:] for f in parse_features(span) if f.startswith("l:")]


def arc_features(span: Span) -> list[str]:
    """Dependency arcs: verbs and pronouns by lemma, other words by part of
    speech, so "we cut" and "they raised" are read apart from their nouns."""
    return [f for f in parse_features(span) if f.startswith(("d:", "dl:"))]


def features(sentence: str, span: Span | None = None) -> list[int]:
    """Hashed feature ids of one sentence (a bag: repeats are kept); with its
    parse, the claim-structure features too."""
    return [_bucket(f) for f in feature_names(sentence, span)]


def feature_names(sentence: str, span: Span | None = None) -> list[str]:
    """The features ``features`` hashes, by name, in the same order."""
    toks = tokens(sentence)
    feats = [f"u:{t}" for t in toks]
    padded = ["<s>", *toks, "</s>"]
    feats += [f"b:{a} {b}" for a, b in zip(padded, padded[1:], strict=False)]
    feats += [f"tri:{a} {b} {c}" for a, b, c in zip(padded, padded[1:], padded[2:], strict=False)]
    feats += flag_features(sentence, toks)
    if span is not None and len(span):
        feats += parse_features(span)
    return feats


def flag_features(sentence: str, toks: list[str]) -> list[str]:
    """The shape flags of a sentence whose word tokens are ``toks``: figures,
    a question, comparatives, hedges, opinions, names and length."""
    feats = []
    if sentence.isascii():
        lowered, (percent, money, comparative, hedge, opinion) = sentence.lower(), _LOWER_SEARCHES
    else:
        lowered, (percent, money, comparative, hedge, opinion) = sentence, _SEARCHES
    # These three need a digit, and every digit is in a "<num>" token: a
    # sentence without one is not searched for them.
    number = "<num>" in toks
    if number and percent.search(lowered):
        feats.append("f:percent")
    if number and money.search(lowered):
        feats.append("f:money")
    if number and _YEAR.search(sentence):
        feats.append("f:year")
    if number:
        feats.append("f:number")
    if sentence.rstrip().endswith("?"):
        feats.append("f:question")
    if comparative.search(lowered):
        feats.append("f:comparative")
        if number:
            feats.append("f:comparative+number")
    if hedge.search(lowered):
        feats.append("f:hedge")
    if opinion.search(lowered):
        feats.append("f:opinion")
    feats.append(f"f:names{min(len(_NAME.findall(sentence)), 3)}")
    feats.append(f"f:len{min(len(toks) // 5, 8)}")
    return feats
