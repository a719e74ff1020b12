"""What cleaning cut, in the reader: ``C`` shows the cut lines in place (each
after its reason), ``P`` puts the one under the cursor back into the text,
``X`` cuts the paragraph under the cursor.

Putting back and cutting change the article's text: they are saved in the
writer thread (``storage.corrections``: the new text, the annotations moved
onto it, the correction kept for re-imports), and the screen then shows the
new text with the cursor on what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.screens.reader.base import BodyChanged, ReaderBase
from tui.wording import annotations_held, plural, short

if TYPE_CHECKING:
    from storage.corrections import Corrected


class CuttingMixin(ReaderBase):
    def action_toggle_cuts(self) -> None:
        shown = self.model.toggle_cuts()
        self.view.set_cuts(self.model.shown_cuts())
        self.view.cursor_changed()
        cuts, removed = self.article.cuts, self.article.removed
        if not shown:
            self.say("cut lines hidden")
        elif cuts:
            self.say(f"{plural(len(cuts), 'cut line')} shown · j/k step onto one · P puts it back")
        elif removed:
            # Imported before cuts kept their places, or by a path that does not
            # record them (HTML pages so far).
            self.say("where this article's cut lines stood was not recorded: i lists them")
        else:
            self.say("cleaning cut nothing from this article")

    def action_restore_cut(self) -> None:
        cut = self.model.cut_at_cursor()
        if cut is None:
            hint = "move onto a cut line" if self.model.cuts_shown else "C shows the cut lines"
            self.say(f"P puts a cut line back: {hint} first")
            return
        library, article_id = self.ctx.library, self.article.id
        body_hash = self.article.content_hash

        def job() -> Corrected:
            from storage.corrections import restore_cut

            return restore_cut(library, article_id, cut, body_hash)

        self._correct(job, cut.text, "putting the line back")

    def action_cut_paragraph(self) -> None:
        if self.model.cut_at_cursor() is not None:
            self.say("this line is already cut: P puts it back")
            return
        paragraph = self.model.paragraph_at_cursor()
        if paragraph is None:
            self.say("no paragraph at the cursor")
            return
        if len(self.model.cursor.units.get("paragraph", [])) < 2:
            self.say("this is the article's only paragraph: cutting it would leave no text")
            return
        library, article_id = self.ctx.library, self.article.id
        body_hash = self.article.content_hash
        start = paragraph[0]

        def job() -> Corrected:
            from storage.corrections import cut_paragraph

            return cut_paragraph(library, article_id, start, body_hash)

        text = self.model.quote(paragraph)
        # Every annotation the cut unplaces, those W hides too: not only the shown.
        lo, hi = paragraph
        on_it = [a for a in self.annotations if not a.orphan and a.start < hi and lo < a.end]
        held = len(on_it)
        if not held:
            self._correct(job, text, "cutting the paragraph")
            return
        # Annotations on a cut paragraph stay with the article, unplaced, until
        # P puts it back: ask first, a stray X should not unplace someone's work.
        # (The cut checks the text it was asked for is still the one stored.)
        from tui.screens.tag_dialogs import DestroyDialog

        theirs = [a.annotator for a in on_it if not self.model.is_mine(a)]
        question = (
            f"This paragraph holds {annotations_held(held, theirs)}. Cut it? "
            f"{'It stays' if held == 1 else 'They stay'} with the article, unplaced, "
            "until P puts the paragraph back."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._correct(job, text, "cutting the paragraph")
            else:
                self.say("not cut")

        self.app.push_screen(DestroyDialog(question), answered)

    def _correct(self, job: Callable[[], Corrected], text: str, doing: str) -> None:
        """Run a correction in the writer thread, after every edit queued before
        it; the screen shows the result when it is saved, or says it was not
        (``doing`` names it) and shows what is stored instead."""
        from tui.screens.reader.base import not_saved

        if self.refused_on_damage(f"not saved: {doing}"):
            return
        self.body_write_pending = True
        library, article_id = self.ctx.library, self.article.id

        def save() -> None:
            try:
                done = job()
            except Exception as exc:  # noqa: BLE001 - said on the screen, not raised
                self.post_message(self.BodyChanged(None))
                self.post_message(not_saved(library, article_id, doing, [], exc, None))
                return
            self.post_message(self.BodyChanged(done, text))

        self.submit_own(save)
        self.say("saving…")

    def show_corrected(self, message: BodyChanged) -> None:
        """The new text is saved: show it, its annotations, and its cut lines."""
        done = message.corrected
        if done is None:
            self.body_write_pending = False  # the Saved message after it says why
            return
        # Moved onto the new text, not added or removed: the tag counts stand.
        self.model.replace_article(done.article, done.annotations, done.span, message.text)
        # Moved with the text on disk: kept at their old offsets they would
        # let a rejected suggestion back and hide another.
        self.model.rejected = list(done.rejected)
        self.view.set_body(done.article.body)
        self.view.set_cuts(self.model.shown_cuts())
        self.view.cursor_changed()
        self.refresh_all()
        self.run_analysis()
        # Last: the disk check must not compare the stored text with the old one.
        self.body_write_pending = False
        self.unjournalled = done.label
        what = f"{done.label}: “{short(message.text, 50)}”"
        if done.orphans:
            what += f" · {plural(done.orphans, 'annotation')} could not be placed (o re-attaches)"
        if done.rejections_dropped:
            what += (
                f" · {plural(done.rejections_dropped, 'rejected suggestion')} dropped with "
                "the words it was on"
            )
        self.say(what)
