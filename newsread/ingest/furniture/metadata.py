"""Lines that carry the story's metadata: bylines, wire datelines and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from newsread.ingest.furniture.shape import ends_sentence, word_count

# ---------------------------------------------------------------- bylines

_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|di|del|la|le|bin|al-\w+))*"
# A separator may end the line: "By Staff Reports -" over its date line.
_BY = re.compile(rf"^By\s+({_NAME}(?:(?:,\s*|\s+and\s+){_NAME})*)(?:\s*[,|/–—-]\s*(.*))?$")
# "By Jo Roe on Monday, May 3, 2030 at 11:04 a.m.": the name, then when.
_BY_ON = re.compile(rf"^By\s+({_NAME}(?:(?:,\s*|\s+and\s+){_NAME})*?)\s+(?:on|at)\s+(.+)$")
# A blog's line of post details: "May 3, 2030 / 0 Comments / in News / by jroe".
_DETAIL_SEP = re.compile(r"\s+[/|•·]\s+")
_BY_PART = re.compile(r"^[Bb]y\s+(\S.{0,40})$")
_OUTLET = r"(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z&][\w&'’.-]*){0,5}"
_NAME_OUTLET = re.compile(rf"^({_NAME}),\s+({_OUTLET})$")
_ROLE = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|columnist|staff|contributor)\b", re.IGNORECASE
)
# "Staff reporter, Coastal Daily", "By Staff Writer | The Post": a byline that
# names no one, only the desk and the outlet.
_STAFF = re.compile(
    r"^(?:By\s+)?((?:Staff|Our)(?:\s+(?:reporters?|writers?|correspondents?))?"
    rf"|News\s+desk|Newsroom)\s*[,|/–—-]\s*({_OUTLET})$",
    re.IGNORECASE,
)
# The last word of a publication's name: in "By Ingrid Halvorsen, Korvik
# Tribune" the part after the comma is the outlet, not a second writer.
_OUTLET_WORDS_TEXT = """
    times post daily news herald journal gazette wire press courier chronicle
    observer guardian independent telegraph standard mail express tribune
    review record examiner inquirer sentinel bulletin dispatch register ledger
    star sun mirror globe monitor weekly today magazine network radio tv
"""
_OUTLET_WORDS = frozenset(_OUTLET_WORDS_TEXT.split())


# A date or a clock time in a byline's tail: "11/19/19 06:56 AM EST".
_WHEN = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d{2}\b")
# A site named by its address: "By Troy L. Smith, Cleveland.com".
_WEB_ADDRESS = re.compile(r"\w\.(?:com|org|net|co\.uk|com\.au|ca|news)$", re.IGNORECASE)


def _outlet_like(word: str) -> bool:
    """Whether a byline's last word after a comma names a publication."""
    return word.lower() in _OUTLET_WORDS or bool(_WEB_ADDRESS.search(word))


@dataclass(frozen=True)
class Byline:
    name: str
    outlet: str


def parse_byline(line: str) -> Byline | None:
    """ "By Jane Doe", "By Jane Doe, Reuters" or "Jane Doe, The Daily Planet".

    A role after the comma ("AP Auto Writer") is part of the byline, not the outlet.
    """
    stripped = line.strip()
    if word_count(stripped) > 14 or ends_sentence(stripped) and not stripped.endswith("."):
        return None
    stripped = stripped.rstrip(".")
    match = _BY_ON.match(stripped)
    if match and find_date(match.group(2)):
        return Byline(match.group(1).strip(), "")
    match = _STAFF.match(stripped)
    if match:
        return Byline(match.group(1), match.group(2))
    match = _BY.match(stripped)
    if match:
        names, rest = match.group(1), match.group(2) or ""
        first, comma, last = names.rpartition(",")
        if not rest and comma and _outlet_like(last.split()[-1]):
            names, rest = first, last
        if _WHEN.search(rest) or find_date(rest):
            # "By Tess Bonn - 11/19/19 06:56 AM EST": when it was written, not where.
            return Byline(names.strip(), "")
        return _byline(names, rest)
    parts = _DETAIL_SEP.split(stripped)
    if len(parts) >= 3 and any(find_date(part) for part in parts):
        author = next((m.group(1) for m in map(_BY_PART.match, parts) if m), "")
        if author:
            return Byline(author, "")
    match = _NAME_OUTLET.match(stripped)
    if match and 2 <= len(match.group(1).split()) <= 4:
        return _byline(match.group(1), match.group(2))
    return None


def _byline(name: str, rest: str) -> Byline:
    rest = rest.strip()
    if _ROLE.search(rest):
        return Byline(f"{name}, {rest}", "")
    return Byline(name.strip(), rest)


# ---------------------------------------------------------------- datelines

# "BANGKOK — ", "NEW YORK (AP) — ", "WASHINGTON, D.C. – ", "LAGOS, Nigeria (Reuters) - ".
# The city is in capitals (that is what marks a dateline in wire copy); a
# title-case city is accepted only when an agency tag in brackets follows.
_REGION = r"(?:,\ [A-Z][\w.'’-]*(?:\ [A-Z][\w.'’-]*){0,2})"
_AGENCIES = r"(?:AP|Reuters|AFP|UPI|CNN|dpa|Xinhua|PA|CP)"
_DATELINE = re.compile(
    rf"""^(?P<place>
        (?:[A-Z][A-Z.'’-]+(?:\ [A-Z][A-Z.'’-]+){{0,3}}
          | [A-Z][a-z]+(?:\ [A-Z][a-z]+){{0,2}}(?={_REGION}?\ \({_AGENCIES}\)))
        {_REGION}?)
      (?:\ \((?P<agency>[A-Za-z .]{{2,20}})\))?
      \ ?(?:—|–|--|-|:)\ """,
    re.VERBOSE,
)
#: labels a story opens with in capitals, before a colon or dash, that name no place
_NOT_PLACES = frozenset(
    {"A", "I", "THE", "AN", "UPDATE", "BREAKING", "WATCH", "EXCLUSIVE", "NOTE", "EDITOR", "LIVE"}
    | {"UPDATED", "UPDATES", "CORRECTION", "CORRECTED", "CLARIFICATION", "DEVELOPING"}
    | {"URGENT", "ANALYSIS", "OPINION", "VIDEO", "PHOTOS", "LISTEN", "READ"}
)


def split_dateline(paragraph: str) -> tuple[str, str]:
    """Return (dateline, rest) when the paragraph opens with a wire dateline.

    The agency tag is dropped from the dateline ("BANGKOK (AP) —" gives
    "BANGKOK"): the outlet is recorded separately.
    """
    match = _DATELINE.match(paragraph)
    if not match:
        return "", paragraph
    place = match.group("place").strip()
    # A capitalised first word alone ("THE", "UPDATE") is shouting, not a place.
    if place.split(",")[0].upper() in _NOT_PLACES:
        return "", paragraph
    rest = paragraph[match.end() :].lstrip()
    if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'“‘"):
        return "", paragraph
    return place, rest


# ---------------------------------------------------------------- dates

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
# "November", "Nov." and, in a heading set in capitals, "NOVEMBER".
_MONTH = r"(?P<month>[A-Z][a-z]{2,8}|[A-Z]{3,9})\.?"
_DATE_PATTERNS = [
    # "2019-11-19", and "2019-11-19T12:48:14Z" with its time run on.
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mnum>\d{2})-(?P<day>\d{2})(?:\b|(?=T\d))"),
    re.compile(
        rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b"
    ),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d{{2}})\b"
    ),
]


def find_date(line: str) -> str:
    """The first calendar date written in ``line`` as ISO "YYYY-MM-DD", else ""."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(line):
            parts = match.groupdict()
            month = (
                int(parts["mnum"])
                if parts.get("mnum")
                else _MONTHS.get((parts.get("month") or "").lower(), 0)
            )
            try:
                return date(int(parts["year"]), month, int(parts["day"])).isoformat()
            except ValueError:
                continue
    return ""
