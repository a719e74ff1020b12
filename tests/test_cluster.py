"""Analysis on a Dask distributed cluster (issue 10): a real LocalCluster of two
worker processes on 127.0.0.1 gives exactly the single-process analyses, for
``analyze --json`` and for an import's cache."""

from __future__ import annotations

import json

import pytest

from newsread.analysis.run import analyze_texts
from tui.cli import main

pytest.importorskip("distributed", reason="newsread[cluster] (dask[distributed]) is not installed")

TEXTS = [
    "The harbour board said on Monday that the new cranes would arrive in May.",
    '"We are ready," said Mayor Ana Silva. Police said 14 people were arrested.',
    "According to the ministry, inflation fell to 3.2% in October. Wang Wentao agreed.",
]


@pytest.fixture(scope="module")
def scheduler():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address
    # Leaving the block closes the workers and the scheduler.


def write_texts(folder) -> list[str]:
    paths = []
    for i, text in enumerate(TEXTS):
        path = folder / f"t{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_analyze_on_the_cluster_equals_one_process(capsys, tmp_path, pipeline, scheduler):
    paths = write_texts(tmp_path)
    assert main(["analyze", "--json", "--scheduler", scheduler, *paths]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line.pop("path") for line in lines] == paths
    assert lines == [a.to_dict() for a in analyze_texts(TEXTS, pipeline)]


def test_import_on_the_cluster_writes_the_same_cache(capsys, tmp_path, pipeline, scheduler):
    from storage.analyses import cached
    from storage.library import Library

    paths = write_texts(tmp_path)
    lib = tmp_path / "lib"
    assert main(["import", "--library", str(lib), "--scheduler", scheduler, *paths]) == 0
    err = capsys.readouterr().err
    assert "not analysed" not in err and f"{len(TEXTS)}/{len(TEXTS)} articles" in err
    library = Library(lib)
    articles = [library.get_article(m["id"]) for m in library.article_metas()]
    identity = (pipeline.name, pipeline.version)
    for article in articles:
        found = cached(library, article, identity)
        assert found is not None
        assert found.to_dict() == next(analyze_texts([article.body], pipeline)).to_dict()


def test_an_unreachable_scheduler_is_one_line(capsys, tmp_path, monkeypatch):
    from newsread.analysis import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2.0)
    paths = write_texts(tmp_path)
    code = main(["analyze", "--json", "--scheduler", "tcp://127.0.0.1:9", *paths[:1]])
    assert code == 1
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler" in err and "Traceback" not in err
