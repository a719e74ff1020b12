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


_NUMBERED = re.compile(r"^\d+[.):]\s")


def split_glued(lines: list[str], kinds: list[str], spans: list[_Span]) -> list[_Span]:
    """Split a run of prose where a second story was glued on with no heading.

    Only a run with a single short line in it is read so: a story with
    sub-headings has several (a guide's numbered steps, a deals roundup's
    products), each over a paragraph that may well repeat it, and they are
    all the one story's. A numbered line is a step or an item, never a headline,
    and a line after a paragraph that announces it ("... the verse says:")
    is what was announced: the first story must have ended its last sentence.
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
