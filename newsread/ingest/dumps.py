"""Plain-text news dumps: split into articles, strip page furniture, read the metadata.

A dump is what a person gets by copying a news page (or an aggregator's page)
into a text file: the story, a byline somewhere, widgets and menus, and often
"related" stories glued on after it. ``parse_dump`` returns one
``ParsedArticle`` per story, in the order they appear.

How it works, line by line:

1. Every line is classified: prose (running text), blank, furniture (widgets,
   stamps, sign-ups: see ``furniture``), a *boundary* (a "Related articles"
   heading, a relative time stamp, an outlet label "- Outlet", a copyright
   line, a byline, a date-only stamp), or a short line (headline, label,
   sub-heading, list item). Furniture includes text-shaped page parts: cookie
   banners, captions with a credit, calls to subscribe, source-list entries,
   runs of teasers cut off with an ellipsis, and long prose lines that occur
   twice on the page. A comment-thread heading or a commenter's signature
   ("jdoe says:") is a boundary: reader comments never continue a story.
2. Stories are maximal runs of prose. Short lines between prose lines stay in
   the story (sub-headings, bullet lists) as long as there are at most
   ``MAX_GAP`` of them in a row, or however many when a story line ending in a
   colon announced them as a list; a boundary line always ends the story, because
   aggregators put exactly those between one story and the next.
   Short headline-less runs before the main (longest) story are dropped: a
   headline counts for them only with a byline or date beside it, because the
   page title at the top of a saved page is not the headline of the cookie
   notice or promo under it.
3. The lines before a story are its header: the nearest title-like line is the
   title; bylines, dates and outlet labels fill the metadata. The lines after it
   up to the next header are its trailer (a closing byline, a copyright line).
4. Paragraphs are cleaned of in-paragraph furniture and whitespace-normalised.
   The story's tail is trimmed: short link lines after its last sentence, and
   a writer's bio, a company "About" paragraph or a disclaimer near the end
   together with everything after it (see ``_trim_tail``).

Body format: one paragraph per line of input, paragraphs separated by a blank
line, single spaces inside, characters otherwise as in the input (quotes are
not straightened: annotations quote the text exactly).

Datelines: a wire dateline ("BANGKOK — ", "CITY, Country (AP) — ") is cut from
the start of the body and stored in ``dateline``, because readers show it in
the metadata line; the body then starts with the story's first word. Nothing
else of the sentence is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsread.ingest import furniture as fx

#: Most short lines in a row that can sit inside a story (sub-heading, list,
#: photo credit). Measured on the development pages: 3 splits stories, 6-8 is best.
MAX_GAP = 6
#: Smaller prose runs are teasers, captions or notices, not articles.
MIN_ARTICLE_WORDS = 40
MIN_BRIEF_WORDS = 10
#: Short leading prose runs without a headline, this much smaller than the
#: main story, are page furniture (see ``_drop_minor_leaders``).
MINOR_WORDS = 150
MINOR_RATIO = 3
NEAR_HEADLINE = 4
#: A story resumed after a related-links box or gallery starts this close to
#: where it stopped (in lines).
RESUME_LINES = 40
#: Prose lines at least this long that occur twice on a page are furniture.
REPEAT_WORDS = 16
#: Most of a story's words that a cut at its tail may take (see ``_trim_tail``).
TAIL_SHARE = 0.4
#: How far before a story to look for its headline (non-blank lines).
HEADER_LOOKBACK = 10
#: ``line_quality`` of a line that is clearly running text.
GOOD_QUALITY = 0.6
#: Derived titles longer than this are shortened: at a clause boundary up to
#: ``TITLE_CLAUSE_MAX`` characters, else at a word boundary.
TITLE_MAX = 100
TITLE_CLAUSE_MAX = 120

BLANK, PROSE, SHORT, FURNITURE, BOUNDARY, BYLINE = (
    "blank",
    "prose",
    "short",
    "furniture",
    "boundary",
    "byline",
)

_AGENCIES = {"AP": "The Associated Press", "AFP": "Agence France-Presse", "Reuters": "Reuters"}


@dataclass
class ParsedArticle:
    title: str
    body: str
    source: str = ""
    byline: str = ""
    dateline: str = ""
    published: str = ""  # ISO date "YYYY-MM-DD" or ""
    removed: list[str] = field(default_factory=list)
    title_derived: bool = False


@dataclass
class _Span:
    """A story's lines: [start, end] are the first and last prose line indexes."""

    start: int
    end: int
    words: int = 0
    #: Lines inside the span that are not story text: a related-links box or a
    #: gallery that a continuation was merged across.
    drop: set[int] = field(default_factory=set)


def parse_dump(text: str) -> list[ParsedArticle]:
    """Split a plain-text dump into cleaned articles; [] when it holds no story."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kinds = [classify(line) for line in lines]
    _mark_teaser_runs(lines, kinds)
    _mark_repeats(lines, kinds)
    _mark_attributions(lines, kinds)
    # Merge before the size filter: a story's first paragraph may be short on
    # its own when a related-links box follows it.
    merged = _merge_continuations(lines, kinds, _spans(lines, kinds))
    spans = [s for s in merged if s.words >= MIN_ARTICLE_WORDS]
    if not spans and merged:
        # A pasted brief is shorter than any story on a scraped page; with no
        # page-sized story present, its largest run of prose is the article.
        largest = max(merged, key=lambda s: s.words)
        if largest.words >= MIN_BRIEF_WORDS:
            spans = [largest]
    spans = _drop_minor_leaders(lines, kinds, spans)
    articles: list[ParsedArticle] = []
    for k, span in enumerate(spans):
        floor = spans[k - 1].end + 1 if k else 0
        header_start = _header_start(lines, kinds, floor, span.start)
        next_start = spans[k + 1].start if k + 1 < len(spans) else len(lines)
        ceiling = _header_start(lines, kinds, span.end + 1, next_start)
        if k + 1 == len(spans):
            ceiling = len(lines)
        leading = range(0 if k == 0 else header_start, span.start)
        articles.append(_build(lines, kinds, span, leading, range(span.end + 1, ceiling)))
    return articles


# ---------------------------------------------------------------- classification


def classify(line: str) -> str:
    if not line:
        return BLANK
    if fx.is_copyright(line) or fx.is_related_heading(line) or fx.is_relative_time(line):
        return BOUNDARY
    if fx.is_comment_mark(line):
        return BOUNDARY
    if fx.outlet_label(line) or fx.is_stamp(line):
        return BOUNDARY
    if fx.parse_byline(line):
        return BYLINE
    if fx.is_furniture_line(line):
        return FURNITURE
    if fx.is_prose(line):
        return PROSE
    return SHORT


def _mark_teaser_runs(lines: list[str], kinds: list[str]) -> None:
    """Lines cut off with an ellipsis, two or more in a row, are a teaser list.

    One such line alone may be a writer's style ("Here's the thing …").
    """
    filled = [i for i, line in enumerate(lines) if line]  # blank lines between do not count
    cut = [fx.is_cut_teaser(lines[i]) for i in filled]
    for k, is_cut in enumerate(cut):
        if is_cut and ((k > 0 and cut[k - 1]) or (k + 1 < len(cut) and cut[k + 1])):
            kinds[filled[k]] = FURNITURE


def _mark_repeats(lines: list[str], kinds: list[str]) -> None:
    """Prose that occurs more than once on a page is page furniture.

    Teasers, captions and promos repeat (a slideshow, a sticky header, the
    same box at top and bottom); a story's own paragraphs do not. Short lines
    may repeat inside a story (recipe quantities, list labels), so only lines of
    ``REPEAT_WORDS`` words or more count.
    """
    seen: dict[str, int] = {}
    for line in lines:
        if line:
            seen[line] = seen.get(line, 0) + 1
    repeats = [
        i
        for i, line in enumerate(lines)
        if kinds[i] == PROSE and seen[line] > 1 and fx.word_count(line) >= REPEAT_WORDS
    ]
    prose = sum(fx.word_count(line) for i, line in enumerate(lines) if kinds[i] == PROSE)
    # A story pasted twice repeats everything: then the repeats are the story.
    if sum(fx.word_count(lines[i]) for i in repeats) * 2 > prose:
        return
    for i in repeats:
        kinds[i] = FURNITURE


def _mark_attributions(lines: list[str], kinds: list[str]) -> None:
    """A dash label between two good prose lines signs a quote, not a story.

    "– Jo R." under a reader's review or a pull quote has the shape of an
    aggregator's outlet label ("- Global News"), but an outlet label sits under
    a headline, whereas an attribution sits between paragraphs of running text.
    Smoothing as in jusText: a short line whose neighbours are both good text
    (``line_quality`` at least ``GOOD_QUALITY``) belongs with them.
    """
    filled = [i for i, line in enumerate(lines) if line]
    for k in range(1, len(filled) - 1):
        i, before, after = filled[k], filled[k - 1], filled[k + 1]
        if kinds[i] != BOUNDARY or not fx.outlet_label(lines[i]):
            continue
        if all(
            kinds[j] == PROSE and fx.line_quality(lines[j]) >= GOOD_QUALITY
            for j in (before, after)
        ):
            kinds[i] = SHORT


def _spans(lines: list[str], kinds: list[str]) -> list[_Span]:
    spans: list[_Span] = []
    current: _Span | None = None
    gap = 0
    broken = False
    listing = False
    for i, kind in enumerate(kinds):
        if listing and kind == SHORT and current is not None and _list_item(lines[i]):
            # An item of a list the story introduced ("Tour dates:"): story text.
            current.end = i
            current.words += fx.word_count(lines[i])
            continue
        if kind != BLANK:
            listing = (
                current is not None
                and not broken
                and gap <= MAX_GAP
                and kind in (PROSE, SHORT)
                and _introduces_list(lines[i])
            )
        if kind == PROSE:
            if current is None or broken or gap > MAX_GAP:
                current = _Span(i, i)
                spans.append(current)
            current.end = i
            current.words += fx.word_count(lines[i])
            gap, broken = 0, False
        elif kind in (BOUNDARY, BYLINE):
            broken = True
        elif kind != BLANK:
            gap += 1
    return spans


def _introduces_list(line: str) -> bool:
    """A story line that announces a list: "The tour dates are:", "Ingredients:"."""
    return line.endswith(":") and fx.word_count(line) >= 4


def _list_item(line: str) -> bool:
    # Items of a list in a story have a few words each; a row of one-word lines
    # after a colon is a menu ("Follow us:" Facebook, Twitter).
    return fx.word_count(line) >= 3 and not fx.is_prose(line)


def _merge_continuations(lines: list[str], kinds: list[str], spans: list[_Span]) -> list[_Span]:
    """Join a prose run to the previous one when it is the same story resumed.

    Saved pages put "Related articles" boxes and photo galleries *inside* a
    story. A run with no headline of its own, separated from the previous run
    only by such soft breaks (no copyright line, byline, outlet label or time
    stamp: the marks of a story's end in a dump) and within ``RESUME_LINES``
    lines, continues it; the lines in between are dropped as furniture.
    """
    merged: list[_Span] = []
    for span in spans:
        if merged and _resumes(lines, kinds, merged[-1], span):
            prev = merged[-1]
            prev.drop |= set(range(prev.end + 1, span.start)) | span.drop
            prev.drop -= {i for i in range(prev.end + 1, span.start) if kinds[i] == PROSE}
            prev.end, prev.words = span.end, prev.words + span.words
        else:
            merged.append(span)
    return merged


def _resumes(lines: list[str], kinds: list[str], prev: _Span, span: _Span) -> bool:
    if span.start - prev.end > RESUME_LINES:
        return False
    between = range(prev.end + 1, span.start)
    hard = any(
        kinds[i] == BYLINE
        or fx.is_copyright(lines[i])
        or fx.outlet_label(lines[i])
        or fx.is_relative_time(lines[i])
        or fx.is_comment_mark(lines[i])
        for i in between
    )
    return not hard and not _has_headline(lines, kinds, prev.end + 1, span.start)


def _drop_minor_leaders(lines: list[str], kinds: list[str], spans: list[_Span]) -> list[_Span]:
    """Drop short headline-less prose runs that come before the main story.

    On a saved page, a cookie notice, a photo caption or a teaser often reads as
    prose and precedes the story. A run is dropped only when it has no headline
    of its own, is under ``MINOR_WORDS`` and the longest story is at least
    ``MINOR_RATIO`` times longer; its lines are then reported as removed with the
    next story's header. Related stories after the main one are kept: they have
    their own headlines.
    """
    if len(spans) < 2:
        return spans
    main = max(range(len(spans)), key=lambda k: spans[k].words)
    kept: list[_Span] = []
    for k, span in enumerate(spans):
        minor = (
            k < main
            and span.words < MINOR_WORDS
            and span.words * MINOR_RATIO <= spans[main].words
            and not _is_story(lines, kinds, kept[-1].end + 1 if kept else 0, span.start)
        )
        if not minor:
            kept.append(span)
    return kept


def _is_story(lines: list[str], kinds: list[str], floor: int, start: int) -> bool:
    """A headline with story metadata (byline, date, outlet, time stamp) above it.

    A headline alone is not enough before the main story: the page title at the
    top of a saved page sits above the cookie notice that follows it.
    """
    if not _has_headline(lines, kinds, floor, start):
        return False
    top = _header_start(lines, kinds, floor, start)
    return any(
        kinds[i] in (BYLINE, BOUNDARY) or (lines[i] and _dated(lines[i]))
        for i in range(top, start)
    )


def _dated(line: str) -> bool:
    return bool(fx.find_date(line)) and fx.word_count(line) <= 12


def _has_headline(lines: list[str], kinds: list[str], floor: int, start: int) -> bool:
    # Nearer than the general lookback: a headline sits right above its story
    # (at most a byline, a date and an outlet label between), whereas a menu
    # item ten lines up says nothing about this run.
    top = _header_start(lines, kinds, floor, start)
    near = [i for i in range(top, start) if lines[i]][-NEAR_HEADLINE:]
    shaped = [kinds[i] == SHORT and _headline(lines[i]) for i in near]
    for k, is_headline in enumerate(shaped):
        # Headline-shaped lines next to each other are a list of links.
        listed = (k > 0 and shaped[k - 1]) or (k + 1 < len(shaped) and shaped[k + 1])
        if is_headline and not listed:
            return True
    return False


# ---------------------------------------------------------------- header and trailer


def _header_start(lines: list[str], kinds: list[str], floor: int, start: int) -> int:
    """First line of the header above a story starting at ``start``.

    Walks up over metadata-looking lines (title, byline, stamps, outlet labels,
    short labels) and stops at prose, a "related" heading or a copyright line,
    which belong to what came before.
    """
    i = start
    seen = 0
    while i > floor and seen < HEADER_LOOKBACK:
        line = lines[i - 1]
        if kinds[i - 1] == PROSE or fx.is_related_heading(line) or fx.is_copyright(line):
            break
        i -= 1
        seen += kinds[i] != BLANK
    return i


@dataclass
class _Meta:
    title: str = ""
    byline: str = ""
    source: str = ""
    published: str = ""
    used: set[int] = field(default_factory=set)


def _read_header(lines: list[str], kinds: list[str], rows: range) -> _Meta:
    meta = _Meta()
    for i in reversed(rows):  # nearest to the story first: that is where headlines sit
        line = lines[i]
        if not line:
            continue
        if not meta.title and kinds[i] == SHORT and _headline(line):
            meta.title = line
            meta.used.add(i)
        _read_meta_line(meta, line, kinds[i], i, rows, lines)
    return meta


def _headline(line: str) -> bool:
    # A date line ("March 3, 2030", "Updated 9:14 am, Friday") is shaped like a
    # short headline but is metadata.
    dated = bool(fx.find_date(line)) and fx.word_count(line) <= 8
    return fx.is_title_like(line) and not dated


def _read_meta_line(
    meta: _Meta, line: str, kind: str, i: int, rows: range, lines: list[str]
) -> None:
    if kind == BYLINE and not meta.byline:
        byline = fx.parse_byline(line)
        if byline:
            meta.byline = byline.name
            meta.source = meta.source or byline.outlet
    outlet = fx.outlet_label(line)
    if outlet and not meta.source:
        meta.source = outlet
    if fx.is_relative_time(line) and i - 1 in rows and not meta.source:
        # Aggregators print "Outlet" on the line above "20 minutes ago".
        above = lines[i - 1]
        if above and fx.word_count(above) <= 6 and not fx.is_prose(above):
            meta.source = above
    if fx.is_copyright(line) and not meta.source:
        meta.source = fx.copyright_holder(line)
    if not meta.published and fx.word_count(line) <= 15:
        meta.published = fx.find_date(line)


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
