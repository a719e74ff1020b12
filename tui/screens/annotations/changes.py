"""Changing annotations from the list: ``x`` deletes, ``n`` edits the note,
``t`` adds tags, ``u`` / ``ctrl+r`` undo and redo.

Each change goes through storage.edits.apply_edits on the app's writer, as
the reader's do: one transaction under the library's lock that reads the
annotation as stored, merges what another process changed since the list was
read (the list's tags and note are the common ancestor), writes it and
records one undo step. The list is then read again from disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from newsread.config import annotator_name, quick_keys
from newsread.model import Annotation, now_iso, same_hand
from storage.annotation_list import ListedAnnotation
from tui.keymap import key_of, quick_key_shown
from tui.screens.annotations.base import AnnotationsBase
from tui.widgets.shown import visible
from tui.wording import ELSEWHERE, delete_words, short


class ChangesMixin(AnnotationsBase):
    def _edit(
        self,
        row: ListedAnnotation,
        label: str | Callable[[Annotation], str],
        change: Callable[[Annotation], Annotation | None],
        gone: Callable[[], None] | None = None,
    ) -> None:
        """Apply ``change`` (None: delete) to the annotation as listed, on the
        writer thread, as one undo step; then list again. ``gone``: what to do
        (on the event loop) instead of saying so when the annotation was
        deleted meanwhile."""
        from storage.edits import apply_edits

        library, history, tags = self.ctx.library, self.ctx.history, list(self.tags)
        # Read here, on the event loop: the key as the user has remapped it.
        undo = key_of(self, "annotations.undo") or "u"

        def job() -> None:
            outcome = f"{label} · {undo} undoes" if isinstance(label, str) else ""
            try:
                with library.transaction():
                    stored = library.annotations(row.article_id)
                    current = next((a for a in stored if a.id == row.id), None)
                    if current is None and gone is not None:
                        self._from_thread(gone)
                        self._from_thread(self._after_change, "")
                        return
                    if current is None:
                        outcome = f"not changed: that annotation was deleted {ELSEWHERE}"
                    else:
                        before = replace(current, tags=list(row.tags), note=row.note)
                        edit = (before, change(before))
                        said = label if isinstance(label, str) else label(before)
                        outcome = f"{said} · {undo} undoes"
                        result = apply_edits(
                            library, history, row.article_id, said, [edit], tags=tags
                        )
                        if result.notes_kept:
                            # Another window's note saved since the list was read: kept.
                            outcome = (
                                f"note changed {ELSEWHERE} since you opened it: yours added "
                                f"after it · {undo} undoes"
                            )
            except Exception as exc:  # noqa: BLE001 - shown to the user, the list goes on
                outcome = f"not saved: {exc}"
            self._from_thread(self._after_change, outcome)

        self._keep = row.key
        self.ctx.writer.submit(job)

    def _after_change(self, outcome: str) -> None:
        if self.is_attached:
            self._update_status(visible(outcome))
            self.reload()

    def action_delete(self) -> None:
        row = self.current_or_say()
        if row is None:
            return
        names = ", ".join(row.tags) or "note"
        again = key_of(self, "annotations.delete") or "x"

        # What x says and leaves is the stored annotation's (a correction
        # holding the user's tags too keeps the correction).
        def label(ann: Annotation) -> str:
            return delete_words(ann, again)[0]

        def change(ann: Annotation) -> Annotation | None:
            return delete_words(ann, again)[1]

        if same_hand(row, annotator_name(getattr(self.ctx, "config", None))):
            self._edit(row, label, change)
            return
        # Someone else's work (a teammate's, imported): asked first, as the
        # reader asks, so a stray x on a shared library does not remove it.
        from tui.screens.tag_dialogs import DestroyDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._edit(row, label, change)
            else:
                self._update_status("not deleted")

        question = f"Delete {row.annotator}'s annotation [{names}] “{short(row.quote, 40)}”?"
        self.app.push_screen(DestroyDialog(question), answered)

    def action_note(self) -> None:
        row = self.current_or_say()
        if row is None:
            return
        if same_hand(row, annotator_name(getattr(self.ctx, "config", None))):
            self._edit_note(row)
            return
        # A teammate's note edited silently would stay under their name as
        # if they had written it: asked first, as x is.
        from tui.screens.teammate_note import OWN_NOTE, THEIR_NOTE, whose_note

        def chosen(which: str | None) -> None:
            if which == THEIR_NOTE:
                self._edit_note(row)
            elif which == OWN_NOTE:
                self._own_note(row)
            else:
                self._update_status("note not changed")

        self.app.push_screen(whose_note(row.annotator, row.quote), chosen)

    def _own_note(self, row: ListedAnnotation) -> None:
        """A note of the user's own on the words of a teammate's annotation."""
        from tui.screens.dialogs import NoteEditor

        def done(text: str | None) -> None:
            if text:
                self._save_note_anew(row, text)

        self.app.push_screen(NoteEditor(f"Your note on “{short(row.quote, 60)}”", ""), done)

    def _edit_note(self, row: ListedAnnotation) -> None:
        from tui.screens.dialogs import NoteEditor

        def done(text: str | None) -> None:
            if text is None or text == row.note:
                return
            label = "note saved" if text else "note removed"
            self._edit(
                row,
                label,
                lambda ann: replace(ann, note=text, updated=now_iso()),
                gone=(lambda: self._keep_note(row, text)) if text else None,
            )

        self.app.push_screen(NoteEditor(f"Note on “{short(row.quote, 60)}”", row.note), done)

    def _keep_note(self, row: ListedAnnotation, text: str, why: str = "") -> None:
        """The note typed for an annotation deleted meanwhile: back in the editor,
        where ctrl+s saves it as a new annotation on the same words; escape asks
        before it is dropped. ``why``: the save of it failed (its words are gone
        too, say): it is put on the clipboard as well, and ctrl+s tries again."""
        from tui.screens.dialogs import NoteEditor

        if not self.is_attached:
            return
        quote = short(row.quote, 40)
        if not why:
            heading = (
                f"“{quote}” was deleted {ELSEWHERE}: "
                "ctrl+s saves your note as a new annotation on those words"
            )
        else:
            self.app.copy_to_clipboard(text)
            heading = f"Not saved: {why}. The note is on the clipboard; esc closes"
            self._update_status(visible(f"not saved: {why}; the note is on the clipboard"))

        def done(kept: str | None) -> None:
            if kept:
                self._save_note_anew(row, kept)
            elif kept is not None:
                self._update_status("nothing saved: the note was empty")

        self.app.push_screen(NoteEditor(heading, text, unsaved=True), done)

    def _save_note_anew(self, row: ListedAnnotation, text: str) -> None:
        from storage.edits import note_on_passage

        library, history = self.ctx.library, self.ctx.history
        annotator = annotator_name(getattr(self.ctx, "config", None))
        # Read here, on the event loop: the key as the user has remapped it.
        undo = key_of(self, "annotations.undo") or "u"

        def job() -> None:
            try:
                result = note_on_passage(
                    library,
                    history,
                    row.article_id,
                    (row.start, row.end),
                    row.quote,
                    text,
                    annotator,
                )
            except Exception as exc:  # noqa: BLE001 - shown to the user, the note kept
                # PassageGoneError among them: the words were changed or removed.
                self._from_thread(self._keep_note, row, text, str(exc))
                return
            saved = f"note saved as a new annotation on “{short(row.quote, 40)}”"
            self._from_thread(
                self._after_change, f"{saved} · {undo} undoes" if result.group else saved
            )

        self.ctx.writer.submit(job)

    def action_tag(self) -> None:
        from tui.screens.tag_picker import TagChoice, TagPicker

        row = self.current_or_say()
        if row is None:
            return
        quick = quick_keys(self.tags, self.ctx.config.quick_tags)
        # Shown as the reader's keys: a remapped quick key is not its digit.
        keymap = self.ctx.config.keys
        keys = {
            name: quick_key_shown(self.app, keymap, digit) for digit, name in quick.names.items()
        }
        colours = {t.name: t.color for t in self.tags}
        counts = self.ctx.tag_counts
        # The library's tags, and a quick tag the config names before any use of it.
        names = sorted({*colours, *keys}, key=lambda n: (n.casefold(), n))
        choices = [
            TagChoice(n, colours.get(n, ""), counts.get(n, 0), keys.get(n, "")) for n in names
        ]

        def apply(chosen: list[str] | None) -> None:
            if not chosen:
                return
            added = [n for n in chosen if n not in row.tags]
            if not added:
                self._update_status(visible(f"already tagged {', '.join(chosen)}"))
                return
            label = f"added {', '.join(added)} to “{short(row.quote, 40)}”"
            self._edit(
                row, label, lambda ann: replace(ann, tags=[*ann.tags, *added], updated=now_iso())
            )

        self.app.push_screen(TagPicker(choices, row.quote), apply)

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        """Undo or redo the newest step in the journal (the reader's and the tag
        manager's too: one history), after every pending write; another
        annotator's step asked about first."""
        from tui.screens.asked_step import take_step

        take_step(self, self.ctx, undo, self._after_change, self._from_thread)
