"""Finding text in the article: ``/`` opens the find box, enter selects the
next match after the cursor (so ``t`` tags it), ``ctrl+n`` the one after."""

from __future__ import annotations

from textual.actions import SkipAction
from textual.widgets import Input

from tui.screens.reader.base import ReaderBase
from tui.widgets.find_bar import FindBar


class FindMixin(ReaderBase):
    def action_find(self) -> None:
        if isinstance(self.focused, FindBar):
            raise SkipAction()  # typed in the box: a character to find, not a new search
        self.find_bar.open(self.last_search)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        query = event.value.strip()
        self.close_find()
        # At once, so keys typed right after enter (t to tag the match) reach the text.
        self.set_focus(self.view)
        if query:
            self.last_search = query
            self.action_find_next()

    def action_find_next(self) -> None:
        """Select the next match of the last search after the cursor, wrapping round."""
        query = self.last_search
        if not query.casefold():
            self.say("nothing to find yet: / searches")
            return
        match = self.model.next_match(query)
        if match is None:
            self.say(f"“{query}” is not in this article")
            return
        self.view.select_span(match.start, match.end)
        self.view.scroll_to_span((match.start, match.end))
        self.say(f"“{query}”: match {match.number}/{match.count} · ctrl+n next · t tags it")
