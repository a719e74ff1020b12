"""The reader: one article, its highlights, a sentence cursor and keyboard tagging."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from newsread.analysis import Analysis
from newsread.model import Annotation, Article, Tag, now_iso
from newsread.quotes import quote_context
from newsread.textspans import rough_sentences
from tui.highlights import (
    ENTITY_GROUPS,
    GROUP_COLORS,
    analysis_highlights,
    annotation_highlights,
    entity_group,
)
from tui.screens.tag_picker import TagChoice, TagPicker
from tui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from tui.app import NewsreadApp


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ReaderScreen(Screen):
    BINDINGS = [
        Binding("j,down", "next_unit", "Next", id="reader.next"),
        Binding("k,up", "previous_unit", "Previous", id="reader.previous"),
        Binding("v", "select", "Select", id="reader.select"),
        Binding("t", "tag", "Tag", id="reader.tag"),
        Binding("right_square_bracket", "next_mark", "Next entity/claim", id="reader.next_mark"),
        Binding(
            "left_square_bracket", "previous_mark", "Prev entity/claim", id="reader.previous_mark"
        ),
        Binding("e", "toggle_layer('entity')", "Entities", id="reader.toggle_entities"),
        Binding("c", "toggle_layer('claim')", "Claims", id="reader.toggle_claims"),
        Binding("g", "toggle_layer('tag')", "Tags", show=False, id="reader.toggle_tags"),
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

    def __init__(self, article: Article, annotations: list[Annotation], tags: list[Tag]) -> None:
        super().__init__()
        self.article = article
        self.annotations = annotations
        self.tags: dict[str, Tag] = {t.name: t for t in tags}
        self.analysis: Analysis | None = None
        self.analysis_note = "analysing…"

    @property
    def nr_app(self) -> NewsreadApp:
        return self.app  # type: ignore[return-value]

    # -- building ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        article = self.article
        yield Static(Text(article.title, style="bold"), id="reader-title")
        yield Static(self._meta_line(), id="reader-meta")
        with Horizontal(id="reader-main"):
            yield ArticleView(article.body, id="body")
            with VerticalScroll(id="side"):
                yield Static(id="side-annotations")
                yield Static(id="side-entities")
                yield Static(id="side-claims")
        yield Static("", id="reader-status")
        yield Footer()

    def _meta_line(self) -> Text:
        a = self.article
        parts = [p for p in (a.source, a.byline, a.dateline, (a.published or "")[:10]) if p]
        line = Text(" · ".join(parts) or "unknown source", style="italic")
        if a.url_or_path:
            line.append(f"   {a.url_or_path}", style="dim")
        return line

    @property
    def view(self) -> ArticleView:
        return self.query_one("#body", ArticleView)

    def on_mount(self) -> None:
        self.view.focus()
        self.refresh_annotations()
        self.refresh_side()
        self.update_status()
        self.run_analysis()

    # -- analysis (worker) -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def run_analysis(self) -> None:
        from newsread.pipeline import PipelineError, load_pipeline, pipeline_identity
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
        self.view.set_units(message.analysis.sentences)
        self.refresh_annotations()
        self.refresh_side()
        self.update_status()

    def on_reader_screen_analysis_failed(self, message: AnalysisFailed) -> None:
        self.analysis_note = "no spaCy analysis: rough sentences"
        self.view.set_units(rough_sentences(self.article.body))
        self.notify(message.error, severity="error", timeout=8)
        self.update_status()

    # -- drawing --------------------------------------------------------------------------

    def refresh_annotations(self) -> None:
        spans = annotation_highlights(self.annotations, self.tags)
        if self.analysis is not None:
            spans = analysis_highlights(self.analysis) + spans
        self.view.set_highlights(spans)

    def refresh_side(self) -> None:
        body = self.article.body
        ann_text = Text()
        ann_text.append(f"Annotations ({len(self.annotations)})\n", style="bold underline")
        if not self.annotations:
            ann_text.append("none yet — t tags the sentence at the cursor\n", style="dim")
        for ann in self.annotations:
            for name in ann.tags:
                color = self.tags[name].color if name in self.tags else "white"
                ann_text.append(f"[{name}]", style=f"bold {color}")
            if ann.orphan:
                ann_text.append(" (could not be placed)", style="red")
            ann_text.append(f" {_short(ann.quote, 70)}\n")
            if ann.note:
                ann_text.append(f"   ✎ {_short(ann.note, 66)}\n", style="italic dim")
        self.query_one("#side-annotations", Static).update(ann_text)

        ent_text = Text()
        claims_text = Text()
        if self.analysis is None:
            ent_text.append("\nEntities\n", style="bold underline")
            ent_text.append(f"{self.analysis_note}\n", style="dim")
        else:
            by_group: dict[str, Counter[str]] = defaultdict(Counter)
            for ent in self.analysis.entities:
                by_group[entity_group(ent.label)][body[ent.start : ent.end]] += 1
            ent_text.append(f"\nEntities ({len(self.analysis.entities)})\n", style="bold underline")
            for group in ENTITY_GROUPS:
                if group not in by_group:
                    continue
                ent_text.append(f"{group}\n", style=f"bold {GROUP_COLORS[group]}")
                for name, count in by_group[group].most_common():
                    ent_text.append(f"  {_short(name, 40)} ", style=GROUP_COLORS[group])
                    ent_text.append(f"{count}\n", style="dim")
            claims_text.append(f"\nClaims ({len(self.analysis.claims)})\n", style="bold underline")
            for claim in self.analysis.claims:
                speaker = claim.speaker_resolved or claim.speaker
                who = speaker.text if speaker else "—"
                what = claim.content.text if claim.content else body[claim.start : claim.end]
                claims_text.append(f"{claim.kind} ", style="#ff79c6")
                claims_text.append(f"{_short(who, 30)} → ", style="bold")
                claims_text.append(f"{_short(what, 70)}\n")
        self.query_one("#side-entities", Static).update(ent_text)
        self.query_one("#side-claims", Static).update(claims_text)

    def update_status(self) -> None:
        view = self.view
        status = Text()
        if view.cursor is None:
            status.append("Finding sentences… ", style="italic")
        else:
            status.append(f"sentence {view.cursor + 1}/{len(view.units)}")
        selection = view.selection
        if selection:
            status.append("  selection: ", style="bold #2f9fff")
            status.append(f"“{_short(self.article.body[selection[0] : selection[1]], 70)}”")
        status.append(f"   [{self.analysis_note}]", style="dim")
        self.query_one("#reader-status", Static).update(status)

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self.update_status()

    # -- actions -------------------------------------------------------------------------

    def action_next_unit(self) -> None:
        self.view.move(1)

    def action_previous_unit(self) -> None:
        self.view.move(-1)

    def action_select(self) -> None:
        self.view.start_selection()

    def action_back(self) -> None:
        if self.view.selection is not None:
            self.view.clear_selection()
            return
        self.app.pop_screen()

    def action_toggle_layer(self, layer: str) -> None:
        shown = self.view.toggle_layer(layer)
        self.notify(f"{layer} highlights {'shown' if shown else 'hidden'}", timeout=2)

    def _marks(self) -> list[tuple[int, int]]:
        if self.analysis is None:
            return []
        marks = {(e.start, e.end) for e in self.analysis.entities}
        marks |= {(c.start, c.end) for c in self.analysis.claims}
        return sorted(marks)

    def _jump(self, forward: bool) -> None:
        marks = self._marks()
        if not marks:
            self.notify("no entities or claims here", timeout=2)
            return
        here = self.view.target[0] if self.view.target else -1
        if forward:
            nxt = next((m for m in marks if m[0] > here), marks[0])
        else:
            nxt = next((m for m in reversed(marks) if m[0] < here), marks[-1])
        self.view.select_span(*nxt)

    def action_next_mark(self) -> None:
        self._jump(True)

    def action_previous_mark(self) -> None:
        self._jump(False)

    def action_tag(self) -> None:
        target = self.view.target
        if target is None:
            self.notify("nothing to tag yet: sentences are still being found", timeout=3)
            return
        counts = self.nr_app.tag_counts
        choices = [
            TagChoice(t.name, t.color, counts.get(t.name, 0), t.key)
            for t in self.nr_app.library.tags()
        ]
        start, end = target

        def apply(names: list[str] | None) -> None:
            if names:
                self.add_annotation(start, end, names)

        self.app.push_screen(TagPicker(choices, self.article.body[start:end]), apply)

    def add_annotation(self, start: int, end: int, names: list[str], note: str = "") -> Annotation:
        body = self.article.body
        prefix, suffix = quote_context(body, start, end)
        stamp = now_iso()
        ann = Annotation(
            id=uuid.uuid4().hex[:12],
            article_id=self.article.id,
            start=start,
            end=end,
            quote=body[start:end],
            prefix=prefix,
            suffix=suffix,
            tags=list(names),
            note=note,
            created=stamp,
            updated=stamp,
        )
        library = self.nr_app.library
        for name in names:
            if name not in self.tags:
                self.tags[name] = library.propose_tag(name)
                self.nr_app.writer.submit(lambda n=name: library.ensure_tag(n))
            self.nr_app.tag_counts[name] += 1
        self.annotations.append(ann)
        self.annotations.sort(key=lambda a: (a.start, a.end))
        self.nr_app.writer.submit(lambda: library.save_annotation(ann))
        self.view.clear_selection()
        self.refresh_annotations()
        self.refresh_side()
        self.notify(f"tagged {', '.join(names)}: “{_short(ann.quote, 50)}”", timeout=3)
        return ann
