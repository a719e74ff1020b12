"""The check-worthiness weights found by their parts (``checkworthy_weights``)
are those of the features by name, in the same order, so the margin is the
same float to the last bit; and the shape flags skip no regex that could match.
"""

from __future__ import annotations

import math
import random
import re

import pytest

from newsread.analysis import checkworthy_features as cf
from newsread.analysis.checkworthy import Scorer
from newsread.analysis.checkworthy_features import _bucket, feature_names, flag_features, tokens
from newsread.analysis.checkworthy_weights import WeightMemo, sentence_weights

TEXT = (
    "Exports rose by 12.5 percent in 2019, the trade minister, Ana Silva, told MPs on Tuesday.\n\n"
    '"We will not cut pensions," she said. "That would be wrong."\n'
    "The council spent $40 million on the bridge; critics say it was too expensive.\n"
    "Could the union have known? Perhaps. I think we should ask them!\n"
    "Unemployment in Leeds fell to its lowest level since 1998 , according to the ministry .\n"
    "Police said 3 people were hurt -- none seriously -- after the match in Valencia.\n"
    "BREAKING: Lagos port reopens\n"
    "The report, which was published by the OECD and the IMF, doesn't say who paid."
)


def _every_weight(doc) -> dict[int, float]:
    """A distinct weight for every bucket any span of ``doc`` hashes to, so no
    feature's weight can stand in for another's unnoticed."""
    rng = random.Random(3)
    weights: dict[int, float] = {}
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 40) + 1):
            span = doc[start:end]
            for name in feature_names(span.text, span):
                weights.setdefault(_bucket(name), rng.uniform(-2.0, 2.0))
    return weights


def _spans(doc, rng: random.Random) -> list:
    """Every sentence, the whole Doc, and token ranges cut anywhere (heads
    then often lie outside the span)."""
    spans = [*doc.sents, doc[:]]
    for _ in range(150):
        start = rng.randrange(len(doc))
        spans.append(doc[start : rng.randint(start + 1, len(doc))])
    return spans


@pytest.mark.parametrize("kept", [0, 5, 1_000_000])
def test_weights_by_parts_equal_those_of_the_named_features(pipeline, kept: int) -> None:
    doc = pipeline.nlp(TEXT)
    weights = _every_weight(doc)
    memo = WeightMemo(weights, kept)
    for span in _spans(doc, random.Random(kept)):
        expected = [weights.get(_bucket(name), 0.0) for name in feature_names(span.text, span)]
        # Twice: the first time fills the memo and the Doc's columns, the second reads them.
        assert sentence_weights(memo, span.text, span) == expected, span.text
        assert sentence_weights(memo, span.text, span) == expected, span.text
        assert sentence_weights(memo, span.text, None) == [
            weights.get(_bucket(name), 0.0) for name in feature_names(span.text)
        ]
    assert len(memo) <= kept


def test_the_margin_is_the_named_features_sum_to_the_last_bit(pipeline) -> None:
    doc = pipeline.nlp(TEXT)
    weights = _every_weight(doc)
    scorer = Scorer(weights, 0.25)
    for span in _spans(doc, random.Random(7)):
        found = [weights.get(_bucket(name), 0.0) for name in feature_names(span.text, span)]
        plain = 0.25 + sum(found) / math.sqrt(len(found))
        assert scorer.margin(span.text, span) == plain, span.text


def test_two_models_on_one_doc_keep_their_own_columns(pipeline) -> None:
    doc = pipeline.nlp(TEXT)
    weights = _every_weight(doc)
    halved = {k: v / 2 for k, v in weights.items()}
    sentence = next(iter(doc.sents))
    first, second = WeightMemo(weights, 1_000_000), WeightMemo(halved, 1_000_000)
    whole = sentence_weights(first, sentence.text, sentence)
    half = sentence_weights(second, sentence.text, sentence)
    assert half == [w / 2 for w in whole]


# The flags' regexes as they were written: case-insensitive, and the names'
# with its look-behinds first.
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
    r"\b(?:I|we)\s+(?:think|believe|feel|hope|want|will|would|am|are|'m|'re)\b", re.IGNORECASE
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
_TOKEN = re.compile(r"\$|%|\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)?", re.IGNORECASE)


def _reference_tokens(sentence: str) -> list[str]:
    """``tokens`` as it was: a case-insensitive split, each token lowered."""
    return ["<num>" if t[0].isdigit() else t.lower() for t in _TOKEN.findall(sentence)]


def _reference_flags(sentence: str, toks: list[str]) -> list[str]:
    """``flag_features`` as it was: every regex searched in every sentence."""
    feats = []
    if _PERCENT.search(sentence):
        feats.append("f:percent")
    if _MONEY.search(sentence):
        feats.append("f:money")
    if _YEAR.search(sentence):
        feats.append("f:year")
    if "<num>" in toks:
        feats.append("f:number")
    if sentence.rstrip().endswith("?"):
        feats.append("f:question")
    if _COMPARATIVE.search(sentence):
        feats.append("f:comparative")
        if "<num>" in toks:
            feats.append("f:comparative+number")
    if _HEDGE.search(sentence):
        feats.append("f:hedge")
    if _OPINION.search(sentence):
        feats.append("f:opinion")
    feats.append(f"f:names{min(len(_NAME.findall(sentence)), 3)}")
    feats.append(f"f:len{min(len(toks) // 5, 8)}")
    return feats


@pytest.mark.parametrize("seed", range(4))
def test_the_flags_equal_every_regex_searched(seed: int) -> None:
    rng = random.Random(seed)
    # Digits of other scripts (Arabic-Indic, full-width) are digits to the
    # regexes too; letters, signs and words the flags look for, in any case
    # (an ASCII sentence is searched lower-cased, any other as it is; the
    # Kelvin sign and the long s are a k and an s to a case-insensitive
    # search); capitals after a sentence's end, a letter, a digit or a mark.
    pieces = [
        "7", "19", "2019", "\u0663", "\uff12\uff10\uff11\uff19", "%", " per cent", "percent",
        "$", "\u20ac", " million", " dollars", "more", " than", "rose", "could", "I think",
        "we will", "?", " ", ",", ".", "'s", "Ana", "Leeds", "the", "tax", "\n",
        " MORE", "Than", "COULD", "i Think", "WE WILL", "Per Cent", " MILLION", "Dollars",
        "I thin\u212a", "\u212aeeps", "\u017fhould", "Ma\u017fy",
        "! ", "_", "\u00c9", "A", "Bx", "\u00e9Ab",
    ]  # fmt: skip
    for _ in range(400):
        sentence = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        toks = tokens(sentence)
        assert toks == _reference_tokens(sentence), sentence
        assert flag_features(sentence, toks) == _reference_flags(sentence, toks), sentence


def _reference_root_features(span) -> list[str]:
    """``root_features`` as it was: read from Token objects."""
    root = span.root
    feats = [f"root:{root.tag_}", f"rootl:{root.lemma_.lower()}"]
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj:
        feats.append(f"subj:{subj[0].lower_ if subj[0].pos_ == 'PRON' else subj[0].pos_}")
    feats += [f"aux:{c.lower_}" for c in root.children if c.dep_ == "aux"]
    feats.append(f"neg:{any(c.dep_ == 'neg' for c in root.children)}")
    return feats


def test_the_root_read_from_the_columns_equals_the_tokens(pipeline) -> None:
    doc = pipeline.nlp(
        TEXT
        + "\nShe did not say whether taxes will rise."
        + " It was not, they said, what we had hoped."
    )
    spans = _spans(doc, random.Random(11))
    assert any(f.startswith("neg:True") for s in spans for f in _reference_root_features(s))
    assert any(f.startswith("aux:") for s in spans for f in _reference_root_features(s))
    for span in spans:
        assert cf.root_features(span) == _reference_root_features(span), span.text


def _reference_shape_features(span) -> list[str]:
    """``shape_features`` as read from Token objects."""
    root = span.root
    numbers = [t for t in span if t.like_num or t.pos_ == "NUM"]
    kids = list(root.children)
    subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        who = "none"
    else:
        who = subj.lower_ if subj.pos_ == "PRON" else subj.ent_type_ or subj.pos_
    aux = next((c.lower_ for c in kids if c.dep_ == "aux"), "-")
    feats = [
        f"cs:root {root.tag_} num {bool(numbers)}",
        f"cs:subj {who} aux {aux}",
        f"cs:subj {who} root {root.tag_}",
    ]
    objects = [c for c in kids if c.dep_ in ("dobj", "attr", "prep", "npadvmod")]
    if any(t.i in {s.i for c in objects for s in c.subtree} for t in numbers):
        feats.append(f"cs:objnum {root.tag_}")
    words = [t.lower_ for t in span]
    cited = any(a == "according" and b == "to" for a, b in zip(words, words[1:], strict=False))
    if cited or root.lemma_.lower() in ("say", "tell", "report", "claim", "announce", "state"):
        feats.append(f"cs:source {bool(numbers)}")
    return feats


def test_the_claim_shapes_read_from_the_columns_equal_the_tokens(pipeline) -> None:
    doc = pipeline.nlp(TEXT + "\nWe will cut the deficit by half, the minister said.")
    spans = _spans(doc, random.Random(12))
    found = {f.split()[0] for s in spans for f in cf.shape_features(s)}
    assert {"cs:objnum", "cs:source"} <= found
    for span in spans:
        assert cf.shape_features(span) == _reference_shape_features(span), span.text


def test_a_lookup_gives_each_keys_weight_known_new_or_past_the_room() -> None:
    """Every key's weight is its named feature's, whether all keys are
    remembered (the quick path), some are new, or the memo has no room left."""
    names = ["exports", "rose", "sharply", "again", "today"]
    weights = {_bucket(f"u:{n}"): float(k + 1) for k, n in enumerate(names)}
    family = ("u:", None)
    expected = [weights.get(_bucket(f"u:{n}"), 0.0) for n in [*names, "unseen"]]
    memo = WeightMemo(weights, 3)
    assert memo.lookup(family, names[:2]) == expected[:2]
    assert memo.lookup(family, names[:2]) == expected[:2]  # every key remembered
    assert memo.lookup(family, [*names, "unseen"]) == expected  # some new, room for one
    assert memo.lookup(family, [*names, "unseen"]) == expected  # past the room
    assert memo.lookup(family, []) == []
    assert len(memo) == 3
