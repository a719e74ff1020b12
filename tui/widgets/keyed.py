"""Textual's table and option list with every key binding named.

Textual's own DataTable and OptionList bind their keys without ids, so the
config's ``[keys]`` table could not move them and the help screen listed them
as Textual's. These declare the same keys and actions, each with an id, in
place of the inherited ones (``inherit_bindings=False``).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable, OptionList


class KeyedDataTable(DataTable, inherit_bindings=False):
    """A DataTable (the tag manager's) whose keys can be remapped as ``grid.*``."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Select", show=False, id="grid.select"),
        Binding("up", "cursor_up", "Up", show=False, id="grid.up"),
        Binding("down", "cursor_down", "Down", show=False, id="grid.down"),
        Binding("right", "cursor_right", "Right", show=False, id="grid.right"),
        Binding("left", "cursor_left", "Left", show=False, id="grid.left"),
        Binding("pageup", "page_up", "Page up", show=False, id="grid.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="grid.page_down"),
        Binding("ctrl+home", "scroll_top", "Top", show=False, id="grid.top"),
        Binding("ctrl+end", "scroll_bottom", "Bottom", show=False, id="grid.bottom"),
        Binding("home", "scroll_home", "Home", show=False, id="grid.home"),
        Binding("end", "scroll_end", "End", show=False, id="grid.end"),
    ]


class KeyedOptionList(OptionList, inherit_bindings=False):
    """An OptionList (choosers, the tag picker, the side panel) whose keys can be
    remapped as ``choices.*``."""

    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False, id="choices.down"),
        Binding("up", "cursor_up", "Up", show=False, id="choices.up"),
        Binding("end", "last", "Last", show=False, id="choices.last"),
        Binding("home", "first", "First", show=False, id="choices.first"),
        Binding("enter", "select", "Select", show=False, id="choices.select"),
        Binding("pagedown", "page_down", "Page down", show=False, id="choices.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="choices.page_up"),
    ]
