"""Static word-piece vectors for check-worthiness, distilled from a small
pretrained sentence encoder without running it.

Each word piece of all-MiniLM-L6-v2's vocabulary was passed alone (between
``[CLS]`` and ``[SEP]``) through the encoder's embeddings and its first three
layers, as pretrained: the layers the fine-tuned encoder kept frozen, so
these vectors never saw a check-worthiness label. Their outputs, reduced by
PCA to ``PIECE_DIM`` numbers and kept as one signed byte a component with a
scale per piece, ship as ``newsread/data/minilm-pieces.npz`` (written by
``benchmarks/distil_piece_vectors.py``). A sentence's vector is the mean over
its word pieces: one table look-up per piece, against the encoder's six
layers of matrix products, which made the analysis 2.6 times slower.
"""

from __future__ import annotations

import io
from functools import lru_cache
from importlib import resources

import numpy as np

from newsread.analysis.encoder import WordPieces

PIECES_FILE = "minilm-pieces.npz"
PIECE_DIM = 128
# Pieces beyond this are not read: a sentence's mean is settled long before,
# and a run-on "sentence" of a badly split page must not cost more.
_MAX_PIECES = 256


class PieceVectors:
    """A vector per word piece of a BERT vocabulary; pooled per sentence."""

    def __init__(self, vocab: list[str], vectors: np.ndarray) -> None:
        self.pieces = WordPieces(vocab)
        self.vectors = vectors.astype(np.float32, copy=False)

    @classmethod
    def from_npz(cls, raw: bytes) -> PieceVectors:
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            vocab = npz["vocab"].tobytes().decode("utf-8").split("\n")
            vectors = npz["vectors"].astype(np.float32) * npz["scale"].astype(np.float32)[:, None]
        return cls(vocab, vectors)

    def pooled(self, sentence: str) -> np.ndarray:
        """The mean of the sentence's piece vectors, ``[CLS]`` and ``[SEP]``
        left out (zeros for a sentence without a piece)."""
        ids = self.pieces.encode(sentence, _MAX_PIECES + 2)[1:-1]
        if not ids:
            return np.zeros(self.vectors.shape[1], dtype=np.float32)
        return mean_rows(self.vectors[ids])


def mean_rows(rows: np.ndarray) -> np.ndarray:
    """``rows.mean(axis=0)`` of a 2-d float32 array, to the last bit: its sum
    and its division as ``mean`` makes them, without the Python wrapper
    around them (half the time of a sentence's few rows)."""
    total = np.add.reduce(rows, axis=0)
    return np.true_divide(total, np.intp(len(rows)), out=total, casting="unsafe")


@lru_cache(maxsize=1)
def default_pieces() -> PieceVectors:
    """The shipped piece vectors, loaded once per process."""
    return PieceVectors.from_npz(
        resources.files("newsread.data").joinpath(PIECES_FILE).read_bytes()
    )
