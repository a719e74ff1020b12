"""The reader's find box, docked under the article text.

A part of the reader rather than a modal prompt: a prompt pushed by ``/``
is still being mounted when the next keys of a fast burst (``/Wang``)
arrive, and they were lost. This box is mounted with the reader, so it can
take the focus at once.
"""

from __future__ import annotations

from textual.widgets import Input


class FindBar(Input):
    DEFAULT_CSS = """
    FindBar {
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="find in this article — enter finds, esc closes", id=id)

    def open(self, query: str) -> None:
        """Show the box holding ``query`` (selected, so typing replaces it) and focus it."""
        self.value = query
        self.display = True
        # Synchronously, not with focus(): that waits for a later turn of the
        # event loop, and keys already queued behind / would go elsewhere.
        self.screen.set_focus(self)

    def close(self) -> None:
        self.display = False
