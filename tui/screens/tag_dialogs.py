"""Small modal dialogs for the tag manager: a text prompt, a yes/no question,
a tag chooser and a one-key capture for quick keys.

They carry their own DEFAULT_CSS so they can be reused without the app's tcss.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsread.sanitize import restore_untouched
from tui.screens.keyed import KeyedModal
from tui.widgets.keyed import KeyedInput, KeyedOptionList
from tui.widgets.shown import shown, visible

_BOX_CSS = """
    align: center middle;

    & > Vertical {
        width: 64; max-width: 100%;
        height: auto;
        max-height: 80%;
        padding: 1 2;
        border: thick $primary;
        background: $surface;
    }
    & .dialog-title {
        text-style: bold;
        margin-bottom: 1;
    }
    & .dialog-hint {
        color: $text-muted;
        margin-top: 1;
    }
    & .dialog-error {
        color: $error;
        height: auto;
    }
"""


class TextPrompt(KeyedModal[str | None]):
    """Ask for one line of text; ``validate`` returns an error to show, or None.

    ``value`` is shown with visible stand-ins for control characters; the ones
    the user leaves alone come back as the characters they stand for.
    """

    DEFAULT_CSS = f"TextPrompt {{{_BOX_CSS}}}"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="tagdialog.prompt_cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        validate: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(shown(self.title_text), classes="dialog-title")
            yield KeyedInput(visible(self.value), placeholder=self.placeholder, id="prompt-input")
            yield Static("", classes="dialog-error", id="prompt-error")
            yield Static("enter accepts · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = restore_untouched(self.value, event.value.strip())
        error = self.validate(value) if self.validate else None
        if error:
            self.query_one("#prompt-error", Static).update(shown(error))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class _Question(KeyedModal[bool]):
    """A question answered yes or no by keys; the hint under it says which."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(shown(self.question), id="confirm-question")
            yield Static(self.hint(), classes="dialog-hint", id=self.HINT_ID)

    HINT_ID = "confirm-keys"

    def hint(self) -> str:
        raise NotImplementedError

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ConfirmDialog(_Question):
    """A yes/no question: y or enter confirms, n or escape cancels."""

    DEFAULT_CSS = f"ConfirmDialog {{{_BOX_CSS}}}"
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="tagdialog.confirm_yes"),
        Binding("n,escape", "answer(False)", "No", id="tagdialog.confirm_no"),
    ]

    def hint(self) -> str:
        return "y / enter: yes · n / esc: no"


class DestroyDialog(_Question):
    """A question whose yes destroys annotations or an article: only y says
    yes. Enter, n and escape keep everything, so a stray enter (typed fast
    after the key that asked, or meant for a box that had closed) never
    answers it. Keys of its own, not ConfirmDialog's: their ids are remapped
    apart from the everyday yes/no."""

    DEFAULT_CSS = f"DestroyDialog {{{_BOX_CSS}}}"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, destroy", id="destroy.yes"),
        Binding("n,escape,enter", "answer(False)", "No, keep", id="destroy.no"),
    ]
    HINT_ID = "destroy-keys"

    def hint(self) -> str:
        # Filled in on mount, from the user's keys: a remapped yes must be the
        # one the dialog names.
        return ""

    def on_mount(self) -> None:
        keys: dict[str, list[str]] = {"destroy.yes": [], "destroy.no": []}
        for active in self.active_bindings.values():
            if active.binding.id in keys:
                keys[active.binding.id].append(self.app.get_key_display(active.binding))
        yes, no = (" / ".join(keys[name]) for name in ("destroy.yes", "destroy.no"))
        hint = f"{yes}: yes · {no}: no, keep everything"
        self.query_one(f"#{self.HINT_ID}", Static).update(shown(hint))


class TagChooser(KeyedModal[str | None]):
    """Pick one tag from a list (each shown with its colour and use count)."""

    DEFAULT_CSS = f"""TagChooser {{{_BOX_CSS}}}
    TagChooser OptionList {{
        height: auto;
        max-height: 20;
    }}
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="tagdialog.choose_cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str, int]]) -> None:
        """``choices``: (name, colour, uses) per tag."""
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        options = []
        for name, color, uses in self.choices:
            label = Text()
            label.append("■ ", style=color or "white")
            label.append(visible(name), style="bold")
            label.append(f"  {uses}", style="dim")
            options.append(Option(label, id=name))
        with Vertical():
            yield Static(shown(self.title_text), classes="dialog-title")
            yield KeyedOptionList(*options, id="chooser-options")
            yield Static("enter picks · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if options.option_count:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class KeyCapture(KeyedModal[str | None]):
    """Read one key for a tag's quick key: 1-9 sets it, 0 or backspace clears it
    (returned as ""), escape cancels (None)."""

    DEFAULT_CSS = f"KeyCapture {{{_BOX_CSS}}}"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="tagdialog.key_cancel")]

    def __init__(self, tag_name: str, remapped: dict[str, str] | None = None) -> None:
        """``remapped``: digit -> the key the reader answers for it instead, for
        the quick keys remapped in [keys] (the digit typed here is the slot)."""
        super().__init__()
        self.tag_name = tag_name
        self.remapped = remapped or {}

    def compose(self) -> ComposeResult:
        hint = "press 1-9 · 0 or backspace clears · esc cancels"
        if self.remapped:
            moved = ", ".join(f"{digit} is {key}" for digit, key in self.remapped.items())
            hint += f" · in the reader {moved}"
        with Vertical():
            yield Static(shown(f"Quick key for tag '{self.tag_name}'"), classes="dialog-title")
            yield Static(shown(hint), classes="dialog-hint")

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character in "123456789":
            event.stop()
            self.dismiss(event.character)
        elif event.key in ("0", "backspace"):
            event.stop()
            self.dismiss("")

    def action_cancel(self) -> None:
        self.dismiss(None)
