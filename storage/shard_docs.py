"""Annotation files read raw: the documents of ``annotations/<id>.json`` as
plain dicts, with no TinyDB and no ``Annotation`` objects.

The passes over every annotated article (the statistics, the annotations
screen) read the files this way: at 100,000 articles a TinyDB opened per file
would cost more than the reading itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from storage.atomic import read_json
from storage.base import ID_RE
from storage.errors import CorruptFileError


def article_file_names(folder: Path) -> list[str]:
    """The article files in ``folder`` by name (no Path objects: 10,000 of them
    cost more than the names), none when it is missing."""
    try:
        with os.scandir(folder) as found:
            return [e.name for e in found if e.name.endswith(".json") and ID_RE.match(e.name[:-5])]
    except (FileNotFoundError, NotADirectoryError):
        return []


def annotation_docs(path: Path) -> list[dict[str, Any]]:
    """The annotation documents of one file (none when it is missing);
    CorruptFileError when it is not a JSON object of tables."""
    data = read_json(path) or {}
    table = data.get("annotations", {}) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise CorruptFileError(f"{path}: expected a JSON object of tables")
    return [doc for doc in table.values() if isinstance(doc, dict)]


def doc_annotator(doc: dict[str, Any], default: str) -> str:
    """Who made the annotation: its own ``annotator`` field, else one kept in its
    data (an import from another tool), else ``default``."""
    data = doc.get("data")
    for value in (doc.get("annotator"), data.get("annotator") if isinstance(data, dict) else None):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return default
