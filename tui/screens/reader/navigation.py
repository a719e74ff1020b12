"""Moving about the reader: the cursor by unit, the selection, the side lists
(jumping through an entity's mentions or to a claim), what is shown, and back."""

from __future__ import annotations

from textual.widgets import OptionList

from tui.screens.dialogs import InfoScreen
from tui.screens.reader.base import ReaderBase
from tui.screens.reader.status import info_text, no_room_for_side
from tui.wording import plural


class NavigationMixin(ReaderBase):
    def action_move(self, unit: str, delta: int) -> None:
        # Through the model: with the cut lines shown, a step may land on one.
        if self.model.move(unit, delta):
            self.view.cursor_changed()
        elif unit == "mark" and self.analysis is None:
            self.say("entities and claims are still being analysed")

    def action_page(self, delta: int) -> None:
        """pgdn / pgup: a screenful on, the cursor on the first sentence shown
        (the view alone scrolled, and t tagged a sentence off screen)."""
        self.view.page("sentence", delta)

    def action_edge(self, delta: int) -> None:
        """home / end: the first or the last sentence."""
        self.view.edge("sentence", delta)

    def action_select(self) -> None:
        self.view.start_selection()

    def action_back(self) -> None:
        """escape steps back one thing at a time: out of the find box or the side
        lists to the text, then off the selection, then to the library."""
        if self.focused is not None and self.focused is not self.view:
            self.close_find()
            self.set_focus(self.view)
            return
        if self.view.selection is not None:
            self.view.clear_selection()
            return
        self.app.pop_screen()

    def action_next_unannotated(self) -> None:
        """On to the next article in the library's order that nobody has
        annotated yet (the library's filter and sort decide the order)."""
        if not self.ctx.open_next_unannotated(self.article.id):
            self.say("no other listed article is without annotations")

    def action_close(self) -> None:
        """q: back to the screen under the reader at once (escape steps out of
        the find box and the selection first)."""
        self.app.pop_screen()

    def action_step_article(self, step: int, unread: bool = False) -> None:
        """The next or previous article of the library's list (its filter,
        search and sort), or the next unread one; opening it marks it read."""
        if self.ctx.open_neighbour(self.article.id, step, unread):
            return
        # Opened from L (or a story's copies) past the library's filter: no
        # neighbour because it is not listed at all, not because it is last.
        if unlisted := self.ctx.unlisted(self.article.id):
            self.say(unlisted)
        elif unread:
            self.say("no unread article listed after this one")
        else:
            self.say(f"no listed article {'after' if step > 0 else 'before'} this one")

    def action_browser(self) -> None:
        from functools import partial

        from tui.web_open import open_in_browser

        def tell(text: str) -> None:
            if self.is_attached:  # not when q closed the reader meanwhile
                self.say(text)

        self.say("opening the browser…")
        job = partial(open_in_browser, self.app, self.ctx.library, self.article.id, tell)
        self.run_worker(job, thread=True, group="browser", exit_on_error=False)

    def action_toggle_layer(self, layer: str) -> None:
        shown = self.view.toggle_layer(layer)
        self.say(f"{layer} highlights {'shown' if shown else 'hidden'}")

    def action_focus_side(self) -> None:
        """tab: the entity list, again the claim list, again back to the text."""
        lists = [
            w
            for w in self.query("#side-entity-list, #side-claim-list").results(OptionList)
            if w.display and w.option_count
        ]
        order = [self.view, *lists]
        focused = self.focused if self.focused in order else self.view
        order[(order.index(focused) + 1) % len(order)].focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Jump to the chosen claim, or to the next mention of the chosen entity."""
        option_id = event.option.id or ""
        if option_id.startswith("claim:"):
            _, _, start, end = option_id.split(":")
            self.view.move_to_span((int(start), int(end)), "mark")
            self.view.focus()
            return
        if not option_id.startswith("entity:"):
            return
        name = option_id.split(":", 2)[2]
        mention = self.model.next_mention(name)
        if mention is None:
            return
        self.view.move_to_span((mention.entity.start, mention.entity.end), "mark")
        self.say(f"{name}: mention {mention.number}/{mention.count}")

    def action_filter_annotator(self) -> None:
        whose = self.model.cycle_annotator_filter()
        self.refresh_all()
        if whose is None:
            self.say("annotations by everyone shown")
        else:
            mine = " (yours)" if whose == self.model.annotator else ""
            count = len(self.model.shown_annotations())
            self.say(f"only {whose or 'unknown'}{mine}: {plural(count, 'annotation')}")

    def action_toggle_side(self) -> None:
        self.side_choice = not self.side.display
        total = self.size.width
        if not self.place_side(total):
            self.side_choice = None  # nothing shown: the next s asks again
            self.say(no_room_for_side(total, self.key("reader.toggle_side", "s")))
            return
        self.update_status()

    def action_info(self) -> None:
        from storage.corrections import RESTORE, stored

        # One small file, read as the pane opens: the lines put back are not
        # on the article, whose cuts no longer hold them.
        put_back = [
            (c.reason, c.text)
            for c in stored(self.ctx.library, self.article.id)
            if c.action == RESTORE
        ]
        info = info_text(self.article, self.analysis_note, self.copies, put_back)
        self.app.push_screen(InfoScreen(info))
