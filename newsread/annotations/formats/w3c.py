"""``--format w3c``: a W3C Web Annotation ``AnnotationCollection`` (JSON-LD).

Shape (https://www.w3.org/TR/annotation-model/), every key and type a term of
the ``http://www.w3.org/ns/anno.jsonld`` context or a compact IRI on one of its
prefixes (``dcterms:``)::

    {"@context", "id", "type": "AnnotationCollection", "label", "total",
     "generated", "generator", "first": {"id", "type": "AnnotationPage",
     "startIndex": 0, "items": [annotation, ...]}, "last"}

Each annotation's ``target`` is a ``SpecificResource`` on the article
(``urn:newsread:article:<id>``, its title, outlet, address and text hash as
Dublin Core terms) with a ``TextQuoteSelector`` and a ``TextPositionSelector``;
tags are ``body`` items with ``purpose: "tagging"``, the note one with
``"commenting"``, ``data`` its JSON text with ``"describing"``; ``creator`` is
the annotator. Not carried: the orphan flag (an importer finds it again by
anchoring) and rejected suggestions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from newsread import __version__

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATION_PREFIX = "urn:newsread:annotation:"
ARTICLE_PREFIX = "urn:newsread:article:"
COLLECTION_PREFIX = "urn:newsread:export:"
HASH_PREFIX = "sha256:"
DATA_FORMAT = "application/json"


def _source(article: Mapping[str, Any]) -> dict[str, Any]:
    source: dict[str, Any] = {
        "id": ARTICLE_PREFIX + article["id"],
        "type": "Text",
        "format": "text/plain",
        "dcterms:title": article["title"],
    }
    if article["source"]:
        source["dcterms:publisher"] = article["source"]
    if article["url_or_path"]:
        source["dcterms:source"] = article["url_or_path"]
    source["dcterms:identifier"] = HASH_PREFIX + article["content_hash"]
    return source


def _body(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in record["tags"]
    ]
    if record["note"]:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": record["note"],
                "format": "text/plain",
            }
        )
    if record["data"]:
        text = json.dumps(record["data"], ensure_ascii=False, sort_keys=True)
        body.append(
            {"type": "TextualBody", "purpose": "describing", "value": text, "format": DATA_FORMAT}
        )
    return body


def annotation(record: Mapping[str, Any]) -> dict[str, Any]:
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": record["quote"]}
    if record["prefix"]:
        quote["prefix"] = record["prefix"]
    if record["suffix"]:
        quote["suffix"] = record["suffix"]
    motivation = "tagging" if record["tags"] else "commenting" if record["note"] else "highlighting"
    out: dict[str, Any] = {
        "id": ANNOTATION_PREFIX + record["id"],
        "type": "Annotation",
        "motivation": motivation,
    }
    if record["annotator"]:
        out["creator"] = {"type": "Person", "name": record["annotator"]}
    # xsd:dateTime has no null: a time the library never recorded is left out.
    if record["created"]:
        out["created"] = record["created"]
    if record["updated"]:
        out["modified"] = record["updated"]
    body = _body(record)
    if body:
        out["body"] = body
    out["target"] = {
        "type": "SpecificResource",
        "source": _source(record["article"]),
        "selector": [
            quote,
            {"type": "TextPositionSelector", "start": record["start"], "end": record["end"]},
        ],
    }
    return out


def collection(document: Mapping[str, Any]) -> dict[str, Any]:
    ident = COLLECTION_PREFIX + document["exported"]
    page_id = ident + "#page-1"
    items = [annotation(r) for r in document["annotations"]]
    return {
        "@context": CONTEXT,
        "id": ident,
        "type": "AnnotationCollection",
        "label": "newsread annotations",
        "total": len(items),
        "generated": document["exported"],
        "generator": {"type": "Software", "name": f"newsread {__version__}"},
        "first": {"id": page_id, "type": "AnnotationPage", "startIndex": 0, "items": items},
        "last": page_id,
    }


def dumps_w3c(document: Mapping[str, Any]) -> str:
    return json.dumps(collection(document), ensure_ascii=False, indent=2) + "\n"
