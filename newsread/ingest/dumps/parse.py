"""``parse_dump``: the steps in order, from the lines of a dump to its cleaned articles."""

from __future__ import annotations

import re

from newsread.ingest.dumps.assembly import _build, _page_title
from newsread.ingest.dumps.glued import split_glued
from newsread.ingest.dumps.header import _header_start
from newsread.ingest.dumps.openings import _skip_summary_boxes
from newsread.ingest.dumps.shared import MIN_ARTICLE_WORDS, MIN_BRIEF_WORDS, ParsedArticle
from newsread.ingest.dumps.spacing import halve_blanks
from newsread.ingest.dumps.stories import (
    _drop_comments,
    _drop_copies,
    _drop_minor_leaders,
    _mark_attributions,
    _mark_bullet_lists,
    _mark_credited_captions,
    _mark_link_blocks,
    _mark_media_durations,
    _mark_repeats,
    _mark_teaser_boxes,
    _mark_teaser_runs,
    _mark_widget_labels,
    _merge_continuations,
    _repeated_labels,
    _spans,
    _start_at_dateline,
    _take_closing_lines,
    _titled_story,
    classify,
)
from newsread.ingest.dumps.title_match import is_title_bar, named_story
from newsread.ingest.dumps.unwrap import unwrap
from newsread.ingest.furniture import reasons as why

#: Unicode spaces other than the plain one: no-break, thin, figure, ideographic.
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
#: A line of nothing but invisible format characters (zero-width space and
#: joiners, word joiner, byte-order mark): an editor's empty paragraph, which
#: ``str.strip`` keeps as text and would part a story like a paragraph.
_INVISIBLE = "\u200b-\u200d\u2060\ufeff"
_INVISIBLE_LINE = re.compile(f"^[ \t]*[{_INVISIBLE}][ \t{_INVISIBLE}]*$", re.MULTILINE)


def parse_dump(text: str) -> list[ParsedArticle]:
    """Split a plain-text dump into cleaned articles; [] when it holds no story."""
    # A page copied from a browser keeps its non-breaking spaces, which the
    # line rules (written with plain spaces) would not see as spaces.
    text = _SPACES.sub(" ", text).replace("\r\n", "\n").replace("\r", "\n")
    raw = _INVISIBLE_LINE.sub("", text).split("\n")
    lines = [line.strip() for line in unwrap(halve_blanks(raw))]
    kinds = [classify(line) for line in lines]
    _mark_bullet_lists(lines, kinds)
    # Why a line marked furniture by its context was cut (the line alone says nothing).
    notes = dict.fromkeys(_mark_teaser_runs(lines, kinds), why.TEASERS)
    notes.update(dict.fromkeys(_mark_link_blocks(lines, kinds), why.RELATED))
    notes.update(dict.fromkeys(_mark_teaser_boxes(lines, kinds), why.TEASERS))
    notes.update(dict.fromkeys(_mark_repeats(lines, kinds), why.REPEATED))
    notes.update(dict.fromkeys(_mark_credited_captions(lines, kinds), why.PHOTO_CAPTION))
    notes.update(_mark_widget_labels(lines, kinds))
    notes.update(dict.fromkeys(_mark_media_durations(lines, kinds), why.VIDEO_LINK))
    _mark_attributions(lines, kinds)
    # Merge before the size filter: a story's first paragraph may be short on
    # its own when a related-links box follows it.
    merged = _merge_continuations(lines, kinds, split_glued(lines, kinds, _spans(lines, kinds)))
    spans = [s for s in merged if s.words >= MIN_ARTICLE_WORDS]
    if not spans and merged:
        # A pasted brief is shorter than any story on a scraped page; with no
        # page-sized story present, its largest run of prose is the article.
        largest = max(merged, key=lambda s: s.words)
        if largest.words >= MIN_BRIEF_WORDS:
            spans = [largest]
    spans = _drop_minor_leaders(lines, kinds, spans)
    # Copies first: a copy printed under the comment thread is still the
    # story's, and its lines are then known for what they are.
    spans, copied, copies = _drop_copies(lines, kinds, spans)
    spans = _drop_comments(lines, spans, _titled_story(lines, kinds, spans))
    notes.update(dict.fromkeys(copied, why.REPEATED))
    _start_at_dateline(lines, kinds, spans)
    _take_closing_lines(lines, kinds, spans)
    notes.update(dict.fromkeys(_skip_summary_boxes(lines, kinds, spans), why.SUMMARY))
    for span in spans:
        repeated = _repeated_labels(lines, kinds, span, copies)
        span.drop.update(repeated)
        notes.update(dict.fromkeys(repeated, why.REPEATED))
    articles: list[ParsedArticle] = []
    for k, span in enumerate(spans):
        floor = spans[k - 1].end + 1 if k else 0
        header_start = _header_start(lines, kinds, floor, span.start)
        next_start = spans[k + 1].start if k + 1 < len(spans) else len(lines)
        ceiling = _header_start(lines, kinds, span.end + 1, next_start)
        if k + 1 == len(spans):
            ceiling = len(lines)
        leading = range(0 if k == 0 else header_start, span.start)
        trailer = range(span.end + 1, ceiling)
        articles.append(_build(lines, kinds, span, leading, trailer, notes))
    main = _titled_story(lines, kinds, spans)
    if not main and spans:
        bar = _page_title(lines, spans[0].start)
        if bar and is_title_bar(bar):
            main = named_story(bar, articles)
    if main:
        # The main story first (the contract's order), the others as they stood.
        articles.insert(0, articles.pop(main))
    return articles
