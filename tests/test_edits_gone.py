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
