"""What an HTML import cut: the page's text blocks that are not in the article body.

trafilatura keeps the story and drops the rest of the page without saying
what it dropped, so the reader's cut toggle, ``i`` and ``extract --json``'s
``removed`` list had nothing to show for web pages. Here the page is walked
once more, block by block (paragraphs, headings, list items, cells, captions:
the units a browser lays out on lines of their own), and every block the body
does not contain becomes a ``Cut``, placed as dump cuts are: before the kept
paragraph that follows it on the page, or at the end of the body.

Each cut gets the most specific reason that can be told:

1. what our own rules cut from trafilatura's text gives the rule's reason
   (the headline repeated, a writer's bio, a furniture line);
2. the markup around a block: ``<nav>``, ``<figcaption>``, or a class or id
   naming comments, a share bar, related links, a newsletter box (the
   nearest such element wins, so a share bar inside a comment box is a share bar);
3. the text itself, by the same line rules dumps use (copyright lines,
   bylines, time stamps, calls to subscribe, ...);
4. else ``reasons.LAYOUT``: not part of the story, by its place on the page.

None of this changes the body: the cuts are computed beside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsread.ingest import furniture as fx
from newsread.ingest.dumps.stories import wording_reason
from newsread.ingest.furniture import reasons as why
from newsread.model import Cut

if TYPE_CHECKING:
    from lxml.html import HtmlElement

#: Elements a browser starts on a line of their own: the end of a block of text.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
#: Cells of a table row: a row is one block, its cells joined by "|".
CELL_TAGS = frozenset(("td", "th"))
#: Elements whose text is never shown as page text.
HIDDEN_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "svg",
        "math",
        "iframe",
        "object",
        "select",
        "option",
        "textarea",
        "button",
    ]
)

# Markup that says what a part of the page is: the element's own name, then the
# words of its class and id. Words, not substrings: "shared-story" names no
# share bar, "header" no "ad".
_TAG_REASONS = {
    "nav": why.NAVIGATION,
    "menu": why.NAVIGATION,
    "figcaption": why.PHOTO_CAPTION,
    "figure": why.PHOTO_CAPTION,
}
_CLASS_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), reason)
    for pattern, reason in (
        (r"^(?:comments?|disqus|replies|respond)$", why.COMMENTS),
        (r"^(?:share|sharing|social|sharebar|shares)$", why.SHARE_BAR),
        (r"^(?:newsletter|newsletters|subscribe|subscription|signup)$", why.NEWSLETTER),
        (
            r"^(?:related|recommended|recommendations|trending|popular|outbrain|taboola)$",
            why.RELATED,
        ),
        (r"^(?:caption|credit|credits|figcaption)$", why.PHOTO_CAPTION),
        (r"^(?:nav|navbar|navigation|menu|breadcrumbs?|pagination)$", why.NAVIGATION),
        (r"^(?:ad|ads|advert|advertisement|sponsored|promo)$", why.ADVERT),
        (r"^(?:cookie|cookies|consent|gdpr)$", why.CONSENT),
        (r"^(?:tags|topics|keywords)$", why.TOPICS),
        (r"^(?:byline|author|authors)$", why.BYLINE),
        (r"^(?:copyright)$", why.COPYRIGHT),
    )
)
_WORDS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Block:
    """One block of page text, whitespace-normalised, and what its markup says
    it is ("" when the markup says nothing)."""

    text: str
    hint: str = ""


def markup_reason(element: HtmlElement) -> str:
    """What an element's name, class or id says it is, as a cut reason; "" if nothing."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _TAG_REASONS:
        return _TAG_REASONS[tag]
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    for word in _WORDS.findall(names):
        for pattern, reason in _CLASS_REASONS:
            if pattern.match(word):
                return reason
    return ""


def page_blocks(root: HtmlElement) -> list[Block]:
    """The text blocks of a page (or of one element of it) in page order."""
    from lxml import etree

    blocks: list[Block] = []
    parts: list[str] = []
    hints: list[str] = [""]
    text_hint = ""
    hidden = 0

    def add(text: str | None) -> None:
        nonlocal text_hint
        if text and not hidden:
            if not parts:
                text_hint = hints[-1]
            parts.append(text)

    def flush() -> None:
        text = fx.normalise_space("".join(parts))
        parts.clear()
        if text:
            blocks.append(Block(text, text_hint))

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag:  # a comment or processing instruction: only its tail is text
            if event == "end":
                add(element.tail)
            continue
        if event == "start":
            if tag in HIDDEN_TAGS:
                hidden += 1
                continue
            if hidden:
                continue
            hints.append(markup_reason(element) or hints[-1])
            if tag in BLOCK_TAGS:
                flush()
            elif tag in CELL_TAGS:
                add(" | ")  # a table row is one block, as trafilatura writes it
            add(element.text)
            continue
        if tag in HIDDEN_TAGS:
            hidden -= 1
        elif not hidden:
            if tag in BLOCK_TAGS:
                flush()
            hints.pop()
        add(element.tail)
    flush()
    return blocks


@dataclass(frozen=True)
class RuleCut:
    """A paragraph of trafilatura's text that one of our rules cut: its place
    among that text's paragraphs, and the rule's reason."""

    index: int
    text: str
    reason: str


def html_cuts(
    blocks: Sequence[Block],
    raw: Sequence[str],
    kept: Sequence[int],
    rule_cuts: Sequence[RuleCut],
    title: str = "",
) -> list[Cut]:
    """The cuts of one HTML article, in body order.

    ``raw`` is trafilatura's text as paragraphs, ``kept`` the indexes of those
    that make the body (in order, joined by blank lines), ``rule_cuts`` what
    our rules took out of ``raw``. A rule's cut stands before the next kept
    paragraph of ``raw``; a page block that no kept paragraph contains stands
    before the kept paragraph that follows it on the page.
    """
    paragraphs = [raw[i] for i in kept]
    starts: list[int] = []
    at = 0
    for paragraph in paragraphs:
        starts.append(at)
        at += len(paragraph) + 2
    length = max(0, at - 2)

    def before(index: int) -> int:
        return starts[index] if index < len(starts) else length

    placed: list[tuple[tuple[int, int, int], Cut]] = []
    ruled: dict[str, RuleCut] = {}
    for cut in rule_cuts:
        # A list item the rule cut is "- Item" in trafilatura's text, "Item" on the page.
        ruled.setdefault(_plain(cut.text), cut)
        following = sum(1 for i in kept if i < cut.index)
        position = before(following)
        placed.append(((position, 0, cut.index), Cut(cut.text, cut.reason, position)))
    title_key = _key(title)
    kept_text = _Paragraphs(paragraphs)
    current = -1  # the kept paragraph the page walk has reached
    for seq, block in enumerate(blocks):
        found = kept_text.find(block.text, current)
        if found is not None:
            current = found
            continue
        if _plain(block.text) in ruled:
            continue  # placed above, by the rule that cut it
        reason = (
            why.HEADLINE
            if title_key and _key(block.text) == title_key
            else block.hint or wording_reason(block.text, outlets=False) or why.LAYOUT
        )
        position = before(current + 1)
        placed.append(((position, 1, seq), Cut(block.text, reason, position)))
    placed.sort(key=lambda item: item[0])
    return [cut for _, cut in placed]


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


#: A block shorter than this is matched to a paragraph only whole: "Home" or
#: "Share" appear inside story sentences without being those sentences.
MIN_PART = 40
#: Share of a block's word triples a paragraph must hold for the block to be
#: that paragraph: trafilatura drops a link's text from inside a paragraph
#: ("reported that [the league will fine him] for his role"), so the block and
#: the paragraph differ by a few words.
SIMILAR = 0.7
_TOKEN = re.compile(r"\w+")


_MARKUP = re.compile(r"^- |\|")


def _plain(text: str) -> str:
    """Text as compared with the body: without trafilatura's own markup (a list
    item's "- ", a table's "|") and soft hyphens, which are invisible on the
    page and which trafilatura keeps in some places and not in others."""
    return " ".join(_MARKUP.sub(" ", text.replace("\xad", "")).split())


def _triples(text: str) -> set[tuple[str, ...]]:
    words = _TOKEN.findall(text.casefold())
    return {tuple(words[k : k + 3]) for k in range(len(words) - 2)}


class _Paragraphs:
    """The kept paragraphs, ready to be searched for page blocks."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self.texts = [_plain(p) for p in paragraphs]
        self._triples: list[set[tuple[str, ...]]] | None = None

    def triples(self, index: int) -> set[tuple[str, ...]]:
        if self._triples is None:  # only pages with a block that differs need them
            self._triples = [_triples(p) for p in self.texts]
        return self._triples[index]

    def find(self, text: str, current: int) -> int | None:
        """The kept paragraph that holds block ``text``, searched from where the
        walk stands (pages repeat lines: the nearest one after it is the one meant)."""
        text = _plain(text)
        start = max(0, current)
        order = list(range(start, len(self.texts))) + list(range(0, start))
        for index in order:
            paragraph = self.texts[index]
            if text == paragraph or (len(text) >= MIN_PART and text in paragraph):
                return index
            # A paragraph trafilatura took from part of a block still makes the
            # block story text.
            if len(paragraph) >= MIN_PART and paragraph in text and 2 * len(paragraph) >= len(text):
                return index
        if len(text) < MIN_PART:
            return None
        wanted = _triples(text)
        if not wanted:
            return None
        for index in order:
            if len(wanted & self.triples(index)) >= SIMILAR * len(wanted):
                return index
        return None
