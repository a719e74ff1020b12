"""The annotations export document (``newsread export``).

One JSON object holds every annotation and every rejected suggestion of a library.
Its shape is fixed by ``newsread/schemas/annotations.schema.json`` (JSON Schema
draft 2020-12) and described for people in ``docs/export-format.md``; bump
:data:`EXPORT_VERSION` when a change would break a consumer of version 1.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from newsread.model import CONTEXT_CHARS, Annotation, Article, now_iso, quote_context

EXPORT_FORMAT = "newsread-annotations"
EXPORT_VERSION = 1
SUGGESTION_KINDS = ("entity", "claim")
_SCHEMA_FILE = "annotations.schema.json"
#: An ISO-8601 UTC time to the second, as newsread writes them.
_CANONICAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", re.ASCII)


def schema_path() -> Path:
    """Where the export schema ships inside the installed package."""
    resource = resources.files("newsread").joinpath("schemas", _SCHEMA_FILE)
    # Packages are installed as directories (never zipped: see pyproject), so the
    # Traversable is a real file; a str() round-trip turns it into a Path.
    return Path(str(resource))


def load_schema() -> dict[str, Any]:
    """The export schema as a dict (read through importlib.resources)."""
    text = resources.files("newsread").joinpath("schemas", _SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def build_export(
    items: Iterable[tuple[Article, list[Annotation]]],
    rejected: Iterable[tuple[Article, list[dict[str, Any]]]] = (),
    exported: str | None = None,
    with_text: bool = False,
) -> dict[str, Any]:
    """Assemble the export document.

    ``items`` pairs each article with its annotations; ``rejected`` pairs each
    article with the suggestions the user turned down (dicts with ``kind``,
    ``label``, ``start``, ``end``, optional ``text`` and ``rejected``). Both lists
    come out sorted by article title, then by start offset, so exports of the
    same library diff cleanly. ``with_text`` adds ``articles``: each article
    named, once, with its body (the other formats build on that).
    """
    texts: dict[str, Article] = {}
    annotations: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for article, notes in items:
        texts.setdefault(article.id, article)
        ref = _article_ref(article)
        title = article.title.casefold()
        for note in notes:
            if note.article_id != article.id:
                raise ValueError(
                    f"annotation {note.id} belongs to article {note.article_id}, not {article.id}"
                )
            key = (title, article.id, note.start, note.end, note.id)
            annotations.append((key, _annotation_record(ref, article, note)))

    suggestions: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for article, dropped in rejected:
        texts.setdefault(article.id, article)
        ref = _article_ref(article)
        for suggestion in dropped:
            record = _rejected_record(ref, article, suggestion)
            key = (
                article.title.casefold(),
                article.id,
                record["start"],
                record["end"],
                record["kind"],
                record["label"],
            )
            suggestions.append((key, record))

    annotations.sort(key=lambda pair: pair[0])
    suggestions.sort(key=lambda pair: pair[0])
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": exported if exported is not None else now_iso(),
        "annotations": [record for _, record in annotations],
        "rejected_suggestions": [record for _, record in suggestions],
    }
    if with_text:
        ordered = sorted(texts.values(), key=lambda a: (a.title.casefold(), a.id))
        document["articles"] = [{**_article_ref(a), "body": a.body} for a in ordered]
    return document


def dumps_export(document: Mapping[str, Any]) -> str:
    """Serialise an export document the way ``newsread export`` prints it."""
    # ensure_ascii=False keeps quotes readable; the output is UTF-8 anyway.
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _article_ref(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url_or_path": article.url_or_path,
        # Lets an import find the article again when its id and address differ
        # (another library imported the same text from elsewhere).
        "content_hash": article.content_hash,
    }


def _annotation_record(ref: dict[str, Any], article: Article, note: Annotation) -> dict[str, Any]:
    prefix, suffix = note.prefix, note.suffix
    # The body is compared only when it is needed (most records have context).
    if (
        not prefix
        and not suffix
        and not note.orphan
        and article.body[note.start : note.end] == note.quote
    ):
        # Older records may lack context; recompute it while the body still agrees.
        prefix, suffix = quote_context(article.body, note.start, note.end)
    return {
        "id": note.id,
        # Each record gets its own copy so a consumer mutating one cannot alter another.
        "article": dict(ref),
        "tags": [str(tag) for tag in note.tags],
        "note": note.note,
        "quote": note.quote,
        "prefix": prefix[-CONTEXT_CHARS:] if prefix else "",
        "suffix": suffix[:CONTEXT_CHARS],
        "start": note.start,
        "end": note.end,
        "created": utc_or_none(note.created),
        "updated": utc_or_none(note.updated or note.created),
        "orphan": bool(note.orphan),
        # A deep, JSON-clean copy; most annotations have no data, and skipping
        # the round trip for them is a third of exporting 100,000 annotations.
        "data": json.loads(json.dumps(note.data)) if note.data else {},
        "annotator": note.annotator,
    }


def _rejected_record(
    ref: dict[str, Any], article: Article, suggestion: Mapping[str, Any]
) -> dict[str, Any]:
    kind = suggestion.get("kind")
    if kind not in SUGGESTION_KINDS:
        raise ValueError(f"rejected suggestion kind must be one of {SUGGESTION_KINDS}: {kind!r}")
    start, end = int(suggestion["start"]), int(suggestion["end"])
    text = suggestion.get("text")
    if text is None:
        text = article.body[start:end]
    return {
        "article": dict(ref),
        "kind": kind,
        "label": str(suggestion.get("label", "")),
        "start": start,
        "end": end,
        "text": str(text),
        "rejected": utc_or_none(suggestion.get("rejected")),
    }


def utc_or_none(value: object) -> str | None:
    """Normalise a stored timestamp to ISO-8601 UTC; None when missing or unreadable.

    Records written before timestamps were kept have "" here. Exporting null says
    "unknown" honestly, where inventing a time (or failing the whole export over
    one legacy record) would not.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    if _CANONICAL.fullmatch(value):
        # What newsread writes already is its own normal form (once the date is
        # known to exist): a third of an export's record building spared.
        try:
            if datetime.fromisoformat(value).isoformat() == value:
                return value
        except ValueError:
            return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        # newsread always writes aware UTC times; a naive one came from elsewhere
        # and UTC is the least surprising reading.
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")
