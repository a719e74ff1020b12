"""`doctor --restore` placing correction spans that a re-import left off their
words, killed after each of its writes (one per article): every annotation is
whole, either as it was or repaired, never torn; the next --restore finishes
the job and ends where an unkilled run does."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from storage.doctor import diagnose
from storage.imports import import_paths
from storage.library import Library
from tests.test_held_spans import STORY, _claim_fix
from tests.test_id_repair_kills import ROOT, _doctor_restore


def _contents(library: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Each article's corrected contents as (start, end, text), read by a
    fresh process (which completes or rolls back what a kill left)."""
    code = (
        "import json\nfrom pathlib import Path\nfrom storage.library import Library\n"
        f"lib = Library(Path({str(library)!r}))\nout = {{}}\n"
        "for meta in lib.article_metas():\n"
        "    spans = [a.data['content'] for a in lib.annotations(meta['id'])]\n"
        "    out[meta['id']] = sorted((c['start'], c['end'], c['text']) for c in spans)\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return {k: [tuple(x) for x in v] for k, v in json.loads(done.stdout).items()}


def test_placing_held_spans_again_survives_a_kill_at_every_write(tmp_path):
    base = tmp_path / "base"
    library = Library(base)
    sources = []
    for n, extra in enumerate(("", "The council will vote in May.\n")):
        source = tmp_path / f"fees{n}.txt"
        source.write_text(STORY + extra)
        sources.append(str(source))
    _, articles = import_paths(library, sources)
    assert len(articles) == 2
    for article in articles:
        ann = _claim_fix(library, article.id)
        content = ann.data["content"]
        # As a re-import before the fix left it: the content's offsets off its words.
        wrong = {**content, "start": content["start"] - 9, "end": content["end"] - 9}
        library.save_annotations(article.id, [replace(ann, data={**ann.data, "content": wrong})])
    library.close()
    before = _contents(base)
    assert len(diagnose(base)) == 2

    probe = tmp_path / "probe"
    shutil.copytree(base, probe)
    log = tmp_path / "boundaries.log"
    assert _doctor_restore(probe, f"count:{log}").returncode == 0
    writes = len(log.read_text().splitlines())
    assert writes >= 2
    after = _contents(probe)
    assert after != before and diagnose(probe) == []

    for k in range(1, writes + 1):
        run = tmp_path / f"run{k}"
        shutil.copytree(base, run)
        done = _doctor_restore(run, f"kill:{k}")
        assert done.returncode == -signal.SIGKILL, (k, done.stderr)
        assert [p.name for p in run.rglob("*.tmp") if p.is_file()] == [], k
        found = _contents(run)
        assert found.keys() == before.keys(), k
        for article_id, spans in found.items():
            assert spans in (before[article_id], after[article_id]), (k, article_id)
        assert _doctor_restore(run, None).returncode == 0, k
        assert _contents(run) == after, k
        assert diagnose(run) == [], k
        shutil.rmtree(run)
