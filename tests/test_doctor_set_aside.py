"""An annotations file damaged with no good backup: every command that meets it
names it and the way out; ``doctor --restore --set-aside`` moves it among the
backups (its bytes kept) so that its article starts empty and imports work
again, in one rename that a kill at any write leaves whole. And an annotations
file deleted by hand is found through its backups."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from newsread.model import Annotation, Article
from storage.doctor import diagnose
from storage.faults import ENV
from storage.library import Library
from storage.txn import backup_folder
from tui.cli import main

ROOT = Path(__file__).resolve().parents[1]
OLD = "2025-01-01T00:00:00+00:00"
FIRST = Article(
    id="quay00000001",
    title="Quay crane vote",
    body="The council met on Monday to approve the crane for the eastern quay.",
    imported=OLD,
)
SECOND = Article(
    id="ferry0000002",
    title="Ferry timetable",
    body="The ferry will run every hour from the western pier in summer.",
    imported=OLD,
)


def _ann(article: Article, ident: str, quote: str) -> Annotation:
    start = article.body.index(quote)
    return Annotation(ident, article.id, start, start + len(quote), quote, tags=["place"])


def _damaged(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """Two annotated articles; the first one's annotations file (written once,
    so without a backup) cut short."""
    root = tmp_path / "lib"
    library = Library(root)
    library.save_articles([FIRST, SECOND])
    library.save_annotation(_ann(FIRST, "q1", "eastern quay"))
    library.save_annotation(_ann(SECOND, "f1", "western pier"))
    library.close()
    shard = root / "annotations" / f"{FIRST.id}.json"
    os.truncate(shard, 40)
    return root, shard, shard.read_bytes()


def _cli(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _incoming(tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    path.write_text(
        '{"format": "newsread-annotations", "version": 1, "annotations": [{"id": "f2", '
        f'"article": {{"id": "{SECOND.id}", "title": "{SECOND.title}"}}, "tags": ["when"], '
        '"quote": "every hour", "start": 15, "end": 25}]}',
        encoding="utf-8",
    )
    return path


def test_import_annotations_names_the_damaged_file_and_the_repair(tmp_path, capsys):
    root, shard, _ = _damaged(tmp_path)
    code, out, err = _cli(capsys, root, "import-annotations", str(_incoming(tmp_path)))
    assert code == 1, out
    (line,) = err.strip().splitlines()
    assert str(shard) in line and "nothing was imported" in line
    assert "newsread doctor --restore" in line and "--set-aside" in line
    assert [a.id for a in Library(root).annotations(SECOND.id)] == ["f1"]
    # Any other command meeting it points at doctor too.
    code, _, err = _cli(capsys, root, "tag", FIRST.id, "--quote", "council", "--tag", "x")
    assert code == 1 and str(shard) in err and "newsread doctor" in err


def test_doctor_offers_set_aside_and_it_keeps_the_bytes(tmp_path, capsys):
    root, shard, damaged = _damaged(tmp_path)
    code, out, _ = _cli(capsys, root, "doctor")
    assert code == 1
    (line,) = [x for x in out.splitlines() if str(shard) in x]
    assert "no good backup" in line and "--restore --set-aside" in line
    # --restore alone leaves it as it is.
    code, _, err = _cli(capsys, root, "doctor", "--restore")
    assert code == 1 and "still damaged" in err and shard.read_bytes() == damaged
    code, _, err = _cli(capsys, root, "doctor", "--set-aside")
    assert code == 1 and "--set-aside goes with --restore" in err

    code, out, err = _cli(capsys, root, "doctor", "--restore", "--set-aside")
    assert code == 0, err
    assert not shard.exists()
    (kept,) = backup_folder(root, f"annotations/{shard.name}").glob("damaged-*.bad")
    assert kept.read_bytes() == damaged and str(kept) in out
    assert diagnose(root) == []

    code, out, err = _cli(capsys, root, "import-annotations", str(_incoming(tmp_path)))
    assert code == 0, err
    assert sorted(a.id for a in Library(root).annotations(SECOND.id)) == ["f1", "f2"]
    assert Library(root).annotations(FIRST.id) == []


def test_an_annotations_file_deleted_by_hand_is_found_and_restored(tmp_path, capsys):
    root = tmp_path / "lib"
    library = Library(root)
    library.save_articles([FIRST, SECOND])
    # Two writes: the second keeps the first version as a backup.
    library.save_annotation(_ann(FIRST, "q1", "eastern quay"))
    library.save_annotation(_ann(FIRST, "q2", "council"))
    library.close()
    shard = root / "annotations" / f"{FIRST.id}.json"
    shard.unlink()
    (problem,) = diagnose(root)
    assert problem.path == shard and problem.backup is not None
    assert "missing, though the article had 1 annotation" in problem.describe()
    code, _, err = _cli(capsys, root, "doctor", "--restore")
    assert code == 0, err
    assert [a.id for a in Library(root).annotations(FIRST.id)] == ["q1"]


def test_a_removed_article_imported_again_is_not_called_damaged(tmp_path):
    root = tmp_path / "lib"
    library = Library(root)
    library.save_articles([FIRST])
    library.save_annotation(_ann(FIRST, "q1", "eastern quay"))
    library.save_annotation(_ann(FIRST, "q2", "council"))
    # Removing keeps the last version among the backups; the article comes
    # back later with no annotations.
    library.delete_articles([FIRST.id])
    later = Article(**{**FIRST.__dict__, "imported": "2999-01-01T00:00:00+00:00"})
    library.save_articles([later])
    library.close()
    assert diagnose(root) == []


def _doctor(root: Path, fault: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    env["PYTHONPATH"] = str(ROOT)
    if fault:
        env[ENV] = fault
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--library", str(root), "doctor", "--restore"]
        + ["--set-aside"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_set_aside_survives_a_kill_at_every_write(tmp_path):
    base, shard, damaged = _damaged(tmp_path)
    rel = shard.relative_to(base)
    probe = tmp_path / "probe"
    shutil.copytree(base, probe)
    log = tmp_path / "boundaries.log"
    assert _doctor(probe, f"count:{log}").returncode == 0
    writes = len(log.read_text().splitlines())
    assert writes >= 1
    for k in range(1, writes + 1):
        run = tmp_path / f"run{k}"
        shutil.copytree(base, run)
        killed = _doctor(run, f"kill:{k}")
        assert killed.returncode == -9, (k, killed.stderr)
        # Whole under one name or the other, never lost nor half-written.
        kept = list(backup_folder(run, rel.as_posix()).glob("damaged-*.bad"))
        where = [p.read_bytes() for p in [run / rel, *kept] if p.exists()]
        assert where == [damaged], k
        # The next run ends where an unkilled one does.
        assert _doctor(run, None).returncode == 0
        assert not (run / rel).exists()
        (kept,) = backup_folder(run, rel.as_posix()).glob("damaged-*.bad")
        assert kept.read_bytes() == damaged
        assert diagnose(run) == []
        assert [a.id for a in Library(run).annotations(SECOND.id)] == ["f1"]


def test_a_file_written_once_and_deleted_is_found_through_the_search_index(tmp_path, capsys):
    root = tmp_path / "lib"
    library = Library(root)
    library.save_articles([FIRST, SECOND])
    library.save_annotation(_ann(FIRST, "q1", "eastern quay"))
    library.close()
    code, _, err = _cli(capsys, root, "index")
    assert code == 0, err
    shard = root / "annotations" / f"{FIRST.id}.json"
    shard.unlink()
    assert not list((root / "backups").glob("annotations__*/*.json"))
    code, out, _ = _cli(capsys, root, "doctor")
    assert code == 1
    (line,) = [x for x in out.splitlines() if str(shard) in x]
    assert "missing, though the search index counted 1 annotation" in line
    assert "newsread index accepts the loss" in line
    # Accepted: the index notices the file gone, and doctor is content.
    assert _cli(capsys, root, "index")[0] == 0
    assert diagnose(root) == []


def test_a_readable_file_with_a_misplaced_annotation_is_not_offered_to_set_aside(tmp_path):
    root = tmp_path / "lib"
    library = Library(root)
    library.save_articles([FIRST])
    # Its quote is not the text at its offsets: the file reads well, and
    # setting it aside would take its other annotations with it.
    library.save_annotation(Annotation("q1", FIRST.id, 0, 3, "Not", tags=["x"]))
    library.close()
    (problem,) = diagnose(root)
    assert "does not match the text" in problem.describe()
    assert "--set-aside" not in problem.describe()


def test_a_file_set_aside_is_not_then_called_deleted_through_the_search_index(tmp_path, capsys):
    # The search index counted the file's annotation before it was damaged;
    # the set-aside moved it, and doctor must not take that for a deletion.
    root = tmp_path / "lib"
    library = Library(root)
    library.save_articles([FIRST, SECOND])
    library.save_annotation(_ann(FIRST, "q1", "eastern quay"))
    library.close()
    assert _cli(capsys, root, "index")[0] == 0
    shard = root / "annotations" / f"{FIRST.id}.json"
    shard.write_text('{"annotations": {"1": ', encoding="utf-8")
    code, out, err = _cli(capsys, root, "doctor", "--restore", "--set-aside")
    assert code == 0, out + err
    assert "still damaged" not in err and "deleted outside newsread" not in out + err
    assert diagnose(root) == []
    code, out, _ = _cli(capsys, root, "doctor")
    assert code == 0 and "search index counted" not in out
