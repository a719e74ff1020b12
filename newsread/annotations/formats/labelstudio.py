"""``--format labelstudio``: Label Studio's JSON import, one task per article.

Each task is ``{"data": {"text": body, "article_id", "title", "source",
"url_or_path"}, "annotations": [{"result": [...]}]}`` with one entry in
``annotations`` per annotator (Label Studio keeps each person's work as one
annotation of the task), each result a ``labels`` region::

    {"id": annotation id, "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start", "end", "text", "labels": [tags]}, "meta": {"text": [note]}}

It fits a labelling config with ``<Text name="text" value="$text"/>`` and
``<Labels name="label" toName="text">`` listing the tags.

``start`` and ``end`` count code points, as the json export's do: Label
Studio's ``Text`` tag counts code points too (its end-to-end tests check a
word after an emoji), unlike doccano, whose offsets are UTF-16 code units.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from newsread.annotations.formats import bodies, placed_by_article

FROM_NAME = "label"
TO_NAME = "text"


def _region(record: Mapping[str, Any]) -> dict[str, Any]:
    region: dict[str, Any] = {
        "id": record["id"],
        "from_name": FROM_NAME,
        "to_name": TO_NAME,
        "type": "labels",
        "value": {
            "start": record["start"],
            "end": record["end"],
            "text": record["quote"],
            "labels": list(record["tags"]),
        },
    }
    if record["note"]:
        region["meta"] = {"text": [record["note"]]}
    return region


def tasks(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    texts = bodies(document)
    placed = placed_by_article(document)
    out: list[dict[str, Any]] = []
    for article_id, article in texts.items():
        by_annotator: dict[str, list[dict[str, Any]]] = {}
        for record in placed.get(article_id, []):
            if record["tags"]:
                by_annotator.setdefault(record["annotator"], []).append(_region(record))
        if not by_annotator:
            continue
        out.append(
            {
                "data": {
                    "text": article["body"],
                    "article_id": article_id,
                    "title": article["title"],
                    "source": article["source"],
                    "url_or_path": article["url_or_path"],
                },
                "annotations": [{"result": by_annotator[name]} for name in sorted(by_annotator)],
            }
        )
    return out


def dumps_labelstudio(document: Mapping[str, Any]) -> str:
    return orjson.dumps(tasks(document), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
