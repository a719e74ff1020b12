"""Building the article: the cleaned body, its trimmed tail, a title derived when there is none."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsread.ingest import furniture as fx
from newsread.ingest.dumps.header import _read_header
from newsread.ingest.dumps.shared import (
    BLANK,
    BOUNDARY,
    BYLINE,
    FURNITURE,
    PROSE,
    REPEAT_WORDS,
    SHORT,
    TAIL_SHARE,
    TITLE_CLAUSE_MAX,
    TITLE_MAX,
    ParsedArticle,
    _Span,
)
from newsread.ingest.dumps.stories import is_closing_line, line_reason
from newsread.ingest.furniture import reasons as why
from newsread.model import Cut

# ---------------------------------------------------------------- assembly


@dataclass
class _Piece:
    """A cut while the body is being built: where it stood is known only
    relative to the kept paragraphs until the body is joined."""

    text: str
    reason: str
    line: int  # the source line it came from: page order among cuts at one place
    before: int  # index of the kept paragraph it stood before (their count: after all)
    offset: int = -1  # >= 0: cut from inside paragraph ``before``, at this offset
    whole: bool = False  # a whole paragraph cut from the tail: before its own in-line cuts


def _build(
    lines: list[str],
    kinds: list[str],
    span: _Span,
    header: range,
    trailer: range,
    notes: dict[int, str],
) -> ParsedArticle:
    meta = _read_header(lines, kinds, header)
    after = _read_header(lines, kinds, trailer)
    page_title = _page_title(lines, span.start)
    paragraphs, para_lines, body_cuts = _body(lines, kinds, span, notes, page_title)
    kept, tail_reasons = _trim_tail(paragraphs)
    tail = [
        _Piece(paragraphs[k], reason, para_lines[k], kept, whole=True)
        for k, reason in zip(range(kept, len(paragraphs)), tail_reasons, strict=True)
    ]
    paragraphs, para_lines = paragraphs[:kept], para_lines[:kept]
    pieces = [
        # What stood in or after a paragraph the tail cut now stands at the end.
        _Piece(p.text, p.reason, p.line, kept) if p.before >= kept else p
        for p in body_cuts
    ]
    paragraphs, para_lines, pieces, counters = _drop_counters(paragraphs, para_lines, pieces)
    pieces += counters
    # The wire dateline is read into the metadata but stays in the body: it is
    # the first words of the story as printed (a page's HTML keeps it there too).
    dateline = fx.split_dateline(paragraphs[0])[0] if paragraphs else ""
    leading = [
        _Piece(lines[i], _reason(lines, kinds, i, notes, why.PAGE_TEXT), i, 0)
        for i in header
        if lines[i] and i not in meta.used
    ]
    trailing = _trailing(lines, kinds, trailer, notes, kept)
    inside = sorted(body_cuts + counters, key=lambda p: p.line)  # stable: in-line cuts keep order
    removed = [p.text for p in leading + inside + tail + trailing]
    title, derived = meta.title, False
    headline = next((p.text for p in body_cuts if p.reason == why.HEADLINE), "")
    if headline:
        # The line the page shows in its title bar and again at the top of the
        # story is the headline, whatever the header held (a date, a label).
        title = headline
    if not title:
        title, derived = derive_title(paragraphs[0] if paragraphs else ""), True
    body = "\n\n".join(paragraphs)
    cuts = _place(leading + pieces + tail + trailing, paragraphs, len(body))
    return ParsedArticle(
        title=title,
        body=body,
        source=meta.source or after.source,
        byline=meta.byline or after.byline,
        dateline=dateline,
        published=meta.published or after.published,
        removed=removed,
        title_derived=derived,
        cuts=cuts,
    )


# A line of figures alone: a gallery's counter ("6", "3/12"), a share count,
# a widget's number. A story's figures stand in sentences and table rows; a
# phone number (with its dashes) is a contact line and stays.
_COUNTER = re.compile(r"^[\d\s/.,:()]*\d[\d\s/.,:()]*$")


def _drop_counters(
    paragraphs: list[str], para_lines: list[int], pieces: list[_Piece]
) -> tuple[list[str], list[int], list[_Piece], list[_Piece]]:
    """Cut the lines of figures alone from the story's paragraphs.

    Returns the paragraphs and their lines left, the other cuts placed among
    them, and the counters cut. Runs after the tail is trimmed: among the
    labels after a story's end, a counter is one more of the page's widgets
    (see ``_label_tail``).
    """
    drop = {k for k, p in enumerate(paragraphs) if _COUNTER.match(p)}
    if not drop or len(drop) == len(paragraphs):
        return paragraphs, para_lines, pieces, []
    # The index each old paragraph position has among the kept paragraphs.
    index = [sum(1 for j in range(k) if j not in drop) for k in range(len(paragraphs) + 1)]
    moved = [
        _Piece(
            p.text,
            p.reason,
            p.line,
            index[p.before],
            -1 if p.before in drop else p.offset,
            p.whole,
        )
        for p in pieces
    ]
    counters = [_Piece(paragraphs[k], why.LABEL, para_lines[k], index[k]) for k in sorted(drop)]
    kept = [k for k in range(len(paragraphs)) if k not in drop]
    return [paragraphs[k] for k in kept], [para_lines[k] for k in kept], moved, counters


def _place(pieces: list[_Piece], paragraphs: list[str], length: int) -> list[Cut]:
    """Body offsets for the pieces, in body order (page order where they tie)."""
    starts: list[int] = []
    at = 0
    for paragraph in paragraphs:
        starts.append(at)
        at += len(paragraph) + 2
    placed: list[tuple[tuple[int, int, int, int], Cut]] = []
    for seq, piece in enumerate(pieces):
        inline = piece.offset >= 0 and piece.before < len(paragraphs)
        where = starts[piece.before] if piece.before < len(paragraphs) else length
        position = where + piece.offset if inline else where
        key = (position, piece.line, 0 if piece.whole else 1, seq)
        placed.append((key, Cut(piece.text, piece.reason, position, inline)))
    placed.sort(key=lambda item: item[0])
    return [cut for _, cut in placed]


def _reason(lines: list[str], kinds: list[str], i: int, notes: dict[int, str], prose: str) -> str:
    """Why line ``i`` is not story text; ``prose`` names running text outside the story."""
    if i in notes:
        return notes[i]
    if kinds[i] in (BOUNDARY, BYLINE, FURNITURE):
        return line_reason(lines[i])
    if kinds[i] != PROSE:
        return why.LABEL
    return why.TEASERS if fx.is_cut_teaser(lines[i]) else prose


def _trailing(
    lines: list[str], kinds: list[str], rows: range, notes: dict[int, str], kept: int
) -> list[_Piece]:
    """The lines after the story, each with its reason. A section heading names
    what follows it: under a comment-thread mark, text is what readers wrote, not
    another story; under a "Related" heading, labels are links."""
    pieces: list[_Piece] = []
    section = ""
    for i in rows:
        if not lines[i]:
            continue
        reason = _reason(lines, kinds, i, notes, why.OTHER_STORY)
        if reason in (why.COMMENTS, why.RELATED) and section != why.COMMENTS:
            section = reason
        if section == why.COMMENTS and reason in (why.OTHER_STORY, why.LABEL):
            reason = why.COMMENTS
        elif section == why.RELATED and reason == why.LABEL:
            reason = why.RELATED
        pieces.append(_Piece(lines[i], reason, i, kept))
    return pieces


#: Fewest words of a story's first line taken for the page's headline.
HEADLINE_WORDS = 4


def _page_title(lines: list[str], start: int) -> str:
    """The page's title bar: its first line, when that lies before the story.

    A whole page saved as text opens with the page title, which holds the
    headline (often with the site's name after it). A dump that opens with the
    story itself has no such line.
    """
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    return lines[first] if first < start else ""


def _is_page_headline(line: str, page_title: str) -> bool:
    """A story line that repeats the page's title bar: the headline.

    A headline ending in "?" or "!" reads as a sentence, so it can start a run
    of prose; the true body never repeats the title bar.
    """
    return fx.word_count(line) >= HEADLINE_WORDS and line in page_title


def _body(
    lines: list[str], kinds: list[str], span: _Span, notes: dict[int, str], page_title: str = ""
) -> tuple[list[str], list[int], list[_Piece]]:
    """The story's paragraphs, the source line of each, and what was cut among them."""
    paragraphs: list[str] = []
    para_lines: list[int] = []
    cuts: list[_Piece] = []
    for i in range(span.start, span.end + 1):
        kind, line = kinds[i], lines[i]
        if kind == BLANK:
            continue
        if not paragraphs and page_title and _is_page_headline(line, page_title):
            cuts.append(_Piece(line, why.HEADLINE, i, 0))
            continue
        if i in span.drop:
            cuts.append(_Piece(line, _reason(lines, kinds, i, notes, why.BOX), i, len(paragraphs)))
            continue
        if (
            kind in (PROSE, SHORT)
            and _folded(line) in {_folded(p) for p in paragraphs}
            and fx.word_count(line) >= REPEAT_WORDS
        ):
            # A story never prints a long paragraph twice: a second copy of
            # the story run on after the first, or a standfirst that the lede
            # repeats (the page's summary printed with straight quotes, the
            # story with curly ones).
            cuts.append(_Piece(line, why.REPEATED, i, len(paragraphs)))
            continue
        if kind in (PROSE, SHORT):
            cleaned, cut = fx.clean_paragraph_cuts(line)
            # A paragraph that was all furniture leaves its cuts between paragraphs.
            cuts.extend(
                _Piece(c.text, c.reason, i, len(paragraphs), c.offset if cleaned else -1)
                for c in cut
            )
            if cleaned:
                paragraphs.append(cleaned)
                para_lines.append(i)
        else:
            reason = _reason(lines, kinds, i, notes, why.LABEL)
            cuts.append(_Piece(line, reason, i, len(paragraphs)))
    return paragraphs, para_lines, cuts


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def _folded(text: str) -> str:
    """``text`` with curly quotes made straight: the same words, however typeset."""
    return text.translate(_QUOTES)


def _trim_tail(paragraphs: list[str]) -> tuple[int, list[str]]:
    """Cut what follows a story on its page: a note about the writer, a company's
    "About" paragraph, a disclaimer, and whatever comes after them; pitches to
    the reader after the story's last paragraph. Returns how
    many paragraphs stay, and the reason for each one cut after them.

    Only the last part of a story is searched, and the cut may not take more
    than ``TAIL_SHARE`` of the story's words: the same wording higher up is
    reporting about someone, not a page part.
    """
    if len(paragraphs) < 2:
        return len(paragraphs), []
    start = _label_tail(paragraphs)
    if start < len(paragraphs):
        kept, reasons = _trim_tail(paragraphs[:start])
        return kept, reasons + [why.AFTER_END] * (len(paragraphs) - start)
    # Short lines after the story's last sentence are links and labels (a
    # "more on this" box, tags), unless the story announced them as a list.
    end = len(paragraphs)
    while end > 1 and _link_like(paragraphs[end - 1]) and not _closes(paragraphs, end - 1):
        if paragraphs[end - 1].endswith(":") and len(paragraphs) - end >= 2:
            end = len(paragraphs)  # "Tour dates:" and its items
            break
        end -= 1
    if end < len(paragraphs) and (
        not _link_like(paragraphs[end - 1]) or _closes(paragraphs, end - 1)
    ):
        kept, reasons = _trim_tail(paragraphs[:end])
        return kept, reasons + [why.RELATED] * (len(paragraphs) - end)
    # The page's pitches to the reader after the story's last sentence: the
    # story itself may talk about subscriptions and sign-ups higher up.
    pitches: list[str] = []
    while len(pitches) + 1 < len(paragraphs):
        pitch = fx.tail_pitch_reason(paragraphs[-1 - len(pitches)])
        if not pitch:
            break
        pitches.insert(0, pitch)
    if pitches:
        kept, reasons = _trim_tail(paragraphs[: -len(pitches)])
        return kept, reasons + pitches
    words = [fx.word_count(p) for p in paragraphs]
    total = sum(words)
    for k in range(1, len(paragraphs)):
        after = sum(words[k:])
        if after > total * TAIL_SHARE:
            continue
        if fx.is_tail_clutter(paragraphs[k]):
            first = why.BIO if fx.is_bio(paragraphs[k]) else why.ABOUT
            return k, [first] + [why.AFTER_END] * (len(paragraphs) - k - 1)
    return len(paragraphs), []


#: Fewest labels in a tail that ``_label_tail`` cuts, and the largest share
#: of the story's words it may take (half of ``TAIL_SHARE``: a tail found by
#: its shape alone, with no wording to go by, is cut more cautiously).
LABEL_TAIL = 3
LABEL_TAIL_SHARE = 0.2


def _label_tail(paragraphs: list[str]) -> int:
    """Where a tail of labels starts: the page after the story, or len(paragraphs).

    After a story, a page sets out widgets, link lists and forms: labels with
    a sentence here and there (a teaser, a form's consent line). A tail that
    opens with a label after a sentence, holds at least ``LABEL_TAIL`` labels
    and twice as many labels as sentences, and takes at most
    ``LABEL_TAIL_SHARE`` of the words, is cut: a story's own sub-headings and
    list items come one or two between sentences. A list the story announced
    (a line ending in a colon) is story text, so the search stops there.
    """
    words = [fx.word_count(p) for p in paragraphs]
    total = sum(words)
    labels = sentences = after = 0
    start = len(paragraphs)
    for j in range(len(paragraphs) - 1, 0, -1):
        paragraph = paragraphs[j]
        after += words[j]
        if after > total * LABEL_TAIL_SHARE or paragraph.endswith(":"):
            break
        if fx.is_prose(paragraph):
            sentences += 1
            continue
        labels += 1
        if labels >= LABEL_TAIL and labels >= 2 * sentences and fx.is_prose(paragraphs[j - 1]):
            start = j
    return start


def _closes(paragraphs: list[str], k: int) -> bool:
    """Paragraph ``k`` is the story's short last sentence, right under its prose."""
    return k > 0 and fx.is_prose(paragraphs[k - 1]) and is_closing_line(paragraphs[k])


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
