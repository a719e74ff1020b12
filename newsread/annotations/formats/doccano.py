"""``--format doccano``: doccano's JSONL for sequence labelling.

One line per article that has annotations placed on its text:
``{"text": body, "label": [[start, end, tag], ...], "article_id", "title",
"source", "url_or_path"}`` (doccano keeps the keys it does not know as the
example's metadata). An annotation with several tags gives one label per tag.
Offsets count Unicode code points, as the json export's do.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from newsread.annotations.formats import bodies, placed_by_article
from newsread.annotations.formats.jsonl import dumps_line


def examples(document: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    texts = bodies(document)
    placed = placed_by_article(document)
    for article_id, article in texts.items():
        labels = sorted(
            (r["start"], r["end"], tag) for r in placed.get(article_id, []) for tag in r["tags"]
        )
        if not labels:
            continue
        yield {
            "text": article["body"],
            "label": [list(label) for label in labels],
            "article_id": article_id,
            "title": article["title"],
            "source": article["source"],
            "url_or_path": article["url_or_path"],
        }


def dumps_doccano(document: Mapping[str, Any]) -> str:
    return "".join(dumps_line(e) for e in examples(document))
