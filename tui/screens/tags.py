"""The tag manager: every tag with its colour, quick key, uses and description;
rename, merge, recolour, delete and quick keys, each one undoable group.

Operations run on the app's BackgroundWriter (in order with every other write,
off the event loop) and are journalled in the app's History in the same job,
so the journal never lists a change that did not reach the disk.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.color import Color, ColorParseError
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from newsread.annotations.tagnames import clean_tag_name, existing_spelling, tag_name_problem
from newsread.annotators import same_annotator
from newsread.config import QuickKeys, annotator_name, quick_keys
from newsread.model import TAG_PALETTE, Tag
from storage.atomic import file_stamp
from storage.tag_ops import (
    DeletePreview,
    TagExistsError,
    TagOpResult,
    TagUsesChangedError,
    delete_tag,
    describe_tag,
    merge_tags,
    preview_delete,
    recolour_tag,
    record_op,
    rename_tag,
    set_tag_key,
    tag_usage,
)
from tui.context import AppContext, app_context
from tui.keymap import key_elsewhere, key_of, known_bindings, quick_key_shown
from tui.screens.following import FollowsDisk
from tui.screens.key_places import KeysInPlace
from tui.screens.keyed import KeyedScreen
from tui.screens.tag_dialogs import DestroyDialog, KeyCapture, TagChooser, TextPrompt
from tui.widgets.footer import KeyFooter
from tui.widgets.keyed import KeyedDataTable
from tui.widgets.shown import shown, visible
from tui.wording import plural

if TYPE_CHECKING:
    from storage.history import Group


def valid_colour(value: str) -> str | None:
    """An error message for a colour Rich cannot parse, else None."""
    if not value:
        return "give a colour name (e.g. cyan) or #rrggbb"
    try:
        Color.parse(value)
    except ColorParseError:
        return f"not a colour: {value!r} (try a name like cyan, or #rrggbb)"
    return None


def delete_question(name: str, preview: DeletePreview, me: str = "") -> str:
    """The confirmation text: how many annotations the delete changes and
    removes, and how many of those are other annotators' than ``me``."""
    if preview.changed == 0:
        return f"Delete tag '{name}'? No annotation uses it."
    verb = "changes" if preview.changed == 1 else "change"
    others = _others(preview, me)
    text = (
        f"Delete tag '{name}'? {_counted(preview.changed, [(w, n) for w, n, _ in others])} {verb}"
    )
    if preview.deleted:
        verb = "is" if preview.deleted == 1 else "are"
        text += f" ({preview.deleted} {verb} deleted: they had no other tag or note"
        share = _share(preview.deleted, [(w, d) for w, _, d in others])
        text += f"; {share})" if share else ")"
    return text + "."


def merge_count(preview: DeletePreview, me: str = "") -> str:
    """ "3 annotations, 2 of them bo's," for the merge question."""
    return _counted(preview.changed, [(w, n) for w, n, _ in _others(preview, me)])


def _others(preview: DeletePreview, me: str) -> list[tuple[str, int, int]]:
    """Other annotators' share of the preview; one made before annotators
    were recorded ("") counts as the user's own, as everywhere."""
    return [row for row in preview.by_annotator if row[0] and me and not same_annotator(row[0], me)]


def _counted(total: int, others: list[tuple[str, int]]) -> str:
    """ "5 annotations, 3 of them bo's," or "5 annotations"."""
    share = _share(total, others)
    return plural(total, "annotation") + (f", {share}," if share else "")


#: Up to this many other annotators are named in a question; more are counted.
_NAMED = 3


def _share(total: int, others: list[tuple[str, int]]) -> str:
    """Other annotators' share of ``total``: "all bo's", "2 of them other
    annotators' (ana 1, bo 1)", "4 of them 5 other annotators'"; "" for none."""
    counts = [(who, n) for who, n in others if n]
    count = sum(n for _, n in counts)
    if not count:
        return ""
    if len(counts) == 1:
        owner = f"{counts[0][0]}'s"
    elif len(counts) <= _NAMED:
        owner = "other annotators' (" + ", ".join(f"{who} {n}" for who, n in counts) + ")"
    else:
        owner = f"{len(counts)} other annotators'"
    if total == 1:
        return owner
    return f"all {owner}" if count == total else f"{count} of them {owner}"


#: what the help screen says of u and ctrl+r here (the footer has no room)
_UNDO_HELP = (
    "Undo the last tag step (rename, merge, delete, colour, key); a change to "
    "annotations (made in the reader, the list or the command line) is named and "
    "left to L or the reader"
)
_REDO_HELP = "Redo the last undone tag step; a change to annotations is left to L or the reader"


class TagManagerScreen(KeysInPlace, KeyedScreen, FollowsDisk):
    #: the widget the focus stays in, whose keys come first (tui.keymap checks them)
    FOCUSED_WIDGETS = (KeyedDataTable,)
    BINDINGS = [
        # j and k move as in the library and the annotations list (k was the
        # quick key here, and j did nothing, though help advertises both).
        Binding("j", "cursor_down", "Down", show=False, id="tags.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tags.up"),
        Binding("r", "rename", "Rename", id="tags.rename"),
        Binding("m", "merge", "Merge into…", id="tags.merge"),
        Binding("c", "recolour", "Colour", id="tags.recolour"),
        Binding("p", "cycle_colour", "Next colour", id="tags.cycle_colour"),
        Binding("K", "quick_key", "Quick key", id="tags.key"),
        Binding("e", "describe", "Describe", id="tags.describe"),
        Binding("d", "delete", "Delete", id="tags.delete"),
        Binding("u", "undo", "Undo", tooltip=_UNDO_HELP, id="tags.undo"),
        Binding("ctrl+r", "redo", "Redo", tooltip=_REDO_HELP, id="tags.redo"),
        Binding("escape", "back", "Back", id="tags.back"),
        Binding("q", "back", "Back", show=False, id="tags.close"),
    ]

    DEFAULT_CSS = """
    TagManagerScreen #tags-title {
        height: 1;
        padding: 0 1;
        background: $primary;
        color: $text;
        text-style: bold;
    }
    TagManagerScreen #tags-table {
        height: 1fr;
    }
    TagManagerScreen #tags-status {
        height: auto;
        max-height: 4;  /* a long message wraps, not cut at the edge */
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    class Loaded(Message):
        def __init__(self, tags: list[Tag], usage: dict[str, int], undo_label: str | None) -> None:
            super().__init__()
            self.tags = tags
            self.usage = usage
            self.undo_label = undo_label

    class Previewed(Message):
        """A tag's annotations counted off the event loop, for ``ask``."""

        def __init__(
            self, name: str, preview: DeletePreview, ask: Callable[[DeletePreview], None]
        ) -> None:
            super().__init__()
            self.name = name
            self.preview = preview
            self.ask = ask

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, Tag] = {}
        self.usage: dict[str, int] = {}
        self.loaded = False
        self.undo_label: str | None = None
        self._focus_name: str | None = None
        self._note = ""
        self.quick = QuickKeys({}, frozenset(), ())

    @property
    def ctx(self) -> AppContext:
        return app_context(self.app)

    @property
    def me(self) -> str:
        """Who the user annotates as: the questions name others' annotations."""
        return annotator_name(getattr(self.ctx, "config", None))

    # -- building ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Tags", id="tags-title")
        yield KeyedDataTable(id="tags-table", cursor_type="row", zebra_stripes=True)
        yield Static("loading tags…", id="tags-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Tag", key="name", width=30)
        table.add_column("Key", key="key", width=4)
        table.add_column("Uses", key="uses", width=6)
        table.add_column("Description", key="description")
        table.focus()
        self.reload()
        # Another terminal (newsread tag, a second app) or another screen of
        # this one may change the tags meanwhile: a stale view once renamed a
        # tag onto one it did not know existed, merging without asking.
        self.follow_disk()

    def _change_stamp(self) -> tuple[tuple[int, ...], ...]:
        # The tags table, the annotation files (the counts) and the undo journal
        # (the "u undoes" hint).
        library = self.ctx.library
        return (library.change_stamp(), file_stamp(library.root / "history.json"))

    @work(thread=True, exclusive=True, group="tags-load", exit_on_error=False)
    def reload(self) -> None:
        library = self.ctx.library
        # Taken before reading: a change made while reading is seen next time.
        self._stamp = self._change_stamp()
        usage = tag_usage(library)
        tags = {t.name: t for t in library.tags()}
        # Names used by annotations but missing from the tags table still show.
        for name in usage:
            tags.setdefault(name, Tag(name=name))
        # So does a tag only the config's [quick_tags] names: its key works already.
        for name in quick_keys(tags.values(), self.ctx.config.quick_tags).names.values():
            tags.setdefault(name, Tag(name=name))
        ordered = sorted(tags.values(), key=lambda t: t.name.casefold())
        # Read here, not on the event loop: the journal is a file. Promised
        # only for a step this window's u takes (not_a_tag_step).
        last = self.ctx.history.last_done()
        undoable = (
            last.label if last is not None and not_a_tag_step(last, True, "") is None else None
        )
        self.post_message(self.Loaded(ordered, usage, undoable))

    def on_tag_manager_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one(DataTable)
        keep = self.current_name
        if self._focus_name is not None and any(t.name == self._focus_name for t in message.tags):
            # A load that ran before the operation landed (the screen came back
            # from its dialog) leaves the cursor for the load after it.
            keep, self._focus_name = self._focus_name, None
        self.tags = {t.name: t for t in message.tags}
        self.usage = message.usage
        self.undo_label = message.undo_label
        self.quick = quick_keys(message.tags, self.ctx.config.quick_tags)
        # The reader's tag picker shows these counts: keep them true after a merge.
        self.ctx.set_tag_counts(message.usage)
        table.clear()
        for tag in message.tags:
            swatch = Text()
            swatch.append("■ ", style=_safe_style(tag.color))
            swatch.append(visible(tag.name))
            table.add_row(
                swatch,
                self._key_cell(tag.name),
                str(message.usage.get(tag.name, 0)),
                shown(tag.description),
                key=tag.name,
            )
        if keep in self.tags:
            table.move_cursor(row=table.get_row_index(keep))
        self.loaded = True
        self._update_status()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.loaded:
            self._update_status()

    def _update_status(self) -> None:
        parts = [plural(len(self.tags), "tag")]
        if self._note:
            parts.append(self._note)
        unused = self._unused_hint()
        if unused:
            parts.append(unused)
        if self.undo_label:
            parts.append(f"{key_of(self, 'tags.undo') or 'u'} undoes: {self.undo_label}")
        parts.extend(self._quick_key_notes())
        self.query_one("#tags-status", Static).update(shown("   ".join(parts)))

    @property
    def current_name(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _current(self) -> Tag | None:
        name = self.current_name
        if name is None:
            self.notify("no tags yet: tag a passage in the reader first", timeout=3)
            return None
        return self.tags.get(name)

    # -- running operations ---------------------------------------------------------------

    def _run(
        self,
        op: Callable[[], TagOpResult],
        focus: str | None = None,
        changed: Callable[[DeletePreview], None] | None = None,
        refused: tuple[type[Exception], Callable[[Any], None]] | None = None,
    ) -> None:
        """Apply ``op`` on the writer thread, journal it as one group, then refresh.

        ``changed``: asks again when ``op`` found the tag's annotations no
        longer those the user confirmed (TagUsesChangedError): nothing was
        written, and the user sees the figures as they are now. ``refused``:
        an error ``op`` raises having written nothing, and what to do with it
        then, on the event loop.
        """
        if changed is not None:
            refused = (TagUsesChangedError, lambda exc: self._uses_changed(exc.now, changed))
        library_history = self.ctx.history

        library = self.ctx.library

        def job() -> None:
            # One transaction: the change and its undo step land together.
            try:
                with library.transaction():
                    result = op()
                    record_op(library_history, result)
            except Exception as exc:
                if refused is None or not isinstance(exc, refused[0]):
                    raise
                self._from_thread(refused[1], exc)
                return
            self._from_thread(self._after_op, result.label)

        self._focus_name = focus
        self.ctx.writer.submit(job)

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        # The app may have exited while the write was queued; the write still landed.
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(callback, *args)

    def _after_op(self, note: str) -> None:
        if self.is_attached:
            self._note = note
            self.reload()

    def _uses_changed(self, now: DeletePreview, ask: Callable[[DeletePreview], None]) -> None:
        if self.is_attached:
            self._focus_name = None  # nothing changed: the cursor stays
            self._note = "not changed: the tag's annotations changed meanwhile"
            self.reload()
            ask(now)

    @work(thread=True, exclusive=True, group="tags-preview", exit_on_error=False)
    def _preview(self, name: str, ask: Callable[[DeletePreview], None]) -> None:
        # Counting reads every annotated article's file: not on the event loop.
        self.post_message(self.Previewed(name, preview_delete(self.ctx.library, name), ask))

    def on_tag_manager_screen_previewed(self, message: Previewed) -> None:
        message.ask(message.preview)

    # -- actions ----------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_rename(self) -> None:
        tag = self._current()
        if tag is None:
            return

        def chosen(new: str | None) -> None:
            if not new or new == tag.name:
                return
            new = clean_tag_name(new)
            # "Check" for "check" is another tag only in spelling: a merge,
            # asked about, as a name the table shows; "check" may become "Check".
            existing = existing_spelling(set(self.tags) - {tag.name}, new)
            if existing is not None:
                self._preview(tag.name, lambda now: self._ask_merge(tag.name, existing, now))
            elif new != tag.name:
                self._rename(tag.name, new)

        self.app.push_screen(
            TextPrompt(f"Rename tag '{tag.name}' to:", tag.name, validate=tag_name_problem), chosen
        )

    def _rename(self, old: str, new: str) -> None:
        """Rename, unless ``new`` exists on disk by the time the writer gets to
        it: then ask whether to merge, as for a name the table shows."""
        self._run(
            lambda: rename_tag(self.ctx.library, old, new, merge=False),
            focus=new,
            refused=(TagExistsError, self._exists_now),
        )

    def _exists_now(self, exc: TagExistsError) -> None:
        if self.is_attached:
            self._focus_name = None  # the cursor stays on the tag asked about
            self.reload()
            self._ask_merge(exc.source, exc.target, exc.preview)

    def _ask_merge(
        self,
        source: str,
        target: str,
        preview: DeletePreview,
        again: bool = False,
        chosen: bool = False,
    ) -> None:
        """Ask before merging ``source`` into ``target`` with the preview's count.

        ``chosen``: the user picked ``target`` to merge into (m), rather than
        renaming onto a name that turned out to exist.
        """
        uses = preview.changed
        verb = "gets" if uses == 1 else "get"
        opening = (
            f"Merge tag '{source}' into '{target}'? "
            if chosen
            else f"Tag '{target}' exists. Merge '{source}' into it? "
        )
        question = (
            _changed_meanwhile(source, again)
            + opening
            + f"{merge_count(preview, self.me)} {verb} '{target}' instead "
            + f"and '{source}' is removed."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                # Only what the question counted: other uses by now ask again.
                self._run(
                    lambda: merge_tags(self.ctx.library, source, target, expected=preview),
                    focus=target,
                    changed=lambda now: self._ask_merge(
                        source, target, now, again=True, chosen=chosen
                    ),
                )

        self.app.push_screen(DestroyDialog(question), answered)

    def action_merge(self) -> None:
        tag = self._current()
        if tag is None:
            return
        others = [
            (t.name, t.color, self.usage.get(t.name, 0))
            for t in self.tags.values()
            if t.name != tag.name
        ]
        if not others:
            self.notify("no other tag to merge into", timeout=3)
            return

        name = tag.name

        def chosen(target: str | None) -> None:
            if target:
                # Counted first and compared when the merge runs, as delete does:
                # a teammate's tagging meanwhile is never merged unasked.
                self._preview(name, lambda now: self._ask_merge(name, target, now, chosen=True))

        self.app.push_screen(TagChooser(f"Merge '{tag.name}' into:", others), chosen)

    def action_recolour(self) -> None:
        tag = self._current()
        if tag is None:
            return

        def chosen(colour: str | None) -> None:
            if colour:
                self._set_colour(tag.name, colour)

        self.app.push_screen(
            TextPrompt(
                f"Colour for tag '{tag.name}':",
                tag.color,
                placeholder="a colour name (cyan) or #rrggbb",
                validate=valid_colour,
            ),
            chosen,
        )

    def action_cycle_colour(self) -> None:
        tag = self._current()
        if tag is None:
            return
        palette = list(TAG_PALETTE)
        here = palette.index(tag.color) if tag.color in palette else -1
        self._set_colour(tag.name, palette[(here + 1) % len(palette)])

    def _set_colour(self, name: str, colour: str) -> None:
        self._run(lambda: recolour_tag(self.ctx.library, name, colour), focus=name)

    def _key_cell(self, name: str) -> Text:
        """The tag's quick key as the reader uses it; italic when it comes from the
        config's [quick_tags] rather than from the library."""
        digit = self.quick.key_of(name)
        # The key the reader answers: "reader.quick_1" = "f5" leaves 1 no key.
        key = quick_key_shown(self.app, self.ctx.config.keys, digit)
        return Text(key, style="italic" if digit in self.quick.from_config else "")

    def _unused_hint(self) -> str:
        """A tag no annotation uses any more stays (it keeps its colour, key
        and description for the next use); on it, the way to delete it."""
        name = self.current_name
        if name is None or self.usage.get(name, 0):
            return ""
        delete = key_of(self, "tags.delete")
        offer = f" · {delete} deletes it" if delete else ""
        return f"'{visible(name)}': 0 uses{offer}"

    def _quick_key_notes(self) -> list[str]:
        notes = []
        if self.quick.from_config:
            notes.append("italic keys: [quick_tags] in the config")
        if self.quick.overridden:
            digits = ", ".join(line.split()[1] for line in self.quick.overridden)
            notes.append(f"[quick_tags] {digits} unused: the library's keys win")
        return notes

    def action_quick_key(self) -> None:
        tag = self._current()
        if tag is None:
            return
        name = tag.name
        shown_key = self.quick.key_of(name)

        def chosen(key: str | None) -> None:
            if key == "" and shown_key in self.quick.from_config:
                # Nothing in the library to clear: the key would come straight back.
                self.notify(
                    f"key {shown_key} of '{name}' comes from [quick_tags] in the config "
                    f"file (newsread config path): remove it there, or give {shown_key} "
                    "to another tag here",
                    timeout=8,
                    markup=False,
                )
                return
            if key is not None and key != tag.key:
                self._run(lambda: self._set_key(name, key), focus=name)

        keymap = self.ctx.config.keys
        remapped = {
            digit: key
            for digit in "123456789"
            if (key := quick_key_shown(self.app, keymap, digit)) != digit
        }
        self.app.push_screen(KeyCapture(name, remapped), chosen)

    def _set_key(self, name: str, key: str) -> TagOpResult:
        library = self.ctx.library
        if library.get_tag(name) is None and not self.usage.get(name):
            # A tag only [quick_tags] named: no row, no annotation to find it by yet.
            library.ensure_tag(name)
        return set_tag_key(library, name, key)

    def action_describe(self) -> None:
        tag = self._current()
        if tag is None:
            return

        def chosen(text: str | None) -> None:
            if text is not None and text != tag.description:
                self._run(lambda: describe_tag(self.ctx.library, tag.name, text), focus=tag.name)

        self.app.push_screen(
            TextPrompt(f"Description of tag '{tag.name}':", tag.description), chosen
        )

    def action_delete(self) -> None:
        tag = self._current()
        if tag is not None:
            name = tag.name
            self._preview(name, lambda preview: self._ask_delete(name, preview))

    def _ask_delete(self, name: str, preview: DeletePreview, again: bool = False) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                # Only what the question counted: more uses by now ask again.
                self._run(
                    lambda: delete_tag(self.ctx.library, name, expected=preview),
                    changed=lambda now: self._ask_delete(name, now, again=True),
                )

        question = _changed_meanwhile(name, again) + delete_question(name, preview, self.me)
        self.app.push_screen(DestroyDialog(question), answered)

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        # Another annotator's step is asked about first (tui.screens.asked_step).
        from tui.screens.asked_step import take_step

        # Read here, on the event loop: the keys as the user has remapped them.
        known = known_bindings(type(self.app))
        undo_key = key_elsewhere(self.app, "reader.undo", self.ctx.config.keys, known) or "u"
        where = leave_to(key_of(self, "app.annotations"), undo_key)
        take_step(
            self,
            self.ctx,
            undo,
            self._after_op,
            self._from_thread,
            refuse=lambda group: not_a_tag_step(group, undo, where),
        )

    def action_back(self) -> None:
        self.app.pop_screen()


def leave_to(list_key: str, reader_undo: str) -> str:
    """Where a step of the annotations is taken, as the tag manager names it."""
    listing = f"{list_key}, all annotations," if list_key else "all annotations"
    return f"{listing} or {reader_undo} in the reader of its article"


def not_a_tag_step(group: Group, undo: bool, where: str) -> str | None:
    """Why the tag manager's u (ctrl+r) leaves ``group`` alone, as the reader's
    u leaves a tag manager step: it is not a change to the tags but to
    annotations (a tag or note made in the reader, the list or the command
    line), which the user took where they were, not here. None for a tag step
    (rename, merge, delete, colour, key), which this window takes."""
    if group.changes_tags or not group.article_ids:
        return None
    verb, done = ("undo", "undone") if undo else ("redo", "redone")
    return (
        f"not {done}: the last change is to annotations, not the tags ({group.label}); "
        f"{where} can {verb} it"
    )


def _changed_meanwhile(name: str, again: bool) -> str:
    return f"The annotations tagged '{name}' changed meanwhile. " if again else ""


def _safe_style(colour: str) -> str:
    # A hand-edited library may hold a colour Rich cannot parse; never crash the table.
    return colour if colour and valid_colour(colour) is None else "white"
