"""A tag deleted in the tag manager leaves the ``updated`` of the annotations
it leaves alone and a tombstone (``Tag.deleted``) behind: a teammate's export
made before the deletion still adds the tags she added, and does not bring
the deleted tag back; two libraries, a real export and import-annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsread.annotations.copies import Renames
from newsread.model import Annotation, Tag
from newsread.stamps import moment
from storage.history import History
from storage.library import Library
from storage.tag_ops import delete_tag, record_op
from tests.export_sample import BRIDGE, BUDGET
from tui.cli import main

T0, T1, T2 = (f"2025-03-0{d}T12:00:00+00:00" for d in (1, 2, 3))


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


def _export(root: Path, target: Path, fmt: str = "json") -> Path:
    assert main(["export", "--format", fmt, "-o", str(target), "--library", str(root)]) == 0
    return target


def _import(capsys, root: Path, theirs: Path) -> list[str]:
    capsys.readouterr()
    assert main(["import-annotations", str(theirs), "--library", str(root)]) == 0
    return capsys.readouterr().out.splitlines()


def _tags(root: Path) -> dict[str, list[str]]:
    return {a.id: a.tags for a in Library(root).annotations(BRIDGE.id)}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "w3c"])
def test_a_teammates_tags_survive_a_deletion_made_after_her_export(capsys, tmp_path, fmt):
    mine = _library(tmp_path / "mine", _at("x1", "Ana Ruiz", tags=["person", "draft"]))
    # Ines had the annotation from an earlier exchange and added "source" at T1.
    _library(
        tmp_path / "ines", _at("x1", "Ana Ruiz", tags=["person", "draft", "source"], updated=T1)
    ).close()
    theirs = _export(tmp_path / "ines", tmp_path / f"ines.{fmt}", fmt)
    # Then, in my library, the tag manager deletes "draft".
    record_op(History(mine), delete_tag(mine, "draft"))
    assert mine.annotations(BRIDGE.id)[0].updated == T0
    assert [t.name for t in mine.deleted_tags()] == ["draft"]
    assert mine.get_tag("draft") is None
    mine.close()
    out = _import(capsys, tmp_path / "mine", theirs)
    assert out[0].startswith("0 added, 1 merged"), out
    # Her tag kept, the deleted one not back.
    assert _tags(tmp_path / "mine") == {"x1": ["person", "source"]}
    assert "  1 annotation made before the library deleted some of their tags: without them" in out
    assert {t.name for t in Library(tmp_path / "mine").tags()} == {"person", "source"}


def test_an_annotation_new_to_the_library_made_before_the_deletion_is_read_without_it(
    capsys, tmp_path
):
    mine = _library(tmp_path / "mine", _at("x1", "Ana Ruiz", tags=["draft", "person"]))
    _library(
        tmp_path / "ines",
        _at("y1", "in May", tags=["draft", "when"], annotator="ines", updated=T1),
        _at("y2", "Ana Ruiz", tags=["draft"], annotator="ines", updated=T1),
    ).close()
    theirs = _export(tmp_path / "ines", tmp_path / "ines.json")
    delete_tag(mine, "draft")
    mine.close()
    out = _import(capsys, tmp_path / "mine", theirs)
    # y2, left with no tag and no note, is the invisible mark a deletion removes.
    assert _tags(tmp_path / "mine") == {"x1": ["person"], "y1": ["when"]}
    assert out[0].startswith("1 added"), out


def test_a_copy_changed_after_the_deletion_brings_the_tag_back(capsys, tmp_path):
    mine = _library(tmp_path / "mine", _at("x1", "Ana Ruiz", tags=["person", "draft"]))
    delete_tag(mine, "draft")
    mine.close()
    later = "2999-01-01T00:00:00+00:00"
    _library(
        tmp_path / "ines", _at("x1", "Ana Ruiz", tags=["person", "draft"], updated=later)
    ).close()
    out = _import(capsys, tmp_path / "mine", _export(tmp_path / "ines", tmp_path / "i.json"))
    assert out[0].startswith("0 added, 1 merged"), out
    assert _tags(tmp_path / "mine") == {"x1": ["person", "draft"]}
    library = Library(tmp_path / "mine")
    # Made again, and its deletion still remembered: older copies stay without it.
    assert library.get_tag("draft") is not None
    assert [t.name for t in library.deleted_tags()] == ["draft"]


def test_a_deleted_name_made_again_keeps_older_copies_without_it(capsys, tmp_path):
    root = tmp_path / "mine"
    mine = _library(root, _at("x1", "Ana Ruiz", tags=["person"]), _at("x2", "in May", tags=[]))
    mine.close()
    # Kwame has both passages and tags them "dubious" before the library's deletion.
    kwame = tmp_path / "kwame"
    _library(
        kwame,
        _at("x1", "Ana Ruiz", tags=["person", "dubious"], updated=T1),
        _at("x2", "in May", tags=["dubious"], note="check the date", updated=T1),
    ).close()
    before = _export(kwame, tmp_path / "kwame-before.json")
    _import(capsys, root, before)
    assert _tags(root) == {"x1": ["person", "dubious"], "x2": ["dubious"]}
    mine = Library(root)
    record_op(History(mine), delete_tag(mine, "dubious"))
    mine.close()
    _import(capsys, root, before)
    assert _tags(root) == {"x1": ["person"], "x2": []}
    # The name made again, on other words.
    article = ["--library", str(root), "tag", BRIDGE.id]
    assert main([*article, "--quote", "budget", "--tag", "dubious"]) == 0
    _import(capsys, root, before)
    tags = _tags(root)
    assert tags.pop("x1") == ["person"] and tags.pop("x2") == []
    assert list(tags.values()) == [["dubious"]]
    # A copy Kwame changed after the name was made again keeps it.
    later = "2999-01-01T00:00:00+00:00"
    _library(
        tmp_path / "kwame2", _at("x2", "in May", tags=["dubious"], note="recheck", updated=later)
    ).close()
    _import(capsys, root, _export(tmp_path / "kwame2", tmp_path / "kwame-after.json"))
    assert _tags(root)["x2"] == ["dubious"]


def test_undo_forgets_the_deletion_and_redo_remembers_it(tmp_path):
    library = _library(tmp_path / "mine", _at("x1", "Ana Ruiz", tags=["person", "draft"]))
    before = library.get_tag("draft")
    history = History(library)
    record_op(history, delete_tag(library, "draft"))
    history.undo()
    assert library.get_tag("draft") == before and library.deleted_tags() == []
    assert library.annotations(BRIDGE.id)[0].tags == ["person", "draft"]
    history.redo()
    assert library.get_tag("draft") is None
    assert [t.name for t in library.deleted_tags()] == ["draft"]
    # The tombstone lives apart from the tags table, which nothing else sees it in.
    tables = json.loads((library.root / "library.json").read_text(encoding="utf-8"))
    assert [d["name"] for d in tables["tags"].values()] == ["person"]
    assert [d["name"] for d in tables["deleted_tags"].values()] == ["draft"]


def test_kept_leaves_out_only_names_deleted_after_the_copy():
    renames = Renames.of([], [Tag("draft", deleted=T1)])
    assert renames.kept(["draft", "x"], moment(T0)) == ["x"]
    assert renames.kept(["draft"], moment(T2)) == ["draft"]
    assert renames.kept(["draft"], None) == []
    assert "deleted" not in Tag("a").to_dict()
    assert Tag.from_dict({"name": "a", "deleted": 5}).deleted == ""


def test_a_copy_deleted_since_is_not_also_counted_as_read_without_a_deleted_tag(capsys, tmp_path):
    from storage.edits import apply_edits

    x2 = _at("x2", "bridge", tags=["draft"], note="ask the engineer")
    mine = _library(tmp_path / "mine", _at("x1", "Ana Ruiz", tags=["person", "draft"]), x2)
    theirs = _export(tmp_path / "mine", tmp_path / "before.json")
    apply_edits(mine, History(mine), BRIDGE.id, "delete", [(x2, None)])
    record_op(History(mine), delete_tag(mine, "draft"))
    mine.close()
    out = _import(capsys, tmp_path / "mine", theirs)
    assert "2 skipped (1 already in the library, 1 deleted in the library since)" in out[0], out
    # x1 was compared without "draft" (and so matched); x2 was left out whole,
    # said once, as deleted since.
    assert "  1 annotation made before the library deleted some of their tags: without them" in out
