"""The numpy sentence encoder behind check-worthiness: word pieces as BERT
cuts them, the forward pass against a plain reference, and the shipped model."""

from __future__ import annotations

import math

import numpy as np
import pytest

from newsread.analysis import encoder
from newsread.analysis.encoder import Encoder, WordPieces, basic_words

VOCAB = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "un", "##employ", "##ment", "rate",
    "fell", ".", ",", "$", "5", "%", "cafe", "##s", "北", "京", "a", "##a",
]  # fmt: skip


def test_basic_words_lower_case_strip_accents_and_split_punctuation() -> None:
    assert basic_words("Café's RATE: 5%!") == ["cafe", "'", "s", "rate", ":", "5", "%", "!"]
    # Every ASCII symbol is a mark of its own, as BERT has it; controls vanish.
    assert basic_words("a$b^c\x07d") == ["a", "$", "b", "^", "cd"]
    # Chinese characters are words of one character even without spaces.
    assert basic_words("在北京") == ["在", "北", "京"]


def test_word_pieces_longest_match_first() -> None:
    pieces = WordPieces(VOCAB)
    ids = {w: i for i, w in enumerate(VOCAB)}
    assert pieces.word("unemployment") == [ids["un"], ids["##employ"], ids["##ment"]]
    assert pieces.word("cafes") == [ids["cafe"], ids["##s"]]
    # A word with any part outside the vocabulary is one unknown piece.
    assert pieces.word("unemployx") == [ids["[UNK]"]]
    assert pieces.word("a" * 101) == [ids["[UNK]"]]
    assert pieces.encode("The unemployment rate fell.") == [
        ids["[CLS]"], ids["the"], ids["un"], ids["##employ"], ids["##ment"],
        ids["rate"], ids["fell"], ids["."], ids["[SEP]"],
    ]  # fmt: skip


def test_encode_cuts_long_sentences_and_ends_with_sep() -> None:
    pieces = WordPieces(VOCAB)
    ids = pieces.encode("the " * 200, limit=16)
    assert len(ids) == 16
    assert ids[0] == VOCAB.index("[CLS]")
    assert ids[-1] == VOCAB.index("[SEP]")


def test_erf_matches_math() -> None:
    xs = np.linspace(-4, 4, 81)
    got = encoder._erf(xs)
    assert np.max(np.abs(got - np.array([math.erf(x) for x in xs]))) < 2e-7


def _tiny(rng: np.random.Generator, width: int = 24, layers: int = 6) -> dict[str, np.ndarray]:
    def m(rows: int, cols: int) -> np.ndarray:
        return (rng.normal(size=(rows, cols)) * 0.2).astype(np.float32)

    def v(n: int, base: float = 0.0) -> np.ndarray:
        return (base + rng.normal(size=n) * 0.1).astype(np.float32)

    arrays: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": m(len(VOCAB), width),
        "embeddings.position_embeddings.weight": m(70, width),
        "embeddings.token_type_embeddings.weight": m(2, width),
        "embeddings.LayerNorm.weight": v(width, 1.0),
        "embeddings.LayerNorm.bias": v(width),
        "head.weight": m(1, width),
        "head.bias": v(1),
        "vocab": np.frombuffer("\n".join(VOCAB).encode(), dtype=np.uint8),
    }
    for n in range(layers):
        p = f"encoder.layer.{n}."
        for k in ("query", "key", "value"):
            arrays[p + f"attention.self.{k}.weight"] = m(width, width)
            arrays[p + f"attention.self.{k}.bias"] = v(width)
        arrays[p + "attention.output.dense.weight"] = m(width, width)
        arrays[p + "attention.output.dense.bias"] = v(width)
        arrays[p + "intermediate.dense.weight"] = m(4 * width, width)
        arrays[p + "intermediate.dense.bias"] = v(4 * width)
        arrays[p + "output.dense.weight"] = m(width, 4 * width)
        arrays[p + "output.dense.bias"] = v(width)
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            arrays[p + ln + ".weight"] = v(width, 1.0)
            arrays[p + ln + ".bias"] = v(width)
    return arrays


def _reference(arrays: dict[str, np.ndarray], ids: list[int]) -> float:
    """BERT written out plainly, head by head, in float64."""
    a = {k: v.astype(np.float64) for k, v in arrays.items() if k != "vocab"}

    def norm(x: np.ndarray, name: str) -> np.ndarray:
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * a[name + ".weight"] + a[name + ".bias"]

    def dense(x: np.ndarray, name: str) -> np.ndarray:
        return x @ a[name + ".weight"].T + a[name + ".bias"]

    e = "embeddings."
    x = a[e + "word_embeddings.weight"][ids] + a[e + "position_embeddings.weight"][: len(ids)]
    x = norm(x + a[e + "token_type_embeddings.weight"][0], e + "LayerNorm")
    width = x.shape[1]
    size = width // 12
    for n in range(len({k.split(".")[2] for k in a if k.startswith("encoder.layer.")})):
        p = f"encoder.layer.{n}."
        q, k, v = (dense(x, p + f"attention.self.{t}") for t in ("query", "key", "value"))
        heads = []
        for h in range(12):
            cols = slice(h * size, (h + 1) * size)
            s = q[:, cols] @ k[:, cols].T / math.sqrt(size)
            w = np.exp(s - s.max(axis=1, keepdims=True))
            heads.append((w / w.sum(axis=1, keepdims=True)) @ v[:, cols])
        x = norm(
            dense(np.hstack(heads), p + "attention.output.dense") + x,
            p + "attention.output.LayerNorm",
        )
        g = dense(x, p + "intermediate.dense")
        g = np.vectorize(lambda t: 0.5 * t * (1 + math.erf(t / math.sqrt(2))))(g)
        x = norm(dense(g, p + "output.dense") + x, p + "output.LayerNorm")
    return float(x.mean(axis=0) @ a["head.weight"][0] + a["head.bias"][0])


@pytest.mark.parametrize("layers", [6, 2, 1])
def test_forward_pass_matches_a_plain_reference(layers: int) -> None:
    # A shallower model (MiniLM's first layers) runs every layer its file holds.
    arrays = _tiny(np.random.default_rng(3), layers=layers)
    model = Encoder(arrays)
    assert len(model.layers) == layers
    for text in ("The unemployment rate fell.", "cafes, 5 % $", "a"):
        ids = model.pieces.encode(text)
        assert model.logit(text) == pytest.approx(_reference(arrays, ids), abs=1e-4)


def test_int8_groups_are_read_back_close_to_the_floats() -> None:
    rng = np.random.default_rng(5)
    value = rng.normal(size=(4, 64)).astype(np.float32)
    groups = value.reshape(4, 2, 32)
    scale = (np.abs(groups).max(axis=2, keepdims=True) / 127.0).astype(np.float16)
    q = np.round(groups / scale.astype(np.float32)).astype(np.int8).reshape(4, 64)
    arrays = {"m.q": q, "m.scale": scale.reshape(4, 2)}
    back = encoder._array(arrays, "m")
    assert np.max(np.abs(back - value)) < 0.02
    assert np.allclose(encoder._Rows(arrays, "m").take([2, 0]), back[[2, 0]])


def test_shipped_model_ranks_a_figure_above_a_greeting() -> None:
    model = encoder.default_encoder()
    claim = model.probability("Unemployment fell to 4.1 percent last year, the lowest in a decade.")
    greeting = model.probability("Thank you all so much for being here tonight.")
    assert 0.0 <= greeting < 0.5 < claim <= 1.0


def test_batched_sentences_of_different_lengths_match_one_at_a_time() -> None:
    model = Encoder(_tiny(np.random.default_rng(11)))
    texts = ["a", "The unemployment rate fell.", "cafes, 5 % $ the rate fell , a a a"]
    alone = [model.logits([t])[0] for t in texts]
    together = model.logits(texts, batch=3)
    assert together == pytest.approx(alone, abs=1e-5)
    assert alone[1] == pytest.approx(
        _reference(_tiny(np.random.default_rng(11)), model.pieces.encode(texts[1])), abs=1e-4
    )


def test_primed_scores_are_the_ones_computed_alone() -> None:
    from newsread.analysis import checkworthy

    sentences = [
        "The city spent $4 million on the bridge, twice the estimate.",
        "We will keep working together.",
    ]
    checkworthy.forget_scores()
    checkworthy.prime(sentences)
    assert set(sentences) <= set(checkworthy._LOGITS)
    model = encoder.default_encoder()
    for s in sentences:
        assert checkworthy._encoder_logit(s) == pytest.approx(model.logits([s])[0], abs=1e-5)


def test_ascii_words_split_as_the_unicode_loop_does() -> None:
    """The regex path for plain ASCII must cut exactly as BERT's loop: the
    encoder and the distilled piece vectors both read its words."""
    rng = np.random.default_rng(17)
    alphabet = list("aZ9 .,$%'\"-:;!?()[]{}^`~|\\/@#&*+=<>_\t\n\rEx") + ["\x07", "\x0b", "\x1c"]
    for _ in range(500):
        text = "".join(rng.choice(alphabet, size=int(rng.integers(0, 30))))
        assert basic_words(text) == encoder._unicode_words(text), repr(text)
    assert basic_words("Café, 5% up") == encoder._unicode_words("Café, 5% up")


@pytest.mark.parametrize(
    "text",
    [
        "“Café” prices rose, she said — naïve?",
        "Plain words, then «ÉTÉ»\tand\r\nmore",
        "ΟΔΟΣ ΣΑΣ: final sigma stays per word",
        "tab\x0bvertical and\x1cfile separator “quoted”",
        "  leading and trailing spaces ’  ",
        "İstanbul ﬁnance ½ ＡＢＣ",
    ],
)
def test_basic_words_of_a_non_ascii_text_match_the_character_loop(text: str) -> None:
    # Only the stretches between spaces that need it go through the loop.
    assert basic_words(text) == encoder._unicode_words(text)
