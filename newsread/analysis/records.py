"""The records the analysis modules share: entities, claims, spans and drafts.

A leaf within ``newsread.analysis``: it imports nothing of the project, so
every rule module (and ``run``) can import it without a cycle.
``Analysis``, ``Entity``, ``Claim`` and ``Span`` are what analysis returns and
the cache stores (character offsets into the analysed text); ``Quote``,
``Attribution``, ``ClaimDraft`` and ``SpanIndex`` pass between the claim rules.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Span | None:
        return None if data is None else cls(int(data["start"]), int(data["end"]), data["text"])


@dataclass
class Entity:
    start: int
    end: int
    label: str
    text: str


# Claim kinds, as ``newsread analyze --json`` prints them.
QUOTE = "quote"
ATTRIBUTED = "attributed"
STATISTIC = "statistic"
FACTUAL = "factual"


#: How a content's parts are joined where it is shown as words.
PARTS_JOINT = " … "


@dataclass
class Claim:
    start: int
    end: int
    kind: str
    score: float
    speaker: Span | None = None
    cue: Span | None = None
    # From the first word said to the last: with a quote split by its
    # attribution ('"A," she said. "B."') that holds "she said" too, as news
    # annotation (PolNeAR) marks one content whose extent is the whole.
    content: Span | None = None
    speaker_resolved: Span | None = None
    # The words said, without the attribution between them ("A", "B"), when
    # the content is split; None when it is one run of words.
    content_parts: list[Span] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.speaker_resolved is None:
            del data["speaker_resolved"]
        if self.content_parts is None:
            del data["content_parts"]
        return data

    def content_words(self) -> str | None:
        """What was said, as shown: the parts joined by an ellipsis when the
        content is split by its attribution, else the content's text."""
        if self.content_parts:
            return PARTS_JOINT.join(part.text for part in self.content_parts)
        return None if self.content is None else self.content.text

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            kind=data["kind"],
            score=float(data["score"]),
            speaker=Span.from_dict(data.get("speaker")),
            cue=Span.from_dict(data.get("cue")),
            content=Span.from_dict(data.get("content")),
            speaker_resolved=Span.from_dict(data.get("speaker_resolved")),
            content_parts=spans_from(data.get("content_parts")),
        )


def spans_from(data: Any) -> list[Span] | None:
    """A list of ``{"start", "end", "text"}`` dicts as spans; None for no list."""
    if not isinstance(data, list) or not data:
        return None
    return [Span(int(d["start"]), int(d["end"]), d["text"]) for d in data]


@dataclass
class Analysis:
    pipeline_name: str
    pipeline_version: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @property
    def pipeline(self) -> dict[str, str]:
        return {"name": self.pipeline_name, "version": self.pipeline_version}

    def to_dict(self) -> dict[str, Any]:
        return {
            "pipeline": self.pipeline,
            "sentences": [{"start": s, "end": e} for s, e in self.sentences],
            "entities": [asdict(e) for e in self.entities],
            "claims": [c.to_dict() for c in self.claims],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            pipeline_name=data["pipeline"]["name"],
            pipeline_version=data["pipeline"]["version"],
            sentences=[(int(s["start"]), int(s["end"])) for s in data["sentences"]],
            entities=[Entity(**e) for e in data["entities"]],
            claims=[Claim.from_dict(c) for c in data["claims"]],
        )


@dataclass
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the paragraph end)

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


@dataclass
class Attribution:
    cue: tuple[int, int]  # token range
    speaker: tuple[int, int] | None  # token range
    content: tuple[int, int] | None  # token range
    sent_start: int  # token index of the sentence start
    resolved: tuple[int, int] | None = None  # token range: what a relative pronoun stands for


@dataclass
class ClaimDraft:
    start: int
    end: int
    kind: str
    speaker: tuple[int, int] | None = None  # char offsets
    cue: tuple[int, int] | None = None
    content: tuple[int, int] | None = None
    resolved: tuple[int, int] | None = None
    parts: list[tuple[int, int]] | None = None  # a content split by its attribution
    # Kept only if its sentence scores the factual threshold: a claim by its
    # check-worthiness alone, not by its shape.
    needs_score: bool = False


class SpanIndex:
    """Character-offset look-ups over sorted spans, by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def covering(self, start: int, end: int) -> tuple[int, int]:
        """The union of the spans overlapping [start, end), or [start, end) itself."""
        i = max(bisect_right(self.starts, start) - 1, 0)
        lo, hi = start, end
        while i < len(self.spans) and self.spans[i][0] < end:
            s, e = self.spans[i]
            if e > start:
                lo, hi = min(lo, s), max(hi, e)
            i += 1
        return lo, hi
