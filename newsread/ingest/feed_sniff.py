"""Whether some bytes are a feed, without loading feedparser (~0.15 s): the
CLI asks it of every input with a feed's file name, most of them not feeds."""

from __future__ import annotations

import re

_JSON_FEED = re.compile(rb'^\s*\{.*?"version"\s*:\s*"https?://jsonfeed\.org/version/', re.S)
_XML_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)

_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_XML_DECLARED = re.compile(rb"^(<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2", re.I)

#: Names a saved feed goes by: ``newsread import`` gives the entries of a file
#: named so on its command line (tui.cli.url_inputs).
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf", ".json", ".feed"})

__all__ = ["FEED_SUFFIXES", "from_utf16", "looks_like_feed"]


def from_utf16(data: bytes) -> bytes | None:
    """A document that starts with a UTF-16 byte-order mark, as UTF-8 (its XML
    declaration saying so), else None. The mark decides the encoding whatever a
    header or the declaration says. The patterns here look for ASCII bytes, and
    feedparser misreads UTF-16 served as text/xml or under another charset."""
    if data.startswith(_UTF32_BOMS):
        return None
    for bom, codec in _UTF16_BOMS.items():
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            return _XML_DECLARED.sub(rb"\1\2utf-8\2", text.encode("utf-8"), count=1)
    return None


def looks_like_feed(data: bytes, media_type: str = "") -> bool:
    """A cheap sniff: RSS/Atom/RDF root element or a JSON Feed version near the top."""
    head = data[:4096]
    head = from_utf16(head) or head
    if media_type in ("application/rss+xml", "application/atom+xml", "application/feed+json"):
        return True
    if _JSON_FEED.match(head):
        return True
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<") and not stripped[:200].lower().startswith(b"<!doctype html"):
        return bool(_XML_FEED.search(head))
    return False
