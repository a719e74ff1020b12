"""``--format doccano``: doccano's JSONL for sequence labelling.

One line per article that has annotations placed on its text:
``{"text": body, "label": [[start, end, tag], ...], "article_id", "title",
"source", "url_or_path"}`` (doccano keeps the keys it does not know as the
example's metadata). An annotation with several tags gives one label per tag.

Offsets count UTF-16 code units, not the code points of the json export:
doccano's sequence labelling takes its offsets from the browser's selection
in a JavaScript string, where a character past U+FFFF (an emoji) is two
units, and stores what it is given unchanged (doccano issue #2290). A project
made with "Count grapheme clusters as one character" counts grapheme
clusters instead and does not read these offsets right.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from newsread.annotations.formats import bodies, placed_by_article
from newsread.annotations.formats.jsonl import dumps_line
from newsread.annotations.formats.utf16 import Utf16Offsets


def examples(document: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    texts = bodies(document)
    placed = placed_by_article(document)
    for article_id, article in texts.items():
        labels = sorted(
            (r["start"], r["end"], tag) for r in placed.get(article_id, []) for tag in r["tags"]
        )
        if not labels:
            continue
        units = Utf16Offsets(article["body"])
        yield {
            "text": article["body"],
            "label": [[units.to_utf16(s), units.to_utf16(e), tag] for s, e, tag in labels],
            "article_id": article_id,
            "title": article["title"],
            "source": article["source"],
            "url_or_path": article["url_or_path"],
        }


def dumps_doccano(document: Mapping[str, Any]) -> str:
    return "".join(dumps_line(e) for e in examples(document))
