"""The export document (``newsread.annotations.export``) in other shapes.

Every format is built from the same ``json`` document, made with
``with_text=True`` where a format needs the article bodies, so no format can
hold something the ``json`` export does not; what each one drops is listed in
``docs/export-format.md``. One module per format, none importing Textual or
TinyDB; spaCy is imported only when a ``.spacy`` file is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Every ``newsread export --format`` name, in the order the help lists them.
FORMATS = ("json", "jsonl", "w3c", "csv", "spacy", "doccano", "labelstudio")
#: The formats that carry the bodies by themselves (``--with-text`` is for json, jsonl).
WITH_BODIES = ("spacy", "doccano", "labelstudio")
#: The formats ``newsread import-annotations`` reads back.
READABLE = ("json", "jsonl", "w3c")


def bodies(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The document's ``articles`` (``with_text=True``) by id, in title order."""
    return {a["id"]: a for a in document.get("articles", [])}


def placed_by_article(document: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The annotations that sit on the text as it is (orphans left out: their
    offsets point at text the body no longer holds), by article id."""
    out: dict[str, list[dict[str, Any]]] = {}
    for record in document["annotations"]:
        if not record["orphan"]:
            out.setdefault(record["article"]["id"], []).append(record)
    return out


def rejected_by_article(document: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for record in document["rejected_suggestions"]:
        out.setdefault(record["article"]["id"], []).append(record)
    return out
