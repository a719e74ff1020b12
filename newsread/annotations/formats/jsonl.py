"""``--format jsonl``: the json export one record per line.

Each line is one JSON object with a ``type``: ``"article"`` (only with
``--with-text``: the article reference and its ``body``, before any
annotation), ``"annotation"`` and ``"rejected_suggestion"`` (the json export's
records, unchanged otherwise). The document's ``format``, ``version`` and
``exported`` are not written: a line stands on its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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


def dumps_jsonl(document: Mapping[str, Any]) -> str:
    # orjson escapes no non-ASCII and never writes a raw newline inside a value:
    # one record is always one line.
    return "".join(orjson.dumps(r).decode("utf-8") + "\n" for r in records(document))
