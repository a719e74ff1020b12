"""Which ``<article>`` elements of a page are stories of their own.

A page that holds several stories (a briefing, a front page, a blog's index)
must give one article per story; a single-story page holds ``<article>``
elements too (teaser cards of related stories, comments, a "most read"
list, a story's own nested parts), and those must not become articles nor
take paragraphs from the story. The markup cannot tell them apart (both are
``<article>`` with a heading), so the content decides:

* a story has a headline of its own and prose of its own: paragraphs of whole
  sentences, not counting those of the articles nested in it. A teaser card's
  text is one line, often cut off ("..."), and comments sit in markup that
  names them, or under an ``<aside>``;
* a long story (``MIN_STORY_WORDS`` in two paragraphs or more) is a story
  wherever it is on the page: a teaser's long dek is one paragraph;
* a short one (a brief of a few sentences) is a story when it is complete on
  the page, its headline not a link to the full story elsewhere (nor the
  whole card such a link, nor followed by "Read more"), as teasers are; or
  when trafilatura took its text as the page's content (``page_holds``),
  which would otherwise be glued into the main story's body;
* the page is split only when the stories account for all the prose
  trafilatura found on the page (``covers``): a paragraph outside them means
  the main story is not one of those elements, and splitting would lose it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from newsread.ingest import furniture as fx
from newsread.ingest.furniture import reasons as why
from newsread.ingest.htmlcuts import markup_reason

if TYPE_CHECKING:
    from lxml.html import HtmlElement

#: Words of its own prose, in ``MIN_STORY_PARAGRAPHS`` paragraphs at least,
#: that make an element a story wherever it stands: comments have fewer
#: words, and a teaser card's long dek is one paragraph.
MIN_STORY_WORDS = 80
MIN_STORY_PARAGRAPHS = 2
#: Words of its own prose a brief (a short story of a front page) needs: a
#: teaser card's excerpt is often a line of a few words.
MIN_BRIEF_WORDS = 25
#: Share of a paragraph's word triples that another text must hold for the
#: paragraph to be in it: trafilatura drops a link's words from inside a
#: paragraph now and then, so the two differ by a few words.
SIMILAR = 0.7
#: Share of a brief's prose words trafilatura's page text must hold.
HELD = 0.5

_HEADINGS = ("h1", "h2", "h3")
# What an element's markup may say that makes whatever it holds page furniture.
_FURNITURE = frozenset((why.COMMENTS, why.RELATED, why.NAVIGATION, why.ADVERT))
_FURNITURE_TAGS = frozenset(("aside", "footer", "nav"))
# An excerpt cut off by the page: "... Active Noise Cancellat..." / "[…]".
_CUT_OFF = re.compile(r"(?:\.\.\.|…|\[\s*(?:\.\.\.|…)\s*\])[\"'”’)\]]*$")
# The label of a link to the rest of a story.
_READ_MORE = re.compile(
    r"(?:read|see|view)\s+(?:more|on|the\s+full\s+(?:story|article))|continue\s+reading"
    r"|full\s+(?:story|article)|more\s*[»›→]",
    re.I,
)
_TOKEN = re.compile(r"\w+")


def story_containers(tree: HtmlElement, page_paragraphs: Sequence[str]) -> list[HtmlElement]:
    """The ``<article>`` elements that are stories of their own, in page order.

    An element that is a story keeps the articles nested in it (its comments,
    its related cards); one that is not (a wrapper of several stories) lets
    the ones inside it be judged. ``page_paragraphs`` is the text trafilatura
    took as the page's content.
    """
    page = _triples(" ".join(page_paragraphs))
    found: list[HtmlElement] = []
    for element in tree.iter("article"):
        if any(parent in found for parent in element.iterancestors("article")):
            continue
        if _furniture_place(element) or not headline_of(element):
            continue
        prose = own_prose(element)
        words = sum(fx.word_count(text) for text in prose)
        if (words >= MIN_STORY_WORDS and len(prose) >= MIN_STORY_PARAGRAPHS) or (
            words >= MIN_BRIEF_WORDS and (not links_away(element) or page_holds(page, prose))
        ):
            found.append(element)
    return found


def headline_of(element: HtmlElement) -> str:
    """The element's own headline (not that of an article nested in it): its
    first heading of the highest rank, so that a kicker above it ("Politics"
    as an h3 over the h1) or a sub-heading in its text is not taken."""
    found: dict[str, str] = {}
    for heading in _own(element, _HEADINGS):
        text = fx.normalise_space(heading.text_content())
        if text:
            found.setdefault(heading.tag, text)
    return next((found[tag] for tag in _HEADINGS if tag in found), "")


def own_prose(element: HtmlElement) -> list[str]:
    """The element's own paragraphs that are whole sentences: not those of the
    articles nested in it, nor an excerpt the page cut off."""
    prose: list[str] = []
    for paragraph in _own(element, ("p",)):
        text = fx.normalise_space(paragraph.text_content())
        if fx.is_prose(text) and not _CUT_OFF.search(text):
            prose.append(text)
    return prose


def links_away(element: HtmlElement) -> bool:
    """Whether the element reads as a teaser for a story elsewhere: its headline
    is a link or inside one (a card that is one link), or a link of its own
    says "Read more"."""
    for heading in _own(element, _HEADINGS):
        if heading.find(".//a[@href]") is not None:
            return True
        link = next(heading.iterancestors("a"), None)
        if link is not None and link.get("href"):
            return True
    for link in _own(element, ("a",)):
        if link.get("href") and _READ_MORE.match(fx.normalise_space(link.text_content())):
            return True
    return False


def page_holds(page: set[tuple[str, ...]], prose: Sequence[str]) -> bool:
    """Whether most of ``prose`` (by words) is in the page text whose word
    triples are ``page``."""
    total = sum(fx.word_count(text) for text in prose)
    held = sum(fx.word_count(text) for text in prose if _within(text, page))
    return total > 0 and held >= HELD * total


def covers(page_paragraphs: Sequence[str], stories: Sequence[Sequence[str]]) -> bool:
    """Whether every prose paragraph of the page text is in one of the stories
    (each given as its paragraphs)."""
    held = _triples(" \n ".join(p for story in stories for p in story))
    return all(_within(p, held) for p in page_paragraphs if fx.is_prose(p))


def time_of(story: HtmlElement) -> str:
    """The date of the story's first ``<time>`` element, as YYYY-MM-DD; "" if none."""
    for stamp in story.iter("time"):
        value = stamp.get("datetime") or stamp.text_content()
        match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value or "")
        if match:
            return match.group(1)
        found = fx.find_date(value or "")
        if found:
            return found
    return ""


def _own(element: HtmlElement, tags: Sequence[str]) -> Iterator[HtmlElement]:
    for node in element.iter(*tags):
        if next(node.iterancestors("article"), None) is element:
            yield node


def _furniture_place(element: HtmlElement) -> bool:
    """Whether the element, or what it stands in, is comments, related links,
    navigation or an advert by its markup, or a sidebar or footer."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("body", "html"):
            break
        if node.tag in _FURNITURE_TAGS or markup_reason(node) in _FURNITURE:
            return True
    return False


def _triples(text: str) -> set[tuple[str, ...]]:
    words = _TOKEN.findall(text.casefold())
    return {tuple(words[k : k + 3]) for k in range(len(words) - 2)}


def _within(paragraph: str, held: set[tuple[str, ...]]) -> bool:
    wanted = _triples(paragraph)
    return bool(wanted) and len(wanted & held) >= SIMILAR * len(wanted)
