"""Finding the stories: each line classified, stories as runs of prose, page parts dropped."""

from __future__ import annotations

import re
from collections import Counter

from newsread.ingest import furniture as fx
from newsread.ingest.dumps.glued import goes_on, is_glued_headline
from newsread.ingest.dumps.header import _header_start, _headline
from newsread.ingest.dumps.shared import (
    BLANK,
    BOUNDARY,
    BYLINE,
    FURNITURE,
    GOOD_QUALITY,
    HEADER_LOOKBACK,
    MAX_GAP,
    MIN_ARTICLE_WORDS,
    MINOR_RATIO,
    MINOR_WORDS,
    NEAR_HEADLINE,
    PROSE,
    REPEAT_WORDS,
    RESUME_LINES,
    RESUME_WORDS,
    SHORT,
    TEASER_WORDS,
    _Span,
)
from newsread.ingest.furniture import reasons as why

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


def wording_reason(text: str, outlets: bool = True) -> str:
    """Why a line is page furniture by its wording alone: the rule ``classify``
    finds it by, tried in the same order (see ``furniture.reasons``); "" when
    none does. ``outlets``: an outlet label ("Reuters") counts too (a page's
    blocks leave those to the markup)."""
    if fx.is_copyright(text):
        return why.COPYRIGHT
    if fx.is_related_heading(text):
        return why.RELATED
    if fx.is_relative_time(text):
        return why.TIME_AGO
    if fx.is_comment_mark(text):
        return why.COMMENTS
    if outlets and fx.outlet_label(text):
        return why.OUTLET
    if fx.is_stamp(text):
        return why.DATE_STAMP
    if fx.parse_byline(text):
        return why.BYLINE
    return fx.furniture_reason(text)


def line_reason(line: str) -> str:
    """Why a boundary, byline or furniture line is not story text."""
    return wording_reason(line) or why.LABEL


def _mark_teaser_runs(lines: list[str], kinds: list[str]) -> list[int]:
    """Lines cut off with an ellipsis, two or more in a row, are a teaser list.

    One such line alone may be a writer's style ("Here's the thing …").
    Returns the lines marked.
    """
    filled = [i for i, line in enumerate(lines) if line]  # blank lines between do not count
    cut = [fx.is_cut_teaser(lines[i]) for i in filled]
    marked: list[int] = []
    for k, is_cut in enumerate(cut):
        if is_cut and ((k > 0 and cut[k - 1]) or (k + 1 < len(cut) and cut[k + 1])):
            kinds[filled[k]] = FURNITURE
            marked.append(filled[k])
    return marked


#: Fewest lines of a block read as a list of links (see ``_mark_link_blocks``).
LINK_BLOCK_LINES = 3
#: Most words of a sentence-shaped line taken for a link in such a block.
LINK_BLOCK_WORDS = 25


def _mark_link_blocks(lines: list[str], kinds: list[str]) -> list[int]:
    """A short sentence among a block of labels is one more link of the list.

    A flattened page keeps a list's items on lines of their own with no blank
    line between them: one block. A block of ``LINK_BLOCK_LINES`` lines or
    more, two thirds of them labels (short lines), is a menu or a list of
    links; a headline in it that ends like a sentence ("Will it rain?", a
    teaser's quote) reads as prose but is a link too. A story's paragraphs
    make blocks of prose. A sentence opening the block right under a
    paragraph of prose introduces a list the story gives ("New in this
    version!" over its items) and stays. Returns the lines marked.
    """
    blocks: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        if line:
            blocks[-1].append(i)
        elif blocks[-1]:
            blocks.append([])
    marked: list[int] = []
    for block in blocks:
        labels = sum(kinds[i] == SHORT for i in block)
        if len(block) < LINK_BLOCK_LINES or labels * 3 < len(block) * 2:
            continue
        above = next((j for j in range(block[0] - 1, -1, -1) if lines[j]), -1)
        lead_in = above >= 0 and kinds[above] == PROSE
        running = _running_text(lines, kinds, block)
        for i in block[1:] if lead_in else block:
            if i in running:
                continue
            if kinds[i] == PROSE and fx.word_count(lines[i]) <= LINK_BLOCK_WORDS:
                kinds[i] = FURNITURE
                marked.append(i)
    return marked


#: Most lines under the heading of a one-teaser box (see ``_mark_teaser_boxes``):
#: the teaser's headline, its blurb and a credit or kicker.
TEASER_BOX_BLOCK = 3
#: Most words of a teaser's blurb in such a box.
TEASER_BLURB_WORDS = 40


def _mark_teaser_boxes(lines: list[str], kinds: list[str]) -> list[int]:
    """A sentence in a "Read more" box's block is the teaser's blurb.

    A box set into a story flattens to one block: its heading ("READ MORE"),
    the linked story's headline and often a sentence of it, with no blank
    line between them; the story goes on in a block of its own. The blurb
    reads as prose and would open the resumed story. A story's own paragraph
    is not set tight under such a heading in a block of a few lines (a copy
    that lost all its blank lines makes one long block, which this leaves
    alone). Returns the lines marked.
    """
    marked: list[int] = []
    for i, line in enumerate(lines):
        if not fx.is_related_heading(line) or (i > 0 and lines[i - 1]):
            continue
        end = i + 1
        while end < len(lines) and lines[end]:
            end += 1
        box = range(i + 1, end)
        if not box or len(box) > TEASER_BOX_BLOCK:
            continue
        for j in box:
            if kinds[j] == PROSE and fx.word_count(lines[j]) <= TEASER_BLURB_WORDS:
                kinds[j] = FURNITURE
                marked.append(j)
    return marked


def _running_text(lines: list[str], kinds: list[str], block: list[int]) -> set[int]:
    """The lines of a block that stand in a run of prose: paragraphs in a row.

    A copy that lost its blank lines runs the whole page into one block, the
    story's paragraphs among the menus and link lists. A link's sentence
    stands alone among labels, or beside one more ("Will it rain?" over "Is
    it over?"); paragraphs in a row, two or more with more words between
    them than one link's sentence may have (``RUN_WORDS``), are running text.
    """
    running: set[int] = set()
    run: list[int] = []
    for i in [*block, -1]:
        if i >= 0 and kinds[i] == PROSE and (not run or run[-1] == i - 1):
            run.append(i)
            continue
        if len(run) >= 2 and sum(fx.word_count(lines[j]) for j in run) >= RUN_WORDS:
            running.update(run)
        run = [i] if i >= 0 and kinds[i] == PROSE else []
    return running


#: Fewest words of a run of prose lines in a block read as running text
#: (measured on dev copies without blank lines: 20-25 alike, 30 loses a short intro).
RUN_WORDS = LINK_BLOCK_WORDS


def _mark_repeats(lines: list[str], kinds: list[str]) -> list[int]:
    """Prose that occurs more than once on a page is page furniture.

    Teasers, captions and promos repeat (a slideshow, a sticky header, the
    same box at top and bottom); a story's own paragraphs do not. Short lines
    may repeat inside a story (recipe quantities, list labels), so only lines of
    ``REPEAT_WORDS`` words or more count. Returns the lines marked.
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
        return []
    twice = {i for i, line in enumerate(lines) if kinds[i] == PROSE and seen[line] > 1}
    repeats = [i for i in repeats if i not in _first_copies(lines, kinds, twice)]
    for i in repeats:
        kinds[i] = FURNITURE
    return repeats


#: Fewest paragraphs in a row, each repeated later on the page, that make a
#: copied passage (see ``_first_copies``).
COPY_RUN = 3


def _first_copies(lines: list[str], kinds: list[str], repeats: set[int]) -> set[int]:
    """The first print of each passage the page prints twice.

    A story printed twice (a print or phone layout of it on the same page)
    is ``COPY_RUN`` paragraphs or more in a row, each repeated later; its
    first print is the story and the later one the copy. A caption or a
    promo repeats alone, among lines of its own.
    """
    first: set[int] = set()
    seen: set[str] = set()
    run: list[int] = []
    for i in [*sorted(repeats), -1]:
        fresh = i >= 0 and lines[i] not in seen
        if fresh and (not run or _next_prose(kinds, run[-1]) == i):
            run.append(i)
            seen.add(lines[i])
            continue
        if len(run) >= COPY_RUN:
            first.update(run)
        run = [i] if fresh else []
        if fresh:
            seen.add(lines[i])
    return first


def _next_prose(kinds: list[str], i: int) -> int:
    return next((j for j in range(i + 1, len(kinds)) if kinds[j] == PROSE), -1)


#: Most times a short line may occur on the page and still be cut as a
#: duplicated link (see ``_repeated_labels``).
LINK_REPEATS = 3


def _repeated_labels(
    lines: list[str], kinds: list[str], span: _Span, copies: set[int] = frozenset()
) -> list[int]:
    """Short lines inside a story that occur two or three times on the page.

    A teaser box shows each linked story twice (the picture's link and the
    headline's), a sidebar may show it again; a story's own sub-headings occur
    once. A label the story itself repeats through a list ("Serves 4", a
    shop link under every product, a separator) occurs many more times, so
    only lines seen at most ``LINK_REPEATS`` times count. Runs after the
    stories are found: the page's headline, printed in the title bar and again
    above the story, lies outside every story and keeps its role there.
    A second print of the story (``copies``: its lines) repeats every one of
    its sub-headings and list items, so what it prints is not counted.
    Returns the lines to drop.
    """
    seen = Counter(line for i, line in enumerate(lines) if line and i not in copies)
    return [
        i
        for i in range(span.start, span.end + 1)
        if kinds[i] == SHORT and 2 <= seen[lines[i]] <= LINK_REPEATS
    ]


#: Longest line taken for the caption of a photo credit below it.
CAPTION_WORDS = 60


def _mark_credited_captions(lines: list[str], kinds: list[str]) -> list[int]:
    """The line right above a bare photo credit is that photo's caption.

    A page flattened to text keeps a photo as its caption followed by its
    credit ("Jo Roe | Agency"); the credit is furniture by its shape, and the
    caption above it reads as prose but describes the picture, not the story.
    Labelled credits ("Image copyright ...") come before their caption instead.
    The caption is set tight above its credit: across a blank line, above a
    credit that stands alone (a picture with no caption), is the story's
    paragraph. Returns the lines marked.
    """
    marked: list[int] = []
    for i in range(len(lines) - 1):
        below = i + 1
        if (
            kinds[i] == PROSE
            and fx.word_count(lines[i]) <= CAPTION_WORDS
            and fx.is_credit_line(lines[below], labelled=False)
        ):
            kinds[i] = FURNITURE
            marked.append(i)
    return marked


#: Most words of a widget's label or button (see ``_mark_widget_labels``).
WIDGET_LABEL_WORDS = 8


def _mark_widget_labels(lines: list[str], kinds: list[str]) -> dict[int, str]:
    """A short line set tight against a page widget is the widget's own label.

    A cookie banner comes with its button ("Accept"), a newsletter box with
    its heading ("Get our morning briefing"): flattened, each is a short line
    in the same block as the widget's text, which the furniture rules know.
    A story's sub-heading stands in a block of its own or above its
    paragraph; a short line touching no prose line but a widget's text (a
    sentence or two, longer than any label: a lone "Advertisement" label
    set into a list takes no item with it) is the widget's. Returns the
    lines marked, each with its widget's reason.
    """
    marked: dict[int, str] = {}
    for i, line in enumerate(lines):
        if kinds[i] != SHORT or fx.word_count(line) > WIDGET_LABEL_WORDS:
            continue
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(lines) and lines[j]]
        widgets = [
            j
            for j in near
            if kinds[j] == FURNITURE
            and j not in marked
            and fx.word_count(lines[j]) > WIDGET_LABEL_WORDS
        ]
        if widgets and not any(kinds[j] == PROSE for j in near):
            marked[i] = wording_reason(lines[widgets[0]]) or why.LABEL
    for i in marked:
        kinds[i] = FURNITURE
    return marked


# A video's or a recording's pointer: "WATCH: ...", "Video: ...", "Listen".
_MEDIA_POINTER = re.compile(r"^(?:watch|video|listen|play)\b", re.IGNORECASE)
# A duration or a clock time alone on a line: "01:24", "2:13", "12:30 pm".
_BARE_TIME = re.compile(r"^\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?$", re.IGNORECASE)


def _mark_media_durations(lines: list[str], kinds: list[str]) -> list[int]:
    """A bare time set tight under a video's pointer is its running time.

    A clock time alone on a line is a stamp, which no story runs across; but
    a video set into a story prints its title ("WATCH: ...") and its length
    ("01:24") one under the other, and the story goes on below it. Returns
    the lines marked.
    """
    marked: list[int] = []
    for i in range(1, len(lines)):
        above = lines[i - 1]
        if (
            kinds[i] == BOUNDARY
            and _BARE_TIME.match(lines[i])
            and kinds[i - 1] == FURNITURE
            and (_MEDIA_POINTER.match(above) or fx.furniture_reason(above) == why.VIDEO_LINK)
        ):
            kinds[i] = FURNITURE
            marked.append(i)
    return marked


def _mark_bullet_lists(lines: list[str], kinds: list[str]) -> None:
    """Lines opening with the same bullet, one under the other, are a list.

    An aggregator prints its source under each story as "- Outlet", which
    ``classify`` takes for a story's boundary; a menu or a story's list
    printed with bullets ("• Sports", "- Two eggs") has the same shape, but
    its items stand together, each right under the one before.
    """
    for i, line in enumerate(lines):
        if kinds[i] != BOUNDARY or not fx.outlet_label(line):
            continue
        near = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        if any(other[:1] == line[:1] for other in near):
            kinds[i] = SHORT


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
            kinds[j] == PROSE and fx.line_quality(lines[j]) >= GOOD_QUALITY for j in (before, after)
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
        if kind not in (BLANK, FURNITURE):
            # A widget set into the list (an advert's label, a share bar)
            # does not end it.
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
        elif kind != BLANK and not _slot_widget(lines[i], kind):
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

    A resumed story goes on for a paragraph or more: a run of fewer than
    ``RESUME_WORDS`` words after a box is the box's own blurb (a teaser's
    summary, a promo, a footer note), unless a larger run resumes the story
    after it, which makes it story text between two boxes. A run of teasers
    is never the story resumed: short lines after a box, each a headline
    ("Will it rain?") or cut off with an ellipsis, are the box's, and a later
    run that resumes the story leaves them out.

    A date stamp ("20 Nov 2030 08:00 GMT") is never crossed: a page prints it
    between a headline's standfirst and the story, or under a teaser after
    the story. A short run before a stamp, when the larger run after it has
    no headline of its own, is that story's standfirst (or the caption of its
    photo): it is left out, and the story starts after the stamp.
    """
    merged: list[_Span] = []
    # Small runs that would resume the story, held back until a larger one does.
    pending: list[_Span] = []
    # Runs of short sentences after a box: the box's teasers, never the story.
    aside: list[_Span] = []
    for span in spans:
        prev = pending[-1] if pending else merged[-1] if merged else None
        if prev is not None and not pending and _stands_first(lines, kinds, prev, span):
            merged.pop()
            merged.append(span)
        elif (
            prev is None
            or not _resumes(lines, kinds, prev, span)
            or _stamped_blurb(lines, kinds, prev, span)
        ):
            merged.extend(pending)
            pending = []
            merged.append(span)
        elif _teaser_run(lines, kinds, span):
            aside.append(span)
        elif span.words < RESUME_WORDS:
            pending.append(span)
        else:
            for part in [*pending, span]:
                _join(lines, kinds, merged[-1], part)
            pending = []
    merged.extend(pending)
    for span in aside:
        story = next((m for m in merged if m.start < span.start and span.end < m.end), None)
        if story is None:
            merged.append(span)
        else:
            story.drop |= set(range(span.start, span.end + 1))
    return sorted(merged, key=lambda s: s.start)


def _stamped_blurb(lines: list[str], kinds: list[str], prev: _Span, span: _Span) -> bool:
    """``span`` is the blurb of a teaser in a box after ``prev``, not the story
    resumed: one paragraph under a box's heading with a time stamp right
    under it ("3 hours ago"), as a list of other stories dates its items. A
    story that goes on under a box it was stopped by runs on past its first
    paragraph before any stamp. A stamp that names what happened then
    ("Updated 3:15 p.m.", "Published Nov. 19") closes the story itself, whose
    last paragraph may stand under a box."""
    if not any(fx.is_related_heading(lines[i]) for i in range(prev.end + 1, span.start)):
        return False
    if sum(kinds[i] == PROSE for i in range(span.start, span.end + 1)) != 1:
        return False
    after = next((i for i in range(span.end + 1, len(lines)) if lines[i]), -1)
    if after < 0 or _NAMED_STAMP.match(lines[after]):
        return False
    return fx.is_relative_time(lines[after]) or fx.is_stamp(lines[after])


_NAMED_STAMP = re.compile(r"(?:updated|published|posted|last\s+(?:updated|modified))\b", re.I)


def _teaser_run(lines: list[str], kinds: list[str], span: _Span) -> bool:
    """A run of teasers: every paragraph short and shaped like a headline or
    cut off with an ellipsis; a story's sentences end with a full stop."""
    return all(
        fx.word_count(lines[i]) < TEASER_WORDS
        and (fx.is_cut_teaser(lines[i]) or fx.is_title_like(lines[i]))
        for i in range(span.start, span.end + 1)
        if kinds[i] == PROSE
    )


def _join(lines: list[str], kinds: list[str], prev: _Span, span: _Span) -> None:
    between = range(prev.end + 1, span.start)
    # Under a box set tight under its heading, the story goes on: what stands
    # there (a sub-heading, a quoted verse) is read as the story's own lines.
    end = _tight_box_end(lines, between)
    prev.drop |= set(range(between.start, end if end >= 0 else between.stop)) | span.drop
    prev.drop -= {i for i in between if kinds[i] == PROSE}
    prev.end, prev.words = span.end, prev.words + span.words


def _resumes(lines: list[str], kinds: list[str], prev: _Span, span: _Span) -> bool:
    return _break(lines, kinds, prev, span) == "soft"


def _stands_first(lines: list[str], kinds: list[str], prev: _Span, span: _Span) -> bool:
    """``prev`` is the standfirst of the story ``span`` starts (see ``_merge_continuations``)."""
    return (
        not prev.drop
        and prev.words < MINOR_WORDS
        and prev.words < span.words
        and _break(lines, kinds, prev, span) == "stamp"
    )


def _break(lines: list[str], kinds: list[str], prev: _Span, span: _Span) -> str:
    """What lies between two runs of prose: "soft" (boxes, galleries: the story
    may resume), "stamp" (a date stamp, nothing harder) or "hard"."""
    if span.start - prev.end > RESUME_LINES:
        return "hard"
    between = range(prev.end + 1, span.start)
    hard = any(
        kinds[i] == BYLINE
        or fx.is_copyright(lines[i])
        or (kinds[i] == BOUNDARY and fx.outlet_label(lines[i]))
        or fx.is_relative_time(lines[i])
        or fx.is_comment_mark(lines[i])
        for i in between
    )
    # Only a story of its own size stops for a box: a standfirst above a
    # "Top stories" box is no story the teaser's blurb goes on.
    # A box's headline that the run under it restates is the next story's
    # ("More from Lindenport" over a story glued on), not a teaser's.
    boxed = (
        (prev.words >= MIN_ARTICLE_WORDS or _tight_box_end(lines, between) >= 0)
        and _teaser_box(lines, kinds, between)
        and not any(is_glued_headline(lines, kinds, i) for i in between)
    )
    # The story's own headline printed again (over its gallery, in a share
    # box) heads no new story.
    own = {lines[i] for i in range(_header_start(lines, kinds, 0, prev.start), prev.start)}
    if hard or (
        not boxed
        and _has_headline(lines, kinds, prev.end + 1, span.start, own)
        and not _subheading_past_box(lines, kinds, prev, span)
    ):
        return "hard"
    return "stamp" if any(fx.is_stamp(lines[i]) for i in between) else "soft"


#: Most lines of a box and the sub-heading under it: a widget's heading, its
#: few lines or buttons, the sub-heading. More is a page's next part (a list
#: of links, the share bar and the story printed again for another edition).
BOX_AND_SUBHEADING_LINES = 10


def _subheading_past_box(lines: list[str], kinds: list[str], prev: _Span, span: _Span) -> bool:
    """The headline-shaped line over ``span`` is a box's (a newsletter's
    sign-up, a "Read more" teaser) set into the story, with the story's
    sub-heading under it: the line right over the run is a short line not
    shaped as a headline, and the run goes on with the story's words
    (``glued.goes_on``).
    The box made the gap too long for the sub-heading to stay inside the
    run, as it does with no box above it."""
    between = range(prev.end + 1, span.start)
    filled = [i for i in between if lines[i]]
    if not filled or len(filled) > BOX_AND_SUBHEADING_LINES:
        return False
    # A sub-heading names a topic in a word or two ("Looking ahead"); a line
    # shaped as a headline right over the run heads a story of its own.
    if kinds[filled[-1]] != SHORT or _headline(lines[filled[-1]]):
        return False
    if not any(kinds[i] == FURNITURE or fx.is_related_heading(lines[i]) for i in between):
        return False
    above = " ".join(lines[i] for i in range(prev.start, prev.end + 1) if kinds[i] == PROSE)
    below = " ".join(lines[i] for i in range(span.start, span.end + 1) if kinds[i] == PROSE)
    return goes_on(above, below)


#: Most lines under a "Read more" heading in a box set into a story: a
#: teaser's headline and its credit or kicker.
TEASER_BOX_LINES = 2


def _teaser_box(lines: list[str], kinds: list[str], between: range) -> bool:
    """The lines end with a "Read more" box of one teaser set into a story.

    A story may stop for a box ("READ MORE" over one teaser's headline) and
    go on under it: the headline is the link's, not a new story's. A list of
    links under a "Related" heading after a story runs longer, and the page
    goes on with other stories. Widgets (captions, adverts) under the box say
    nothing either way and are not counted. A box set tight under its heading
    (its headline and blurb in one block) ends at the blank line after it:
    what lies below is read as if the box were not there, the story's
    sub-heading or the rest of a box above it.
    """
    headings = [i for i in between if fx.is_related_heading(lines[i])]
    if not headings:
        return False
    heading = headings[-1]
    end = _tight_box_end(lines, between)
    if end >= 0 and len(headings) > 1:
        heading = headings[-2]
    skip = set(headings) | set(range(headings[-1], max(end, 0)))
    under = [
        i
        for i in range(heading + 1, between.stop)
        if lines[i] and kinds[i] != FURNITURE and i not in skip
    ]
    # A teaser box shows each link twice (the picture's and the headline's).
    return len({lines[i] for i in under}) <= TEASER_BOX_LINES


def _tight_box_end(lines: list[str], between: range) -> int:
    """Where a one-teaser box set tight under the last related heading in
    ``between`` ends (the blank line after its block); -1 when there is none.

    The box is its heading's block: at most ``TEASER_BOX_LINES`` lines (a
    headline and a blurb) and a blank line after them, before the story goes
    on.
    """
    heading = max((i for i in between if fx.is_related_heading(lines[i])), default=-1)
    if heading < 0:
        return -1
    end = next((i for i in range(heading + 1, between.stop) if not lines[i]), between.stop)
    return end if 0 < end - heading - 1 <= TEASER_BOX_LINES and end < between.stop else -1


def _drop_minor_leaders(lines: list[str], kinds: list[str], spans: list[_Span]) -> list[_Span]:
    """Drop short headline-less prose runs that come before the main story.

    On a saved page, a cookie notice, a photo caption or a teaser often reads as
    prose and precedes the story. A run is dropped only when it has no headline
    of its own, is under ``MINOR_WORDS`` and the longest story is at least
    ``MINOR_RATIO`` times longer; its lines are then reported as removed with the
    next story's header. Related stories after the main one are kept: they have
    their own headlines. A run right under a box's heading ("Most read", "Top
    stories") is a teaser's blurb and goes when it is merely smaller than the
    main story: with no title bar to name the story, a long blurb in a box
    above a short story would otherwise come first.
    """
    if len(spans) < 2:
        return spans
    main = max(range(len(spans)), key=lambda k: spans[k].words)
    kept: list[_Span] = []
    for k, span in enumerate(spans):
        floor = kept[-1].end + 1 if kept else 0
        # A teaser's blurb under a box's heading ("Most read") is the box's
        # however near the story's size it comes.
        ratio = 1 if _under_box_heading(lines, kinds, floor, span.start) else MINOR_RATIO
        minor = (
            k < main
            and span.words < MINOR_WORDS
            and span.words * ratio <= spans[main].words
            and not _is_story(lines, kinds, floor, span.start)
        )
        if not minor:
            kept.append(span)
    return kept


def _under_box_heading(lines: list[str], kinds: list[str], floor: int, start: int) -> bool:
    """The header of a run starting at ``start`` stands right under a box's heading."""
    above = _header_start(lines, kinds, floor, start) - 1
    while above >= floor and not lines[above]:
        above -= 1
    return above >= floor and fx.is_related_heading(lines[above])


def _drop_comments(lines: list[str], spans: list[_Span], main: int) -> list[_Span]:
    """Drop the runs of prose under a reader comment thread after the main story.

    A saved blog or news page ends with its readers' comments, each long
    enough to pass for a story; they are no article. The thread opens with a
    line only a thread prints (``opens_comment_thread``), and what follows it
    is comments, the reply form and the page's footer: the lines go to the
    main story's trailer, where ``_trailing`` names them comments.
    """
    if main + 1 >= len(spans):
        return spans
    start = next(
        (
            i
            for i in range(spans[main].end + 1, spans[-1].start)
            if fx.opens_comment_thread(lines[i])
        ),
        len(lines),
    )
    return [span for k, span in enumerate(spans) if k <= main or span.start < start]


#: Share of a run's word 4-grams found in one run before it that makes it a
#: copy of that run (see ``_drop_copies``).
COPY_SHARE = 0.8


def _drop_copies(
    lines: list[str], kinds: list[str], spans: list[_Span]
) -> tuple[list[_Span], list[int], set[int]]:
    """Drop runs of prose that repeat a story found earlier on the page.

    A saved page can hold its story more than once (a print view, a second
    layout for phones, a reader-mode copy): each copy is the same article, not
    another one. A run counts as a copy when ``COPY_SHARE`` of its word 4-grams
    are in one earlier run; a teaser quoting a story's opening is shorter than
    the story and keeps most of its words its own only when it adds to them.
    Returns the runs kept, the copies' prose lines, which join the trailer
    before them, and every line of the copies (``_repeated_labels`` does not
    count what a copy prints again).
    """
    kept: list[tuple[_Span, set[tuple[str, ...]]]] = []
    copied: list[int] = []
    rows: set[int] = set()
    for span in spans:
        prose = [i for i in range(span.start, span.end + 1) if kinds[i] == PROSE]
        grams = _grams(" ".join(lines[i] for i in prose))
        if grams and any(len(grams & seen) >= COPY_SHARE * len(grams) for _, seen in kept):
            copied.extend(prose)
            rows.update(range(span.start, span.end + 1))
            continue
        kept.append((span, grams))
    return [span for span, _ in kept], copied, rows


_GRAM_WORD = re.compile(r"\w+")


def _grams(text: str) -> set[tuple[str, ...]]:
    words = _GRAM_WORD.findall(text.lower())
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


# A dateline printed as a line of its own: a place in capitals and its
# country or state ("EASTPOINT, MAINE", "BAAR, SWITZERLAND").
_DATELINE_LINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,30}, [A-Z][A-Za-z.'’ -]{1,30}$")


def _start_at_dateline(lines: list[str], kinds: list[str], spans: list[_Span]) -> None:
    """A story whose dateline stands on a line of its own starts there.

    Press releases print a standfirst (a summary in one paragraph) between
    the headline and the story, and the story opens with its dateline: when
    such a line ("BAAR, SWITZERLAND") stands alone between a story's first
    two paragraphs, the first is the standfirst and is left out.
    """
    for span in spans:
        prose = [i for i in range(span.start, span.end + 1) if kinds[i] == PROSE][:2]
        if len(prose) < 2:
            continue
        between = [i for i in range(prose[0] + 1, prose[1]) if lines[i]]
        if (
            len(between) == 1
            and kinds[between[0]] == SHORT
            and fx.word_count(lines[between[0]]) <= 6
            and _DATELINE_LINE.match(lines[between[0]])
        ):
            span.words -= fx.word_count(lines[prose[0]])
            span.start = between[0]


# A short line that ends a sentence ("That's correct," she said.): a full stop
# or "!" and closing quotes, not an ellipsis; a question after a story is the
# page's ("Have a tip?").
_CLOSING_LINE = re.compile(r"(?<!\.\.)[.!][\"'”’)\]]*$")


def is_closing_line(line: str) -> bool:
    """A short line that ends a sentence: a story's last words, not a label."""
    return fx.word_count(line) >= 2 and bool(_CLOSING_LINE.search(line)) and not line.endswith("…")


def _take_closing_lines(lines: list[str], kinds: list[str], spans: list[_Span]) -> None:
    """A story's last sentence, when short, is story text.

    A story ends at its last line of prose, and short lines after it are the
    page's labels and links; but a story may close on a sentence of a few
    words ("Thanks, Jo!", a one-line answer in quotes). The line right after a
    story's last paragraph that ends like a sentence, with a full stop or
    "!", is taken into the story; a label or link does not end so.
    """
    for span in spans:
        after = next((i for i in range(span.end + 1, len(lines)) if lines[i]), -1)
        if after >= 0 and kinds[after] == SHORT and is_closing_line(lines[after]):
            span.end = after
            span.words += fx.word_count(lines[after])


def _titled_story(lines: list[str], kinds: list[str], spans: list[_Span]) -> int:
    """Index of the story a saved page is about, by its headline; 0 when unsure.

    A whole page saved as text opens with the page's title bar, which repeats
    the main story's headline; the page prints the headline again just above
    that story. Teasers, promos and notices before the story have headlines of
    their own, which the title bar does not carry. Only when the first story's
    header does not repeat the title bar and a later one's does is the later
    one the main story. A run ``MINOR_RATIO`` times smaller than the first
    is no such story: a list of links beside the story may hold the story's
    own headline, over another story's teaser and its blurb.
    """
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    titled = [
        k
        for k, span in enumerate(spans)
        if first < span.start
        and span.words * MINOR_RATIO > spans[0].words
        and _repeats_title(lines, lines[first], first + 1, span)
    ]
    return titled[0] if titled and titled[0] > 0 else 0


def _repeats_title(lines: list[str], title: str, floor: int, span: _Span) -> bool:
    # The headline stands in the header, or opens the run of prose when it
    # ends like a sentence ("... They might be.", "Will it rain?"); a caption
    # or notice between it and the story may have been read as a story of its
    # own, so the look back does not stop at the story before.
    near = [i for i in range(floor, span.start) if lines[i]][-HEADER_LOOKBACK:]
    return any(
        fx.word_count(lines[i]) >= TITLE_WORDS and lines[i] in title for i in [*near, span.start]
    )


#: Fewest words of a line taken for the headline the page's title bar repeats.
TITLE_WORDS = 3


def _is_story(lines: list[str], kinds: list[str], floor: int, start: int) -> bool:
    """A headline with story metadata (byline, date, outlet, time stamp) above it.

    A headline alone is not enough before the main story: the page title at the
    top of a saved page sits above the cookie notice that follows it.
    """
    if not _has_headline(lines, kinds, floor, start):
        return False
    top = _header_start(lines, kinds, floor, start)
    return any(
        kinds[i] in (BYLINE, BOUNDARY) or (lines[i] and _dated(lines[i])) for i in range(top, start)
    )


def _advert_label(line: str, kind: str) -> bool:
    return kind == FURNITURE and fx.furniture_reason(line) == why.ADVERT


#: An advert's slot labelled and nothing more: "Advertisement", "Ad", "Sponsored".
_AD_LABEL = re.compile(r"^(?:advertisement|ad|sponsored(?: content)?)$", re.IGNORECASE)


def _slot_widget(line: str, kind: str) -> bool:
    """A gallery's counter or button ("1 / 3", "Back to gallery") or an
    advert's label: what stands where a picture or an ad slot was, which
    parts the story no more than the picture or the ad does."""
    return kind == FURNITURE and (
        fx.furniture_reason(line) == why.GALLERY or bool(_AD_LABEL.match(line))
    )


def _dated(line: str) -> bool:
    return bool(fx.find_date(line)) and fx.word_count(line) <= 12


def _has_headline(
    lines: list[str], kinds: list[str], floor: int, start: int, repeats: set[str] | None = None
) -> bool:
    # Nearer than the general lookback: a headline sits right above its story
    # (at most a byline, a date and an outlet label between), whereas a menu
    # item ten lines up says nothing about this run.
    top = _header_start(lines, kinds, floor, start)
    filled = [i for i in range(top, start) if lines[i]]
    near = set(filled[-NEAR_HEADLINE:])
    # An advert's label can stand anywhere an ad slot was, among a box's links
    # too: the links either side of it are still one list. (A photo credit
    # is not skipped: it belongs to the next story's picture.)
    listing = [i for i in filled if not _advert_label(lines[i], kinds[i])]
    shaped = [kinds[i] == SHORT and _headline(lines[i]) for i in listing]
    # Only the nearest lines can be the headline, but whether one is listed
    # is read against the whole header: the first of the nearest lines may be
    # the last link of a list that starts above them.
    for k, i in enumerate(listing):
        # Headline-shaped lines next to each other are a list of links.
        listed = (k > 0 and shaped[k - 1]) or (k + 1 < len(shaped) and shaped[k + 1])
        if i in near and shaped[k] and not listed and lines[i] not in (repeats or set()):
            return True
    return False
