"""Small modal dialogs used by the reader: a note editor and a chooser."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from newsread.sanitize import restore_untouched
from tui.screens.keyed import KeyedModal
from tui.widgets.keyed import KeyedOptionList, KeyedTextArea, KeyedVerticalScroll
from tui.widgets.shown import shown, visible


class NoteEditor(KeyedModal[str | None]):
    """Multi-line note: ``ctrl+s`` saves, ``escape`` cancels (asking first
    when the note was changed).

    The note is edited with visible stand-ins for its control characters; the
    ones the user leaves alone are saved as the characters they stand for.
    """

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical {
        width: 80; max-width: 100%; height: 16;
        border: round $accent; background: $surface; padding: 0 1;
    }
    NoteEditor TextArea { height: 1fr; }
    NoteEditor .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, heading: str, text: str = "", unsaved: bool = False) -> None:
        """``unsaved``: ``text`` itself is not stored anywhere (a note whose
        annotation was deleted meanwhile): escape asks before dropping it."""
        super().__init__()
        self.heading = heading
        self.text = text
        self.unsaved = unsaved

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(shown(self.heading))
            yield KeyedTextArea(
                visible(self.text), id="note-text", soft_wrap=True, show_line_numbers=False
            )
            yield Static("ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        # Stripped as shown: a control character the note ends with is no
        # whitespace the user typed.
        edited = self.query_one(TextArea).text.strip()
        self.dismiss(restore_untouched(self.text, edited))

    def would_lose_typing(self) -> bool:
        """Whether closing the editor now throws away words the user typed
        (or a note stored nowhere else)."""
        typed = self.query_one(TextArea).text
        return typed != visible(self.text) or bool(self.unsaved and typed.strip())

    def action_cancel(self) -> None:
        if not self.would_lose_typing():
            self.dismiss(None)
            return
        # A stray escape must not throw away what was typed.
        from tui.screens.tag_dialogs import DestroyDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
            else:
                self.query_one(TextArea).focus()

        self.app.push_screen(DestroyDialog("Discard the changes to this note?"), answered)


class Chooser(KeyedModal[str | None]):
    """Pick one item from a list; returns its id. ``highlight``: the id of the
    item the list opens on (the current value, say)."""

    DEFAULT_CSS = """
    Chooser { align: center middle; }
    Chooser > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 80%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    Chooser OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="chooser.cancel")]

    def __init__(
        self, heading: str, items: list[tuple[str, str]], highlight: str | None = None
    ) -> None:
        super().__init__()
        self.heading = heading
        self.items = items
        self._highlight_id = highlight

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(shown(self.heading))
            # Text, not str: a label like "[tag] quote" must not be read as markup.
            yield KeyedOptionList(*[Option(shown(label), id=ident) for ident, label in self.items])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        ids = [ident for ident, _ in self.items]
        if self._highlight_id in ids:
            options.highlighted = ids.index(self._highlight_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class InfoScreen(KeyedModal[None]):
    """Read-only details: metadata, copies, and what cleaning cut and why."""

    #: the pane the focus stays in, whose scroll keys come first (tui.keymap checks them)
    FOCUSED_WIDGETS = (KeyedVerticalScroll,)

    DEFAULT_CSS = """
    InfoScreen { align: center middle; }
    InfoScreen > VerticalScroll {
        width: 100; max-width: 100%; height: 80%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="info.close"),
        Binding("i", "close", "Close", show=False, id="info.close_alt"),
        Binding("q", "close", "Close", show=False, id="info.back"),
    ]

    def __init__(self, body: Text) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        with KeyedVerticalScroll():
            yield Static(self.body)

    def action_close(self) -> None:
        self.dismiss(None)
