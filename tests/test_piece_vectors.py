"""Static word-piece vectors distilled from the encoder's frozen layers: the
sentence mean, their place in the linear model's dense columns, the shipped
table, and the distillation reading no fine-tuned layer."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest

from benchmarks.distil_piece_vectors import FROZEN, piece_outputs, quantise, reduce
from newsread.analysis.checkworthy import DENSE_DIM, VECTOR_DIM, dense_features
from newsread.analysis.encoder import Encoder
from newsread.analysis.piece_vectors import (
    PIECE_DIM,
    PIECES_FILE,
    PieceVectors,
    default_pieces,
    mean_rows,
)
from tests.test_encoder import VOCAB, _tiny


def test_pooled_is_the_mean_of_the_pieces_without_cls_and_sep() -> None:
    vectors = np.arange(len(VOCAB) * 2, dtype=np.float32).reshape(len(VOCAB), 2)
    table = PieceVectors(VOCAB, vectors)
    ids = {w: i for i, w in enumerate(VOCAB)}
    want = vectors[[ids["the"], ids["un"], ids["##employ"], ids["##ment"], ids["rate"]]].mean(0)
    assert np.allclose(table.pooled("The unemployment rate"), want)
    assert not table.pooled("").any()
    assert table.pooled("").shape == (2,)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 8, 9, 16, 31, 200])
def test_mean_rows_is_numpys_mean_to_the_last_bit(n: int) -> None:
    rng = np.random.default_rng(n)
    rows = (rng.standard_normal((n, PIECE_DIM)) * 10.0 ** rng.integers(-3, 4, (n, 1))).astype(
        np.float32
    )
    assert mean_rows(rows).tobytes() == rows.mean(axis=0).tobytes()
    assert mean_rows(rows).dtype == np.float32


def test_dense_features_end_with_the_sentence_piece_mean() -> None:
    sentence = "Unemployment fell to 4 percent in 2019."
    dense = dense_features(sentence)
    assert dense.shape == (DENSE_DIM,)
    assert DENSE_DIM == 2 * VECTOR_DIM + PIECE_DIM
    assert np.allclose(dense[2 * VECTOR_DIM :], default_pieces().pooled(sentence))
    assert dense[2 * VECTOR_DIM :].any()


def test_shipped_table_covers_the_encoders_vocabulary_in_a_few_megabytes() -> None:
    raw = resources.files("newsread.data").joinpath(PIECES_FILE).read_bytes()
    assert len(raw) < 5_000_000
    table = default_pieces()
    assert table.vectors.shape == (30_522, PIECE_DIM)
    assert table.pieces.ids["the"] == 1996  # BERT's uncased vocabulary, in its order


def test_distillation_reads_only_the_frozen_layers() -> None:
    """The layers above FROZEN were fine-tuned on every fold's labels: the
    vectors must not change when they do, and asking for them is refused."""
    arrays = _tiny(np.random.default_rng(7))
    ids = [4, 8, 9]
    before = piece_outputs(Encoder(arrays), ids=ids)
    for name in list(arrays):
        if name.startswith(f"encoder.layer.{FROZEN}.") and name.endswith("weight"):
            arrays[name] = arrays[name] * -3.0
    assert np.allclose(piece_outputs(Encoder(arrays), ids=ids), before)
    # ... while the frozen layers do shape them.
    assert not np.allclose(piece_outputs(Encoder(arrays), layers=1, ids=ids), before)
    with pytest.raises(ValueError, match="fine-tuned"):
        piece_outputs(Encoder(arrays), layers=FROZEN + 1, ids=ids)


@pytest.mark.parametrize("layers, pretrained", [(3, 1), (2, 1), (6, 2)])
def test_distillation_refuses_what_a_shallower_encoder_fine_tuned(
    layers: int, pretrained: int
) -> None:
    """A shallower encoder trains more of its few layers: its file says how
    many stayed as pretrained, and reading past them is refused."""
    arrays = _tiny(np.random.default_rng(7), layers=layers)
    arrays["pretrained_layers"] = np.array([pretrained], dtype=np.float32)
    encoder = Encoder(arrays)
    assert encoder.pretrained == pretrained
    assert piece_outputs(encoder, layers=pretrained, ids=[4]).shape == (1, 24)
    with pytest.raises(ValueError, match="fine-tuned"):
        piece_outputs(encoder, layers=pretrained + 1, ids=[4])


def test_a_file_without_the_number_kept_three_layers_as_pretrained() -> None:
    assert Encoder(_tiny(np.random.default_rng(7))).pretrained == FROZEN


def test_reduction_keeps_the_widest_axes_and_quantises_closely() -> None:
    rng = np.random.default_rng(2)
    wide = rng.normal(size=(200, 1)) * 10.0
    vectors = np.hstack([wide, rng.normal(size=(200, 5)) * 0.1])
    reduced = reduce(vectors, 1)
    assert reduced.shape == (200, 1)
    assert abs(np.corrcoef(reduced[:, 0], wide[:, 0])[0, 1]) > 0.99
    q, scale = quantise(reduced)
    assert q.dtype == np.int8
    assert np.allclose(q * scale.astype(np.float32)[:, None], reduced, atol=0.1)
