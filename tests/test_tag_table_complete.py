"""Every tag an annotation carries is a row of the tags table (its colour, its
quick key, the export's tag chooser): each way annotations are written keeps
the table complete, and doctor reports a library an older newsread left
without some, and ``--restore`` adds them."""

from __future__ import annotations

import contextlib
from pathlib import Path

from newsread.model import Annotation
from storage.history import Change, History
from storage.library import Library
from storage.shards import AnnotationShards
from tests.pilot_helpers import make_library
from tui.cli import main


def _ann(ident: str, tags: list[str], start: int = 0) -> Annotation:
    quote = "The harbour"[start:] if start else "The"
    return Annotation(ident, "harbour01", start, start + len(quote), quote, tags=tags)


def _names(library: Library) -> list[str]:
    return [t.name for t in library.tags()]


def test_each_write_of_annotations_adds_the_tags_it_names(tmp_path: Path) -> None:
    library = make_library(tmp_path / "lib")
    library.ensure_tag("known")
    colour = library.get_tag("known").color

    library.save_annotation(_ann("a1", ["known", "single"]))
    assert _names(library) == ["known", "single"]
    library.save_annotations("harbour01", [*library.annotations("harbour01"), _ann("a2", ["many"])])
    assert _names(library) == ["known", "many", "single"]
    library.apply_annotation_changes("harbour01", save=[_ann("a3", ["changed", "known"])])
    assert _names(library) == ["changed", "known", "many", "single"]
    # Each new one in a colour of its own; the known tag keeps its colour.
    colours = [t.color for t in library.tags()]
    assert len(set(colours)) == 4 and library.get_tag("known").color == colour


def test_a_failed_write_adds_no_tag(tmp_path: Path) -> None:
    library = make_library(tmp_path / "lib")
    orphan = Annotation("z1", "nosuch01", 0, 3, "The", tags=["never"])
    with contextlib.suppress(Exception):  # which error is the shards' business
        library.save_annotation(orphan)
    assert _names(library) == []


def test_undoing_a_step_that_brings_a_tag_back_adds_it(tmp_path: Path) -> None:
    """A step journaled by a newsread that did not add the tag: undoing the
    deletion puts back an annotation whose tag is not in the table."""
    library = make_library(tmp_path / "lib")
    ann = _ann("a1", ["back"])
    AnnotationShards.save_annotation(library, ann)
    assert _names(library) == []
    history = History(library)
    with library.transaction():
        library.delete_annotation("harbour01", "a1")
        history.record("deleted", [Change("harbour01", ann, None)])
    history.undo()
    assert [a.tags for a in library.annotations("harbour01")] == [["back"]]
    assert _names(library) == ["back"]


def _old_library(root: Path) -> Path:
    """As a newsread whose save_annotation left the table alone wrote it."""
    library = make_library(root)
    library.ensure_tag("kept")
    AnnotationShards.save_annotation(library, _ann("a1", ["kept", "lost", "also lost"]))
    library.close()
    return root


def test_doctor_reports_tags_missing_from_the_table_and_restore_adds_them(
    capsys, tmp_path: Path
) -> None:
    root = _old_library(tmp_path / "lib")

    assert main(["doctor", "--library", str(root)]) == 1
    out = capsys.readouterr().out
    [line] = [x for x in out.splitlines() if "missing from the tags table" in x]
    assert "'also lost', 'lost'" in line and "'kept'" not in line
    assert "--restore adds them" in line

    assert main(["doctor", "--restore", "--library", str(root)]) == 0
    out = capsys.readouterr().out
    assert "added tag 'also lost' to the tags table" in out
    assert "added tag 'lost' to the tags table" in out
    assert _names(Library(root)) == ["also lost", "kept", "lost"]

    assert main(["doctor", "--library", str(root)]) == 0
    assert "every file is readable and consistent" in capsys.readouterr().out


def test_restore_adds_no_row_for_a_spelling_it_merges_away(capsys, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    library = make_library(root)
    library.ensure_tag("Check")
    AnnotationShards.save_annotation(library, _ann("a1", ["check"]))
    AnnotationShards.save_annotation(library, _ann("a2", ["check", "Check"], 4))
    library.close()

    assert main(["doctor", "--library", str(root)]) == 1
    out = capsys.readouterr().out
    assert "differ only in case" in out and "'check' used by annotations but missing" in out

    assert main(["doctor", "--restore", "--library", str(root)]) == 0
    out = capsys.readouterr().out
    assert "merged tag 'Check' into 'check'" in out
    fresh = Library(root)
    assert _names(fresh) == ["check"]
    assert [a.tags for a in fresh.annotations("harbour01")] == [["check"], ["check"]]
