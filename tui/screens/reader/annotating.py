"""The reader's annotating keys: tag (picker and quick keys), note, delete, and
re-attaching an annotation that could not be placed after an edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsread.annotations.textspans import without_spaces
from newsread.config import quick_keys
from newsread.model import Annotation
from tui.keymap import key_elsewhere, quick_key_shown
from tui.screens.dialogs import Chooser, NoteEditor
from tui.screens.reader.base import ReaderBase
from tui.screens.tag_picker import TagChoice, TagPicker
from tui.wording import delete_words, short


class AnnotatingMixin(ReaderBase):
    def add_annotation(
        self,
        start: int,
        end: int,
        names: list[str],
        note: str = "",
        data: dict[str, Any] | None = None,
        retry: Callable[[bool], None] | None = None,
    ) -> Annotation:
        ann = self.model.make_annotation((start, end), names, note, data)
        self.view.clear_selection()
        what = ", ".join(names) if names else "note"
        self.commit(f"tagged {what}: “{short(ann.quote, 40)}”", [(None, ann)], retry=retry)
        return ann

    def tag_span(self, start: int, end: int, names: list[str]) -> None:
        """Tag a passage; an annotation on exactly that passage gains the tags
        instead of a second annotation being stacked on it."""
        same = self.model.annotation_on((start, end))
        if same is None:
            self.add_annotation(start, end, names)
            return
        added = [n for n in names if n not in same.tags]
        if not added:
            self.say(f"already tagged {', '.join(names)}")
            return
        after = self.model.with_tags_added(same, added)
        self.view.clear_selection()
        self.commit(f"added {', '.join(added)} to “{short(same.quote, 40)}”", [(same, after)])

    def annotation_under_cursor(self) -> Annotation | None:
        """The innermost annotation overlapping the cursor (or the selection)."""
        return self.model.annotation_under_cursor()

    def quick_tags(self) -> dict[str, str]:
        """Digit → tag name, exactly as the tag manager shows them."""
        return self.model.quick_tags(self.ctx.config.quick_tags)

    def action_tag(self) -> None:
        target = self.view.target
        if target is None and self.model.cut_at_cursor() is not None:
            self.say("a cut line is not part of the text: P puts it back, then tag it")
            return
        if target is None:
            self.say("nothing to tag yet: sentences are still being found")
            return
        # The wheel may have scrolled the text away: what is tagged is in view.
        self.view.show_target()
        counts = self.ctx.tag_counts
        keymap = self.ctx.config.keys
        choices = [
            TagChoice(
                tag.name, tag.color, counts.get(tag.name, 0), quick_key_shown(self.app, keymap, key)
            )
            for tag, key in self.model.offered_tags(self.ctx.config.quick_tags)
        ]
        start, end = target

        def apply(names: list[str] | None) -> None:
            if names:
                self.tag_span(start, end, names)

        self.ask(TagPicker(choices, self.model.quote(target)), apply)

    def action_quick_tag(self, digit: int) -> None:
        # The library's tags as they are now, not as this reader read them: a
        # key moved in another window meanwhile must not tag with the tag it
        # left (one digit never means two tags). The read is of a cached
        # parse that is only redone when the file changed.
        fresh = quick_keys(self.ctx.library.tags(), self.ctx.config.quick_tags).names
        name = fresh.get(str(digit))
        if fresh != self.quick_tags():
            self.reload_annotations()  # the model's tags, and so help's hints, follow
        if name is None:
            known = type(self.app).known_bindings()  # type: ignore[attr-defined]
            give = key_elsewhere(self.app, "tags.key", self.ctx.config.keys, known)
            pressed = quick_key_shown(self.app, self.ctx.config.keys, str(digit))
            slot = "" if pressed == str(digit) else f" (quick tag {digit})"
            self.say(
                f"no tag on quick key {pressed}{slot}: give a tag that key in the tag manager "
                f"({give})"
            )
            return
        target = self.view.target
        if target is None:
            return
        self.view.show_target()
        self.tag_span(*target, [name])

    def action_note(self) -> None:
        # The user's own annotation at the cursor first, as x picks: a
        # teammate's on the same words once got the note, under their name.
        self.view.show_target()
        selection = self.view.selection
        if selection is None:
            existing = self.model.annotation_to_delete()
        else:
            # A selection of the words of an annotation of the user's own is
            # that annotation: its note opens to be edited, as without a
            # selection. A new note there was once merged into it, appended
            # to a note the editor had not shown.
            existing = self.model.annotation_on(selection) or self.model.annotation_on(
                without_spaces(self.model.body, selection)
            )
        if existing is not None and not self.model.is_mine(existing):
            self._ask_whose_note(existing)
            return
        self._edit_note(existing, self.view.target)

    def _ask_whose_note(self, theirs: Annotation) -> None:
        """n on a teammate's annotation only: asked first, as x is."""
        from tui.screens.teammate_note import OWN_NOTE, THEIR_NOTE, whose_note

        def chosen(which: str | None) -> None:
            if which == THEIR_NOTE:
                self._edit_note(theirs, None)
            elif which == OWN_NOTE:
                self._edit_note(None, (theirs.start, theirs.end))
            else:
                self.say("note not changed")

        self.ask(whose_note(theirs.annotator, theirs.quote), chosen)

    def _edit_note(self, existing: Annotation | None, target: tuple[int, int] | None) -> None:
        """The note editor on ``existing``'s note, else on a new annotation of ``target``."""
        if target is None and existing is None:
            return
        quote = existing.quote if existing else self.model.quote(target)

        def done(text: str | None) -> None:
            if text is None:
                return
            # Not saved (the text changed on disk meanwhile): typed, not lost.
            again = self.offer_note_again(text, existing, quote)
            if existing is not None:
                after = self.model.with_note(existing, text)
                self.commit("note saved", [(existing, after)], retry=again)
            elif text:
                self.add_annotation(target[0], target[1], [], note=text, retry=again)

        heading = f"Note on “{short(quote, 60)}”"
        self.ask(NoteEditor(heading, existing.note if existing else ""), done)

    def action_delete(self) -> None:
        self.view.show_target()
        ann = self.model.annotation_to_delete()
        if ann is None:
            self.say("no annotation at the cursor")
            return
        label, after = delete_words(ann, self.key("reader.delete", "x"))
        names = ", ".join(ann.tags) or "note"
        if self.model.is_mine(ann):
            self.commit(label, [(ann, after)])
            return
        # Someone else's work (imported from a teammate's export): asked first,
        # as a stray x on a shared library should not remove it. u undoes either.
        from tui.screens.tag_dialogs import DestroyDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.commit(label, [(ann, after)])
            else:
                self.say("not deleted")

        question = f"Delete {ann.annotator}'s annotation [{names}] “{short(ann.quote, 40)}”?"
        self.ask(DestroyDialog(question), answered)

    def action_reattach(self) -> None:
        """Place an orphan on the selection, or confirm (or move, with a
        selection) an annotation a re-import placed on changed words."""
        orphans = self.model.orphans()
        target = self.view.target
        requoted = self.model.requoted_at(target)
        if not orphans and not requoted:
            self.say("no annotations are waiting to be placed or confirmed here")
            return
        if target is None:
            return
        moving = self.view.model.has_selection
        items = [(a.id, f"[{', '.join(a.tags) or 'note'}] {short(a.quote, 70)}") for a in orphans]
        for a in requoted:
            where = "move to the selection" if moving else "keep on these words"
            first = short(a.first_tagged or "", 40)
            names = ", ".join(a.tags) or "note"
            items.append((a.id, f"{where}: [{names}] {short(a.quote, 40)} (was “{first}”)"))

        def chosen(ann_id: str | None) -> None:
            if (ann := next((a for a in orphans if a.id == ann_id), None)) is not None:
                after, label = self.model.reattached(ann, target), "re-attached"
            elif (ann := next((a for a in requoted if a.id == ann_id), None)) is not None:
                if moving:
                    after, label = self.model.reattached(ann, target), "moved"
                else:
                    after, label = self.model.placement_kept(ann), "kept on these words"
            else:
                return
            names = ", ".join(ann.tags) or "note"
            if after.orphan:
                # A claim's role (or another span its data holds) is not in
                # those words: placed there it would point at others.
                from newsread.annotations.held_spans import unplaced_span

                missing = unplaced_span(ann.data, (ann.start, ann.end), target, self.model.body)
                self.say(
                    f"not {label} [{names}]: its “{short(missing or '', 40)}” is not in those words"
                )
                return
            self.view.clear_selection()
            self.commit(f"{label} [{names}]", [(ann, after)])

        if not requoted:
            heading = "Attach which annotation to the selection?"
        elif not orphans:
            heading = "Which annotation placed on changed words do you confirm?"
        else:
            heading = "Attach an orphan, or confirm an annotation placed on changed words?"
        self.ask(Chooser(heading, items), chosen)
