"""Building the article: the cleaned body, its trimmed tail, a title derived when there is none."""

from __future__ import annotations

import re

from newsread.ingest import furniture as fx
from newsread.ingest.dumps.header import _read_header
from newsread.ingest.dumps.shared import (
    BLANK,
    PROSE,
    SHORT,
    TAIL_SHARE,
    TITLE_CLAUSE_MAX,
    TITLE_MAX,
    ParsedArticle,
    _Span,
)

# ---------------------------------------------------------------- assembly


def _build(
    lines: list[str], kinds: list[str], span: _Span, header: range, trailer: range
) -> ParsedArticle:
    meta = _read_header(lines, kinds, header)
    after = _read_header(lines, kinds, trailer)
    paragraphs, removed = _body(lines, kinds, span)
    paragraphs, trimmed = _trim_tail(paragraphs)
    removed += trimmed
    dateline = ""
    if paragraphs:
        dateline, paragraphs[0] = fx.split_dateline(paragraphs[0])
    removed = [lines[i] for i in header if lines[i] and i not in meta.used] + removed
    removed += [lines[i] for i in trailer if lines[i]]
    title, derived = meta.title, False
    if not title:
        title, derived = derive_title(paragraphs[0] if paragraphs else ""), True
    return ParsedArticle(
        title=title,
        body="\n\n".join(paragraphs),
        source=meta.source or after.source,
        byline=meta.byline or after.byline,
        dateline=dateline,
        published=meta.published or after.published,
        removed=removed,
        title_derived=derived,
    )


def _body(lines: list[str], kinds: list[str], span: _Span) -> tuple[list[str], list[str]]:
    paragraphs: list[str] = []
    removed: list[str] = []
    for i in range(span.start, span.end + 1):
        kind, line = kinds[i], lines[i]
        if kind == BLANK:
            continue
        if i in span.drop:
            removed.append(line)
            continue
        if kind in (PROSE, SHORT):
            cleaned, cut = fx.clean_paragraph(line)
            removed.extend(cut)
            if cleaned:
                paragraphs.append(cleaned)
        else:
            removed.append(line)
    return paragraphs, removed


def _trim_tail(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Cut what follows a story on its page: a note about the writer, a company's
    "About" paragraph, a disclaimer, and whatever comes after them.

    Only the last part of a story is searched, and the cut may not take more
    than ``TAIL_SHARE`` of the story's words: the same wording higher up is
    reporting about someone, not a page part.
    """
    if len(paragraphs) < 2:
        return paragraphs, []
    # Short lines after the story's last sentence are links and labels (a
    # "more on this" box, tags), unless the story announced them as a list.
    end = len(paragraphs)
    while end > 1 and _link_like(paragraphs[end - 1]):
        if paragraphs[end - 1].endswith(":") and len(paragraphs) - end >= 2:
            end = len(paragraphs)  # "Tour dates:" and its items
            break
        end -= 1
    if end < len(paragraphs) and not _link_like(paragraphs[end - 1]):
        kept, cut = _trim_tail(paragraphs[:end])
        return kept, cut + paragraphs[end:]
    words = [fx.word_count(p) for p in paragraphs]
    total = sum(words)
    for k in range(1, len(paragraphs)):
        after = sum(words[k:])
        if after > total * TAIL_SHARE:
            continue
        if fx.is_tail_clutter(paragraphs[k]):
            return paragraphs[:k], paragraphs[k:]
    return paragraphs, []


#: Below this ``line_quality`` a short headline-shaped line is a link, not text.
LINK_QUALITY = 0.65


def _link_like(paragraph: str) -> bool:
    """A label, or a link to another story: a short headline that ends in "?" or
    "!" reads as a sentence to ``is_prose`` but has a headline's shape: capitals,
    no sentence inside, few function words."""
    if not fx.is_prose(paragraph):
        return True
    shape = fx.line_shape(paragraph)
    return (
        shape.words <= 12
        and shape.sentence_marks <= 1
        and not paragraph.endswith(".")
        and shape.capital_ratio >= 0.4
        and fx.line_quality(paragraph) < LINK_QUALITY
    )


# ---------------------------------------------------------------- derived titles

# A sentence ends at . ! ? (plus closing quotes) before a capital, unless the
# word before is an initial or a common abbreviation ("U.S.", "Mr.", "Jan.").
_SENT_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|St|Jr|Sr|Inc|Co|Corp|Ltd"
    r"|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)$"
)
_WEAK_TEXT = "a an the of to in on at for and or but with by from as that which who its their his"
_WEAK_END = frozenset(_WEAK_TEXT.split())


def first_sentence(paragraph: str) -> str:
    for match in _SENT_BREAK.finditer(paragraph):
        if not _ABBREV.search(paragraph[: match.start()]):
            return paragraph[: match.start()].strip()
    return paragraph.strip()


def derive_title(paragraph: str, limit: int = TITLE_MAX) -> str:
    """A headline for a story that has none: its first sentence, shortened.

    Cut at a clause boundary (comma, semicolon, dash) when one falls in the
    second half of the limit, else at the last word boundary, never ending on a
    function word; an ellipsis marks a cut mid-clause.
    """
    sentence = first_sentence(fx.split_dateline(paragraph)[1]).rstrip(" .!?")
    if len(sentence) <= limit:
        return sentence
    reach = limit + TITLE_CLAUSE_MAX - TITLE_MAX
    clause = max(sentence.rfind(mark, 0, reach + 1) for mark in (",", ";", " —", " –"))
    if clause >= limit // 2:
        return sentence[:clause].rstrip()
    words = sentence[: limit + 1].rsplit(" ", 1)[0].split()
    while len(words) > 3 and words[-1].lower().strip(",;:") in _WEAK_END:
        words.pop()
    return " ".join(words).rstrip(",;:") + "…"
