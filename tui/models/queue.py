"""The suggestion queue without Textual: the model's entity and claim
suggestions across articles, one at a time, with accept, reject, skip and undo.

The queue only keeps the order and the decisions of this session; what a
decision stores is exactly what the reader's ``a`` and ``r`` store, because
the annotation and the rejection record are made by ``ReaderModel`` itself.
The suggestions are gathered in a worker (``tui.models.queue_gather``) and
arrive in batches: the total can grow while the user is already deciding.
Each annotator has a queue of their own: what a teammate accepted, rejected
or corrected is still offered (see ``article_suggestions``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsread.analysis import Analysis
from newsread.analysis.corrections import apply_corrections
from newsread.annotations.rejections import RejectionKey
from newsread.annotations.textspans import paragraph_spans
from newsread.model import Annotation, Article, Tag, same_hand
from tui.models.cursor import Span
from tui.models.ordered_spans import OrderedSpans
from tui.models.reader import ReaderModel, Suggestion, suggestion_cue, suggestion_label

KINDS = ("entity", "claim")
#: A paragraph longer than this is cut down to the sentences around the suggestion.
CONTEXT_CHARS = 700


@dataclass(frozen=True, order=True)
class SuggestionKey:
    """One suggestion on one version of an article's text, as remembered
    between runs (a changed text makes its old keys match nothing)."""

    article_id: str
    content_hash: str
    kind: str
    start: int
    end: int
    label: str
    #: a claim's cue (start, end): two claims can share a span; () for none
    cue: tuple[int, ...] = ()

    def to_list(self) -> list[Any]:
        found = [self.article_id, self.content_hash, self.kind, self.start, self.end, self.label]
        return [*found, list(self.cue)] if self.cue else found

    @classmethod
    def from_list(cls, value: Any) -> SuggestionKey | None:
        """The key a state file wrote (without a cue before claims had one), or
        None for anything else."""
        if not isinstance(value, list) or len(value) not in (6, 7):
            return None
        article_id, content_hash, kind, start, end, label = value[:6]
        cue = value[6] if len(value) == 7 else []
        texts = (article_id, content_hash, kind, label)
        if not all(isinstance(t, str) for t in texts):
            return None
        if type(start) is not int or type(end) is not int:
            return None
        if not isinstance(cue, list) or len(cue) not in (0, 2):
            return None
        if any(type(n) is not int for n in cue):
            return None
        return cls(article_id, content_hash, kind, start, end, label, tuple(cue))


@dataclass(frozen=True)
class QueueFilter:
    """What the queue is restricted to: a label (an entity label or a claim
    kind, any case), a kind (entity or claim), and a search query choosing the
    articles (the language of ``newsread search``). Empty means no restriction."""

    label: str = ""
    kind: str = ""
    query: str = ""

    def matches(self, kind: str, label: str) -> bool:
        if self.kind and kind != self.kind:
            return False
        return not self.label or label.casefold() == self.label.casefold()

    def describe(self) -> str:
        parts = []
        if self.label:
            parts.append(self.label)
        if self.kind:
            parts.append("entities" if self.kind == "entity" else "claims")
        if self.query:
            parts.append(f"articles matching {self.query}")
        return " · ".join(parts) or "every suggestion"


@dataclass(frozen=True)
class QueueItem:
    article: Article
    kind: str
    suggestion: Suggestion
    #: the part of the body shown around the suggestion
    context: Span

    @property
    def label(self) -> str:
        return suggestion_label(self.suggestion)

    @property
    def start(self) -> int:
        return self.suggestion.start

    @property
    def end(self) -> int:
        return self.suggestion.end

    @property
    def quote(self) -> str:
        return self.article.body[self.start : self.end]

    @property
    def key(self) -> SuggestionKey:
        cue = suggestion_cue(self.suggestion) or ()
        return SuggestionKey(
            self.article.id,
            self.article.content_hash,
            self.kind,
            self.start,
            self.end,
            self.label,
            cue,
        )

    def reader_model(self, tags: Iterable[Tag], annotator: str) -> ReaderModel:
        """A reader's model of this article: what makes the annotation and the
        rejection record, so they are the reader's own."""
        return ReaderModel(self.article, [], list(tags), [], annotator)


@dataclass
class Decision:
    action: str  # "accept", "reject" or "skip"
    index: int
    item: QueueItem
    #: what the accept stored: the annotation and its undo step (filled in by the
    #: writer thread; None while unsaved, or when nothing needed to change)
    annotation: Annotation | None = None
    group: Any = None  # storage.history.Group
    #: what the reject stored
    record: dict[str, Any] | None = None


def context_span(
    body: str,
    sentences: Sequence[Span] | OrderedSpans,
    start: int,
    end: int,
    paragraphs: Sequence[Span] | OrderedSpans | None = None,
) -> Span:
    """The paragraph holding ``start:end``; a long paragraph is cut down to the
    sentences overlapping it and one on either side. ``paragraphs``: the
    body's, when the caller has them already. A caller asking for many spans
    of one article passes both as ``OrderedSpans``: each call is then a few
    bisections, not a pass over every sentence."""
    if paragraphs is None:
        paragraphs = paragraph_spans(body)
    if not isinstance(paragraphs, OrderedSpans):
        paragraphs = OrderedSpans(paragraphs)
    paragraph = paragraphs.holding(start) or (start, end)
    lo, hi = min(paragraph[0], start), max(paragraph[1], end)
    if hi - lo <= CONTEXT_CHARS:
        return lo, hi
    if not isinstance(sentences, OrderedSpans):
        sentences = OrderedSpans(sentences)
    inside = sentences.overlapping(lo, hi)
    touching = sentences.overlapping(start, end)  # within ``inside``: lo <= start, end <= hi
    if not touching:
        return max(lo, start - CONTEXT_CHARS // 2), min(hi, end + CONTEXT_CHARS // 2)
    first = max(0, bisect_left(inside, touching[0]) - 1)
    last = min(len(inside) - 1, bisect_left(inside, touching[-1]) + 1)
    spans = sentences.spans
    return min(spans[inside[first]][0], start), max(spans[inside[last]][1], end)


def article_suggestions(
    article: Article,
    analysis: Analysis,
    annotations: list[Annotation],
    rejected: list[dict[str, Any]],
    wanted: QueueFilter,
    annotator: str = "",
) -> list[QueueItem]:
    """The article's suggestions ``wanted`` asks for, in text order, without
    those ``annotator`` accepted (an annotation on the span with the label) or
    rejected: the reader's own rules for both. Each annotator has a queue of
    their own (double annotation): a teammate's accept, rejection or
    correction leaves a suggestion in it; what names no annotator (made
    before they were recorded) counts as everyone's. "" for one user: all."""
    reader = ReaderModel(article, annotations, [], rejected, annotator)
    # As the reader shows them: what the user corrected is neither offered
    # again with the model's label nor as a claim marked wrong.
    own = [a for a in annotations if same_hand(a, annotator)]
    analysis = apply_corrections(analysis, own, article.body, annotator)
    found: list[tuple[str, Suggestion]] = [("entity", e) for e in analysis.entities]
    found += [("claim", c) for c in analysis.claims]
    found.sort(key=lambda pair: (pair[1].start, pair[1].end, pair[0]))
    items: list[QueueItem] = []
    seen: set[tuple[Any, ...]] = set()
    paragraphs = OrderedSpans(paragraph_spans(article.body))
    sentences = OrderedSpans(analysis.sentences)
    for kind, suggestion in found:
        label = suggestion_label(suggestion)
        # Two claims of one kind can share a span: their cues tell them apart.
        key = (kind, suggestion.start, suggestion.end, label, suggestion_cue(suggestion))
        if key in seen or not wanted.matches(kind, label):
            continue
        seen.add(key)
        if reader.is_rejected(kind, suggestion):
            continue
        if reader.already_accepted(suggestion, label):
            continue
        span = context_span(article.body, sentences, suggestion.start, suggestion.end, paragraphs)
        items.append(QueueItem(article, kind, suggestion, span))
    return items


def resume_order(article_ids: list[str], resume: SuggestionKey | None) -> list[str]:
    """The articles starting with the one the queue stopped in, the ones before
    it after the others: the queue goes on where it stopped, at once."""
    if resume is None or resume.article_id not in article_ids:
        return list(article_ids)
    at = article_ids.index(resume.article_id)
    return article_ids[at:] + article_ids[:at]


class SuggestionQueue:
    """The suggestions in the order they are reviewed, the current one, and
    this session's decisions (undone last first)."""

    def __init__(
        self,
        wanted: QueueFilter | None = None,
        skipped: Iterable[SuggestionKey] = (),
        resume: SuggestionKey | None = None,
    ) -> None:
        self.filter = wanted or QueueFilter()
        self.items: list[QueueItem] = []
        self.index = 0
        self.decided: dict[int, str] = {}
        self.decisions: list[Decision] = []
        self.skipped: dict[SuggestionKey, None] = dict.fromkeys(skipped)
        #: skipped in an earlier session: left out of this one (by the gathering)
        self.left_out = 0
        self.resume = resume
        # Suggestions of the resumed article before where the queue stopped:
        # reviewed after every other one, when the gathering ends.
        self._before_resume: list[QueueItem] = []
        self._keys: set[SuggestionKey] = set()
        self.complete = False
        self.articles_done = 0
        self.articles_total = 0
        self.tags: dict[str, Tag] = {}
        #: who accepted annotations are by (the screen sets the config's, as the reader does)
        self.annotator = ""
        #: problems met while gathering (no pipeline, unreadable articles)
        self.notes: list[str] = []

    # -- gathering ------------------------------------------------------------------------

    def add(self, items: Iterable[QueueItem]) -> int:
        """Queue newly gathered suggestions; returns how many were queued."""
        added = 0
        for item in items:
            key = item.key
            if key in self._keys:
                continue
            self._keys.add(key)
            if self._before(key):
                self._before_resume.append(item)
                continue
            self.items.append(item)
            added += 1
        return added

    def _before(self, key: SuggestionKey) -> bool:
        where = self.resume
        if where is None or (key.article_id, key.content_hash) != (
            where.article_id,
            where.content_hash,
        ):
            return False
        return (key.start, key.end, key.kind, key.label) < (
            where.start,
            where.end,
            where.kind,
            where.label,
        )

    def finish(self) -> None:
        """Every article was looked at."""
        self.items.extend(self._before_resume)
        self._before_resume = []
        self.complete = True

    # -- where it stands --------------------------------------------------------------------

    @property
    def current(self) -> QueueItem | None:
        return self.items[self.index] if self.index < len(self.items) else None

    @property
    def total(self) -> int:
        return len(self.items) + len(self._before_resume)

    def progress(self) -> str:
        """``12 / 340``; ``12 / 340+`` while more may come."""
        more = "" if self.complete else "+"
        return f"{min(self.index + 1, self.total)} / {self.total}{more}"

    def count(self, action: str) -> int:
        return sum(1 for done in self.decided.values() if done == action)

    @property
    def finished(self) -> bool:
        """Every suggestion was decided or skipped, and no more will come."""
        return self.complete and self.current is None

    # -- deciding ---------------------------------------------------------------------------

    def decide(self, action: str) -> Decision:
        """Record ``action`` on the current suggestion and move on to the next
        one not decided; the caller stores what the decision means."""
        item = self.current
        if item is None:
            raise IndexError("no current suggestion")
        decision = Decision(action, self.index, item)
        self.decisions.append(decision)
        self.decided[self.index] = action
        if action == "skip":
            self.skipped[item.key] = None
        self.index = self._next_open(self.index + 1)
        return decision

    def _next_open(self, start: int) -> int:
        index = start
        while index < len(self.items) and index in self.decided:
            index += 1
        return index

    def settle(self, article_id: str, pending: Collection[SuggestionKey]) -> int:
        """The open suggestions of ``article_id`` no longer ``pending`` (the
        article's suggestions as the gathering finds them now) were decided
        elsewhere (in the reader, say): they are left out, as "elsewhere":
        not undone here (the reader's undo takes them back), not offered
        again. Returns how many; the current one moves on when it was one."""
        settled = 0
        for index, item in enumerate(self.items):
            if item.article.id != article_id or index in self.decided:
                continue
            if item.key not in pending:
                self.decided[index] = "elsewhere"
                settled += 1
        if settled:
            self.index = self._next_open(self.index)
        return settled

    def open_texts(self) -> dict[str, str]:
        """Article id → the text (its content hash) the open suggestions of that
        article were gathered on: what to compare with the disk."""
        open_items = [item for i, item in enumerate(self.items) if i not in self.decided]
        open_items += self._before_resume
        return {item.article.id: item.article.content_hash for item in open_items}

    def text_changed(self, article_id: str, content_hash: str, fresh: Sequence[QueueItem]) -> int:
        """The article's text changed on disk (a re-import): its open
        suggestions, made on the old text, give way to ``fresh`` (gathered on
        the new one; none when it is not analysed yet), where the first of
        them stood. The user keeps their place: on the same suggestion of
        another article, else on the first fresh one. Decisions already taken
        stay as they were. Returns how many suggestions went."""

        def old(item: QueueItem) -> bool:
            return item.article.id == article_id and item.article.content_hash != content_hash

        stale = {i for i, item in enumerate(self.items) if i not in self.decided and old(item)}
        waiting = [i for i in self._before_resume if old(i)]
        for item in [*waiting, *(self.items[i] for i in stale)]:
            self._keys.discard(item.key)
        added = [i for i in fresh if i.key not in self._keys and i.key not in self.skipped]
        if waiting or stale:
            self._keys.update(i.key for i in added)
        if not stale:
            # Reviewed at the end (see resume): so are its fresh suggestions.
            kept_back = [i for i in self._before_resume if not old(i)]
            self._before_resume = kept_back + (added if waiting else [])
            return len(waiting)
        self._before_resume = [i for i in self._before_resume if not old(i)]
        first = min(stale)
        kept: list[QueueItem] = []
        moved: dict[int, int] = {}
        fresh_at = 0
        for index, item in enumerate(self.items):
            if index == first:
                fresh_at = len(kept)
                kept += added
            if index not in stale:
                moved[index] = len(kept)
                kept.append(item)
        here = moved.get(self.index, fresh_at)
        self.items = kept
        self.decided = {moved[i]: action for i, action in self.decided.items()}
        for decision in self.decisions:
            decision.index = moved[decision.index]
        self.index = self._next_open(here)
        return len(stale) + len(waiting)

    def undo(self) -> Decision | None:
        """Take back the last decision: the queue goes back to its suggestion."""
        if not self.decisions:
            return None
        decision = self.decisions.pop()
        self.decided.pop(decision.index, None)
        if decision.action == "skip":
            self.skipped.pop(decision.item.key, None)
        self.index = decision.index
        return decision

    def unsaved(self, decision: Decision) -> bool:
        """A decision whose save failed is taken back in memory, and the queue
        goes back to its suggestion; False when it was undone meanwhile."""
        if not any(d is decision for d in self.decisions):
            return False
        self.decisions = [d for d in self.decisions if d is not decision]
        self.decided.pop(decision.index, None)
        if decision.action == "skip":
            self.skipped.pop(decision.item.key, None)
        self.index = decision.index
        return True

    def taken_back_elsewhere(self, decisions: Collection[Decision]) -> list[Decision]:
        """Decisions whose stored change was undone in another screen or
        window: taken back here too (the counts and ``u`` no longer claim
        them), and the queue goes back to the first, offered again. Returns
        those still among the queue's decisions (the others were undone here
        meanwhile)."""
        gone = [d for d in self.decisions if any(d is g for g in decisions)]
        if not gone:
            return []
        self.decisions = [d for d in self.decisions if not any(d is g for g in gone)]
        for decision in gone:
            self.decided.pop(decision.index, None)
        self.index = min(self.index, *(d.index for d in gone))
        return gone

    def accept_changes(self, item: QueueItem) -> tuple[Annotation, list[RejectionKey], list[Tag]]:
        """What the reader's ``a`` saves for ``item``: the annotation, the
        rejections it takes back, and the tags with colours for a new one."""
        reader = item.reader_model(self.tags.values(), self.annotator)
        annotation = reader.suggestion_annotation(item.suggestion)
        unreject = reader.unreject([(item.kind, item.suggestion)])
        # A tag the accept creates keeps its colour for the next accept too.
        self.tags = dict(reader.tags)
        return annotation, unreject, list(reader.tags.values())

    def reject_record(self, item: QueueItem) -> dict[str, Any]:
        """The record the reader's ``r`` saves for ``item``."""
        reader = item.reader_model(self.tags.values(), self.annotator)
        return reader.reject(item.kind, item.suggestion)
