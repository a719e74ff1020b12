"""What every part of the reader screen shares: the model, the widgets it draws
on, the app's services, the messages from worker threads, and the one path by
which an annotation change is applied and saved.

The reader is split by responsibility into mixins over this base (annotating,
suggestions, find, navigation, following the disk); ``ReaderScreen`` combines
them with its bindings and drawing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.screen import Screen

from newsread.analysis import Analysis, Claim
from newsread.annotations.rejections import RejectionKey
from newsread.model import Annotation, Article, Tag
from tui.context import AppContext, app_context
from tui.keymap import key_of
from tui.models.reader import Change, ReaderModel
from tui.screens.keyed import KeyedScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.find_bar import FindBar
from tui.widgets.side_panel import SHOWN_FROM, SidePanel, side_width
from tui.wording import claim_words

if TYPE_CHECKING:
    from storage.corrections import Corrected
    from storage.history import Group
    from storage.library import Library


# The messages keep the namespace they had when they were declared on the
# screen itself, so their handlers are still on_reader_screen_*.
class AnalysisReady(Message, namespace="reader_screen"):
    def __init__(self, analysis: Analysis, note: str, content_hash: str = "") -> None:
        super().__init__()
        self.analysis = analysis
        self.note = note
        #: the text it analysed: one put back or cut meanwhile makes it stale
        self.content_hash = content_hash


class AnalysisFailed(Message, namespace="reader_screen"):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class AnnotationsChanged(Message, namespace="reader_screen"):
    """The annotations on disk changed behind the screen (undo, redo)."""

    def __init__(
        self,
        annotations: list[Annotation],
        tags: list[Tag],
        label: str,
        rejected: list[dict[str, Any]] | None = None,
        writes_seen: int | None = None,
        edits_seen: int | None = None,
        step: bool = False,
    ) -> None:
        super().__init__()
        self.annotations = annotations
        self.tags = tags
        self.label = label
        #: ``label`` answers u or ctrl+r here (what it took, or why nothing)
        self.step = step
        #: the article's rejected suggestions as stored, when they changed too
        self.rejected = rejected
        #: for a change noticed on disk: the writer's count of submitted writes
        #: before the files were read (None: not read so)
        self.writes_seen = writes_seen
        #: for an undo or redo: the reader's count of edits shown before they
        #: were written (ReaderBase.edits_ahead) when the step was queued
        self.edits_seen = edits_seen


class Saved(Message, namespace="reader_screen"):
    """One write of the reader's came back from the writer thread: saved
    (``error`` is ""), or not, with what is stored now to show instead."""

    def __init__(
        self,
        label: str,
        changes: list[Change],
        error: str = "",
        annotations: list[Annotation] | None = None,
        tags: list[Tag] | None = None,
        article: Article | None = None,
        rejected: list[dict[str, Any]] | None = None,
        removed: bool = False,
        retry: Callable[[bool], None] | None = None,
        done: bool = False,
        notes_kept: list[str] | None = None,
        gone: bool = False,
        token: object | None = None,
    ) -> None:
        super().__init__()
        #: what the edit did; with ``done``, the whole line to say once saved
        self.label = label
        #: the write's own mark (see ReaderBase.saving_token)
        self.token = token
        self.done = done
        self.changes = changes
        self.error = error
        #: as stored after the write (None: as the screen has them)
        self.annotations = annotations
        self.tags = tags
        #: the article as stored when its text changed on disk (a re-import)
        self.article = article
        self.rejected = rejected
        #: the article is no longer in the library
        self.removed = removed
        #: what to offer again when not saved (the note the user typed), called
        #: with ``gone``
        self.retry = retry
        #: ids of the annotations whose note another writer changed since it
        #: was opened here: theirs kept, this one added after it
        self.notes_kept = list(notes_kept or [])
        #: not saved because the annotation edited was deleted elsewhere meanwhile
        self.gone = gone


class Reimported(Message, namespace="reader_screen"):
    """A re-import elsewhere replaced the article's text: as stored now."""

    def __init__(
        self,
        article: Article,
        annotations: list[Annotation],
        tags: list[Tag],
        rejected: list[dict[str, Any]],
        repaired: bool = False,
    ) -> None:
        super().__init__()
        self.article = article
        self.annotations = annotations
        self.tags = tags
        self.rejected = rejected
        #: the same text put back after its file was damaged, not a new one
        self.repaired = repaired


class BodyDamaged(Message, namespace="reader_screen"):
    """The article's body file no longer holds the text the index recorded
    (cut or edited outside newsread): ``error`` names the file and the repair."""

    def __init__(self, error: str, line: str) -> None:
        super().__init__()
        self.error = error
        #: the same, short enough for the status line
        self.line = line


class Retitled(Message, namespace="reader_screen"):
    """The article's title (or source, byline, date) changed on disk, its
    text the same (a feed refresh): ``article`` with the stored heading."""

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article


class BodyChanged(Message, namespace="reader_screen"):
    """A line was put back or cut (``corrected`` is None when that failed)."""

    def __init__(self, corrected: Corrected | None, text: str = "") -> None:
        super().__init__()
        self.corrected = corrected
        self.text = text  # the line cut or put back


class ReaderBase(KeyedScreen):
    AnalysisReady = AnalysisReady
    AnalysisFailed = AnalysisFailed
    AnnotationsChanged = AnnotationsChanged
    BodyChanged = BodyChanged
    Saved = Saved
    Reimported = Reimported
    Retitled = Retitled
    BodyDamaged = BodyDamaged

    def __init__(
        self,
        article: Article,
        annotations: list[Annotation],
        tags: list[Tag],
        rejected: list[dict[str, Any]] | None = None,
        copies: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__()
        self.model = ReaderModel(article, annotations, tags, rejected)
        self.copies = list(copies or [])
        self.message = ""
        #: the message last said with the promise that u takes it back
        self.undo_said = ""
        #: the message last said in answer to u or ctrl+r: of the journal as
        #: it was then, gone when the screen is left (see on_screen_suspend)
        self.step_said = ""
        self._said_at: tuple[object, ...] | None = None
        # Set by the app before the tag manager opens over this screen.
        self.stale = False
        self.changed_on_disk = False
        self.side_choice: bool | None = None  # None: by terminal width
        #: False until the sentences are known (the analysis came, or failed):
        #: keys typed ahead wait for it (tui.keyorder), where "t" would find
        #: nothing to tag and the letters after it would reach the reader's keys.
        self.ready_for_keys = False
        self._stamp: tuple[int, ...] | None = None
        self._annotations_stamp: tuple[int, ...] = (0, 0, 0)
        #: how many edits this reader has shown before their write (commit):
        #: an undo's answer, read on the writer thread before a later one's
        #: write, would take it off the screen; a later undo, redo or
        #: rejection changes no annotation on screen before its own answer
        self.edits_ahead = 0
        #: the article's annotations file as this window's last write left it
        #: (set on the writer thread): a look at the disk finding it so knows
        #: the change is its own, whatever order the answers came in
        self.own_stamp: tuple[int, ...] | None = None
        self._help_key = ""
        self._keys: dict[str, str] = {}
        # Our own line put back or cut is being written: the text on disk
        # changing meanwhile is not someone else's re-import.
        self.body_write_pending = False
        #: the last change here that the undo journal does not hold, while no
        #: annotation was edited after it: a correction's label ("paragraph
        #: cut", "line put back"), or a rejected suggestion as (kind, item). u
        #: deals with it first instead of undoing an older tag unasked.
        self.unjournalled: str | tuple[str, Any] | None = None
        #: (writer thread only) the label of the last edit the writer could not
        #: save, until an edit is saved: a u queued behind it must not take
        #: back the step before it, which the user did not ask for
        self.unsaved: str | None = None
        #: (writer thread only) the journal step u takes back next as this reader
        #: last saw it: its own edit, or what its last undo left on top. Another
        #: process may have undone that step since; u then says so instead of
        #: taking back the step before it, which the user was never shown.
        self.promised_step: Group | None = None
        #: (writer thread only) the journal step ctrl+r redoes next as this
        #: reader last saw it: the step its last u took back. Another process
        #: may have redone it, undone an earlier one or recorded a new step
        #: since; ctrl+r then says so instead of redoing another step.
        self.promised_redo: Group | None = None
        #: the undo journal's next group number when the reader opened: a later
        #: group of another process's is not u's to take back (None: not read yet)
        self.journal_since: int | None = None
        #: the journal's step number at the last look (History.step_mark):
        #: the steps after it are those a change seen now may name
        self.steps_seen: int | None = None
        #: the article was removed from the library while open here
        self.removed = False
        #: (event loop) why the body file on disk cannot be trusted, naming it
        #: and the repair; "" while it holds the text shown. Edits are refused
        #: meanwhile: storage would refuse them, after they were shown done.
        self.damaged = ""
        #: ``damaged`` as the status line says it
        self.damaged_line = ""
        #: (disk-check worker) the body file's stat when last looked at, and
        #: whether it was damaged then: it is hashed again only when it changes
        self._body_seen: tuple[int, ...] = (0, 0, 0)
        self._body_bad = False
        #: the text (its hash) a dialog's answer was asked on, while that answer
        #: is applied: see ``ask``
        self.made_on: str | None = None
        #: the status line's words while the last edit is being saved
        self.saving_message = ""
        #: the latest write's mark, handed back in its Saved: only that write
        #: says "saved" over its "saving…". An earlier one answering while a
        #: later one is queued found the later "saving…" line on screen and
        #: replaced it, and the later one's answer then kept quiet.
        self.saving_token: object | None = None
        #: a re-import's article, annotations, tags and rejections, kept until
        #: the dialog over the reader is closed (see SavingMixin.show_reimported)
        self.reimported: (
            tuple[Article, list[Annotation], list[Tag], list[dict[str, Any]] | None] | None
        ) = None

    def key(self, binding_id: str, default: str) -> str:
        """The key the user has for ``binding_id`` here (after their remaps in
        ``[keys]``), for the hints that name it; ``default`` before the screen's
        bindings are known. The keymap is fixed once the app runs: looked up once."""
        found = self._keys.get(binding_id)
        if found is None:
            found = key_of(self, binding_id)
            if found:
                self._keys[binding_id] = found
        return found or default

    # -- the model's state, as the screen's parts and tests read it ------------------------

    @property
    def article(self) -> Article:
        return self.model.article

    @property
    def annotations(self) -> list[Annotation]:
        return self.model.annotations

    @property
    def tags(self) -> dict[str, Tag]:
        return self.model.tags

    @property
    def rejected(self) -> list[dict[str, Any]]:
        return self.model.rejected

    @property
    def show_rejected(self) -> bool:
        return self.model.show_rejected

    @property
    def analysis(self) -> Analysis | None:
        return self.model.analysis

    @property
    def analysis_note(self) -> str:
        return self.model.analysis_note

    @property
    def last_search(self) -> str:
        return self.model.last_search

    @last_search.setter
    def last_search(self, value: str) -> None:
        self.model.last_search = value

    # -- what it works with ---------------------------------------------------------------

    @property
    def ctx(self) -> AppContext:
        return app_context(self.app)

    @property
    def view(self) -> ArticleView:
        return self.query_one("#body", ArticleView)

    @property
    def side(self) -> SidePanel:
        return self.query_one("#side", SidePanel)

    def place_side(self, total: int) -> bool:
        """Show or hide the side panel for a terminal ``total`` columns wide:
        as the user chose with s, else from SHOWN_FROM columns; in the width
        the text leaves it (side_width). False when it is wanted but has no room."""
        wanted = self.side_choice if self.side_choice is not None else total >= SHOWN_FROM
        width = side_width(total)
        if wanted and width:
            self.side.styles.width = width
        self.side.display = bool(wanted and width)
        return not wanted or bool(width)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one("#reader-find", FindBar)

    def close_find(self) -> None:
        self.find_bar.close()

    # -- drawing, done by the screen ----------------------------------------------------------

    def refresh_all(self) -> None:
        raise NotImplementedError

    def refresh_marks(self) -> None:
        raise NotImplementedError

    def show_heading(self) -> None:
        raise NotImplementedError

    def update_status(self) -> None:
        raise NotImplementedError

    def reload_annotations(self) -> Any:  # SyncMixin's
        raise NotImplementedError

    def take_back_rejection(self) -> None:  # SuggestionsMixin's
        raise NotImplementedError

    def article_removed(self, what: str) -> None:  # SavingMixin's
        raise NotImplementedError

    def show_reimported(
        self,
        article: Article,
        annotations: list[Annotation],
        tags: list[Tag],
        rejected: list[dict[str, Any]] | None = None,
    ) -> None:  # SavingMixin's
        raise NotImplementedError

    def offer_note_again(
        self, text: str, existing: Annotation | None, quote: str
    ) -> Callable[[bool], None]:  # SavingMixin's
        raise NotImplementedError

    def which_claim(self, item: object) -> str:
        """How a message tells a claim from another on its span (a sentence
        with two cues): `` (speaker cue “content…”)``; "" when none shares it."""
        if isinstance(item, Claim) and len(self.model.claims_sharing(item)) > 1:
            return f" ({claim_words(item)})"
        return ""

    def say(self, message: str) -> None:
        self.message = message
        # An action that moves the cursor and then says something (find, reject)
        # gets its CursorMoved message afterwards: that one must not clear it.
        self._said_at = self._where()
        self.update_status()

    def say_undoable(self, label: str) -> None:
        """Say ``label`` with the promise that u takes it back."""
        self.say(f"{label} · {self.key('reader.undo', 'u')} undoes")
        self.undo_said = self.message

    def _where(self) -> tuple[object, ...]:
        return (self.view.cursor, self.view.selection)

    # -- saving changes ---------------------------------------------------------------------

    def refused_on_damage(self, what: str) -> bool:
        """Whether an edit is refused because the body file is damaged: said
        as ``what`` ("not saved: tagged …") and the file and its repair."""
        if not self.damaged:
            return False
        self.say(f"{what}: {self.damaged_line}")
        return True

    def ask(self, screen: Screen[Any], then: Callable[[Any], None]) -> None:
        """Push a dialog whose answer edits what the reader showed when it
        opened: the edit is saved as made on that text, so when a re-import
        replaced it meanwhile, storage refuses it rather than putting it on
        other words at the same offsets."""
        made_on = self.made_on or self.article.content_hash

        def answered(result: Any) -> None:
            self.made_on = made_on
            try:
                then(result)
            finally:
                self.made_on = None

        self.app.push_screen(screen, answered)

    def commit(
        self,
        label: str,
        changes: list[Change],
        unreject: list[RejectionKey] | None = None,
        retry: Callable[[bool], None] | None = None,
    ) -> None:
        """Apply changes in memory now; save them (merged with whatever another
        process wrote meanwhile) and record one undo step, in the writer thread.
        The status says "saving…" until the writer answers (``Saved``): saved
        and undoable, or not saved and why; ``retry`` is offered then."""
        from storage.edits import apply_edits

        if self.removed:
            self.say(f"not saved: {REMOVED}")
            return
        if self.refused_on_damage(f"not saved: {label}"):
            return
        self.unjournalled = None
        self.ctx.tag_counts.update(self.model.apply(changes))
        library = self.ctx.library
        history = self.ctx.history
        article_id = self.article.id
        body_hash = self.made_on or self.article.content_hash
        tags = list(self.tags.values())
        shown = [a.to_dict() for a in self.annotations]
        # Only this annotator's rejections are taken back: a teammate's stays.
        annotator = self.model.annotator
        token = object()

        def save() -> None:
            try:
                result = apply_edits(
                    library,
                    history,
                    article_id,
                    label,
                    changes,
                    body_hash=body_hash,
                    tags=tags,
                    unreject=unreject or (),
                    annotator=annotator,
                )
            except Exception as exc:  # noqa: BLE001 - said on the screen, not raised
                self.unsaved = label
                self.post_message(not_saved(library, article_id, label, changes, exc, retry))
                return
            self.unsaved = None
            if result.group is not None:
                self.promised_step = result.group
                self.promised_redo = None  # a new step ends the redo steps
            stored = result.annotations
            merged = [a.to_dict() for a in stored] != shown
            # Merged with another writer's change: show what is stored.
            self.post_message(
                self.Saved(
                    label,
                    changes,
                    annotations=stored if merged else None,
                    tags=library.tags() if merged else None,
                    notes_kept=result.notes_kept,
                    token=token,
                )
            )

        self.edits_ahead += 1
        self.submit_own(save)
        self.refresh_all()
        self.say(f"{label} · saving…")
        self.saving_message = self.message
        self.saving_token = token

    def submit_own(self, job: Callable[[], None]) -> None:
        """Queue ``job`` on the writer; once it has run, the annotations file's
        stamp is noted as this window's own. The disk check (SyncMixin) then
        shows a file so stamped without calling it another window's change:
        an undo's answer handled after an edit typed behind it once took that
        edit off the screen, and the file bringing it back was said to have
        changed "elsewhere". (A write by another process in the instant
        between the job and this look would pass as ours: it is still shown,
        just not announced.)"""
        library, article_id = self.ctx.library, self.article.id

        def run() -> None:
            try:
                job()
            finally:
                self.own_stamp = library.annotations_stamp(article_id)

        self.ctx.writer.submit(run)

    def write(self, label: str, job: Callable[[], object], said: str) -> None:
        """Save what is not an annotation edit (a rejection, taking one back),
        already shown, in the writer thread; ``said`` once it is saved, else
        the screen shows what is stored and says it was not."""
        library, article_id = self.ctx.library, self.article.id
        token = object()

        def save() -> None:
            try:
                job()
            except Exception as exc:  # noqa: BLE001 - said on the screen, not raised
                self.post_message(not_saved(library, article_id, label, [], exc, None))
                return
            self.post_message(self.Saved(said, [], done=True, token=token))

        self.submit_own(save)
        self.say(f"{label} · saving…")
        self.saving_message = self.message
        self.saving_token = token


#: said when the article on screen is no longer in the library
REMOVED = "this article was removed from the library (in another window or by the command line)"


def not_saved(
    library: Library,
    article_id: str,
    label: str,
    changes: list[Change],
    exc: Exception,
    retry: Callable[[bool], None] | None,
) -> Saved:
    """(Writer thread.) Why ``label`` was not saved, with what is stored now:
    the new text after a re-import, nothing when the article is gone."""
    from storage.errors import GoneAnnotationError, LibraryError, StaleArticleError

    try:
        if article_id not in library.article_ids():
            return Saved(label, changes, REMOVED, removed=True, retry=retry)
        article = library.get_article(article_id) if isinstance(exc, StaleArticleError) else None
        return Saved(
            label,
            changes,
            str(exc) or type(exc).__name__,
            annotations=library.annotations(article_id),
            tags=library.tags(),
            article=article,
            rejected=library.rejected(article_id),
            retry=retry,
            gone=isinstance(exc, GoneAnnotationError),
        )
    except LibraryError as again:
        # The library cannot be read either: the screen takes its own edit back.
        # Said once when reading failed for the same reason (a damaged file).
        why = str(exc) if str(again) == str(exc) else f"{exc}; then {again}"
        return Saved(label, changes, why, retry=retry)
