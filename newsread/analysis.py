"""Article analysis: sentences, named entities and claims, as offset spans.

Every span is a (start, end) pair of character offsets into the analysed text.
``analyze_texts`` runs spaCy in batches with ``nlp.pipe`` and then applies the
project's own article-level rules (entity consistency, claim detection).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsread.pipeline import LoadedPipeline

# Bump when the rules applied after spaCy change, so cached analyses are redone.
RULES_VERSION = "21"


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


@dataclass
class Claim:
    start: int
    end: int
    kind: str
    score: float
    speaker: Span | None = None
    cue: Span | None = None
    content: Span | None = None
    speaker_resolved: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.speaker_resolved is None:
            del data["speaker_resolved"]
        return data

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
        )


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


def pipeline_version(loaded: LoadedPipeline) -> str:
    """The version that cache keys use: the model's and our own rules' together."""
    return f"{loaded.version}+rules.{RULES_VERSION}"


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """spaCy's sentences, cut again at line breaks and trimmed of white space.

    Scraped text keeps one paragraph per line; a sentence never crosses a
    paragraph, but the parser occasionally joins a heading to the next line.
    """
    text = doc.text
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start_char
        for piece in text[sent.start_char : sent.end_char].split("\n"):
            end = start + len(piece)
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if end - trail > start + lead:
                spans.append((start + lead, end - trail))
            start = end + 1
    return _attach_stray_punctuation(text, spans)


def _attach_stray_punctuation(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fold a "sentence" with no letters or digits (a closing quote mark the
    parser split off, say) into the sentence before it on the same line."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        bare = not any(ch.isalnum() for ch in text[start:end])
        if bare and merged and "\n" not in text[merged[-1][1] : start]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def analyze_doc(doc: Doc, loaded: LoadedPipeline) -> Analysis:
    """The project's rules on one parsed Doc: cheap linear passes, no second parse."""
    # Imported here so that importing this module stays free of spaCy-sized costs.
    from newsread.claims import find_claims
    from newsread.entities import resolve_entities

    text = doc.text
    entities = [Entity(s, e, label, text[s:e]) for s, e, label in resolve_entities(doc)]
    sentences = sentence_spans(doc)
    return Analysis(
        pipeline_name=loaded.name,
        pipeline_version=pipeline_version(loaded),
        sentences=sentences,
        entities=entities,
        claims=find_claims(doc, sentences, entities),
    )


def analyze_texts(
    texts: Iterable[str], loaded: LoadedPipeline, batch_size: int = 32
) -> Iterator[Analysis]:
    """Analyse many texts with one pass of ``nlp.pipe``, yielding in input order."""
    for doc in loaded.nlp.pipe(texts, batch_size=batch_size):
        yield analyze_doc(doc, loaded)
