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


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("nonsense", "is not a scheduler address"),
        ("tcp://127.0.0.1", "is not a scheduler address"),
        ("http://127.0.0.1:8786", "not http://"),
        ("tcp://127.0.0.1:99999", "no port 99999"),
        ("tcp://nohost.invalid:8786", "no host nohost.invalid"),
    ],
)
def test_a_wrong_scheduler_address_is_one_line_at_once(capfd, tmp_path, address, said):
    """Dask raised ValueError from inside Client (a traceback, then a minute's
    hang at exit) for a malformed address; one line now, before any Client."""
    import time

    paths = write_texts(tmp_path)
    start = time.monotonic()
    code = main(["analyze", "--json", "--scheduler", address, *paths[:1]])
    assert code == 1
    err = capfd.readouterr().err
    assert said in err and "Traceback" not in err and err.count("\n") == 1
    assert time.monotonic() - start < 10


def test_a_refused_scheduler_port_fails_the_import_at_once(capfd, tmp_path, monkeypatch):
    """A port nothing listens on is refused at once (Dask retried it for 30 s),
    in one line that is not wrapped at 80 columns; and the import fails before
    it stores anything (it exited 0 with the articles stored unanalysed)."""
    import socket
    import time

    from newsread.analysis import cluster

    with socket.socket() as s:  # a free port, closed again
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2.0)
    paths = write_texts(tmp_path)
    start = time.monotonic()
    library = tmp_path / "lib"
    code = main(
        ["--library", str(library), "import", "--scheduler", f"tcp://127.0.0.1:{port}", *paths]
    )
    assert time.monotonic() - start < 10
    assert code == 1
    captured = capfd.readouterr()
    where = f"tcp://127.0.0.1:{port}"
    said = f"cannot reach the Dask scheduler at {where}: connection refused\n"
    assert captured.err.endswith(said) and captured.err.count("\n") == 1
    assert "added" not in captured.out
    assert not library.exists()  # not even an empty library made


def test_an_empty_scheduler_address_is_refused(capsys, tmp_path):
    paths = write_texts(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["analyze", "--scheduler", "", *paths[:1]])
    assert exit_.value.code == 2
    assert "--scheduler: an empty address" in capsys.readouterr().err


def test_the_cluster_scores_with_the_configured_model(
    capsys, tmp_path, pipeline, scheduler, monkeypatch
):
    """The workers learn the client's check-worthiness model with every task."""
    from newsread.analysis.checkworthy_choice import choose_model

    config = tmp_path / "config.toml"
    config.write_text('[pipeline]\ncheckworthiness = "encoder"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSREAD_CONFIG", str(config))
    paths = write_texts(tmp_path)
    assert main(["analyze", "--json", "--scheduler", scheduler, *paths]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for line in lines:
        line.pop("path")
        assert line["pipeline"]["version"].endswith("+cw.encoder.2")
    choose_model("encoder")
    assert lines == [a.to_dict() for a in analyze_texts(TEXTS, pipeline)]
