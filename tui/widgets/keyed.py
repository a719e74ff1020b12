"""Textual's table, option list, text field and text area with every key binding named.

Textual's own DataTable and OptionList bind their keys without ids, so the
config's ``[keys]`` table could not move them and the help screen listed them
as Textual's. These declare the same keys and actions, each with an id, in
place of the inherited ones (``inherit_bindings=False``).
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, TextArea


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
        # The first and last row, as home and end do in the app's other lists
        # (Textual's scroll sideways in a table of rows: the cursor stayed).
        Binding("home", "first", "First", show=False, id="grid.home"),
        Binding("end", "last", "Last", show=False, id="grid.end"),
    ]

    def action_first(self) -> None:
        if self.cursor_type == "row":
            self.action_scroll_top()
        else:
            self.action_scroll_home()

    def action_last(self) -> None:
        if self.cursor_type == "row":
            self.action_scroll_bottom()
        else:
            self.action_scroll_end()


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


def named(widget: type[Widget], prefix: str) -> list[Binding]:
    """A Textual widget's bindings as it merges them (its bases' included),
    each given the id ``prefix.action``: the same keys, actions and
    descriptions, so the help screen lists them with an id and ``[keys]`` can
    move them. The action that extends the selection (``cursor_left(True)``)
    is ``prefix.cursor_left_select``."""
    out: list[Binding] = []
    for key, bindings in widget._merge_bindings().key_to_bindings.items():
        for binding in bindings:
            name, _, args = binding.action.rsplit(".", 1)[-1].partition("(")
            if args.startswith("True"):
                name += "_select"
            out.append(replace(binding, key=key, id=f"{prefix}.{name}"))
    return out


class KeyedInput(Input, inherit_bindings=False):
    """A one-line text field whose editing keys can be remapped as ``field.*``."""

    BINDINGS = named(Input, "field")


class KeyedTextArea(TextArea, inherit_bindings=False):
    """The note editor's text area, its editing keys remappable as ``editor.*``."""

    BINDINGS = named(TextArea, "editor")


class KeyedVerticalScroll(VerticalScroll, inherit_bindings=False):
    """A scrolling pane (the queue's, the statistics', the side panel) whose
    keys can be remapped as ``scroll.*``: Textual's VerticalScroll binds
    them without ids, and the help screen listed them as Textual's."""

    BINDINGS = [
        Binding("up", "scroll_up", "Scroll up", show=False, id="scroll.up"),
        Binding("down", "scroll_down", "Scroll down", show=False, id="scroll.down"),
        Binding("left", "scroll_left", "Scroll left", show=False, id="scroll.left"),
        Binding("right", "scroll_right", "Scroll right", show=False, id="scroll.right"),
        Binding("home", "scroll_home", "Scroll to the top", show=False, id="scroll.home"),
        Binding("end", "scroll_end", "Scroll to the end", show=False, id="scroll.end"),
        Binding("pageup", "page_up", "Page up", show=False, id="scroll.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="scroll.page_down"),
        Binding("ctrl+pageup", "page_left", "Page left", show=False, id="scroll.page_left"),
        Binding("ctrl+pagedown", "page_right", "Page right", show=False, id="scroll.page_right"),
    ]
