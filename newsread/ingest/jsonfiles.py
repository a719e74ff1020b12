"""Articles from JSON: one object, a list of objects, or one object per line (JSON Lines).

An article object has a body under ``body``, ``text`` or ``content`` (the
first that holds text), and optionally ``title``, ``source`` (a name, or an
object with a ``name`` as news APIs write it), ``published`` (an ISO date or
date-time, a date written out, a YYYYMMDD number, or Unix seconds or
milliseconds), ``url`` and ``byline`` (or ``author``, text or a list of
names). Other keys are ignored.

A record that cannot be used (a line that is not JSON, an object without a
body, a body or title that is not text) is reported with its line number and
the reason (an item of a list also with its place in the list, as several may
share a line), and every other record is still imported: one bad line in a
100,000-line export must not lose the rest. A body must be a string: a number
there is a field mapped wrong, not an article of one word.

A date that cannot be read does not cost the article: it is stored without
one, and the record's line is noted with the value, since the dates drive the
timeline, the after:/before: filters and the Date column. A number is read as
Unix seconds (or milliseconds) only when that falls in the era of news on the
web: 20261120 as seconds is 1970-08-23, a date nobody meant.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from newsread.ingest import furniture as fx
from newsread.ingest.dumps.shared import ParsedArticle
from newsread.sanitize import drop_escape_sequences

BODY_KEYS = ("body", "text", "content")
BYLINE_KEYS = ("byline", "author", "authors")
DATE_KEYS = ("published", "date", "publishedAt", "published_at")
#: Reported problems per file: past this many, one line says how many more.
MAX_PROBLEMS = 20
#: Why a value nested deeper than Python's parser recurses is refused: it holds
#: no article, and its RecursionError stopped the whole import.
TOO_DEEP = "nested too deeply to read"
#: Epoch numbers are taken as dates from this day to a day past now: outside
#: that span a number is more likely a YYYYMMDD, an id or a field mapped wrong.
FIRST_NEWS_DAY = datetime(1990, 1, 1, tzinfo=UTC)
#: A value quoted in a note is cut to this many characters: one line per record.
SHOWN_VALUE = 40

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


@dataclass
class JsonArticle:
    article: ParsedArticle
    url: str = ""
    #: Why a date the record gave was not taken ("" when none was lost).
    date_note: str = ""


@dataclass
class JsonResult:
    articles: list[JsonArticle] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    #: The text was one document, not a list or lines of records: its
    #: problems are the file's, not one record's among others.
    whole: bool = False
    #: Problems past MAX_PROBLEMS, summed up in the last one's line.
    unreported: int = 0
    #: (line, what) of records imported without part of what they gave (a
    #: date that is not one); past MAX_PROBLEMS summed up in one line.
    notes: list[tuple[int, str]] = field(default_factory=list)


class BadRecord(ValueError):
    """A record that cannot be imported; the message says why."""


def looks_like_json(text: str) -> bool:
    """A text that opens like a JSON object or list (worth trying to parse)."""
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def parse_json_articles(text: str, lines: bool | None = None) -> JsonResult:
    """The articles of a JSON or JSON Lines text, and the problems met, by line.

    ``lines`` forces JSON Lines (True) or one document (False); None decides by
    content: one document when the text parses as one, JSON Lines when it
    holds several values.
    """
    text = text.lstrip("\ufeff")
    if lines is True:
        result = _from_lines(text)
    elif text.lstrip()[:1] == "[":
        result = _from_list(text)
    else:
        try:
            document = json.loads(text)
        except RecursionError:
            result = JsonResult(problems=[(_first_line(text), TOO_DEEP)], whole=True)
        except json.JSONDecodeError as exc:
            # "Extra data": a first value parsed and more follow, as in JSON Lines.
            if lines is None and exc.msg == "Extra data":
                result = _from_lines(text)
            else:
                why = f"not valid JSON ({_why(exc)})"
                result = JsonResult(problems=[(exc.lineno, why)], whole=True)
        else:
            result = JsonResult(whole=True)
            _add(result, _first_line(text), document)
    return _capped(result)


def more_notes(count: int) -> str:
    """The line that stands for the notes past MAX_PROBLEMS."""
    records = "record" if count == 1 else "records"
    return f"and {count} more {records} stored without the date they gave"


def _capped(result: JsonResult) -> JsonResult:
    if len(result.notes) > MAX_PROBLEMS:
        more = len(result.notes) - MAX_PROBLEMS
        last = result.notes[MAX_PROBLEMS][0]
        result.notes = result.notes[:MAX_PROBLEMS] + [(last, more_notes(more))]
    if len(result.problems) > MAX_PROBLEMS:
        more = len(result.problems) - MAX_PROBLEMS
        last = result.problems[MAX_PROBLEMS][0]
        result.problems = result.problems[:MAX_PROBLEMS] + [
            (last, f"and {more} more records that could not be imported")
        ]
        result.unreported = more
    return result


def _first_line(text: str) -> int:
    stripped = text.lstrip()
    return text[: len(text) - len(stripped)].count("\n") + 1


def _from_list(text: str) -> JsonResult:
    """The items of a top-level list, each with the line it starts on; on a syntax
    error, the items before it are kept and the error is reported."""
    result = JsonResult()
    items, error = _scan_list(text)
    for number, (line, item) in enumerate(items, 1):
        _add(result, line, item, f"record {number}: ")
    # Broken before its first item: nothing of the file was read as records.
    result.whole = error is not None and not items
    if isinstance(error, _TooDeep):
        # Before any item it is the whole file's problem, as a deep object's is.
        why = f"record {len(items) + 1}: {TOO_DEEP}; the rest of the file is skipped"
        result.problems.append((error.lineno, why if items else TOO_DEEP))
    elif error is not None:
        result.problems.append(
            (error.lineno, f"not valid JSON ({_why(error)}); the rest of the file is skipped")
        )
    return result


class _TooDeep(json.JSONDecodeError):
    """An item of a list nested deeper than the parser recurses."""


def _scan_list(text: str) -> tuple[list[tuple[int, Any]], json.JSONDecodeError | None]:
    """The items of a top-level list with their lines, and the error that
    stopped the scan (_TooDeep for an item nested too deeply)."""
    decoder = json.JSONDecoder()
    items: list[tuple[int, Any]] = []
    at = _skip(text, _skip(text, 0) + 1)  # past the opening "["
    line, counted = 1, 0
    if text[at : at + 1] == "]":
        return items, None
    while True:
        try:
            item, end = decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            return items, exc
        except RecursionError:
            return items, _TooDeep(TOO_DEEP, text, at)
        line, counted = line + text.count("\n", counted, at), at
        items.append((line, item))
        at = _skip(text, end)
        if text[at : at + 1] == "]":
            break
        if text[at : at + 1] != ",":
            return items, json.JSONDecodeError("Expecting ',' delimiter", text, at)
        at = _skip(text, at + 1)
    if text[_skip(text, at + 1) :]:
        return items, json.JSONDecodeError("Extra data", text, _skip(text, at + 1))
    return items, None


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _from_lines(text: str) -> JsonResult:
    result = JsonResult()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            result.problems.append((number, f"not valid JSON ({_why(exc)})"))
            continue
        except RecursionError:
            result.problems.append((number, TOO_DEEP))
            continue
        _add(result, number, item)
    return result


def _add(result: JsonResult, line: int, item: Any, which: str = "") -> None:
    try:
        found = article_from_record(item)
    except BadRecord as exc:
        result.problems.append((line, f"{which}{exc}"))
        return
    result.articles.append(found)
    if found.date_note:
        result.notes.append((line, f"{which}{found.date_note}"))


def article_from_record(item: Any) -> JsonArticle:
    """One JSON object as an article, or ``BadRecord`` saying what is wrong with it."""
    if not isinstance(item, dict):
        raise BadRecord(f"not an article object (a JSON {_kind(item)})")
    body = ""
    for key in BODY_KEYS:
        value = _text(item, key, numbers=False)
        if value.strip():
            body = value
            break
    if not body:
        raise BadRecord("no article text (expected a body, text or content field)")
    # fx.normalise_space inlined: one call a line was a tenth of reading 100,000 records.
    paragraphs = [p for p in (" ".join(line.split()) for line in body.splitlines()) if p]
    title = fx.normalise_space(_text(item, "title"))
    published, date_note = _published(item)
    article = ParsedArticle(
        title=title or _derived_title(paragraphs[0]),
        body="\n\n".join(paragraphs),
        source=_source(item),
        byline=_byline(item),
        published=published,
        title_derived=not title,
    )
    return JsonArticle(article, url=_text(item, "url").strip(), date_note=date_note)


def _kind(value: Any) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "number")


def _text(item: dict[str, Any], key: str, numbers: bool = True) -> str:
    """The field as text; a number is taken as its digits only where ``numbers``
    (a title of 1984 is a title; a body of 12 is no article)."""
    value = item.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return drop_escape_sequences(value)
    if numbers and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise BadRecord(f"{key} is not text (a JSON {_kind(value)})")


def _source(item: dict[str, Any]) -> str:
    value = item.get("source")
    if isinstance(value, dict):  # {"id": ..., "name": "The Daily Example"}
        value = value.get("name")
    return fx.normalise_space(drop_escape_sequences(value)) if isinstance(value, str) else ""


def _byline(item: dict[str, Any]) -> str:
    for key in BYLINE_KEYS:
        value = item.get(key)
        if isinstance(value, list):
            value = ", ".join(v for v in value if isinstance(v, str))
        if isinstance(value, str) and value.strip():
            return fx.normalise_space(drop_escape_sequences(value))
    return ""


def _published(item: dict[str, Any]) -> tuple[str, str]:
    """(ISO date, "") from the first date field that holds one; ("", why) when
    a field gave a value but none is a date (the first such value named)."""
    note = ""
    for key in DATE_KEYS:
        value = item.get(key)
        if value is None or value == "":
            continue
        found = _date_of(value)
        if found:
            return found, ""
        if not note:
            note = f"{key} {_shown_value(value)} is not a date: stored without one"
    return "", note


def _date_of(value: Any) -> str:
    """The ISO date ``value`` gives, or ""."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())  # "20261120", "1743465600": as the numbers are read
    if isinstance(value, int | float):
        return _date_of_number(value)
    if not isinstance(value, str):
        return ""
    value = drop_escape_sequences(value)
    match = _ISO_DATE.match(value)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            pass
    return fx.find_date(value)


def _date_of_number(value: float) -> str:
    """A YYYYMMDD number as that day; else Unix seconds, else milliseconds,
    each only within the era of news (FIRST_NEWS_DAY to a day past now)."""
    if not math.isfinite(value):
        return ""  # NaN and Infinity, which Python's JSON parser accepts
    if value == int(value) and 10_000_000 <= value <= 99_991_231:
        digits = str(int(value))
        try:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:])).isoformat()
        except ValueError:
            pass
    latest = datetime.now(UTC) + timedelta(days=1)
    for seconds in (value, value / 1000):
        try:
            moment = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            continue
        if FIRST_NEWS_DAY <= moment <= latest:
            return moment.date().isoformat()
    return ""


def _shown_value(value: Any) -> str:
    """The value as a note quotes it: a string in quotes, cut to SHOWN_VALUE."""
    if isinstance(value, str):
        text = " ".join(drop_escape_sequences(value).split())
        if len(text) > SHOWN_VALUE:
            text = text[: SHOWN_VALUE - 1] + "…"
        return "'" + text.replace("'", "\\'") + "'"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return f"(a JSON {_kind(value)})"


def _derived_title(paragraph: str) -> str:
    # A record without a title is rare: the dump parser's modules load only then.
    from newsread.ingest.dumps.assembly import derive_title

    return derive_title(paragraph)


def _why(exc: json.JSONDecodeError) -> str:
    """The parser's reason with the column it points at: some reasons name a
    place they leave out ("Unterminated string starting at")."""
    joint = " " if exc.msg.endswith(" at") else ", "
    return f"{exc.msg}{joint}column {exc.colno}"
