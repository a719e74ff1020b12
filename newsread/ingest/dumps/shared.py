"""What every step of the dump parser shares: its tuning, the kinds of line, the records."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsread.model import Cut

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
#: Fewest words of a run that resumes a story on its own (see ``_merge_continuations``).
RESUME_WORDS = 30
#: A teaser's line after a box is shorter than this (see ``_merge_continuations``).
TEASER_WORDS = 15
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
    #: Everything cut, with its reason and place, in body order: the pieces
    #: of ``removed``.
    cuts: list[Cut] = field(default_factory=list)


@dataclass
class _Span:
    """A story's lines: [start, end] are the first and last prose line indexes."""

    start: int
    end: int
    words: int = 0
    #: Lines inside the span that are not story text: a related-links box or a
    #: gallery that a continuation was merged across.
    drop: set[int] = field(default_factory=set)
