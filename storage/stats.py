"""The library's figures: annotations per tag and per annotator, articles and
annotations over time, top entities and speakers, the share of articles
annotated, claims by kind. What ``newsread stats`` prints and the statistics
screen draws, computed in one pass over the files.

Read-only and derived: nothing here writes to the library. The annotation and
analysis files are read raw (no TinyDB, no ``Article`` objects, no bodies), as
the shard reports in storage.shards do, because one pass over 10,000 articles
must stay well under a second for a screen that opens on a key press.

An analysis counts only when it was made for the article's current body (its
cache key's hash is the body's hash in the index): an older one's entities and
claims may no longer be in the text. The pipeline that made it does not matter
here, so the figures need no spaCy.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from newsread.annotations.tagnames import clean_tag_name, one_per_tag, tag_key
from newsread.annotators import annotator_key, first_spellings
from newsread.config import Config
from newsread.search import fold_tokens
from storage.atomic import read_json
from storage.corrected import corrected_analysis, is_correction
from storage.errors import CorruptFileError
from storage.library import Library
from storage.search_rows import Folders, read_body
from storage.shard_docs import annotation_docs, article_file_names, doc_annotator

#: Under this annotator are counted the annotations that name none (every one
#: made before annotations carried their author), unless the caller knows better.
UNKNOWN_ANNOTATOR = "unknown"
#: Entity labels that are values, not names: "Monday" and "two" would top every
#: library's list. They still count in ``entities_by_label``.
VALUE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
TOP = 20
#: Bucket sizes, smallest first, and the most buckets a span may fill before the
#: next size is taken: a chart of more bars than a terminal has columns says less.
_GRAINS = (("day", 31), ("week", 26), ("month", 48), ("year", 10_000))


@dataclass
class Bucket:
    """One step of the time line: articles dated and annotations made in it."""

    start: date
    label: str
    articles: int = 0
    annotations: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "label": self.label,
            "articles": self.articles,
            "annotations": self.annotations,
        }


@dataclass
class Ranked:
    """An entity or a speaker across the library: the spelling seen most often,
    the normalised key the counting used, how often and in how many articles."""

    text: str
    key: str
    label: str
    mentions: int
    articles: int

    def to_json(self, kind: str) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "key": self.key}
        if kind == "entity":
            data["label"] = self.label
            data["mentions"] = self.mentions
        else:
            data["claims"] = self.mentions
        data["articles"] = self.articles
        return data


@dataclass
class LibraryStats:
    articles: int = 0
    annotated_articles: int = 0
    annotations: int = 0
    orphans: int = 0
    #: (tag, annotations using it), most used first; tags nobody uses yet at 0
    per_tag: list[tuple[str, int]] = field(default_factory=list)
    #: (annotator, annotations), most first
    per_annotator: list[tuple[str, int]] = field(default_factory=list)
    #: "day", "week", "month" or "year": what one bucket of ``timeline`` spans
    grain: str = "day"
    timeline: list[Bucket] = field(default_factory=list)
    #: articles with no readable date, annotations with no readable creation time
    undated_articles: int = 0
    undated_annotations: int = 0
    #: articles whose cached analysis matches their current body
    analysed_articles: int = 0
    top_entities: list[Ranked] = field(default_factory=list)
    top_speakers: list[Ranked] = field(default_factory=list)
    entities_by_label: list[tuple[str, int]] = field(default_factory=list)
    claims_by_kind: list[tuple[str, int]] = field(default_factory=list)
    #: annotation files that could not be read, each "path: why"
    damaged: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def annotated_share(self) -> float:
        return self.annotated_articles / self.articles if self.articles else 0.0

    @property
    def claims(self) -> int:
        return sum(n for _, n in self.claims_by_kind)

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "annotated_articles": self.annotated_articles,
            "annotated_share": round(self.annotated_share, 4),
            "annotations": self.annotations,
            "orphans": self.orphans,
            "per_tag": [{"tag": t, "annotations": n} for t, n in self.per_tag],
            "per_annotator": [{"annotator": a, "annotations": n} for a, n in self.per_annotator],
            "timeline": {
                "bucket": self.grain,
                "undated_articles": self.undated_articles,
                "undated_annotations": self.undated_annotations,
                "series": [b.to_json() for b in self.timeline],
            },
            "analysed_articles": self.analysed_articles,
            "top_entities": [r.to_json("entity") for r in self.top_entities],
            "top_speakers": [r.to_json("speaker") for r in self.top_speakers],
            "entities_by_label": dict(self.entities_by_label),
            "claims": self.claims,
            "claims_by_kind": dict(self.claims_by_kind),
            "damaged": list(self.damaged),
        }


def annotator_of(config: Config | None) -> str:
    """Whom annotations that name no annotator are counted under: the config's
    annotator when it has one (the setting is not there yet in every version),
    else "unknown"."""
    name = getattr(config, "annotator", None)
    return name.strip() if isinstance(name, str) and name.strip() else UNKNOWN_ANNOTATOR


def library_stats(
    library: Library, default_annotator: str = UNKNOWN_ANNOTATOR, top: int = TOP
) -> LibraryStats:
    """Every figure of the library as its files are now."""
    started = time.perf_counter()
    stats = LibraryStats()
    entries = {e["id"]: e for e in library.index_entries() if isinstance(e.get("id"), str)}
    stats.articles = len(entries)
    article_days = [_day(e.get("published")) or _day(e.get("imported")) for e in entries.values()]

    corrected: dict[str, list[dict[str, Any]]] = {}
    annotation_days = _count_annotations(library.root, entries, default_annotator, stats, corrected)
    stats.per_tag = _ranked_counts(
        _one_row_per_tag(stats.per_tag, [t.name for t in library.tags()])
    )

    _count_analyses(library.root, entries, stats, top, corrected)

    stats.undated_articles = sum(d is None for d in article_days)
    stats.undated_annotations = sum(d is None for d in annotation_days)
    stats.grain, stats.timeline = timeline(
        [d for d in article_days if d is not None],
        [d for d in annotation_days if d is not None],
    )
    stats.seconds = time.perf_counter() - started
    return stats


# -- annotations ----------------------------------------------------------------------


def _count_annotations(
    root: Path,
    entries: dict[str, Any],
    default_annotator: str,
    stats: LibraryStats,
    corrected: dict[str, list[dict[str, Any]]],
) -> list[date | None]:
    """Fill the annotation figures; return each annotation's creation day.
    ``corrected`` receives each article's corrections of its analysis.

    Per annotation only list appends: the counting is done once at the end in
    C (a Counter update per annotation cost a second at 100,000)."""
    tag_uses: list[str] = []
    annotators: list[str] = []
    created: list[Any] = []
    folder = root / "annotations"
    for name in article_file_names(folder):
        # A file left by an article since removed is not part of the library.
        if name[:-5] not in entries:
            continue
        path = folder / name
        try:
            docs = annotation_docs(path)
        except CorruptFileError as exc:
            stats.damaged.append(str(exc))
            continue
        if not docs:
            continue
        stats.annotated_articles += 1
        stats.annotations += len(docs)
        for doc in docs:
            if doc.get("orphan"):
                stats.orphans += 1
            tags = doc.get("tags")
            if type(tags) is list and _all_text(tags):
                # A tag listed twice on one annotation is one use, as the tag manager counts.
                tag_uses += tags if len(tags) < 2 else one_per_tag(tags)
            annotators.append(
                doc_annotator(doc, default_annotator)
                if "annotator" in doc or doc.get("data")
                else default_annotator
            )
            created.append(doc.get("created"))
            if "data" in doc and is_correction(doc):
                corrected.setdefault(name[:-5], []).append(doc)
    stats.per_tag = list(Counter(tag_uses).items())
    # One count per annotator ("Ines" and "ines" are one), named as first written.
    spelled = first_spellings(annotators)
    stats.per_annotator = _ranked_counts(
        Counter(spelled[annotator_key(name)] for name in annotators).items()
    )
    days: dict[Any, date | None] = {}
    for stamp in set(map(_date_part, created)):
        days[stamp] = _day(stamp)
    return [days[_date_part(stamp)] for stamp in created]


def _date_part(stamp: Any) -> Any:
    # Timestamps differ by the second, their days seldom: parse each day once.
    return stamp[:10] if isinstance(stamp, str) else None


def _all_text(values: list[Any] | tuple[Any, ...]) -> bool:
    """Whether every value is a string, checked in C: join refuses anything else."""
    try:
        "".join(values)
    except TypeError:
        return False
    return True


# -- analyses -------------------------------------------------------------------------


class _Folds(dict[str, str]):
    """Entity text -> its normalised key ("Wang  Wentao's" -> "wang wentao s"),
    each spelling folded once: the same names recur across thousands of
    articles, and a dict hit costs far less than the tokenising."""

    def __missing__(self, text: str) -> str:
        key = " ".join(fold_tokens(text)) if isinstance(text, str) else ""
        self[text] = key
        return key


class _Tally:
    """Mentions per (text, label) as spelled, and articles per normalised key.

    The per-mention work is list building and C-level counting; folding and
    grouping happen once per distinct spelling at the end (at 10,000 articles a
    Counter update per mention cost seconds)."""

    def __init__(self, folds: _Folds) -> None:
        self.folds = folds
        self.spelled: list[tuple[str, str]] = []
        self.keyed: list[tuple[str, str]] = []

    def add_article(self, found: list[tuple[str, str]]) -> None:
        """One article's (text, label) mentions."""
        folds = self.folds
        self.spelled += found
        self.keyed += {(folds[text], label) for text, label in set(found)}

    def top(self, n: int) -> list[Ranked]:
        mentions: Counter[tuple[str, str]] = Counter()
        best: dict[tuple[str, str], tuple[int, str]] = {}
        for (text, label), count in Counter(self.spelled).items():
            pair = (self.folds[text], label)
            if not pair[0]:
                continue
            mentions[pair] += count
            # The spelling seen most often stands for the key (ties: the first in
            # sort order, so the figures do not change from run to run).
            shown = " ".join(text.split())
            if pair not in best or (count, _neg(shown)) > (best[pair][0], _neg(best[pair][1])):
                best[pair] = (count, shown)
        articles = Counter(p for p in self.keyed if p[0])
        # Breadth first: a name in many articles says more about a library than
        # one repeated thirty times in a single story.
        order = sorted(mentions, key=lambda p: (-articles[p], -mentions[p], p[0], p[1]))
        return [
            Ranked(best[p][1], p[0], p[1], mentions=mentions[p], articles=articles[p])
            for p in order[:n]
        ]


def _neg(text: str) -> tuple[int, ...]:
    """A key that orders strings in reverse, for a max() that prefers the smallest."""
    return tuple(-ord(c) for c in text)


def _count_analyses(
    root: Path,
    entries: dict[str, Any],
    stats: LibraryStats,
    top: int,
    corrected: dict[str, list[dict[str, Any]]],
) -> None:
    folds = _Folds()
    entities, speakers = _Tally(folds), _Tally(folds)
    labels: list[str] = []
    kinds: list[str] = []
    folder = root / "analysis"
    bodies = Folders(root)
    for name in article_file_names(folder):
        entry = entries.get(name[:-5])
        if entry is None:
            continue
        analysis = _current_analysis(folder / name, entry.get("content_hash"))
        if analysis is None:
            continue
        stats.analysed_articles += 1
        if name[:-5] in corrected:
            # As the reader shows it (storage.corrected); the body only for these.
            body = read_body(bodies, name[:-5])
            analysis = corrected_analysis(analysis, corrected[name[:-5]], body)
        found = _entities(analysis.get("entities"))
        labels += [label for _, label in found]
        entities.add_article([(t, label) for t, label in found if label not in VALUE_LABELS])
        claims = _dicts(analysis.get("claims"))
        kinds += [c["kind"] for c in claims if isinstance(c.get("kind"), str)]
        said: list[tuple[str, str]] = []
        for claim in claims:
            # The resolved name when "she" was traced back to one, as the reader shows it.
            span = claim.get("speaker_resolved") or claim.get("speaker")
            text = span.get("text") if isinstance(span, dict) else None
            if isinstance(text, str):
                said.append((text, ""))
        speakers.add_article(said)
    stats.top_entities = entities.top(top)
    stats.top_speakers = speakers.top(top)
    stats.entities_by_label = _ranked_counts(Counter(labels).items())
    stats.claims_by_kind = _ranked_counts(Counter(kinds).items())


def _entities(value: Any) -> list[tuple[str, str]]:
    """(text, label) of every well-formed entity of a cached analysis."""
    try:
        found = [(e["text"], e["label"]) for e in value]
    except (KeyError, TypeError):
        found = [(e.get("text"), e.get("label")) for e in _dicts(value)]
    # Checked after the fast path: a cache written by newsread holds strings.
    if found and _all_text([t for t, _ in found]) and _all_text([lb for _, lb in found]):
        return found
    return [(t, lb) for t, lb in found if isinstance(t, str) and isinstance(lb, str)]


def _current_analysis(path: Path, content_hash: Any) -> dict[str, Any] | None:
    """The cached analysis when it was made for this body; None otherwise (a
    damaged cache file is a cache miss, as everywhere else)."""
    if not isinstance(content_hash, str) or not content_hash:
        return None
    try:
        cached = read_json(path)
    except CorruptFileError:
        return None
    if not isinstance(cached, dict):
        return None
    key, analysis = cached.get("key"), cached.get("analysis")
    if not isinstance(key, dict) or key.get("hash") != content_hash:
        return None
    return analysis if isinstance(analysis, dict) else None


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


# -- time -----------------------------------------------------------------------------


def timeline(article_days: list[date], annotation_days: list[date]) -> tuple[str, list[Bucket]]:
    """(grain, buckets) covering every day given, the grain the smallest that
    keeps the span within its number of buckets; empty buckets are kept, so a
    chart shows the quiet weeks too."""
    days = article_days + annotation_days
    if not days:
        return "day", []
    first, last = min(days), max(days)
    grain = next(g for g, most in _GRAINS if _count_steps(first, last, g) <= most)
    buckets: list[Bucket] = []
    where: dict[date, Bucket] = {}
    step = _bucket_start(first, grain)
    end = _bucket_start(last, grain)
    while step <= end:
        bucket = Bucket(step, _label(step, grain))
        buckets.append(bucket)
        where[step] = bucket
        step = _next(step, grain)
    for day in article_days:
        where[_bucket_start(day, grain)].articles += 1
    for day in annotation_days:
        where[_bucket_start(day, grain)].annotations += 1
    return grain, buckets


def _bucket_start(day: date, grain: str) -> date:
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday
    if grain == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next(start: date, grain: str) -> date:
    if grain == "day":
        return start + timedelta(days=1)
    if grain == "week":
        return start + timedelta(days=7)
    if grain == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def _count_steps(first: date, last: date, grain: str) -> int:
    a, b = _bucket_start(first, grain), _bucket_start(last, grain)
    if grain == "day":
        return (b - a).days + 1
    if grain == "week":
        return (b - a).days // 7 + 1
    if grain == "month":
        return (b.year - a.year) * 12 + b.month - a.month + 1
    return b.year - a.year + 1


def _label(start: date, grain: str) -> str:
    if grain == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if grain == "month":
        return start.strftime("%Y-%m")
    if grain == "year":
        return str(start.year)
    return start.isoformat()


def _day(value: Any) -> date | None:
    """The day an ISO date or timestamp names ("2026-11-03", "2026-11-03T09:00:00+00:00")."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# -- helpers --------------------------------------------------------------------------


def _one_row_per_tag(counts: Iterable[tuple[str, int]], known: list[str]) -> list[tuple[str, int]]:
    """Uses per tag, look-alike spellings (newsread.annotations.tagnames) added
    up under the library's spelling, else the most used; unused known tags at 0.
    Two rows that read the same ("é" and "é") split one tag's count."""
    spelled: dict[str, str] = {}
    # Of two rows in the table, the one spelled as a new tag would be (NFC).
    for name in sorted(known, key=lambda n: clean_tag_name(n) != n):
        spelled.setdefault(tag_key(name), name)
    uses: dict[str, int] = {}
    for name, n in sorted(counts, key=lambda item: (-item[1], item[0])):
        key = tag_key(name)
        uses[key] = uses.get(key, 0) + n
        spelled.setdefault(key, name)
    return [(name, uses.get(key, 0)) for key, name in spelled.items()]


def _ranked_counts(
    counts: Iterable[tuple[str, int]], extra: Iterable[str] = ()
) -> list[tuple[str, int]]:
    """Most first, then by name; ``extra`` names not counted are added at 0."""
    merged = dict(counts)
    for name in extra:
        merged.setdefault(name, 0)
    return sorted(merged.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))
