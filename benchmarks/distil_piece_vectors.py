"""Distil static word-piece vectors from the sentence encoder's frozen layers.

    python benchmarks/distil_piece_vectors.py [--encoder PATH] [--out PATH]

Model2vec's recipe (Tulkens and van Dongen, 2024), cut to the pretrained
part of the model: every piece of the vocabulary is run alone, between
``[CLS]`` and ``[SEP]``, through the embeddings and the first ``FROZEN``
layers of ``newsread/data/checkworthy-minilm.npz``, and its output at the
piece is kept. Those layers are all-MiniLM-L6-v2's as pretrained
(``train_checkworthy_minilm.py`` never updates them), so the vectors hold no
ClaimBuster label and may be used inside the linear model's cross-validation;
the fine-tuned layers above them have seen every fold's labels, and reading
them is refused. An encoder file says how many of its layers stayed as
pretrained; the shipped one, every layer fine-tuned since 2026-12-06, keeps
none, so pass ``--encoder`` a file that kept three, such as
``train_checkworthy_minilm.py --frozen 3 --all --out FILE`` writes (the
shipped ``minilm-pieces.npz`` was distilled from such a file: the first three
layers of all-MiniLM-L6-v2 as pretrained). The outputs are centred and reduced by PCA (fitted on the
vocabulary's own vectors, no sentence is read) to ``PIECE_DIM`` numbers,
stored as one signed byte each with a scale per piece, beside the
vocabulary, in ``newsread/data/minilm-pieces.npz``
(``newsread.analysis.piece_vectors`` reads it).

Chosen by 5-fold CV of the linear model (``train_checkworthy.py``), F1 at
0.5 on ClaimBuster, before quantisation: 0.787 without; the piece's output
(128 dims) 0.791, with even ids 0.7748 to 0.7812 and odd 0.8004 to 0.8018;
the mean over ``[CLS]``, piece and ``[SEP]`` instead 0.787; 384 dims 0.787;
the sentence mean weighted by GloVe word frequency (SIF) 0.790.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsread.analysis.encoder import Encoder, load  # noqa: E402
from newsread.analysis.piece_vectors import PIECE_DIM  # noqa: E402

ENCODER = ROOT / "newsread" / "data" / "checkworthy-minilm.npz"
OUT = ROOT / "newsread" / "data" / "minilm-pieces.npz"
FROZEN = 3  # the pretrained layers read: an encoder trained with --frozen 3 kept them
BATCH = 512


def piece_outputs(
    encoder: Encoder, layers: int = FROZEN, ids: list[int] | None = None
) -> np.ndarray:
    """Each piece's output after ``layers`` layers, run alone; every piece of
    the vocabulary, in its order, unless ``ids`` names some."""
    # A shallower encoder keeps fewer layers as pretrained: the file says how many.
    limit = min(FROZEN, encoder.pretrained)
    if layers > limit:
        raise ValueError(f"layers above {limit} were fine-tuned on ClaimBuster's labels")
    pieces = encoder.pieces
    if ids is None:
        ids = list(range(len(pieces.ids)))
    out = np.zeros((len(ids), encoder.positions.shape[1]), np.float32)
    for start in range(0, len(ids), BATCH):
        batch = [[pieces.cls, i, pieces.sep] for i in ids[start : start + BATCH]]
        hidden, _ = encoder.hidden(batch, layers)
        out[start : start + len(batch)] = hidden[:, 1]
    return out


def reduce(vectors: np.ndarray, dim: int = PIECE_DIM) -> np.ndarray:
    """Centred and projected on the first ``dim`` principal axes."""
    centred = vectors - vectors.mean(axis=0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    return centred @ axes[:dim].T


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One signed byte a component, a float16 scale per row."""
    scale = np.abs(vectors).max(axis=1) / 127.0
    scale = np.where(scale > 0, scale, 1.0).astype(np.float16)
    q = np.clip(np.round(vectors / scale.astype(np.float32)[:, None]), -127, 127)
    return q.astype(np.int8), scale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", type=Path, default=ENCODER)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    encoder = load(args.encoder.read_bytes())
    vocab = sorted(encoder.pieces.ids, key=encoder.pieces.ids.__getitem__)
    q, scale = quantise(reduce(piece_outputs(encoder)))
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        vocab=np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        vectors=q,
        scale=scale,
    )
    args.out.write_bytes(buf.getvalue())
    print(f"wrote {args.out} ({len(buf.getvalue()) // 1024} KB, {len(vocab)} pieces)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
