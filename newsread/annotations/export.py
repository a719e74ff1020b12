"""The annotations export document (``newsread export``).

One JSON object holds every annotation and every rejected suggestion of a library.
Its shape is fixed by ``newsread/schemas/annotations.schema.json`` (JSON Schema
draft 2020-12) and described for people in ``docs/export-format.md``; bump
:data:`EXPORT_VERSION` when a change would break a consumer of version 1.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from newsread.annotations.rejections import cue_key, names_its_claim, rejected_by
from newsread.model import CONTEXT_CHARS, Annotation, Article, now_iso, quote_context
from newsread.stamps import moment

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

    turned_down = []
    for article, dropped in rejected:
        texts.setdefault(article.id, article)
        turned_down.append((_article_ref(article), article, dropped))

    annotations.sort(key=lambda pair: pair[0])
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": exported if exported is not None else now_iso(),
        "annotations": [record for _, record in annotations],
        "rejected_suggestions": _rejected_records(turned_down),
    }
    if with_text:
        document["articles"] = _article_bodies(texts)
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
    return _record(ref, article, vars(note), utc_or_none)


def _record(
    ref: dict[str, Any],
    article: Article,
    fields: Mapping[str, Any],
    utc: Callable[[Any], str | None],
) -> dict[str, Any]:
    """The export record of one annotation, from its fields (an Annotation's, or
    the dict stored for it: the defaults are Annotation's). ``utc`` is
    utc_or_none, or a memo of it."""
    get = fields.get
    start, end, quote = fields["start"], fields["end"], fields["quote"]
    prefix, suffix, orphan = get("prefix", ""), get("suffix", ""), get("orphan", False)
    # The body is compared only when it is needed (most records have context).
    if not prefix and not suffix and not orphan and article.body[start:end] == quote:
        # Older records may lack context; recompute it while the body still agrees.
        prefix, suffix = quote_context(article.body, start, end)
    created = get("created", "")
    data = get("data")
    return {
        "id": fields["id"],
        # Each record gets its own copy so a consumer mutating one cannot alter another.
        "article": dict(ref),
        "tags": [str(tag) for tag in get("tags", ())],
        "note": get("note", ""),
        "quote": quote,
        "prefix": prefix[-CONTEXT_CHARS:] if prefix else "",
        "suffix": suffix[:CONTEXT_CHARS],
        "start": start,
        "end": end,
        "created": utc(created),
        "updated": utc(get("updated", "") or created),
        "orphan": bool(orphan),
        # A deep, JSON-clean copy; most annotations have no data, and skipping
        # the round trip for them is a third of exporting 100,000 annotations.
        "data": json.loads(json.dumps(data)) if data else {},
        "annotator": get("annotator", ""),
    }


@dataclass
class EncodedExport:
    """An export's parts, each article's annotation records already encoded:
    what the streamed writers (json, jsonl, csv) put together."""

    #: each article's annotation records encoded, in the document's order
    annotations: list[bytes]
    #: the rejected suggestions' records, in the document's order (few)
    suggestions: list[dict[str, Any]]
    #: every article with an annotation or a rejected suggestion, by id
    texts: dict[str, Article]
    count: int

    def bodies(self) -> list[dict[str, Any]]:
        """The ``articles`` list of an export with text."""
        return _article_bodies(self.texts)


def encode_by_article(
    shards: Iterable[tuple[Article, Sequence[Mapping[str, Any]], list[dict[str, Any]]]],
    encode: Callable[[list[dict[str, Any]]], bytes],
) -> EncodedExport:
    """The export's records, article by article, each article's annotation
    records handed to ``encode`` as soon as they are made and dropped: 100,000
    annotations never sit in memory as dicts (a third of the export's time
    went on that memory, and 150 MB at 100,000).

    ``shards`` gives each article once with its annotations as stored dicts (in
    the library's order: start, end, created) and its rejected suggestions; an
    article with neither is left out."""
    chunks: list[tuple[tuple[Any, ...], bytes]] = []
    texts: dict[str, Article] = {}
    rejected: list[tuple[dict[str, Any], Article, list[dict[str, Any]]]] = []
    times = _UtcMemo()
    count = 0
    for article, docs, dropped in shards:
        if docs:
            texts.setdefault(article.id, article)
            records = doc_records(_article_ref(article), article, docs, times)
            # The document's order within one article: a stable sort, as there.
            records.sort(key=_RECORD_ORDER)
            count += len(records)
            chunks.append(((article.title.casefold(), article.id), encode(records)))
        if dropped:
            texts.setdefault(article.id, article)
            rejected.append((_article_ref(article), article, dropped))
    # The suggestions are checked after every annotation, as build_export does.
    suggestions = _rejected_records(rejected)
    chunks.sort(key=lambda pair: pair[0])
    return EncodedExport([chunk for _, chunk in chunks], suggestions, texts, count)


def encode_json_export(
    shards: Iterable[tuple[Article, Sequence[Mapping[str, Any]], list[dict[str, Any]]]],
    exported: str | None = None,
    with_text: bool = False,
) -> tuple[bytes, int]:
    """The json export and how many annotations it holds: exactly the bytes of
    ``orjson.dumps(build_export(...), option=OPT_INDENT_2)`` and a newline (what
    ``newsread export`` writes), but no document is built (``encode_by_article``)."""
    parts = encode_by_article(shards, _list_items)
    suggestions = parts.suggestions
    fields = [
        ("format", [orjson.dumps(EXPORT_FORMAT)]),
        ("version", [orjson.dumps(EXPORT_VERSION)]),
        ("exported", [orjson.dumps(exported if exported is not None else now_iso())]),
        ("annotations", _list_value(parts.annotations)),
        ("rejected_suggestions", _list_value([_list_items(suggestions)] if suggestions else [])),
    ]
    if with_text:
        bodies = parts.bodies()
        fields.append(("articles", _list_value([_list_items(bodies)] if bodies else [])))
    # One join of every piece: each concatenation would copy the whole export.
    pieces = [b"{\n"]
    for n, (name, value) in enumerate(fields):
        pieces += [b",\n  " if n else b"  ", orjson.dumps(name), b": ", *value]
    pieces.append(b"\n}\n")
    return b"".join(pieces), parts.count


def doc_records(
    ref: dict[str, Any],
    article: Article,
    docs: Iterable[Mapping[str, Any]],
    times: dict[Any, str | None] | None = None,
) -> list[dict[str, Any]]:
    """The export records of ``article``'s annotations given as stored dicts:
    those _annotation_record makes of Annotation.from_dict(doc), read straight
    from the dict (an Annotation apiece was a fifth of exporting 100,000).
    ``times`` memoises utc_or_none across calls: many annotations share a time."""
    utc = times if times is not None else _UtcMemo()
    records = []
    for doc in docs:
        if doc["article_id"] != article.id:
            raise ValueError(
                f"annotation {doc['id']} belongs to article {doc['article_id']}, not {article.id}"
            )
        try:
            record = _record(ref, article, doc, utc.__getitem__)
        except TypeError:
            # Something of an odd type (an unhashable time, a non-string
            # context): the general path decides, and says what is wrong.
            record = _annotation_record(ref, article, Annotation.from_dict(dict(doc)))
        records.append(record)
    return records


def _article_bodies(texts: dict[str, Article]) -> list[dict[str, Any]]:
    """The ``articles`` list of an export with text: each article once, with its body."""
    ordered = sorted(texts.values(), key=lambda a: (a.title.casefold(), a.id))
    return [{**_article_ref(a), "body": a.body} for a in ordered]


#: build_export's order within one article (the title and id being the same).
_RECORD_ORDER = operator.itemgetter("start", "end", "id")


class _UtcMemo(dict[Any, str | None]):
    """utc_or_none of each stored time, worked out once per distinct value."""

    def __missing__(self, value: Any) -> str | None:
        normal = self[value] = utc_or_none(value)
        return normal


def _rejected_records(
    rejected: Iterable[tuple[dict[str, Any], Article, list[dict[str, Any]]]],
) -> list[dict[str, Any]]:
    """The export's rejected_suggestions from (ref, article, suggestions), sorted
    by article title, id, span, kind, label and annotator."""
    keyed = []
    for ref, article, dropped in rejected:
        title = article.title.casefold()
        for suggestion in dropped:
            record = _rejected_record(ref, article, suggestion)
            key = (title, article.id, record["start"], record["end"], record["kind"])
            keyed.append(((*key, record["label"], record.get("annotator", "")), record))
    keyed.sort(key=lambda pair: pair[0])
    return [record for _, record in keyed]


#: How orjson's two-space indent opens and closes a list held by a key of the
#: top-level object: the items between sit exactly as they do in the document.
_ITEMS_HEAD = b'{\n  "k": [\n'
_ITEMS_TAIL = b"\n  ]\n}"


def _list_items(records: list[Any]) -> bytes:
    """``records`` (not empty) as the items of one of the document's lists,
    indented as orjson indents them there (newlines between them, none after)."""
    encoded = orjson.dumps({"k": records}, option=orjson.OPT_INDENT_2)
    return encoded[len(_ITEMS_HEAD) : -len(_ITEMS_TAIL)]


def _list_value(chunks: list[bytes]) -> list[bytes]:
    """The pieces of a top-level key's list made of runs of items from _list_items."""
    if not chunks:
        return [b"[]"]
    pieces = [b"[\n"]
    for n, chunk in enumerate(chunks):
        pieces += [b",\n", chunk] if n else [chunk]
    pieces.append(b"\n  ]")
    return pieces


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
    record = {
        "article": dict(ref),
        "kind": kind,
        "label": str(suggestion.get("label", "")),
        "start": start,
        "end": end,
        "text": str(text),
        "rejected": utc_or_none(suggestion.get("rejected")),
    }
    if names_its_claim(suggestion):
        # Which of the span's claims (two can share it); a rejection made
        # before claims kept it has none and stands for every claim there.
        cue = suggestion["cue"]
        record["cue"] = None if cue_key(cue) is None else _cue(cue)
    by = rejected_by(suggestion)
    if by:
        # Absent for a rejection made before annotators were recorded (everyone's).
        record["annotator"] = by
    return record


def _cue(cue: Mapping[str, Any]) -> dict[str, Any]:
    return {"start": int(cue["start"]), "end": int(cue["end"]), "text": str(cue.get("text", ""))}


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
    when = moment(value)
    return None if when is None else when.astimezone(UTC).isoformat(timespec="seconds")
