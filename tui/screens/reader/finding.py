"""Finding text in the article: ``/`` opens the find box, enter selects the
next match after the cursor (so ``t`` tags it), ``ctrl+n`` the one after.

An article opened from a library search (``find_on_open``) starts on the
first match of that search's words and phrases (of several words, the first
of the passage where they stand together, which the library's snippet
showed), found as the search index
finds them (case and accents ignored, a phrase across punctuation, ``word*``
as a prefix): in the title (the reader opens at the top, as it always has),
else in the text, selected; ``ctrl+n`` then steps through the matches in the
text, until ``/`` finds something else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.actions import SkipAction
from textual.widgets import Input

from tui.screens.reader.base import ReaderBase
from tui.widgets.find_bar import FindBar

if TYPE_CHECKING:
    from tui.models.library import SearchJump


class FindMixin(ReaderBase):
    #: the library search this reader was opened from (None: none, or replaced
    #: by a find of the user's own)
    search_jump: SearchJump | None = None

    def find_on_open(self, jump: SearchJump) -> None:
        """Open on the first match of ``jump``'s words (called before the
        screen is pushed; the selection is made once the text is laid out)."""
        self.search_jump = jump
        if not jump.spans:
            self.last_search = jump.label

    # Textual calls the Mount handler of every class along the MRO: this one
    # runs after ReaderScreen.on_mount, which has drawn the text.
    def on_mount(self) -> None:
        if self.search_jump is not None:
            # After a refresh: the view's layout, which scrolling needs, exists then.
            self.call_after_refresh(self._first_search_match)

    def _search_spans(self) -> list[tuple[int, int]]:
        from newsread.search import find_matches

        jump = self.search_jump
        if jump is not None and jump.spans:
            # Offsets from a listing made before a re-import may be past the end.
            size = len(self.article.body)
            return [(start, end) for start, end in jump.spans if 0 <= start < end <= size]
        return find_matches(self.article.body, jump.terms) if jump is not None else []

    def _first_search_match(self) -> None:
        from newsread.search import densest_match, find_matches

        jump = self.search_jump
        if jump is None or (not jump.spans and find_matches(self.article.title, jump.terms)):
            # The first match is in the title, at the top: ctrl+n goes on to the text.
            return
        spans = self._search_spans()
        if not spans and jump.spans:
            self.say(f"{jump.label}: no longer at that place in the text")
            return
        if not spans:
            # The hit was in the title, a note, a tag or a quote, not the text.
            self.say(f"“{jump.label}”: not in the text (found in its annotations or source)")
            return
        first = 0
        if not jump.spans and len(jump.terms) > 1:
            # Of several words, the passage the library's snippet showed,
            # where they stand together; one word's first match is the first.
            first = densest_match(self.article.body, spans)
        self._select_search_match(spans, first)

    def _select_search_match(self, spans: list[tuple[int, int]], index: int) -> None:
        start, end = spans[index]
        jump = self.search_jump
        if jump is not None and jump.on_span:
            self.view.move_to_span((start, end), "mark")
            self.view.scroll_to_span((start, end))
            self.say(jump.label)
            return
        # The cursor stands on the match's sentence (its word while the
        # sentences are still being found): a cursor placed, the analysis
        # arriving later does not move it back to the first sentence.
        cursor = self.model.cursor
        found = cursor.unit_at(start)
        if found is not None:
            cursor.move_to_span(*found)
        self.view.select_span(start, end)
        self.view.scroll_to_span((start, end))
        jump = self.search_jump
        if jump is not None and jump.spans:
            self.say(jump.label)
            return
        label = jump.label if jump is not None else ""
        self.say(f"“{label}”: match {index + 1}/{len(spans)}{self._match_keys()}")

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
            if self.search_jump is not None and query != self.search_jump.label.strip():
                # A find of the user's own: literal text from now on.
                self.search_jump = None
            self.last_search = query
            self.action_find_next()

    def action_find_next(self) -> None:
        """Select the next match of the last search after the cursor, wrapping round."""
        if self.search_jump is not None:
            self._next_search_match()
            return
        query = self.last_search
        if not query.casefold():
            self.say(f"nothing to find yet: {self.key('reader.find', '/')} searches")
            return
        match = self.model.next_match(query)
        if match is None:
            self.say(f"“{query}” is not in this article")
            return
        # As for a search's match: the cursor stands on the match's sentence, so
        # j goes on from there and the status line counts that sentence.
        found = self.model.cursor.unit_at(match.start)
        if found is not None:
            self.model.cursor.move_to_span(*found)
        self.view.select_span(match.start, match.end)
        self.view.scroll_to_span((match.start, match.end))
        self.say(f"“{query}”: match {match.number}/{match.count}{self._match_keys()}")

    def _match_keys(self) -> str:
        """What a match's line says the keys do, as the user has them."""
        after, tag = self.key("reader.find_next", "ctrl+n"), self.key("reader.tag", "t")
        return f" · {after} next · {tag} tags it"

    def _next_search_match(self) -> None:
        """The library search's next match after the cursor, wrapping round."""
        spans = self._search_spans()
        if not spans:
            label = self.search_jump.label if self.search_jump is not None else ""
            self.say(f"“{label}”: no match in the text")
            return
        target = self.model.cursor.target
        here = target[0] if target else -1
        index = next((i for i, (start, _) in enumerate(spans) if start > here), 0)
        self._select_search_match(spans, index)
