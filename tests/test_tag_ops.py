"""Library-wide tag operations and their undo through History."""

from __future__ import annotations

import pytest

from storage.history import History
from storage.library import Library, LibraryError
from storage.tag_ops import (
    TagExistsError,
    delete_tag,
    describe_tag,
    merge_tags,
    preview_delete,
    recolour_tag,
    record_op,
    rename_tag,
    set_tag_key,
    tag_usage,
)
from tests.pilot_helpers import tagged_library


@pytest.fixture
def lib(tmp_path) -> Library:
    return tagged_library(tmp_path / "lib")


def _all_tags(library: Library) -> dict[str, list[str]]:
    return {
        a.id: a.tags
        for article_id in ("harbour01", "second002")
        for a in Library(library.root).annotations(article_id)
    }


def test_usage_counts_every_tag(lib):
    lib.ensure_tag("unused")
    assert tag_usage(lib) == {"verify": 3, "follow-up": 2, "quote": 0, "unused": 0}


def test_rename_to_new_name_keeps_colour_and_key(lib):
    set_tag_key(lib, "verify", "3")
    colour = lib.get_tag("verify").color
    result = rename_tag(lib, "verify", "check")
    assert result.annotations_changed == 3
    assert _all_tags(lib) == {
        "a1": ["check"],
        "a2": ["check", "follow-up"],
        "a3": ["follow-up"],
        "b1": ["check"],
    }
    tag = Library(lib.root).get_tag("check")
    assert (tag.color, tag.key) == (colour, "3")
    assert Library(lib.root).get_tag("verify") is None


def test_merge_never_duplicates_a_tag(lib):
    result = merge_tags(lib, "verify", "follow-up")
    assert result.label.startswith("merge")
    assert result.annotations_changed == 3
    assert _all_tags(lib) == {
        "a1": ["follow-up"],
        "a2": ["follow-up"],
        "a3": ["follow-up"],
        "b1": ["follow-up"],
    }
    assert [t.name for t in Library(lib.root).tags()] == ["follow-up", "quote"]


def test_rename_onto_existing_is_a_merge(lib):
    result = rename_tag(lib, "quote", "verify")
    assert result.annotations_changed == 0
    assert [t.name for t in lib.tags()] == ["follow-up", "verify"]


def test_a_rename_onto_a_case_variant_asks_first_but_a_change_of_case_does_not(lib):
    # "Verify" beside "verify" would be two tags that the picker and tag:
    # search show as one: renaming onto it is a merge, and merges are asked.
    with pytest.raises(TagExistsError) as found:
        rename_tag(lib, "quote", "VERIFY", merge=False)
    assert (found.value.source, found.value.target) == ("quote", "verify")
    assert [t.name for t in Library(lib.root).tags()] == ["follow-up", "quote", "verify"]

    result = rename_tag(lib, "verify", "Verify", merge=False)
    assert result.annotations_changed == 3
    assert sorted(t.name for t in Library(lib.root).tags()) == ["Verify", "follow-up", "quote"]


def test_delete_removes_tag_and_empty_annotations(lib):
    assert preview_delete(lib, "verify").changed == 3
    assert preview_delete(lib, "verify").deleted == 2
    result = delete_tag(lib, "verify")
    assert (result.annotations_changed, result.annotations_deleted) == (3, 2)
    assert _all_tags(lib) == {"a2": ["follow-up"], "a3": ["follow-up"]}
    assert "verify" not in [t.name for t in lib.tags()]


def test_delete_keeps_annotation_with_a_note(lib):
    result = delete_tag(lib, "follow-up")
    assert result.annotations_deleted == 0
    assert _all_tags(lib)["a3"] == []


def test_set_key_takes_it_from_another_tag(lib):
    set_tag_key(lib, "verify", "1")
    result = set_tag_key(lib, "quote", "1")
    assert {t.name: t.key for t in lib.tags()} == {"follow-up": "", "quote": "1", "verify": ""}
    assert {t.name for t in result.tags_before} == {"quote", "verify"}
    # Said: verify's 1 stops working in the reader.
    assert result.label == "set key 1 for tag 'quote' (taken from 'verify')"
    assert set_tag_key(lib, "quote", "").label == "set key none for tag 'quote'"
    assert lib.get_tag("quote").key == ""
    with pytest.raises(LibraryError):
        set_tag_key(lib, "quote", "0")


def test_recolour_and_unknown_tag(lib):
    recolour_tag(lib, "quote", "#123456")
    assert lib.get_tag("quote").color == "#123456"
    with pytest.raises(LibraryError):
        recolour_tag(lib, "nope", "red")


def test_operation_writes_each_shard_once(lib, monkeypatch):
    from storage import atomic

    writes: list[str] = []
    real = atomic.atomic_write_bytes

    def counting(path, data, tmp_dir=None, sync=True):
        writes.append(path.name)
        real(path, data, tmp_dir, sync)

    monkeypatch.setattr("storage.txn.atomic_write_bytes", counting)
    merge_tags(lib, "verify", "follow-up")
    # Several files change, so the transaction's journal is written first; the
    # index's spans file (derived, storage.index_spans) follows the commit.
    assert sorted(writes) == [
        "harbour01.json",
        "journal.json",
        "library-spans.json",
        "library.json",
        "second002.json",
    ]


@pytest.mark.parametrize(
    "op",
    [
        lambda lib: merge_tags(lib, "verify", "follow-up"),
        lambda lib: rename_tag(lib, "verify", "check"),
        lambda lib: delete_tag(lib, "verify"),
        lambda lib: set_tag_key(lib, "quote", "2"),
        lambda lib: recolour_tag(lib, "verify", "red"),
    ],
)
def test_every_operation_undoes_and_redoes(lib, op):
    set_tag_key(lib, "verify", "2")
    history = History(lib)
    before_anns, before_tags = _all_tags(lib), lib.tags()
    record_op(history, op(lib))
    after_anns, after_tags = _all_tags(lib), lib.tags()
    assert (after_anns, after_tags) != (before_anns, before_tags)

    fresh = History(Library(lib.root))
    fresh.undo()
    assert _all_tags(lib) == before_anns
    assert Library(lib.root).tags() == before_tags
    fresh.redo()
    assert _all_tags(lib) == after_anns
    assert Library(lib.root).tags() == after_tags


def test_describe_and_undo(lib):
    history = History(lib)
    record_op(history, describe_tag(lib, "quote", "  direct   speech "))
    assert lib.get_tag("quote").description == "direct speech"
    history.undo()
    assert lib.get_tag("quote").description == ""


def _another_annotator_tags(root, ann_id: str, tag: str, article_id: str = "second002") -> None:
    # Another process: its own Library on the same folder.
    from newsread.model import Annotation

    Library(root).save_annotation(
        Annotation(
            id=ann_id,
            article_id=article_id,
            start=0,
            end=4,
            quote="Only",
            tags=[tag],
            annotator="bob",
        )
    )


def test_delete_refuses_when_the_tag_gained_uses_since_the_preview(lib):
    from storage.tag_ops import TagUsesChangedError

    asked = preview_delete(lib, "verify")
    _another_annotator_tags(lib.root, "bob1", "verify")
    before = _all_tags(lib)
    with pytest.raises(TagUsesChangedError) as found:
        delete_tag(lib, "verify", expected=asked)
    assert (found.value.now.changed, found.value.now.deleted) == (4, 3)
    assert ("second002", "bob1") in found.value.now.ids
    assert _all_tags(lib) == before
    assert "verify" in [t.name for t in Library(lib.root).tags()]
    # Asked again with the figures as they are, the delete goes ahead.
    result = delete_tag(lib, "verify", expected=found.value.now)
    assert result.annotations_deleted == 3


def test_delete_refuses_when_the_same_count_is_other_annotations(lib):
    from storage.tag_ops import TagUsesChangedError

    asked = preview_delete(lib, "verify")
    fresh = Library(lib.root)
    fresh.apply_annotation_changes("harbour01", save=[], delete=["a1"])
    _another_annotator_tags(lib.root, "bob1", "verify")
    assert preview_delete(lib, "verify").changed == asked.changed
    with pytest.raises(TagUsesChangedError):
        delete_tag(lib, "verify", expected=asked)
    assert "bob1" in _all_tags(lib)


def test_delete_refuses_when_a_note_now_keeps_an_annotation(lib):
    from dataclasses import replace

    from storage.tag_ops import TagUsesChangedError

    asked = preview_delete(lib, "verify")
    fresh = Library(lib.root)
    a1 = next(a for a in fresh.annotations("harbour01") if a.id == "a1")
    fresh.apply_annotation_changes("harbour01", save=[replace(a1, note="keep me")], delete=[])
    with pytest.raises(TagUsesChangedError) as found:
        delete_tag(lib, "verify", expected=asked)
    assert found.value.now.deleted == 1


def test_merge_refuses_when_the_source_gained_uses_since_the_question(lib):
    from storage.tag_ops import TagUsesChangedError

    asked = preview_delete(lib, "verify")
    _another_annotator_tags(lib.root, "bob1", "verify")
    before = _all_tags(lib)
    with pytest.raises(TagUsesChangedError):
        merge_tags(lib, "verify", "follow-up", expected=asked)
    assert _all_tags(lib) == before
    result = merge_tags(lib, "verify", "follow-up", expected=preview_delete(lib, "verify"))
    assert result.annotations_changed == 4
