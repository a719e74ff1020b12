"""An empty path argument (an unset "$VAR") is refused before anything is
read or written: Path("") is the current folder."""

from __future__ import annotations

import pytest

from storage.imports import import_paths
from storage.library import Library
from tui.cli import main


@pytest.fixture
def cwd_with_a_story(tmp_path, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    (here / "a.txt").write_text(
        "A short note about the Ostrava tram depot and its new cranes.\n", encoding="utf-8"
    )
    monkeypatch.chdir(here)
    return here


def test_import_of_an_empty_path_is_refused_and_imports_nothing(capsys, tmp_path, cwd_with_a_story):
    lib = tmp_path / "lib"
    code = main(["--library", str(lib), "import", "--no-analyze", ""])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.strip().splitlines() == [
        "newsread: error: PATH: empty path; give a file, a folder, a URL or - for stdin"
    ]
    assert not (lib / "library.json").exists()


def test_an_empty_path_among_good_ones_refuses_the_whole_call(capsys, tmp_path, cwd_with_a_story):
    lib = tmp_path / "lib"
    code = main(["--library", str(lib), "import", "--no-analyze", "a.txt", " "])
    assert code == 1 and "empty path" in capsys.readouterr().err
    assert not (lib / "library.json").exists()


@pytest.mark.parametrize(
    "argv, shown",
    [
        (["import-annotations", ""], "FILE: empty path"),
        (["agreement", ""], "FILE: empty path"),
        (["export", "-o", ""], "-o: empty path"),
        (["analyze", ""], "FILE: empty path"),
        (["extract", ""], "INPUT: empty path"),
        (["feed", "import-opml", ""], "FILE: empty path"),
        (["feed", "import-urls", ""], "FILE: empty path"),
        (["feed", "export-opml", "-o", ""], "-o: empty path"),
        (["feed", "add", ""], "URL: empty address"),
    ],
)
def test_every_command_taking_a_path_refuses_an_empty_one(
    capsys, tmp_path, cwd_with_a_story, argv, shown
):
    lib = tmp_path / "lib"
    assert main(["--library", str(lib), "import", "--no-analyze", "a.txt"]) == 0
    before = sorted(p.name for p in cwd_with_a_story.iterdir())
    capsys.readouterr()
    code = main(["--library", str(lib), *argv])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"newsread: error: {shown};")
    assert sorted(p.name for p in cwd_with_a_story.iterdir()) == before


def test_import_paths_rejects_an_empty_path_rather_than_walking_the_current_folder(
    tmp_path, cwd_with_a_story
):
    library = Library(tmp_path / "lib")
    summary, fresh = import_paths(library, [""])
    assert not fresh and not summary.added
    assert summary.rejected == [("(empty path)", "empty path; give a file or folder")]
