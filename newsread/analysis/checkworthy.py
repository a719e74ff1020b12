"""Check-worthiness: how much a fact-checker would want to check a sentence.

A logistic regression over hashed word unigrams, bigrams and trigrams plus a
few shape features (numbers, percentages, money, length, comparatives and
changes, hedges, first-person opinions, how many capitalised names) and, from
spaCy's parse of the sentence, its claim structure: part-of-speech tags and
their pairs, the entity labels it holds (a figure, a date, a named source),
its main verb's tense, subject, auxiliaries and negation, and the lemmas of
its verbs ("will" and "should" promise or judge, "was" and "cut" report);
pairs of these a linear model cannot form by itself ("we will", the main
verb's tense with a figure, a figure in the verb's object, a cited source);
lemma unigrams and bigrams with names and numbers folded into their kind
("<GPE> spend <num>"), and dependency arcs ("nsubj cut PRON"); and the
sentence's words as GloVe vectors, pooled two ways (a mean weighted towards
rare words, and a per-dimension maximum), so a word the training sentences
never held still counts by its neighbours; and the mean of its word pieces'
static vectors distilled from a small pretrained encoder's frozen layers
(``newsread.analysis.piece_vectors``), which add some of that encoder's
reading at the cost of a table look-up. Trained by
``benchmarks/train_checkworthy.py`` on the ClaimBuster sentences, each
parsed alone by the same pipeline. Only the learned numbers ship
(``newsread/data/checkworthy.json``): feature names are hashed, so no text
of the training data is in the package. The word vectors
(``newsread/data/glove-50k.npz``, written by ``benchmarks/prune_glove.py``)
are the 50,000 most frequent words of GloVe 6B 50d (Pennington, Socher and
Manning, 2014; PDDL 1.0), one signed byte a component. Scoring reads the
parse the analysis already made: a few regex passes, a dictionary look-up per
feature (by its parts, most names never built: ``checkworthy_weights``; the
parse's looked up once per Doc), and one small numpy pooling per sentence.

The same ``features`` and ``dense_features`` functions are used for training
and scoring, so the two can never drift apart.

The model learnt half from the labels and half from a fine-tuned sentence
encoder (its target: the mean of the label and the encoder's probability),
so its weights lean towards what the encoder reads at no cost at scoring: on
ClaimBuster (5-fold, out of fold, each fold's teacher trained without it) F1
0.794 → 0.803, average precision 0.875 → 0.884, both halves up
(``benchmarks/bench_distill.py``). Its teacher is the encoder below as it
was first trained, its first three layers kept as pretrained
(``train_checkworthy.TEACHER``); the one shipped now, every layer trained,
blends better but teaches no better (0.800). Each hashed feature is scaled
in the fit by how far it leans to one class (its naive Bayes log-count
ratio, ``train_checkworthy.RATIO_FLAT``; folded into the weights, so scoring
is unchanged): 0.803 → 0.806, both halves and no fold lower.

The config can choose a second model (``[pipeline] checkworthiness =
"encoder"``, see ``checkworthy_choice``): the log-odds of the same linear
recipe learnt from the labels alone and unscaled (``BLEND_WEIGHTS_FILE``;
scaled it blends no better) blended with
those of a fine-tuned sentence encoder (``newsread.analysis.encoder``), as a
cascade: only the sentences the linear model is unsure of (log-odds within
CASCADE_BAND of the threshold) go through the encoder, which is nearly all
of the cost. On ClaimBuster (5-fold, out of fold) F1 0.794 (the labels-only
model) → 0.824 (the cascade, the encoder on 11 % of the sentences; both
halves and every fold up) against 0.832 with the encoder on every sentence;
0.822 as ``score.py`` reads the analysis. On news (the PolNeAR texts) the
encoder reads 23 % of the sentences scored, and the analysis takes 1.9
times bare spaCy's CPU time against 1.1 with a linear model alone, so the
light linear model stays the default. The choice is part of the cache key
(``model_suffix``), so scores of one model are never read back as the
other's.
"""

from __future__ import annotations

import io
import json
import math
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from newsread.analysis.checkworthy_choice import chosen_model

# The features by name live in their own module; these names stay importable
# from here, where training and the tests have always found them.
from newsread.analysis.checkworthy_features import N_BUCKETS as N_BUCKETS
from newsread.analysis.checkworthy_features import _bucket as _bucket
from newsread.analysis.checkworthy_features import arc_features as arc_features
from newsread.analysis.checkworthy_features import feature_names as feature_names
from newsread.analysis.checkworthy_features import features as features
from newsread.analysis.checkworthy_features import lemmas as lemmas
from newsread.analysis.checkworthy_features import parse_features as parse_features
from newsread.analysis.checkworthy_features import tokens as tokens
from newsread.analysis.checkworthy_weights import WeightMemo, sentence_weights
from newsread.analysis.doc_cache import doc_data
from newsread.analysis.piece_vectors import PIECE_DIM, PieceVectors, default_pieces

if TYPE_CHECKING:
    from spacy.tokens import Span

WEIGHTS_FILE = "checkworthy.json"
# The linear half of the encoder's blend: the same recipe learnt from the
# labels alone. The default model learnt half from an encoder's readings, so
# it agreed with that encoder more and added less to it (out of fold, cascade
# F1 0.817 with this one against 0.814 with the default). With the encoder
# shipped now, every layer trained, the default would blend a little better
# (0.8258 against 0.8243, both halves) but is unsure of more sentences and
# sends 14.0 % of them to the encoder against 11.2 %: a quarter more of its
# cost. At the same share (band 0.8) it gives 0.8238: no better.
BLEND_WEIGHTS_FILE = "checkworthy-blend.json"
VECTORS_FILE = "glove-50k.npz"
VECTOR_DIM = 50
DENSE_DIM = 2 * VECTOR_DIM + PIECE_DIM
# The width of en_core_web_sm's shared tok2vec output (``doc.tensor``).
TOKEN_DIM = 96
TENSOR_DIM = 2 * TOKEN_DIM
# Smooth inverse frequency (Arora et al., 2017): a word of probability p
# weighs SIF_A / (SIF_A + p) in the mean, p estimated from its frequency rank
# in GloVe's 400,000 words by Zipf's law.
SIF_A = 1e-3
GLOVE_WORDS = 400_000

_VECTOR_WORD = re.compile(r"[a-z]+?(?=n't)|n't|'[a-z]+|[a-z0-9]+(?:[.,][0-9]+)*|[^\sa-z0-9]")


# Feature names a Scorer remembers the weights of, the first ones it meets
# (the frequent ones come early); past this it hashes the rest each time, so
# a long run's memory stays bounded (about 20 MB).
_NAMES_KEPT = 200_000


def vector_words(sentence: str, span: Span | None = None) -> list[str]:
    """The words looked up in the vectors: the parse's tokens, lower-cased
    (spaCy splits "don't" into "do" and "n't", as GloVe's tokenizer did), or
    without a parse a regex split close to it."""
    if span is not None and len(span):
        data = doc_data(span.doc)
        start, end = span.start, span.end
        return [
            w
            for w, space in zip(data.lowers[start:end], data.is_space[start:end], strict=True)
            if not space
        ]
    return _VECTOR_WORD.findall(sentence.lower())


class WordVectors:
    """Word vectors by word, most frequent word first; pooled per sentence."""

    def __init__(self, words: list[str], vectors: np.ndarray) -> None:
        self.index = {w: i for i, w in enumerate(words)}
        # Row-major: a sentence gathers whole rows, and the shipped table
        # loads column-major, where each row's numbers lie far apart.
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        harmonic = math.log(GLOVE_WORDS) + 0.5772156649 + 1 / (2 * GLOVE_WORDS)
        p = 1.0 / ((np.arange(len(words)) + 1.0) * harmonic)
        self.sif = (SIF_A / (SIF_A + p)).astype(np.float32)

    @classmethod
    def from_npz(cls, raw: bytes) -> WordVectors:
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            words = npz["words"].tobytes().decode("utf-8").split("\n")
            vectors = npz["vectors"].astype(np.float32) * npz["scale"].astype(np.float32)[:, None]
        return cls(words, vectors)

    def pooled(self, words: list[str]) -> np.ndarray:
        """The SIF-weighted mean and the maximum of the words' vectors, side
        by side (zeros when no word has a vector)."""
        get = self.index.get
        ids = [i for i in map(get, words) if i is not None]
        if not ids:
            # The mean and the maximum: twice a vector's width. (The whole
            # DENSE_DIM here, pieces included, made a sentence with no known
            # word one of the wrong length, and its scoring raise.)
            return np.zeros(2 * self.vectors.shape[1], dtype=np.float32)
        # One index array for both gathers (a list is converted at each), and
        # the reductions called as ufuncs, as ``sum`` and ``max`` call them.
        at = np.array(ids, dtype=np.intp)
        vecs = self.vectors[at]
        weights = self.sif[at]
        return np.concatenate(
            [weights @ vecs / np.add.reduce(weights), np.maximum.reduce(vecs, axis=0)]
        )


@lru_cache(maxsize=1)
def default_vectors() -> WordVectors:
    """The shipped word vectors, loaded once per process."""
    raw = resources.files("newsread.data").joinpath(VECTORS_FILE).read_bytes()
    return WordVectors.from_npz(raw)


def tensor_features(span: Span | None) -> np.ndarray | None:
    """The mean and the maximum of the parse's own contextual token vectors
    (``doc.tensor``, the output of the pipeline's shared tok2vec layer) over
    the sentence's tokens, ``TENSOR_DIM`` numbers; None when the parse kept no
    tensor of the width the model was trained on.

    The analysis computed these rows anyway to tag and parse the sentence, so
    reading them costs one pooling: a word's reading in its context, which the
    static word vectors cannot give.
    """
    if span is None or not len(span):
        return None
    tensor = span.doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape != (len(span.doc), TOKEN_DIM):
        return None
    rows = np.asarray(tensor[span.start : span.end], dtype=np.float32)
    return np.concatenate([rows.mean(axis=0), rows.max(axis=0)])


def dense_features(
    sentence: str,
    span: Span | None = None,
    vectors: WordVectors | None = None,
    pieces: PieceVectors | None = None,
) -> np.ndarray:
    """The sentence's pooled word vectors, then the mean of its word pieces'
    distilled vectors (``DENSE_DIM`` numbers)."""
    return np.concatenate(
        [
            (vectors or default_vectors()).pooled(vector_words(sentence, span)),
            (pieces or default_pieces()).pooled(sentence),
        ]
    )


class Scorer:
    """A trained model: ``score(sentence)`` is a probability in [0, 1].

    ``dense`` weighs the pooled word vectors (``dense_features``); a model
    without it reads the hashed features alone. ``tensor`` weighs the pooled
    token vectors of the parse (``tensor_features``); where a sentence has
    none (no parse, or another pipeline's), ``tensor_fill`` stands in for
    their term: its mean over the training sentences, so the score is neither
    pushed up nor down by their absence.
    """

    def __init__(
        self,
        weights: dict[int, float],
        bias: float,
        dense: np.ndarray | None = None,
        vectors: WordVectors | None = None,
        tensor: np.ndarray | None = None,
        tensor_fill: float = 0.0,
    ) -> None:
        self.weights = weights
        self.bias = bias
        self.dense = dense
        self.vectors = vectors
        self.tensor = tensor
        self.tensor_fill = tensor_fill
        # Each feature's weight, remembered by its parts (``checkworthy_weights``).
        self._memo = WeightMemo(weights, _NAMES_KEPT)

    @classmethod
    def from_json(cls, data: dict, name: str = WEIGHTS_FILE) -> Scorer:
        """The model in a weights file's JSON; ``name`` is that file's, for errors."""
        idx = data["index"]
        val = data["weight"]
        scale = float(data.get("scale", 1.0))
        dense = np.array(data["dense"], dtype=np.float32) if data.get("dense") else None
        tensor = np.array(data["tensor"], dtype=np.float32) if data.get("tensor") else None
        if tensor is not None and tensor.shape != (TENSOR_DIM,):
            raise ValueError(f"{name}: 'tensor' holds {len(tensor)} weights, not {TENSOR_DIM}")
        return cls(
            {int(i): v / scale for i, v in zip(idx, val, strict=True)},
            float(data["bias"]),
            dense,
            tensor=tensor,
            tensor_fill=float(data.get("tensor_fill", 0.0)),
        )

    def margin(self, sentence: str, span: Span | None = None) -> float:
        feats = sentence_weights(self._memo, sentence, span)
        m = self.bias
        if self.dense is not None:
            m += float(dense_features(sentence, span, self.vectors) @ self.dense)
        if self.tensor is not None:
            pooled = tensor_features(span)
            m += self.tensor_fill if pooled is None else float(pooled @ self.tensor)
        if not feats:
            return m
        # Averaged over features, as in training, so long sentences are not
        # pushed towards either end just by their length.
        return m + sum(feats) / math.sqrt(len(feats))

    def score(self, sentence: str, span: Span | None = None) -> float:
        return _sigmoid(self.margin(sentence, span))


def _sigmoid(m: float) -> float:
    if m >= 0:
        return 1.0 / (1.0 + math.exp(-m))
    e = math.exp(m)
    return e / (1.0 + e)


# With the encoder chosen, the score is the two models' log-odds blended: the
# linear model above (parse and hashed words) and the fine-tuned sentence
# encoder (newsread.analysis.encoder), which reads word order and context the
# linear model cannot. An even weight and no shift were fixed before any fold
# was scored: tuning them on the same folds would report a fitted figure.
ENCODER_WEIGHT = 0.5
BLEND_SHIFT = 0.0


@lru_cache(maxsize=2)
def _shipped(name: str) -> Scorer:
    raw = resources.files("newsread.data").joinpath(name).read_text(encoding="utf-8")
    return Scorer.from_json(json.loads(raw), name)


def default_scorer() -> Scorer:
    """The shipped model, loaded once per process."""
    return _shipped(WEIGHTS_FILE)


def blend_scorer() -> Scorer:
    """The linear model the encoder's cascade blends with, loaded once per process."""
    return _shipped(BLEND_WEIGHTS_FILE)


def blend(linear_margin: float, encoder_logit: float) -> float:
    """The blended probability from the two models' log-odds."""
    return _sigmoid(
        (1.0 - ENCODER_WEIGHT) * linear_margin + ENCODER_WEIGHT * encoder_logit + BLEND_SHIFT
    )


# The encoder's log-odds by sentence text. A sentence is often scored more
# than once (a quote and the claim that reports it share it), and the encoder
# is the costly half: ``prime`` runs an article's sentences through it in
# batches first, several times faster than one at a time.
_LOGITS: dict[str, float] = {}
_LOGITS_KEPT = 4096


def prime(sentences: list[str]) -> None:
    """Compute the encoder's log-odds of these sentences together."""
    from newsread.analysis.encoder import default_encoder

    todo = list(dict.fromkeys(s for s in sentences if s not in _LOGITS))
    if not todo:
        return
    if len(_LOGITS) + len(todo) > _LOGITS_KEPT:
        _LOGITS.clear()
    _LOGITS.update(zip(todo, default_encoder().logits(todo), strict=True))


def forget_scores() -> None:
    """Empty the encoder's remembered scores (a bench's timed run, or a pool
    about to fork, must compute them, not inherit them)."""
    _LOGITS.clear()


def _encoder_logit(sentence: str) -> float:
    if sentence not in _LOGITS:
        prime([sentence])
    return _LOGITS[sentence]


# The cascade: the encoder reads only the sentences whose linear log-odds lie
# within CASCADE_BAND of the threshold (0). Far from it the blend seldom
# changes a decision, and the encoder is nearly all of the cost. Outside the
# band a sentence keeps the linear model's own score, which ranks with the
# blended ones as well as the encoder's log-odds expected from a straight-line
# fit would (``benchmarks/bench_cascade.py`` measures both, and the bands).
CASCADE_BAND = 1.0

# The linear log-odds ``prepare`` computed, by sentence text and its parse's
# place (the Doc's id and token offsets): ``checkworthiness`` then reads them
# instead of scoring again. Only the article being scored is kept.
_MARGINS: dict[tuple[str, int, int, int], float] = {}


def _margin_key(sentence: str, span: Span) -> tuple[str, int, int, int]:
    return (sentence, id(span.doc), span.start, span.end)


def unsure(margin: float) -> bool:
    """Whether the cascade asks the encoder about a sentence of this linear margin."""
    return abs(margin) < CASCADE_BAND


def cascade(linear_margin: float, encoder_logit: float | None) -> float:
    """The cascade's probability: the blend, or the linear model's own score
    where the encoder was not asked (``encoder_logit`` None)."""
    if encoder_logit is None:
        return _sigmoid(linear_margin)
    return blend(linear_margin, encoder_logit)


def prepare(sentences: list[tuple[str, Span | None]]) -> None:
    """Let the chosen model score these sentences (each with its parse)
    together: the encoder runs the unsure ones in batches, several times
    faster than one at a time."""
    if chosen_model() != "encoder":
        return
    scorer = blend_scorer()
    _MARGINS.clear()
    asked = []
    for sentence, span in sentences:
        margin = scorer.margin(sentence, span)
        if span is not None:
            _MARGINS[_margin_key(sentence, span)] = margin
        if unsure(margin):
            asked.append(sentence)
    prime(asked)


def checkworthiness(sentence: str, span: Span | None = None) -> float:
    """Probability in [0, 1] that a fact-checker would want to check ``sentence``.

    ``span`` is its parse; the linear model was trained with one, so without
    it that half leans on the words alone and comes out less sure.
    """
    if chosen_model() == "encoder":
        margin = None if span is None else _MARGINS.get(_margin_key(sentence, span))
        if margin is None:
            margin = blend_scorer().margin(sentence, span)
        return cascade(margin, _encoder_logit(sentence) if unsure(margin) else None)
    return default_scorer().score(sentence, span)
