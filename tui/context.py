"""What the screens need from the app, as an interface.

The app imports every screen to push it; if the screens imported the app
back, neither could be loaded, tested or changed without the other. A screen
reaches the app's services through ``app_context(self.app)`` instead, typed
by this protocol, which the app satisfies.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from newsread.config import Config
    from storage.history import History
    from storage.library import Library
    from storage.reading import ReadState
    from tui.models.library import QuickLoad
    from tui.writer import BackgroundWriter


class AppContext(Protocol):
    #: the library folder every screen reads and writes
    library: Library
    #: the undo/redo journal shared by the reader and the tag manager
    history: History
    #: where every write goes, in order, off the event loop
    writer: BackgroundWriter
    config: Config
    #: uses per tag, for the tag picker; kept current by the screens that count them
    tag_counts: Counter[str]
    #: which articles are read (opening one marks it)
    reading: ReadState
    #: a feed refresh is running
    refreshing: bool

    def set_tag_counts(self, per_tag: dict[str, int]) -> None:
        """Replace ``tag_counts`` with a fresh count from disk."""
        ...

    def open_article(
        self, article_id: str, copies: list[dict[str, Any]] | None = None, find: Any = None
    ) -> Any:
        """Read an article off the event loop, mark it read, and push a reader for
        it; ``copies``: the other articles of its story, when the caller knows them;
        ``find``: a search (tui.models.library.SearchJump) to open at the first match of."""
        ...

    def open_next_unannotated(self, after: str) -> bool:
        """Leave the reader for the next listed article without annotations
        after ``after``; False (staying) when there is none."""
        ...

    def open_neighbour(self, after: str, step: int, unread: bool = False) -> bool:
        """Leave the reader for the listed article ``step`` (1 or -1) rows from
        ``after``, or with ``unread`` the next unread one that way, marking it
        read as opening does; False (staying) when there is none."""
        ...

    def unlisted(self, article_id: str) -> str:
        """Nothing ("") when ``article_id`` is in the library's list; else that it is
        not, naming the filter that leaves it out."""
        ...

    def take_first_load(self) -> QuickLoad | None:
        """What tui.first_paint read to draw the library before the app started,
        once (None after the first call, or when nothing was drawn early)."""
        ...

    def warm_pipeline(self) -> None:
        """Load spaCy in the background (once), now that the first screen is up."""
        ...

    def refresh_feeds(self) -> None:
        """Refresh every feed in the background (or say that a refresh is running)."""
        ...


def app_context(app: object) -> AppContext:
    """The running app, seen through the interface the screens may use."""
    return cast(AppContext, app)
