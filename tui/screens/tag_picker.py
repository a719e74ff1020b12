"""Pick tags for a passage: type to filter existing tags fuzzily, or name a new one.

``enter`` applies the highlighted tag: an existing one whose name, or one of
whose words, starts with what was typed, case and accents aside (``tra`` for
transport, ``check`` for "fact check", ``verif`` for vérifier), else the
typed name as a new tag, the looser matches listed below its "+ new tag" line
(``down`` picks one); several tags can be given at once separated by commas.
A name the tag rule refuses (control characters, as a paste can bring) is
said under the box, which stays open to mend it; a name that is an existing
tag in another case or normalisation is that tag.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsread.annotations.fuzzy import rank
from newsread.annotations.tagnames import TagSpellings, existing_spelling, tag_name_problem
from newsread.textfold import fold
from tui.screens.keyed import KeyedModal
from tui.widgets.keyed import KeyedInput, KeyedOptionList
from tui.widgets.shown import visible


def folded(text: str) -> str:
    """``text`` without case or accents, as search matches it: typed without
    dead keys, ``verif`` is the start of the tag vérifier (a new tag "verif"
    beside it was all the picker offered)."""
    return fold(text).casefold()


def starts_a_word(typed: str, name: str) -> bool:
    """Whether ``name`` (any case, any accents) starts with ``typed``, or one of
    its words does."""
    typed, name = folded(typed), folded(name)
    return any(
        name.startswith(typed, at)
        for at in range(len(name))
        if at == 0 or not name[at - 1].isalnum()
    )


@dataclass(frozen=True)
class TagChoice:
    name: str
    color: str
    count: int
    key: str = ""


class TagPicker(KeyedModal[list[str] | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "next", "Next tag", show=False, id="picker.next"),
        Binding("up", "previous", "Previous tag", show=False, id="picker.previous"),
        Binding("tab", "complete", "Complete", show=False, id="picker.complete"),
    ]

    def __init__(self, choices: list[TagChoice], target_text: str) -> None:
        super().__init__()
        self.choices = {c.name: c for c in choices}
        self.target_text = target_text

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            preview = (
                self.target_text if len(self.target_text) < 90 else self.target_text[:87] + "…"
            )
            yield Static(
                Text.assemble(("Tag: ", "bold"), (visible(preview), "italic")), id="picker-target"
            )
            yield KeyedInput(
                placeholder="tag name (comma for several) — enter applies, esc cancels",
                id="picker-input",
            )
            yield Static("", id="picker-error")
            yield KeyedOptionList(id="picker-options")

    def on_mount(self) -> None:
        self._refilter("")
        self.query_one(Input).focus()

    def _label(self, choice: TagChoice) -> Text:
        label = Text()
        label.append("■ ", style=choice.color or "white")
        label.append(visible(choice.name), style="bold")
        label.append(f"  {choice.count}", style="dim")
        if choice.key:
            label.append(f"  [{choice.key}]", style="dim italic")
        return label

    def _current_fragment(self) -> str:
        return self.query_one(Input).value.split(",")[-1].strip()

    def _refilter(self, fragment: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        by_folded: dict[str, list[str]] = {}
        for name in sorted(self.choices):
            by_folded.setdefault(folded(name), []).append(name)
        names = [n for key in rank(folded(fragment), list(by_folded)) for n in by_folded[key]]
        new = None
        if fragment and existing_spelling(self.choices, fragment) is None:
            new = Option(
                Text.assemble(("+ new tag ", "green"), (visible(fragment), "bold")),
                id=f"+{fragment}",
            )
        # A tag whose name or one of whose words starts with what was typed
        # comes before the new name, so enter after "tra" takes transport; a
        # looser match comes after it: a new name "port" once tagged
        # transport, "eta" beta, "ro" crowd.
        starting = [n for n in names if starts_a_word(fragment, n)]
        for name in starting:
            options.add_option(Option(self._label(self.choices[name]), id=name))
        if new:
            options.add_option(new)
        for name in names:
            if name not in starting:
                options.add_option(Option(self._label(self.choices[name]), id=name))
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        box = event.input
        if box.value.endswith(","):
            # The name just ended is the tag it highlighted, as enter would
            # take it: "sorce," became a new tag "sorce" beside "source".
            done = self._highlighted_name()
            parts = box.value[:-1].split(",")
            typed = parts[-1].strip()
            if done and typed and done != typed and done in self.choices:
                parts[-1] = (" " if parts[-1].startswith(" ") else "") + done
                box.value = ",".join(parts) + ","
                box.cursor_position = len(box.value)
                return  # the change comes back here, with the name completed
        self._refilter(self._current_fragment())

    def _highlighted_name(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        option_id = options.get_option_at_index(options.highlighted).id or ""
        return option_id[1:] if option_id.startswith("+") else option_id

    def _names(self) -> list[str]:
        parts = [p.strip() for p in self.query_one(Input).value.split(",")]
        names = [p for p in parts[:-1] if p]
        last = parts[-1] if parts else ""
        if last:
            names.append(self._highlighted_name() or last)
        elif not names:
            chosen = self._highlighted_name()
            if chosen:
                names.append(chosen)
        seen: list[str] = []
        for name in names:
            if name not in seen:
                seen.append(name)
        return seen

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._finish()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_complete()
        self._finish()

    def _finish(self) -> None:
        names = self._names()
        for name in names:
            why = tag_name_problem(name)
            if why is not None:
                error = self.query_one("#picker-error", Static)
                error.update(Text(f"{visible(name)!r}: {why}", style="bold red"))
                error.display = True
                return
        self.dismiss(TagSpellings(self.choices).all_spelled(names) or None)

    def action_next(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_previous(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_complete(self) -> None:
        name = self._highlighted_name()
        if not name:
            return
        box = self.query_one(Input)
        parts = box.value.split(",")
        parts[-1] = (" " if len(parts) > 1 else "") + name
        box.value = ",".join(parts)
        box.cursor_position = len(box.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
