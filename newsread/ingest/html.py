"""Web pages: the article text of an HTML page, by trafilatura, then our own furniture rules.

trafilatura finds the page's main content and its metadata (title, author,
date, site name, canonical URL). It runs with ``favor_precision``: on the
development pages that alone lifts body F1 from 0.965 to 0.975 on both
halves, because its default keeps headlines, teasers and sign-up boxes.

What it still keeps is then cleaned by rules from ``furniture``, each kept
only because it raised body F1 on both halves of the development pages
(``benchmarks/bench_import.py`` measures them one by one):

* ``headline``: the headline repeated as the first line of the text;
* ``tail``: a writer's bio, a company's "About" paragraph or a disclaimer
  near the end, and everything after it (``furniture.is_tail_clutter``);
* ``furniture``: whole lines of page furniture ("Related: ...", "Filed
  under:", sign-up calls, copyright lines; ``furniture.is_furniture_line``),
  except quoted speech.

Two more rules are for page shapes the development pages do not have (no
dev page fires them, so they are neutral there) and a user's pages do:

* ``byline``: a plain "By Name" paragraph among the first lines, which a
  page without byline markup leaves to trafilatura as the body's start; the
  name becomes the byline when the page's metadata named none;
* ``related``: a "Read more" / "Related" / "More on this" label after the
  story and the list of links under it, to the end of the text (the label
  alone went as furniture and left its items at the end of the body).

Rules tried and left out because they did not help on both halves: cutting
short link lines at the end (as dumps do: it cut tour dates and fact boxes),
related-links sections found by wording alone (nothing left after ``furniture``), time stamps,
in-paragraph furniture, and cutting the wire dateline from the body.

What was cut is recorded as for dumps (``htmlcuts``): every text block of
the page that is not in the body, with its reason (the rule's, else what the
markup or the wording says it is, else "page layout") and the body offset of
the kept paragraph that followed it on the page.

A page that holds several stories (a briefing, a front page) gives one
article per story: each ``<article>`` element that is a story by its content
(``htmlstories``: a headline and whole sentences of its own, not a teaser
card nor a comment) is extracted on its own, the page's main story first,
the others in page order; only when they hold all the prose trafilatura
found on the page, so that no story loses a paragraph. Two stories or more
in containers and a story outside them (a headline and the prose of a long
story, in a ``<div>``) are the page's stories too, the one outside first: it
is the page's main story, which trafilatura glued the others to or dropped.
The
flattened text of what trafilatura kept is split by the dump parser only
when that finds several stories each with a headline and a byline or date:
on the development pages, splitting any less strictly cut single stories at
their sub-headings.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsread.ingest import furniture as fx
from newsread.ingest.dumps import ParsedArticle, derive_title, parse_dump
from newsread.ingest.furniture import reasons as why
from newsread.ingest.htmlcuts import Block, RuleCut, html_cuts, page_blocks
from newsread.ingest.htmlstories import (
    MIN_STORY_PARAGRAPHS,
    MIN_STORY_WORDS,
    covers,
    headline_of,
    story_containers,
    time_of,
)
from newsread.ingest.sitenames import site_from_title, site_of_stories
from newsread.model import Cut
from newsread.sanitize import drop_escape_sequences

if TYPE_CHECKING:
    from lxml.html import HtmlElement

#: How far into a file to look for the signs of HTML.
SNIFF_CHARS = 2048
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml)", re.I | re.S
)
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_HTML_TAG = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)

#: Fewer words are a menu or a widget trafilatura fell back on ("HomeNews"),
#: not an article: the dump parser's threshold for a pasted brief.
MIN_WORDS = 10
#: Lines at the top of the text that may repeat the headline (kicker, headline, dek).
HEADLINE_LINES = 3
# Marks trafilatura's reading of a page whose site's name we took from its <title>.
_SITE_FROM_TITLE = "newsread_site_from_title"


@dataclass
class HtmlPage:
    """What a page yields: its stories (main one first) and its canonical URL."""

    articles: list[ParsedArticle] = field(default_factory=list)
    url: str = ""


def looks_like_html(head: str) -> bool:
    """True when a text starts like an HTML document, whatever its file is called.

    It must open with markup (a doctype, ``<html>``, a comment) and name an
    HTML element early: a text dump that merely mentions ``<body>`` is prose.
    """
    head = head[:SNIFF_CHARS].lstrip("\ufeff")
    if not _HTML_START.match(head):
        return False
    return bool(_HTML_TAG.search(head))


# -- rules -------------------------------------------------------------------------------------

Rule = Callable[[list[str], str], tuple[list[str], list[str]]]


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def drop_headline(paragraphs: list[str], title: str) -> tuple[list[str], list[str]]:
    """The headline repeated at the top of the text: it is the title, not the body."""
    wanted = _key(title)
    if not wanted:
        return paragraphs, []
    kept: list[str] = []
    removed: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        if i < HEADLINE_LINES and _key(paragraph) == wanted:
            removed.append(paragraph)
        else:
            kept.append(paragraph)
    return kept, removed


#: Most of a story's words a cut at its tail may take (as ``dumps`` does).
TAIL_SHARE = 0.4


def cut_tail(paragraphs: list[str], title: str) -> tuple[list[str], list[str]]:
    """A bio, an "About" paragraph or a disclaimer near the end, and what follows it.

    Only the last ``TAIL_SHARE`` of the words is searched, as for dumps: the
    same wording higher up is reporting about someone.
    """
    words = [fx.word_count(p) for p in paragraphs]
    total = sum(words)
    after = total
    for k, paragraph in enumerate(paragraphs):
        after -= words[k - 1] if k else 0
        if k and after <= total * TAIL_SHARE and fx.is_tail_clutter(paragraph):
            return paragraphs[:k], paragraphs[k:]
    return paragraphs, []


# Quoted speech is reporting even when it talks about subscriptions or
# newsletters, which would make it a call to action by wording alone. Speech
# is a clause (four words or more between the quotes); a quoted title ("Out
# There") in a "follow him on" line is not, and must not shield the line.
_QUOTED = re.compile(r"[“\"](?:[^”\"\s]+\s+){3,}[^”\"\s]+[”\"]")


def drop_furniture(paragraphs: list[str], title: str) -> tuple[list[str], list[str]]:
    """Whole-line page furniture trafilatura let through: "Related: ...", "Filed
    under:", sign-up calls, copyright lines (``furniture.is_furniture_line``)."""
    kept: list[str] = []
    removed: list[str] = []
    for paragraph in paragraphs:
        furniture = fx.is_furniture_line(paragraph) and not _QUOTED.search(paragraph)
        (removed if furniture else kept).append(paragraph)
    return kept, removed


#: Most words of a byline paragraph: "By Jo Roe and Ann Lee, Reuters".
BYLINE_WORDS = 12


def drop_byline(paragraphs: list[str], title: str) -> tuple[list[str], list[str]]:
    """A plain "By Name" paragraph at the top of the text: the byline, not the body.

    Pages that do not mark their byline up leave it to trafilatura as the
    story's first paragraph; it stands among the first lines, under the
    headline, and is nothing but the name.
    """
    for i, paragraph in enumerate(paragraphs[:HEADLINE_LINES]):
        if fx.word_count(paragraph) <= BYLINE_WORDS and fx.parse_byline(paragraph):
            return paragraphs[:i] + paragraphs[i + 1 :], [paragraph]
    return paragraphs, []


#: Most words of an item in a list of links after a story.
LINK_WORDS = 15


def cut_related_list(paragraphs: list[str], title: str) -> tuple[list[str], list[str]]:
    """A "Read more" / "Related" / "More on this" label after the story and
    the list of links under it, to the end of the text.

    The label alone is whole-line furniture; its items are headlines, one
    a paragraph, which read as short story lines. Only a list that ends the
    text is cut, and only items shaped as links (short, no sentence): a
    story's own list under a heading goes on into its next paragraph.
    """
    label = max((i for i, p in enumerate(paragraphs) if fx.is_related_heading(p)), default=-1)
    items = paragraphs[label + 1 :]
    if label < 1 or not items:
        return paragraphs, []
    if all(fx.word_count(p) <= LINK_WORDS and not fx.is_prose(p) for p in items):
        return paragraphs[:label], paragraphs[label:]
    return paragraphs, []


RULES: dict[str, Rule] = {
    "headline": drop_headline,
    "byline": drop_byline,
    "tail": cut_tail,
    "related": cut_related_list,
    "furniture": drop_furniture,
}
DEFAULT_RULES: tuple[str, ...] = tuple(RULES)


def apply_rules(
    paragraphs: list[str], title: str, rules: Sequence[str] = DEFAULT_RULES
) -> tuple[list[str], list[str]]:
    kept, cuts = apply_rules_indexed(paragraphs, title, rules)
    return [paragraphs[i] for i in kept], [cut.text for cut in cuts]


def apply_rules_indexed(
    paragraphs: list[str], title: str, rules: Sequence[str] = DEFAULT_RULES
) -> tuple[list[int], list[RuleCut]]:
    """The rules run in turn: the indexes of the paragraphs kept, and each cut
    with its place in ``paragraphs`` and the reason its rule gives."""
    kept = list(range(len(paragraphs)))
    cuts: list[RuleCut] = []
    for name in rules:
        left, removed = RULES[name]([paragraphs[i] for i in kept], title)
        # Rules only drop paragraphs, in order: walking both lists together
        # tells which ones went.
        survivors: list[int] = []
        gone: list[int] = []
        for i in kept:
            if len(survivors) < len(left) and paragraphs[i] == left[len(survivors)]:
                survivors.append(i)
            else:
                gone.append(i)
        reasons = _rule_reasons(name, [paragraphs[i] for i in gone])
        cuts += [RuleCut(i, paragraphs[i], r) for i, r in zip(gone, reasons, strict=True)]
        kept = survivors
    return kept, sorted(cuts, key=lambda cut: cut.index)


def clean_fragment(text: str, title: str) -> tuple[str, list[Cut]]:
    """A feed entry's content (the article itself, in the body format) after
    the rules the page extractor applies to trafilatura's text: the headline
    repeated at the top, a bio or disclaimer at the tail, whole-line furniture
    (a sign-up call, "The post ... appeared first on ..."). Returns the body
    and its cuts; the text as it was when the rules would leave nothing."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    kept, rule_cuts = apply_rules_indexed(paragraphs, title)
    if not kept or not rule_cuts:
        return text, []
    cuts = html_cuts([], paragraphs, kept, rule_cuts, title)
    return "\n\n".join(paragraphs[i] for i in kept), cuts


def _rule_reasons(rule: str, removed: list[str]) -> list[str]:
    """The reason shown for each paragraph ``rule`` cut."""
    if rule == "headline":
        return [why.HEADLINE] * len(removed)
    if rule == "byline":
        return [why.BYLINE] * len(removed)
    if rule == "related":
        return [why.RELATED] * len(removed)
    if rule == "tail":
        first = why.BIO if removed and fx.is_bio(removed[0]) else why.ABOUT
        return [first] + [why.AFTER_END] * (len(removed) - 1) if removed else []
    return [fx.furniture_reason(text) or why.LABEL for text in removed]


# -- extraction --------------------------------------------------------------------------------


@dataclass
class RawStory:
    """What trafilatura kept of one story, before our rules, and the text
    blocks of the page (or the story's container) it was taken from."""

    paragraphs: list[str]
    title: str
    meta: dict[str, str]
    blocks: list[Block] = field(default_factory=list)


@dataclass
class RawPage:
    """What trafilatura found on a page: its stories, main one first, or the
    stories the dump parser told apart in its text (the rules do not apply
    to those: the parser cleans them its own way)."""

    url: str = ""
    stories: list[RawStory] = field(default_factory=list)
    split: list[ParsedArticle] = field(default_factory=list)


def extract_html(text: str, url: str = "", rules: Sequence[str] = DEFAULT_RULES) -> HtmlPage:
    """The stories of an HTML page; no articles when it holds no article text.

    ``url`` is where the page came from, if known (trafilatura uses it to
    resolve the canonical URL and the site name); ``rules`` picks the cleaning
    rules by name (the benchmark compares trafilatura alone with each).
    """
    return clean_page(read_page(text, url), rules)


def read_page(text: str, url: str = "") -> RawPage:
    """trafilatura's reading of a page (the slow part), for ``clean_page``."""
    import trafilatura

    # lxml refuses decoded text that still declares an encoding (XHTML's
    # <?xml ... encoding="..."?>); the text is decoded, so the line means nothing.
    # Escape sequences go whole before parsing: lxml drops an ESC and keeps the
    # rest of its sequence ("]0;PWNED" in a title).
    text = drop_escape_sequences(_XML_DECLARATION.sub("", text, count=1))
    tree = trafilatura.load_html(text)
    page = _extract(tree, url) if tree is not None else None
    if page is None:
        return RawPage(url=url)
    page_url = str(page.get("url") or url or "")
    containers = story_containers(tree, _paragraphs(str(page.get("text") or "")))
    stories = _split_stories(tree, containers, page, page_url) if containers else []
    if stories:
        return RawPage(page_url, stories)
    story = _raw_story(page, fx.normalise_space(str(page.get("title") or "")))
    # trafilatura works on a copy: the tree is still the whole page.
    story.blocks = page_blocks(tree)
    split = _clear_stories(story.paragraphs)
    for article in split:
        article.source = article.source or story.meta["source"]
    return RawPage(page_url, [] if split else [story], split)


def clean_page(raw: RawPage, rules: Sequence[str] = DEFAULT_RULES) -> HtmlPage:
    """The page's articles: each story cleaned by ``rules``; stories under
    ``MIN_WORDS`` words are dropped."""
    articles = raw.split or [_article(story, rules) for story in raw.stories]
    kept = [a for a in articles if fx.word_count(a.body) >= MIN_WORDS]
    return HtmlPage(articles=kept, url=raw.url)


def _extract(tree: HtmlElement, url: str) -> dict[str, Any] | None:
    import trafilatura
    from trafilatura.settings import set_date_params

    document = trafilatura.bare_extraction(
        tree,
        url=url or None,
        favor_precision=True,
        include_comments=False,
        with_metadata=True,
        # Without "extensive search" htmldate reads dates from the markup only;
        # with it, a year in the text ("since 1998") became the publication date.
        date_extraction_params=set_date_params(extensive=False),
    )
    if document is None:
        return None
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    if not (data.get("text") or "").strip():
        return None
    if not str(data.get("sitename") or "").strip():
        # The page names its site nowhere but in its <title>: a page of
        # several stories reads that title its own way (_page_source).
        data["sitename"] = site_from_title(
            tree.findtext(".//title") or "", str(data.get("title") or "")
        )
        data[_SITE_FROM_TITLE] = True
    return data


def _paragraphs(text: str) -> list[str]:
    return [p for p in (fx.normalise_space(line) for line in text.split("\n")) if p]


def _raw_story(data: dict[str, Any], title: str) -> RawStory:
    return RawStory(_paragraphs(str(data.get("text") or "")), title, _metadata(data))


def _metadata(data: dict[str, Any]) -> dict[str, str]:
    author = fx.normalise_space(str(data.get("author") or "")).replace("; ", ", ")
    published = str(data.get("date") or "")
    source = fx.normalise_space(str(data.get("sitename") or ""))
    source = source or _host(str(data.get("url") or ""))
    return {
        "byline": author,
        "published": published if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else "",
        "source": source,
    }


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _article(story: RawStory, rules: Sequence[str]) -> ParsedArticle:
    # The wire dateline ("PORT ELLIS (AP) —") stays in the body, unlike in
    # dumps: cutting it lowered body F1 on both halves of the development pages.
    kept, rule_cuts = apply_rules_indexed(story.paragraphs, story.title, rules)
    paragraphs = [story.paragraphs[i] for i in kept]
    title = story.title or derive_title(paragraphs[0] if paragraphs else "")
    byline = story.meta["byline"] or _cut_byline(rule_cuts)
    cuts = html_cuts(story.blocks, story.paragraphs, kept, rule_cuts, title)
    body = "\n\n".join(paragraphs)
    return ParsedArticle(
        title=title,
        body=body,
        source=story.meta["source"],
        byline=byline,
        published=story.meta["published"],
        removed=[cut.text for cut in cuts],
        title_derived=not story.title,
        cuts=cuts,
    )


def _cut_byline(cuts: Sequence[RuleCut]) -> str:
    """The writer's name from a byline paragraph the rules cut, when the
    page's metadata named none."""
    for cut in cuts:
        byline = fx.parse_byline(cut.text) if cut.reason == why.BYLINE else None
        if byline:
            return byline.name
    return ""


def _clear_stories(paragraphs: list[str]) -> list[ParsedArticle]:
    """The dump parser's stories, when the text clearly holds several; else []."""
    if len(paragraphs) < 4:
        return []
    stories = parse_dump("\n".join(paragraphs))
    clear = [
        s
        for s in stories
        if not s.title_derived
        and (s.byline or s.published)
        and fx.word_count(s.body) >= MIN_STORY_WORDS
    ]
    return stories if len(stories) >= 2 and len(clear) == len(stories) else []


# -- pages of several stories ------------------------------------------------------------------


def _split_stories(
    tree: HtmlElement, containers: list[HtmlElement], page: dict[str, Any], page_url: str
) -> list[RawStory]:
    """Each container extracted on its own, the page's main story first: the one
    sharing most words with what trafilatura chose for the whole page, or a
    story outside the containers (``_story_outside``: a main story in a
    ``<div>`` beside stories in ``<article>`` elements). None when they are not
    all the page's prose (``htmlstories.covers``)."""
    page_paragraphs = _paragraphs(str(page.get("text") or ""))
    page_words = set(str(page.get("text") or "").split())
    stories: list[tuple[int, RawStory]] = []
    for container in containers:
        data = _extract(_alone(tree, container), page_url)
        if data is None:
            continue
        story = _raw_story(data, headline_of(container))
        # The other stories of the page are articles of their own, not cuts.
        story.blocks = page_blocks(container)
        story.meta["published"] = time_of(container) or story.meta["published"]
        shared = len(page_words & {w for p in story.paragraphs for w in p.split()})
        stories.append((shared, story))
    if not stories:
        return []
    ordered: list[RawStory] = []
    if len(stories) >= 2 and covers(page_paragraphs, [s.paragraphs for _, s in stories]):
        main = max(range(len(stories)), key=lambda k: stories[k][0])
        ordered = [story for _, story in [stories[main]] + stories[:main] + stories[main + 1 :]]
    elif len(stories) >= 2:
        # Several stories in containers and prose outside them: a main story
        # in a <div> beside them. One container and prose outside it is a
        # single story's page (the container the story, the rest furniture).
        outside = _story_outside(tree, containers, page_url)
        others = [story.paragraphs for _, story in stories]
        if (
            outside is not None
            # Its words are its own, not the containers' read again.
            and not covers(outside.paragraphs, others)
            and covers(page_paragraphs, [outside.paragraphs, *others])
        ):
            ordered = [outside] + [story for _, story in stories]
    source = _page_source(tree, page, page_url, [story.title for story in ordered])
    for story in ordered:
        story.meta["source"] = source
    return ordered


def _story_outside(
    tree: HtmlElement, containers: Sequence[HtmlElement], page_url: str
) -> RawStory | None:
    """The story the page holds outside its story containers, when it is one:
    a headline and ``MIN_STORY_WORDS`` of prose in two paragraphs or more, as
    a long story in a container is. trafilatura, given the whole page, glued
    the containers' stories to it or took one of them instead of it."""
    rest = _without(tree, containers)
    data = _extract(rest, page_url)
    if data is None:
        return None
    paragraphs = _paragraphs(str(data.get("text") or ""))
    prose = [p for p in paragraphs if fx.is_prose(p)]
    if len(prose) < MIN_STORY_PARAGRAPHS or sum(map(fx.word_count, prose)) < MIN_STORY_WORDS:
        return None
    title = _heading_over(rest, prose[0]) or fx.normalise_space(str(data.get("title") or ""))
    story = _raw_story(data, title)
    story.blocks = page_blocks(rest)
    return story


def _heading_over(tree: HtmlElement, first: str) -> str:
    """The last h1-h3 before the paragraph ``first`` in the page: the story's
    headline, not the site's name in a logo's h1 above it nor a heading after."""
    heading = ""
    for node in tree.iter("h1", "h2", "h3", "p"):
        text = fx.normalise_space(node.text_content())
        if node.tag != "p":
            heading = text or heading
        elif text == first:
            return heading
    return ""


def _without(tree: HtmlElement, containers: Sequence[HtmlElement]) -> HtmlElement:
    """A copy of the page without the containers."""
    whole = tree.getroottree()
    paths = [whole.getpath(container) for container in containers]
    page = copy.deepcopy(tree)
    found = [node for path in paths for node in page.getroottree().xpath(path)]
    for node in found:
        node.drop_tree()
    return page


def _page_source(
    tree: HtmlElement, page: dict[str, Any], page_url: str, headlines: Sequence[str]
) -> str:
    """The source every story of a page of several takes: the site's name the
    page declares; else the one its <title> holds beside a section or a date
    (``sitenames.site_of_stories``), not what trafilatura made of that title
    as if it were one story's ("Lindenport Daily - Today" gave "Today"); else
    the host."""
    if not page.get(_SITE_FROM_TITLE):
        return _metadata(page)["source"]
    text = "\n".join(tree.itertext())
    title = tree.findtext(".//title") or ""
    return site_of_stories(title, headlines, page_url, text) or _host(page_url)


def _alone(tree: HtmlElement, story: HtmlElement) -> HtmlElement:
    """A copy of the page with only this story in its body, keeping the <head>."""
    from lxml import html as lxml_html

    page = lxml_html.Element("html")
    head = tree.find("head")
    if head is not None:
        page.append(copy.deepcopy(head))
    body = lxml_html.Element("body")
    body.append(copy.deepcopy(story))
    page.append(body)
    return page
