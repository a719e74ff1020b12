"""A body file cut short or edited outside newsread is never read past: export,
tag, import-annotations and the reader refuse it, naming the file and the
re-import that puts it back; doctor says so once (not also of the intact
annotations quoting it); importing the source again restores the text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from newsread.model import Annotation
from storage.doctor import diagnose
from storage.imports import import_paths
from storage.library import Library
from tui.cli import main

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Quay crane vote"
BODY = (
    "The council met on Monday to approve the crane for the eastern quay.\n\n"
    "Opponents said the harbour should wait for the spring survey.\n"
)


def _library(tmp_path: Path) -> tuple[Path, Path, str, Path]:
    """A library with one imported article holding two annotations, whose body
    file is then cut to 20 bytes."""
    root, source = tmp_path / "lib", tmp_path / "quay.txt"
    source.write_text(f"{TITLE}\n\n{BODY}", encoding="utf-8")
    library = Library(root)
    import_paths(library, [str(source)])
    (article_id,) = library.article_ids()
    body = library.read_body(article_id)
    for n, quote in enumerate(("eastern quay", "spring survey")):
        start = body.index(quote)
        library.save_annotation(
            Annotation(f"ann{n}", article_id, start, start + len(quote), quote, tags=["place"])
        )
    library.close()
    path = root / "bodies" / f"{article_id}.txt"
    os.truncate(path, 20)
    return root, source, article_id, path


def _cli(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_export_refuses_a_cut_body_naming_it_and_the_reimport(tmp_path):
    root, source, article_id, path = _library(tmp_path)
    for args in (
        ["export", "--article", article_id[:4]],
        ["export", "--format", "spacy", "-o", str(tmp_path / "out.spacy")],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "tui.cli", "--library", str(root), *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        said = [line for line in done.stderr.splitlines() if str(path) in line]
        assert len(said) == 1, done.stderr
        assert "text differs from what was imported" in said[0]
        assert f"newsread import {source}" in said[0]
        assert "eastern quay" not in done.stdout


def test_tag_and_import_annotations_refuse_a_cut_body(tmp_path, capsys):
    root, source, article_id, path = _library(tmp_path)
    code, _, err = _cli(capsys, root, "tag", article_id, "--quote", "council", "--tag", "x")
    assert code == 1 and str(path) in err and "newsread import" in err
    exported = tmp_path / "mine.json"
    code, _, _ = _cli(capsys, root, "export", "-o", str(exported))
    # Nothing exported of it: write a file by hand that places one on it.
    exported.write_text(
        '{"format": "newsread-annotations", "version": 1, "annotations": [{"id": "zz1", '
        f'"article": {{"id": "{article_id}", "title": "{TITLE}"}}, "tags": ["y"], '
        '"quote": "council", "start": 4, "end": 11}]}',
        encoding="utf-8",
    )
    code, out, err = _cli(capsys, root, "import-annotations", str(exported))
    assert code == 1, out
    assert str(path) in err and "nothing was imported" in err
    assert len(err.strip().splitlines()) == 1
    assert sorted(a.id for a in Library(root).annotations(article_id)) == ["ann0", "ann1"]


def test_doctor_names_the_body_once_and_reimport_puts_it_back(tmp_path, capsys):
    root, source, article_id, path = _library(tmp_path)
    problems = diagnose(root)
    assert [p.path for p in problems] == [path]
    described = problems[0].describe()
    assert "text differs from what was imported" in described
    assert f"newsread import {source} puts it back" in described

    code, out, _ = _cli(capsys, root, "import", str(source))
    assert code == 0 and out.startswith("0 added, 1 updated, 0 unchanged"), out
    assert path.read_text(encoding="utf-8") == BODY.strip()
    assert diagnose(root) == []
    library = Library(root)
    article = library.get_article(article_id)
    assert [article.body[a.start : a.end] for a in library.annotations(article_id)] == [
        "eastern quay",
        "spring survey",
    ]
    # Imported again once whole: unchanged, as before.
    code, out, _ = _cli(capsys, root, "import", str(source))
    assert out.startswith("0 added, 0 updated, 1 unchanged"), out


def test_a_body_edited_to_the_same_length_is_caught_too(tmp_path, capsys):
    root, source, article_id, path = _library(tmp_path)
    path.write_text(BODY.strip().replace("Monday", "Sunday"), encoding="utf-8")
    code, _, err = _cli(capsys, root, "export")
    assert code == 1 and str(path) in err
    code, out, _ = _cli(capsys, root, "import", str(source))
    assert "1 updated" in out and path.read_text(encoding="utf-8") == BODY.strip()


def test_an_export_that_leaves_the_damaged_article_out_succeeds(tmp_path, capsys):
    # The damaged body belongs to an article the export does not choose: by
    # id, by tag or by annotator, the export is whole and says nothing of it.
    root, _source, damaged_id, path = _library(tmp_path)
    other = tmp_path / "ferry.txt"
    other.write_text(
        "Ferry timetable changes\n\nThe island ferry will sail twice a day from May, the"
        " operator said on Friday.\n\nFares stay where they are for another year.\n"
    )
    library = Library(root)
    import_paths(library, [str(other)])
    (healthy_id,) = [i for i in library.article_ids() if i != damaged_id]
    body = library.read_body(healthy_id)
    start = body.index("twice a day")
    library.save_annotation(
        Annotation(
            "f1", healthy_id, start, start + 11, "twice a day", tags=["when"], annotator="ines"
        )
    )
    library.close()
    for args in (["--article", healthy_id], ["--tag", "when"], ["--annotator", "ines"]):
        code, out, err = _cli(capsys, root, "export", *args)
        assert code == 0 and err == "", (args, err)
        assert "twice a day" in out and "eastern quay" not in out
    # Every article, or the damaged one: still refused, naming the file.
    for args in ([], ["--article", damaged_id]):
        code, _out, err = _cli(capsys, root, "export", *args)
        assert code == 1 and str(path) in err, args


REPEATED = "Ferry times are unchanged this week, the harbour office said in its notice."
CHANGED_BODY = (
    f"Morning update: the eastern berth reopened.\n\n{REPEATED} Tolls rose.\n\n"
    f"{REPEATED} Tolls rose.\n\nThe crane vote is next week."
)
OLD_BODY = (
    f"{REPEATED} Tolls rose.\n\n{REPEATED} Tolls rose.\n\n"
    "Opponents said the harbour should wait for the spring survey.\n\nThe crane vote is next week."
)


def test_a_changed_source_over_a_damaged_body_moves_annotations_by_their_own_quotes(tmp_path):
    # The damaged file is no reference: its length would send a quote that is
    # in the text twice to the wrong copy, so the annotations' own quotes and
    # context place them; one whose words are gone is kept as an orphan and
    # counted.
    root, source = tmp_path / "lib", tmp_path / "ferry.txt"
    source.write_text(f"{TITLE}\n\n{OLD_BODY}", encoding="utf-8")
    library = Library(root)
    import_paths(library, [str(source)])
    (article_id,) = library.article_ids()
    body = library.read_body(article_id)
    first = body.index("harbour office")
    gone = body.index("spring survey")
    for ann_id, start, quote in (
        ("first", first, "harbour office"),
        ("gone", gone, "spring survey"),
    ):
        library.save_annotation(
            Annotation(ann_id, article_id, start, start + len(quote), quote, tags=["t"])
        )
    library.close()
    path = root / "bodies" / f"{article_id}.txt"
    os.truncate(path, 20)
    source.write_text(f"{TITLE}\n\n{CHANGED_BODY}", encoding="utf-8")

    library = Library(root)
    summary, _ = import_paths(library, [str(source)])
    assert summary.updated == [article_id] and summary.orphaned == 1
    new = library.get_article(article_id).body
    placed = {a.id: a for a in library.annotations(article_id)}
    assert new[placed["first"].start : placed["first"].end] == "harbour office"
    assert placed["first"].start == new.index("harbour office")  # the first copy, as it was
    assert placed["gone"].orphan and not placed["first"].orphan
