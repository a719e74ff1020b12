"""Whether some bytes are a feed, without loading feedparser (~0.15 s): the
CLI asks it of every input with a feed's file name, most of them not feeds."""

from __future__ import annotations

import re

_JSON_FEED = re.compile(rb'^\s*\{.*?"version"\s*:\s*"https?://jsonfeed\.org/version/', re.S)
_XML_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)

__all__ = ["looks_like_feed"]


def looks_like_feed(data: bytes, media_type: str = "") -> bool:
    """A cheap sniff: RSS/Atom/RDF root element or a JSON Feed version near the top."""
    head = data[:4096]
    if media_type in ("application/rss+xml", "application/atom+xml", "application/feed+json"):
        return True
    if _JSON_FEED.match(head):
        return True
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<") and not stripped[:200].lower().startswith(b"<!doctype html"):
        return bool(_XML_FEED.search(head))
    return False
