"""Every key of the screen underneath, generated from its live bindings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.screens.keyed import KeyedModal
from tui.widgets.keyed import KeyedVerticalScroll
from tui.widgets.shown import shown

if TYPE_CHECKING:
    from rich.table import Table


class HelpScreen(KeyedModal[None]):
    #: the pane the focus stays in, whose scroll keys come first (tui.keymap checks them)
    FOCUSED_WIDGETS = (KeyedVerticalScroll,)
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help.close_alt"),
        Binding("q", "dismiss", "Close", show=False, id="help.back"),
        # As in every list of the app: j and k move down and up.
        Binding("j", "line_down", "Scroll down", show=False, id="help.down"),
        Binding("k", "line_up", "Scroll up", show=False, id="help.up"),
    ]

    def __init__(self, title: str, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        #: this screen's own keys (closing, scrolling), as listed under the table
        self.own_rows: list[tuple[str, str, str]] = []

    def compose(self) -> ComposeResult:
        from rich.text import Text

        table = _key_table("Key", "Binding id (remap in config)", self.rows)
        title = Text.assemble((self.title_text, "bold"), " — keys")
        with KeyedVerticalScroll(id="help-box"):
            yield Static(title, id="help-title")
            yield Static(table)
            # Filled once the pane has the focus: its scroll keys are active then.
            yield Static("", id="help-own")
            # Text: as markup, "[keys]" would vanish as an unknown style tag.
            yield Static(
                Text(
                    "esc or q closes · remap keys in the [keys] table of the config file "
                    "(newsread config path)"
                ),
                id="help-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()
        self.call_after_refresh(self._list_own_keys)

    def _list_own_keys(self) -> None:
        # Every binding is listed in a footer or a help screen: this screen's own
        # (closing it, j/k and the pane's scroll.* keys) are listed here.

        from tui.keymap import help_rows

        self.own_rows = help_rows(
            ((key, active.binding) for key, active in self.active_bindings.items()),
            self.app.get_key_display,
        )
        table = _key_table("Key (this screen)", "Binding id", self.own_rows)
        self.query_one("#help-own", Static).update(table)

    def action_line_down(self) -> None:
        self.query_one("#help-box").scroll_down(animate=False)

    def action_line_up(self) -> None:
        self.query_one("#help-box").scroll_up(animate=False)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)


def _key_table(key_header: str, id_header: str, rows: list[tuple[str, str, str]]) -> Table:
    from rich.table import Table

    table = Table(box=None, expand=True, show_header=True, header_style="bold")
    table.add_column(key_header, style="bold #e5c07b", no_wrap=True)
    table.add_column("Action")
    table.add_column(id_header, style="dim")
    for keys, description, binding_id in rows:
        # Keys come from the user's config file: drawn literally, like every row.
        table.add_row(shown(keys), shown(description), shown(binding_id))
    return table
