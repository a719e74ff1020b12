"""`doctor --restore` renewing shared annotation ids, killed after each of its
writes: every annotation is still there, whole and on its passage, each with
either its old id or its renewed one; the next --restore finishes the job and
ends where an unkilled run does."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from newsread.model import Annotation, Article
from storage.doctor import diagnose
from storage.faults import ENV
from storage.id_repair import renewed_id
from storage.library import Library
from tests.export_sample import BRIDGE, BUDGET

ROOT = Path(__file__).resolve().parents[1]
EARLY = "2025-01-01T00:00:00+00:00"
LATE = "2025-02-01T00:00:00+00:00"


def _one(article: Article, ident: str, quote: str, created: str) -> Annotation:
    start = article.body.index(quote)
    made = Annotation(ident, article.id, 0, 0, "", tags=[ident]).placed_at(
        article.body, start, start + len(quote)
    )
    return replace(made, created=created)


def _doctor_restore(library: Path, fault: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    env.pop(ENV, None)
    if fault:
        env[ENV] = fault
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--library", str(library), "doctor", "--restore"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _state(library: Path) -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
    """Each article's annotations as (id, quote, tags), read by a fresh process
    (which completes or rolls back what a kill left), after checking that
    each sits on the text it quotes."""
    code = (
        "import json, sys\nfrom pathlib import Path\nfrom storage.library import Library\n"
        f"lib = Library(Path({str(library)!r}))\nout = {{}}\n"
        "for meta in lib.article_metas():\n"
        "    art = lib.get_article(meta['id'])\n"
        "    anns = lib.annotations(art.id)\n"
        "    for a in anns:\n"
        "        assert art.body[a.start:a.end] == a.quote, (a, 'misplaced')\n"
        "    out[art.id] = sorted((a.id, a.quote, tuple(a.tags)) for a in anns)\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    return {k: [(i, q, tuple(t)) for i, q, t in v] for k, v in read.items()}


def test_id_renewal_survives_a_kill_at_every_write(tmp_path):
    base = tmp_path / "base"
    library = Library(base)
    library.save_articles([BRIDGE, BUDGET])
    # Two ids each held by both articles, kept by opposite articles: the
    # repair is two transactions, one per article, so a kill can fall between.
    library.save_annotation(_one(BUDGET, "n1", "treasurer", EARLY))
    library.save_annotation(_one(BRIDGE, "n1", "Ana Ruiz", LATE))
    library.save_annotation(_one(BRIDGE, "n2", "bridge", EARLY))
    library.save_annotation(_one(BUDGET, "n2", "budget", LATE))
    library.close()
    before = _state(base)

    probe = tmp_path / "probe"
    shutil.copytree(base, probe)
    log = tmp_path / "boundaries.log"
    assert _doctor_restore(probe, f"count:{log}").returncode == 0
    writes = len(log.read_text().splitlines())
    assert writes >= 2
    after = _state(probe)
    assert after == {
        BUDGET.id: sorted(
            [("n1", "treasurer", ("n1",)), (renewed_id("n2", BUDGET.id), "budget", ("n2",))]
        ),
        BRIDGE.id: sorted(
            [(renewed_id("n1", BRIDGE.id), "Ana Ruiz", ("n1",)), ("n2", "bridge", ("n2",))]
        ),
    }
    assert diagnose(probe) == []

    def allowed(ident: str, article_id: str) -> set[str]:
        return {ident, renewed_id(ident, article_id)}

    for k in range(1, writes + 1):
        run = tmp_path / f"run{k}"
        shutil.copytree(base, run)
        done = _doctor_restore(run, f"kill:{k}")
        assert done.returncode == -signal.SIGKILL, (k, done.stderr)
        found = _state(run)
        assert [p.name for p in run.rglob("*.tmp") if p.is_file()] == [], k
        # Nothing lost or moved: the same passages and tags, each under its
        # old id or its renewed one.
        assert found.keys() == before.keys(), k
        for article_id, anns in found.items():
            passages = sorted((quote, tags) for _, quote, tags in anns)
            assert passages == sorted((q, t) for _, q, t in before[article_id]), k
            for ident, _quote, tags in anns:
                assert ident in allowed(tags[0], article_id), (k, ident)
        assert _doctor_restore(run, None).returncode == 0, k
        assert _state(run) == after, k
        assert diagnose(run) == [], k
        shutil.rmtree(run)
