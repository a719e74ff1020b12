"""How far annotators agree: span F1, Cohen's kappa and Krippendorff's alpha.

The figures, per tag and over all tags:

- **exact span F1** per pair of annotators: two spans agree when they have the
  same start, end (and, over all tags, tag); F1 = 2 * matches / (spans of one +
  spans of the other), matches counted one to one. Symmetric.
- **overlap span F1** per pair: a span of one annotator is found when a span of
  the other (with the same tag, over all tags) shares at least one character;
  recall is the share of A's spans found by B, precision the share of B's spans
  found by A, F1 their harmonic mean.
- **Cohen's kappa** per pair, at the token level: every word token (as
  ``textspans.word_spans`` cuts them) of the articles both annotated is one
  item; for a tag its value is whether a span with that tag covers any of the
  token's characters, over all tags the set of tags covering it.
- **Krippendorff's alpha** across every annotator, at the token level and
  nominal (the same token values), each token a unit coded by every annotator
  who annotated its article; tokens only one annotator saw are left out
  (they cannot be paired). Computed from the coincidence matrix, so missing
  values need no special case.

Only the articles an annotator annotated (any annotation at all) count for
them: a token of an article they never opened is missing, not "untagged".
A figure that is undefined (no spans on either side, or no variation at all
for kappa and alpha) is ``None``.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

from newsread.annotations.tagnames import TagSpellings
from newsread.annotations.textspans import word_spans
from newsread.annotators import annotator_key, first_spellings

METHOD = (
    "exact and overlap span F1 per pair; Cohen's kappa per pair and Krippendorff's alpha "
    "(nominal) across annotators, both over word tokens"
)


@dataclass(frozen=True)
class Marked:
    """One annotation as agreement sees it: a passage, its tags, whose."""

    article: str
    start: int
    end: int
    tags: tuple[str, ...]
    annotator: str


def one_name_each(marks: Sequence[Marked]) -> list[Marked]:
    """``marks`` with every spelling of an annotator's name ("Ines", "ines")
    made the first one met: one annotator is never compared with herself."""
    spelled = first_spellings(m.annotator for m in marks)
    return [
        m
        if m.annotator == (name := spelled[annotator_key(m.annotator)])
        else replace(m, annotator=name)
        for m in marks
    ]


def one_spelling_per_tag(marks: Sequence[Marked], spellings: TagSpellings) -> list[Marked]:
    """``marks`` with every spelling of a tag ("check", "Check", "é" in NFC
    and NFD) made the one ``spellings`` gives: one label is never counted as
    two that disagree."""
    out = []
    for m in marks:
        tags = tuple(spellings.all_preferred(m.tags))
        out.append(m if tags == m.tags else replace(m, tags=tags))
    return out


@dataclass(frozen=True)
class PairFigures:
    annotators: tuple[str, str]
    articles: int
    spans: tuple[int, int]
    exact_f1: float | None
    overlap_f1: float | None
    kappa: float | None
    tokens: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "articles": self.articles,
            "spans": list(self.spans),
            "exact_f1": self.exact_f1,
            "overlap_f1": self.overlap_f1,
            "kappa": self.kappa,
            "tokens": self.tokens,
        }


@dataclass(frozen=True)
class Figures:
    pairs: tuple[PairFigures, ...]
    alpha: float | None
    #: tokens coded by at least two annotators (alpha's units)
    alpha_tokens: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": [p.to_dict() for p in self.pairs],
            "alpha": self.alpha,
            "alpha_tokens": self.alpha_tokens,
        }


# -- the measures, on plain values -------------------------------------------------------


def exact_f1(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    if not a and not b:
        return None
    matches = sum((Counter(a) & Counter(b)).values())
    return 2 * matches / (len(a) + len(b))


def overlap_f1(
    a: Sequence[tuple[Hashable, int, int]], b: Sequence[tuple[Hashable, int, int]]
) -> float | None:
    """Spans are (key, start, end): only spans with equal keys can overlap."""
    if not a and not b:
        return None
    if not a or not b:
        return 0.0
    recall = sum(_overlaps_any(span, b) for span in a) / len(a)
    precision = sum(_overlaps_any(span, a) for span in b) / len(b)
    if recall + precision == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _overlaps_any(
    span: tuple[Hashable, int, int], others: Sequence[tuple[Hashable, int, int]]
) -> bool:
    key, start, end = span
    return any(k == key and s < end and start < e for k, s, e in others)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two codings of the same items (equal length)."""
    if len(a) != len(b):
        raise ValueError("both codings must cover the same items")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[c] * count_b[c] for c in count_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha_nominal(units: Iterable[Sequence[Hashable]]) -> tuple[float | None, int]:
    """Krippendorff's alpha for nominal data; each unit lists the values it was
    given (one per coder who coded it). Returns (alpha, units pairable)."""
    coincidences: Counter[tuple[Hashable, Hashable]] = Counter()
    pairable = 0
    for values in units:
        m = len(values)
        if m < 2:
            continue
        pairable += 1
        counts = Counter(values)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    coincidences[(c, k)] += pairs / (m - 1)
    totals: Counter[Hashable] = Counter()
    for (c, _), weight in coincidences.items():
        totals[c] += weight
    n = sum(totals.values())
    disagree_observed = sum(w for (c, k), w in coincidences.items() if c != k)
    disagree_expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if n <= 1 or disagree_expected == 0:
        return None, pairable
    return 1 - (n - 1) * disagree_observed / disagree_expected, pairable


# -- from annotations to figures -----------------------------------------------------------


class _Tokens:
    """One article's word tokens, and which of them a span covers."""

    def __init__(self, body: str) -> None:
        self.spans = word_spans(body)
        self.starts = [s for s, _ in self.spans]
        self.ends = [e for _, e in self.spans]

    def covered(self, start: int, end: int) -> range:
        # Tokens whose characters meet [start, end): end after start, start before end.
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end)
        return range(first, last)


def _codings(
    marks: Sequence[Marked], tokens: Mapping[str, _Tokens], tags: Sequence[str]
) -> dict[tuple[str, str], list[frozenset[str]]]:
    """(annotator, article) -> for every token, the set of wanted tags covering it."""
    worked = {(m.annotator, m.article) for m in marks}
    wanted = set(tags)
    out: dict[tuple[str, str], list[set[str]]] = {
        key: [set() for _ in tokens[key[1]].spans] for key in worked
    }
    for mark in marks:
        labels = out[(mark.annotator, mark.article)]
        chosen = [t for t in mark.tags if t in wanted]
        if not chosen:
            continue
        for i in tokens[mark.article].covered(mark.start, mark.end):
            labels[i].update(chosen)
    return {key: [frozenset(s) for s in labels] for key, labels in out.items()}


class _Prepared:
    """Marks with their articles' tokens and every annotator's token codings,
    made once and read for each tag."""

    def __init__(
        self, marks: Sequence[Marked], texts: Mapping[str, str], tags: Sequence[str]
    ) -> None:
        self.marks = marks
        self.tags = list(tags)
        self.tokens = {article: _Tokens(texts[article]) for article in {m.article for m in marks}}
        self.codings = _codings(marks, self.tokens, tags)
        self.annotators = sorted({m.annotator for m in marks})

    def figures(self, tag: str | None) -> Figures:
        """The figures for one tag, or over all the tags (``tag`` None)."""
        chosen = [tag] if tag is not None else self.tags
        codings = self.codings

        def value(labels: frozenset[str]) -> Hashable:
            return (tag in labels) if tag is not None else labels

        annotators = self.annotators
        articles_of = {a: {art for (who, art) in codings if who == a} for a in annotators}
        spans_of = {
            a: [
                (m.article, t, m.start, m.end)
                for m in self.marks
                if m.annotator == a
                for t in m.tags
                if t in chosen
            ]
            for a in annotators
        }
        pairs: list[PairFigures] = []
        for a, b in combinations(annotators, 2):
            shared = sorted(articles_of[a] & articles_of[b])
            in_shared = set(shared)
            sa = [s for s in spans_of[a] if s[0] in in_shared]
            sb = [s for s in spans_of[b] if s[0] in in_shared]
            coded_a = [value(v) for art in shared for v in codings[(a, art)]]
            coded_b = [value(v) for art in shared for v in codings[(b, art)]]
            pairs.append(
                PairFigures(
                    annotators=(a, b),
                    articles=len(shared),
                    spans=(len(sa), len(sb)),
                    exact_f1=exact_f1(sa, sb),
                    overlap_f1=overlap_f1(
                        [((art, t), s, e) for art, t, s, e in sa],
                        [((art, t), s, e) for art, t, s, e in sb],
                    ),
                    kappa=cohen_kappa(coded_a, coded_b),
                    tokens=len(coded_a),
                )
            )
        units: list[list[Hashable]] = []
        for article, toks in sorted(self.tokens.items()):
            coders = [a for a in annotators if (a, article) in codings]
            for i in range(len(toks.spans)):
                units.append([value(codings[(a, article)][i]) for a in coders])
        alpha, pairable = krippendorff_alpha_nominal(units)
        return Figures(tuple(pairs), alpha, pairable)


def agreement(
    marks: Sequence[Marked],
    texts: Mapping[str, str],
    tags: Sequence[str] | None = None,
    by_article: bool = False,
) -> dict[str, Any]:
    """Every figure, per tag and over all tags, as one JSON-ready document.

    ``tags`` limits the tags looked at (default: every tag used); with
    ``by_article`` the same figures follow for each article alone, with the
    annotators who annotated it.
    """
    marks = one_name_each(marks)
    used = sorted({t for m in marks for t in m.tags})
    chosen = sorted(set(tags)) if tags else used

    def figures(subset: Sequence[Marked]) -> dict[str, Any]:
        prepared = _Prepared(subset, texts, chosen)
        return {
            "tags": {t: prepared.figures(t).to_dict() for t in chosen},
            "overall": prepared.figures(None).to_dict(),
        }

    document: dict[str, Any] = {
        "method": METHOD,
        "annotators": sorted({m.annotator for m in marks}),
        "articles": len({m.article for m in marks}),
        **figures(marks),
    }
    if by_article:
        document["by_article"] = {}
        for article in sorted({m.article for m in marks}):
            subset = [m for m in marks if m.article == article]
            document["by_article"][article] = {
                # One name alone: nothing to compare there (every figure empty).
                "annotators": sorted({m.annotator for m in subset}),
                **figures(subset),
            }
    return document
