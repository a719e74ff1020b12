"""A second story glued on after the first: its headline over a lede that restates it.

A copy of a page often runs on past the story into the next one: a section
heading ("More from Lindenport", "Read next") or nothing at all, then the
next story's headline and its paragraphs. A story's own sub-headings and a
"Read more" box set into it look the same by shape (a short line between
paragraphs), but only a new story opens with a lede that says again what
its headline says: "Police arrest two after shop raid" over "Police
arrested two men on Thursday after a raid on a shop...". A sub-heading
names a topic in a word or two ("What happens next"), and a teaser's
headline in a box is about another story than the paragraph under it.
"""

from __future__ import annotations

import re

from newsread.ingest import furniture as fx
from newsread.ingest.dumps.header import _headline
from newsread.ingest.dumps.shared import PROSE, SHORT, _Span

#: Fewest content words of a headline read against the lede under it: a
#: sub-heading of two or three words says too little to tell.
HEADLINE_CONTENT = 4
#: Share of the headline's content words the lede must use.
RESTATED_SHARE = 0.6
#: Letters of a word compared: "arrest" and "arrested", "raid" and "raids".
STEM_LETTERS = 5
#: Words of the lede read: its first sentence or so.
LEDE_WORDS = 40
#: Words read after a single short line to tell the story going on from another.
SECTION_WORDS = 60
#: Share of those words' content stems the text above uses when the story goes
#: on under a sub-heading: a section shares the story's people, places and
#: subject (a fifth to a half of its stems on the dev pages with a
#: sub-heading set in), where a story glued on shares its town at most.
SAME_STORY_SHARE = 0.2

_WORD = re.compile(r"\w+")


def _stems(text: str) -> list[str]:
    return [
        w.lower()[:STEM_LETTERS]
        for w in _WORD.findall(text)
        if w.lower() not in fx.STOPWORDS and (len(w) >= 3 or w.isdigit())
    ]


def restates(headline: str, lede: str) -> bool:
    """The lede says again what the headline says: most of its content words."""
    named = set(_stems(headline))
    if len(named) < HEADLINE_CONTENT:
        return False
    used = set(_stems(" ".join(lede.split()[:LEDE_WORDS])))
    return len(named & used) >= RESTATED_SHARE * len(named)


def is_glued_headline(lines: list[str], kinds: list[str], i: int) -> bool:
    """Line ``i`` is the headline of a new story: the next prose paragraph is its lede."""
    if kinds[i] != SHORT or not _headline(lines[i]):
        return False
    lede = next((j for j in range(i + 1, len(lines)) if lines[j]), -1)
    return lede >= 0 and kinds[lede] == PROSE and restates(lines[i], lines[lede])


def goes_on(above: str, below: str) -> bool:
    """The text ``below`` a single short line is the same story as the text
    ``above`` it: its opening words use the story's words (``SAME_STORY_SHARE``
    of their content stems). A sub-heading's paragraph may say again what the
    sub-heading says, as a glued story's lede does its headline; only the
    glued story is about something else."""
    opening = set(_stems(" ".join(below.split()[:SECTION_WORDS])))
    return bool(opening) and len(opening & set(_stems(above))) >= SAME_STORY_SHARE * len(opening)


def _prose(lines: list[str], kinds: list[str], start: int, end: int) -> str:
    return " ".join(lines[i] for i in range(start, end + 1) if kinds[i] == PROSE)


_NUMBERED = re.compile(r"^\d+[.):]\s")


def split_glued(lines: list[str], kinds: list[str], spans: list[_Span]) -> list[_Span]:
    """Split a run of prose where a second story was glued on with no heading.

    Only a run with a single short line in it is read so: a story with
    sub-headings has several (a guide's numbered steps, a deals roundup's
    products), each over a paragraph that may well repeat it, and they are
    all the one story's. A numbered line is a step or an item, never a headline,
    and a line after a paragraph that announces it ("... the verse says:")
    is what was announced: the first story must have ended its last sentence.
    A single sub-heading whose paragraph says it again is the story's too
    when the text under it goes on with the story's words (``goes_on``).
    """
    out: list[_Span] = []
    for span in spans:
        inner = [i for i in range(span.start + 1, span.end) if lines[i] and kinds[i] != PROSE]
        if len(inner) != 1 or _NUMBERED.match(lines[inner[0]]):
            out.append(span)
            continue
        cut = inner[0]
        last = max(i for i in range(span.start, cut) if kinds[i] == PROSE)
        if (
            fx.ends_sentence(lines[last])
            and not lines[last].endswith(":")
            and is_glued_headline(lines, kinds, cut)
            and not goes_on(
                _prose(lines, kinds, span.start, cut), _prose(lines, kinds, cut, span.end)
            )
        ):
            first = _Span(span.start, last)
            second = _Span(
                next(i for i in range(cut + 1, span.end + 1) if kinds[i] == PROSE), span.end
            )
            for part in (first, second):
                part.words = sum(
                    fx.word_count(lines[i])
                    for i in range(part.start, part.end + 1)
                    if kinds[i] == PROSE
                )
            out += [first, second]
        else:
            out.append(span)
    return out
