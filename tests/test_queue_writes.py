"""What the queue's u takes back once another screen undid the accept: nothing,
and it says so (it said "undid the accept" though the journal did not change)."""

from __future__ import annotations

from types import SimpleNamespace

from newsread.model import new_annotation
from storage.edits import apply_edits
from storage.history import History
from storage.library import Library
from tests.pilot_helpers import BODY, make_library
from tui.models.queue import Decision
from tui.models.queue_writes import accept_on_disk, take_back_accept


def _accepted(root, tags_before: list[str] | None) -> tuple[Library, History, Decision]:
    library = make_library(root)
    article = library.get_article("harbour01")
    at = BODY.index("Mara Quist")
    span = (at, at + len("Mara Quist"))
    if tags_before is not None:
        library.save_annotation(new_annotation(article, *span, tags_before))
    history = History(library)
    made = new_annotation(article, *span, ["PERSON"])
    result = apply_edits(library, history, "harbour01", "accepted", [(None, made)])
    item = SimpleNamespace(article=article, kind="entity", label="PERSON")
    return library, history, Decision("accept", 0, item, made, result.group)  # type: ignore[arg-type]


def test_an_accept_undone_elsewhere_is_not_taken_back_again(tmp_path):
    for tags_before in (None, ["source"]):
        library, history, decision = _accepted(tmp_path / str(tags_before), tags_before)
        assert accept_on_disk(library, decision)
        assert history.undo() is not None  # u in the annotations list
        stored = library.annotations("harbour01")
        seq = History(library).next_seq()
        assert not accept_on_disk(library, decision), tags_before
        assert take_back_accept(library, History(library), decision) is False
        assert library.annotations("harbour01") == stored
        assert History(library).next_seq() == seq and History(library).can_redo()
