"""Analysis on several processes (issue 10): the same analyses as one process,
in the same order; one process when asked or when the texts are few; a text
that fails is reported without hanging the pool; the CLI's --workers."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from newsread.analysis import parallel, run
from newsread.analysis.parallel import (
    AnalysisFailed,
    LocalAnalyser,
    analyze_each,
    analyze_parallel,
    plan_workers,
    tasks_for,
)
from newsread.analysis.run import analyze_texts
from tui.cli import main

ROOT = Path(__file__).resolve().parents[1]

TEXTS = [
    "The harbour board said on Monday that the new cranes would arrive in May.",
    '"We are ready," said Mayor Ana Silva. Police said 14 people were arrested.',
    "According to the ministry, inflation fell to 3.2% in October. Wang Wentao agreed.",
    "Officials in Lagos said the bridge would reopen. Wang said it was safe.",
]


def long_text() -> str:
    """Over the ``max_length`` the tests give, so it is parsed in pieces."""
    paragraph = (
        "Mayor Ana Silva said the ferry would run again on Friday. "
        '"It is safe," she told reporters at the harbour in Dunmore.'
    )
    return "\n\n".join(f"{paragraph} Day {i}." for i in range(30))


def dicts(analyses) -> list[dict]:
    return [a.to_dict() for a in analyses]


@pytest.fixture
def fork(monkeypatch):
    """Workers forked whatever threads an earlier test left running: they then
    inherit this process's pipeline and any monkeypatch."""
    monkeypatch.setattr(parallel, "start_method", lambda grace=0.5: "fork")


def test_two_workers_give_exactly_the_single_process_output(pipeline, fork):
    texts = [*TEXTS[:2], long_text(), *TEXTS[2:]]
    options = {"max_length": 1000, "chunk_chars": 500}
    single = dicts(analyze_texts(texts, pipeline, **options))
    assert plan_workers(texts, 2, "fork") == 2
    assert dicts(analyze_parallel(texts, pipeline, workers=2, **options)) == single
    assert len(single) == len(texts)


def test_spawned_workers_load_the_same_pipeline_and_agree(pipeline, monkeypatch):
    # A fresh interpreter per worker (another hash seed, its own pipeline load).
    monkeypatch.setattr(parallel, "start_method", lambda grace=0.5: "spawn")
    texts = TEXTS[:2]
    assert dicts(analyze_parallel(texts, pipeline, workers=2)) == dicts(
        analyze_texts(texts, pipeline)
    )


def test_one_worker_is_the_in_process_path(pipeline, monkeypatch):
    def no_pool(*_args, **_kwargs):
        raise AssertionError("no process pool for one worker")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    assert dicts(analyze_parallel(TEXTS, pipeline, workers=1)) == dicts(
        analyze_texts(TEXTS, pipeline)
    )
    # By default, a little text stays in this process too.
    assert plan_workers(TEXTS[:1], None, "fork") == 1
    assert plan_workers(["x" * 3000] * 2, None, "spawn") == 1
    assert dicts(analyze_parallel(TEXTS[:1], pipeline)) == dicts(analyze_texts(TEXTS[:1], pipeline))


def test_tasks_cover_every_text_in_order():
    texts = ["a" * n for n in (10, 50_000, 5, 5, 70_000, 1)]
    tasks = tasks_for(texts, max_chars=40_000, max_texts=16)
    assert [i for t in tasks for i in t] == list(range(len(texts)))
    assert range(1, 2) in tasks and range(4, 5) in tasks  # a long text goes alone


def test_a_failing_text_is_reported_and_the_rest_still_analysed(pipeline, fork, monkeypatch):
    real = run.analyze_doc

    def fragile(doc, loaded):
        if "BOOM" in doc.text:
            raise ValueError("the rules broke")
        return real(doc, loaded)

    monkeypatch.setattr(run, "analyze_doc", fragile)
    texts = [TEXTS[0], TEXTS[1], "This one goes BOOM, officials said.", TEXTS[2], TEXTS[3]]
    out = []
    with pytest.raises(AnalysisFailed) as caught:
        for analysis in analyze_parallel(texts, pipeline, workers=2):
            out.append(analysis)
    assert caught.value.index == 2 and "the rules broke" in str(caught.value)
    assert dicts(out) == dicts(analyze_texts(texts[:2], pipeline))

    results = list(analyze_each(LocalAnalyser(pipeline, 2), texts))
    assert isinstance(results[2], AnalysisFailed) and results[2].index == 2
    good = [texts[i] for i in (0, 1, 3, 4)]
    assert dicts(r for r in results if not isinstance(r, AnalysisFailed)) == dicts(
        analyze_texts(good, pipeline)
    )


def test_a_worker_that_dies_fails_the_call_instead_of_hanging(pipeline, fork, monkeypatch):
    import os

    real = run.analyze_doc

    def crashing(doc, loaded):
        if "CRASH" in doc.text:
            os._exit(3)
        return real(doc, loaded)

    monkeypatch.setattr(run, "analyze_doc", crashing)
    with pytest.raises(BrokenProcessPool):
        list(analyze_parallel([TEXTS[0], "It will CRASH, they said.", TEXTS[1]], pipeline, 2))


def test_cli_workers_option_gives_the_same_json(capsys, tmp_path, pipeline, fork):
    paths = []
    for i, text in enumerate(TEXTS):
        path = tmp_path / f"t{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    outputs = []
    for workers in ("1", "2"):
        assert main(["analyze", "--json", "--workers", workers, *paths]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert [json.loads(line)["path"] for line in outputs[1].splitlines()] == paths
    with pytest.raises(SystemExit):
        main(["analyze", "--workers", "0", *paths])
    assert "not a number of processes" in capsys.readouterr().err


def test_import_analyses_on_two_workers_like_one(capsys, tmp_path, pipeline, fork):
    from storage.library import Library

    for i, text in enumerate(TEXTS):
        (tmp_path / f"t{i}.txt").write_text(text * 3, encoding="utf-8")
    files = sorted(str(p) for p in tmp_path.glob("t*.txt"))
    caches = []
    for workers in ("1", "2"):
        lib = tmp_path / f"lib{workers}"
        assert main(["import", "--library", str(lib), "--workers", workers, *files]) == 0
        err = capsys.readouterr().err
        assert f"{len(TEXTS)}/{len(TEXTS)} articles" in err  # the plain progress line
        assert "not analysed" not in err
        library = Library(lib)
        caches.append({p.name: p.read_text() for p in sorted((lib / "analysis").glob("*.json"))})
        assert len(caches[-1]) == len(library.article_metas()) == len(TEXTS)
    assert caches[0] == caches[1]


def test_an_import_again_analyses_what_was_never_analysed(capsys, tmp_path, pipeline):
    for i, text in enumerate(TEXTS[:2]):
        (tmp_path / f"t{i}.txt").write_text(text * 3, encoding="utf-8")
    files = sorted(str(p) for p in tmp_path.glob("t*.txt"))
    lib = tmp_path / "lib"
    assert main(["import", "--no-analyze", "--library", str(lib), *files]) == 0
    assert not list((lib / "analysis").glob("*.json"))
    capsys.readouterr()
    # The same files again: unchanged, but their analysis is made now.
    assert main(["import", "--library", str(lib), "--workers", "1", *files]) == 0
    out = capsys.readouterr().out
    assert "2 unchanged" in out
    assert len(list((lib / "analysis").glob("*.json"))) == 2
    # And once made, a third import analyses nothing.
    stamps = {p.name: p.stat().st_mtime_ns for p in (lib / "analysis").glob("*.json")}
    assert main(["import", "--library", str(lib), "--workers", "1", *files]) == 0
    assert stamps == {p.name: p.stat().st_mtime_ns for p in (lib / "analysis").glob("*.json")}


def test_without_scheduler_nothing_of_dask_is_imported(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text(TEXTS[1], encoding="utf-8")
    code = (
        "import sys, json\n"
        "import tui.cli, tui.cli.analysis_commands, tui.cli.library_commands, tui.cli.parser\n"
        "from tui.cli import main\n"
        f"assert main(['analyze', '--json', {str(text)!r}]) == 0\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]\n"
        "print(json.dumps(loaded), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["path"] == str(text)
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_cli_names_a_dead_worker_in_one_line(capsys, tmp_path, pipeline, fork, monkeypatch):
    import os

    real = run.analyze_doc

    def crashing(doc, loaded):
        if "CRASH" in doc.text:
            os._exit(3)
        return real(doc, loaded)

    monkeypatch.setattr(run, "analyze_doc", crashing)
    paths = []
    for i, text in enumerate([TEXTS[0], "It will CRASH, they said."]):
        path = tmp_path / f"t{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    assert main(["analyze", "--json", "--workers", "2", *paths]) == 1
    err = capsys.readouterr().err
    assert "ended abruptly" in err and "Traceback" not in err


def test_workers_end_when_their_parent_is_killed(tmp_path):
    """A SIGKILLed ``import`` left its pool workers behind for ever (blocked on
    their pipes, each holding a pipeline); they now end within seconds."""
    import os
    import signal
    import time

    code = (
        "import multiprocessing, sys, time\n"
        "from newsread.analysis import parallel\n"
        "from newsread.analysis.pipeline import load_pipeline\n"
        "from tests.test_parallel_analysis import long_text\n"
        "parallel.start_method = lambda grace=0.5: 'fork'\n"
        "results = parallel.analyze_parallel([long_text()] * 40, load_pipeline(None), 2)\n"
        "next(results)\n"
        "print(' '.join(str(p.pid) for p in multiprocessing.active_children()), flush=True)\n"
        "time.sleep(600)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        workers = [int(pid) for pid in proc.stdout.readline().split()]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert len(workers) == 2

    def alive(pid: int) -> bool:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended

    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_an_import_whose_analysis_breaks_keeps_its_articles_and_says_how_to_finish(
    capsys, tmp_path, pipeline, fork, monkeypatch
):
    import os

    from storage.library import Library

    real = run.analyze_doc

    def crashing(doc, loaded):
        if "CRASH" in doc.text:
            os._exit(3)
        return real(doc, loaded)

    monkeypatch.setattr(run, "analyze_doc", crashing)
    paths = []
    crash = "It will CRASH, they said, and the harbour board will meet again."
    for i, text in enumerate([TEXTS[0], crash]):
        path = tmp_path / f"t{i}.txt"
        path.write_text(f"Story {i}\n\n{text}\n", encoding="utf-8")
        paths.append(str(path))
    root = tmp_path / "lib"
    assert main(["--library", str(root), "import", "--workers", "2", *paths]) == 0
    err = capsys.readouterr().err
    assert "ended abruptly" in err and "importing the same input again" in err
    assert "Traceback" not in err
    assert len(Library(root).article_metas()) == 2
