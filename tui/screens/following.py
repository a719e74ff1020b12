"""Screens that show what files on disk hold and follow them: another terminal
(``newsread tag``, an import, a second app) or another screen of this one may
change them meanwhile.

A screen using ``FollowsDisk`` says which files' stamps its rows were read at
(``_change_stamp``, taken by its ``reload`` before reading, into ``_stamp``)
and calls ``follow_disk`` once mounted; it is read again when it is on top
and the stamps moved, and when it comes back into view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

#: Seconds between two looks at the stamps.
POLL_SECONDS = 2.0


class FollowsDisk:
    #: the files' stamps the rows on screen were read at
    _stamp: tuple[tuple[int, ...], ...] | None = None
    #: the screen has been shown once (its first resume comes with the mount,
    #: whose load is under way: a second one beside it would read it all twice)
    _resumed = False

    if TYPE_CHECKING:  # given by the Screen this is mixed into (after it)
        app: Any

        def reload(self) -> Any: ...

        def set_interval(self, interval: float, callback: Any) -> Any: ...

    def _change_stamp(self) -> tuple[tuple[int, ...], ...]:
        raise NotImplementedError

    def follow_disk(self) -> None:
        self.set_interval(POLL_SECONDS, self._poll_changes)

    def _poll_changes(self) -> None:
        if self.app.screen is self and self._stamp != self._change_stamp():
            self.reload()

    def on_screen_resume(self) -> None:
        # Back from another screen or a dialog: what was done there shows.
        if self._resumed:
            self.reload()
        self._resumed = True
