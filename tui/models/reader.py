"""What the reader knows about one article, without Textual: its annotations and
tags, the analysis and which suggestions were rejected, the cursor, and the
questions the screen asks of them (what is at the cursor, where the next match
is, which mention comes next).

The reader screen turns keys into calls on this model and draws the result;
every rule lives here so it can be tested without a terminal.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from newsread.analysis import Analysis, Claim, Entity
from newsread.analysis.corrections import (
    about_claim,
    apply_corrections,
    correction_of,
    corrections_key,
    entity_aliases,
)
from newsread.analysis.entities import EntityGroup, group_entities
from newsread.annotations.held_spans import placed_with_spans
from newsread.annotations.rejections import (
    ANNOTATOR,
    CueKey,
    RejectionKey,
    applies_to,
    cue_key,
    forgets,
    hides,
)
from newsread.annotations.tagnames import existing_spelling, tag_key
from newsread.annotations.textspans import paragraph_spans, rough_sentences, word_spans
from newsread.annotators import first_spellings, same_annotator
from newsread.config import quick_keys
from newsread.model import (
    Annotation,
    Article,
    Cut,
    Tag,
    new_annotation,
    next_tag_color,
    now_iso,
    same_hand,
)
from tui.models import cuts as cut_lines
from tui.models.cursor import Span, TextCursor

Suggestion = Entity | Claim
#: (before, after): None before is a new annotation, None after a deleted one.
Change = tuple[Annotation | None, Annotation | None]

ROUGH_SENTENCES_NOTE = "no spaCy analysis: rough sentences"


def suggestion_label(item: Suggestion) -> str:
    """The tag a suggestion becomes: an entity's label or a claim's kind."""
    return item.label if isinstance(item, Entity) else item.kind


def span_record(span: Any) -> dict[str, Any] | None:
    """An analysis span (a claim's cue or role) as records store it; None for none."""
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def suggestion_cue(item: Suggestion) -> CueKey:
    """What tells a claim from another on its span (its cue); None for an entity."""
    return cue_key(item.cue) if isinstance(item, Claim) else None


def rejection_key(kind: str, item: Suggestion) -> RejectionKey:
    """The one suggestion a rejection of ``item`` is about."""
    return (kind, item.start, item.end, suggestion_cue(item))


@dataclass(frozen=True)
class Match:
    """One find result: the match's span, its 1-based number and how many there are."""

    start: int
    end: int
    number: int
    count: int


@dataclass(frozen=True)
class Mention:
    """One mention of an entity name while cycling through them."""

    entity: Entity
    number: int  # 1-based
    count: int


class ReaderModel:
    def __init__(
        self,
        article: Article,
        annotations: list[Annotation],
        tags: list[Tag],
        rejected: list[dict[str, Any]] | None = None,
        annotator: str = "",
    ) -> None:
        self.article = article
        #: who the annotations made here are by (the screen sets the config's)
        self.annotator = annotator
        self.annotations = annotations
        # Every tag of the library (loaded with the article, reloaded after the tag
        # manager): naming and colouring a new tag never reads the disk.
        self.tags: dict[str, Tag] = {t.name: t for t in tags}
        self.rejected: list[dict[str, Any]] = list(rejected or [])
        #: whose annotations are shown: None for everyone's
        self.annotator_filter: str | None = None
        self.show_rejected = False
        self.analysis: Analysis | None = None
        #: (analysis, corrections_key, the analysis corrected): see corrected_analysis
        self._corrected: tuple[Analysis, tuple[Any, ...], Analysis] | None = None
        self.analysis_note = "analysing…"
        self.last_search = ""
        self.cursor = TextCursor(article.body)
        self._entity_cycle: dict[str, int] = {}
        #: the lines cleaning cut are drawn in place between the body's lines
        self.cuts_shown = False

    @property
    def body(self) -> str:
        return self.article.body

    def quote(self, span: Span) -> str:
        return self.article.body[span[0] : span[1]]

    # -- units and analysis ----------------------------------------------------------

    def add_text_units(self) -> None:
        """Words and paragraphs: known from the text alone, before any analysis."""
        self.cursor.set_units("word", word_spans(self.body))
        self.cursor.set_units("paragraph", paragraph_spans(self.body))

    def set_analysis(self, analysis: Analysis, note: str) -> bool:
        """The analysis arrived: its sentences and marks become units. True when
        this placed the cursor (on the first sentence)."""
        self.analysis = analysis
        self.analysis_note = note
        placed = self.cursor.set_units("sentence", analysis.sentences)
        self.refresh_marks()
        return placed

    def analysis_failed(self) -> bool:
        """Without an analysis the cursor still moves, by rough sentences. True
        when this placed the cursor."""
        self.analysis_note = ROUGH_SENTENCES_NOTE
        return self.cursor.set_units("sentence", rough_sentences(self.body))

    def refresh_marks(self) -> None:
        """The "mark" units: every entity and claim not hidden as rejected."""
        marks = {(e.start, e.end) for e in self.visible_entities()}
        marks |= {(c.start, c.end) for c in self.visible_claims()}
        self.cursor.set_units("mark", sorted(marks))

    # -- the lines cleaning cut -------------------------------------------------------

    def move(self, unit: str, delta: int) -> bool:
        """Move the cursor by ``unit``; with the cut lines shown, sentence and
        paragraph steps stand on them too. False when there is nothing that way."""
        shown = self.article.cuts if self.cuts_shown else []
        return cut_lines.step(self.cursor, shown, unit, delta)

    def toggle_cuts(self) -> bool:
        """Show or hide the cut lines; True when they are now shown."""
        self.cuts_shown = not self.cuts_shown
        if not self.cuts_shown:
            self.cursor.cut = None  # back on the body span it left
        return self.cuts_shown

    def shown_cuts(self) -> list[Cut]:
        return list(self.article.cuts) if self.cuts_shown else []

    def cut_at_cursor(self) -> Cut | None:
        """The cut line the cursor stands on, if it stands on one."""
        index = self.cursor.cut
        if not self.cuts_shown or index is None or index >= len(self.article.cuts):
            return None
        return self.article.cuts[index]

    def paragraph_at_cursor(self) -> Span | None:
        return cut_lines.paragraph_at(self.cursor)

    def replace_article(
        self, article: Article, annotations: list[Annotation], focus: Span, text: str
    ) -> None:
        """The article after a line was put back or cut: new text, its annotations
        as re-anchored, no analysis yet. The cursor goes to what changed: the
        paragraph put back (``focus``), or the line just cut (``text``, standing
        at ``focus``) when the cut lines are shown, else the paragraph after it."""
        self.article = article
        self.annotations = annotations
        self.analysis = None
        self.analysis_note = "analysing…"
        self._entity_cycle.clear()
        self.cursor.reset(article.body)
        self.add_text_units()
        start, end = focus
        if start == end and self.cuts_shown:
            index = next(
                (k for k, c in enumerate(article.cuts) if (c.position, c.text) == (start, text)),
                None,
            )
            if index is not None:
                self.cursor.move_to_cut(index)
                return
        paragraphs = self.cursor.units.get("paragraph", [])
        here = next((p for p in paragraphs if p[1] > start), paragraphs[-1] if paragraphs else None)
        if here is not None:
            self.cursor.move_to_span(here, "paragraph")

    def follow_reimport(self, article: Article, annotations: list[Annotation], at: int) -> None:
        """The article as a re-import left it: the cursor stays on the unit it
        was moving by (a sentence, until the analysis finds them, a rough one),
        at the same place in the text."""
        unit = self.cursor.unit if self.cursor.unit in ("word", "paragraph") else "sentence"
        self.replace_article(article, annotations, (at, at + 1), "")
        if unit == "sentence":
            self.cursor.set_units("sentence", rough_sentences(self.body))
        spans = self.cursor.units.get(unit, [])
        here = next((u for u in spans if u[1] > at), spans[-1] if spans else None)
        if here is not None:
            self.cursor.move_to_span(here, unit)

    # -- rejected suggestions ---------------------------------------------------------

    def is_rejected(self, kind: str, item: Suggestion) -> bool:
        """Whether this annotator rejected ``item`` (of two claims on one span,
        this one: see newsread.annotations.rejections). A teammate's rejection
        does not hide it: each decides on their own; one naming nobody does."""
        cue = suggestion_cue(item)
        return any(
            hides(r, kind, item.start, item.end, cue) and applies_to(r, self.annotator)
            for r in self.rejected
        )

    def _unrejected(self, kind: str, items: list[Any]) -> list[Any]:
        if self.show_rejected:
            return list(items)
        return [i for i in items if not self.is_rejected(kind, i)]

    def corrected_analysis(self) -> Analysis | None:
        """The analysis with the corrections of the annotators shown (W) applied
        (newsread.analysis.corrections), this annotator's winning where shown
        annotators disagree; worked out again only when the analysis, a
        correction or whose annotations are shown changed."""
        if self.analysis is None:
            return None
        shown = self.shown_annotations()
        key = (self.annotator_filter, corrections_key(shown))
        cached = self._corrected
        if cached is None or cached[0] is not self.analysis or cached[1] != key:
            corrected = apply_corrections(self.analysis, shown, self.body, self.annotator)
            self._corrected = (self.analysis, key, corrected)
            return corrected
        return cached[2]

    def entity_aliases(self) -> dict[str, str]:
        """Mention text → the entity the user said it is the same as (of the
        annotators shown, as the corrections)."""
        return entity_aliases(self.shown_annotations(), self.annotator)

    def visible_entities(self) -> list[Entity]:
        corrected = self.corrected_analysis()
        return self._unrejected("entity", corrected.entities) if corrected else []

    def visible_claims(self) -> list[Claim]:
        corrected = self.corrected_analysis()
        return self._unrejected("claim", corrected.claims) if corrected else []

    def visible_analysis(self) -> Analysis | None:
        """The analysis as drawn: without the rejected suggestions unless shown."""
        if self.analysis is None:
            return None
        return replace(
            self.analysis, entities=self.visible_entities(), claims=self.visible_claims()
        )

    def toggle_rejected(self) -> bool:
        """Show or hide rejected suggestions; True when they are now shown."""
        self.show_rejected = not self.show_rejected
        self.refresh_marks()
        return self.show_rejected

    def reject(self, kind: str, item: Suggestion) -> dict[str, Any]:
        """Remember a rejection (in memory; the caller saves the record it returns)."""
        record: dict[str, Any] = {
            "kind": kind,
            "label": suggestion_label(item),
            "start": item.start,
            "end": item.end,
            "text": self.quote((item.start, item.end)),
            "rejected": now_iso(),
        }
        if self.annotator:
            record[ANNOTATOR] = self.annotator
        if isinstance(item, Claim):
            # Which claim of the span: another may share it.
            record["cue"] = span_record(item.cue)
        self.rejected.append(record)
        self.refresh_marks()
        return record

    def unreject(self, items: list[tuple[str, Suggestion]]) -> list[RejectionKey]:
        """Accepting a rejected suggestion takes back its rejection (in memory now,
        on disk with the save), so no span is exported as both; of two claims
        on one span, only its own; of several annotators' rejections, this
        annotator's (and one naming nobody): a teammate's stays."""
        keys = list(dict.fromkeys(rejection_key(kind, item) for kind, item in items))
        self.rejected = [
            r
            for r in self.rejected
            if not (applies_to(r, self.annotator) and any(forgets(r, k) for k in keys))
        ]
        self.refresh_marks()
        return keys

    # -- what is at the cursor ------------------------------------------------------------

    def annotations_at(self, span: Span | None) -> list[Annotation]:
        """The placed annotations overlapping ``span``, in stored order: of those
        shown (W), so that no key acts on an annotation hidden from view."""
        if span is None:
            return []
        lo, hi = span
        return [a for a in self.shown_annotations() if not a.orphan and a.start < hi and lo < a.end]

    def annotations_at_cursor(self) -> list[Annotation]:
        """The annotations overlapping the selection, else the cursor's unit."""
        return self.annotations_at(self.cursor.target)

    def innermost_first(self, span: Span | None) -> list[Annotation]:
        """The annotations overlapping ``span``, shortest (then oldest) first: the
        one a key acts on is the most specific one there. Of two on the same
        words, a tag comes before a correction of the analysis: x and n on
        tagged words act on the tag, and x again on the correction."""
        return sorted(
            self.annotations_at(span),
            key=lambda a: (a.end - a.start, correction_of(a) is not None, a.created),
        )

    def annotation_under_cursor(self) -> Annotation | None:
        """The innermost annotation overlapping the cursor (or the selection)."""
        here = self.innermost_first(self.cursor.target)
        return here[0] if here else None

    def annotation_to_delete(self) -> Annotation | None:
        """The annotation x takes (and n edits the note of) at the cursor: the
        innermost of this annotator's own, else the innermost of anyone's
        (which x and n ask about).
        A teammate's tag on the same words once came first, and x asked to
        delete their work while the user's own stayed."""
        here = self.innermost_first(self.cursor.target)
        return next((a for a in here if self.is_mine(a)), here[0] if here else None)

    def annotation_on(self, span: Span) -> Annotation | None:
        """The placed annotation of this annotator on exactly ``span`` that tags
        and notes go to, if there is one: another annotator's stays theirs, and
        a correction of the analysis stays a correction alone."""
        return next(
            (
                a
                for a in self.annotations
                if (a.start, a.end) == span
                and not a.orphan
                and same_hand(a, self.annotator)
                and correction_of(a) is None
            ),
            None,
        )

    def is_mine(self, ann: Annotation) -> bool:
        return same_hand(ann, self.annotator)

    def spellings(self) -> dict[str, str]:
        """Each annotator's key -> the one spelling this article's screen shows
        for them: the first met among its annotations ("Kwame" and "kwame" on
        one panel read as one name)."""
        return first_spellings(a.annotator for a in self.annotations)

    def annotators(self) -> list[str]:
        """Whose annotations this article has: this reader's annotator first
        (with the annotations made before annotators were recorded), then the
        others by name."""
        others = first_spellings(a.annotator for a in self.annotations if not self.is_mine(a))
        return [self.annotator, *sorted(others.values(), key=str.casefold)]

    def cycle_annotator_filter(self) -> str | None:
        """Everyone's, then each annotator's alone in turn, then everyone's again."""
        order: list[str | None] = [None, *self.annotators()]
        at = order.index(self.annotator_filter) if self.annotator_filter in order else 0
        self.annotator_filter = order[(at + 1) % len(order)]
        # Whose corrections apply changed with it: the marks may have moved.
        self.refresh_marks()
        return self.annotator_filter

    def shown_annotations(self) -> list[Annotation]:
        wanted = self.annotator_filter
        if wanted is None:
            return self.annotations
        if wanted == self.annotator:
            return [a for a in self.annotations if self.is_mine(a)]
        return [a for a in self.annotations if same_annotator(a.annotator, wanted)]

    def orphans(self) -> list[Annotation]:
        return [a for a in self.annotations if a.orphan]

    def suggestion_at_cursor(self) -> tuple[str, Suggestion] | None:
        """The entity or claim the cursor is on: exactly its span, else (moving by
        words) an entity containing the cursor's word."""
        cursor = self.cursor.span
        if cursor is None or self.cursor.cut is not None:
            return None
        for entity in self.visible_entities():
            if (entity.start, entity.end) == cursor:
                return "entity", entity
        for claim in self.visible_claims():
            if (claim.start, claim.end) == cursor:
                return "claim", claim
        if self.cursor.unit == "sentence":
            # A claim whose span is a little shorter than its sentence (a quote
            # without its full stop) is the sentence's all the same: without
            # this only ] could reach it.
            for claim in self.visible_claims():
                if cursor[0] <= claim.start and claim.end <= cursor[1]:
                    return "claim", claim
        if self.cursor.unit == "word":
            for entity in self.visible_entities():
                if entity.start <= cursor[0] < entity.end:
                    return "entity", entity
        return None

    # -- finding ------------------------------------------------------------------------

    def find_spans(self, query: str) -> list[tuple[int, int]]:
        """Where ``query`` stands in the body, ignoring case; overlapping matches too.

        Searched in the body itself, never in a case-folded copy: folding can
        change lengths ("ß" becomes "ss"), which would shift every offset after it
        and put a tag on the wrong words.
        """
        if not query:
            return []
        pattern = re.compile(f"(?=({re.escape(query)}))", re.IGNORECASE)
        return [(m.start(1), m.end(1)) for m in pattern.finditer(self.body)]

    def find_matches(self, query: str) -> list[int]:
        """Where ``query`` starts in the body, ignoring case; overlapping matches too."""
        return [start for start, _ in self.find_spans(query)]

    def next_match(self, query: str) -> Match | None:
        """The first match starting after the cursor (or the selection), wrapping
        round to the first; None when the body does not hold ``query``."""
        spans = self.find_spans(query)
        if not spans:
            return None
        target = self.cursor.target
        here = target[0] if target else -1
        index = next((i for i, (s, _) in enumerate(spans) if s > here), 0)
        start, end = spans[index]
        return Match(start, end, index + 1, len(spans))

    # -- entities and their mentions ------------------------------------------------------

    def entity_groups(self) -> list[EntityGroup]:
        """The shown entities grouped by name as the side panel lists them: a
        short form under its full form ("Carrow" under "Louise Carrow") and
        what the user said is the same entity."""
        return group_entities(self.visible_entities(), self.entity_aliases())

    def mentions(self, name: str) -> list[Entity]:
        """Every shown mention of the entity listed as ``name`` (its short forms
        too), else the shown entities whose text is exactly ``name``; in text order."""
        grouped = [e for g in self.entity_groups() if g.name == name for e in g.mentions]
        if grouped:
            return sorted(grouped, key=lambda e: (e.start, e.end))
        return [e for e in self.visible_entities() if self.quote((e.start, e.end)) == name]

    def next_mention(self, name: str) -> Mention | None:
        """Each call moves on to the next mention of ``name``, cycling round."""
        mentions = self.mentions(name)
        if not mentions:
            return None
        index = (self._entity_cycle.get(name, -1) + 1) % len(mentions)
        self._entity_cycle[name] = index
        return Mention(mentions[index], index + 1, len(mentions))

    def already_accepted(self, item: Suggestion, label: str) -> bool:
        """An annotation of this annotator (or one naming nobody) on ``item``'s
        span has its label; of two claims on one span, an accepted or
        corrected claim counts for its own only. A teammate's accept leaves it
        open: double annotation needs each annotator's own answer. The label in
        any spelling of that tag counts (``person`` for ``PERSON``): an accept
        tags with the library's spelling."""
        return self.answer_on(item, label) is not None

    def answer_on(self, item: Suggestion, label: str) -> Annotation | None:
        """The annotation that makes ``item`` already accepted (see
        already_accepted): an accept, or a correction, which the user made
        and the model did not suggest."""
        key = tag_key(label)
        return next(
            (
                a
                for a in self.annotations
                if a.start == item.start
                and a.end == item.end
                and any(tag_key(t) == key for t in a.tags)
                and same_hand(a, self.annotator)
                and (not isinstance(item, Claim) or about_claim(a, item, self.body))
            ),
            None,
        )

    def answered_as(self, item: Suggestion, label: str) -> str:
        """How ``item`` was answered, in the words the reader uses: "corrected"
        for a correction (which the model never suggested, qa37 F16),
        "accepted" for an accept, "" when it is open."""
        ann = self.answer_on(item, label)
        if ann is None:
            return ""
        return "corrected" if correction_of(ann) is not None else "accepted"

    def claims_sharing(self, claim: Claim) -> list[Claim]:
        """``claim`` first, then the other shown claims with exactly its span or
        within the one sentence that holds both (a quote and the "added that"
        after it, their spans a character apart): the claims a key on that
        sentence has to ask about."""
        sentence = self.cursor.unit_holding("sentence", (claim.start, claim.end))
        others = [
            c
            for c in self.visible_claims()
            if c != claim
            and (
                (c.start, c.end) == (claim.start, claim.end)
                or (sentence is not None and sentence[0] <= c.start and c.end <= sentence[1])
            )
        ]
        return [claim, *others]

    def unaccepted_mentions(self, entity: Entity) -> list[Entity]:
        """Every shown mention of ``entity`` with its label, short forms included
        ("Hale" after "Reuben Hale"), not accepted yet."""
        return [e for e, answered in self.mention_answers(entity) if not answered]

    def mention_answers(self, entity: Entity) -> list[tuple[Entity, str]]:
        """Every shown mention of ``entity`` with its label, short forms
        included ("Hale" after "Reuben Hale"), and how it was answered
        (``answered_as``: "accepted", "corrected", or "" when open)."""
        name = self.quote((entity.start, entity.end))
        group = next((g.mentions for g in self.entity_groups() if entity in g.mentions), ())
        return [
            (e, self.answered_as(e, e.label))
            for e in self.visible_entities()
            if e.label == entity.label and (e in group or self.quote((e.start, e.end)) == name)
        ]

    # -- tags -----------------------------------------------------------------------------

    def tag(self, name: str) -> Tag:
        """The library's tag of that name, or a new one in a colour no tag has."""
        return self.tags.get(name) or Tag(
            name, next_tag_color([t.color for t in self.tags.values()])
        )

    def ensure_tags(self, names: list[str]) -> None:
        """New tag names get their colour now, in memory; the save that uses them
        creates them in the library in the same transaction."""
        for name in names:
            if name not in self.tags:
                self.tags[name] = self.tag(name)

    def quick_tags(self, configured: dict[str, str]) -> dict[str, str]:
        """Digit → tag name, exactly as the tag manager shows them: the library's tag
        keys, then the config's [quick_tags] for free digits and keyless tags."""
        return quick_keys(self.tags.values(), configured).names

    def offered_tags(self, configured: dict[str, str]) -> list[tuple[Tag, str]]:
        """The tags the tag picker offers, each with its quick key ("" for none):
        every library tag, and a quick tag named only in the config."""
        keys = {name: digit for digit, name in self.quick_tags(configured).items()}
        stored = dict(self.tags)
        for name in keys:
            stored.setdefault(name, self.tag(name))
        return [(t, keys.get(t.name, "")) for t in stored.values()]

    # -- building changes -------------------------------------------------------------------

    def make_annotation(
        self,
        span: Span,
        names: list[str],
        note: str = "",
        data: dict[str, Any] | None = None,
    ) -> Annotation:
        self.ensure_tags(names)
        return new_annotation(
            self.article, span[0], span[1], names, note, data, annotator=self.annotator
        )

    def suggestion_annotation(self, item: Suggestion) -> Annotation:
        """An accepted suggestion: tagged with its label as the library spells
        that tag (a hand-made ``person`` takes ``PERSON``'s accepts, not a
        second tag beside it, as the tag picker would), the analysis kept in
        ``data`` with the label as the model gave it."""
        data: dict[str, Any] = {
            "suggestion": {"kind": "entity", "label": item.label}
            if isinstance(item, Entity)
            else {"kind": "claim", "label": item.kind, "score": item.score}
        }
        if isinstance(item, Claim):
            spans = item.to_dict()
            roles = ("speaker", "cue", "content", "speaker_resolved", "content_parts")
            data.update({k: spans[k] for k in roles if spans.get(k) is not None})
        label = suggestion_label(item)
        label = existing_spelling(self.tags, label) or label
        return self.make_annotation((item.start, item.end), [label], data=data)

    def with_tags_added(self, ann: Annotation, names: list[str]) -> Annotation:
        self.ensure_tags(names)
        return replace(ann, tags=[*ann.tags, *names], updated=now_iso())

    def with_note(self, ann: Annotation, note: str) -> Annotation:
        return replace(ann, note=note, updated=now_iso())

    def requoted_at(self, span: Span | None) -> list[Annotation]:
        """The annotations overlapping ``span`` that a re-import placed by
        similarity on words that changed, the words first tagged still shown
        under them."""
        return [a for a in self.innermost_first(span) if a.first_tagged is not None]

    def placement_kept(self, ann: Annotation) -> Annotation:
        """``ann`` confirmed by the user on the words it is on now."""
        return replace(ann.placement_confirmed(), updated=now_iso())

    def reattached(self, ann: Annotation, span: Span) -> Annotation:
        """An orphan placed on ``span`` of the text as it is now: by the user,
        so no longer on words a re-import chose by similarity."""
        placed = placed_with_spans(ann, self.body, *span).placement_confirmed()
        return replace(placed, updated=now_iso())

    # -- applying changes ---------------------------------------------------------------------

    def apply(self, changes: list[Change]) -> Counter[str]:
        """Apply changes in memory, in stored order; returns how each tag's count
        of uses changed."""
        delta: Counter[str] = Counter()
        for before, after in changes:
            if before is not None:
                self.annotations = [a for a in self.annotations if a.id != before.id]
            if after is not None:
                self.annotations.append(after)
            for name in before.tags if before else []:
                delta[name] -= 1
            for name in after.tags if after else []:
                delta[name] += 1
        self.annotations.sort(key=lambda a: (a.start, a.end, a.created))
        return delta

    def replace_stored(self, annotations: list[Annotation], tags: list[Tag]) -> Counter[str]:
        """Show what is stored (after undo, or another process's change); returns
        how each tag's count of uses changed."""
        delta = Counter(n for a in annotations for n in a.tags)
        delta.subtract(Counter(n for a in self.annotations for n in a.tags))
        self.annotations = annotations
        self.tags = {t.name: t for t in tags}
        return delta

    def stored_difference(self, annotations: list[Annotation], tags: list[Tag]) -> str | None:
        """What differs between this model and what is stored: "annotations",
        "tags", or None when nothing does."""
        if [a.to_dict() for a in annotations] != [a.to_dict() for a in self.annotations]:
            return "annotations"
        if {t.name: t for t in tags} != self.tags:
            return "tags"
        return None
