"""One pipeline from the bytes or text of one input to the articles it holds.

Every way news comes in (a file, stdin, a fetched page) goes through here, so
an HTML page gives the same articles whether it was saved, piped or fetched,
and ``newsread extract --json`` shows exactly what ``newsread import`` adds.

    bytes ──gunzip?──► kind (html / json / jsonl / text) ──decode──► text
    text ──► html: trafilatura + rules (``html``)
             json, jsonl: article records (``jsonfiles``)
             text: the dump parser (``dumps``)

The kind comes from the file name or media type, but a page is HTML when its
content says so, whatever it is called: pages are saved as ``.txt`` or
served as ``text/plain`` often enough. Callers that fetch pass the HTTP
charset, which goes before the page's own ``<meta>`` declaration.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from newsread.ingest.encodings import (
    BINARY,
    DecodeError,
    charset_codec,
    decode_html,
    decode_text,
    repair_mojibake,
)
from newsread.ingest.jsonfiles import looks_like_json, parse_json_articles
from newsread.model import Cut
from newsread.sanitize import drop_escape_sequences

if TYPE_CHECKING:
    from newsread.ingest.dumps import ParsedArticle

HTML, JSON, JSONL, TEXT = "html", "json", "jsonl", "text"

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
JSON_TYPES = frozenset({"application/json", "text/json"})
JSONL_TYPES = frozenset({"application/x-ndjson", "application/jsonl", "application/x-jsonlines"})

_GZIP_MAGIC = b"\x1f\x8b"
#: Decompressed size allowed by default; callers pass their own input limit.
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class ExtractedArticle:
    """One article as ``extract --json`` prints it and ``import`` stores it."""

    title: str
    body: str
    byline: str = ""
    source: str = ""
    published: str = ""  # ISO date "YYYY-MM-DD" or ""
    url: str = ""
    removed: list[str] = field(default_factory=list)
    dateline: str = ""
    title_derived: bool = False
    #: What cleaning cut, with reasons and body offsets, in body order
    #: (``newsread.model.Cut``); ``removed`` is their text alone.
    cuts: list[Cut] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The fields of the ``extract --json`` contract, in its order."""
        return {
            "title": self.title,
            "byline": self.byline,
            "source": self.source,
            "published": self.published,
            "url": self.url,
            "body": self.body,
            "removed": list(self.removed),
        }


@dataclass
class Extraction:
    """The articles of one input, main story first, and the records that could
    not be used (JSON lines: ``(line, reason)``); the rest of the input stands."""

    kind: str
    articles: list[ExtractedArticle] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    #: The problems are the whole input's (one JSON document), not some
    #: records' among others.
    whole: bool = False
    #: Records past the reported problems, summed up in the last one.
    unreported: int = 0
    #: (line, what) of records imported without something they gave (a date
    #: that is not one): the article stands, the user is told what it lacks.
    notes: list[tuple[int, str]] = field(default_factory=list)


# -- bytes into text ---------------------------------------------------------------------------


def gunzip(data: bytes, limit: int = MAX_BYTES) -> bytes:
    """The content of gzip data, at most ``limit`` bytes, or ``DecodeError``.

    Decompressed in bounded steps: a small "bomb" never gets to fill memory.
    """
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise DecodeError(f"binary data (a damaged gzip file: {exc})") from exc
    if len(out) > limit:
        raise DecodeError(f"too large once decompressed (more than the limit of {limit} bytes)")
    if not inflater.eof:
        raise DecodeError("binary data (a truncated gzip file)")
    return out


def kind_of(name: str = "", media_type: str = "") -> str:
    """The kind a file name or media type announces; "" when it announces none."""
    suffix = PurePath(name).suffix.lower() if name else ""
    media_type = media_type.split(";", 1)[0].strip().lower()
    if suffix in HTML_SUFFIXES or media_type in HTML_TYPES:
        return HTML
    if suffix in JSONL_SUFFIXES or media_type in JSONL_TYPES:
        return JSONL
    if suffix in JSON_SUFFIXES or media_type in JSON_TYPES:
        return JSON
    return ""


def decode_input(
    data: bytes,
    name: str = "",
    media_type: str = "",
    charset: str = "",
    limit: int = MAX_BYTES,
) -> tuple[str, str]:
    """``(text, kind)`` of one input's bytes, or ``DecodeError`` saying why it is not text.

    ``name`` is the file name (``.gz`` is looked through: ``page.html.gz`` is
    HTML); ``media_type`` and ``charset`` come from an HTTP response.
    """
    if data.startswith(_GZIP_MAGIC):
        data = gunzip(data, limit)
        if name.lower().endswith(".gz"):
            name = name[:-3]
    kind = kind_of(name, media_type)
    if kind == HTML or (kind == "" and _looks_like_html(_head(data))):
        return decode_html(data, charset), HTML
    text = _decode_declared(data, charset) if charset else None
    if text is None:
        text = decode_text(data)
    if kind == "" and _looks_like_html(text):
        return text, HTML  # a page that only a decoder could see (UTF-16)
    if kind == "" and _is_json(text):
        kind = JSON
    return text, kind or TEXT


def _looks_like_html(text: str) -> bool:
    # The HTML and dump modules load only for inputs that need them: a JSON
    # file does without the extractor and the line rules (~40 ms a command).
    from newsread.ingest.html import looks_like_html

    return looks_like_html(text)


def _head(data: bytes) -> str:
    # Enough to see the markup a page starts with, in any ASCII-compatible encoding.
    return data[:2048].decode("latin-1")


def _is_json(text: str) -> bool:
    """Text that parses as JSON, whole or by its first line (JSON Lines), whatever
    it is called: a dump that merely starts with "[Updated]" stays a dump."""
    if not looks_like_json(text):
        return False
    try:
        json.loads(text)
    except RecursionError:
        return True  # JSON too deep to parse: the JSON reader says so, not a dump of brackets
    except ValueError:
        first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
        try:
            return isinstance(json.loads(first), dict)
        except RecursionError:
            return True
        except ValueError:
            return False
    return True


def _decode_declared(data: bytes, charset: str) -> str | None:
    codec = charset_codec(charset)
    if not codec or b"\x00" in data:
        return None
    try:
        # utf-8-sig: a BOM is no character of the text, whatever the header says.
        text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError:
        return None  # the header is wrong about these bytes: detect instead
    return repair_mojibake(text)


# -- text into articles ------------------------------------------------------------------------


def extract_text(text: str, kind: str = TEXT, url: str = "") -> Extraction:
    """The articles of a decoded input of the given kind, main story first.

    ``url`` is where the input came from, if it came from the web.
    """
    if kind == HTML:
        from newsread.ingest.html import extract_html

        page = extract_html(text, url=url)
        return Extraction(HTML, [_from_parsed(a, page.url or url) for a in page.articles])
    if kind in (JSON, JSONL):
        result = parse_json_articles(text, lines=True if kind == JSONL else None)
        articles = [_from_parsed(item.article, item.url) for item in result.articles]
        return Extraction(
            kind, articles, list(result.problems), result.whole, result.unreported, result.notes
        )
    from newsread.ingest.dumps.parse import parse_dump

    articles = parse_dump(drop_escape_sequences(text))
    return Extraction(TEXT, [_from_parsed(a, url) for a in articles])


def extract_bytes(
    data: bytes,
    name: str = "",
    media_type: str = "",
    charset: str = "",
    url: str = "",
    limit: int = MAX_BYTES,
) -> Extraction:
    """Decode and extract one input in one call (what a fetched page needs).

    Raises ``DecodeError`` when the bytes are not text (binary data, an
    unknown encoding, a damaged gzip file).
    """
    text, kind = decode_input(data, name, media_type, charset, limit)
    return extract_text(text, kind, url=url)


def _from_parsed(article: ParsedArticle, url: str) -> ExtractedArticle:
    return ExtractedArticle(
        title=article.title,
        body=article.body,
        byline=article.byline,
        source=article.source,
        published=article.published,
        url=url,
        removed=list(article.removed),
        dateline=article.dateline,
        title_derived=article.title_derived,
        cuts=list(article.cuts),
    )


__all__ = [
    "BINARY",
    "HTML",
    "JSON",
    "JSONL",
    "TEXT",
    "DecodeError",
    "ExtractedArticle",
    "Extraction",
    "decode_input",
    "extract_bytes",
    "extract_text",
    "gunzip",
    "kind_of",
]
