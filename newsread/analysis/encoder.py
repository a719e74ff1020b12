"""A small BERT sentence encoder run in numpy, for check-worthiness.

The model is all-MiniLM-L6-v2 (6 layers, 384 wide; Apache-2.0), every layer
fine-tuned with a linear head on the ClaimBuster sentences by
``benchmarks/train_checkworthy_minilm.py`` and shipped as
``newsread/data/checkworthy-minilm.npz``: int8 matrices with a scale per
row, the word-piece vocabulary beside them. Numpy is already a dependency;
torch, at several hundred megabytes, is not, and one sentence needs only a
few matrix products.

The word pieces follow BERT's uncased tokenizer: text lower-cased, accents
stripped, split at white space and punctuation, each word then cut greedily
into the longest pieces in the vocabulary.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import numpy as np

MODEL_FILE = "checkworthy-minilm.npz"
MAX_PIECES = 64  # as trained: longer sentences are cut
_MAX_WORD = 100  # characters: a longer "word" is one unknown piece, as in BERT
# Words remembered with their pieces: the greedy longest-match search is most
# of a sentence's cost, and news repeats its words.
_WORDS_KEPT = 50_000
_HEADS = 12


def _is_punctuation(ch: str) -> bool:
    # BERT counts every ASCII non-alphanumeric symbol as punctuation ("$", "^"),
    # beside Unicode's P* categories.
    o = ord(ch)
    if 33 <= o <= 47 or 58 <= o <= 64 or 91 <= o <= 96 or 123 <= o <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(o: int) -> bool:
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x2A6DF
        or 0x2A700 <= o <= 0x2CEAF
        or 0xF900 <= o <= 0xFAFF
        or 0x2F800 <= o <= 0x2FA1F
    )


# Plain ASCII without control characters (most English news) needs neither
# the Unicode normalisation nor the character loop below, which cost more
# than the rest of a sentence's check-worthiness score: every ASCII symbol is
# punctuation to BERT, so a regex split gives the same words.
_ASCII_WORD = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# Where a text may be cut so that its pieces' words are the whole text's:
# these are white space to the character loop below, and neither the Unicode
# normalisation (a space is a starter) nor lower-casing (a space is no cased
# or case-ignorable letter) reads across one.
_ASCII_SPACES = re.compile(r"[ \t\n\r]+")


def basic_words(text: str) -> list[str]:
    """Lower-cased, accent-free words and punctuation marks, one per item."""
    if text.isascii():
        return _ascii_words(text)
    # One curly quote or accent must not send the whole sentence through the
    # character loop: only the stretches between spaces that hold one go.
    out: list[str] = []
    for part in _ASCII_SPACES.split(text):
        out += _ascii_words(part) if part.isascii() else _unicode_words(part)
    return out


def _ascii_words(text: str) -> list[str]:
    """``basic_words`` for an ASCII text."""
    if _ASCII_CONTROL.search(text):
        return _unicode_words(text)
    return _ASCII_WORD.findall(text.lower())


def _unicode_words(text: str) -> list[str]:
    """``basic_words`` for any text, a character at a time."""
    out: list[str] = []
    word: list[str] = []
    text = unicodedata.normalize("NFD", text.lower())
    for ch in text:
        o = ord(ch)
        cat = unicodedata.category(ch)
        if cat == "Mn":
            continue
        if o == 0 or o == 0xFFFD or (cat.startswith("C") and ch not in "\t\n\r"):
            continue
        if ch.isspace() or cat == "Zs":
            if word:
                out.append("".join(word))
                word = []
        elif _is_punctuation(ch) or _is_cjk(o):
            if word:
                out.append("".join(word))
                word = []
            out.append(ch)
        else:
            word.append(ch)
    if word:
        out.append("".join(word))
    return out


class WordPieces:
    """BERT's uncased word-piece tokenizer over a fixed vocabulary."""

    def __init__(self, vocab: list[str]) -> None:
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]
        self._known: dict[str, list[int]] = {}

    def word(self, word: str) -> list[int]:
        """The word's pieces, remembered for the next time it comes."""
        pieces = self._known.get(word)
        if pieces is None:
            if len(self._known) >= _WORDS_KEPT:
                self._known.clear()
            pieces = self._known[word] = self._search(word)
        return pieces

    def _search(self, word: str) -> list[int]:
        """Greedy longest-match-first, as BERT splits a word."""
        if len(word) > _MAX_WORD:
            return [self.unk]
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.ids.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unk]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text: str, limit: int = MAX_PIECES) -> list[int]:
        ids = [self.cls]
        for w in basic_words(text):
            ids.extend(self.word(w))
            if len(ids) >= limit - 1:
                break
        return ids[: limit - 1] + [self.sep]


class Encoder:
    """The fine-tuned encoder and its head: ``probability(sentence)``."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        def matrix(name: str) -> np.ndarray:
            # Stored as (out, in) like torch; transposed once for x @ W.
            return np.ascontiguousarray(_array(arrays, name + ".weight").T)

        vocab = bytes(arrays["vocab"]).decode("utf-8").split("\n")
        self.pieces = WordPieces(vocab)
        emb = "embeddings."
        # The word-piece table is half the model: kept as stored (int8) and
        # read a row at a time, it costs 12 MB of memory instead of 47.
        self.words = _Rows(arrays, emb + "word_embeddings.weight")
        self.positions = _array(arrays, emb + "position_embeddings.weight")
        self.kind = _array(arrays, emb + "token_type_embeddings.weight")[0]
        self.norm0 = self._norm(arrays, emb + "LayerNorm")
        # As many layers as the file holds: a shallower model (the first
        # layers of MiniLM's six) is the same code with fewer products.
        depth = len({k.split(".")[2] for k in arrays if k.startswith("encoder.layer.")})
        self.layers = []
        for n in range(depth):
            p = f"encoder.layer.{n}."
            qkv = np.concatenate(
                [matrix(p + f"attention.self.{k}") for k in ("query", "key", "value")], axis=1
            )
            qkv_b = np.concatenate(
                [arrays[p + f"attention.self.{k}.bias"] for k in ("query", "key", "value")]
            )
            self.layers.append(
                (
                    qkv,
                    qkv_b.astype(np.float32),
                    matrix(p + "attention.output.dense"),
                    arrays[p + "attention.output.dense.bias"],
                    self._norm(arrays, p + "attention.output.LayerNorm"),
                    matrix(p + "intermediate.dense"),
                    arrays[p + "intermediate.dense.bias"],
                    matrix(p + "output.dense"),
                    arrays[p + "output.dense.bias"],
                    self._norm(arrays, p + "output.LayerNorm"),
                )
            )
        # How many of the first layers are MiniLM's as pretrained, no label
        # having reached them (the static piece vectors may read only those).
        # Files written before the number was recorded kept three.
        kept = arrays.get("pretrained_layers")
        self.pretrained = min(depth, 3 if kept is None else int(np.asarray(kept).reshape(-1)[0]))
        self.head = arrays["head.weight"].reshape(-1).astype(np.float32)
        self.head_bias = float(arrays["head.bias"].reshape(-1)[0])

    @staticmethod
    def _norm(arrays: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, np.ndarray]:
        return arrays[name + ".weight"], arrays[name + ".bias"]

    @staticmethod
    def _layer_norm(x: np.ndarray, norm: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        x = x - x.mean(-1, keepdims=True)
        return x / np.sqrt((x * x).mean(-1, keepdims=True) + 1e-12) * norm[0] + norm[1]

    def pooled(self, ids: list[int]) -> np.ndarray:
        """The mean of the last layer over the sentence's pieces."""
        return self.pooled_many([ids])[0]

    def pooled_many(self, sentences: list[list[int]]) -> np.ndarray:
        """``pooled`` for several sentences at once, padded to the longest:
        a few large matrix products instead of many small ones."""
        x, mask = self.hidden(sentences)
        x = x * mask[:, :, None]
        return x.sum(axis=1) / mask.sum(axis=1, keepdims=True)

    def hidden(
        self, sentences: list[list[int]], layers: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The output of the first ``layers`` layers (default: all) at every
        piece of each sentence (batch, pieces, width), padded to the longest,
        and the mask of the real pieces (batch, pieces)."""
        if layers is not None and layers > len(self.layers):
            raise ValueError(f"the model has {len(self.layers)} layers, not {layers}")
        b = len(sentences)
        n = max(len(ids) for ids in sentences)
        width = self.positions.shape[1]
        size = width // _HEADS
        mask = np.zeros((b, n), np.float32)
        flat = np.zeros((b, n), np.int64)
        for r, ids in enumerate(sentences):
            mask[r, : len(ids)] = 1.0
            flat[r, : len(ids)] = ids
        # Padding is masked out of attention (a large negative score) and of
        # the mean; what the padded rows compute is never read.
        hidden_bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        x = self.words.take(flat.reshape(-1)).reshape(b, n, width)
        x = self._layer_norm(x + self.positions[:n] + self.kind, self.norm0).reshape(b * n, width)
        for qkv, qkv_b, out, out_b, norm1, up, up_b, down, down_b, norm2 in self.layers[:layers]:
            h = (x @ qkv + qkv_b).reshape(b, n, 3, _HEADS, size)
            q = h[:, :, 0].transpose(0, 2, 1, 3)
            k = h[:, :, 1].transpose(0, 2, 3, 1)
            v = h[:, :, 2].transpose(0, 2, 1, 3)
            a = (q @ k) * (1.0 / math.sqrt(size)) + hidden_bias
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            c = (a @ v).transpose(0, 2, 1, 3).reshape(b * n, width)
            x = self._layer_norm(c @ out + out_b + x, norm1)
            g = x @ up + up_b
            # GELU, the exact (erf) form the model was trained with.
            g = 0.5 * g * (1.0 + _erf(g * (1.0 / math.sqrt(2.0))))
            x = self._layer_norm(g @ down + down_b + x, norm2)
        return x.reshape(b, n, width), mask

    def logit(self, sentence: str) -> float:
        return self.logits([sentence])[0]

    def logits(self, sentences: list[str], batch: int = 16) -> list[float]:
        """The head's log-odds for each sentence; similar lengths batched."""
        pieces = [self.pieces.encode(s) for s in sentences]
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
        out = [0.0] * len(pieces)
        for j in range(0, len(order), batch):
            group = order[j : j + batch]
            values = self.pooled_many([pieces[i] for i in group]) @ self.head + self.head_bias
            for i, value in zip(group, values, strict=True):
                out[i] = float(value)
        return out

    def probability(self, sentence: str) -> float:
        return 1.0 / (1.0 + math.exp(-self.logit(sentence)))


class _Rows:
    """A table read a row at a time, dequantised as it is read."""

    def __init__(self, arrays: dict[str, np.ndarray], name: str) -> None:
        if name in arrays:
            # Stored unquantised: one group per row, scale 1.
            self.q = arrays[name].astype(np.float32)
            self.scale = np.ones((self.q.shape[0], 1), np.float32)
        else:
            self.q = arrays[name + ".q"]
            self.scale = arrays[name + ".scale"]

    def take(self, ids: list[int] | np.ndarray) -> np.ndarray:
        return _dequantise(self.q[ids], self.scale[ids])


def _dequantise(q: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """int8 rows back to float32: a scale for each group of consecutive numbers."""
    rows, cols = q.shape
    groups = q.reshape(rows, scale.shape[1], cols // scale.shape[1]).astype(np.float32)
    return (groups * scale.astype(np.float32)[:, :, None]).reshape(rows, cols)


def _array(arrays: dict[str, np.ndarray], name: str) -> np.ndarray:
    """A stored array as float32, from its int8 form if so kept."""
    if name in arrays:
        return arrays[name].astype(np.float32)
    return _dequantise(arrays[name + ".q"], arrays[name + ".scale"])


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26 (error below 1.5e-7): numpy has no erf, and
    # scipy is not a dependency.
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (
        ((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592
    ) * t * np.exp(-a * a)
    return s * y


def load(raw: bytes) -> Encoder:
    with np.load(io.BytesIO(raw)) as z:
        return Encoder({k: z[k] for k in z.files})


@lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    """The shipped model, loaded once per process."""
    return load(resources.files("newsread.data").joinpath(MODEL_FILE).read_bytes())
