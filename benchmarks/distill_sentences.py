"""Unlabelled news sentences for distilling the encoder into the linear model.

    .venv/bin/python benchmarks/distill_sentences.py [--shared PATH] [--out PATH]

The encoder reads meaning the linear model's words and vectors miss; the
linear model learns more of it from more sentences the encoder has read
than from the 7,976 labelled ones alone. These come from the development
data that has no check-worthiness labels: the PolNeAR articles (US political
news of 2016, near ClaimBuster's debates) and the true bodies of the
article-extraction pages, split into sentences by the analysis pipeline.
The Reuters sentences of the CoNLL part are added too, rejoined from their
tokens (all-capital headlines and tables left out).

``--variants N`` adds N altered copies of every labelled sentence, as
Tang et al. (2019) distil BERT into small models: each word dropped with
probability DROP or swapped with probability SWAP for another word the
parser tagged alike in the labelled set; punctuation kept. Each copy names
the labelled sentence it came from, so a fold's student never learns a copy
of a sentence it is tested on.

Written to ``.bench/distill-extra.json`` (outside the package: the text is
the publishers'), a list of ``{"text", "source"}`` (``source``: the labelled
sentence's index, or null), read by ``train_checkworthy_minilm.py --extra``
and ``bench_distill.py --extra``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEFAULT_SHARED = ROOT.parent / "shared"
OUT = ROOT / ".bench" / "distill-extra.json"
MIN_WORDS, MAX_WORDS = 5, 80
DROP, SWAP = 0.1, 0.1


def documents(shared: Path) -> list[str]:
    eval_dev = shared / "eval-dev"
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted((eval_dev / "polnear-dev" / "text").glob("*.txt"))
    ]
    truth = json.loads(
        (eval_dev / "article-extraction-dev" / "ground-truth.json").read_text("utf-8")
    )
    texts += [truth[key]["articleBody"] for key in sorted(truth)]
    return texts


def conll_sentences(shared: Path) -> list[str]:
    """The CoNLL part's sentences, their tokens rejoined as text."""
    out, words = [], []
    path = shared / "eval-dev" / "conll2003-dev" / "eng.testa"
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip() and not line.startswith("-DOCSTART-"):
            words.append(line.split()[0])
            continue
        if words and any(w.islower() for w in words):
            text = " ".join(words)
            text = re.sub(r" ([,.;:!?%)]|'s|n't)", r"\1", text)
            out.append(re.sub(r"([($]) ", r"\1", text))
        words = []
    return out


def variants(texts: list[str], count: int, seed: int = 11) -> list[tuple[str, int]]:
    """``count`` altered copies of each text, with the index of the text each
    came from; words dropped or swapped for one the parser tagged alike."""
    from train_checkworthy import parse

    spans = parse(texts)
    by_tag: dict[str, list[str]] = {}
    for span in spans:
        for token in span:
            if token.is_alpha or token.like_num:
                by_tag.setdefault(token.tag_, []).append(token.text)
    rng = random.Random(seed)
    out = []
    for i, span in enumerate(spans):
        made = {span.text}
        for _ in range(count * 3):  # a short sentence may give few distinct copies
            if len(made) > count:
                break
            words = []
            for token in span:
                roll = rng.random()
                if token.is_punct or roll >= DROP + SWAP:
                    words.append(token.text_with_ws)
                elif roll >= DROP:
                    words.append(
                        rng.choice(by_tag[token.tag_]) + token.whitespace_
                        if token.tag_ in by_tag
                        else token.text_with_ws
                    )
            text = "".join(words).strip()
            if text not in made and len(text.split()) >= MIN_WORDS - 2:
                made.add(text)
                out.append((text, i))
    return out


def sentences(texts: list[str], labelled: set[str]) -> list[str]:
    """Each text's sentences of MIN_WORDS to MAX_WORDS words, once each, none
    that is a labelled sentence too."""
    from newsread.analysis.pipeline import load_pipeline

    nlp = load_pipeline().nlp
    seen = set(labelled)
    out = []
    for doc in nlp.pipe(texts, batch_size=16):
        for sent in doc.sents:
            text = " ".join(sent.text.split())
            if MIN_WORDS <= len(text.split()) <= MAX_WORDS and text not in seen:
                seen.add(text)
                out.append(text)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--variants", type=int, default=0, help="altered copies of each labelled sentence"
    )
    args = parser.parse_args()
    labelled_path = args.shared / "eval-dev" / "claimbuster-train" / "train.json"
    if not (args.shared / "eval-dev" / "polnear-dev").is_dir() or not labelled_path.is_file():
        print(f"skipped: development data not present under {args.shared}")
        return 0
    rows = json.loads(labelled_path.read_text("utf-8"))
    labelled = {" ".join(r["text"].split()) for r in rows}
    found = sentences(documents(args.shared), labelled)
    news = len(found)
    seen = labelled | set(found)
    for text in conll_sentences(args.shared):
        if MIN_WORDS <= len(text.split()) <= MAX_WORDS and text not in seen:
            seen.add(text)
            found.append(text)
    out: list[dict] = [{"text": t, "source": None} for t in found]
    copies = variants([r["text"] for r in rows], args.variants) if args.variants else []
    out += [{"text": t, "source": i} for t, i in copies]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out), encoding="utf-8")
    print(
        f"wrote {args.out}: {news} news sentences, {len(found) - news} Reuters ones,"
        f" {len(copies)} altered copies of labelled ones"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
