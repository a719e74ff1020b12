"""Keys handled one at a time, in the order they were typed.

Textual hands each key to the queue of the widget that has focus when the key
arrives, and a binding's action (opening the tag picker, say) runs only once
that key has bubbled back up to the app. Keys typed quickly after it were by
then queued for the old focus: the letters typed right after ``t`` reached the
reader, where ``u`` undoes, instead of the tag picker's box; ``t`` right after
``enter`` reached the library before the article was up.

So a key is passed on only when the one before it is done: handled by its
widget and by every ancestor up to the app (twice over, so that what its
handlers posted on the way, such as a row's Selected message, is handled
too), an article it asked for is on screen, and a screen it opened is
mounted and, if it says so (``ready_for_keys``), ready. Held keys keep their
order; a key that makes no step up its chain for ``PATIENCE`` (an action
waiting on something else) stops holding the rest. A key that is only slow,
on a loaded machine, still goes first: it is timed per step, not whole.
Escape typed while a screen gets ready leaves it at once, and the keys typed
before it are dropped: they were meant for a screen that never took them.

A paste takes its turn among the keys: Textual hands it to the focused
widget as it arrives, so one pasted while typed letters were still held
landed in the middle of them (``abcdefghPASTEDijkl``), or in the reader when
the note editor the keys were opening was not up yet.
"""

from __future__ import annotations

import time
import weakref
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import events
from textual.app import ScreenStackError

from tui.trace import say

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.timer import Timer

#: Seconds a key may stay at one widget before the keys after it go on without it.
PATIENCE = 1.0
#: Seconds keys wait for an article being read to come on screen.
SCREEN_PATIENCE = 3.0
#: Seconds keys wait for a screen to be ready for them (``ready_for_keys``).
READY_PATIENCE = 10.0
#: How often held keys look again whether what they wait for has come.
POLL = 0.01

#: What is let through in turn: keys, and pastes among them.
Typed = events.Key | events.Paste


def _name(event: Typed) -> str:
    # For the key trace: a paste is named by its length, not its text.
    return event.key if isinstance(event, events.Key) else f"paste of {len(event.text)}"


class KeyOrder:
    """The app's keys, let through one at a time (see the module docstring).

    ``handle`` is the app's own handling of a fresh key (Textual's: priority
    bindings, then forwarded to the focused widget); ``admit`` decides whether
    a key goes to it now or waits its turn.
    """

    def __init__(self, app: App, handle: Callable[[Typed], Awaitable[None]]) -> None:
        self._app = app
        self._handle = handle
        self._held: deque[Typed] = deque()
        self._current: Typed | None = None
        self._since = 0.0
        # Screens are remembered weakly: a reader left behind is not kept alive.
        self._screen: weakref.ref[Screen] | None = None
        self._awaited: object | None = None
        self._awaited_until = 0.0
        self._timer: Timer | None = None
        self._readying: weakref.ref[Screen] | None = None
        self._ready_until = 0.0
        self._gave_up_on: weakref.ref[Screen] | None = None
        #: Keys done so far (handled, or given up on after PATIENCE).
        self.done = 0

    @property
    def holding(self) -> int:
        """How many keys wait their turn."""
        return len(self._held)

    async def admit(self, event: Typed) -> None:
        """Handle ``event`` now when nothing is before it, else hold it."""
        if self._current is None and not self._held and not self._waiting():
            self._current = event
            await self._run(event)
        else:
            self._held.append(event)
            self._say(f"hold {_name(event)} ({len(self._held)} held)")
            self._watch()

    def expect_screen(self) -> object:
        """A screen is being prepared off the event loop (an article read in a
        worker): keys wait for it. Returns the token ``arrived`` takes."""
        token = object()
        self._awaited = token
        self._awaited_until = time.monotonic() + SCREEN_PATIENCE
        self._say("wait for a screen")
        return token

    def arrived(self, token: object) -> None:
        """The screen ``token`` stands for is pushed, or will not come."""
        if self._awaited is token:
            self._awaited = None
            self._say("the screen came")
            self._release()

    # -- inside -----------------------------------------------------------------------------

    async def _run(self, event: Typed) -> None:
        if event is not self._current:
            return  # given up on while it waited for its turn at the app
        app = self._app
        self._since, self._screen = time.monotonic(), weakref.ref(app.screen)
        target: DOMNode = app.focused or app.screen
        self._say(f"run {_name(event)} at {type(target).__name__}#{target.id or ''}")
        await self._handle(event)
        chain: list[DOMNode] = []
        node: DOMNode | None = target
        while node is not None:
            chain.append(node)
            node = node.parent
        if not chain or chain[-1] is not app:
            chain.append(app)
        self._hop(event, chain * 2, 0)

    def _hop(self, event: Typed, chain: list[DOMNode], at: int) -> None:
        # A callback queued behind the key at each widget in turn runs once that
        # widget has handled it (and passed it up): its queue is in order.
        if event is not self._current:
            return  # given up on (PATIENCE)
        self._since = time.monotonic()
        while at < len(chain):
            if chain[at].call_later(self._hop, event, chain, at + 1):
                return
            at += 1  # a widget that is closing handles nothing more
        self._current = None
        self.done += 1
        self._say(f"done {_name(event)}")
        self._release()

    def _waiting(self) -> bool:
        now = time.monotonic()
        if self._awaited is not None:
            if now < self._awaited_until:
                return True
            self._awaited = None
        try:
            screen = self._app.screen
        except ScreenStackError:  # no screen yet: nothing could take the key
            return True
        return not screen.is_mounted or self._unready(screen, now)

    def _unready(self, screen: Screen, now: float) -> bool:
        # A screen that says it cannot use keys yet (a reader before its
        # sentences are known, where "t" has nothing to tag) has them held, for
        # READY_PATIENCE at most; once given up on, it is not waited for again.
        if getattr(screen, "ready_for_keys", True) or _is(self._gave_up_on, screen):
            return False
        if not _is(self._readying, screen):
            self._readying, self._ready_until = weakref.ref(screen), now + READY_PATIENCE
        if now < self._ready_until:
            return True
        self._gave_up_on = weakref.ref(screen)
        self._say(f"stop waiting for {type(screen).__name__} to be ready")
        return False

    def _escape_from_unready(self) -> None:
        # Escape typed while a screen gets ready leaves it without waiting; what
        # was typed before it, meant for the screen that never took it, goes.
        screen = self._app.screen
        if (
            self._awaited is None
            and screen.is_mounted
            and not getattr(screen, "ready_for_keys", True)
        ):
            keys = [_name(event) for event in self._held]
            if "escape" in keys:
                for _ in range(keys.index("escape")):
                    self._say(f"drop {_name(self._held.popleft())} (escape typed after it)")
                    self.done += 1
                self._gave_up_on = weakref.ref(screen)

    def _release(self) -> None:
        if self._current is not None or not self._held:
            return
        self._escape_from_unready()
        if self._waiting():
            self._watch()
            return
        if not _is(self._screen, self._app.screen):
            # A screen came or went with the last key: its focus is set by
            # callbacks queued at the app as it mounted, which go first.
            self._screen = weakref.ref(self._app.screen)
            self._app.call_later(self._release)
            return
        # Its turn is taken now: a key arriving before the app runs it waits.
        event = self._current = self._held.popleft()
        self._since = time.monotonic()
        self._app.call_later(self._run, event)

    def _watch(self) -> None:
        if self._timer is None:
            self._timer = self._app.set_interval(POLL, self._check, name="key order")

    def _check(self) -> None:
        if self._current is not None and time.monotonic() - self._since > PATIENCE:
            self._say(f"go on without {_name(self._current)} (no step for {PATIENCE} s)")
            self._current = None
            self.done += 1
        self._release()
        if not self._held and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _say(self, what: str) -> None:
        # Into the app's key trace, when it keeps one (NEWSREAD_TRACE_KEYS).
        say(self._app, what)


class KeysInOrder:
    """Mixed into an App before ``App``: fresh keys and pastes go through
    ``self.keys`` (a KeyOrder made with ``self.handle_key_now``); keys on
    their way back up from a widget go on as ever."""

    keys: KeyOrder

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            await self.keys.admit(event)
        else:
            await super().on_event(event)  # type: ignore[misc]

    async def handle_key_now(self, event: Typed) -> None:
        """Textual's own handling of a fresh key or paste, once its turn has come."""
        await super().on_event(event)  # type: ignore[misc]


def _is(remembered: weakref.ref[Screen] | None, screen: Screen) -> bool:
    return remembered is not None and remembered() is screen
