"""``--format csv``: one row per annotation, for a spreadsheet.

UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the local code
page), CRLF row ends, every cell holding a comma, quote or line break quoted,
so notes with several lines stay in their cell. Rejected suggestions are not
rows; ``data`` is its JSON text; tags are joined with ``"; "``.

A text cell that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-`` or ``@``) gets a leading apostrophe: quotes and notes come from
articles and people, and a cell must never call out to the network or the
shell when the file is opened.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

COLUMNS = (
    "id",
    "article_id",
    "article_title",
    "article_source",
    "article_url_or_path",
    "article_content_hash",
    "annotator",
    "tags",
    "note",
    "quote",
    "prefix",
    "suffix",
    "start",
    "end",
    "created",
    "updated",
    "orphan",
    "data",
)
TAG_SEPARATOR = "; "
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@")


def inert(text: str) -> str:
    """``text`` as a spreadsheet shows it literally (see the module doc)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def row(record: Mapping[str, Any]) -> list[str]:
    article = record["article"]
    return [
        record["id"],
        article["id"],
        inert(article["title"]),
        inert(article["source"]),
        inert(article["url_or_path"]),
        article["content_hash"],
        inert(record["annotator"]),
        inert(TAG_SEPARATOR.join(record["tags"])),
        inert(record["note"]),
        inert(record["quote"]),
        inert(record["prefix"]),
        inert(record["suffix"]),
        str(record["start"]),
        str(record["end"]),
        record["created"] or "",
        record["updated"] or "",
        "true" if record["orphan"] else "false",
        json.dumps(record["data"], ensure_ascii=False, sort_keys=True) if record["data"] else "",
    ]


def dumps_csv(document: Mapping[str, Any]) -> str:
    return BOM + _rows([COLUMNS]) + _rows(row(record) for record in document["annotations"])


def _rows(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue()


def encode_csv_export(shards: Iterable[Any]) -> tuple[bytes, int]:
    """The csv export of ``shards`` (see ``export.encode_by_article``) and how
    many annotations it holds: the bytes of ``dumps_csv`` of the whole
    document (UTF-8), without the document."""
    from newsread.annotations.export import encode_by_article

    parts = encode_by_article(
        shards, lambda records: _rows(row(r) for r in records).encode("utf-8")
    )
    head = (BOM + _rows([COLUMNS])).encode("utf-8")
    return b"".join([head, *parts.annotations]), parts.count
