"""``import-annotations`` of a teammate's copy of an annotation the library
holds too: each side's later changes kept, none repeated, none undone by an
older copy; in every format import-annotations reads."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsread.annotations.copies import Renames, merge_copies, merged_note, moment
from newsread.model import Annotation, Tag
from storage.annotation_import import import_annotations, read_annotation_file
from storage.edits import apply_edits
from storage.history import History
from storage.library import Library
from storage.tag_ops import merge_tags, record_op
from tests.export_sample import BRIDGE, BUDGET
from tui.cli import main

FORMATS = ["json", "jsonl", "w3c"]
#: times well before any "now" the tests run at, in order
T0, T1, T2, T3 = (f"2025-03-0{d}T12:00:00+00:00" for d in (1, 2, 3, 4))


def _at(ident: str, quote: str, **extra) -> Annotation:
    start = BRIDGE.body.index(quote)
    extra.setdefault("created", T0)
    extra.setdefault("updated", T0)
    extra.setdefault("annotator", "me")
    return Annotation(ident, BRIDGE.id, 0, 0, "", **extra).placed_at(
        BRIDGE.body, start, start + len(quote)
    )


def _library(root: Path, *anns: Annotation) -> Library:
    library = Library(root)
    library.save_articles([BRIDGE, BUDGET])
    for ann in anns:
        for name in ann.tags:
            library.ensure_tag(name)
        library.save_annotation(ann)
    return library


def _export(root: Path, fmt: str, target: Path) -> Path:
    assert main(["export", "--format", fmt, "-o", str(target), "--library", str(root)]) == 0
    return target


def _import(capsys, root: Path, *files: Path) -> list[str]:
    assert main(["import-annotations", *map(str, files), "--library", str(root)]) == 0
    return capsys.readouterr().out.splitlines()


def _stored(root: Path) -> dict[str, Annotation]:
    return {a.id: a for a in Library(root).annotations(BRIDGE.id)}


# -- notes --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_later_copy_extending_the_note_replaces_it_once(capsys, tmp_path, fmt):
    _library(tmp_path / "mine", _at("x1", "Ana Ruiz", tags=["figure"], note="cli note")).close()
    # Ines's library holds the same annotation, her note extended later.
    _library(
        tmp_path / "ines",
        _at("x1", "Ana Ruiz", tags=["figure"], note="cli note\nines edit", updated=T1),
    ).close()
    theirs = _export(tmp_path / "ines", fmt, tmp_path / f"ines.{fmt}")
    capsys.readouterr()
    assert _import(capsys, tmp_path / "mine", theirs)[0].startswith("0 added, 1 merged")
    assert _stored(tmp_path / "mine")["x1"].note == "cli note\nines edit"
    assert _stored(tmp_path / "mine")["x1"].updated == T1
    # Imported again: nothing changes, nothing repeated.
    again = _import(capsys, tmp_path / "mine", theirs)
    assert again[0].startswith("0 added, 0 merged") and "1 already in the library" in again[0]
    assert _stored(tmp_path / "mine")["x1"].note == "cli note\nines edit"


def test_first_then_first_and_second_gives_first_and_second(capsys, tmp_path):
    _library(tmp_path / "mine").close()
    for n, (note, when) in enumerate([("first", T1), ("first\nsecond", T2)]):
        _library(tmp_path / f"ines{n}", _at("x1", "Ana Ruiz", tags=["t"], note=note, updated=when))
        _export(tmp_path / f"ines{n}", "jsonl", tmp_path / f"ines{n}.jsonl")
    capsys.readouterr()
    assert _import(capsys, tmp_path / "mine", tmp_path / "ines0.jsonl")[0].startswith("1 added")
    assert _import(capsys, tmp_path / "mine", tmp_path / "ines1.jsonl")[0].startswith(
        "0 added, 1 merged"
    )
    assert _stored(tmp_path / "mine")["x1"].note == "first\nsecond"


@pytest.mark.parametrize("fmt", FORMATS)
def test_notes_changed_apart_are_both_kept_theirs_first_and_said(capsys, tmp_path, fmt):
    mine = _at("x1", "Ana Ruiz", tags=["t"], note="cli note\nmy edit", updated=T2)
    _library(tmp_path / "mine", mine).close()
    _library(tmp_path / "ines", replace(mine, note="cli note\nines edit", updated=T1)).close()
    theirs = _export(tmp_path / "ines", fmt, tmp_path / f"ines.{fmt}")
    capsys.readouterr()
    out = _import(capsys, tmp_path / "mine", theirs)
    assert out[0].startswith("0 added, 1 merged")
    assert (
        "  1 note differed from the library's: both kept, theirs first and yours after a --- line"
        in out
    )
    both = "cli note\nines edit\n---\ncli note\nmy edit"
    assert _stored(tmp_path / "mine")["x1"].note == both
    assert "1 already in the library" in _import(capsys, tmp_path / "mine", theirs)[0]
    # Ines goes on writing: her part grows, nothing of either is repeated.
    _library(tmp_path / "ines2", replace(mine, note="cli note\nines edit\nmore", updated=T3))
    later = _export(tmp_path / "ines2", fmt, tmp_path / f"ines2.{fmt}")
    capsys.readouterr()
    _import(capsys, tmp_path / "mine", later)
    assert (
        _stored(tmp_path / "mine")["x1"].note == "cli note\nines edit\nmore\n---\ncli note\nmy edit"
    )


@pytest.mark.parametrize(
    ("yours", "theirs", "merged"),
    [
        ("first", "first\nsecond", "first\nsecond"),
        ("first\nsecond", "first", "first\nsecond"),
        ("", "theirs", "theirs"),
        ("yours", "", "yours"),
        ("a\n---\nb", "b", "a\n---\nb"),
        ("a\n---\nb", "a and more", "a and more\n---\nb"),
        ("mine", "yours", "yours\n---\nmine"),
        # a "---" inside a line is no separator
        ("x---y", "x---y z", "x---y z"),
    ],
)
def test_merged_note_never_repeats_text(yours, theirs, merged):
    assert merged_note(yours, theirs) == merged
    assert merged_note(merged, theirs) == merged  # merging again changes nothing


# -- tags merged or renamed in the library ----------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_copy_made_before_a_tag_merge_does_not_bring_the_old_tag_back(capsys, tmp_path, fmt):
    anns = [_at("x1", "Ana Ruiz", tags=["figure"]), _at("x2", "in May", tags=["figure"])]
    library = _library(tmp_path / "mine", *anns)
    library.ensure_tag("check")
    # The teammate's export is made before the merge.
    theirs = _export(tmp_path / "mine", fmt, tmp_path / f"before.{fmt}")
    record_op(History(library), merge_tags(library, "figure", "check"))
    library.close()
    capsys.readouterr()
    out = _import(capsys, tmp_path / "mine", theirs)
    assert out[0].startswith("0 added, 0 merged") and "2 already in the library" in out[0]
    assert (
        "  2 annotations made before the library merged or renamed their tags: under the new names"
        in out
    )
    assert [a.tags for a in _stored(tmp_path / "mine").values()] == [["check"], ["check"]]
    assert Library(tmp_path / "mine").get_tag("figure") is None


def test_an_annotation_new_to_the_library_gets_the_new_tag_name(capsys, tmp_path):
    library = _library(tmp_path / "mine", _at("x1", "Ana Ruiz", tags=["figure"]))
    merge_tags(library, "figure", "check")
    library.close()
    _library(tmp_path / "ines", _at("y1", "in May", tags=["figure", "quote"], annotator="ines"))
    theirs = _export(tmp_path / "ines", "jsonl", tmp_path / "ines.jsonl")
    capsys.readouterr()
    assert _import(capsys, tmp_path / "mine", theirs)[0].startswith("1 added")
    assert _stored(tmp_path / "mine")["y1"].tags == ["check", "quote"]
    assert {t.name for t in Library(tmp_path / "mine").tags()} == {"check", "quote"}


def test_a_copy_made_after_the_merge_keeps_its_name():
    renames = Renames.of([Tag("check", merged={"figure": T1})])
    assert renames.applied(["figure", "x"], moment(T0)) == ["check", "x"]
    assert renames.applied(["figure"], moment(T2)) == ["figure"]
    assert renames.applied(["figure", "check"], None) == ["check"]


def test_a_rename_chain_is_followed_and_undo_forgets_the_merge(capsys, tmp_path):
    library = _library(tmp_path / "mine", _at("x1", "Ana Ruiz", tags=["fig"]))
    theirs = _export(tmp_path / "mine", "json", tmp_path / "before.json")
    history = History(library)
    record_op(history, merge_tags(library, "fig", "figure"))
    record_op(history, merge_tags(library, "figure", "check"))
    assert set(library.get_tag("check").merged) == {"fig", "figure"}
    history.undo()
    history.undo()
    assert library.get_tag("fig").merged == {}
    assert library.get_tag("check") is None
    library.close()
    capsys.readouterr()
    _import(capsys, tmp_path / "mine", theirs)
    assert _stored(tmp_path / "mine")["x1"].tags == ["fig"]


@pytest.mark.parametrize("op", ["rename", "merge"])
def test_tags_a_teammate_added_survive_a_rename_made_after_her_export(capsys, tmp_path, op):
    """A rename or merge changes what the tag is called, not the annotation: a
    teammate's copy made before it but after her own edit still adds her tag
    (it looked older than the library's copy, and her tag was dropped)."""
    library = _library(tmp_path / "mine", _at("x1", "Ana Ruiz", tags=["person"]))
    if op == "merge":
        library.ensure_tag("people")
    _library(
        tmp_path / "ines", _at("x1", "Ana Ruiz", tags=["person", "source"], updated=T1)
    ).close()
    theirs = _export(tmp_path / "ines", "json", tmp_path / "ines.json")
    record_op(History(library), merge_tags(library, "person", "people"))
    assert library.annotations(BRIDGE.id)[0].updated == T0
    library.close()
    capsys.readouterr()
    out = _import(capsys, tmp_path / "mine", theirs)
    assert out[0].startswith("0 added, 1 merged"), out
    assert _stored(tmp_path / "mine")["x1"].tags == ["people", "source"]


def test_a_tag_row_with_a_damaged_merge_record_reads_as_none():
    assert Tag.from_dict({"name": "a", "merged": ["x"]}).merged == {}
    assert Tag.from_dict({"name": "a", "merged": {"x": 3, "y": T0}}).merged == {"y": T0}
    assert "merged" not in Tag("a").to_dict()


# -- tags and data changed on both sides ------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_older_copy_never_undoes_the_librarys_newer_changes(capsys, tmp_path, fmt):
    # The library corrected the speaker and dropped a tag after Ines's copy.
    mine = _at("x1", "Ana Ruiz", tags=["claim"], data={"speaker": "Ana Ruiz"}, updated=T2)
    _library(tmp_path / "mine", mine).close()
    theirs_ann = replace(mine, tags=["claim", "doubt"], data={"speaker": "the mayor"}, updated=T1)
    _library(tmp_path / "ines", theirs_ann).close()
    theirs = _export(tmp_path / "ines", fmt, tmp_path / f"ines.{fmt}")
    capsys.readouterr()
    out = _import(capsys, tmp_path / "mine", theirs)
    assert out[0].startswith("0 added, 0 merged")
    assert "(1 older than the library's copy, which was kept)" in out[0]
    assert _stored(tmp_path / "mine")["x1"] == mine


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_newer_copy_adds_its_tags_and_wins_the_data_both_hold(capsys, tmp_path, fmt):
    mine = _at("x1", "Ana Ruiz", tags=["claim"], data={"speaker": "the mayor", "k": 1})
    _library(tmp_path / "mine", mine).close()
    newer = replace(mine, tags=["doubt"], data={"speaker": "Ana Ruiz"}, updated=T1)
    _library(tmp_path / "ines", newer).close()
    theirs = _export(tmp_path / "ines", fmt, tmp_path / f"ines.{fmt}")
    capsys.readouterr()
    assert _import(capsys, tmp_path / "mine", theirs)[0].startswith("0 added, 1 merged")
    got = _stored(tmp_path / "mine")["x1"]
    assert got.tags == ["claim", "doubt"]
    assert got.data == {"speaker": "Ana Ruiz", "k": 1}
    assert got.updated == T1


def test_an_older_copy_with_a_new_note_merges_only_the_note():
    mine = _at("x1", "Ana Ruiz", tags=["claim"], note="", updated=T2)
    older = replace(mine, tags=["doubt"], note="ines wrote this", updated=T1)
    merge = merge_copies(mine, older)
    assert merge.kept_newer and merge.result is not None
    assert merge.result.tags == ["claim"] and merge.result.note == "ines wrote this"
    assert merge.result.updated == T2


def test_copies_of_the_same_age_lose_nothing_of_either():
    mine = _at("x1", "Ana Ruiz", tags=["a"], data={"k": 1}, annotator="")
    same_age = replace(mine, tags=["b"], data={"k": 2, "j": 3}, annotator="ines")
    result = merge_copies(mine, same_age).result
    assert result is not None
    assert result.tags == ["a", "b"] and result.data == {"k": 1, "j": 3}
    assert result.annotator == "ines"  # the library's named nobody


# -- deleted on one side --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_annotation_deleted_in_the_library_is_not_brought_back_by_an_older_copy(
    capsys, tmp_path, fmt
):
    gone = _at("x1", "Ana Ruiz", tags=["claim"])
    library = _library(tmp_path / "mine", gone, _at("x2", "in May", tags=["claim"]))
    theirs = _export(tmp_path / "mine", fmt, tmp_path / f"before.{fmt}")
    apply_edits(library, History(library), BRIDGE.id, "delete", [(gone, None)])
    library.close()
    capsys.readouterr()
    out = _import(capsys, tmp_path / "mine", theirs)
    assert "1 deleted in the library since" in out[0]
    assert set(_stored(tmp_path / "mine")) == {"x2"}
    # A copy changed after the deletion is the newer state: it comes back.
    _library(
        tmp_path / "ines", replace(gone, note="still matters", updated="2999-01-01T00:00:00+00:00")
    )
    later = _export(tmp_path / "ines", fmt, tmp_path / f"later.{fmt}")
    capsys.readouterr()
    assert _import(capsys, tmp_path / "mine", later)[0].startswith("1 added")
    assert _stored(tmp_path / "mine")["x1"].note == "still matters"
    assert Library(tmp_path / "mine").deleted_annotations(BRIDGE.id) == {}


def test_a_deletion_undone_then_redone_is_remembered_again(capsys, tmp_path):
    gone = _at("x1", "Ana Ruiz", tags=["claim"])
    library = _library(tmp_path / "mine", gone)
    theirs = _export(tmp_path / "mine", "json", tmp_path / "before.json")
    history = History(library)
    apply_edits(library, history, BRIDGE.id, "delete", [(gone, None)])
    history.undo()
    assert library.deleted_annotations(BRIDGE.id) == {}
    history.redo()
    assert set(library.deleted_annotations(BRIDGE.id)) == {"x1"}
    library.close()
    capsys.readouterr()
    out = _import(capsys, tmp_path / "mine", theirs)
    assert "1 deleted in the library since" in out[0]
    assert _stored(tmp_path / "mine") == {}


def test_undoing_an_import_does_not_keep_the_file_out(capsys, tmp_path):
    _library(tmp_path / "ines", _at("x1", "Ana Ruiz", tags=["claim"]))
    theirs = _export(tmp_path / "ines", "jsonl", tmp_path / "ines.jsonl")
    library = _library(tmp_path / "mine")
    files = [read_annotation_file(theirs)]
    history = History(library)
    assert import_annotations(library, files, history).added == 1
    history.undo()
    assert library.deleted_annotations(BRIDGE.id) == {}
    assert import_annotations(library, files, history).added == 1


def test_the_default_annotator_does_not_name_a_library_annotation_that_names_nobody(tmp_path):
    legacy = _at("x1", "Ana Ruiz", tags=["a"], annotator="")
    library = _library(tmp_path / "mine", legacy)
    _library(tmp_path / "ines", replace(legacy, tags=["b"], updated=T1)).close()
    theirs = read_annotation_file(_export(tmp_path / "ines", "jsonl", tmp_path / "ines.jsonl"))
    assert import_annotations(library, [theirs], default_annotator="kwame").merged == 1
    [got] = library.annotations(BRIDGE.id)
    assert got.tags == ["a", "b"] and got.annotator == ""
