"""Annotators sharing a library, driven by Pilot: each one's suggestion queue
and rejections are their own, the reader applies the corrections of the
annotators it shows, the queue's undo tells the truth when there is nothing
left to take back, and the queue follows an article re-imported under it."""

from __future__ import annotations

from pathlib import Path

from newsread.model import Article, new_annotation
from storage.analyses import analysis_for
from storage.edits import apply_edits
from storage.history import History
from storage.library import Library
from tests.pilot_helpers import SIZE, app_as, open_first_reader, wait_until, wait_writes
from tests.test_tui_queue import analysed_library, open_queue, text_of
from tui.models.queue import QueueFilter, QueueItem, SuggestionQueue
from tui.models.queue_writes import save_accept

PERSON = QueueFilter(label="PERSON")


def accept_as(annotator: str, root: Path, item: QueueItem) -> None:
    """What another annotator's queue stores for ``a`` on ``item`` (another app)."""
    library = Library(root)
    queue = SuggestionQueue()
    queue.annotator = annotator
    annotation, unreject, tags = queue.accept_changes(item)
    queue.items.append(item)
    decision = queue.decide("accept")
    save_accept(library, History(library), decision, annotation, unreject, tags, annotator)


async def test_a_teammates_accept_keeps_ones_rejection_and_its_undo(tmp_path, pipeline):
    root = tmp_path / "lib"
    analysed_library(root, pipeline)
    app = app_as("alice", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, PERSON)
        item = screen.queue.current
        await pilot.press("r")
        await wait_writes(app)
        # Bob accepts the same suggestion in his queue meanwhile.
        accept_as("bob", root, item)
        stored = Library(root).rejected(item.article.id)
        assert [(r["text"], r.get("annotator")) for r in stored] == [(item.quote, "alice")]
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: "undid the rejection" in text_of(screen, "queue-status"))
        assert Library(root).rejected(item.article.id) == []
        assert [a.annotator for a in Library(root).annotations(item.article.id)] == ["bob"]


async def test_each_annotator_has_a_queue_of_their_own(tmp_path, pipeline):
    root = tmp_path / "lib"
    analysed_library(root, pipeline)
    app = app_as("alice", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, PERSON)
        people = [i.quote for i in screen.queue.items]
        await pilot.press("a", "r")
        await wait_writes(app)
    app = app_as("bob", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, PERSON)
        # What alice decided is still bob's to decide.
        assert [i.quote for i in screen.queue.items] == people
        await pilot.press("a")
        await wait_writes(app)
    library = Library(root)
    rejected = [r for a in ("harbour01", "ferry0002") for r in library.rejected(a)]
    assert [r["annotator"] for r in rejected] == ["alice"]
    app = app_as("alice", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, PERSON)
        assert screen.queue.items == []  # alice decided both


async def test_the_reader_shows_the_corrections_of_the_annotators_shown(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = analysed_library(root, pipeline)
    article = library.get_article("harbour01")
    start = article.body.index("12 million dollars")
    span = (start, start + len("12 million dollars"))

    def relabel(annotator: str, label: str) -> None:
        data = {
            "suggestion": {"kind": "entity", "label": label},
            "correction": {"kind": "entity", "label": label, "was": "MONEY"},
        }
        made = new_annotation(article, *span, [label], data=data, annotator=annotator)
        apply_edits(library, History(library), article.id, "relabelled", [(None, made)])

    relabel("alice", "CARDINAL")
    relabel("bob", "PERCENT")  # the later one
    app = app_as("alice", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)

        def label() -> list[str]:
            entities = reader.model.visible_analysis().entities
            return [e.label for e in entities if (e.start, e.end) == span]

        assert label() == ["CARDINAL"]  # everyone's: the reader's own annotator wins
        await pilot.press("W")  # alice's alone
        assert reader.model.annotator_filter == "alice"
        assert label() == ["CARDINAL"]
        await pilot.press("W")  # bob's alone
        assert reader.model.annotator_filter == "bob"
        assert label() == ["PERCENT"]


async def test_undoing_an_accept_deleted_meanwhile_says_there_was_nothing(tmp_path, pipeline):
    root = tmp_path / "lib"
    analysed_library(root, pipeline)
    app = app_as("alice", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, PERSON)
        item = screen.queue.current
        await pilot.press("a")
        await wait_writes(app)
        # Bob deletes that annotation in his annotations list (L).
        other = Library(root)
        (made,) = other.annotations(item.article.id)
        apply_edits(other, History(other), item.article.id, "deleted", [(made, None)])
        await pilot.press("u")
        await wait_writes(app)
        await wait_until(pilot, lambda: "nothing to undo" in text_of(screen, "queue-status"))
        assert "was deleted meanwhile" in text_of(screen, "queue-status")
        assert "undid" not in text_of(screen, "queue-status")
        assert screen.queue.current == item  # open again: it is no longer accepted


async def test_the_queue_follows_an_article_reimported_under_it(tmp_path, pipeline):
    root = tmp_path / "lib"
    analysed_library(root, pipeline)
    app = app_as("alice", root, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, PERSON)
        shown = screen.queue.current
        # A CLI re-import (which analyses) gives the article another text.
        other = Library(root)
        old = other.get_article(shown.article.id)
        changed = Article(id=old.id, title=old.title, body="A new line.\n\n" + old.body)
        other.save_articles([changed])
        analysis_for(other, other.get_article(old.id), pipeline)
        new_hash = other.get_article(old.id).content_hash
        await wait_until(pilot, lambda: screen.queue.current.article.content_hash == new_hash)
        current = screen.queue.current
        # The same suggestion, on the new text: the user keeps their place.
        assert (current.quote, current.label) == (shown.quote, shown.label)
        assert current.start == shown.start + len("A new line.\n\n")
        assert "changed on disk" in text_of(screen, "queue-status")
        await pilot.press("a")
        await wait_writes(app)
        (stored,) = Library(root).annotations(old.id)
        assert (stored.quote, stored.start) == (shown.quote, current.start)
