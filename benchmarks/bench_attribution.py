"""Attribution (who said what) on PolNeAR dev with the shared scorer: all articles and halves.

    .venv/bin/python benchmarks/bench_attribution.py [--shared PATH] [--fast] [--no-baseline]

Runs ``../shared/eval-dev/score.py attribution-polnear`` exactly as the
held-out figures are made, on the 84 dev articles and on two halves of them
(the scorer's own order, sorted by file name: even and odd positions). A rule
is kept only when it helps on both halves: what helps on one half only is
fitted to those articles, and the held-out ones will not share it.

Beside ours, the scorer's naive reporting-verb baseline (``--cmd baseline``,
plain spaCy) on the same documents.

``--fast`` is for developing rules: the scorer's own counting code, but the
analysis runs in this process on parses cached in ``.bench/polnear-docs/``
(the rules take a second; the parse takes a minute), so a change to a rule
is measured in seconds. Its figures equal the command's (the same texts and
the same rules); the default runs the installed command.

Skips with a message when the development data is absent. Nothing of the
data is copied: the halves are folders of symbolic links in a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import io
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_SHARED = ROOT.parent / "shared"
CACHE = ROOT / ".bench" / "polnear-docs"
METRICS = ("source_overlap_f1", "cue_overlap_f1", "content_overlap_f1")
MORE = ("content_token_p", "content_token_r", "attr_f1", "src_agree")


def load_scorer(eval_dev: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("nr_score", eval_dev / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def halves(polnear: Path, into: Path) -> dict[str, Path]:
    """Data roots for "all", "even" and "odd": the dev folder itself, and two
    folders of links to every second text (by sorted name) with its annotations."""
    texts = sorted((polnear / "text").glob("*.txt"))
    anns = sorted((polnear / "attributions").glob("*.ann"))
    roots = {"all": polnear.parent}
    for parity, name in ((0, "even"), (1, "odd")):
        base = into / name / "polnear-dev"
        (base / "text").mkdir(parents=True)
        (base / "attributions").mkdir(parents=True)
        for text in texts[parity::2]:
            (base / "text" / text.name).symlink_to(text)
            for ann in anns:
                if ann.name.startswith(text.stem + "_"):
                    (base / "attributions" / ann.name).symlink_to(ann)
        roots[name] = into / name
    return roots


def run_scorer(score: ModuleType, data: Path, cmd: str) -> dict[str, float]:
    """The scorer's metrics (its last line) for one data root and command."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        score.main(["attribution-polnear", "--cmd", cmd, "--data", str(data)])
    last = out.getvalue().strip().splitlines()[-1]
    metrics = {}
    for part in last.split(": ", 1)[1].split():
        key, _, value = part.partition("=")
        with contextlib.suppress(ValueError):
            metrics[key] = float(value)
    return metrics


class InProcess:
    """Stands in for the scorer's command: ``analyze --json`` computed here, on
    cached parses. Only ``run`` is replaced; the scorer reads its output as it
    reads the command's."""

    def __init__(self) -> None:
        from newsread.analysis.pipeline import load_pipeline

        self.loaded = load_pipeline()
        CACHE.mkdir(parents=True, exist_ok=True)

    def doc(self, text: str):
        from spacy.tokens import DocBin

        nlp = self.loaded.nlp
        # The components are part of the key: a parse made before one was
        # added (or taken out) is not the parse the command makes now.
        pipes = ",".join(nlp.pipe_names)
        key = hashlib.sha1(f"{self.loaded.version}\0{pipes}\0{text}".encode()).hexdigest()
        path = CACHE / f"{key}.spacy"
        if path.is_file():
            return next(iter(DocBin().from_disk(path).get_docs(nlp.vocab)))
        doc = nlp(text)
        bin_ = DocBin(store_user_data=True)
        bin_.add(doc)
        bin_.to_disk(path)
        return doc

    def analyse(self, texts: list[str]) -> list[dict]:
        from newsread.analysis.run import analyze_doc

        limit = self.loaded.nlp.max_length
        out = []
        for text in texts:
            if len(text) > limit:  # never in PolNeAR; the command would cut it in pieces
                raise SystemExit("a text over the pipeline's max_length: use the command")
            out.append(analyze_doc(self.doc(text), self.loaded).to_dict())
        return out

    def patch(self, score: ModuleType) -> None:
        analyse = self.analyse

        def run(runner, sub: str, paths: list[str]) -> dict[str, dict]:
            texts = [Path(p).read_text(encoding="utf-8") for p in paths]
            return {p: {"path": p, **a} for p, a in zip(paths, analyse(texts), strict=True)}

        score.Runner.run = run


def table(rows: dict[str, dict[str, dict[str, float]]]) -> None:
    names = list(rows)
    print(f"  {'':24}" + "".join(f"{n:>26}" for n in names))
    print(f"  {'':24}" + "".join(f"{'all   even   odd':>26}" for _ in names))
    for metric in (*METRICS, *MORE):
        cells = []
        for name in names:
            got = rows[name]
            if metric not in got.get("all", {}):
                cells.append(f"{'-':>26}")
                continue
            cells.append(
                "      " + "  ".join(f"{got[h][metric]:.4f}" for h in ("all", "even", "odd"))
            )
        print(f"  {metric:24}" + "".join(f"{c:>26}" for c in cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--cmd", default=str(ROOT / ".venv" / "bin" / "newsread"))
    parser.add_argument("--fast", action="store_true", help="analyse in process, parses cached")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    eval_dev = args.shared / "eval-dev"
    polnear = eval_dev / "polnear-dev"
    if not (polnear / "text").is_dir() or not (eval_dev / "score.py").is_file():
        print(f"skipped PolNeAR attribution: {polnear} or its scorer not present")
        return 0
    score = load_scorer(eval_dev)
    rows: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="nr-halves-") as tmp:
        roots = halves(polnear, Path(tmp))
        if not args.no_baseline:
            # Plain spaCy's reporting-verb rule: what the rules must beat.
            rows["naive baseline"] = {h: run_scorer(score, r, "baseline") for h, r in roots.items()}
        if args.fast:
            InProcess().patch(score)
        rows["newsread"] = {h: run_scorer(score, r, args.cmd) for h, r in roots.items()}
    docs = int(rows["newsread"]["all"].get("docs", 0))
    print(f"PolNeAR dev attribution ({docs} articles; halves: even/odd by file name), overlap F1:")
    table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
