"""One annotation id for two annotations: refused in a file, renewed across
files, reported by doctor."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from newsread.annotations.export import build_export
from newsread.model import Annotation, Article
from storage.doctor import diagnose
from storage.id_repair import renewed_id
from storage.library import Library
from tests.export_sample import BRIDGE, BUDGET
from tui.cli import main

STAMP = "2025-03-04T12:00:00+00:00"


def _one(article: Article, ident: str, quote: str, tags: list[str]) -> Annotation:
    start = article.body.index(quote)
    return Annotation(ident, article.id, 0, 0, "", tags=tags).placed_at(
        article.body, start, start + len(quote)
    )


def _file(path: Path, *anns: Annotation) -> Path:
    by_id = {a.id: a for a in (BRIDGE, BUDGET)}
    items = [(by_id[a.article_id], [a]) for a in anns]
    path.write_text(json.dumps(build_export(items, exported=STAMP)), encoding="utf-8")
    return path


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "backups" not in p.parts
    }


def _library(root: Path) -> Library:
    library = Library(root)
    library.save_articles([BRIDGE, BUDGET])
    return library


def test_one_id_twice_in_a_file_on_one_article_is_refused(capsys, tmp_path):
    _library(tmp_path / "lib").close()
    before = _files(tmp_path / "lib")
    bad = _file(
        tmp_path / "in.json",
        _one(BRIDGE, "n1", "Ana Ruiz", ["PERSON"]),
        _one(BRIDGE, "n1", "bridge", ["place"]),
    )
    code = main(["--library", str(tmp_path / "lib"), "import-annotations", str(bad)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"newsread: error: {bad}: annotation id 'n1' is given twice, to 'Ana Ruiz' at "
        f"{BRIDGE.body.index('Ana Ruiz')}-{BRIDGE.body.index('Ana Ruiz') + 8} of "
        f"{BRIDGE.title!r} ({BRIDGE.id}) and to 'bridge' at {BRIDGE.body.index('bridge')}-"
        f"{BRIDGE.body.index('bridge') + 6} of {BRIDGE.title!r} ({BRIDGE.id}); "
        "nothing imported (give one of them another id)"
    ]
    assert _files(tmp_path / "lib") == before


def test_one_id_twice_in_a_file_on_two_articles_is_refused(capsys, tmp_path):
    _library(tmp_path / "lib").close()
    before = _files(tmp_path / "lib")
    bad = _file(
        tmp_path / "in.json",
        _one(BRIDGE, "n1", "Ana Ruiz", ["PERSON"]),
        _one(BUDGET, "n1", "treasurer", ["role"]),
    )
    code = main(["--library", str(tmp_path / "lib"), "import-annotations", str(bad)])
    err = capsys.readouterr().err
    assert code == 1 and "annotation id 'n1' is given twice" in err
    assert f"({BRIDGE.id})" in err and f"({BUDGET.id})" in err
    assert _files(tmp_path / "lib") == before


def test_one_id_in_two_files_on_two_articles_gets_a_new_id_and_says_so(capsys, tmp_path):
    _library(tmp_path / "lib").close()
    first = _file(tmp_path / "a.json", _one(BRIDGE, "n1", "Ana Ruiz", ["PERSON"]))
    second = _file(tmp_path / "b.json", _one(BUDGET, "n1", "treasurer", ["role"]))
    code = main(["--library", str(tmp_path / "lib"), "import-annotations", str(first), str(second)])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("2 added")
    assert "1 annotation added under a new id" in out
    library = Library(tmp_path / "lib")
    (bridge,) = library.annotations(BRIDGE.id)
    (budget,) = library.annotations(BUDGET.id)
    assert bridge.id == "n1" and budget.id != "n1" and budget.tags == ["role"]
    assert diagnose(tmp_path / "lib") == []


def test_doctor_reports_one_id_shared_by_two_articles(capsys, tmp_path):
    library = _library(tmp_path / "lib")
    library.save_annotation(_one(BRIDGE, "n1", "Ana Ruiz", ["PERSON"]))
    library.save_annotation(replace(_one(BUDGET, "n1", "treasurer", ["role"])))
    library.close()
    problems = diagnose(tmp_path / "lib")
    assert [p.reason for p in problems] == [
        f"annotation id n1 is given to 2 annotations, of articles "
        f"{', '.join(sorted([BRIDGE.id, BUDGET.id]))}"
    ]
    code = main(["--library", str(tmp_path / "lib"), "doctor"])
    out = capsys.readouterr().out
    assert code == 1 and "annotation id n1 is given to 2 annotations" in out
    assert "every file is readable and consistent" not in out
    assert "--restore keeps it on the annotation made first" in out


def test_doctor_restore_gives_the_later_annotation_a_new_id(capsys, tmp_path):
    library = _library(tmp_path / "lib")
    first = replace(_one(BUDGET, "n1", "treasurer", ["role"]), created="2025-01-01T00:00:00+00:00")
    later = replace(_one(BRIDGE, "n1", "Ana Ruiz", ["PERSON"]), created="2025-02-01T00:00:00+00:00")
    library.save_annotation(later)
    library.save_annotation(first)
    library.close()
    code = main(["--library", str(tmp_path / "lib"), "doctor", "--restore"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"annotation id n1 kept by article {BUDGET.id}'s annotation" in out
    library = Library(tmp_path / "lib")
    (budget,) = library.annotations(BUDGET.id)
    (bridge,) = library.annotations(BRIDGE.id)
    assert budget == first
    assert bridge.id == renewed_id("n1", BRIDGE.id) and replace(bridge, id="n1") == later
    assert diagnose(tmp_path / "lib") == []
    # A file made before the repair, naming it n1, imported again: it merges
    # into the renewed annotation instead of adding a copy.
    old_export = _file(tmp_path / "old.json", later)
    assert main(["--library", str(tmp_path / "lib"), "import-annotations", str(old_export)]) == 0
    assert len(Library(tmp_path / "lib").annotations(BRIDGE.id)) == 1
    assert diagnose(tmp_path / "lib") == []


def test_a_renewed_orphan_is_not_added_again_when_the_file_is_imported_again(capsys, tmp_path):
    # Its passage is gone, so nothing to merge on: only a stable new id finds
    # the copy the first import stored.
    library = _library(tmp_path / "lib")
    library.save_annotation(_one(BRIDGE, "n1", "Ana Ruiz", ["PERSON"]))
    library.close()
    lost = replace(_one(BUDGET, "n1", "treasurer", ["role"]), quote="words no longer there")
    lost = replace(lost, prefix="", suffix="", orphan=True)
    incoming = _file(tmp_path / "b.json", lost)
    for _ in range(2):
        code = main(["--library", str(tmp_path / "lib"), "import-annotations", str(incoming)])
        assert code == 0
    again = capsys.readouterr().out.splitlines()[-1]
    assert again.startswith("0 added, 0 merged, 0 orphaned") and "1 already in" in again
    library = Library(tmp_path / "lib")
    (budget,) = library.annotations(BUDGET.id)
    assert budget.orphan and budget.id != "n1" and budget.tags == ["role"]
    assert diagnose(tmp_path / "lib") == []
