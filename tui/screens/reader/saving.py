"""What the reader does when the writer thread answers an edit: saved, or not.

The status line says an edit is saved, and ``u`` can take it back, only once
the writer has saved it. An edit the library refused is taken back on screen
and said so, and what made it fail is shown instead: the article's new text
after a re-import elsewhere (with its re-anchored annotations), or that the
article was removed. A note typed for an edit that was not saved is offered
again rather than lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsread.model import Annotation, Article, Tag
from tui.keymap import key_elsewhere
from tui.screens.dialogs import NoteEditor
from tui.screens.reader.base import REMOVED, ReaderBase, Saved
from tui.screens.reader.heading import lost_note, requoted_note, title_note
from tui.widgets.shown import visible
from tui.wording import ELSEWHERE, short


class SavingMixin(ReaderBase):
    def show_saved(self, message: Saved) -> None:
        if not message.error:
            if message.annotations is not None:
                self._show_stored(message.annotations, message.tags)
            if message.notes_kept:
                # Said whatever the status shows by now: the note on disk is
                # not the one the user typed alone.
                kept = _note_kept(message)
                self.say_undoable(kept)
                self.notify(kept, severity="warning", timeout=8, markup=False)
                return
            if self.message == self.saving_message and message.token is self.saving_token:
                # Not when the user has moved on to something the status says,
                # nor for a write a later one (still "saving…") follows.
                if message.done:
                    self.say(message.label)
                else:
                    self.say_undoable(message.label)
            return
        # A rejection just made that was not saved is not u's to take back.
        self.unjournalled = None
        if message.annotations is None:
            # Nothing could be read back: take back what was applied on screen.
            undone = [(after, before) for before, after in reversed(message.changes)]
            self.ctx.tag_counts.update(self.model.apply(undone))
            self.refresh_all()
        elif message.article is not None:
            notes = self.reimport_notes(message.article, message.annotations)
            self.show_reimported(
                message.article, message.annotations, message.tags or [], message.rejected
            )
        else:
            self._show_stored(message.annotations, message.tags)
            if message.rejected is not None:
                self.model.rejected = list(message.rejected)
                self.model.refresh_marks()
                self.refresh_all()
        if message.removed:
            self.article_removed(f"not saved: {_refused(message.label)}")
        elif message.article is not None:
            what = _refused(message.label)
            self.say(
                f"not saved: {what} — the article was re-imported with a changed "
                "text meanwhile; its new text is shown now"
            )
            self.notify(
                visible(
                    f"not saved: {_refused(message.label)}: the article's text changed on "
                    "disk (re-imported?); the new text and its annotations are shown now" + notes
                ),
                severity="warning",
                timeout=10,
                markup=False,
            )
        elif message.gone:
            # The editor opens again with the note and says what happened.
            self.say(
                f"not saved: {_refused(message.label)}: its annotation was deleted {ELSEWHERE}"
            )
        else:
            self.say(f"not saved: {_refused(message.label)}")
            self.notify(
                f"could not save: {message.error}", severity="error", timeout=10, markup=False
            )
        if message.retry is not None and not message.removed:
            message.retry(message.gone)

    def _show_stored(self, annotations: list[Annotation], tags: list[Tag] | None) -> None:
        tag_list = list(self.tags.values()) if tags is None else tags
        self.ctx.tag_counts.update(self.model.replace_stored(annotations, tag_list))
        self.refresh_all()

    def show_reimported(
        self,
        article: Article,
        annotations: list[Annotation],
        tags: list[Tag],
        rejected: list[dict[str, Any]] | None = None,
    ) -> None:
        """The article's text as a re-import left it, and its annotations as
        moved onto it; the cursor stays near where it was.

        Not under a dialog: what it was opened on (a passage, a claim) holds
        offsets into the text on screen, so the text is replaced when the
        reader is back in front (an edit made in the dialog meanwhile is
        refused by storage as made on the old text, and said so)."""
        if self.app.screen is not self:
            self.reimported = (article, annotations, tags, rejected)
            return
        self.reimported = None
        # Read whole and checked against the index just now.
        self.damaged = self.damaged_line = ""
        if rejected is not None:
            self.model.rejected = list(rejected)
        self.ctx.tag_counts.update(self.model.replace_stored(annotations, tags))
        cursor = self.view.cursor
        at = min(cursor[0] if cursor else 0, max(len(article.body) - 1, 0))
        self.model.follow_reimport(article, annotations, at)
        self.show_heading()
        self.view.set_body(article.body)
        self.view.set_cuts(self.model.shown_cuts())
        self.view.cursor_changed()
        self.changed_on_disk = False
        self.ready_for_keys = False
        self.refresh_all()
        self.run_analysis()

    def reimport_notes(self, article: Article, annotations: list[Annotation]) -> str:
        """ "; 2 annotations could not be placed…; its title changed…": what a
        re-import's notice adds, read against what the screen shows before
        the new text replaces it ("" when nothing)."""
        notes = (
            lost_note(self.annotations, annotations, self.key("reader.reattach", "o")),
            requoted_note(self.annotations, annotations, self.key("reader.reattach", "o")),
            title_note(self.article, article),
        )
        return "".join(f"; {note}" for note in notes if note)

    def article_removed(self, what: str) -> None:
        """Said once the article is known to be gone: no edit is applied after
        it, and the way back to the library is offered."""
        from tui.screens.tag_dialogs import ConfirmDialog

        first = not self.removed
        self.removed = True
        self.say(f"{what}: {REMOVED} · escape goes back")
        if not first:
            return

        def answered(back: bool | None) -> None:
            if back and self.app.screen is self:
                self.app.pop_screen()

        question = (
            f"“{short(self.article.title, 60)}” was removed from the library. Back to the library?"
        )
        self.app.push_screen(ConfirmDialog(question), answered)

    def offer_note_again(
        self, text: str, existing: Annotation | None, quote: str
    ) -> Callable[[bool], None]:
        """A ``retry`` for a note the library did not save: the editor opens
        again with the text typed, and saves it on the passage as it now stands
        (found by its annotation, else by its words, else at the cursor).
        ``gone``: its annotation was deleted meanwhile, which the editor says,
        as the note is then saved as a new annotation of its own."""

        def offer(gone: bool) -> None:
            def done(again: str | None) -> None:
                if again is None:
                    self.say("note discarded")
                    return
                self.save_note_again(again, existing, quote)

            known = type(self.app).known_bindings()  # type: ignore[attr-defined]
            save = key_elsewhere(self.app, "note.save", self.ctx.config.keys, known) or "ctrl+s"
            if gone:
                heading = (
                    f"Not saved: “{short(quote, 40)}” was deleted {ELSEWHERE}. "
                    f"{save} saves your note as a new annotation on those words"
                )
            else:
                heading = (
                    f"Not saved (the article changed): note on “{short(quote, 50)}”, "
                    f"{save} saves it"
                )
            self.ask(NoteEditor(heading, text, unsaved=True), done)

        return offer

    def save_note_again(self, text: str, existing: Annotation | None, quote: str) -> None:
        stored = None
        if existing is not None:
            stored = next(
                (a for a in self.annotations if a.id == existing.id and not a.orphan), None
            )
        if stored is not None:
            self.commit("note saved", [(stored, self.model.with_note(stored, text))])
            return
        start = self.article.body.find(quote) if quote else -1
        span = (start, start + len(quote)) if start >= 0 else self.view.target
        if span is None or not text:
            self.say("note not saved: its passage is not in the new text")
            return
        where = "" if start >= 0 else " (its passage is gone from the new text: put at the cursor)"
        ann = self.model.make_annotation(span, [], text)
        if existing is not None:
            # Its annotation is gone: the note is an annotation of its own now.
            label = f"note saved as a new annotation on “{short(ann.quote, 40)}”{where}"
        else:
            label = f"tagged note: “{short(ann.quote, 40)}”{where}"
        self.commit(label, [(None, ann)])


def _note_kept(message: Saved) -> str:
    """What a save says when another writer changed the note since the editor
    opened: both kept (or, when the user emptied it, theirs not removed)."""
    typed = next(
        (a.note for _, a in message.changes if a is not None and a.id in message.notes_kept), ""
    )
    if not typed.strip():
        return f"note changed {ELSEWHERE} since you opened it: kept as it is, not removed"
    return f"note changed {ELSEWHERE} since you opened it: yours added after it"


def _refused(label: str) -> str:
    """What was not saved, said without the success word its label carries
    ("not saved: note saved" contradicted itself)."""
    for done, what in (("note saved", "the note"), ("note removed", "removing the note")):
        if label.startswith(done):
            return what + label[len(done) :]
    return label
