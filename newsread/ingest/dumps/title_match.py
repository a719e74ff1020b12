"""Which story the page's title bar names, when no headline repeats it word for word.

A saved page opens with its title bar, and the page is about the story that
bar names. ``stories._titled_story`` finds that story when its headline is
printed as the bar has it; but sites often word the headline on the page
differently from the one in the title bar ("Video shows dramatic rescue of
kidnapped girl" under "Michael Webb: Dramatic video shows rescue of ..."),
and then a block of teasers, a video list or another story that the page set
above the main one would be taken for it. The story the bar names shares its
words: its headline and opening paragraphs use most of them, a teaser block
few.
"""

from __future__ import annotations

import re

from newsread.ingest import furniture as fx
from newsread.ingest.dumps.shared import ParsedArticle

#: Words shorter than this say little about what a story is about ("the", "of").
CONTENT_LETTERS = 4
#: Opening paragraphs of a story read beside its headline.
OPENING_PARAGRAPHS = 2
#: How much better a later story must match the title bar: at least twice the
#: first story's share of its words, plus this.
MARGIN = 0.1
#: A later story smaller than this share of the first one is a teaser of it,
#: however well its headline matches.
LEAST_SIZE = 0.5

#: Most words of a page's title bar: a headline and the site's name.
TITLE_BAR_WORDS = 30

_WORD = re.compile(r"\w+")


def is_title_bar(line: str) -> bool:
    """A dump's first line that can be the page's title bar: a headline and
    the site's name, at most one sentence; a cookie banner opening a copy
    is a paragraph of several."""
    shape = fx.line_shape(line)
    return 0 < shape.words <= TITLE_BAR_WORDS and shape.sentence_marks <= 1


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) >= CONTENT_LETTERS}


def title_share(title_bar: str, article: ParsedArticle) -> float:
    """Share of the title bar's words that the story's headline and opening use."""
    named = _content_words(title_bar)
    if not named:
        return 0.0
    opening = "\n".join(article.body.split("\n\n")[:OPENING_PARAGRAPHS])
    # The first story may have read the title bar itself as its headline.
    headline = "" if article.title == title_bar else article.title
    return len(named & _content_words(f"{headline}\n{opening}")) / len(named)


def named_story(title_bar: str, articles: list[ParsedArticle]) -> int:
    """Index of the story the title bar names better than the first; 0 when none does.

    The first story stays unless a later one, not much smaller than it,
    matches the bar clearly better: the first is the main story on most
    pages, and a teaser echoing the headline is short.
    """
    if len(articles) < 2 or not title_bar:
        return 0
    shares = [title_share(title_bar, a) for a in articles]
    size = len(articles[0].body.split())
    better = [
        k
        for k in range(1, len(articles))
        if shares[k] >= 2 * shares[0] + MARGIN
        and len(articles[k].body.split()) >= LEAST_SIZE * size
    ]
    return max(better, key=lambda k: shares[k], default=0)
