"""Reading annotation files back: ``json``, ``jsonl`` and ``w3c`` exports.

The format is recognised from the content, not the file name. Everything is
checked before anything is returned: a file with one malformed record is
refused whole (FormatError, one line saying where), so an import never writes
half a file. One exception: an annotation carrying a tag name the tag rule
refuses (control characters, a comma: newsread.annotations.tagnames) is left
out with its reason in ``AnnotationFile.refused`` and the rest is read, so a
library holding such a tag from before the rule can still share its work.
Keys this version does not know are ignored, so a file from a newer newsread
with added fields still reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from newsread.annotations.export import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    SUGGESTION_KINDS,
    utc_or_none,
)
from newsread.annotations.formats.jsonl import LINE_TYPES
from newsread.annotations.formats.w3c import (
    ANNOTATION_PREFIX,
    ARTICLE_PREFIX,
    DATA_FORMAT,
    HASH_PREFIX,
)
from newsread.annotations.tagnames import clean_tag_name, one_per_tag, tag_name_problem
from newsread.model import Annotation
from newsread.sanitize import visible


class FormatError(ValueError):
    """A file that is not a readable annotation export; the message is one line."""


class RefusedTagName(FormatError):
    """One annotation whose tag name breaks the tag rule: that annotation is
    left out, not the file."""


@dataclass(frozen=True)
class ArticleRef:
    """How a file names an article: any of these may be "" when it does not say."""

    id: str = ""
    url_or_path: str = ""
    content_hash: str = ""
    title: str = ""

    def describe(self) -> str:
        return repr(self.title) if self.title else self.id or self.url_or_path or "an article"


@dataclass
class IncomingAnnotation:
    article: ArticleRef
    #: ``article_id`` is the file's; the importer sets the library's
    annotation: Annotation


@dataclass
class IncomingRejection:
    article: ArticleRef
    #: kind, label, start, end, text, rejected (and a claim's cue): as the library stores it
    item: dict[str, Any]


@dataclass
class AnnotationFile:
    format: str
    annotations: list[IncomingAnnotation] = field(default_factory=list)
    rejected: list[IncomingRejection] = field(default_factory=list)
    #: article id (the file's) -> body, for files exported with --with-text
    bodies: dict[str, str] = field(default_factory=dict)
    #: annotations left out for a tag name the tag rule refuses: one line each
    refused: list[str] = field(default_factory=list)

    def take(self, read: Callable[[Any, str], IncomingAnnotation], record: Any, where: str) -> None:
        """Add the annotation ``read`` reads from ``record``, or its refusal."""
        try:
            self.annotations.append(read(record, where))
        except RefusedTagName as exc:
            self.refused.append(str(exc))


def parse_annotation_file(raw: bytes) -> AnnotationFile:
    """The annotations in an export file's bytes; FormatError when it is not one."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        # What ``export --format jsonl`` writes for a library without annotations.
        return AnnotationFile("jsonl")
    try:
        whole = orjson.loads(text)
    except orjson.JSONDecodeError:
        whole = None
        if "\n" not in text.strip():
            # One line that is not JSON: say what is wrong with it.
            _load_line(text, 1)
        _refuse_broken_document(text)
    if whole is None:
        return _from_lines(text)
    if isinstance(whole, dict) and whole.get("format") == EXPORT_FORMAT:
        return _from_document(whole)
    if isinstance(whole, dict) and whole.get("type") in LINE_TYPES:
        return _from_lines(text)
    if _is_w3c(whole):
        return _from_w3c(whole)
    _refuse_other_tools(whole)
    raise FormatError("not a newsread export (json, jsonl) nor W3C Web Annotations")


def _refuse_other_tools(found: Any) -> None:
    """FormatError for an export made for another tool (``export --format
    doccano`` or ``labelstudio``), told by its first record whatever the file is
    named, as a csv export is refused: it was "not a newsread record"."""
    if isinstance(found, list):
        found = found[0] if found else None
    if not isinstance(found, dict) or "type" in found:
        return
    tool = None
    if isinstance(found.get("text"), str) and isinstance(found.get("label"), list):
        tool = "doccano"
    elif isinstance(found.get("data"), dict) and isinstance(found.get("annotations"), list):
        tool = "Label Studio"
    if tool is not None:
        raise FormatError(
            f"a {tool} export cannot be imported back; export json, jsonl or w3c for that"
        )


# -- json and jsonl ------------------------------------------------------------------------


def _from_document(document: Mapping[str, Any]) -> AnnotationFile:
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FormatError("the document's version is not a number")
    if version > EXPORT_VERSION:
        raise FormatError(
            f"export version {version} is newer than this newsread reads ({EXPORT_VERSION})"
        )
    out = AnnotationFile("json")
    for i, record in enumerate(_list(document, "annotations", "the document")):
        out.take(_annotation_record, record, f"annotations[{i}]")
    for i, record in enumerate(_list(document, "rejected_suggestions", "the document")):
        out.rejected.append(_rejected_record(record, f"rejected_suggestions[{i}]"))
    for i, record in enumerate(document.get("articles") or []):
        ref, body = _article_text(record, f"articles[{i}]")
        out.bodies[ref.id] = body
    return out


def _refuse_broken_document(text: str) -> None:
    """A text whose first line is not JSON by itself is one document over
    several lines (a pretty-printed export), not JSON Lines: FormatError at the
    line and column where it breaks (a truncated export was "line 1: not JSON",
    its opening brace)."""
    first = next(line for line in text.split("\n") if line.strip())
    try:
        orjson.loads(first)
        return
    except orjson.JSONDecodeError:
        pass
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        joint = " " if exc.msg.endswith(" at") else ", "  # "Unterminated string starting at"
        raise FormatError(
            f"line {exc.lineno}: not JSON ({exc.msg}{joint}column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise FormatError("not JSON that can be read (nested too deeply)") from exc


def _load_line(line: str, number: int) -> Any:
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise FormatError(f"line {number}: not JSON ({exc.msg})") from exc


def _from_lines(text: str) -> AnnotationFile:
    out = AnnotationFile("jsonl")
    first = True
    # Records end at "\n" alone: U+2028 and kin may stand raw inside a string.
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        record = _load_line(line, number)
        if first:
            _refuse_other_tools(record)
            first = False
        where = f"line {number}"
        kind = record.get("type") if isinstance(record, dict) else None
        if kind == "annotation":
            out.take(_annotation_record, record, where)
        elif kind == "rejected_suggestion":
            out.rejected.append(_rejected_record(record, where))
        elif kind == "article":
            ref, body = _article_text(record, where)
            out.bodies[ref.id] = body
        else:
            raise FormatError(
                f"{where}: not a newsread record (its type must be one of {', '.join(LINE_TYPES)})"
            )
    return out


def _annotation_record(record: Any, where: str) -> IncomingAnnotation:
    record = _object(record, where)
    ident = _text(record, "id", where, empty=False)
    where = f"{where} (annotation {ident!r})"
    ref = _article_ref(record.get("article"), where)
    start, end = _offset(record, "start", where), _offset(record, "end", where)
    if end <= start:
        raise FormatError(f"{where}: end {end} is not after start {start}")
    tags = _tags(record.get("tags"), where)
    data = record.get("data", {})
    if not isinstance(data, dict):
        raise FormatError(f"{where}: data must be an object")
    orphan = record.get("orphan", False)
    if not isinstance(orphan, bool):
        raise FormatError(f"{where}: orphan must be true or false")
    annotation = Annotation(
        id=ident,
        article_id=ref.id,
        start=start,
        end=end,
        quote=_text(record, "quote", where, empty=False),
        prefix=_text(record, "prefix", where, default=""),
        suffix=_text(record, "suffix", where, default=""),
        tags=tags,
        note=_text(record, "note", where, default=""),
        created=_time(record.get("created"), "created", where),
        updated=_time(record.get("updated"), "updated", where),
        orphan=orphan,
        data=data,
        annotator=_text(record, "annotator", where, default="").strip(),
    )
    return IncomingAnnotation(ref, annotation)


def _rejected_record(record: Any, where: str) -> IncomingRejection:
    record = _object(record, where)
    ref = _article_ref(record.get("article"), where)
    kind = record.get("kind")
    if kind not in SUGGESTION_KINDS:
        raise FormatError(f"{where}: kind must be one of {SUGGESTION_KINDS}")
    start, end = _offset(record, "start", where), _offset(record, "end", where)
    if end <= start:
        raise FormatError(f"{where}: end {end} is not after start {start}")
    item = {
        "kind": kind,
        "label": _text(record, "label", where, default=""),
        "start": start,
        "end": end,
        "text": _text(record, "text", where, empty=False),
        "rejected": _time(record.get("rejected"), "rejected", where),
    }
    if kind == "claim" and "cue" in record:
        item["cue"] = _cue(record["cue"], f"{where}: cue")
    annotator = _text(record, "annotator", where, default="")
    if annotator:
        item["annotator"] = annotator
    return IncomingRejection(ref, item)


def _cue(value: Any, where: str) -> dict[str, Any] | None:
    """A rejected claim's cue (which of the claims sharing its span), or None."""
    if value is None:
        return None
    cue = _object(value, where)
    start, end = _offset(cue, "start", where), _offset(cue, "end", where)
    if end <= start:
        raise FormatError(f"{where}: end {end} is not after start {start}")
    return {"start": start, "end": end, "text": _text(cue, "text", where, default="")}


def _article_ref(value: Any, where: str) -> ArticleRef:
    ref = _object(value, f"{where}: article")
    return ArticleRef(
        id=_text(ref, "id", f"{where}: article", empty=False),
        url_or_path=_text(ref, "url_or_path", f"{where}: article", default=""),
        content_hash=_text(ref, "content_hash", f"{where}: article", default=""),
        title=_text(ref, "title", f"{where}: article", default=""),
    )


def _article_text(record: Any, where: str) -> tuple[ArticleRef, str]:
    ref = _article_ref(record, where)
    return ref, _text(_object(record, where), "body", where)


# -- W3C Web Annotation --------------------------------------------------------------------


def _types(node: Mapping[str, Any]) -> set[str]:
    value = node.get("type", node.get("@type"))
    return set(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()


def _is_w3c(whole: Any) -> bool:
    nodes = whole if isinstance(whole, list) else [whole]
    return bool(nodes) and all(
        isinstance(n, dict) and _types(n) & {"Annotation", "AnnotationCollection", "AnnotationPage"}
        for n in nodes
    )


def _from_w3c(whole: Any) -> AnnotationFile:
    out = AnnotationFile("w3c")
    for i, node in enumerate(_w3c_annotations(whole)):
        out.take(_w3c_annotation, node, f"annotation {i + 1}")
    return out


def _w3c_annotations(whole: Any) -> Iterable[Any]:
    nodes = whole if isinstance(whole, list) else [whole]
    for node in nodes:
        kinds = _types(node)
        if "Annotation" in kinds:
            yield node
            continue
        page = node.get("first") if "AnnotationCollection" in kinds else node
        while page is not None:
            if not isinstance(page, dict):
                raise FormatError("the collection's pages are not in the file (only linked)")
            items = page.get("items", [])
            if not isinstance(items, list):
                raise FormatError("a page's items must be a list")
            yield from items
            page = page.get("next")


def _one_or_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _w3c_annotation(node: Any, where: str) -> IncomingAnnotation:
    node = _object(node, where)
    if "Annotation" not in _types(node):
        raise FormatError(f"{where}: its type is not Annotation")
    iri = node.get("id", node.get("@id"))
    if not isinstance(iri, str) or not iri:
        raise FormatError(f"{where}: no id")
    if iri.startswith(ANNOTATION_PREFIX) and len(iri) > len(ANNOTATION_PREFIX):
        ident = iri[len(ANNOTATION_PREFIX) :]
    else:
        # Another tool's IRI: a short id derived from it, the same on every import.
        ident = hashlib.sha1(iri.encode("utf-8")).hexdigest()[:12]
    where = f"{where} ({iri})"
    targets = _one_or_list(node.get("target"))
    if len(targets) != 1 or not isinstance(targets[0], dict):
        raise FormatError(f"{where}: needs exactly one target with selectors")
    target = targets[0]
    ref = _w3c_source(target.get("source"), where)
    quote: Mapping[str, Any] | None = None
    position: Mapping[str, Any] | None = None
    for selector in _one_or_list(target.get("selector")):
        if isinstance(selector, dict) and "TextQuoteSelector" in _types(selector):
            quote = selector
        elif isinstance(selector, dict) and "TextPositionSelector" in _types(selector):
            position = selector
    if quote is None:
        raise FormatError(f"{where}: no TextQuoteSelector")
    exact = _text(quote, "exact", where, empty=False)
    if position is not None:
        start, end = _offset(position, "start", where), _offset(position, "end", where)
        if end <= start:
            raise FormatError(f"{where}: end {end} is not after start {start}")
    else:
        # No position: the quote and its context alone find the passage.
        start, end = 0, len(exact)
    tags, notes, data = _w3c_bodies(node, where)
    annotation = Annotation(
        id=ident,
        article_id=ref.id,
        start=start,
        end=end,
        quote=exact,
        prefix=_text(quote, "prefix", where, default=""),
        suffix=_text(quote, "suffix", where, default=""),
        tags=tags,
        note="\n".join(notes),
        created=_time(node.get("created"), "created", where),
        updated=_time(node.get("modified"), "modified", where),
        data=data,
        annotator=_w3c_creator(node.get("creator"), where),
    )
    return IncomingAnnotation(ref, annotation)


def _w3c_source(source: Any, where: str) -> ArticleRef:
    if isinstance(source, str):
        source = {"id": source}
    if not isinstance(source, dict):
        raise FormatError(f"{where}: the target has no source")
    iri = source.get("id", source.get("@id"))
    if not isinstance(iri, str) or not iri:
        raise FormatError(f"{where}: the target's source has no id")
    article_id = iri[len(ARTICLE_PREFIX) :] if iri.startswith(ARTICLE_PREFIX) else ""
    url = source.get("dcterms:source")
    if not isinstance(url, str) or not url:
        url = iri if not article_id else ""
    identifier = source.get("dcterms:identifier")
    digest = ""
    if isinstance(identifier, str) and identifier.startswith(HASH_PREFIX):
        digest = identifier[len(HASH_PREFIX) :]
    title = source.get("dcterms:title")
    return ArticleRef(article_id, url, digest, title if isinstance(title, str) else "")


def _w3c_bodies(node: Mapping[str, Any], where: str) -> tuple[list[str], list[str], dict[str, Any]]:
    motivation = node.get("motivation")
    tags: list[str] = []
    notes: list[str] = []
    data: dict[str, Any] = {}
    value = node.get("bodyValue")
    if isinstance(value, str) and value:
        notes.append(value)
    for body in _one_or_list(node.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue  # a linked body (an IRI) carries no text to keep
        purpose = body.get("purpose", motivation)
        text = body["value"]
        if purpose == "tagging":
            if text.strip():
                tags = one_per_tag([*tags, _tag_name(text, where)])
        elif purpose == "describing" and body.get("format") == DATA_FORMAT:
            try:
                parsed = json.loads(text)
            except ValueError as exc:
                raise FormatError(f"{where}: its data body is not JSON") from exc
            if not isinstance(parsed, dict):
                raise FormatError(f"{where}: its data body is not a JSON object")
            data.update(parsed)
        elif purpose == "commenting" or text.strip():
            notes.append(text)
    return tags, notes, data


def _w3c_creator(creator: Any, where: str) -> str:
    for who in _one_or_list(creator):
        if isinstance(who, str):
            return who.strip()
        if isinstance(who, dict):
            for key in ("name", "nickname"):
                if isinstance(who.get(key), str) and who[key].strip():
                    return who[key].strip()
    return ""


# -- checks ----------------------------------------------------------------------------------


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise FormatError(f"{where}: not a JSON object")
    return value


def _list(record: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = record.get(key, [])
    if not isinstance(value, list):
        raise FormatError(f"{where}: {key} must be a list")
    return value


_MISSING = object()


def _text(
    record: Mapping[str, Any], key: str, where: str, default: Any = _MISSING, empty: bool = True
) -> str:
    value = record.get(key, default)
    if value is _MISSING:
        raise FormatError(f"{where}: no {key}")
    if not isinstance(value, str):
        raise FormatError(f"{where}: {key} must be a string")
    if not empty and not value:
        raise FormatError(f"{where}: {key} is empty")
    return value


def _offset(record: Mapping[str, Any], key: str, where: str) -> int:
    value = record.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise FormatError(f"{where}: {key} must be a whole number, 0 or more")
    return value


def _tags(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise FormatError(f"{where}: tags must be a list of names")
    return one_per_tag(_tag_name(t, where) for t in value)


def _tag_name(name: str, where: str) -> str:
    """A tag name as the app and ``newsread tag`` can make it (the tag rule),
    stripped and in NFC; RefusedTagName for one they cannot."""
    why = tag_name_problem(name)
    if why is not None:
        raise RefusedTagName(f"{where}: tag {visible(name)!r}: {why}")
    return clean_tag_name(name)


def _time(value: Any, key: str, where: str) -> str:
    """A timestamp as the library stores it: ISO-8601 UTC, or "" for unknown."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FormatError(f"{where}: {key} must be a date-time string or null")
    if not value.strip():
        return ""  # what records from before timestamps were kept hold
    moment = utc_or_none(value)
    if moment is None:
        # Stored as "", the file's value was lost without a word.
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise FormatError(
            f"{where}: {key} {shown!r} is not an ISO 8601 date-time "
            "(such as 2025-03-04T12:00:00+00:00; null when unknown)"
        )
    return moment
