"""The suggestion queue: the model's entity and claim suggestions across the
library, one at a time, Prodigy's way: ``a`` accepts, ``r`` rejects, ``space``
skips, ``u`` undoes the last decision.

An accept and a reject store exactly what the reader's ``a`` and ``r`` store
(``tui.models.queue`` makes them with the reader's model, and
``tui.models.queue_writes`` saves them with the reader's calls, in the
app's writer thread). The suggestions are gathered in a worker thread and
arrive in batches; the screen paints at once and counts up while they come.
Where the queue stood (restriction, position, skipped suggestions) is kept in
``state.json`` beside the config, so reopening it goes on from there. The
queue follows the disk (``FollowsDisk``): an article re-imported meanwhile has
its open suggestions gathered again on its new text, the user's place kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, get_current_worker

from newsread.config import annotator_name
from newsread.sanitize import visible
from storage.errors import LibraryError
from tui.context import AppContext, app_context
from tui.keymap import key_of
from tui.models.queue import Decision, QueueFilter, QueueItem, SuggestionKey, SuggestionQueue
from tui.models.queue_gather import Gathered, gather, gathered_again, pending_keys
from tui.models.queue_writes import (
    accept_label,
    save_accept,
    save_reject,
    still_stored,
    take_back_accept,
    take_back_reject,
)
from tui.screens.following import FollowsDisk
from tui.screens.key_places import KeysInPlace
from tui.screens.keyed import KeyedScreen
from tui.screens.queue_draw import (
    article_line,
    context_text,
    empty_text,
    problems_text,
    progress_line,
    suggestion_line,
)
from tui.state import QueueView, load_queue, save_queue, state_path
from tui.widgets.footer import KeyFooter
from tui.widgets.keyed import KeyedVerticalScroll
from tui.widgets.shown import shown
from tui.wording import plural, short

if TYPE_CHECKING:
    from pathlib import Path


#: Suggestions gathered ahead of the one shown before gathering waits for the user.
AHEAD = 300


class QueueScreen(KeysInPlace, KeyedScreen, FollowsDisk):
    #: the pane the focus stays in, whose scroll keys come first (tui.keymap checks them)
    FOCUSED_WIDGETS = (KeyedVerticalScroll,)
    BINDINGS = [
        Binding("a", "accept", "Accept", id="queue.accept"),
        Binding("r", "reject", "Reject", id="queue.reject"),
        Binding("space", "skip", "Skip", id="queue.skip"),
        Binding("u", "undo", "Undo", id="queue.undo"),
        Binding("enter", "open", "Open in reader", id="queue.open"),
        Binding("f", "restrict", "Restrict", id="queue.restrict"),
        Binding("S", "unskip", "Show skipped again", show=False, id="queue.unskip"),
        Binding("escape", "close", "Back", id="queue.close"),
        Binding("q", "close", "Back", show=False, id="queue.back"),
    ]

    DEFAULT_CSS = """
    QueueScreen #queue-title {
        height: 1;
        padding: 0 1;
        background: $primary;
        color: $text;
        text-style: bold;
    }
    QueueScreen #queue-progress { height: 1; padding: 0 1; }
    QueueScreen #queue-main { height: 1fr; }
    QueueScreen #queue-card {
        height: auto;
        margin: 1 1 0 1;
        padding: 0 1;
        border: round $primary-darken-2;
    }
    QueueScreen #queue-suggestion { margin: 1 0; }
    QueueScreen #queue-problems { height: auto; padding: 0 1; margin-top: 1; }
    QueueScreen #queue-status {
        height: auto;
        max-height: 4;  /* a long message wraps, not cut at the edge */
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    class Started(Message):
        """The remembered state is read: the queue to fill, gathering begins."""

        def __init__(self, queue: SuggestionQueue, position: list[object], generation: int) -> None:
            super().__init__()
            self.queue = queue
            #: the position remembered for this restriction ([] for none)
            self.position = position
            self.generation = generation

    class Batch(Message):
        def __init__(self, batch: Gathered, generation: int) -> None:
            super().__init__()
            self.batch = batch
            self.generation = generation

    class Settled(Message):
        """The suggestions of the article the reader was opened on still to decide."""

        def __init__(self, article_id: str, pending: set[SuggestionKey]) -> None:
            super().__init__()
            self.article_id = article_id
            self.pending = pending

    class Undone(Message):
        """An undo was written: ``done`` False when there was nothing left to
        take back (deleted meanwhile, by another annotator or window)."""

        def __init__(self, decision: Decision, done: bool) -> None:
            super().__init__()
            self.decision = decision
            self.done = done

    class TakenBack(Message):
        """Decisions of this queue whose stored change is gone from disk: an
        undo in another screen (the annotations list) or window took it back."""

        def __init__(self, decisions: list[Decision]) -> None:
            super().__init__()
            self.decisions = decisions

    class TextChanged(Message):
        """An article of the queue has another text on disk now (a re-import):
        its suggestions on it, None when that text is not analysed yet."""

        def __init__(
            self, article_id: str, content_hash: str, title: str, items: list[QueueItem] | None
        ) -> None:
            super().__init__()
            self.article_id = article_id
            self.content_hash = content_hash
            self.title = title
            self.items = items

    class WriteFailed(Message):
        def __init__(self, decision: Decision, error: str, undoing: bool) -> None:
            super().__init__()
            self.decision = decision
            self.error = error
            self.undoing = undoing

    def __init__(self, wanted: QueueFilter | None = None) -> None:
        """``wanted``: the restriction to start with; None for the one the
        queue had last time (and then it goes on where it stopped)."""
        super().__init__()
        self.wanted = wanted
        self.queue = SuggestionQueue(wanted)
        #: the state is read and the queue is being filled; keys act from then on
        self.started = False
        self.message = ""
        self.stage = ""
        # Batches of an earlier gathering (before a new restriction) are dropped.
        self._generation = 0
        self._shown: SuggestionKey | None = None
        #: wakes the gatherer when it waits for the review to move on
        self._room = threading.Event()
        self._closed = False
        self._remembered: tuple[object, ...] | None = None
        self._position: list[object] = []
        #: the article the reader was opened on from here, until back
        self._opened: str | None = None

    @property
    def ctx(self) -> AppContext:
        return app_context(self.app)

    @property
    def _state_path(self) -> Path | None:
        return state_path(self.ctx.config.path)

    # -- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Suggestion queue", id="queue-title")
        yield Static("", id="queue-progress")
        with KeyedVerticalScroll(id="queue-main"):
            with Vertical(id="queue-card"):
                yield Static("", id="queue-article")
                yield Static("", id="queue-suggestion")
                yield Static("", id="queue-context")
            yield Static("", id="queue-problems")
        yield Static("", id="queue-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        self._start(self.wanted)
        self._stamp = self._change_stamp()
        self.follow_disk()

    # -- following the disk ----------------------------------------------------------------------

    def _change_stamp(self) -> tuple[tuple[int, ...], ...]:
        return (self.ctx.library.change_stamp(),)

    def reload(self) -> None:
        """Something changed on disk, or the queue is back in view: look
        whether an article of the queue has another text now, and whether
        its decisions are still stored (an undo elsewhere takes one back: the
        queue still counted it, and its u said it undid a step it never took)."""
        self._stamp = self._change_stamp()
        if self.started:
            self._follow(self.queue.open_texts(), self.queue.filter, self.queue.annotator)
            if self.queue.decisions:
                self._recheck(list(self.queue.decisions), self.queue.annotator)

    @work(thread=True, exclusive=True, group="queue-recheck", exit_on_error=False)
    def _recheck(self, decisions: list[Decision], annotator: str) -> None:
        ctx = self.ctx
        # A decision still being written is not on disk yet, nor gone from it.
        ctx.writer.wait_idle(10)
        gone: list[Decision] = []
        for decision in decisions:
            try:
                if not still_stored(ctx.library, decision, annotator):
                    gone.append(decision)
            except LibraryError:
                continue  # removed meanwhile, or unreadable: left as it is
        if gone:
            self.post_message(self.TakenBack(gone))

    def on_queue_screen_taken_back(self, message: TakenBack) -> None:
        gone = self.queue.taken_back_elsewhere(message.decisions)
        if not gone:
            return
        if len(gone) == 1:
            decision = gone[0]
            verb = _UNDONE[decision.action]
            said = f"the {verb} of {_what(decision.item)} was undone elsewhere: offered again"
        else:
            said = f"{plural(len(gone), 'decision')} of this queue undone elsewhere: offered again"
        self.say(said)
        self.refresh_view()

    @work(thread=True, exclusive=True, group="queue-follow", exit_on_error=False)
    def _follow(self, texts: dict[str, str], wanted: QueueFilter, annotator: str) -> None:
        ctx = self.ctx
        library = ctx.library
        for article_id, content_hash in texts.items():
            try:
                meta = library.get_meta(article_id)
                now = meta.get("content_hash", "")
                if now == content_hash:
                    continue
                found = gathered_again(library, article_id, wanted, ctx.config.pipeline, annotator)
                title = str(meta.get("title", ""))
            except LibraryError:
                continue  # removed meanwhile, or unreadable: its suggestions stay as they are
            items = found[1] if found is not None else None
            hash_now = found[0].content_hash if found is not None else now
            self.post_message(self.TextChanged(article_id, hash_now, title, items))

    def on_queue_screen_text_changed(self, message: TextChanged) -> None:
        fresh = message.items or []
        gone = self.queue.text_changed(message.article_id, message.content_hash, fresh)
        if not gone:
            return
        title = short(message.title or message.article_id, 40)
        if message.items is None:
            said = f"“{title}” changed on disk and cannot be analysed: its suggestions left out"
        else:
            said = f"“{title}” changed on disk: its suggestions gathered again on the new text"
        # A decision refused on the old text just now stays said beside it.
        refused = self.message if self.message.startswith("could not ") else ""
        self.say(" · ".join(part for part in (refused, said) if part))
        self.refresh_view()

    # -- gathering -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="queue-gather", exit_on_error=False)
    def _start(self, wanted: QueueFilter | None) -> None:
        """Read where the queue stood (the restriction, unless one is given),
        then gather its suggestions."""
        view = load_queue(self._state_path, self.ctx.library.root)
        remembered = QueueFilter(view.label, view.kind, view.query)
        chosen = wanted if wanted is not None else remembered
        skipped = [k for k in map(SuggestionKey.from_list, view.skipped) if k is not None]
        # The position belongs to the restriction it was reached under.
        resume = SuggestionKey.from_list(view.position) if chosen == remembered else None
        queue = SuggestionQueue(chosen, skipped, resume)
        queue.annotator = annotator_name(self.ctx.config)
        position = list(view.position) if resume is not None else []
        generation = self._generation
        self.post_message(self.Started(queue, position, generation))
        self._fill(queue, frozenset(skipped), generation)

    @work(thread=True, exclusive=True, group="queue-gather", exit_on_error=False)
    def _restart(
        self, queue: SuggestionQueue, skipped: frozenset[SuggestionKey], generation: int
    ) -> None:
        self._fill(queue, skipped, generation)

    def _fill(
        self, queue: SuggestionQueue, skipped: frozenset[SuggestionKey], generation: int
    ) -> None:
        """(Worker thread.) Gather ``queue``'s suggestions, posting each batch;
        ``skipped``: the queue's skipped suggestions when it started."""
        worker = get_current_worker()
        ctx = self.ctx
        # Decisions still being written (here, or in the reader just before)
        # must be on disk, or what they decided would be offered again.
        ctx.writer.wait_idle(10)
        try:
            for batch in gather(
                ctx.library,
                queue.filter,
                ctx.config.pipeline,
                queue.resume,
                skipped,
                go_on=self._go_on(worker, generation, queue),
                annotator=queue.annotator,
            ):
                self.post_message(self.Batch(batch, generation))
        except Exception as exc:  # noqa: BLE001 - shown on the screen, the app keeps going
            problem = f"could not gather the suggestions: {exc}"
            self.post_message(self.Batch(Gathered(problems=[problem], finished=True), generation))

    def _go_on(
        self, worker: Worker[None], generation: int, queue: SuggestionQueue
    ) -> Callable[[int], bool]:
        """(Worker thread.) Whether gathering goes on: it waits while it has
        gathered AHEAD suggestions past the one shown, so a big library is read
        and analysed only as far as the review goes; it stops for a new
        gathering, or when the screen closes."""

        def wanted() -> bool:
            return not (worker.is_cancelled or self._closed or generation != self._generation)

        def go_on(gathered: int) -> bool:
            while wanted() and gathered - queue.index >= AHEAD:
                self._room.wait(0.5)
                self._room.clear()
            return wanted()

        return go_on

    def on_unmount(self) -> None:
        self._closed = True
        self._room.set()

    def on_queue_screen_started(self, message: Started) -> None:
        if message.generation != self._generation:
            return
        message.queue.tags = self.queue.tags
        self.queue = message.queue
        self._position = message.position
        self.started = True
        self.refresh_view()

    def on_queue_screen_batch(self, message: Batch) -> None:
        if message.generation != self._generation:
            return
        batch, queue = message.batch, self.queue
        for tag in batch.tags or []:
            # A tag an accept made meanwhile keeps its colour.
            queue.tags.setdefault(tag.name, tag)
        queue.add(batch.items)
        queue.left_out += batch.left_out
        queue.articles_done, queue.articles_total = batch.done, batch.total
        queue.notes += batch.problems
        self.stage = batch.stage
        if batch.finished:
            queue.finish()
        self.refresh_view()

    def _regather(self, queue: SuggestionQueue) -> None:
        """Fill ``queue`` instead of the one shown (a new restriction, skipped
        ones back); its decisions start anew."""
        self._generation += 1
        queue.tags, queue.annotator = self.queue.tags, self.queue.annotator
        self.queue = queue
        self.stage = ""
        self.refresh_view()
        self._restart(queue, frozenset(queue.skipped), self._generation)

    # -- drawing -----------------------------------------------------------------------------

    def refresh_view(self) -> None:
        queue = self.queue
        title = Text("Suggestion queue · ", style="bold")
        title.append_text(shown(queue.filter.describe()))
        self.query_one("#queue-title", Static).update(title)
        # The gatherer looks again whenever the review moves (see _go_on).
        self._room.set()
        waiting = not queue.complete and len(queue.items) - queue.index >= AHEAD
        self.query_one("#queue-progress", Static).update(progress_line(queue, self.stage, waiting))
        item = queue.current
        key = item.key if item is not None else None
        if key != self._shown or item is None:
            self._shown = key
            article = self.query_one("#queue-article", Static)
            suggestion = self.query_one("#queue-suggestion", Static)
            context = self.query_one("#queue-context", Static)
            if item is None:
                article.update("")
                keys = self.key_of("queue.unskip"), self.key_of("queue.restrict")
                suggestion.update(empty_text(queue, *keys))
                context.update("")
            else:
                article.update(article_line(item))
                suggestion.update(suggestion_line(item))
                context.update(context_text(item))
            self.query_one("#queue-article", Static).display = item is not None
            self.query_one("#queue-context", Static).display = item is not None
            self.query_one("#queue-main", VerticalScroll).scroll_home(animate=False)
        problems = self.query_one("#queue-problems", Static)
        problems.update(problems_text(queue))
        problems.display = bool(queue.notes)
        self.query_one("#queue-status", Static).update(shown(self.message))
        self._remember()

    def say(self, message: str) -> None:
        self.message = message
        self.query_one("#queue-status", Static).update(shown(message))

    def key_of(self, binding_id: str) -> str:
        """The key the user has for ``binding_id`` (after their remaps)."""
        return key_of(self, binding_id)

    # -- remembering where it stood ---------------------------------------------------------

    def _remember(self) -> None:
        """Keep the restriction, the position and the skipped suggestions for
        next time, off the event loop, when they changed."""
        if not self.started:
            return  # what was remembered is not even read yet
        queue = self.queue
        if queue.current is not None:
            self._position = queue.current.key.to_list()
        wanted = queue.filter
        last_skipped = next(reversed(queue.skipped), None)
        summary = (wanted, tuple(self._position), len(queue.skipped), last_skipped)
        if summary == self._remembered:
            return
        self._remembered = summary
        view = QueueView(
            wanted.label,
            wanted.kind,
            wanted.query,
            list(self._position),
            [k.to_list() for k in queue.skipped],
        )
        path, root = self._state_path, self.ctx.library.root
        if path is not None:
            self.ctx.writer.submit(lambda: save_queue(path, root, view))

    # -- deciding -------------------------------------------------------------------------------

    def _current(self, verb: str) -> QueueItem | None:
        """The suggestion a key acts on; None (and why, on the status line) when
        there is none."""
        item = self.queue.current
        if item is None:
            if not self.queue.complete:
                self.say(f"nothing to {verb} yet: the suggestions are still being gathered")
            else:
                self.say(f"nothing to {verb}: no suggestion is shown")
        return item

    def action_accept(self) -> None:
        item = self._current("accept")
        if item is None:
            return
        annotation, unreject, tags = self.queue.accept_changes(item)
        decision = self.queue.decide("accept")
        ctx = self.ctx
        library = ctx.library
        annotator = self.queue.annotator

        def save() -> None:
            # The journal is opened here, in the writer thread, never on the event loop.
            save_accept(library, ctx.history, decision, annotation, unreject, tags, annotator)

        self._write(decision, save)
        ctx.tag_counts[item.label] += 1
        self.say(f"{accept_label(item, annotation)} · {self.key_of('queue.undo')} undoes")
        self.refresh_view()

    def action_reject(self) -> None:
        item = self._current("reject")
        if item is None:
            return
        record = self.queue.reject_record(item)
        decision = self.queue.decide("reject")
        library = self.ctx.library
        self._write(decision, lambda: save_reject(library, decision, record))
        self.say(f"rejected {item.kind} {item.label}: “{short(record['text'], 40)}”")
        self.refresh_view()

    def action_skip(self) -> None:
        item = self._current("skip")
        if item is None:
            return
        self.queue.decide("skip")
        self.say(f"skipped {item.kind} {item.label}: “{short(item.quote, 40)}”")
        self.refresh_view()

    def action_open(self) -> None:
        """The reader on the suggestion's article, the suggestion selected: to
        read around it, or decide it there (back here, what was decided in
        the reader is not offered again)."""
        from tui.models.library import SearchJump

        item = self._current("open")
        if item is None:
            return
        self._opened = item.article.id
        label = visible(
            f"from the queue: {item.kind} {item.label} “{short(item.quote, 40)}” at the cursor"
            " (accept or reject it here, or escape back)"
        )
        self.ctx.open_article(
            item.article.id,
            find=SearchJump(label, (), spans=((item.start, item.end),), on_span=True),
        )

    def on_screen_resume(self) -> None:
        if self._opened is not None:
            opened, self._opened = self._opened, None
            self._settle(opened)
        # What changed on disk while another screen was on top.
        FollowsDisk.on_screen_resume(self)

    @work(thread=True, group="queue-settle", exit_on_error=False)
    def _settle(self, article_id: str) -> None:
        ctx = self.ctx
        # What the reader decided is still being written when escape comes
        # right after its key: it must be on disk before it is read.
        ctx.writer.wait_idle(10)
        try:
            pending = pending_keys(
                ctx.library,
                article_id,
                self.queue.filter,
                ctx.config.pipeline,
                self.queue.annotator,
            )
        except LibraryError:
            return  # removed meanwhile, or unreadable: its suggestions stay as they are
        if pending is not None:
            self.post_message(self.Settled(article_id, pending))

    def on_queue_screen_settled(self, message: Settled) -> None:
        settled = self.queue.settle(message.article_id, message.pending)
        if settled:
            self.say(f"{plural(settled, 'suggestion')} of that article decided in the reader")
        self.refresh_view()

    def action_undo(self) -> None:
        decision = self.queue.undo()
        if decision is None:
            self.say("nothing to undo in this queue")
            return
        ctx = self.ctx
        library = ctx.library
        annotator = self.queue.annotator
        if decision.action == "accept":
            self._undo(decision, lambda: take_back_accept(library, ctx.history, decision))
        elif decision.action == "reject":
            self._undo(decision, lambda: take_back_reject(library, decision, annotator))
        else:
            self.say(f"undid the skip of {_what(decision.item)}")
        self.refresh_view()

    def _undo(self, decision: Decision, job: Callable[[], bool]) -> None:
        """Take back a stored decision in the writer thread; what happened is
        said once it is written (``Undone``), never before: there may be
        nothing left to take back."""
        verb = _UNDONE[decision.action]
        self.say(f"undoing the {verb} of {_what(decision.item)}…")

        def run() -> None:
            self.post_message(self.Undone(decision, job()))

        self._write(decision, run, True)

    def on_queue_screen_undone(self, message: Undone) -> None:
        decision = message.decision
        verb, what = _UNDONE[decision.action], _what(decision.item)
        if not message.done:
            gone = {
                "accept": f"the annotation of {what} was deleted",
                "reject": f"the rejection of {what} was taken back",
            }[decision.action]
            self.say(f"nothing to undo: {gone} meanwhile")
            return
        if decision.action == "accept" and decision.group is None:
            # The accept stored nothing (it was there already): no step taken.
            self.say(f"back to {what}: its accept had changed nothing on disk, nothing undone")
            return
        if decision.action == "accept":
            self.ctx.tag_counts[decision.item.label] -= 1
        self.say(f"undid the {verb} of {what}")

    def _write(self, decision: Decision, job: Callable[[], object], undoing: bool = False) -> None:
        """Run ``job`` in the writer thread; a failure (reported by the writer
        too) comes back here, so the queue does not show it as done."""

        def run() -> None:
            try:
                job()
            except Exception as exc:
                self.post_message(self.WriteFailed(decision, str(exc), undoing))
                raise

        self.ctx.writer.submit(run)

    def on_queue_screen_write_failed(self, message: WriteFailed) -> None:
        decision = message.decision
        item = decision.item
        what = f"{item.kind} {item.label}: “{short(item.quote, 40)}”"
        if message.undoing:
            self.say(f"could not undo the {decision.action} of {what}: {message.error}")
            return
        if self.queue.unsaved(decision):
            self.refresh_view()
        self.say(f"could not {decision.action} {what}: {message.error}")
        # Refused on a text re-imported meanwhile, say: what is shown is read again.
        self.reload()

    # -- restricting ---------------------------------------------------------------------------

    def action_restrict(self) -> None:
        from tui.screens.queue_restrict import RestrictDialog

        if not self.started:
            self.say("a moment: the queue is still starting")
            return
        seen = {i.label for i in self.queue.items if i.kind == "entity"}

        def chosen(wanted: QueueFilter | None) -> None:
            if wanted is None or wanted == self.queue.filter:
                return
            self._position = []
            self._regather(SuggestionQueue(wanted, self.queue.skipped))
            self.say(f"restricted to {wanted.describe()}")

        self.app.push_screen(RestrictDialog(self.queue.filter, sorted(seen)), chosen)

    def action_unskip(self) -> None:
        queue = self.queue
        if not queue.skipped:
            self.say("no skipped suggestions")
            return
        count = len(queue.skipped)
        here = queue.current.key if queue.current is not None else None
        self._regather(SuggestionQueue(queue.filter, (), here))
        self.say(f"{plural(count, 'skipped suggestion')} back in the queue")

    def action_close(self) -> None:
        self.dismiss()


#: What undoing each stored decision takes back.
_UNDONE = {"accept": "accept", "reject": "rejection", "skip": "skip"}


def _what(item: QueueItem) -> str:
    return f"{item.kind} {item.label}: “{short(item.quote, 40)}”"
