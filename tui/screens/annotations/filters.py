"""Filtering and sorting the list: ``f`` a tag, ``w`` an annotator, ``o``
orphans only, ``A`` accepted suggestions (only, none, all), ``/`` note text,
``c`` clears them; ``s`` the next sort, ``S`` reverses it. The model does the
work on row numbers prepared in the worker, so each key costs milliseconds."""

from __future__ import annotations

from collections.abc import Callable

from textual.actions import SkipAction
from textual.widgets import Input

from tui.models.annotations import NOBODY
from tui.screens.annotations.base import AnnotationsBase
from tui.wording import plural


class FiltersMixin(AnnotationsBase):
    @property
    def note_box(self) -> Input:
        return self.query_one("#annotations-filter", Input)

    def _choose(
        self,
        heading: str,
        items: list[tuple[str | None, str]],
        apply: Callable[[str | None], None],
    ) -> None:
        """A chooser over ``items`` (value, label), then ``apply`` the value chosen."""
        from tui.screens.dialogs import Chooser

        # Option ids of our own: a tag name may be anything, even empty.
        values = {f"v{i}": value for i, (value, _) in enumerate(items)}
        options = [(f"v{i}", label) for i, (_, label) in enumerate(items)]

        def chosen(choice: str | None) -> None:
            if choice is not None:
                self._view_change(lambda: apply(values[choice]))

        self.app.push_screen(Chooser(heading, options), chosen)

    def action_filter_tag(self) -> None:
        counts = self.model.tag_counts()
        if not counts:
            self._update_status("no tags to filter by yet")
            return
        items: list[tuple[str | None, str]] = [(None, "any tag")]
        items += [(name, f"{name}  ({n})") for name, n in counts]
        self._choose("Show the annotations with which tag?", items, self.model.filter_tag)

    def action_filter_annotator(self) -> None:
        counts = self.model.annotator_counts()
        if not counts:
            self._update_status("no annotations to filter yet")
            return
        items: list[tuple[str | None, str]] = [(None, "anyone")]
        for name, n in counts:
            label = name if name != NOBODY else "nobody recorded (made before annotators were)"
            items.append((name, f"{label}  ({plural(n, 'annotation')})"))
        self._choose("Show whose annotations?", items, self.model.filter_annotator)

    def action_filter_orphans(self) -> None:
        self._view_change(self.model.toggle_orphans)

    def action_filter_accepted(self) -> None:
        self._view_change(self.model.cycle_accepted)

    def action_clear_filters(self) -> None:
        self.note_box.value = ""
        self.note_box.display = False
        self._view_change(self.model.clear_filters)

    def action_sort(self) -> None:
        self._view_change(self.model.next_sort)

    def action_reverse(self) -> None:
        self._view_change(self.model.toggle_reverse)

    # -- the note box ----------------------------------------------------------------------

    def action_filter_note(self) -> None:
        box = self.note_box
        if box.has_focus:
            raise SkipAction()  # typed in the box: part of the text
        box.display = True
        # Synchronously, not focus(): that waits a turn and queued keys go elsewhere.
        self.set_focus(box)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._view_change(lambda: self.model.filter_note(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # The box stays in sight while it filters.
        event.input.display = bool(event.value)
        self.set_focus(self.table)

    def close_note_box(self) -> bool:
        """Clear and hide the note box if it is in use; whether it was."""
        box = self.note_box
        if not (box.has_focus or (box.display and box.value)):
            return False
        box.value = ""
        box.display = False
        self._view_change(lambda: self.model.filter_note(""))
        self.set_focus(self.table)
        return True
