"""``--format jsonl``: the json export one record per line.

Each line is one JSON object with a ``type``: ``"article"`` (only with
``--with-text``: the article reference and its ``body``, before any
annotation), ``"annotation"`` and ``"rejected_suggestion"`` (the json export's
records, unchanged otherwise). The document's ``format``, ``version`` and
``exported`` are not written: a line stands on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import orjson

LINE_TYPES = ("article", "annotation", "rejected_suggestion")


def records(document: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for article in document.get("articles", []):
        yield {"type": "article", **article}
    for record in document["annotations"]:
        yield {"type": "annotation", **record}
    for record in document["rejected_suggestions"]:
        yield {"type": "rejected_suggestion", **record}


#: Line breaks to Unicode but not to JSON, which orjson leaves raw in strings:
#: readers that split lines on them (Python's str.splitlines) would cut a record.
_UNICODE_BREAKS = str.maketrans({c: f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"})


def dumps_line(record: Any) -> str:
    """One JSON record as one line, whatever its strings hold."""
    return orjson.dumps(record).decode("utf-8").translate(_UNICODE_BREAKS) + "\n"


def dumps_jsonl(document: Mapping[str, Any]) -> str:
    return "".join(dumps_line(r) for r in records(document))


def encode_jsonl(records: Iterable[Mapping[str, Any]], kind: str) -> bytes:
    """``records`` of one ``type`` as lines, as ``dumps_jsonl`` writes them."""
    return "".join(dumps_line({"type": kind, **record}) for record in records).encode("utf-8")


def encode_jsonl_export(shards: Iterable[Any], with_text: bool = False) -> tuple[bytes, int]:
    """The jsonl export of ``shards`` (see ``export.encode_by_article``) and how
    many annotations it holds: the bytes ``dumps_jsonl`` makes of the whole
    document, without the document."""
    from newsread.annotations.export import encode_by_article

    parts = encode_by_article(shards, lambda records: encode_jsonl(records, "annotation"))
    pieces = [encode_jsonl(parts.bodies(), "article")] if with_text else []
    pieces += parts.annotations
    pieces.append(encode_jsonl(parts.suggestions, "rejected_suggestion"))
    return b"".join(pieces), parts.count
