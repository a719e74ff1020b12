"""An edit to an annotation deleted meanwhile (another window, another
process) is refused, not saved as a new copy of what was deleted."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsread.model import Annotation
from storage.edits import apply_edits
from storage.errors import GoneAnnotationError
from storage.history import History
from tests.pilot_helpers import BODY, make_library


def test_a_note_on_an_annotation_deleted_meanwhile_is_refused(tmp_path):
    library = make_library(tmp_path / "lib")
    start = BODY.index("harbour board")
    ann = Annotation(
        id="a1",
        article_id="harbour01",
        start=start,
        end=start + len("harbour board"),
        quote="harbour board",
        tags=["check"],
    )
    library.save_annotation(ann)
    # The other window deletes it; this one still holds its copy and adds a note.
    apply_edits(library, History(library), "harbour01", "deleted [check]", [(ann, None)])
    with pytest.raises(GoneAnnotationError, match="deleted meanwhile"):
        apply_edits(
            library, History(library), "harbour01", "note saved", [(ann, replace(ann, note="x"))]
        )
    assert library.annotations("harbour01") == []


def _passage(library, tags=("check",)) -> Annotation:
    start = BODY.index("harbour board")
    ann = Annotation(
        id="a1",
        article_id="harbour01",
        start=start,
        end=start + len("harbour board"),
        quote="harbour board",
        tags=list(tags),
    )
    library.save_annotation(ann)
    return ann


def test_a_note_whose_annotation_was_deleted_is_saved_anew_on_its_words(tmp_path):
    from storage.edits import note_on_passage

    library = make_library(tmp_path / "lib")
    ann = _passage(library)
    apply_edits(library, History(library), "harbour01", "deleted [check]", [(ann, None)])
    history = History(library)
    result = note_on_passage(
        library, history, "harbour01", (ann.start, ann.end), ann.quote, "ask them", "alice"
    )
    (saved,) = library.annotations("harbour01")
    assert (saved.start, saved.end, saved.quote) == (ann.start, ann.end, "harbour board")
    assert (saved.note, saved.tags, saved.annotator) == ("ask them", [], "alice")
    assert saved.id != ann.id  # a new annotation, not the deleted one brought back
    assert saved.prefix and saved.suffix
    assert result.group is not None
    history.undo()
    assert library.annotations("harbour01") == []


def test_a_note_is_not_saved_on_words_that_are_gone(tmp_path):
    from storage.edits import note_on_passage
    from storage.errors import PassageGoneError

    library = make_library(tmp_path / "lib")
    ann = _passage(library)
    library.apply_annotation_changes("harbour01", save=[], delete=[ann.id])
    with pytest.raises(PassageGoneError, match="no longer in the article"):
        note_on_passage(library, None, "harbour01", (ann.start + 1, ann.end + 1), ann.quote, "x")
    with pytest.raises(PassageGoneError, match="removed"):
        note_on_passage(library, None, "nosuch", (ann.start, ann.end), ann.quote, "x")
    assert library.annotations("harbour01") == []
