"""Screens whose built-in keys have ids.

Textual's Screen binds tab, shift+tab and ctrl+c (copy) without ids, so the
help screen listed them as Textual's and ``[keys]`` could not move them.
Every screen of the app derives from one of these two, which bind the same
keys to the same actions, each with an id.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import ModalScreen, Screen, ScreenResultType

SCREEN_KEYS = [
    Binding("tab", "app.focus_next", "Next field", show=False, id="screen.focus_next"),
    Binding(
        "shift+tab", "app.focus_previous", "Previous field", show=False, id="screen.focus_previous"
    ),
    Binding(
        "ctrl+c,super+c", "screen.copy_text", "Copy selected text", show=False, id="screen.copy"
    ),
]


class KeyedScreen(Screen[ScreenResultType]):
    BINDINGS = SCREEN_KEYS


class KeyedModal(ModalScreen[ScreenResultType]):
    BINDINGS = SCREEN_KEYS
