"""The suggestion queue, driven by Pilot on real TinyDB files and the real spaCy
pipeline: accept, reject, skip, undo, restriction by label, kind and query,
resume after a restart, and what it says when there is nothing to review."""

from __future__ import annotations

import threading
from pathlib import Path

import newsread.analysis.pipeline as pipeline_module
from newsread.config import Config
from newsread.model import Article
from storage.analyses import analysis_for
from storage.history import History
from storage.library import Library
from tests.pilot_helpers import BODY, SIZE, make_library, open_first_reader, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.models.queue import QueueFilter
from tui.screens.queue import QueueScreen
from tui.screens.queue_restrict import RestrictDialog

FERRY = (
    "The ferry company said on Tuesday that fares will rise in March. "
    "Councillor Ida Brandt called the rise unfair.\n\n"
    "Passengers from Port Ellis complained."
)


def articles() -> list[Article]:
    return [
        Article(id="harbour01", title="Harbour crane approved", body=BODY, source="Test Wire"),
        Article(id="ferry0002", title="Ferry fares rise", body=FERRY, source="Island News"),
    ]


def analysed_library(root: Path, pipeline) -> Library:
    """The two articles, analysed (as an import would) so the queue reads the cache."""
    library = make_library(root, articles())
    for article_id in ("harbour01", "ferry0002"):
        analysis_for(library, library.get_article(article_id), pipeline)
    return library


def app_for(library: Library, tmp_path: Path) -> NewsreadApp:
    # A config path: state.json (where the queue stood) goes beside it.
    return NewsreadApp(library, Config(path=tmp_path / "config.toml"))


async def open_queue(pilot, app, wanted: QueueFilter | None = None) -> QueueScreen:
    screen = QueueScreen(wanted)
    await app.push_screen(screen)
    await wait_until(pilot, lambda: screen.queue.complete)
    return screen


def text_of(screen: QueueScreen, widget_id: str) -> str:
    return str(screen.query_one(f"#{widget_id}").render())


def without_stamps(data: dict) -> dict:
    """An annotation or rejection as stored, without what differs between two
    makings of the same one (its id and the times)."""
    return {k: v for k, v in data.items() if k not in {"id", "created", "updated", "rejected"}}


async def test_accept_and_reject_store_what_the_reader_stores(tmp_path, pipeline):
    queue_root, reader_root = tmp_path / "queue-lib", tmp_path / "reader-lib"
    analysed_library(queue_root, pipeline)
    reader_library = analysed_library(reader_root, pipeline)

    # The reader: a on Mara Quist, r on the claim about the crane's cost.
    app = app_for(reader_library, tmp_path / "reader")
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        await wait_until(pilot, lambda: reader.analysis is not None)
        person = next(e for e in reader.analysis.entities if e.text == "Mara Quist")
        claim = next(c for c in reader.analysis.claims if "12 million" in BODY[c.start : c.end])
        reader.view.move_to_span((person.start, person.end), "mark")
        await pilot.press("a")
        reader.view.move_to_span((claim.start, claim.end), "mark")
        await pilot.press("r")
        await wait_writes(app)

    # The queue: PERSON first (a), then the claims of kind attributed (r on the same one).
    app = app_for(Library(queue_root), tmp_path / "queue")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, QueueFilter(label="PERSON"))
        assert screen.queue.current.quote == "Mara Quist"
        assert "1 / 2" in text_of(screen, "queue-progress")
        await pilot.press("a")
        await wait_writes(app)
        screen = await open_queue(pilot, app, QueueFilter(kind="claim", label="attributed"))
        while "12 million" not in screen.queue.current.quote:
            await pilot.press("space")
        await pilot.press("r")
        await wait_writes(app)

    def stored(root: Path) -> tuple[list[dict], list[dict], str | None]:
        library = Library(root)
        annotations = [without_stamps(a.to_dict()) for a in library.annotations("harbour01")]
        rejected = [without_stamps(r) for r in library.rejected("harbour01")]
        return annotations, rejected, History(library).peek_undo()

    in_queue, in_reader = stored(queue_root), stored(reader_root)
    assert in_queue[0] == in_reader[0]
    assert in_queue[1] == in_reader[1]
    assert in_queue[2] == in_reader[2]
    annotations, rejected, label = in_queue
    assert [a["tags"] for a in annotations] == [["PERSON"]]
    assert annotations[0]["data"] == {"suggestion": {"kind": "entity", "label": "PERSON"}}
    assert [r["kind"] for r in rejected] == ["claim"] and "12 million" in rejected[0]["text"]
    assert label == "accepted entity PERSON: “Mara Quist”"
    assert Library(queue_root).tags() == Library(reader_root).tags()


async def test_skip_and_undo_each_decision(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = analysed_library(root, pipeline)
    app = app_for(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, QueueFilter(kind="entity"))
        queue = screen.queue
        first, second, third = queue.items[:3]
        await pilot.press("a", "r", "space")
        assert queue.current == queue.items[3]
        assert "4 / " in text_of(screen, "queue-progress")
        assert "1 accepted · 1 rejected · 1 skipped" in text_of(screen, "queue-progress")
        await wait_writes(app)
        on_disk = Library(root)
        assert [a.quote for a in on_disk.annotations(first.article.id)] == [first.quote]
        assert [r["text"] for r in on_disk.rejected(second.article.id)] == [second.quote]

        await pilot.press("u")  # the skip: back to it, nothing on disk changes
        assert queue.current == third
        assert third.quote in text_of(screen, "queue-context")
        await pilot.press("u")  # the rejection: removed from the file
        assert queue.current == second
        await wait_writes(app)
        assert Library(root).rejected(second.article.id) == []
        await pilot.press("u")  # the accept: the annotation removed, its journal step undone
        assert queue.current == first
        await wait_writes(app)
        assert Library(root).annotations(first.article.id) == []
        assert not History(Library(root)).can_undo()
        assert History(Library(root)).can_redo()  # the reader's ctrl+r could bring it back
        await pilot.press("u")
        assert "nothing to undo" in text_of(screen, "queue-status")
        assert "1 / " in text_of(screen, "queue-progress")


async def test_undoing_an_accept_after_another_change_keeps_that_change(tmp_path, pipeline):
    from storage.edits import tag_quote

    root = tmp_path / "lib"
    library = analysed_library(root, pipeline)
    app = app_for(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, QueueFilter(label="PERSON"))
        await pilot.press("a")
        await wait_writes(app)
        # Another process tags something after the accept.
        other = Library(root)
        tag_quote(other, History(other), "harbour01", "Dock workers", ["check"])
        assert screen.queue.current is not None
        await pilot.press("u")
        await wait_writes(app)
    tags = [a.tags for a in Library(root).annotations("harbour01")]
    assert tags == [["check"]]


async def test_restriction_by_label_kind_and_query_through_the_dialog(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = analysed_library(root, pipeline)
    app = app_for(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app)
        everything = len(screen.queue.items)
        assert {i.kind for i in screen.queue.items} == {"entity", "claim"}

        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, RestrictDialog))
        await pilot.press(*"person", "enter")  # any case: the label as the analysis writes it
        await wait_until(pilot, lambda: screen.queue.filter == QueueFilter(label="PERSON"))
        await wait_until(pilot, lambda: screen.queue.complete)
        people = screen.queue.items
        assert {i.label for i in people} == {"PERSON"} and len(people) == 2
        assert {i.article.id for i in people} == {"harbour01", "ferry0002"}
        assert "PERSON" in text_of(screen, "queue-title")

        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, RestrictDialog))
        dialog = app.screen
        await pilot.press(*["backspace"] * 6)
        dialog.query_one("#kind-claim").value = True
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.queue.filter == QueueFilter(kind="claim"))
        await wait_until(pilot, lambda: screen.queue.complete)
        claims = screen.queue.items
        assert claims and {i.kind for i in claims} == {"claim"} and len(claims) < everything
        assert "claim" in text_of(screen, "queue-suggestion")

        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, RestrictDialog))
        await pilot.press("tab", "tab", *"ferry", "enter")  # the search box
        await wait_until(pilot, lambda: screen.queue.filter.query == "ferry")
        await wait_until(pilot, lambda: screen.queue.complete)
        assert screen.queue.items
        assert {i.article.id for i in screen.queue.items} == {"ferry0002"}
        assert {i.kind for i in screen.queue.items} == {"claim"}

        # A label that is no label, or that contradicts the kind, is refused in place.
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, RestrictDialog))
        await pilot.press(*"PERSN", "enter")
        assert isinstance(app.screen, RestrictDialog)
        assert "no label PERSN" in str(app.screen.query_one("#restrict-error").render())
        await pilot.press("escape")
        assert app.screen is screen and screen.queue.filter.query == "ferry"


async def test_resume_after_restart(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = analysed_library(root, pipeline)
    app = app_for(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, QueueFilter(kind="entity"))
        items = list(screen.queue.items)
        await pilot.press("space", "a", "r")  # skip, accept, reject
        assert screen.queue.current == items[3]
        await wait_writes(app)
    assert (tmp_path / "state.json").is_file()

    again = app_for(Library(root), tmp_path)  # same library, same config path
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, again)  # the restriction as it was left
        queue = screen.queue
        assert queue.filter == QueueFilter(kind="entity")
        assert queue.current.key == items[3].key
        assert "1 / " in text_of(screen, "queue-progress")
        keys = [i.key for i in queue.items]
        # Accepted and rejected are gone, skipped stays skipped.
        assert not {i.key for i in items[:3]} & set(keys)
        assert queue.left_out == 1
        assert "1 / " in text_of(screen, "queue-progress")
        assert items[3].quote in text_of(screen, "queue-suggestion")
        await pilot.press("S")  # the skipped one comes back, after the others
        await wait_until(pilot, lambda: screen.queue.complete and screen.queue is not queue)
        assert screen.queue.current.key == items[3].key
        assert screen.queue.items[-1].key == items[0].key


async def test_the_screen_paints_at_once_and_counts_while_analysing(
    tmp_path, pipeline, monkeypatch
):
    release = threading.Event()
    real_load = pipeline_module.load_pipeline

    def slow_load(preferred=None):
        release.wait(30)
        return real_load(preferred)

    monkeypatch.setattr(pipeline_module, "load_pipeline", slow_load)
    library = make_library(tmp_path / "lib", articles())  # nothing analysed yet
    app = app_for(library, tmp_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = QueueScreen()
            await app.push_screen(screen)
            await wait_until(pilot, lambda: "spaCy" in text_of(screen, "queue-progress"))
            assert "0 / 0+" in text_of(screen, "queue-progress")
            assert "Looking for suggestions" in text_of(screen, "queue-suggestion")
            await pilot.press("a")
            assert "still being gathered" in text_of(screen, "queue-status")
            release.set()
            await wait_until(pilot, lambda: screen.queue.complete)
            assert screen.queue.items and "+" not in text_of(screen, "queue-progress")
    finally:
        release.set()
    # Analysed in the worker and cached, as the reader would have.
    from storage.analyses import cached

    article = Library(tmp_path / "lib").get_article("ferry0002")
    assert cached(Library(tmp_path / "lib"), article, (pipeline.name, pipeline.version))


async def test_no_pipeline_and_empty_queue_say_so(tmp_path, monkeypatch):
    from newsread.analysis.pipeline import PipelineError

    def no_pipeline(preferred=None):
        raise PipelineError("no spaCy English pipeline could be loaded; tried nothing")

    monkeypatch.setattr(pipeline_module, "load_pipeline", no_pipeline)
    monkeypatch.setattr(pipeline_module, "pipeline_identity", lambda preferred=None: None)
    app = app_for(make_library(tmp_path / "lib", articles()), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app)
        assert "No suggestions to review" in text_of(screen, "queue-suggestion")
        assert "no analysis is possible" in text_of(screen, "queue-problems")
        await pilot.press("a", "space", "u")
        assert app.screen is screen


async def test_text_from_files_is_drawn_literally(tmp_path, pipeline):
    hostile = Article(
        id="hostile01",
        title="[red]Alarm[/red] \x1b]0;pwned\x07",
        body="Mara Quist [bold]said[/bold] the \x1b[2J board met in Port Ellis.",
        source="[link=x]Wire[/link]",
    )
    library = make_library(tmp_path / "lib", [hostile])
    analysis_for(library, hostile, pipeline)
    app = app_for(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, QueueFilter(kind="entity"))
        assert screen.queue.items
        article = text_of(screen, "queue-article")
        assert "[red]Alarm[/red]" in article and "␛]0;pwned␇" in article
        assert "[link=x]Wire[/link]" in article
        context = text_of(screen, "queue-context")
        assert "[bold]said[/bold]" in context and "␛[2J" in context
        assert "\x1b" not in article + context


async def test_a_decision_that_cannot_be_saved_is_taken_back(tmp_path, pipeline):
    root = tmp_path / "lib"
    library = analysed_library(root, pipeline)
    app = app_for(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, QueueFilter(label="PERSON"))
        first = screen.queue.current
        # Re-imported meanwhile with another text: the offsets no longer hold.
        old = library.get_article(first.article.id)
        changed = Article(id=old.id, title=old.title, body="A new line.\n\n" + old.body)
        Library(root).save_articles([changed])
        await pilot.press("a")
        await wait_writes(app)
        # Refused, and said; the card then shows the suggestion on the new text.
        await wait_until(pilot, lambda: "changed on disk" in text_of(screen, "queue-status"))
        assert "could not accept" in text_of(screen, "queue-status")
        assert screen.queue.count("accept") == 0
        current = screen.queue.current
        assert (current.quote, current.label) == (first.quote, first.label)
        assert current.article.content_hash == changed.content_hash
    assert Library(root).annotations(first.article.id) == []


async def test_gathering_waits_for_the_review_in_a_big_queue(tmp_path, pipeline, monkeypatch):
    import tui.screens.queue as queue_screen

    monkeypatch.setattr(queue_screen, "AHEAD", 3)
    library = analysed_library(tmp_path / "lib", pipeline)
    app = app_for(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = QueueScreen(QueueFilter(kind="entity"))
        await app.push_screen(screen)
        await wait_until(pilot, lambda: "more as you go" in text_of(screen, "queue-progress"))
        assert not screen.queue.complete and "+" in text_of(screen, "queue-progress")
        while not screen.queue.complete:
            await pilot.press("space")
            await pilot.pause()
        assert "more as you go" not in text_of(screen, "queue-progress")


async def test_keys_are_remappable_by_id_and_shown_in_the_footer(tmp_path, pipeline):
    library = analysed_library(tmp_path / "lib", pipeline)
    config = Config(path=tmp_path / "config.toml", keys={"queue.accept": "y", "queue.skip": "n"})
    app = NewsreadApp(library, config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, QueueFilter(label="PERSON"))
        first = screen.queue.current
        await pilot.press("n", "y")
        assert screen.queue.count("skip") == 1 and screen.queue.count("accept") == 1
        assert screen.queue.decisions[-1].item != first
        ids = {b.binding.id for b in screen.active_bindings.values()}
        assert {"queue.accept", "queue.reject", "queue.skip", "queue.undo"} <= ids
        assert {"queue.restrict", "queue.unskip", "queue.close"} <= ids
        footer = " ".join(str(w.render()) for w in screen.query("FooterKey"))
        assert "Accept" in footer and "Skip" in footer and "Restrict" in footer
        await wait_writes(app)
        await pilot.press("escape")
        assert app.screen is not screen


async def back_to(pilot, app, screen) -> None:
    """Escape out of the reader (the first may only clear its selection)."""
    while app.screen is not screen:
        await pilot.press("escape")
        await pilot.pause()


async def test_enter_opens_the_reader_on_the_suggestion_and_back_leaves_out_what_was_decided(
    tmp_path, pipeline
):
    from tui.screens.reader import ReaderScreen

    root = tmp_path / "lib"
    library = analysed_library(root, pipeline)
    app = app_for(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, QueueFilter(kind="entity"))
        queue = screen.queue
        first, second = queue.items[:2]
        # Opened and closed again, nothing decided: the same suggestion.
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert reader.article.id == first.article.id
        await wait_until(pilot, lambda: reader.model.cursor.span == (first.start, first.end))
        await back_to(pilot, app, screen)
        for _ in range(3):
            await pilot.pause()
        assert queue.current == first
        # Accepted in the reader: left out here, the next one shown.
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        await wait_until(pilot, lambda: reader.model.cursor.span == (first.start, first.end))
        await wait_until(pilot, lambda: reader.model.analysis is not None)
        await pilot.press("a")
        await wait_writes(app)
        assert [a.quote for a in Library(root).annotations(first.article.id)] == [first.quote]
        await back_to(pilot, app, screen)
        await wait_until(pilot, lambda: queue.current == second)
        assert "1 decided in the reader" in text_of(screen, "queue-progress")
        # Not undone here: the reader's undo takes it back.
        await pilot.press("u")
        assert "nothing to undo" in text_of(screen, "queue-status")


async def _undo_in_the_list_and_come_back(pilot, app, screen: QueueScreen) -> None:
    from tui.screens.annotations import AnnotationsScreen

    await pilot.press("L")
    await wait_until(pilot, lambda: isinstance(app.screen, AnnotationsScreen))
    listed = app.screen
    await wait_until(pilot, lambda: listed.loaded)
    await pilot.press("u")
    await wait_writes(app)
    status = listed.query_one("#annotations-status")
    await wait_until(pilot, lambda: "undid" in str(status.render()))
    await pilot.press("escape")
    await wait_until(pilot, lambda: app.screen is screen)


async def test_an_accept_undone_in_the_annotations_list_is_taken_back_in_the_queue(
    tmp_path, pipeline
):
    """Back in Q it still said "1 accepted", and its u claimed to undo a step
    the journal no longer held."""
    root = tmp_path / "lib"
    app = app_for(analysed_library(root, pipeline), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, QueueFilter(label="PERSON"))
        first = screen.queue.current
        await pilot.press("a")
        await wait_writes(app)
        assert "1 accepted" in text_of(screen, "queue-progress")
        await _undo_in_the_list_and_come_back(pilot, app, screen)
        await wait_until(pilot, lambda: "undone elsewhere" in text_of(screen, "queue-status"))
        assert text_of(screen, "queue-status") == (
            f"the accept of entity PERSON: “{first.quote}” was undone elsewhere: offered again"
        )
        assert "accepted" not in text_of(screen, "queue-progress")
        assert screen.queue.current == first
        journal = History(Library(root))
        before = (journal.peek_undo(), journal.can_redo())
        await pilot.press("u")
        await wait_writes(app)
        assert text_of(screen, "queue-status") == "nothing to undo in this queue"
        journal = History(Library(root))
        assert (journal.peek_undo(), journal.can_redo()) == before == (None, True)


async def test_an_accept_that_tagged_an_annotation_and_was_undone_elsewhere_is_not_undone_again(
    tmp_path, pipeline
):
    """The accept added its tag to the user's annotation on the same words:
    undone in L, the annotation stays (without the tag), and Q's u took it
    for still stored."""
    from newsread.model import new_annotation

    root = tmp_path / "lib"
    library = analysed_library(root, pipeline)
    article = library.get_article("harbour01")
    at = BODY.index("Mara Quist")
    library.save_annotation(new_annotation(article, at, at + len("Mara Quist"), ["source"]))
    app = app_for(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_queue(pilot, app, QueueFilter(label="PERSON"))
        assert screen.queue.current.quote == "Mara Quist"
        await pilot.press("a")
        await wait_writes(app)
        [ann] = Library(root).annotations("harbour01")
        assert sorted(ann.tags) == ["PERSON", "source"]
        await _undo_in_the_list_and_come_back(pilot, app, screen)
        await wait_until(pilot, lambda: "undone elsewhere" in text_of(screen, "queue-status"))
        assert "accepted" not in text_of(screen, "queue-progress")
        await pilot.press("u")
        await wait_writes(app)
        assert text_of(screen, "queue-status") == "nothing to undo in this queue"
    [ann] = Library(root).annotations("harbour01")
    assert ann.tags == ["source"]
    assert History(Library(root)).can_redo()
