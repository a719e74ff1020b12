"""Feeds: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand.

``parse_feed`` turns a feed document into a :class:`ParsedFeed` of
:class:`FeedEntry` records with plain-text bodies. An entry carries its full
text when the feed gave one (``content:encoded``, Atom ``content``, JSON Feed
``content_html``/``content_text``); otherwise only ``summary`` is set and the
caller fetches the linked page. Nothing here touches the network.

Broken XML is common in the wild (a stray ``&``, a truncated file): feedparser
then sets ``bozo`` and still yields what it could read. Those entries are
kept and the problem is reported in ``ParsedFeed.problem``; only a document
that yields neither entries nor a feed title is refused.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

import feedparser

from newsread.ingest.dumps import derive_title
from newsread.ingest.feed_sniff import (  # noqa: F401 (looks_like_feed re-exported)
    _JSON_FEED,
    from_utf16,
    looks_like_feed,
)
from newsread.sanitize import drop_escape_references, drop_escape_sequences


class FeedError(ValueError):
    """A document that is not a feed we can read; the message is the reason."""


@dataclass(frozen=True)
class FeedEntry:
    guid: str  # the feed's own id for the entry, "" when it gave none
    link: str  # the entry's page, absolute
    title: str
    content: str  # plain text of the full content, "" when the feed gave only a summary
    summary: str  # plain text
    author: str = ""
    published: str = ""  # "YYYY-MM-DD" or ""
    updated: str = ""  # the feed's stamp, as given

    @property
    def version(self) -> str:
        """Fingerprint of the entry as the feed gives it: unchanged means nothing
        to do, not even fetching its linked page again."""
        key = "\x1f".join((self.title, self.content, self.summary, self.updated, self.link))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class ParsedFeed:
    title: str
    link: str  # the site the feed belongs to
    kind: str  # feedparser's version ("rss20", "atom10", ...) or "json"
    entries: list[FeedEntry] = field(default_factory=list)
    problem: str = ""  # why the XML was not well-formed, when it was not


_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def parse_feed(data: bytes, url: str = "", media_type: str = "", charset: str = "") -> ParsedFeed:
    """The feed in ``data`` (fetched from ``url``, which relative links resolve
    against); FeedError when it is not one."""
    utf8 = from_utf16(data)
    if utf8 is not None:
        # feedparser misreads UTF-16 under text/xml or a header's other charset.
        data, charset = utf8, "utf-8"
    if _JSON_FEED.match(data[:4096]) or media_type in ("application/feed+json",):
        return _parse_json_feed(data, url)
    # Without a type feedparser would flag the document for that alone; XML is
    # what a feed file is.
    headers = {"content-type": (media_type or "application/xml")}
    if charset:
        headers["content-type"] += f"; charset={charset}"
    if url:
        headers["content-location"] = url
    # feedparser decodes "&#27;[2J" and drops the ESC alone: the sequences
    # written so go whole first (the raw ones are dropped from what it gives).
    data = drop_escape_references(data)
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    problem = ""
    exc = parsed.get("bozo_exception")
    # A feed served as text/html or with a charset its XML contradicts is still
    # well-formed: only parse errors are worth a note.
    if parsed.get("bozo") and not isinstance(exc, _HARMLESS):
        problem = " ".join(str(exc).split())[:200] if exc else "not well-formed"
    if not parsed.get("version") and not parsed.entries:
        # The parser's own words ("<unknown>:2:0: syntax error") say nothing
        # to someone who gave a web page: say what was expected instead.
        raise FeedError("not a feed (no RSS, Atom or JSON Feed in it)")
    info = parsed.get("feed", {})
    feed = ParsedFeed(
        title=_plain(info.get("title", "")),
        # Atom feeds without a link get their id here from feedparser (a urn:).
        link=_web_link(str(info.get("link", ""))),
        kind=str(parsed.get("version") or "unknown"),
        problem=problem,
    )
    bare_ids = _bare_guids(parsed, data, headers)
    for index, raw in enumerate(parsed.entries):
        entry = _entry(raw, bare_ids.get(index))
        if entry is not None:
            feed.entries.append(entry)
    if not feed.entries and not feed.title and problem:
        raise FeedError(f"not a readable feed ({problem})")
    return feed


def _bare_guids(parsed: dict, data: bytes, headers: dict[str, str]) -> dict[int, str]:
    """The guids, as the document writes them, of entries whose only link is
    their guid (an RSS guid without isPermaLink="false", an Atom id): by index.

    feedparser makes such a guid a link, and one that is no URL ("abc123") a
    link relative to the feed's address, a page that was never the entry's.
    What it wrote is only seen by reading the document again without that
    address: done only when some entry needs it."""
    wanted = [i for i, raw in enumerate(parsed.entries) if _link_is_guid(raw)]
    if not wanted or "content-location" not in headers:
        return {}
    plain = {k: v for k, v in headers.items() if k != "content-location"}
    again = feedparser.parse(data, response_headers=plain, sanitize_html=True).entries
    if len(again) != len(parsed.entries):
        return {}
    return {i: str(again[i].get("id", "")).strip() for i in wanted}


def _link_is_guid(raw: dict) -> bool:
    # An enclosure (a podcast's audio) is a link too, but not the entry's page.
    pages = [link for link in raw.get("links") or () if link.get("rel", "alternate") == "alternate"]
    return bool(raw.get("guidislink")) and not pages


def _entry(raw: dict, bare_guid: str | None = None) -> FeedEntry | None:
    content = ""
    for item in raw.get("content") or []:
        text = _to_text(item.get("value", ""), item.get("type", "text/html"))
        if len(text) > len(content):
            content = text
    summary_detail = raw.get("summary_detail") or {}
    summary = _to_text(raw.get("summary", ""), summary_detail.get("type", "text/html"))
    if content and content == summary:
        summary = ""
    title = _plain(raw.get("title", ""))
    link = str(raw.get("link", "")).strip()
    guid = str(raw.get("id", "")).strip()
    if bare_guid is not None and not re.match(r"^https?://", bare_guid, re.I):
        # A guid that is no absolute address ("pod-12", even "/posts/12") made
        # into one against the feed's: it only names the entry, and no page of
        # it is known, so its summary is its text (as for a urn: guid).
        link = ""
    if not (content or summary or link):
        return None
    if not title:
        title = derive_title(_first_paragraph(content or summary)) if (content or summary) else link
    return FeedEntry(
        guid=guid,
        link=link,
        title=title,
        content=content,
        summary=summary,
        author=_author(raw),
        # dict.get: feedparser's own get warns when "updated" falls back to "published".
        published=_date(dict.get(raw, "published_parsed") or dict.get(raw, "updated_parsed")),
        updated=str(dict.get(raw, "updated") or dict.get(raw, "published") or ""),
    )


def _web_link(link: str) -> str:
    return link if re.match(r"^https?://", link, re.I) else ""


def _author(raw: dict) -> str:
    # RSS <author> is "email (Name)" by the spec; the name is what a reader wants.
    # Read from the raw string: feedparser's own split mangles some addresses.
    name = str(raw.get("author") or (raw.get("author_detail") or {}).get("name") or "").strip()
    match = re.match(r"^\S+@\S+\s*\((.+)\)$", name)
    return match.group(1).strip() if match else name


def _date(parsed: time.struct_time | None) -> str:
    if not parsed:
        return ""
    try:
        return time.strftime("%Y-%m-%d", parsed)
    except (TypeError, ValueError):
        return ""


def _first_paragraph(text: str) -> str:
    return text.split("\n\n", 1)[0]


def _plain(value: object) -> str:
    """A title as one line: feedparser keeps entities and tags in some titles."""
    text = drop_escape_sequences(html.unescape(str(value or "")))
    if "<" in text:
        text = html_to_text(text)
    return " ".join(text.split())


def _to_text(value: str, content_type: str) -> str:
    if not value:
        return ""
    if "html" in content_type or "xml" in content_type:
        return html_to_text(value)
    return plain_to_text(value)


# -- JSON Feed ----------------------------------------------------------------------------


def _parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"not a readable JSON Feed ({exc})") from exc
    except RecursionError as exc:
        raise FeedError("not a readable JSON Feed (nested too deeply)") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("items", []), list):
        raise FeedError("not a JSON Feed (no items list)")
    feed = ParsedFeed(
        title=_plain(doc.get("title", "")),
        link=_absolute(str(doc.get("home_page_url") or ""), url),
        kind="json" + str(doc.get("version", "")).rsplit("/", 1)[-1].replace(".", ""),
    )
    feed_author = _json_author(doc)
    for item in doc.get("items", []):
        if not isinstance(item, dict):
            continue
        content = ""
        if isinstance(item.get("content_html"), str):
            content = html_to_text(item["content_html"])
        if not content and isinstance(item.get("content_text"), str):
            content = plain_to_text(item["content_text"])
        summary = plain_to_text(str(item.get("summary") or ""))
        link = _absolute(str(item.get("url") or item.get("external_url") or ""), url)
        if not (content or summary or link):
            continue
        title = _plain(item.get("title", ""))
        if not title:
            title = (
                derive_title(_first_paragraph(content or summary)) if (content or summary) else link
            )
        stamp = str(item.get("date_published") or item.get("date_modified") or "")
        feed.entries.append(
            FeedEntry(
                guid=str(item.get("id") or "").strip(),
                link=link,
                title=title,
                content=content,
                summary=summary,
                author=_json_author(item) or feed_author,
                published=stamp[:10] if re.match(r"^\d{4}-\d\d-\d\d", stamp) else "",
                updated=str(item.get("date_modified") or stamp),
            )
        )
    return feed


def _json_author(obj: dict) -> str:
    authors = obj.get("authors")
    if isinstance(authors, list):
        names = [str(a.get("name", "")) for a in authors if isinstance(a, dict) and a.get("name")]
        if names:
            return ", ".join(names)
    author = obj.get("author")  # JSON Feed 1.0
    if isinstance(author, dict) and author.get("name"):
        return str(author["name"])
    return ""


def _absolute(link: str, base: str) -> str:
    if not link or not base or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", link):
        return link
    from urllib.parse import urljoin

    return urljoin(base, link)


# -- HTML and plain text into the body format ------------------------------------------------

#: Elements that end a paragraph. Inline ones (b, a, span) keep text flowing.
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "br",
    ]
)
#: Never text a reader wants, in a fragment or a page.
_SKIP = frozenset(
    ["script", "style", "noscript", "template", "iframe", "svg", "object", "embed", "head", "title"]
)


class _TextCollector(HTMLParser):
    def __init__(self, skip: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = skip
        self.depth = 0  # inside how many skipped elements
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.pre = 0

    def _flush(self) -> None:
        text = "".join(self.current)
        self.current = []
        if self.pre:
            lines = [" ".join(line.split()) for line in text.split("\n")]
            self.paragraphs.extend(line for line in lines if line)
            return
        text = " ".join(text.split())
        if text:
            self.paragraphs.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.skip:
            self.depth += 1
        elif not self.depth and tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.depth and tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skip:
            self.depth = max(0, self.depth - 1)
        elif not self.depth and tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.current.append(data)


def html_to_text(markup: str) -> str:
    """Paragraphs of an HTML fragment (a feed entry's content), in the body
    format: one paragraph per line, a blank line between them.

    Not the page extractor (``newsread.ingest.html``): an entry's content is
    the article already, with nothing around it to cut away, and an extractor
    tuned for whole pages drops short paragraphs of it.
    """
    collector = _TextCollector(_SKIP)
    collector.feed(drop_escape_sequences(markup))
    collector.close()
    collector._flush()
    return "\n\n".join(collector.paragraphs)


def plain_to_text(text: str) -> str:
    """Plain text in the body format. Blank lines separate paragraphs when the
    text has any (lines inside one are joined); otherwise each line is one."""
    text = drop_escape_sequences(text).replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
        paragraphs = [" ".join(block.split()) for block in blocks]
    else:
        paragraphs = [" ".join(line.split()) for line in text.split("\n")]
    return "\n\n".join(p for p in paragraphs if p)


# -- finding the feed of a web page ------------------------------------------------------------

_FEED_LINK_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"}
)


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {k: (v or "") for k, v in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in _FEED_LINK_TYPES and values.get("href"):
            self.found.append(values["href"].strip())


def discover_feeds(page: str, base_url: str) -> list[str]:
    """Feed URLs a web page announces (``<link rel="alternate" type="...rss+xml">``),
    absolute, in page order: what a user means by subscribing to a site."""
    finder = _LinkFinder()
    finder.feed(page[:200_000])
    return list(dict.fromkeys(_absolute(href, base_url) for href in finder.found))
