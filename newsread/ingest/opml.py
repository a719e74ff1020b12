"""Subscription lists in and out: OPML 1.0/2.0 and newsboat's ``urls`` file.

Reading yields :class:`FeedSpec` records (URL, name, tags) and a list of
problems (one line each: a line or an outline whose URL is not http(s), an
outline without ``xmlUrl``); writing produces OPML 2.0 that other readers import.

OPML folders (outlines that only hold outlines) are kept as the folder paths
each feed is listed under, names whole (a comma in a folder's title is part of
it), so an export writes the same nested outlines back; a feed listed in two
folders is one feed in both. A feed's tags come from its ``category``
attribute alone: a folder's title made into tags would be cut at its commas
and slashes (tags are), and shown among the tags it could not be told apart.
The expat parser behind ElementTree refuses entity-expansion bombs itself
(expat 2.4+), and no external entity is ever fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime

from newsread.ingest.feed_sniff import from_utf16, looks_like_feed
from newsread.urls import canonical_url


@dataclass
class FeedSpec:
    url: str
    name: str = ""
    tags: list[str] = field(default_factory=list)
    site: str = ""  # the site's own page (OPML htmlUrl)
    #: the OPML folders it is listed in, each as its path of folder titles
    folders: list[list[str]] = field(default_factory=list)


#: What separates a feed's tags in OPML's ``category`` ("a,b"; "/a/b" is a
#: folder path, read as its folders): a feed tag never holds one, wherever it
#: came from (``feed add --tag``, a folder's name, a urls file), so the tags
#: written to OPML read back as they were.
TAG_SEPARATORS = re.compile(r"[,/]")


def split_tags(values: Iterable[str]) -> list[str]:
    """Feed tags from what was given: split at commas and slashes, stripped,
    blanks dropped, each once, in order."""
    tags = (t.strip() for value in values for t in TAG_SEPARATORS.split(value))
    return list(dict.fromkeys(t for t in tags if t))


class SubscriptionListError(ValueError):
    """A file that is neither OPML nor a urls list; the message is the reason."""


def is_opml(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and b"<opml" in data[:4096].lower()


def read_subscriptions(data: bytes, files: bool = False) -> tuple[list[FeedSpec], list[str]]:
    """OPML when the file is OPML, otherwise a newsboat ``urls`` file
    (``files``: see read_opml). A feed, or any other markup, is refused in
    one line (not_a_urls_file) rather than read a line at a time."""
    if is_opml(data):
        return read_opml(data, files)
    refused = not_a_urls_file(data)
    if refused:
        raise SubscriptionListError(refused)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubscriptionListError(
            f"neither OPML nor a urls file in UTF-8 (byte 0x{data[exc.start]:02x} "
            f"at position {exc.start})"
        ) from exc
    return read_urls(text)


_SUBSCRIBE = (
    "subscribe to it with: newsread feed add URL (the feed's web address), "
    "or import its entries once with: newsread import FILE"
)


def not_a_urls_file(data: bytes) -> str:
    """Why ``data`` (not OPML) is no urls file either, or "" when it may be one.

    A feed given where a subscription list is expected was read as a urls
    file, and every line of its XML named as "not an http(s) feed URL": a
    2,000-entry feed gave 2,000 lines. A urls line never starts with ``<``."""
    head = from_utf16(data[:4096]) or data[:4096]
    kind = feed_kind(head)
    if kind:
        return f"{kind}, not OPML or a newsboat urls file; {_SUBSCRIBE}"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        what = "an HTML page" if b"<html" in start[:1024].lower() else "XML"
        return (
            f"{what}, not OPML or a newsboat urls file (a feed address per line); "
            "a site's feed is subscribed to with: newsread feed add URL"
        )
    return ""


def feed_kind(head: bytes) -> str:
    """ "an RSS feed", "an Atom feed"... when ``head`` (a document's start) is one."""
    if not looks_like_feed(head):
        return ""
    lowered = head.lower()
    if lowered.lstrip().startswith(b"{"):
        return "a JSON Feed"
    if b"<feed" in lowered:
        return "an Atom feed"
    if b"<rdf:rdf" in lowered:
        return "an RSS 1.0 (RDF) feed"
    return "an RSS feed"


def read_opml(data: bytes, files: bool = False) -> tuple[list[FeedSpec], list[str]]:
    """The feeds of an OPML file and its problems. With ``files``, an outline
    whose ``xmlUrl`` is a ``file://`` URL (how newsread exports a feed file in
    its library, the demo feed) is a spec too, for the caller to accept or
    refuse; otherwise it is a problem, as every address but http(s) is."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SubscriptionListError(f"not well-formed OPML ({exc})") from exc
    if _local(root.tag) != "opml":
        raise SubscriptionListError(f"not OPML (the root element is <{_local(root.tag)}>)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise SubscriptionListError("OPML without a <body>")
    specs: list[FeedSpec] = []
    problems: list[str] = []
    try:
        _walk(body, [], specs, problems, files)
    except RecursionError as exc:
        raise SubscriptionListError("OPML outlines nested too deeply to read") from exc
    return _merged(specs), problems


def _merged(specs: list[FeedSpec]) -> list[FeedSpec]:
    """One spec per feed: a feed listed in several folders is in each of them,
    its first listing's name kept."""
    by_url: dict[str, FeedSpec] = {}
    for spec in specs:
        key = canonical_url(spec.url) or spec.url
        first = by_url.get(key)
        if first is None:
            by_url[key] = spec
            continue
        first.tags = list(dict.fromkeys([*first.tags, *spec.tags]))
        first.folders += [path for path in spec.folders if path not in first.folders]
        first.site = first.site or spec.site
    return list(by_url.values())


_HTTP = re.compile(r"^https?://", re.I)
_FILE = re.compile(r"^file://", re.I)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _walk(
    node: ET.Element,
    folders: list[str],
    specs: list[FeedSpec],
    problems: list[str],
    files: bool = False,
) -> None:
    for outline in node:
        if _local(outline.tag) != "outline":
            continue
        label = (outline.get("title") or outline.get("text") or "").strip()
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and not (_HTTP.match(url) or (files and _FILE.match(url))):
            # A file:// or relative address would only fail at every refresh.
            problems.append(
                f"outline {label or '(untitled)'!r}: {url[:80]!r} is not an http(s) feed URL"
            )
        elif url:
            tags = split_tags([outline.get("category", "")])
            site = (outline.get("htmlUrl") or "").strip()
            specs.append(FeedSpec(url, label, tags, site, [list(folders)] if folders else []))
        elif len(outline):
            _walk(outline, [*folders, label] if label else folders, specs, problems, files)
        elif (outline.get("type") or "").lower() in ("rss", "atom"):
            problems.append(f"outline {label or '(untitled)'!r} has no xmlUrl")


def read_urls(text: str) -> tuple[list[FeedSpec], list[str]]:
    """newsboat's ``urls``: a URL per line, quoted tags after it, ``#`` comments.

    A tag ``"~Name"`` names the feed (newsboat's convention). A tag starting
    with ``!`` is newsboat's mark for a feed hidden from its list, not a tag:
    newsread lists every feed, so it is dropped. Every line that is not an
    http(s) feed is a problem with its reason: ``"query:..."`` lines are
    newsboat's saved searches, and ``exec:``/``filter:``/``file:`` ones read
    programs or files on that machine.
    """
    specs: list[FeedSpec] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        tokens = _tokens(line)
        if not tokens:
            continue
        url, tags = tokens[0], tokens[1:]
        if url.startswith("query:"):
            problems.append(
                f"line {number}: {url[:80]!r} is a newsboat query feed (a saved search), "
                "not a subscription; search the library with: newsread search"
            )
            continue
        if not _HTTP.match(url):
            problems.append(f"line {number}: {url[:80]!r} is not an http(s) feed URL")
            continue
        name = ""
        kept: list[str] = []
        for tag in tags:
            if tag.startswith("~"):
                name = tag[1:].strip()
            elif not tag.startswith("!"):
                kept.append(tag)
        specs.append(FeedSpec(url, name, split_tags(kept)))
    return specs, problems


def _tokens(line: str) -> list[str]:
    """Whitespace-separated words; double quotes group (``\\"`` escapes one);
    an unquoted ``#`` starts a comment."""
    tokens: list[str] = []
    current: list[str] = []
    quoted = False
    started = False
    i = 0
    while i < len(line):
        ch = line[i]
        if quoted:
            if ch == "\\" and i + 1 < len(line):
                current.append(line[i + 1])
                i += 1
            elif ch == '"':
                quoted = False
            else:
                current.append(ch)
        elif ch == '"':
            quoted = started = True
        elif ch == "#" and not started:
            break
        elif ch.isspace():
            if started:
                tokens.append("".join(current))
                current, started = [], False
        else:
            current.append(ch)
            started = True
        i += 1
    if started:
        tokens.append("".join(current))
    return tokens


def write_opml(feeds: Iterable[FeedSpec], title: str = "newsread subscriptions") -> str:
    """OPML 2.0: a feed's folders as nested outlines (a feed in two folders is
    listed in both), its other tags in ``category``; one outline per listing."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {(): body}

    def folder(path: tuple[str, ...]) -> ET.Element:
        if path not in folders:
            parent = folder(path[:-1])
            folders[path] = ET.SubElement(parent, "outline", text=path[-1], title=path[-1])
        return folders[path]

    for spec in feeds:
        attrs = {"type": "rss", "text": spec.name or spec.url, "title": spec.name or spec.url}
        attrs["xmlUrl"] = spec.url
        if spec.site:
            attrs["htmlUrl"] = spec.site
        if spec.tags:
            attrs["category"] = ",".join(spec.tags)
        for path in spec.folders or [[]]:
            ET.SubElement(folder(tuple(path)), "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
