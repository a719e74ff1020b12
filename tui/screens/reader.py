"""The reader: one article, its highlights, a unit cursor and keyboard annotation."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static

from newsread.analysis import Analysis, Claim, Entity
from newsread.annotations.textspans import paragraph_spans, rough_sentences, word_spans
from newsread.config import quick_keys
from newsread.model import Annotation, Article, Tag, new_annotation, next_tag_color, now_iso
from tui.highlights import (
    analysis_highlights,
    annotation_highlights,
)
from tui.screens.dialogs import Chooser, InfoScreen, NoteEditor
from tui.screens.tag_picker import TagChoice, TagPicker
from tui.widgets.article_view import ArticleView
from tui.widgets.find_bar import FindBar
from tui.widgets.shown import shown, visible
from tui.widgets.side_panel import SidePanel, append_tag_names, short
from tui.widgets.status_line import Part, fit_parts
from tui.wording import plural

if TYPE_CHECKING:
    from tui.app import NewsreadApp


def suggestion_label(item: Entity | Claim) -> str:
    """The tag a suggestion becomes: an entity's label or a claim's kind."""
    return item.label if isinstance(item, Entity) else item.kind


def _quick_bindings() -> list[Binding]:
    return [
        Binding(str(d), f"quick_tag({d})", f"Quick tag {d}", show=False, id=f"reader.quick_{d}")
        for d in range(1, 10)
    ]


class ReaderScreen(Screen):
    BINDINGS = [
        Binding("j,down", "move('sentence', 1)", "Next", id="reader.next"),
        Binding("k,up", "move('sentence', -1)", "Previous", id="reader.previous"),
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
        Binding("u", "undo", "Undo", id="reader.undo"),
        Binding("ctrl+r", "redo", "Redo", id="reader.redo"),
        Binding("a", "accept", "Accept", id="reader.accept"),
        Binding("r", "reject", "Reject", show=False, id="reader.reject"),
        Binding("A", "accept_all", "Accept every mention", show=False, id="reader.accept_all"),
        Binding("R", "toggle_rejected", "Show rejected", show=False, id="reader.show_rejected"),
        Binding("o", "reattach", "Re-attach orphan", show=False, id="reader.reattach"),
        Binding("e", "toggle_layer('entity')", "Entities", show=False, id="reader.toggle_entities"),
        Binding("c", "toggle_layer('claim')", "Claims", show=False, id="reader.toggle_claims"),
        Binding("g", "toggle_layer('tag')", "Tags", show=False, id="reader.toggle_tags"),
        Binding("tab", "focus_side", "Entity / claim lists", show=False, id="reader.focus_side"),
        Binding("i", "info", "Article info", show=False, id="reader.info"),
        Binding("s", "toggle_side", "Side panel", show=False, id="reader.toggle_side"),
        Binding("escape", "back", "Back", id="reader.back"),
    ]

    class AnalysisReady(Message):
        def __init__(self, analysis: Analysis, note: str) -> None:
            super().__init__()
            self.analysis = analysis
            self.note = note

    class AnalysisFailed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    class AnnotationsChanged(Message):
        """The annotations on disk changed behind the screen (undo, redo)."""

        def __init__(self, annotations: list[Annotation], tags: list[Tag], label: str) -> None:
            super().__init__()
            self.annotations = annotations
            self.tags = tags
            self.label = label

    def __init__(
        self,
        article: Article,
        annotations: list[Annotation],
        tags: list[Tag],
        rejected: list[dict[str, Any]] | None = None,
        copies: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__()
        self.article = article
        self.annotations = annotations
        self.tags: dict[str, Tag] = {t.name: t for t in tags}
        self.rejected: list[dict[str, Any]] = list(rejected or [])
        self.copies = list(copies or [])
        self.show_rejected = False
        self.analysis: Analysis | None = None
        self.analysis_note = "analysing…"
        self.message = ""
        self._entity_cycle: dict[str, int] = {}
        self.stale = False
        self.last_search = ""
        self.changed_on_disk = False
        self._stamp: tuple[int, ...] | None = None
        self._annotations_stamp: tuple[int, ...] = (0, 0, 0)
        self.side_choice: bool | None = None  # None: by terminal width
        self._help_key = ""

    @property
    def nr_app(self) -> NewsreadApp:
        return self.app  # type: ignore[return-value]

    # -- building ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        article = self.article
        yield Static(shown(article.title, "bold"), id="reader-title")
        yield Static(self._meta_line(), id="reader-meta")
        with Horizontal(id="reader-main"):
            yield ArticleView(article.body, id="body")
            yield SidePanel(id="side")
        yield FindBar(id="reader-find")
        yield Static("", id="reader-status")
        yield Footer()

    def _meta_line(self) -> Text:
        a = self.article
        parts = [p for p in (a.source, a.byline, a.dateline, (a.published or "")[:10]) if p]
        line = shown(" · ".join(parts) or "unknown source", "italic")
        if a.url_or_path:
            line.append(visible(f"   {a.url_or_path}"), style="dim")
        if self.copies:
            others = "; ".join(
                f"{short(m['title'], 50)} ({m.get('source') or 'unknown source'})"
                for m in self.copies[:3]
            )
            line.append(visible(f"\nsame story also in: {others}"), style="#e5c07b")
        return line

    @property
    def view(self) -> ArticleView:
        return self.query_one("#body", ArticleView)

    def on_mount(self) -> None:
        body = self.article.body
        self.view.set_units("word", word_spans(body))
        self.view.set_units("paragraph", paragraph_spans(body))
        self.view.focus()
        self.refresh_all()
        orphans = sum(1 for a in self.annotations if a.orphan)
        if orphans:
            self.notify(
                f"{plural(orphans, 'annotation')} could not be placed "
                "after the text changed: o re-attaches one to the selection",
                severity="warning",
                timeout=8,
            )
        self.run_analysis()
        self._stamp = self.nr_app.library.change_stamp()
        self._annotations_stamp = self.nr_app.library.annotations_stamp(self.article.id)
        self.set_interval(1.0, self._check_changed_on_disk)

    @work(thread=True, exclusive=True, group="disk-check", exit_on_error=False)
    def _check_changed_on_disk(self) -> None:
        """Follow this article's annotations as other processes change them, and
        warn once when a re-import elsewhere changed its text."""
        library = self.nr_app.library
        if self.nr_app.writer.idle:
            # While our own writes are queued the file is about to change anyway;
            # the next tick compares against what they leave.
            stamp = library.annotations_stamp(self.article.id)
            if stamp != self._annotations_stamp:
                self._annotations_stamp = stamp
                self._reload_if_changed("annotations changed in another window: shown as stored")
        stamp = library.change_stamp()
        if stamp == self._stamp or self.changed_on_disk:
            return
        self._stamp = stamp
        if library.get_meta(self.article.id)["content_hash"] != self.article.content_hash:
            self.changed_on_disk = True
            self.app.call_from_thread(
                self.notify,
                "this article was re-imported with a changed text: escape and reopen it "
                "to see the new text and its re-anchored annotations",
                severity="warning",
                timeout=15,
            )

    def on_screen_resume(self) -> None:
        """Back from the tag manager, tags and annotations may have changed on
        disk: read this article's back, off the event loop. (Not after our own
        dialogs: their changes are already in memory and still being written.)"""
        if self.stale:
            self.stale = False
            self.reload_annotations()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def reload_annotations(self) -> None:
        self.nr_app.writer.wait_idle(10)
        self._reload_if_changed("")

    def _reload_if_changed(self, label: str) -> None:
        """(Worker thread.) Show the annotations and tags as stored, if they differ."""
        library = self.nr_app.library
        anns = library.annotations(self.article.id)
        tags = library.tags()
        if [a.to_dict() for a in anns] != [a.to_dict() for a in self.annotations]:
            self.post_message(self.AnnotationsChanged(anns, tags, label))
        elif {t.name: t for t in tags} != self.tags:
            self.post_message(self.AnnotationsChanged(anns, tags, ""))

    # -- analysis (worker) -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def run_analysis(self) -> None:
        from newsread.analysis.pipeline import PipelineError, load_pipeline, pipeline_identity
        from storage.analyses import analysis_for, cached

        app = self.nr_app
        preferred = app.config.pipeline
        try:
            identity = pipeline_identity(preferred)
            if identity is not None:
                hit = cached(app.library, self.article, identity)
                if hit is not None:
                    self.post_message(
                        self.AnalysisReady(hit, f"{identity[0]} {identity[1]}, cached")
                    )
                    return
            loaded = load_pipeline(preferred)
            analysis = analysis_for(app.library, self.article, loaded)
            self.post_message(self.AnalysisReady(analysis, loaded.describe()))
        except PipelineError as exc:
            self.post_message(self.AnalysisFailed(str(exc)))
        except Exception as exc:  # noqa: BLE001 - shown to the user; the text stays usable
            self.post_message(self.AnalysisFailed(f"analysis failed: {exc}"))

    def on_reader_screen_analysis_ready(self, message: AnalysisReady) -> None:
        self.analysis = message.analysis
        self.analysis_note = message.note
        self.view.set_units("sentence", message.analysis.sentences)
        self.refresh_marks()
        self.refresh_all()

    def on_reader_screen_analysis_failed(self, message: AnalysisFailed) -> None:
        self.analysis_note = "no spaCy analysis: rough sentences"
        self.view.set_units("sentence", rough_sentences(self.article.body))
        self.notify(visible(message.error), severity="error", timeout=8, markup=False)
        self.update_status()

    # -- suggestions --------------------------------------------------------------------

    def _is_rejected(self, kind: str, start: int, end: int) -> bool:
        return any(
            r["kind"] == kind and r["start"] == start and r["end"] == end for r in self.rejected
        )

    def _unrejected(self, kind: str, items: list[Any]) -> list[Any]:
        if self.show_rejected:
            return list(items)
        return [i for i in items if not self._is_rejected(kind, i.start, i.end)]

    def visible_entities(self) -> list[Entity]:
        return self._unrejected("entity", self.analysis.entities) if self.analysis else []

    def visible_claims(self) -> list[Claim]:
        return self._unrejected("claim", self.analysis.claims) if self.analysis else []

    def refresh_marks(self) -> None:
        marks = {(e.start, e.end) for e in self.visible_entities()}
        marks |= {(c.start, c.end) for c in self.visible_claims()}
        self.view.set_units("mark", sorted(marks))

    def suggestion_at_cursor(self) -> tuple[str, Entity | Claim] | None:
        """The entity or claim the cursor is on: exactly its span, else one containing it."""
        cursor = self.view.cursor
        if cursor is None:
            return None
        for entity in self.visible_entities():
            if (entity.start, entity.end) == cursor:
                return "entity", entity
        for claim in self.visible_claims():
            if (claim.start, claim.end) == cursor:
                return "claim", claim
        if self.view.cursor_unit == "word":
            for entity in self.visible_entities():
                if entity.start <= cursor[0] < entity.end:
                    return "entity", entity
        return None

    # -- drawing --------------------------------------------------------------------------

    def refresh_all(self) -> None:
        self.refresh_highlights()
        self.refresh_side()
        self.update_status()

    def refresh_highlights(self) -> None:
        spans = annotation_highlights(self.annotations, self.tags)
        if self.analysis is not None:
            shown = replace(
                self.analysis, entities=self.visible_entities(), claims=self.visible_claims()
            )
            spans = analysis_highlights(shown) + spans
        self.view.set_highlights(spans)

    def annotations_at_cursor(self) -> list[Annotation]:
        cursor = self.view.target
        if cursor is None:
            return []
        lo, hi = cursor
        return [a for a in self.annotations if not a.orphan and a.start < hi and lo < a.end]

    @property
    def side(self) -> SidePanel:
        return self.query_one("#side", SidePanel)

    def refresh_side(self) -> None:
        self.side.show_at_cursor(self.annotations_at_cursor(), self.tags)
        self.side.show_annotations(self.annotations, self.tags)
        if self.analysis is None:
            self.side.show_pending(self.analysis_note)
        else:
            self.side.show_analysis(
                self.article.body, self.visible_entities(), self.visible_claims()
            )

    def update_status(self) -> None:
        view = self.view
        bar = self.query_one("#reader-status", Static)
        width = (bar.content_size.width or self.app.size.width - 2) - 1
        parts: list[Part] = []
        if view.cursor is None:
            parts.append(Part(Text("Finding sentences… ", style="italic"), 0))
        else:
            position = view.unit_index(view.cursor_unit)
            if position and view.cursor_unit != "mark":
                parts.append(Part(Text(f"{view.cursor_unit} {position[0]}/{position[1]}"), 0))
        selection = view.selection
        if selection:
            quote = short(
                self.article.body[selection[0] : selection[1]], max(20, min(60, width - 40))
            )
            part = Text("  selection: ", style="bold #2f9fff")
            part.append(visible(f"“{quote}”"))
            parts.append(Part(part, 1))
        if not self.side.display:
            # The side panel normally says what is tagged here; without it, this line does.
            at_cursor = Text()
            for ann in self.annotations_at_cursor():
                append_tag_names(at_cursor, ann, self.tags, sep=" ")
                if ann.note:
                    at_cursor.append(" ✎", style="italic")
            if at_cursor:
                parts.append(Part(Text(" ") + at_cursor, 2))
        if self.message:
            parts.append(Part(shown(f"  {self.message}", "bold"), 1))
        if view.cursor is not None:
            found = self.suggestion_at_cursor()
            if found:
                kind, item = found
                label = suggestion_label(item)
                text = short(self.article.body[item.start : item.end], 30)
                parts.append(Part(shown(f"  {kind} {label} “{text}”", "#ff79c6"), 3))
                keys = "a accept · r reject" + (" · A every mention" if kind == "entity" else "")
                parts.append(Part(Text(f"  {keys}", style="dim"), 4))
        if self.app.size.width < 120:
            # The footer runs out of room before its last key, the one that lists them all.
            help_key = self.help_key()
            if help_key:
                parts.append(Part(shown(f"  {help_key} all keys", "dim"), 4))
        parts.append(Part(shown(f"   [{self.analysis_note}]", "dim"), 5))
        bar.update(fit_parts(parts, width))

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

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self.message = ""
        self.side.show_at_cursor(self.annotations_at_cursor(), self.tags)
        self.update_status()

    def say(self, message: str) -> None:
        self.message = message
        self.update_status()

    # -- movement -------------------------------------------------------------------------

    def action_move(self, unit: str, delta: int) -> None:
        if not self.view.move(unit, delta) and unit == "mark" and self.analysis is None:
            self.say("entities and claims are still being analysed")

    def action_select(self) -> None:
        self.view.start_selection()

    def action_back(self) -> None:
        """escape steps back one thing at a time: out of the find box or the side
        lists to the text, then off the selection, then to the library."""
        if self.focused is not None and self.focused is not self.view:
            self._close_find()
            self.set_focus(self.view)
            return
        if self.view.selection is not None:
            self.view.clear_selection()
            return
        self.app.pop_screen()

    def action_toggle_layer(self, layer: str) -> None:
        shown = self.view.toggle_layer(layer)
        self.say(f"{layer} highlights {'shown' if shown else 'hidden'}")

    def action_focus_side(self) -> None:
        """tab: the entity list, again the claim list, again back to the text."""
        lists = [
            w
            for w in self.query("#side-entity-list, #side-claim-list").results(OptionList)
            if w.display and w.option_count
        ]
        order = [self.view, *lists]
        focused = self.focused if self.focused in order else self.view
        order[(order.index(focused) + 1) % len(order)].focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Jump to the next mention of the chosen entity, cycling through them."""
        option_id = event.option.id or ""
        if option_id.startswith("claim:"):
            _, _, start, end = option_id.split(":")
            self.view.move_to_span((int(start), int(end)), "mark")
            self.view.focus()
            return
        if not option_id.startswith("entity:"):
            return
        name = option_id.split(":", 2)[2]
        body = self.article.body
        mentions = [e for e in self.visible_entities() if body[e.start : e.end] == name]
        if not mentions:
            return
        index = self._entity_cycle.get(name, -1) + 1
        index %= len(mentions)
        self._entity_cycle[name] = index
        entity = mentions[index]
        self.view.move_to_span((entity.start, entity.end), "mark")
        self.say(f"{name}: mention {index + 1}/{len(mentions)}")

    def on_resize(self, event: events.Resize) -> None:
        # A narrow terminal gives the text the whole width; s brings the panel back.
        if self.side_choice is None:
            self.side.display = event.size.width >= 100
        self.call_after_refresh(self.update_status)

    def action_toggle_side(self) -> None:
        self.side_choice = not self.side.display
        self.side.display = self.side_choice
        self.update_status()

    def action_info(self) -> None:
        a = self.article
        text = Text()
        text.append(visible(f"{a.title}\n\n"), style="bold")
        fields = [
            ("id", a.id),
            ("source", a.source),
            ("byline", a.byline),
            ("dateline", a.dateline),
            ("published", a.published),
            ("from", a.url_or_path),
            ("imported", a.imported),
            ("characters", str(len(a.body))),
            ("body hash", a.content_hash[:16]),
            ("analysis", self.analysis_note),
        ]
        for name, value in fields:
            text.append(f"{name:>11}  ", style="dim")
            text.append(visible(f"{value or '—'}\n"))
        if self.copies:
            text.append("\nSame story elsewhere in the library\n", style="bold underline")
            for meta in self.copies:
                source = meta.get("source") or "unknown source"
                text.append(visible(f"  {meta['title']} ({source})\n"))
        text.append(f"\nRemoved by cleaning ({len(a.removed)})\n", style="bold underline")
        if not a.removed:
            text.append("  nothing\n", style="dim")
        for fragment in a.removed:
            text.append(visible(f"  · {short(fragment, 180)}\n"))
        self.app.push_screen(InfoScreen(text))

    @property
    def find_bar(self) -> FindBar:
        return self.query_one("#reader-find", FindBar)

    def action_find(self) -> None:
        if isinstance(self.focused, FindBar):
            raise SkipAction()  # typed in the box: a character to find, not a new search
        self.find_bar.open(self.last_search)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        query = event.value.strip()
        self._close_find()
        # At once, so keys typed right after enter (t to tag the match) reach the text.
        self.set_focus(self.view)
        if query:
            self.last_search = query
            self.action_find_next()

    def _close_find(self) -> None:
        self.find_bar.close()

    def action_find_next(self) -> None:
        """Select the next match of the last search after the cursor, wrapping round."""
        query = self.last_search.casefold()
        if not query:
            self.say("nothing to find yet: / searches")
            return
        body = self.article.body.casefold()
        matches = []
        at = body.find(query)
        while at >= 0:
            matches.append(at)
            at = body.find(query, at + 1)
        if not matches:
            self.say(f"“{self.last_search}” is not in this article")
            return
        here = self.view.target[0] if self.view.target else -1
        index = next((i for i, m in enumerate(matches) if m > here), 0)
        start = matches[index]
        self.view.select_span(start, start + len(query))
        self.view.scroll_to_span((start, start + len(query)))
        self.say(
            f"“{self.last_search}”: match {index + 1}/{len(matches)} · ctrl+n next · t tags it"
        )

    # -- annotations: create, edit, delete --------------------------------------------------

    def _tag(self, name: str) -> Tag:
        """The library's tag of that name, or a new one in a colour no tag has.

        ``self.tags`` holds every tag of the library (loaded with the article,
        reloaded after the tag manager), so nothing is read from disk here, on
        the event loop.
        """
        return self.tags.get(name) or Tag(
            name, next_tag_color([t.color for t in self.tags.values()])
        )

    def _ensure_tags(self, names: list[str]) -> None:
        """New tag names get their colour now, in memory; the save that uses them
        creates them in the library in the same transaction."""
        for name in names:
            if name not in self.tags:
                self.tags[name] = self._tag(name)

    def _commit(
        self,
        label: str,
        changes: list[tuple[Annotation | None, Annotation | None]],
        unreject: list[tuple[str, int, int]] | None = None,
    ) -> None:
        """Apply changes in memory now; save them (merged with whatever another
        process wrote meanwhile) and record one undo step, in the writer thread."""
        from storage.edits import apply_edits

        for before, after in changes:
            if before is not None:
                self.annotations = [a for a in self.annotations if a.id != before.id]
            if after is not None:
                self.annotations.append(after)
            for name in before.tags if before else []:
                self.nr_app.tag_counts[name] -= 1
            for name in after.tags if after else []:
                self.nr_app.tag_counts[name] += 1
        self.annotations.sort(key=lambda a: (a.start, a.end, a.created))
        library = self.nr_app.library
        history = self.nr_app.history
        article_id = self.article.id
        body_hash = self.article.content_hash
        tags = list(self.tags.values())
        shown = [a.to_dict() for a in self.annotations]

        def save() -> None:
            try:
                result = apply_edits(
                    library,
                    history,
                    article_id,
                    label,
                    changes,
                    body_hash=body_hash,
                    tags=tags,
                    unreject=unreject or (),
                )
            except Exception:
                # Not saved: the screen must not go on showing it as if it were.
                self.post_message(
                    self.AnnotationsChanged(library.annotations(article_id), library.tags(), "")
                )
                raise
            if [a.to_dict() for a in result.annotations] != shown:
                # Merged with another writer's change: show what is stored.
                self.post_message(self.AnnotationsChanged(result.annotations, library.tags(), ""))

        self.nr_app.writer.submit(save)
        self.refresh_all()
        self.say(f"{label} · u undoes")

    def add_annotation(
        self,
        start: int,
        end: int,
        names: list[str],
        note: str = "",
        data: dict[str, Any] | None = None,
    ) -> Annotation:
        self._ensure_tags(names)
        ann = new_annotation(self.article, start, end, names, note, data)
        self.view.clear_selection()
        what = ", ".join(names) if names else "note"
        self._commit(f"tagged {what}: “{short(ann.quote, 40)}”", [(None, ann)])
        return ann

    def tag_span(self, start: int, end: int, names: list[str]) -> None:
        """Tag a passage; an annotation on exactly that passage gains the tags
        instead of a second annotation being stacked on it."""
        same = next(
            (a for a in self.annotations if (a.start, a.end) == (start, end) and not a.orphan),
            None,
        )
        if same is None:
            self.add_annotation(start, end, names)
            return
        added = [n for n in names if n not in same.tags]
        if not added:
            self.say(f"already tagged {', '.join(names)}")
            return
        self._ensure_tags(added)
        after = replace(same, tags=[*same.tags, *added], updated=now_iso())
        self.view.clear_selection()
        self._commit(f"added {', '.join(added)} to “{short(same.quote, 40)}”", [(same, after)])

    def annotation_under_cursor(self) -> Annotation | None:
        """The innermost annotation overlapping the cursor (or the selection)."""
        here = self.annotations_at_cursor()
        if not here:
            return None
        return min(here, key=lambda a: (a.end - a.start, a.created))

    def action_tag(self) -> None:
        target = self.view.target
        if target is None:
            self.say("nothing to tag yet: sentences are still being found")
            return
        counts = self.nr_app.tag_counts
        keys = {name: digit for digit, name in self.quick_tags().items()}
        stored = dict(self.tags)
        for name in keys:  # a quick tag named only in the config is offered too
            stored.setdefault(name, self._tag(name))
        choices = [
            TagChoice(t.name, t.color, counts.get(t.name, 0), keys.get(t.name, ""))
            for t in stored.values()
        ]
        start, end = target

        def apply(names: list[str] | None) -> None:
            if names:
                self.tag_span(start, end, names)

        self.app.push_screen(TagPicker(choices, self.article.body[start:end]), apply)

    def quick_tags(self) -> dict[str, str]:
        """Digit → tag name, exactly as the tag manager shows them: the library's tag
        keys, then the config's [quick_tags] for free digits and keyless tags."""
        return quick_keys(self.tags.values(), self.nr_app.config.quick_tags).names

    def action_quick_tag(self, digit: int) -> None:
        name = self.quick_tags().get(str(digit))
        if name is None:
            self.say(f"no tag on quick key {digit}: give a tag that key in the tag manager (k)")
            return
        target = self.view.target
        if target is None:
            return
        self.tag_span(*target, [name])

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

    def action_note(self) -> None:
        existing = self.annotation_under_cursor() if self.view.selection is None else None
        target = self.view.target
        if existing is None and target is None:
            return
        quote = existing.quote if existing else self.article.body[target[0] : target[1]]

        def done(text: str | None) -> None:
            if text is None:
                return
            if existing is not None:
                after = replace(existing, note=text, updated=now_iso())
                self._commit("note saved", [(existing, after)])
            elif text:
                self.add_annotation(target[0], target[1], [], note=text)

        heading = f"Note on “{short(quote, 60)}”"
        self.app.push_screen(NoteEditor(heading, existing.note if existing else ""), done)

    def action_delete(self) -> None:
        ann = self.annotation_under_cursor()
        if ann is None:
            self.say("no annotation at the cursor")
            return
        names = ", ".join(ann.tags) or "note"
        self._commit(f"deleted [{names}] “{short(ann.quote, 40)}”", [(ann, None)])

    def _step_history(self, undo: bool) -> None:
        """Undo or redo one step in the writer thread (after every pending write),
        then show this article's annotations as they now are on disk."""
        library = self.nr_app.library
        history = self.nr_app.history
        article_id = self.article.id
        verb = "undo" if undo else "redo"

        def job() -> None:
            group = history.undo() if undo else history.redo()
            label = f"{verb} {group.label}" if group else f"nothing to {verb}"
            anns = library.annotations(article_id)
            self.post_message(self.AnnotationsChanged(anns, library.tags(), label))

        self.nr_app.writer.submit(job)

    def action_undo(self) -> None:
        self._step_history(undo=True)

    def action_redo(self) -> None:
        self._step_history(undo=False)

    def on_reader_screen_annotations_changed(self, message: AnnotationsChanged) -> None:
        before = Counter(n for a in self.annotations for n in a.tags)
        after = Counter(n for a in message.annotations for n in a.tags)
        self.nr_app.tag_counts.update(after)
        self.nr_app.tag_counts.subtract(before)
        self.annotations = message.annotations
        self.tags = {t.name: t for t in message.tags}
        self.refresh_all()
        if message.label:
            self.say(message.label)

    # -- suggestions: accept, reject, accept all -----------------------------------------------

    def _suggestion_annotation(self, item: Entity | Claim) -> Annotation:
        """An accepted suggestion: tagged with its label, the analysis kept in ``data``."""
        data: dict[str, Any] = {
            "suggestion": {"kind": "entity", "label": item.label}
            if isinstance(item, Entity)
            else {"kind": "claim", "label": item.kind, "score": item.score}
        }
        if isinstance(item, Claim):
            spans = item.to_dict()
            roles = ("speaker", "cue", "content", "speaker_resolved")
            data.update({k: spans[k] for k in roles if spans.get(k) is not None})
        names = [suggestion_label(item)]
        self._ensure_tags(names)
        return new_annotation(self.article, item.start, item.end, names, data=data)

    def _already_accepted(self, item: Entity | Claim, label: str) -> bool:
        return any(
            a.start == item.start and a.end == item.end and label in a.tags
            for a in self.annotations
        )

    def action_accept(self) -> None:
        found = self.suggestion_at_cursor()
        if found is None:
            self.say("no entity or claim at the cursor: ] jumps to the next one")
            return
        kind, item = found
        label = suggestion_label(item)
        if self._already_accepted(item, label):
            self.say(f"already accepted as {label}")
            return
        ann = self._suggestion_annotation(item)
        self._commit(
            f"accepted {kind} {label}: “{short(ann.quote, 40)}”",
            [(None, ann)],
            unreject=self._unreject([(kind, item)]),
        )

    def action_accept_all(self) -> None:
        found = self.suggestion_at_cursor()
        if found is None or not isinstance(found[1], Entity):
            self.say("put the cursor on an entity (] jumps) to accept every mention")
            return
        entity = found[1]
        body = self.article.body
        name = body[entity.start : entity.end]
        mentions = [
            e
            for e in self.visible_entities()
            if e.label == entity.label
            and body[e.start : e.end] == name
            and not self._already_accepted(e, e.label)
        ]
        if not mentions:
            self.say(f"every mention of {name} is already accepted")
            return
        changes = [(None, self._suggestion_annotation(e)) for e in mentions]
        count = plural(len(changes), "mention")
        self._commit(
            f"accepted {count} of {name} as {entity.label}",
            changes,
            unreject=self._unreject([("entity", e) for e in mentions]),
        )

    def _unreject(self, items: list[tuple[str, Entity | Claim]]) -> list[tuple[str, int, int]]:
        """Accepting a rejected suggestion takes back the rejection (in memory now,
        on disk with the save), so no span is exported as both."""
        spans = {(kind, item.start, item.end) for kind, item in items}
        self.rejected = [
            r for r in self.rejected if (r["kind"], r["start"], r["end"]) not in spans
        ]
        self.refresh_marks()
        return sorted(spans)

    def action_reject(self) -> None:
        found = self.suggestion_at_cursor()
        if found is None:
            self.say("no entity or claim at the cursor")
            return
        kind, item = found
        label = suggestion_label(item)
        if self._already_accepted(item, label):
            self.say(f"already accepted as {label}: x deletes that annotation first")
            return
        record = {
            "kind": kind,
            "label": label,
            "start": item.start,
            "end": item.end,
            "text": self.article.body[item.start : item.end],
            "rejected": now_iso(),
        }
        self.rejected.append(record)
        library = self.nr_app.library
        article_id = self.article.id
        self.nr_app.writer.submit(lambda: library.save_rejected(article_id, record))
        self.refresh_marks()
        self.refresh_all()
        self.say(f"rejected {kind} {label}: “{short(record['text'], 40)}” (R shows rejected)")

    def action_toggle_rejected(self) -> None:
        self.show_rejected = not self.show_rejected
        self.refresh_marks()
        self.refresh_all()
        self.say("rejected suggestions " + ("shown" if self.show_rejected else "hidden"))

    # -- orphans -------------------------------------------------------------------------------

    def action_reattach(self) -> None:
        orphans = [a for a in self.annotations if a.orphan]
        target = self.view.target
        if not orphans:
            self.say("no annotations are waiting to be placed")
            return
        if target is None:
            return
        items = [(a.id, f"[{', '.join(a.tags) or 'note'}] {short(a.quote, 70)}") for a in orphans]

        def chosen(ann_id: str | None) -> None:
            ann = next((a for a in orphans if a.id == ann_id), None)
            if ann is None:
                return
            moved = ann.placed_at(self.article.body, *target)
            after = replace(moved, updated=now_iso())
            self.view.clear_selection()
            self._commit(f"re-attached [{', '.join(ann.tags) or 'note'}]", [(ann, after)])

        self.app.push_screen(Chooser("Attach which annotation to the selection?", items), chosen)
