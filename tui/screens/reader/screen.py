"""The reader: one article, its highlights, a unit cursor and keyboard annotation.

This module holds the bindings, the layout and the drawing; what each key does
is in the mixins beside it, and the rules they apply in ``tui.models.reader``.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal
from textual.widgets import Static

from newsread.config import annotator_name
from tui.highlights import analysis_highlights, annotation_highlights, claim_marks
from tui.screens.key_places import KeysInPlace
from tui.screens.reader.annotating import AnnotatingMixin
from tui.screens.reader.base import (
    AnalysisFailed,
    AnalysisReady,
    AnnotationsChanged,
    BodyChanged,
    BodyDamaged,
    Reimported,
    Retitled,
    Saved,
)
from tui.screens.reader.correcting import CORRECTING_BINDINGS, CorrectingMixin
from tui.screens.reader.cutting import CuttingMixin
from tui.screens.reader.finding import FindMixin
from tui.screens.reader.heading import heading_of, title_note
from tui.screens.reader.mentions import MentionsMixin
from tui.screens.reader.navigation import NavigationMixin
from tui.screens.reader.saving import SavingMixin
from tui.screens.reader.status import meta_line, no_room_for_side, status_parts
from tui.screens.reader.suggestions import SuggestionsMixin
from tui.screens.reader.syncing import REDO_HELP, UNDO_HELP, SyncMixin
from tui.widgets.article_view import ArticleView
from tui.widgets.find_bar import FindBar
from tui.widgets.footer import HELP_ID, KeyFooter
from tui.widgets.keyed import KeyedOptionList
from tui.widgets.shown import shown, visible
from tui.widgets.side_panel import SidePanel
from tui.widgets.status_line import fit_parts
from tui.wording import plural


def _quick_bindings() -> list[Binding]:
    return [
        Binding(str(d), f"quick_tag({d})", f"Quick tag {d}", show=False, id=f"reader.quick_{d}")
        for d in range(1, 10)
    ]


class ReaderScreen(
    KeysInPlace,
    AnnotatingMixin,
    SuggestionsMixin,
    CorrectingMixin,
    FindMixin,
    MentionsMixin,
    NavigationMixin,
    CuttingMixin,
    SavingMixin,
    SyncMixin,
):
    #: where the focus can be, innermost first (tui.keymap checks each): the
    #: text, which has no keys of its own, and a list in the side panel, whose
    #: keys and then the panel's scroll keys come before the reader's
    FOCUS_CHAINS = ((), (KeyedOptionList, SidePanel))
    BINDINGS = [
        Binding("j,down", "move('sentence', 1)", "Next", id="reader.next"),
        Binding("k,up", "move('sentence', -1)", "Previous", id="reader.previous"),
        Binding("home", "edge(-1)", "First sentence", show=False, id="reader.first"),
        Binding("end", "edge(1)", "Last sentence", show=False, id="reader.last"),
        Binding(
            "pageup",
            "page(-1)",
            "Page up (cursor to its first sentence)",
            show=False,
            id="reader.page_up",
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Page down (cursor to its first sentence)",
            show=False,
            id="reader.page_down",
        ),
        Binding("w", "move('word', 1)", "Next word", show=False, id="reader.next_word"),
        Binding("b", "move('word', -1)", "Prev word", show=False, id="reader.previous_word"),
        Binding(
            "right_curly_bracket",
            "move('paragraph', 1)",
            "Next paragraph",
            show=False,
            id="reader.next_paragraph",
        ),
        Binding(
            "left_curly_bracket",
            "move('paragraph', -1)",
            "Prev paragraph",
            show=False,
            id="reader.previous_paragraph",
        ),
        Binding(
            "right_square_bracket", "move('mark', 1)", "Next entity/claim", id="reader.next_mark"
        ),
        Binding(
            "left_square_bracket",
            "move('mark', -1)",
            "Prev entity/claim",
            show=False,
            id="reader.previous_mark",
        ),
        Binding("v", "select", "Select", id="reader.select"),
        # A priority binding runs as the key arrives, before the keys typed after
        # it are handed to the text: they land in the find box it opens.
        Binding("slash", "find", "Find", show=False, priority=True, id="reader.find"),
        Binding("ctrl+n", "find_next", "Find next", show=False, id="reader.find_next"),
        Binding("t", "tag", "Tag", id="reader.tag"),
        *_quick_bindings(),
        Binding("n", "note", "Note", id="reader.note"),
        Binding("x", "delete", "Delete", id="reader.delete"),
        Binding("u", "undo", "Undo", tooltip=UNDO_HELP, id="reader.undo"),
        Binding("ctrl+r", "redo", "Redo", tooltip=REDO_HELP, id="reader.redo"),
        Binding("a", "accept", "Accept", id="reader.accept"),
        Binding("r", "reject", "Reject", show=False, id="reader.reject"),
        Binding("A", "accept_all", "Accept every mention", show=False, id="reader.accept_all"),
        Binding("R", "toggle_rejected", "Show rejected", show=False, id="reader.show_rejected"),
        *CORRECTING_BINDINGS,
        Binding(
            "o", "reattach", "Re-attach orphan / confirm place", show=False, id="reader.reattach"
        ),
        Binding("e", "toggle_layer('entity')", "Entities", show=False, id="reader.toggle_entities"),
        Binding(
            "c",
            "toggle_layer('claim')",
            "Claims: underlines (quotes, attributed) and margin marks (statistic, factual)",
            show=False,
            id="reader.toggle_claims",
        ),
        Binding("g", "toggle_layer('tag')", "Tags", show=False, id="reader.toggle_tags"),
        Binding("tab", "focus_side", "Entity / claim lists", show=False, id="reader.focus_side"),
        Binding("i", "info", "Article info", show=False, id="reader.info"),
        Binding(
            "W",
            "filter_annotator",
            "Whose annotations: everyone's, each annotator's",
            show=False,
            id="reader.filter_annotator",
        ),
        Binding(
            "M",
            "mentions",
            "Articles naming this entity / speaker",
            show=False,
            id="reader.mentions",
        ),
        Binding("C", "toggle_cuts", "Cut lines", show=False, id="reader.toggle_cuts"),
        Binding("P", "restore_cut", "Put cut line back", show=False, id="reader.restore_cut"),
        Binding("X", "cut_paragraph", "Cut paragraph", show=False, id="reader.cut_paragraph"),
        Binding("s", "toggle_side", "Side panel", show=False, id="reader.toggle_side"),
        Binding(
            "N",
            "next_unannotated",
            "Next unannotated article",
            show=False,
            id="reader.next_unannotated",
        ),
        Binding(
            "greater_than_sign",
            "step_article(1)",
            "Next article in the library's list",
            show=False,
            id="reader.next_article",
        ),
        Binding(
            "less_than_sign",
            "step_article(-1)",
            "Previous article in the library's list",
            show=False,
            id="reader.previous_article",
        ),
        Binding(
            "J",
            "step_article(1, True)",
            "Next unread article in the library's list",
            show=False,
            id="reader.next_unread",
        ),
        Binding("O", "browser", "Open in browser", show=False, id="reader.browser"),
        Binding("escape", "back", "Back", id="reader.back"),
        # As in newsboat, less and mutt: q goes back one screen, and quits only
        # from the library (ctrl+q quits from anywhere).
        Binding("q", "close", "Back to the library", show=False, id="reader.close"),
    ]

    # -- building ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        article = self.article
        yield Static(shown(article.title, "bold"), id="reader-title")
        yield Static(meta_line(article, self.copies), id="reader-meta")
        with Horizontal(id="reader-main"):
            yield ArticleView(
                article.body,
                cursor=self.model.cursor,
                id="body",
                max_width=self.ctx.config.max_width,
            )
            yield SidePanel(id="side")
        yield FindBar(id="reader-find")
        yield Static("", id="reader-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.model.annotator = annotator_name(getattr(self.ctx, "config", None))
        self.model.add_text_units()
        self.view.focus()
        self.refresh_all()
        orphans = len(self.model.orphans())
        if orphans:
            self.notify(
                f"{plural(orphans, 'annotation')} could not be placed "
                "after the text changed: o re-attaches one to the selection",
                severity="warning",
                timeout=8,
            )
        self.run_analysis()
        self._stamp = self.ctx.library.change_stamp()
        self._annotations_stamp = self.ctx.library.annotations_stamp(self.article.id)
        # Hashed against the index when the reader opened (get_article).
        self._body_seen = self._body_stamp()
        self.set_interval(1.0, self._check_changed_on_disk)
        self.note_journal_position()

    # -- drawing --------------------------------------------------------------------------

    def show_heading(self) -> None:
        """The title and the meta line as the article now is."""
        article = self.article
        self.query_one("#reader-title", Static).update(shown(article.title, "bold"))
        self.query_one("#reader-meta", Static).update(meta_line(article, self.copies))

    def refresh_all(self) -> None:
        self.refresh_highlights()
        self.refresh_side()
        self.update_status()

    def refresh_marks(self) -> None:
        self.model.refresh_marks()

    def refresh_highlights(self) -> None:
        spans = annotation_highlights(
            self.model.shown_annotations(), self.tags, self.model.annotator
        )
        analysis = self.model.visible_analysis()
        shown = getattr(getattr(self.ctx, "config", None), "claims", None)
        if analysis is not None:
            spans = analysis_highlights(analysis, shown) + spans
        self.view.set_highlights(spans)
        self.view.set_marks(claim_marks(analysis, shown) if analysis is not None else [])

    def refresh_side(self) -> None:
        me = self.model.annotator
        names = self.model.spellings()
        self.side.show_at_cursor(self.model.annotations_at_cursor(), self.tags, me, names)
        tag_key = self.key("reader.tag", "t")
        self.side.show_annotations(self.model.shown_annotations(), self.tags, me, tag_key, names)
        if self.analysis is None:
            self.side.show_pending(self.analysis_note)
        else:
            self.side.show_analysis(
                self.article.body,
                self.model.visible_entities(),
                self.model.visible_claims(),
                self.model.entity_groups(),
            )

    def update_status(self) -> None:
        bar = self.query_one("#reader-status", Static)
        width = (bar.content_size.width or self.app.size.width - 2) - 1
        help_key = "" if self.footer_shows_help() else self.help_key()
        message = self.message
        if self.damaged_line and self.damaged_line not in message:
            # Kept in sight while it lasts: every edit here is refused for it.
            message = self.damaged_line
        parts = status_parts(self.model, message, width, self.side.display, help_key, self.key)
        line = fit_parts(parts, width)
        said = shown(message, "bold")
        if message and said.plain not in line.plain:
            # Too long for the line beside the position: said whole on lines
            # of its own above it (the bar grows), not cut mid-hint.
            # Wrapped here, to the width the parts are fitted to, by words.
            rest = status_parts(self.model, "", width, self.side.display, help_key, self.key)
            lines = said.wrap(self.app.console, width)
            line = Text("\n").join([*lines, fit_parts(rest, width)])
        bar.update(line)
        self.call_after_refresh(self._toasts_above_status)

    def _toasts_above_status(self) -> None:
        """Notices stack up from above the status line (and the find box):
        docked at the bottom they covered the right half of a message said
        there, cut where the notice began."""
        racks = self.query("#textual-toastrack")
        if not racks:
            return
        bar = self.query_one("#reader-status", Static)
        if not bar.region.height:
            return  # not laid out yet
        top = bar.region.y
        find = self.query_one("#reader-find", FindBar)
        if find.display:
            top = min(top, find.region.y)
        below = max(self.size.height - top, 1)
        rack = racks.first()
        if rack.styles.margin.bottom != below:
            rack.styles.margin = (0, 0, below, 0)

    def footer_shows_help(self) -> bool:
        """Whether the footer is up with the key that lists every key (it keeps
        that key at any width): the status line then need not name it too."""
        footers = self.query(KeyFooter)
        if not footers or not footers.first().display:
            return False
        return any(
            active.binding.id == HELP_ID and active.binding.show
            for active in self.active_bindings.values()
        )

    def help_key(self) -> str:
        # The keymap is fixed once the app runs: look the key up once, not on every move.
        if not self._help_key:
            self._help_key = next(
                (
                    self.app.get_key_display(active.binding)
                    for active in self.active_bindings.values()
                    if active.binding.id == "app.help"
                ),
                "",
            )
        return self._help_key

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The live bindings, each quick key described by the tag it applies: the
        help screen, the footer and the command palette all read them from here."""
        active = super().active_bindings
        names = self.quick_tags()
        for key, item in active.items():
            binding_id = item.binding.id or ""
            if binding_id.startswith("reader.quick_"):
                digit = binding_id.removeprefix("reader.quick_")
                label = f"Quick tag: {names[digit]}" if digit in names else "Quick tag (none yet)"
                active[key] = item._replace(binding=replace(item.binding, description=label))
        return active

    # -- messages from the workers and the text ---------------------------------------------
    # Handled on the screen class itself, not in a mixin: Textual calls the handler
    # of every class along the MRO, so a handler replaced on ReaderScreen (as
    # benchmarks/bench_reader.py does to time this one) would run twice.

    def on_reader_screen_analysis_ready(self, message: AnalysisReady) -> None:
        if message.content_hash and message.content_hash != self.article.content_hash:
            return  # analysed the text before a line was put back or cut
        if self.model.set_analysis(message.analysis, message.note):
            self.view.cursor_changed(scroll=False)
        self.ready_for_keys = True
        self.refresh_all()

    def on_reader_screen_analysis_failed(self, message: AnalysisFailed) -> None:
        if self.model.analysis_failed():
            self.view.cursor_changed(scroll=False)
        self.ready_for_keys = True
        self.notify(visible(message.error), severity="error", timeout=8, markup=False)
        self.update_status()

    def on_reader_screen_annotations_changed(self, message: AnnotationsChanged) -> None:
        if self.stale_disk_read(message.writes_seen) or self.stale_step_answer(message.edits_seen):
            if message.rejected is not None:
                self.reload_annotations()  # the next tick's look leaves them out
            return
        keys = self.quick_tags()
        # Before they are replaced: whether the annotations themselves changed,
        # not the tag table alone (a colour, a tag the edit just created).
        took = self.model.stored_difference(message.annotations, message.tags) == "annotations"
        self.ctx.tag_counts.update(self.model.replace_stored(message.annotations, message.tags))
        if self.quick_tags() != keys:
            self.refresh_bindings()  # the quick keys' descriptions name other tags now
        if message.rejected is not None:
            self.model.rejected = list(message.rejected)
            self.model.refresh_marks()
        self.refresh_all()
        if message.label:
            self.say(message.label)
            self.step_said = self.message if message.step else ""
        elif took and self.message and self.message == self.undo_said:
            # Said of an edit that the change just shown may have taken away
            # (a tag deleted in the tag manager): u would no longer undo it.
            # A change of the tag table alone leaves it true: x on an old
            # library's correction adds its tag to the table, and the disk
            # check that saw it once wiped the answer to that x.
            self.message = ""
            self.update_status()

    def on_reader_screen_body_changed(self, message: BodyChanged) -> None:
        self.show_corrected(message)

    def on_reader_screen_saved(self, message: Saved) -> None:
        self.show_saved(message)

    def on_reader_screen_body_damaged(self, message: BodyDamaged) -> None:
        # The text on screen stays (the annotations' offsets point into it);
        # only what would be written on the file's words is refused.
        first = not self.damaged
        self.damaged, self.damaged_line = message.error, message.line
        self.say(message.line)
        if first:
            self.notify(
                visible(f"{message.error} · edits here are refused until it is put back"),
                severity="error",
                timeout=15,
                markup=False,
            )

    def on_reader_screen_reimported(self, message: Reimported) -> None:
        # What it changed, against what is on screen before it is replaced.
        notes = self.reimport_notes(message.article, message.annotations)
        self.show_reimported(message.article, message.annotations, message.tags, message.rejected)
        if message.repaired:
            self.notify(
                visible("this article's text was put back on disk: edits are saved again" + notes),
                timeout=10,
                markup=False,
            )
            self.say("text put back on disk: edits are saved again")
            return
        self.notify(
            visible(
                "this article was re-imported with a changed text: its new text and its "
                "annotations, moved onto it, are shown now" + notes
            ),
            severity="warning",
            timeout=10,
            markup=False,
        )

    def on_reader_screen_retitled(self, message: Retitled) -> None:
        old = self.article
        if message.article.content_hash != old.content_hash:
            return  # the text changed since: the re-import brings the heading with it
        if heading_of(message.article) == heading_of(old):
            return
        self.model.article = message.article
        self.show_heading()
        said = title_note(old, message.article)
        if said:
            self.notify(
                visible(f"this article was updated on disk (a feed refresh?): {said}"),
                timeout=10,
                markup=False,
            )

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        if self._where() != self._said_at:
            self.message = ""
        self.side.show_at_cursor(
            self.model.annotations_at_cursor(),
            self.tags,
            self.model.annotator,
            self.model.spellings(),
        )
        self.update_status()

    def on_resize(self, event: events.Resize) -> None:
        # A narrow terminal gives the text the whole width; s brings the panel
        # back, where the text keeps room beside it.
        shown = self.side.display
        if not self.place_side(event.size.width) and shown:
            self.say(no_room_for_side(event.size.width, self.key("reader.toggle_side", "s")))
        self.call_after_refresh(self.update_status)
