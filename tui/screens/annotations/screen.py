"""The annotations screen: every annotation in the library with its tags,
quote, note, article, date and annotator, filtered and sorted; ``enter``
opens the reader on one, ``t``, ``n`` and ``x`` change it from the list.

The listing is read in a worker (storage.annotation_list: raw files, each
read again only when it changed) and the sort orders made there; the table
(tui.widgets.article_table) draws only the rows on screen, so a library with
tens of thousands of annotations opens and filters as fast as a small one.

Changes go through storage.edits.apply_edits on the app's writer, as the
reader's do: one transaction under the library's lock, merged with what
another process wrote meanwhile, one undo step in the journal. The list is
then read again from disk.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual import events, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from newsread.config import quick_keys
from newsread.model import Annotation, Tag, now_iso
from storage.annotation_list import AnnotationLister, ListedAnnotation
from storage.errors import LibraryError
from tui.context import AppContext, app_context
from tui.models.annotations import NOBODY, AnnotationsModel, Column, Prepared, column_plan, prepare
from tui.widgets.article_table import ArticleTable
from tui.widgets.shown import shown, visible
from tui.wording import plural, short

#: Seconds between looks at the library's stamp for changes made elsewhere.
POLL = 2.0


class AnnotationsScreen(Screen):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="annotations.down"),
        Binding("k", "cursor_up", "Up", show=False, id="annotations.up"),
        Binding("enter", "open", "Open in the reader", id="annotations.open"),
        Binding("t", "tag", "Add tags", id="annotations.tag"),
        Binding("n", "note", "Note", id="annotations.note"),
        Binding("x", "delete", "Delete", id="annotations.delete"),
        Binding("f", "filter_tag", "Tag filter", id="annotations.filter_tag"),
        # Priority: it runs as the key arrives, so letters typed right after it
        # land in the box it opens.
        Binding("slash", "filter_note", "Note filter", priority=True, id="annotations.filter_note"),
        Binding(
            "w",
            "filter_annotator",
            "Annotator filter",
            show=False,
            id="annotations.filter_annotator",
        ),
        Binding("o", "filter_orphans", "Orphans only", show=False, id="annotations.filter_orphan"),
        Binding(
            "A",
            "filter_accepted",
            "Accepted suggestions: only, none, all",
            show=False,
            id="annotations.filter_accepted",
        ),
        Binding("c", "clear_filters", "Clear filters", show=False, id="annotations.clear_filters"),
        Binding("s", "sort", "Sort", id="annotations.sort"),
        Binding("S", "reverse", "Reverse the sort", show=False, id="annotations.reverse"),
        Binding("u", "undo", "Undo", show=False, id="annotations.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="annotations.redo"),
        Binding("R", "reload", "Read again", show=False, id="annotations.reload"),
        Binding("escape", "back", "Back", id="annotations.back"),
    ]

    DEFAULT_CSS = """
    AnnotationsScreen #annotations-title {
        height: 1;
        padding: 0 1;
        background: $primary;
        color: $text;
        text-style: bold;
    }
    AnnotationsScreen #annotations-filter {
        height: 3;
    }
    AnnotationsScreen #annotations-table {
        height: 1fr;
    }
    AnnotationsScreen #annotations-empty {
        height: auto;
        padding: 1 2;
    }
    AnnotationsScreen #annotations-detail {
        height: auto;
        max-height: 4;
        padding: 0 1;
        border-top: solid $primary-darken-2;
    }
    AnnotationsScreen #annotations-status {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    class Listed(Message):
        """A listing read from disk (``prepared`` None: ``error`` says why not)."""

        def __init__(self, generation: int, prepared: Prepared | None, error: str = "") -> None:
            super().__init__()
            self.generation = generation
            self.prepared = prepared
            self.error = error

    class TagsRead(Message):
        def __init__(self, tags: list[Tag]) -> None:
            super().__init__()
            self.tags = tags

    def __init__(self) -> None:
        super().__init__()
        self.model = AnnotationsModel()
        self.tags: list[Tag] = []
        self._lister: AnnotationLister | None = None
        self._columns: list[Column] = []
        #: each reload's number: a slower, older one's answer is dropped
        self._generation = 0
        self._stamp: tuple[int, ...] | None = None
        #: the row to stand on after the next listing (an edited annotation)
        self._keep: str | None = None
        self._warned_damaged = False
        self._note = ""

    @property
    def ctx(self) -> AppContext:
        return app_context(self.app)

    @property
    def table(self) -> ArticleTable:
        return self.query_one("#annotations-table", ArticleTable)

    @property
    def loaded(self) -> bool:
        return self.model.loaded

    # -- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Annotations", id="annotations-title")
        yield Input(
            placeholder="note contains… (enter applies, esc clears)", id="annotations-filter"
        )
        # Above the table, which stays shown: a hidden table would hand the
        # focus to the note box, and the next key would be typed into it.
        yield Static("", id="annotations-empty")
        yield ArticleTable(id="annotations-table")
        yield Static("", id="annotations-detail")
        yield Static("", id="annotations-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#annotations-filter", Input).display = False
        self.set_columns(self.app.size.width)
        self.table.focus()
        self.show()
        self.reload()
        self.set_interval(POLL, self._poll_changes)

    def set_columns(self, width: int) -> None:
        plan = column_plan(width, self.model.has_annotators)
        if plan != self._columns:
            self._columns = plan
            self.table.set_columns(plan)

    def on_resize(self, event: events.Resize) -> None:
        self.set_columns(event.size.width)

    # -- reading -----------------------------------------------------------------------------

    def _poll_changes(self) -> None:
        if self.app.screen is self and self._stamp != self.ctx.library.change_stamp():
            self.reload()

    def on_screen_resume(self) -> None:
        # Back from the reader (or a dialog): whatever changed on disk shows.
        if self._stamp is not None:
            self._poll_changes()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self._stamp = self.ctx.library.change_stamp()
        self._read(self._generation)

    @work(thread=True, group="annotations-load", exit_on_error=False)
    def _read(self, generation: int) -> None:
        library = self.ctx.library
        if self._lister is None:
            self._lister = AnnotationLister(library.root)
        try:
            prepared = prepare(self._lister.listing())
        except LibraryError as exc:
            # A damaged index is not an empty library: say so, never show nothing.
            self.post_message(self.Listed(generation, None, visible(str(exc))))
            return
        self.post_message(self.Listed(generation, prepared))
        # For the tag picker; after the rows, which must not wait for them.
        with contextlib.suppress(LibraryError):
            self.post_message(self.TagsRead(library.tags()))

    def on_annotations_screen_listed(self, message: Listed) -> None:
        if message.generation != self._generation:
            return
        keep = self._keep or self.current_key()
        self._keep = None
        row = self.table.cursor_row
        if message.prepared is None:
            self.model.fail(message.error)
        else:
            self.model.load(message.prepared)
            self.ctx.set_tag_counts(dict(self.model.tag_counts()))
            self._warn_damaged()
        self.set_columns(self.app.size.width)
        self.show(keep, row)

    def on_annotations_screen_tags_read(self, message: TagsRead) -> None:
        self.tags = message.tags

    def _warn_damaged(self) -> None:
        damaged = self.model.listing.damaged
        if damaged and not self._warned_damaged:
            self._warned_damaged = True
            more = f" (and {len(damaged) - 1} more)" if len(damaged) > 1 else ""
            self.notify(
                visible(f"cannot read {damaged[0]}{more}; newsread doctor checks every file"),
                severity="warning",
                timeout=10,
                markup=False,
            )

    # -- drawing -----------------------------------------------------------------------------

    def show(self, keep: str | None = None, row: int | None = None) -> None:
        """Draw the rows the model shows; the cursor on ``keep`` when it is still
        listed, else at row ``row`` (or where it was)."""
        model = self.model
        table = self.table
        cursor = model.index_of(keep) if keep is not None else None
        if cursor is None and row is not None and model.shown:
            cursor = min(row, len(model.shown) - 1)
        table.set_rows(len(model.shown), self._row_source, cursor=cursor)
        empty = model.empty_text()
        message = self.query_one("#annotations-empty", Static)
        message.display = bool(empty)
        message.update(Text(empty, style="red" if model.error else ""))
        self._update_detail()
        self._update_status()

    def _row_source(self, index: int) -> tuple[str, list[Text]]:
        cells = self.model.cells(index, self._columns)
        return self.model.row(index).key, [shown(text, style) for text, style in cells]

    def _update_status(self, note: str | None = None) -> None:
        """The status line; ``note``: what the last key did, kept until the next one says more."""
        if note is not None:
            self._note = note
        model = self.model
        line = model.status() if model.loaded and not model.error else ""
        if self._note:
            line = f"{self._note}   {line}" if line else self._note
        self.query_one("#annotations-status", Static).update(shown(line))

    def _update_detail(self) -> None:
        detail = self.query_one("#annotations-detail", Static)
        row = self.current()
        detail.display = row is not None
        if row is None:
            return
        text = Text()
        text.append(visible(f"“{short(row.quote, 300)}”"), "italic")
        if row.note:
            text.append("\nNote: ", "bold").append(visible(short(row.note, 300)))
        where = [self.model.title(row.article_id), row.date[:16].replace("T", " ")]
        if row.annotator:
            where.append(f"by {row.annotator}")
        if row.suggestion:
            where.append(f"accepted suggestion ({row.suggestion})")
        text.append("\n").append(visible(" · ".join(w for w in where if w)), "dim")
        if row.orphan:
            text.append("  could not be placed after its text changed", "bold red")
        detail.update(text)

    def on_article_table_row_highlighted(self, event: ArticleTable.RowHighlighted) -> None:
        event.stop()
        self._update_detail()

    # -- the highlighted annotation ------------------------------------------------------

    def current(self) -> ListedAnnotation | None:
        if not self.model.shown or not self.table.row_count:
            return None
        return self.model.row(min(self.table.cursor_row, len(self.model.shown) - 1))

    def current_key(self) -> str | None:
        row = self.current()
        return row.key if row is not None else None

    def _current_or_say(self) -> ListedAnnotation | None:
        row = self.current()
        if row is None:
            self._update_status("no annotation here")
        return row

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    # -- opening -------------------------------------------------------------------------

    def action_open(self) -> None:
        row = self._current_or_say()
        if row is not None:
            self._open(row)

    def on_article_table_row_selected(self, event: ArticleTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def _open(self, row: ListedAnnotation) -> None:
        from tui.models.library import SearchJump

        if row.orphan:
            # Its offsets point at text that is no longer there: the reader lists it.
            self.notify(
                "this annotation could not be placed after its article's text changed: "
                "the reader lists it in the side panel; select a passage and press o "
                "to attach it there",
                timeout=8,
            )
            self.ctx.open_article(row.article_id)
            return
        what = ", ".join(row.tags) or "note"
        jump = SearchJump(
            visible(f"annotation [{what}] “{short(row.quote, 40)}” selected · escape back"),
            (),
            spans=((row.start, row.end),),
        )
        self.ctx.open_article(row.article_id, find=jump)

    # -- changing ------------------------------------------------------------------------

    def _edit(
        self, row: ListedAnnotation, label: str, change: Callable[[Annotation], Annotation | None]
    ) -> None:
        """Apply ``change`` to the annotation as listed, on the writer thread, as
        one undo step merged with whatever is stored now; then list again."""
        from storage.edits import apply_edits

        library, history, tags = self.ctx.library, self.ctx.history, list(self.tags)

        def job() -> None:
            outcome = f"{label} · u undoes"
            try:
                with library.transaction():
                    stored = library.annotations(row.article_id)
                    current = next((a for a in stored if a.id == row.id), None)
                    if current is None:
                        outcome = "not changed: that annotation was deleted meanwhile"
                    else:
                        # What the user saw: apply_edits merges what changed since.
                        before = replace(current, tags=list(row.tags), note=row.note)
                        edit = (before, change(before))
                        apply_edits(library, history, row.article_id, label, [edit], tags=tags)
            except Exception as exc:  # noqa: BLE001 - shown to the user, the list goes on
                outcome = f"not saved: {exc}"
            self._from_thread(self._after_change, outcome)

        self._keep = row.key
        self.ctx.writer.submit(job)

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        # The app may have exited while the write was queued; the write still landed.
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(callback, *args)

    def _after_change(self, outcome: str) -> None:
        if self.is_attached:
            self._update_status(visible(outcome))
            self.reload()

    def action_delete(self) -> None:
        row = self._current_or_say()
        if row is None:
            return
        names = ", ".join(row.tags) or "note"
        self._edit(row, f"deleted [{names}] “{short(row.quote, 40)}”", lambda ann: None)

    def action_note(self) -> None:
        from tui.screens.dialogs import NoteEditor

        row = self._current_or_say()
        if row is None:
            return

        def done(text: str | None) -> None:
            if text is None or text == row.note:
                return
            label = "note saved" if text else "note removed"
            self._edit(row, label, lambda ann: replace(ann, note=text, updated=now_iso()))

        self.app.push_screen(NoteEditor(f"Note on “{short(row.quote, 60)}”", row.note), done)

    def action_tag(self) -> None:
        from tui.screens.tag_picker import TagChoice, TagPicker

        row = self._current_or_say()
        if row is None:
            return
        quick = quick_keys(self.tags, self.ctx.config.quick_tags)
        keys = {name: digit for digit, name in quick.names.items()}
        colours = {t.name: t.color for t in self.tags}
        counts = self.ctx.tag_counts
        # The library's tags, and a quick tag the config names before any use of it.
        names = sorted({*colours, *keys}, key=lambda n: (n.casefold(), n))
        choices = [
            TagChoice(n, colours.get(n, ""), counts.get(n, 0), keys.get(n, "")) for n in names
        ]

        def apply(chosen: list[str] | None) -> None:
            added = [n for n in chosen or [] if n not in row.tags]
            if not chosen:
                return
            if not added:
                self._update_status(visible(f"already tagged {', '.join(chosen)}"))
                return
            label = f"added {', '.join(added)} to “{short(row.quote, 40)}”"
            self._edit(
                row, label, lambda ann: replace(ann, tags=[*ann.tags, *added], updated=now_iso())
            )

        self.app.push_screen(TagPicker(choices, row.quote), apply)

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        history = self.ctx.history
        verb = "undid" if undo else "redid"

        def job() -> None:
            try:
                group = history.undo() if undo else history.redo()
                note = f"{verb}: {group.label}" if group else f"nothing to {verb[:4]}"
            except Exception as exc:  # noqa: BLE001 - shown to the user, the list goes on
                note = f"not {verb}: {exc}"
            self._from_thread(self._after_change, note)

        self.ctx.writer.submit(job)

    # -- filters and sorts ---------------------------------------------------------------

    def _view_change(self, change: Callable[[], object]) -> None:
        """Filter or sort as ``change`` does, the cursor staying on its annotation
        when that is still listed (else on the first row)."""
        keep = self.current_key()
        change()
        self.show(keep, 0)

    def _choose(
        self,
        heading: str,
        items: list[tuple[str | None, str]],
        apply: Callable[[str | None], None],
    ) -> None:
        """A chooser over ``items`` (value, label); None among them means "any"."""
        from tui.screens.dialogs import Chooser

        ids = {f"v{i}": value for i, (value, _) in enumerate(items)}
        listed = [(f"v{i}", label) for i, (_, label) in enumerate(items)]

        def chosen(choice: str | None) -> None:
            if choice is not None:
                self._view_change(lambda: apply(ids[choice]))

        self.app.push_screen(Chooser(heading, listed), chosen)

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
        box = self.query_one("#annotations-filter", Input)
        box.value = ""
        box.display = False
        self._view_change(self.model.clear_filters)

    def action_sort(self) -> None:
        self._view_change(self.model.next_sort)

    def action_reverse(self) -> None:
        self._view_change(self.model.toggle_reverse)

    def action_filter_note(self) -> None:
        box = self.query_one("#annotations-filter", Input)
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
        event.input.display = bool(event.value)
        self.set_focus(self.table)

    def action_back(self) -> None:
        box = self.query_one("#annotations-filter", Input)
        if box.has_focus or (box.display and box.value):
            box.value = ""
            box.display = False
            self._view_change(lambda: self.model.filter_note(""))
            self.set_focus(self.table)
            return
        self.dismiss()
