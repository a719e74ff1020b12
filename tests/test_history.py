"""The undo/redo journal: create/edit/delete round trips, redo tail, persistence, bound."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsread.model import Annotation, Tag
from storage.history import Change, History
from storage.library import Library
from tests.pilot_helpers import make_library


def _ann(ann_id: str, tags: list[str], article_id: str = "harbour01", note: str = "") -> Annotation:
    return Annotation(
        id=ann_id, article_id=article_id, start=0, end=3, quote="The", tags=tags, note=note
    )


@pytest.fixture
def lib(tmp_path) -> Library:
    return make_library(tmp_path / "lib")


def _tags_of(library: Library, article_id: str = "harbour01") -> dict[str, list[str]]:
    return {a.id: a.tags for a in library.annotations(article_id)}


def test_undo_redo_create_edit_delete(lib):
    history = History(lib)
    assert not history.can_undo() and not history.can_redo()
    assert history.undo() is None and history.redo() is None

    a = _ann("a1", ["x"])
    lib.save_annotation(a)
    history.record("tag", [Change("harbour01", None, a)])
    edited = replace(a, tags=["x", "y"], note="check")
    lib.save_annotation(edited)
    history.record("edit", [Change("harbour01", a, edited)])
    lib.delete_annotation("harbour01", "a1")
    history.record("delete", [Change("harbour01", edited, None)])
    assert _tags_of(lib) == {}

    assert history.undo().label == "delete"
    assert _tags_of(lib) == {"a1": ["x", "y"]}
    assert history.undo().label == "edit"
    assert _tags_of(lib) == {"a1": ["x"]}
    assert history.undo().label == "tag"
    assert _tags_of(lib) == {}
    assert not history.can_undo() and history.can_redo()

    assert history.redo().label == "tag"
    assert _tags_of(lib) == {"a1": ["x"]}
    assert history.redo().label == "edit"
    assert lib.annotations("harbour01")[0].note == "check"
    assert history.redo().label == "delete"
    assert _tags_of(lib) == {}
    assert history.redo() is None


def test_new_change_after_undo_drops_redo_tail(lib):
    history = History(lib)
    a, b = _ann("a1", ["x"]), _ann("b1", ["y"])
    lib.save_annotation(a)
    history.record("first", [Change("harbour01", None, a)])
    lib.save_annotation(b)
    history.record("second", [Change("harbour01", None, b)])
    history.undo()
    assert history.peek_redo() == "second"
    c = _ann("c1", ["z"])
    lib.save_annotation(c)
    history.record("third", [Change("harbour01", None, c)])
    assert not history.can_redo()
    assert len(history) == 2
    assert history.undo().label == "third"
    assert history.undo().label == "first"
    assert history.undo() is None


def test_group_spanning_articles_and_tags(lib):
    history = History(lib)
    a = _ann("a1", ["old"])
    b = _ann("b1", ["old"], article_id="second002")
    lib.ensure_tag("old")
    lib.save_annotation(a)
    lib.save_annotation(b)
    old = lib.get_tag("old")
    new = Tag("new", color=old.color)
    a2, b2 = replace(a, tags=["new"]), replace(b, tags=["new"])
    lib.apply_annotation_changes("harbour01", save=[a2])
    lib.apply_annotation_changes("second002", save=[b2])
    lib.apply_tag_changes(save=[new], delete=["old"])
    history.record(
        "rename",
        [Change("harbour01", a, a2), Change("second002", b, b2)],
        tags_before=[old],
        tags_after=[new],
    )
    group = history.undo()
    assert group.article_ids == ["harbour01", "second002"]
    assert _tags_of(lib) == {"a1": ["old"]}
    assert _tags_of(lib, "second002") == {"b1": ["old"]}
    assert [t.name for t in lib.tags()] == ["old"]
    history.redo()
    assert [t.name for t in lib.tags()] == ["new"]
    assert _tags_of(lib, "second002") == {"b1": ["new"]}


def test_history_persists_across_restarts(tmp_path):
    root = tmp_path / "lib"
    lib = make_library(root)
    history = History(lib)
    a = _ann("a1", ["x"])
    lib.save_annotation(a)
    history.record("tag", [Change("harbour01", None, a)])
    history.close()
    lib.close()

    lib2 = Library(root)
    history2 = History(lib2)
    assert history2.peek_undo() == "tag"
    history2.undo()
    assert Library(root).annotations("harbour01") == []
    # A third process sees the undone group waiting to be redone.
    history3 = History(Library(root))
    assert history3.can_redo() and not history3.can_undo()
    history3.redo()
    assert [x.id for x in Library(root).annotations("harbour01")] == ["a1"]


def test_two_history_objects_share_the_journal(lib):
    one, two = History(lib), History(lib)
    a = _ann("a1", ["x"])
    lib.save_annotation(a)
    one.record("tag", [Change("harbour01", None, a)])
    assert two.undo().label == "tag"
    assert not one.can_undo()


def test_history_is_bounded(lib):
    history = History(lib, max_groups=5)
    for i in range(8):
        a = _ann(f"a{i}", ["x"])
        lib.save_annotation(a)
        history.record(f"g{i}", [Change("harbour01", None, a)])
    assert len(history) == 5
    undone = []
    while (group := history.undo()) is not None:
        undone.append(group.label)
    assert undone == ["g7", "g6", "g5", "g4", "g3"]
    # The groups that fell off the end stay applied.
    assert sorted(_tags_of(lib)) == ["a0", "a1", "a2"]


def test_empty_change_is_not_recorded(lib):
    history = History(lib)
    a = _ann("a1", ["x"])
    assert history.record("nothing", [Change("harbour01", a, a)]) is None
    assert not history.can_undo()


def test_undo_is_idempotent_if_cursor_write_was_lost(lib):
    """Applying a group's before-states twice (a crash between library write and
    cursor write) leaves the same library."""
    history = History(lib)
    a = _ann("a1", ["x"])
    lib.save_annotation(a)
    history.record("tag", [Change("harbour01", None, a)])
    group = history.undo()
    history._apply(group, forward=False)
    assert _tags_of(lib) == {}


def test_undo_and_redo_within_an_article_leave_a_change_elsewhere(lib):
    from storage.history import OutOfSight

    history = History(lib)
    here, there = _ann("a1", ["x"]), _ann("b1", ["y"], article_id="second002")
    lib.save_annotation(here)
    history.record("tag x", [Change("harbour01", None, here)])
    lib.save_annotation(there)
    history.record("tag y", [Change("second002", None, there)])

    # The last change is in the other article: nothing is undone, and it says which.
    with pytest.raises(OutOfSight) as away:
        history.undo(within="harbour01")
    assert away.value.group.label == "tag y" and away.value.group.article_ids == ["second002"]
    assert _tags_of(lib) == {"a1": ["x"]} and _tags_of(lib, "second002") == {"b1": ["y"]}
    assert history.can_undo() and not history.can_redo()

    # In its own article it is undone; a redo from the first article is refused too.
    assert history.undo(within="second002").label == "tag y"
    assert _tags_of(lib, "second002") == {}
    with pytest.raises(OutOfSight):
        history.redo(within="harbour01")
    assert _tags_of(lib, "second002") == {}
    assert history.redo(within="second002").label == "tag y"
    assert _tags_of(lib, "second002") == {"b1": ["y"]}


def test_a_change_to_the_tags_alone_is_out_of_sight_of_every_article(lib):
    from storage.history import OutOfSight

    history = History(lib)
    before = lib.ensure_tag("x")
    after = replace(before, color="red" if before.color != "red" else "blue")
    lib.apply_tag_changes(save=[after])
    history.record("colour x", [], [before], [after])
    with pytest.raises(OutOfSight):
        history.undo(within="harbour01")
    assert lib.get_tag("x").color == after.color
    assert history.undo().label == "colour x"
    assert lib.get_tag("x").color == before.color


def test_a_tag_deleted_from_this_article_alone_is_out_of_sight_of_it(lib):
    # Its changes are all this article's, but it is the tag manager's step.
    from storage.history import ELSEWHERE, OutOfSight
    from storage.tag_ops import delete_tag, record_op

    history = History(lib)
    lib.ensure_tag("only-here")
    lib.save_annotation(_ann("a1", ["only-here", "keep"]))
    record_op(history, delete_tag(lib, "only-here"))
    with pytest.raises(OutOfSight) as away:
        history.undo(within="harbour01")
    assert away.value.reason == ELSEWHERE and away.value.group.changes_tags
    assert _tags_of(lib) == {"a1": ["keep"]}
    assert history.undo().label == "delete tag 'only-here'"
    assert _tags_of(lib) == {"a1": ["only-here", "keep"]}
    with pytest.raises(OutOfSight):
        history.redo(within="harbour01")
    assert _tags_of(lib) == {"a1": ["only-here", "keep"]}
    assert history.redo().label == "delete tag 'only-here'"


def test_own_annotation_writes_are_known_by_their_stamp(tmp_path):
    # One app's screens share its Library: a file as it last wrote it is its own.
    root = tmp_path / "lib"
    mine = make_library(root)
    mine.save_annotation(_ann("a1", ["x"]))
    assert mine.wrote_annotations("harbour01", mine.annotations_stamp("harbour01"))
    other = Library(root)
    other.save_annotation(_ann("a2", ["y"]))
    assert not mine.wrote_annotations("harbour01", mine.annotations_stamp("harbour01"))
    assert not mine.wrote_annotations("second002", mine.annotations_stamp("second002"))


def test_within_an_article_a_group_touching_another_article_too_is_out_of_sight(lib):
    from storage.history import ELSEWHERE, OutOfSight

    history = History(lib)
    here, there = _ann("a1", ["x"]), _ann("b1", ["x"], article_id="second002")
    lib.save_annotation(here)
    lib.save_annotation(there)
    history.record("import", [Change("harbour01", None, here), Change("second002", None, there)])
    with pytest.raises(OutOfSight) as away:
        history.undo(within="harbour01")
    assert away.value.reason == ELSEWHERE and away.value.within == "harbour01"
    assert _tags_of(lib) == {"a1": ["x"]} and _tags_of(lib, "second002") == {"b1": ["x"]}
    assert history.undo().label == "import"


def test_within_an_article_another_processs_step_since_it_opened_is_out_of_sight(lib):
    from storage.history import ANOTHER_PROCESS, OutOfSight

    earlier = History(lib)
    mine = _ann("a1", ["x"])
    lib.save_annotation(mine)
    earlier.record("earlier session", [Change("harbour01", None, mine)])
    reader = History(lib)  # opened now: the app with its reader
    cli = History(lib)
    theirs = _ann("a2", ["y"])
    lib.save_annotation(theirs)
    cli.record("from the cli", [Change("harbour01", None, theirs)])
    with pytest.raises(OutOfSight) as away:
        reader.undo(within="harbour01", annotator="")
    assert away.value.reason == ANOTHER_PROCESS
    assert set(_tags_of(lib)) == {"a1", "a2"}
    # Its own process undoes it; then a step of an earlier session is the reader's.
    assert cli.undo(within="harbour01").label == "from the cli"
    assert reader.undo(within="harbour01", annotator="").label == "earlier session"
    assert _tags_of(lib) == {}


def test_within_an_article_another_annotators_step_of_another_run_is_out_of_sight(lib):
    from storage.history import ANOTHER_ANNOTATOR, OutOfSight

    imported = History(lib)
    yves = replace(_ann("a1", ["y"]), annotator="yves")
    lib.save_annotation(yves)
    imported.record("imported", [Change("harbour01", None, yves)])
    reader = History(lib)
    with pytest.raises(OutOfSight) as away:
        reader.undo(within="harbour01", annotator="x")
    assert away.value.reason == ANOTHER_ANNOTATOR and away.value.who == ["yves"]
    assert _tags_of(lib) == {"a1": ["y"]}
    # Deleting yves's annotation in this run is this run's own step: undone.
    lib.delete_annotation("harbour01", "a1")
    reader.record("deleted", [Change("harbour01", yves, None)])
    assert reader.undo(within="harbour01", annotator="x").label == "deleted"
    assert _tags_of(lib) == {"a1": ["y"]}


def test_a_step_on_a_removed_article_says_what_it_left_out(lib):
    # The step still leaves the journal (it is taken), but the caller learns
    # that nothing of it could be put back, so it never claims "undid" alone.
    history = History(lib)
    here = _ann("a1", ["x"])
    there = _ann("b1", ["y"], article_id="second002")
    lib.save_annotation(here)
    lib.save_annotation(there)
    history.record("tag both", [Change("harbour01", None, here), Change("second002", None, there)])
    lib.delete_articles(["second002"])

    group = history.undo()
    assert (group.label, group.skipped, len(group.changes)) == ("tag both", 1, 2)
    assert _tags_of(lib) == {}
    group = history.redo()
    assert group.skipped == 1
    assert _tags_of(lib) == {"a1": ["x"]}

    lib.delete_articles(["harbour01"])
    assert history.undo().skipped == 2
    assert not history.can_undo()


def test_the_words_for_a_step_say_what_was_left_out():
    from tui.wording import step_taken

    assert step_taken("undid", "tagged x", 2, 0) == "undid: tagged x"
    assert step_taken("undid", "tagged x", 1, 1) == (
        "nothing to undo in “tagged x”: its article was removed since (the step is passed)"
    )
    assert step_taken("redid", "tagged x", 5, 2) == (
        "redid: tagged x · 2 of its 5 changes left out: their articles were removed"
    )


def test_a_step_undone_by_another_history_is_known_as_undone_elsewhere(lib):
    """A reader promised u takes back its delete; another process undid that
    delete: the last done step is now the tag before it, which is not what
    was promised, and is not another process's (so nothing else refuses it)."""
    mine, theirs = History(lib), History(lib)
    a = _ann("a1", ["source"])
    lib.save_annotation(a)
    tagged = mine.record("tagged", [Change("harbour01", None, a)])
    lib.delete_annotation("harbour01", "a1")
    deleted = mine.record("deleted", [Change("harbour01", a, None)])
    assert not mine.undone_elsewhere(deleted)
    assert mine.refusal(tagged, "harbour01") is None
    assert theirs.undo().label == "deleted"
    assert mine.undone_elsewhere(deleted)
    assert not mine.undone_elsewhere(tagged)
    # A step of theirs on top is newer: refused for its own reason, not this one.
    b = _ann("b1", ["other"])
    lib.save_annotation(b)
    newer = theirs.record("theirs", [Change("harbour01", None, b)])
    assert not mine.undone_elsewhere(deleted)
    assert mine.refusal(newer, "harbour01") is not None
    # Everything undone: nothing is left before the promised step.
    theirs.undo(), theirs.undo()
    assert mine.undone_elsewhere(tagged)
    assert not mine.undone_elsewhere(None)
