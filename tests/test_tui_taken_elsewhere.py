"""An open reader says what a change made elsewhere took of its annotator's
tags, and who took them when the journal's last step says so: it said only
"annotations changed elsewhere" when a colleague's undo removed one's tag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage.edits import tag_quote
from storage.history import REDID, UNDID, History
from storage.library import Library
from storage.tag_ops import record_op, rename_tag
from tests.pilot_helpers import SIZE, app_as, make_library, open_first_reader, wait_until


def tag_as(root: Path, annotator: str, quote: str, tag: str) -> None:
    library = Library(root)
    tag_quote(
        library, History(library, by=annotator), "harbour01", quote, [tag], annotator=annotator
    )


def test_the_journal_keeps_who_took_its_last_step(tmp_path):
    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "kwame", "The harbour board", "claim")
    library = Library(root)
    last = History(library).last_step()
    assert last is not None and (last.did, last.by) == ("recorded", "kwame")
    History(library, by="bo").undo()
    last = History(library).last_step()
    assert last is not None and (last.did, last.by, last.group.label) == (
        UNDID,
        "bo",
        "tagged [claim]",
    )
    [ann_id] = [c.after.id for c in last.group.changes if c.after is not None]
    assert last.leaves("harbour01", ann_id) == (True, None)
    History(library, by="lena").redo()
    last = History(library).last_step()
    assert last is not None and (last.did, last.by) == (REDID, "lena")
    changed, left = last.leaves("harbour01", ann_id)
    assert changed and left is not None and left.tags == ["claim"]


async def test_a_colleagues_undo_of_ones_tag_is_named_in_the_open_reader(tmp_path, pipeline):
    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "kwame", "The harbour board", "claim")
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: len(reader.model.annotations) == 1)
        # Bo's u in the annotations list of another window.
        History(Library(root), by="bo").undo()
        await wait_until(pilot, lambda: reader.model.annotations == [])
        said = reader.message
    assert said.startswith("bo removed 'claim' from “The harbour board” (undid: tagged [claim])")


async def test_a_colleagues_rename_of_ones_tag_is_named(tmp_path, pipeline):
    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "kwame", "The harbour board", "claim")
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: len(reader.model.annotations) == 1)
        library = Library(root)
        with library.transaction():
            record_op(History(library, by="bo"), rename_tag(library, "claim", "verified"))
        await wait_until(
            pilot, lambda: [a.tags for a in reader.model.annotations] == [["verified"]]
        )
        said = reader.message
    assert said.startswith("bo changed 'claim' to 'verified' on “The harbour board”")


async def test_a_change_the_journal_does_not_name_is_said_as_elsewhere(tmp_path, pipeline):
    # A step taken by a History that names nobody (an older newsread), or a
    # later change than the journal's last step: what was taken, not who.
    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "kwame", "The harbour board", "claim")
    tag_as(root, "kwame", "Dock workers", "verify")
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: len(reader.model.annotations) == 2)
        History(Library(root)).undo()
        await wait_until(pilot, lambda: len(reader.model.annotations) == 1)
        said = reader.message
    assert said.startswith(
        "removed 'verify' from “Dock workers” elsewhere (another window or the command line)"
    )


def _newer_copy_without_tag(root: Path, tmp_path: Path, tags: list[str]) -> Path:
    """Kwame's annotation as a teammate's later copy has it: ``tags`` too."""
    from tui.cli import main

    out = tmp_path / "copy.json"
    assert main(["export", "--library", str(root), "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    for record in document["annotations"]:
        record["tags"] = tags
        record["updated"] = "2099-01-01T00:00:00+00:00"
    out.write_text(json.dumps(document), encoding="utf-8")
    return out


def _import_as(root: Path, tmp_path: Path, who: str, copy: Path, *more: str) -> None:
    """``newsread import-annotations`` run by ``who`` (their config names them)."""
    from tui.cli import main

    config = tmp_path / f"{who}.toml"
    config.write_text(f'annotator = "{who}"\n', encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSREAD_CONFIG", str(config))
        assert main(["import-annotations", "--library", str(root), str(copy), *more]) == 0


def test_an_import_is_journaled_as_the_importing_users_step(tmp_path):
    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "kwame", "The harbour board", "claim")
    copy = _newer_copy_without_tag(root, tmp_path, ["verify"])
    _import_as(root, tmp_path, "bo", copy)
    last = History(Library(root)).last_step()
    assert last is not None
    assert (last.did, last.by, last.group.label) == (
        "recorded",
        "bo",
        "imported annotations from copy.json",
    )


def test_annotator_credits_the_files_annotations_not_the_step(tmp_path):
    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "kwame", "The harbour board", "claim")
    copy = _newer_copy_without_tag(root, tmp_path, ["verify"])
    _import_as(root, tmp_path, "bo", copy, "--annotator", "lena")
    last = History(Library(root)).last_step()
    assert last is not None and last.by == "bo"


def test_names_are_bounded():
    from tui.models.taken_tags import named_with_others

    assert named_with_others(["ana"]) == "ana"
    assert named_with_others(["ana", "bo"]) == "ana and bo"
    assert named_with_others(["ana", "bo", "lena"]) == "ana and 2 others"
    assert named_with_others(["ana"], unnamed=1) == "ana and 1 other"


def test_the_journal_numbers_its_latest_steps(tmp_path):
    root = tmp_path / "lib"
    make_library(root)
    library = Library(root)
    history = History(library)
    assert history.step_mark() == 0 and history.steps_since(0) == []
    tag_as(root, "kwame", "The harbour board", "claim")
    mark = history.step_mark()
    History(library, by="ana").undo()
    History(library, by="bo").redo()
    steps = history.steps_since(mark)
    assert [(s.did, s.by) for s in steps] == [(UNDID, "ana"), (REDID, "bo")]
    assert history.steps_since(history.step_mark()) == []


async def test_a_later_step_elsewhere_does_not_hide_who_took_ones_tag(tmp_path, pipeline):
    # The journal's latest step is bo's, on another article; ana's, just
    # before it in the same look, took kwame's tag: once said "elsewhere".
    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "kwame", "The harbour board", "claim")
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: len(reader.model.annotations) == 1)
        await wait_until(pilot, lambda: reader.steps_seen is not None)
        library = Library(root)
        with library.transaction():  # both land between two looks of the reader
            History(library, by="ana").undo()
            tag_quote(library, History(library, by="bo"), "second002", "Only one", ["note"])
        await wait_until(pilot, lambda: reader.model.annotations == [])
        said = reader.message
    assert said.startswith("ana removed 'claim' from “The harbour board” (undid: tagged [claim])")


async def test_several_teammates_steps_between_two_looks_are_named(tmp_path, pipeline):
    root = tmp_path / "lib"
    make_library(root)
    tag_as(root, "kwame", "The harbour board", "claim")
    tag_as(root, "kwame", "Dock workers", "verify")
    tag_as(root, "kwame", "Critics warned", "source")
    app = app_as("kwame", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: len(reader.model.annotations) == 3)
        await wait_until(pilot, lambda: reader.steps_seen is not None)
        library = Library(root)
        with library.transaction():
            History(library, by="ana").undo()  # "source" on Critics warned
            History(library, by="bo").undo()  # "verify" on Dock workers
        await wait_until(pilot, lambda: len(reader.model.annotations) == 1)
        two = reader.message
        with library.transaction():
            History(library, by="lena").redo()
            History(library, by="lena").redo()
        await wait_until(pilot, lambda: len(reader.model.annotations) == 3)
        with library.transaction():
            History(library, by="ana").undo()
            History(library, by="bo").undo()
            History(library, by="lena").undo()
        await wait_until(pilot, lambda: reader.model.annotations == [])
        three = reader.message
    assert two.startswith(
        "bo and ana removed 'verify' from “Dock workers” · and from 1 more of yours"
    ), two
    assert three.startswith(
        "lena and 2 others removed 'claim' from “The harbour board” · and from 2 more of yours"
    ), three


def test_a_step_over_many_annotations_keeps_none_of_them():
    from newsread.model import Annotation
    from storage.history import MAX_LEFT, Change, Group, Step

    def group(count: int) -> Group:
        changes = [
            Change("harbour01", None, Annotation(f"n{i}", "harbour01", 0, 3, "The", tags=["x"]))
            for i in range(count)
        ]
        return Group("imported annotations from big.json", changes)

    small = Step.of("recorded", group(MAX_LEFT), "bo")
    assert small.leaves_tags("harbour01", "n0") == (True, ["x"])
    assert Step.from_dict(small.to_dict(1)) == small
    undone = Step.of("undid", group(1), "bo")
    assert undone.leaves_tags("harbour01", "n0") == (True, None)
    big = Step.of("recorded", group(MAX_LEFT + 1), "bo")
    assert big.left is None and big.leaves_tags("harbour01", "n0") == (False, None)
