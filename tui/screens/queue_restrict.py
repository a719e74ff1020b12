"""The suggestion queue's restriction dialog: a label, a kind, a search query."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, RadioButton, RadioSet, Static

from newsread.analysis import ATTRIBUTED, FACTUAL, QUOTE, STATISTIC
from newsread.sanitize import restore_untouched
from newsread.search.query import QueryError, parse_query
from tui.highlights import LABEL_GROUP
from tui.models.queue import QueueFilter
from tui.screens.keyed import KeyedModal
from tui.widgets.keyed import KeyedInput
from tui.widgets.shown import shown, visible

CLAIM_KINDS = (QUOTE, ATTRIBUTED, STATISTIC, FACTUAL)
ENTITY_LABELS = tuple(LABEL_GROUP)
KIND_IDS = {"": "kind-any", "entity": "kind-entity", "claim": "kind-claim"}


def check_filter(label: str, kind: str, query: str, seen: Iterable[str] = ()) -> QueueFilter | str:
    """The restriction the fields ask for, with the label as the analysis
    writes it (PERSON, quote), or the problem to show."""
    entity = {name.casefold(): name for name in (*ENTITY_LABELS, *seen)}
    claim = {name.casefold(): name for name in CLAIM_KINDS}
    label = label.strip()
    if label:
        folded = label.casefold()
        if folded in claim:
            label, label_kind = claim[folded], "claim"
        elif folded in entity:
            label, label_kind = entity[folded], "entity"
        else:
            return (
                f"no label {label}: entity labels are {', '.join(ENTITY_LABELS)}; "
                f"claim kinds are {', '.join(CLAIM_KINDS)}"
            )
        if kind and kind != label_kind:
            what = "an entity label" if label_kind == "entity" else "a claim kind"
            wanted = "entities" if kind == "entity" else "claims"
            return f"{label} is {what}: no {wanted} have it"
    query = query.strip()
    if query:
        try:
            parse_query(query)
        except QueryError as exc:
            return f"search: {exc}"
    return QueueFilter(label, kind, query)


class RestrictDialog(KeyedModal[QueueFilter | None]):
    DEFAULT_CSS = """
    RestrictDialog { align: center middle; }
    RestrictDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        padding: 1 2; border: thick $primary; background: $surface;
    }
    RestrictDialog .dialog-title { text-style: bold; margin-bottom: 1; }
    RestrictDialog .field-name { margin-top: 1; }
    RestrictDialog RadioSet { layout: horizontal; width: auto; }
    RestrictDialog #restrict-error { color: $error; height: auto; }
    RestrictDialog .dialog-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="queue_restrict.cancel")]

    def __init__(self, current: QueueFilter, seen_labels: Iterable[str] = ()) -> None:
        super().__init__()
        self.current = current
        self.seen_labels = list(seen_labels)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Restrict the suggestion queue", classes="dialog-title")
            yield Static("Label: an entity label or a claim kind (empty: any)")
            yield KeyedInput(
                visible(self.current.label),
                placeholder="PERSON, ORG, GPE, DATE, quote, attributed, statistic…",
                id="restrict-label",
            )
            yield Static("Kind", classes="field-name")
            with RadioSet(id="restrict-kind"):
                for kind, name in (("", "any"), ("entity", "entities"), ("claim", "claims")):
                    yield RadioButton(name, value=self.current.kind == kind, id=KIND_IDS[kind])
            yield Static(
                "Articles matching a search, as newsread search (empty: every article)",
                classes="field-name",
            )
            yield KeyedInput(
                visible(self.current.query),
                placeholder='words, "a phrase", tag:, entity:, source:, after:, is:unread…',
                id="restrict-query",
            )
            yield Static("", id="restrict-error")
            yield Static(
                "enter applies · tab moves · esc cancels · all empty: every suggestion",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#restrict-label", Input).focus()

    @property
    def kind(self) -> str:
        pressed = self.query_one("#restrict-kind", RadioSet).pressed_button
        return next((k for k, ident in KIND_IDS.items() if pressed and pressed.id == ident), "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # What was left alone comes back as the original text, not its visible copy.
        label = restore_untouched(
            self.current.label, self.query_one("#restrict-label", Input).value
        )
        query = restore_untouched(
            self.current.query, self.query_one("#restrict-query", Input).value
        )
        checked = check_filter(label, self.kind, query, self.seen_labels)
        if isinstance(checked, str):
            self.query_one("#restrict-error", Static).update(shown(checked))
            return
        self.dismiss(checked)

    def action_cancel(self) -> None:
        self.dismiss(None)
