"""Span repairs: each mention's extent cleaned and fixed to OntoNotes' conventions.

Capitals, possessives, numeric ranges and units, run-in headings, headline
words glued onto names, law titles, datelines; and the character offsets
of a finished mention.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from newsread.analysis.clock import is_clock, line_clocks, opens_line_with_clock
from newsread.analysis.doc_cache import (
    doc_data,
    line_breaks_at,
    lowers_of,
    text_of,
    texts_of,
    tokens_of,
)
from newsread.analysis.entities.lexicon import COUNTRIES
from newsread.analysis.entities.mentions import (
    _DETERMINERS,
    _FRAGMENT_LABELS,
    _HAS_UPPER,
    _POSSESSIVE,
    _QUOTE_CHARS,
    Mention,
    _key,
    covered,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


_DASHES = frozenset({"—", "–", "-", "--"})


def _has_capital(doc: Doc, m: Mention) -> bool:
    return any(_HAS_UPPER.search(doc[i].text) for i in range(m.start, m.end))


# Labels whose names never end in a figure: "Durham 114" and "Mexico 2-0" are a
# name and a score. (Organisations and products may: "Channel 4", "Boeing 747".)
_NO_FIGURE_LABELS = frozenset({"PERSON", "GPE", "NORP", "LOC"})


# Titles and honorifics before a person's name.
PERSON_TITLES = frozenset(
    {
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "professor",
        "president",
        "vice",
        "senator",
        "sen.",
        "rep.",
        "representative",
        "congressman",
        "congresswoman",
        "governor",
        "gov.",
        "mayor",
        "councillor",
        "councilor",
        "councilman",
        "councilwoman",
        "minister",
        "prime",
        "chancellor",
        "judge",
        "justice",
        "general",
        "gen.",
        "colonel",
        "col.",
        "col",
        "captain",
        "capt.",
        "lieutenant",
        "lt.",
        "lt",
        "sergeant",
        "sgt.",
        "officer",
        "detective",
        "inspector",
        "ambassador",
        "commissioner",
        "secretary",
        "chairman",
        "chairwoman",
        "director",
        "coach",
        "rev.",
        "reverend",
        "bishop",
        "archbishop",
        "rabbi",
        "imam",
    }
)


# Job nouns written before a name as a title ("Keeper Ola Brunstad said
# ..."), mostly where they open a sentence and the capital hides that they
# are common nouns. Only taken off a name with two words after them: "Farmer"
# alone, or "Jane Farmer", may be the name itself.
_ROLE_WORDS = """
    keeper engineer farmer teacher nurse lawyer attorney spokesman spokeswoman
    spokesperson analyst economist researcher scientist librarian curator ranger
    pilot driver fisherman chef manager chair chairperson negotiator architect
    historian activist resident owner founder lecturer surgeon physician doctor
    midwife firefighter paramedic veterinarian vet pharmacist principal headteacher
    headmaster headmistress priest pastor vicar caretaker warden guard skipper
    captain trainer instructor consultant contractor developer designer editor
    reporter photographer author novelist poet artist singer musician
    striker midfielder defender goalkeeper winger coach quarterback pitcher
"""
ROLE_NOUNS = frozenset(_ROLE_WORDS.split())


def _role_word_opens(doc: Doc, start: int, end: int) -> bool:
    """Whether a person's name of three or more words opens with a job noun
    the model took in: a listed one, or one the tagger reads as a common noun
    at a sentence's start. A middle initial ("Walter E. Williams") marks a
    full name of three words, left whole."""
    tok = doc[start]
    if end - start < 3 or not tok.is_alpha:
        return False
    if any(_INITIAL.fullmatch(t.text) for t in doc[start:end]):
        return False
    return tok.lower_ in ROLE_NOUNS or (tok.is_sent_start and tok.tag_ in {"NN", "NNS"})


def _trim(
    doc: Doc, m: Mention, marks: bool = True, titles: bool = True, tails: bool = True
) -> Mention | None:
    """Trim quote marks, a trailing possessive, trailing lower-case words and
    (for people and places) trailing figures; None when nothing is left.

    A name's last word is capitalised: "Interfax news agency" and "the Marlow
    Bay city" end in a description of the name, not in the name.
    """
    start, end = m.start, m.end
    data = doc_data(doc)
    is_space, texts = data.is_space, data.texts
    # The model sometimes takes in the line break after a name ("Robert Galvin\n").
    while start < end and is_space[start]:
        start += 1
    while end > start and is_space[end - 1]:
        end -= 1
    while marks and start < end and texts[start] in _QUOTE_CHARS:
        start += 1
    # Titles stay outside a person's name, in OntoNotes and CoNLL alike, and
    # whatever their case: "Councillor Reuben Hale" as "councillor Dana Okafor".
    while (
        titles and m.label == "PERSON" and end - start > 1 and data.lowers[start] in PERSON_TITLES
    ):
        start += 1
    if titles and m.label == "PERSON" and _role_word_opens(doc, start, end):
        start += 1
    # "64 Bob Estes": a score or a rank before a person's or a place's name.
    while tails and m.label in _NO_FIGURE_LABELS and end - start > 1 and _is_figure(texts[start]):
        start += 1
    while end > start:
        last = doc[end - 1]
        mark = marks and (last.text in _QUOTE_CHARS or last.text in _POSSESSIVE)
        tail = (
            tails
            and end - 1 > start
            and (
                (last.is_alpha and last.is_lower and not _hyphen_part(doc, end - 1))
                or (m.label in _NO_FIGURE_LABELS and _is_figure(last.text))
                or last.text in _JOINING_MARKS
            )
        )
        if not (mark or tail):
            break
        end -= 1
    if end <= start:
        return None
    if tails and m.label == "ORG" and end < m.end and _party_adjective(doc, start, end):
        # "the Republican party" less "party": the party's adjective, a NORP
        # in OntoNotes as "Republican" alone is (CoNLL's MISC "Moslem" of
        # "Moslem party" alike), not an ORG "the Republican".
        first = start + (doc[start].lower_ in _DETERMINERS)
        return Mention(first, end, "NORP", m.weight, m.cue_label)
    if end < m.end and all(doc[i].is_stop for i in range(start, end)):
        # "The quay council" less its description is "The": no name is left.
        return None
    return Mention(start, end, m.label, m.weight, m.cue_label)


_PARTY_NOUNS = frozenset({"party", "parties"})
_ADJECTIVE_ENDS = ("an", "ic", "ist", "ive", "em")


def _party_adjective(doc: Doc, start: int, end: int) -> bool:
    """Whether ``start:end`` is a (determiner and a) single party adjective
    ("Republican", "Communist", "Conservative") cut off a lower-case "party"."""
    first = start + (doc[start].lower_ in _DETERMINERS)
    word = doc[end - 1]
    return (
        end - first == 1
        and doc[end].lower_ in _PARTY_NOUNS
        and word.is_title
        and word.lower_.endswith(_ADJECTIVE_ENDS)
    )


def _hyphen_part(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is glued by a hyphen to the word before it: the
    lower-case part of a hyphenated given name ("Ki-moon", "Geun-hye") is
    part of the name, not a description after it; a lower-case first part
    ("well-known") is no name's."""
    return (
        i > 1
        and doc[i - 1].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i - 2].whitespace_
        and doc[i - 2].is_alpha
        and doc[i - 2].text[:1].isupper()
    )


# Marks a name never ends in: what is left of "S. Watkin 4-37" split as "4" "-" "37".
_JOINING_MARKS = frozenset({"-", "–", "—", "/", ":", ",", "("})


def _split_at_breaks(doc: Doc, m: Mention) -> list[Mention]:
    """A name never crosses a line ("Willie\nWood" in a list is two names) nor
    an opening bracket it does not close ("Scott Draper ( Australia"): the
    span is cut there into the names on either side."""
    parts: list[Mention] = []
    start = m.start
    for i in range(m.start, m.end):
        tok = doc[i]
        if "\n" in tok.text or (tok.text == "(" and ")" not in doc[i : m.end].text):
            if i > start:
                parts.append(Mention(start, i, m.label, m.weight, m.cue_label))
            start = i + 1
        elif "\n" in tok.whitespace_ and i + 1 < m.end:
            parts.append(Mention(start, i + 1, m.label, m.weight, m.cue_label))
            start = i + 1
    if start == m.start:
        return [m]
    if start < m.end:
        parts.append(Mention(start, m.end, m.label, m.weight, m.cue_label))
    return parts


_INITIAL = re.compile(r"[A-Z]\.")


def _with_initials(doc: Doc, names: list[Mention]) -> list[Mention]:
    """ "R. Kaluwitharana", "D. Lehmann": an initial right before a person's
    name, or before a capitalised word the model left untagged, makes one
    person with it; the model often tags the initial alone (as NORP, say)."""
    names = sorted(names, key=lambda m: m.start)
    taken = {i for m in names for i in range(m.start, m.end)}
    starts = {m.start: m for m in names}
    out: list[Mention] = []
    skip: set[int] = set()
    for m in names:
        if id(m) in skip:
            continue
        lone = m.end - m.start == 1 and _INITIAL.fullmatch(doc[m.start].text)
        nxt = starts.get(m.end)
        if lone and nxt is not None and nxt.label == "PERSON" and doc[m.start].whitespace_:
            skip.add(id(nxt))
            out.append(Mention(m.start, nxt.end, "PERSON", nxt.weight, nxt.cue_label))
            continue
        if (
            lone
            and m.end < len(doc)
            and m.end not in taken
            and doc[m.end].is_title
            and doc[m.end].is_alpha
            and len(doc[m.end].text) > 1
            and doc[m.start].whitespace_
        ):
            out.append(Mention(m.start, m.end + 1, "PERSON", m.weight))
            continue
        start = m.start
        while (
            m.label == "PERSON"
            and start > 0
            and start - 1 not in taken
            and _INITIAL.fullmatch(doc[start - 1].text)
            and doc[start - 1].whitespace_
        ):
            start -= 1
        out.append(m if start == m.start else Mention(start, m.end, m.label, m.weight, m.cue_label))
    return out


def _is_figure(word: str) -> bool:
    """ "114", "2-0", "4-43", "6.5": digits with at most joining marks."""
    return any(ch.isdigit() for ch in word) and all(ch.isdigit() or ch in "-–./:," for ch in word)


def _split_internal_possessive(doc: Doc, m: Mention, known: set[str]) -> Mention:
    """ "Nvidia's H20" -> "Nvidia" when "Nvidia" is a name elsewhere in the text.

    Names that contain a possessive ("St. Patrick's Day", "Macy's") are kept
    whole because their first part is not mentioned alone.
    """
    for i in range(m.start + 1, m.end - 1):
        if doc[i].text in _POSSESSIVE and doc[i].tag_ == "POS":
            if _key(doc, m.start, i) in known:
                return Mention(m.start, i, m.label, m.weight, m.cue_label)
            break
    return m


_CURRENCY = frozenset("$€£¥")
_DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night", "tonight"})


def _numeric_fixes(doc: Doc, raw: list[Mention]) -> list[Mention]:
    """OntoNotes extents the small model misses on numeric entities.

    A currency sign belongs to its MONEY ("$200", where the model often
    tags only "200"), a joining "to" or "and" to no amount, and a day with
    its part of the day is one TIME ("Monday night", not DATE "Monday" plus
    TIME "night").
    """
    out: list[Mention] = []
    for m in raw:
        if m.label in {"DATE", "TIME"}:
            if doc[m.start].tag_ == "PRP$" and not any(t.like_num for t in doc[m.start : m.end]):
                # "its opening hours", "their weekly meeting": a possessive
                # opens a description, not a date or time.
                continue
            m = _cut_after_clock(doc, m)
        if opens_line_with_clock(doc, m.start):
            # "09:12" heading a live blog's entry is a time of day, not a count,
            # and nothing the model ran on into ("09:15 Union") belongs to it.
            m = Mention(m.start, m.start + 1, "TIME", m.weight)
        elif m.label == "CARDINAL" and m.end - m.start == 1 and is_clock(doc[m.start].text):
            m = Mention(m.start, m.end, "TIME", m.weight)
        if m.label == "MONEY" and _per_cent(doc, m):
            # "9.4 per cent": the model reads the British spelling's "cent"
            # as a coin, but the amount is a share.
            m = Mention(m.start, m.end, "PERCENT", m.weight)
        elif m.label == "CARDINAL" and (share := _share_after(doc, m.end)):
            # "Fewer than 40 per cent": the model stops before the share's
            # words, and the whole amount is a PERCENT.
            m = Mention(m.start, m.end + share, "PERCENT", m.weight)
        if (
            m.label == "MONEY"
            and m.start > 0
            and doc[m.start - 1].text in _CURRENCY
            and not doc[m.start - 1].whitespace_
        ):
            m = Mention(m.start - 1, m.end, m.label, m.weight)
        end = m.end
        # "46 percent to" "42 percent": the joining word the model ran into
        # the first of two amounts belongs to neither.
        while end - m.start > 1 and doc[end - 1].lower_ in _RANGE_WORDS:
            end -= 1
        if end < m.end and any(t.like_num for t in doc[m.start : end]):
            m = Mention(m.start, end, m.label, m.weight)
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == "DATE"
            and m.label == "TIME"
            and prev.end == m.start
            and m.end - m.start == 1
            and doc[m.start].lower_ in _DAY_PARTS
        ):
            out[-1] = Mention(prev.start, m.end, "TIME", prev.weight)
            continue
        out.append(m)
    return _entry_clocks(doc, out)


def _per_cent(doc: Doc, m: Mention) -> bool:
    """A number's span ending in "per cent" with no currency in it."""
    words = [t.lower_ for t in doc[m.start : m.end]]
    return (
        len(words) >= 3
        and words[-2:] == ["per", "cent"]
        and not any(t.text in _CURRENCY or t.tag_ == "$" for t in doc[m.start : m.end])
    )


def _share_after(doc: Doc, end: int) -> int:
    """How many tokens after a number say it is a share: 2 for "per cent",
    1 for "percent", 0 when neither follows."""
    if end < 1 or not doc[end - 1].like_num:
        return 0
    if end + 1 < len(doc) and doc[end].lower_ == "per" and doc[end + 1].lower_ == "cent":
        return 2
    return 1 if end < len(doc) and doc[end].lower_ == "percent" else 0


def _entry_clocks(doc: Doc, found: list[Mention]) -> list[Mention]:
    """The clock times opening a live blog's entries that the model left
    untagged, as TIME."""
    taken = covered(len(doc), found)
    added = [Mention(i, i + 1, "TIME") for i in line_clocks(doc) if not taken[i]]
    return sorted(found + added, key=lambda m: (m.start, m.end)) if added else found


CLOCK_MARKS = frozenset({"a.m.", "p.m.", "am", "pm"})
# What may follow "9 p.m." inside one TIME: days, months, zones ("9 p.m. ET").
_AFTER_CLOCK = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "tonight",
        "tomorrow",
        "yesterday",
    }
)


def sentence_starts_after_clock(doc: Doc, i: int) -> bool:
    """Whether token ``i`` ("Visitor" in "after 9 p.m. Visitor numbers ...")
    begins a sentence: a capitalised word after "a.m."/"p.m." does (the
    abbreviation's full stop ends the sentence before), unless it is a day, a
    month or a time zone ("9 p.m. Tuesday", "9 p.m. ET")."""
    lowers = lowers_of(doc)
    if i < 1 or lowers[i - 1] not in CLOCK_MARKS or not texts_of(doc)[i - 1].endswith("."):
        return False
    tok = tokens_of(doc)[i]
    return tok.is_title and lowers[i] not in _AFTER_CLOCK and not _is_month(lowers[i])


def _cut_after_clock(doc: Doc, m: Mention) -> Mention:
    """A TIME stops where the sentence after its "p.m." starts."""
    for i in range(m.start + 1, m.end):
        if sentence_starts_after_clock(doc, i):
            return Mention(m.start, i, m.label, m.weight, m.cue_label)
    return m


# Names that are dates: holidays, seasons, and the words of "Election Day",
# "New Year's Eve" (days of the week and months are matched apart).
_DATE_NAMES = frozenset(
    {
        "today",
        "tonight",
        "tomorrow",
        "yesterday",
        "christmas",
        "easter",
        "ramadan",
        "eid",
        "diwali",
        "hanukkah",
        "passover",
        "thanksgiving",
        "halloween",
        "lent",
        "advent",
        "pentecost",
        "kippur",
        "purim",
        "pesach",
        "nowruz",
        "vesak",
        "hogmanay",
        "year",
        "years",
        "eve",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "week",
        "weekend",
        "morning",
        "afternoon",
        "evening",
        "night",
        "noon",
        "midnight",
        "now",
        "later",
        "earlier",
        "recently",
        "soon",
        "then",
    }
)


def drop_names_read_as_dates(doc: Doc, found: list[Mention]) -> list[Mention]:
    """ "Born in Tarrow (in 1935)", "Tarrow Rovers": an unknown place or club
    the small model reads as a date (after a range is split, so "Tarrow" of
    "Tarrow in 1935" is seen alone)."""
    return [
        m for m in found if m.label not in ("DATE", "TIME") or not _unknown_name_as_date(doc, m)
    ]


def _unknown_name_as_date(doc: Doc, m: Mention) -> bool:
    """Whether a DATE or TIME is only capitalised words naming no day, month,
    holiday or season."""
    words = doc[m.start : m.end]
    # The tagger reads an unknown capitalised word as a noun as often as a
    # proper noun: the case is what counts.
    if not all(t.is_alpha and t.is_title for t in words):
        return False
    return not any(
        t.lower_ in _DATE_NAMES or t.lower_.endswith("day") or _is_month(t.lower_) for t in words
    )


def _is_month(word: str) -> bool:
    return word.rstrip(".")[:3] in {
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    }


_UNIT_WORDS = frozenset({"percent", "%", "per", "cent"})
_RANGE_WORDS = frozenset({"to", "and", "-", "–", "—", "vs", "vs."})
_RANGE_OPENERS = frozenset({"between", "from"})


def _split_ranges(doc: Doc, raw: list[Mention]) -> list[Mention]:
    """ "46 percent to 42 percent" is two PERCENTs, "$5 to $10" two MONEYs.

    OntoNotes marks one entity per quantity; a span that joins two complete
    amounts (each with its own unit) is split at the joining word. A range
    that shares one unit ("5 to 10 percent") stays whole.
    """
    out: list[Mention] = []
    for m in raw:
        if m.label in {"PERCENT", "MONEY"} and m.end - m.start >= 5:
            for i in range(m.start + 2, m.end - 2):
                if doc[i].lower_ not in _RANGE_WORDS:
                    continue
                left, right = doc[m.start : i], doc[i + 1 : m.end]
                if _has_unit(left, m.label) and _has_unit(right, m.label):
                    # "between $30,000 and $60,000": "between" belongs to
                    # neither amount once they are two.
                    first = m.start + (doc[m.start].lower_ in _RANGE_OPENERS)
                    out.append(Mention(first, i, m.label, m.weight))
                    m = Mention(i + 1, m.end, m.label, m.weight)
                break
        out.append(m)
    return out


def _has_unit(span, label: str) -> bool:
    words = {t.lower_ for t in span}
    if label == "PERCENT":
        return bool(words & _UNIT_WORDS) and any(t.like_num for t in span)
    return any(t.text in _CURRENCY for t in span) and any(t.like_num for t in span)


def _line_of(text: str, idx: int) -> tuple[int, int]:
    """The (start, end) of the line holding character ``idx``."""
    start = text.rfind("\n", 0, idx) + 1
    end = text.find("\n", idx)
    return start, len(text) if end == -1 else end


def _split_colon(doc: Doc, m: Mention) -> Mention:
    """ "National Interests: The Human Rights Council" -> the part after the colon.

    A colon never sits inside a name other than a title (WORK_OF_ART), so a
    span across one joins a run-in heading to the name that follows it.
    """
    if m.label == "WORK_OF_ART":
        return m
    for i in range(m.start, m.end):
        if doc[i].text == ":":
            if i + 1 < m.end and _HAS_UPPER.search(doc[i + 1 : m.end].text):
                return Mention(i + 1, m.end, m.label, m.weight, m.cue_label)
            if i > m.start:
                return Mention(m.start, i, m.label, m.weight, m.cue_label)
    return m


_LIST_MARKS = frozenset({",", ";", "(", ")", "[", "]"})


def _heading_lines(doc: Doc, names: list[Mention]) -> set[int]:
    """Start offsets of the title-case lines: headlines and sub-headings.

    A heading capitalises its ordinary words too ("Budget Hawks Slam Harlow
    Over Transit Plan"), so at least two longer capitalised words outside
    every name, and (nearly) no longer lower-case word, mark one. A list of
    names ("2. Samuel Matete ( Zambia ) 48.34", "Pakistan : Aamir Sohail ,
    Saeed Anwar") or a short sentence about names ("Magna was up 1/8 on the
    New York Stock Exchange") is all names and is not a heading; nor is a
    line of results or a roll of names, with its commas, brackets and figures
    ("Karlsruhe 2 Hansa Rostock 0", "Jerry Kelly , Tim Simpson , Olin
    Browne"), where the model misses some names. An all-capital line is left
    alone: the words' case says nothing there. Nor is a byline a heading
    ("By Leonie Hartmann, Science Correspondent"): its name is the author's.
    """
    in_name = bytearray(len(doc))
    for m in names:
        in_name[m.start : m.end] = b"\x01" * (m.end - m.start)
    # caps, lower, caps outside names, list marks and figures
    lines: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    data = doc_data(doc)
    bylines: set[int] = set()
    # Read from the columns (``Token.is_upper`` is ``str.isupper`` of the text).
    for i, (word, number, line) in enumerate(
        zip(data.texts, data.like_num, data.line_starts, strict=True)
    ):
        if word == "By" and (i == 0 or data.line_breaks[i - 1]):
            bylines.add(line)
        if word in _LIST_MARKS or number:
            lines[line][3] += 1
            continue
        if len(word) < 4 or not word[0].isalpha():
            continue
        counts = lines[line]
        if word[0].isupper():
            counts[0] += 1
            if not in_name[i] and not word.isupper():
                counts[2] += 1
        else:
            counts[1] += 1
    return {
        start
        for start, (caps, lower, outside, marks) in lines.items()
        if caps + lower >= 3
        and caps >= 0.9 * (caps + lower)
        and outside >= 2
        and marks <= 1
        and start not in bylines
    }


def _headline_fragments(doc: Doc, names: list[Mention]) -> list[Mention]:
    """Trim or drop capitalised words the model glued onto names in headlines.

    In a title-case line every word is capitalised, so the model takes
    "Standard Clinton" or "Obama Seeks" for names. A span whose other words
    occur in no other name of the article, but whose first or last words are
    another mention's name (or a PERSON's surname), is trimmed to that name;
    a multi-word span that shares no word with any other name ("Limited
    Tools", "Veto Power Impedes Peace Efforts") is a phrase of the heading
    and is dropped. (At a sentence start the same test would cut "David
    Axelrod" to "Axelrod", so it is only applied to headings.)
    """
    headings = _heading_lines(doc, names)
    if not headings:
        return names
    text = text_of(doc)
    data = doc_data(doc)
    lowers, idxs = data.lowers, data.idxs
    keys = [_key(doc, m.start, m.end) for m in names]
    key_count: dict[str, int] = defaultdict(int)
    word_count: dict[str, int] = defaultdict(int)
    for m, key in zip(names, keys, strict=True):
        key_count[key] += 1
        if m.label == "PERSON" and m.end - m.start > 1:
            key_count[lowers[m.end - 1]] += 1  # the surname of a full name
        for word in lowers[m.start : m.end]:
            word_count[word] += 1
    out: list[Mention] = []
    for m, key in zip(names, keys, strict=True):
        n = m.end - m.start
        if n < 2 or key_count[key] > 1 or m.label not in _FRAGMENT_LABELS:
            out.append(m)
            continue
        if _line_of(text, idxs[m.start])[0] not in headings:
            out.append(m)
            continue
        # The mention's own surname is no evidence that the surname is a name elsewhere.
        own = lowers[m.end - 1] if m.label == "PERSON" else None
        cut = None
        for k in range(1, n):
            for start, end, rest in (
                (m.start + k, m.end, range(m.start, m.start + k)),
                (m.start, m.end - k, range(m.end - k, m.end)),
            ):
                sub = _key(doc, start, end)
                if (
                    sub != key
                    and key_count.get(sub, 0) - (sub == own) >= 1
                    and all(
                        word_count[lowers[i]] == 1 and not data.texts[i].isupper() for i in rest
                    )
                ):
                    cut = Mention(start, end, m.label, m.weight, m.cue_label)
                    break
            if cut is not None:
                break
        if cut is not None:
            out.append(cut)
        elif all(word_count[word] == 1 for word in lowers[m.start : m.end]):
            continue
        else:
            out.append(m)
    return out


_LAW_HEADS = frozenset(
    {"act", "treaty", "agreement", "accord", "accords", "convention", "amendment"}
)
_LAW_JOINERS = frozenset({"and", "of", "the", "on", "for", "to", "&"})
# The model's labels for a named law it does not call LAW.
_LAW_FROM = frozenset({"ORG", "PRODUCT", "LAW", "WORK_OF_ART", "EVENT", "PERSON"})


def _is_law_head(doc: Doc, i: int) -> bool:
    """ "Act", "Treaty", "Convention" ... capitalised; but a "National
    Convention" is a party's gathering (an event), not a treaty."""
    word = doc[i]
    if word.lower_ not in _LAW_HEADS or not word.is_title:
        return False
    return not (word.lower_ == "convention" and i > 0 and doc[i - 1].lower_ == "national")


# What a treaty's "Convention" goes on with: "the Convention on ...", "against Torture".
_TREATY_CONVENTION_NEXT = frozenset({"on", "against", "for", "relating"})
# Cities whose name a treaty convention carries ("the Hague Convention").
_TREATY_CITIES = frozenset(
    {"geneva", "hague", "vienna", "ottawa", "istanbul", "paris", "basel", "stockholm", "chicago"}
)
# A word before "Convention" that makes it a gathering: a party's, a constitution's.
_GATHERING_WORDS = frozenset(
    {"republican", "democratic", "libertarian", "green", "national", "constitutional"}
)


def _convention_label(doc: Doc, m: Mention, end: int) -> str | None:
    """The label of a name ending in "Convention" at ``end``; None when it is no
    convention. OntoNotes calls a treaty convention LAW, a party's convention
    EVENT, and a body named "Convention" ("the Southern Baptist Convention")
    ORG, which the model gets right and a blanket "Convention is a law" undid."""
    if doc[end - 1].lower_ not in {"convention", "conventions"} or not doc[end - 1].is_title:
        return None
    before = doc[end - 2].lower_ if end - 2 >= m.start else ""
    if before in _GATHERING_WORDS:
        return "EVENT"
    if (
        m.label in {"LAW", "EVENT"}
        or before in _TREATY_CITIES
        or before in COUNTRIES
        or (end < len(doc) and doc[end].lower_ in _TREATY_CONVENTION_NEXT)
    ):
        return "LAW"
    return m.label


def _law_names(doc: Doc, names: list[Mention]) -> list[Mention]:
    """ "Family and Medical Leave Act": a capitalised run ending in "Act" is one LAW.

    The model often splits such names at "and"/"of" or calls them ORG
    ("the North American Free Trade Agreement"); OntoNotes calls named laws,
    treaties and agreements LAW.
    """
    out: list[Mention] = []
    skip_until = -1
    for m in names:
        if m.start < skip_until:
            continue
        end = m.end
        # Extend over "and Medical Leave Act" when it ends in a law head; a
        # name that ends in one already is whole ("the Geneva Convention and
        # the Paris Agreement" is two).
        j = end if not _is_law_head(doc, end - 1) else len(doc)
        while j < len(doc) and (
            doc[j].lower_ in _LAW_JOINERS or doc[j].is_title or doc[j].is_upper
        ):
            if _is_law_head(doc, j):
                end = j + 1
                break
            if doc[j].is_punct or j - m.end > 5:
                break
            j += 1
        convention = _convention_label(doc, m, end)
        if convention is not None and m.label in _LAW_FROM:
            m = Mention(m.start, end, convention, m.weight)
            skip_until = end
        elif _is_law_head(doc, end - 1) and m.label in _LAW_FROM:
            m = Mention(m.start, end, "LAW", m.weight)
            skip_until = end
        out.append(m)
    return out


def _dateline(doc: Doc) -> list[Mention]:
    """The all-capital place opening a dateline, and the region after it, as GPEs.

    "HEMPSTEAD, N.Y., Sept. 26 (UPI) —", "MARLOW BAY — The council ...",
    "BELGRADE 1996-08-31": at a line start, an all-capital run followed by a
    comma and a dash further on, by a dash and ordinary text, or by a date.
    An all-capital heading ("SOCCER - JAPAN GET LUCKY WIN") goes on in capitals
    after its dash and is not a dateline.
    """
    out = []
    text = text_of(doc)
    n = len(doc)
    breaks = line_breaks_at(doc)
    for i, tok in enumerate(tokens_of(doc)):
        if i and not breaks[i - 1]:  # not at a line start
            continue
        j = i
        while j < n and _in_caps_place(doc, i, j):
            j += 1
        if j == i or j >= n or _run_in_caps_heading(doc, i, j):
            continue
        nxt = doc[j]
        head = text[tok.idx : tok.idx + 80].split("\n", 1)[0]
        if nxt.text == ",":
            # ", Region," or ", Region DATE": the region is a place too.
            k = j + 1
            while (
                k < n and doc[k].is_title and (doc[k].ent_type_ != "DATE" or _glued_to_date(doc, k))
            ):
                k += 1
            region = Mention(j + 1, k, "GPE") if k > j + 1 else None
            dated = k < n and doc[k].ent_type_ == "DATE" and _ends_line(doc, k)
            if dated or any(f" {d} " in head for d in _DASHES) or ") —" in head:
                out.append(Mention(i, j, "GPE", cue_label="GPE"))
                if region is not None and k < n and (doc[k].text in {",", "("} or dated):
                    out.append(region)
        elif (
            (nxt.text in _DASHES and j + 1 < n and not doc[j + 1].is_upper)
            or (_date_starts(doc, j) and _ends_line(doc, j))
            or _agency_then_dash(doc, j)
        ):
            out.append(Mention(i, j, "GPE", cue_label="GPE"))
    return out


_AGENCY_WORDS = 4  # "(Reuters)", "(AP)", "(Dow Jones Newswires)"


def _agency_then_dash(doc: Doc, j: int) -> bool:
    """Whether a news agency in brackets and a dash follow the place at ``j``:
    "BERGHAVN (Reuters) - ...". The bracket is the wire's credit, so the
    capitals before it are the dateline's place, as before a bare dash."""
    n = len(doc)
    if doc[j].text != "(":
        return False
    k = j + 1
    while k < n and k - j <= _AGENCY_WORDS and doc[k].text != ")":
        if not doc[k].text[:1].isupper() or "\n" in doc[k].whitespace_:
            return False
        k += 1
    return j + 1 < k < n - 1 and doc[k].text == ")" and doc[k + 1].text in _DASHES


_YEAR = re.compile(r"(1[89]|20)\d\d")
_CALENDAR_WORDS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december", "jan", "feb", "mar", "apr"}
    | {"jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday"}
    | {"wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday"}
)
_NUMERIC_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}\b")


_PLACE_FUNCTION_WORDS = frozenset({"the", "of"})  # "THE HAGUE", "ISLE OF MAN"


def _run_in_caps_heading(doc: Doc, start: int, end: int) -> bool:
    """Whether the capitals ``start:end`` before a dash are a run-in heading
    ("HE'S BEEN CALLED OUT BY ...", "CONGRESS HAS INVESTIGATED HIM") rather
    than a dateline's place: a place has no clitic ("'S", "N'T"; "N'DJAMENA"
    is a place), no function word but "the" and "of", and at most four words."""
    words = [t for t in doc[start:end] if any(ch.isalpha() for ch in t.text)]
    return (
        len(words) > 4
        or any(t.text[0] in "'’" or t.lower_ in {"n't", "n’t"} for t in words)
        or any(t.is_stop and t.lower_ not in _PLACE_FUNCTION_WORDS for t in words)
    )


def _in_caps_place(doc: Doc, start: int, j: int) -> bool:
    """Whether token ``j`` goes on an all-capital place begun at ``start``: a
    capital word, or a dot or hyphen glued between its words ("ST. LOUIS",
    "URUS-MARTAN", split by the tokenizer into "ST" "." "LOUIS")."""
    tok = doc[j]
    if tok.is_upper and any(ch.isalpha() for ch in tok.text):
        return True
    if j == start or doc[j - 1].whitespace_:
        return False
    if tok.text == ".":
        return True
    return (
        tok.text == "-"
        and not tok.whitespace_
        and j + 1 < len(doc)
        and doc[j + 1].is_upper
        and doc[j + 1].is_alpha
    )


def _date_starts(doc: Doc, j: int) -> bool:
    """Whether a date starts at token ``j``: the model's DATE (or one it ran
    the place into), or a numeric date it left untagged after a byline."""
    if doc[j].ent_type_ == "DATE" and (doc[j].ent_iob_ == "B" or _glued_to_date(doc, j - 1)):
        return True
    return _NUMERIC_DATE.match(text_of(doc), doc[j].idx) is not None


def _glued_to_date(doc: Doc, k: int) -> bool:
    """Whether the model ran the dateline's place at ``k`` into the date
    after it ("WIGAN , England 1996-08-31" tagged "England 1996-08-31"): a
    place's word tagged DATE right before a numeric date, not a month."""
    return (
        k + 1 < len(doc)
        and doc[k].ent_type_ == "DATE"
        and doc[k].is_alpha
        and doc[k].lower_.rstrip(".") not in _CALENDAR_WORDS
        and _NUMERIC_DATE.match(text_of(doc), doc[k + 1].idx) is not None
    )


def _ends_line(doc: Doc, k: int) -> bool:
    """Whether a calendar date (a year or a month in it: a standings line's
    "5" tagged DATE is none) starts at token ``k`` and ends its line, but for
    figures the tokenizer split off it ("1996-12" "-06")."""
    calendar = False
    while k < len(doc) and "\n" not in doc[k].text:
        tok = doc[k]
        # A numeric date counts though the model left it untagged.
        if tok.ent_type_ == "DATE" or tok.is_digit or _NUMERIC_DATE.match(tok.text):
            calendar = calendar or bool(_YEAR.match(tok.text)) or _is_month(tok.lower_)
        elif any(ch.isalpha() for ch in tok.text):
            return False
        if "\n" in tok.whitespace_:
            break
        k += 1
    return calendar


def _chars(doc: Doc, text: str, m: Mention) -> tuple[int, int, str]:
    """Character offsets; a URL glued to the last word ("30th.https://...") is cut off."""
    data = doc_data(doc)
    start, end = data.idxs[m.start], data.idxs[m.end - 1] + len(data.texts[m.end - 1])
    cut = text.find("http", start, end)
    if cut > start:
        end = cut
        while end > start and not text[end - 1].isalnum():
            end -= 1
    return start, end, m.label


# Labels whose names may hold a figure of their own ("Boeing 737-800", "Euro 96",
# "the 1996 Olympics"): figures are not cut from them.
_FIGURE_NAME_LABELS = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
_PLAIN_FIGURE = re.compile(r"\d{1,4}(-\d{1,4})?")


def _split_scores(doc: Doc, m: Mention) -> list[Mention]:
    """Names out of a results or standings line: "Haitai 2 Samsung 0",
    "Burnley 4 2 0 2 6 7 6", "1 Stockport 1", "Surrey 429-7".

    The model runs names and scores together there. A figure between two
    capitalised words splits the span into two names; figures are cut from
    either end when they are a score ("2-1"), a date or a telephone number
    (a figure with a dash), a run of figures, or one figure on a line with
    other figures (a table row, not "Channel 4 said"). Names that may hold a
    figure (products, events, titles, laws) are left alone.
    """
    if m.end - m.start < 2:
        return [m]
    if m.label in _FIGURE_NAME_LABELS and not _table_row(doc, m):
        return [m]
    parts: list[Mention] = []
    start = m.start
    for i in range(m.start + 1, m.end - 1):
        if (
            _PLAIN_FIGURE.fullmatch(doc[i].text)
            and doc[i - 1].text[:1].isupper()
            # "The 7 Habits ...": a title's opening word is no team's name.
            and not doc[i - 1].is_stop
            and doc[i + 1].text[:1].isupper()
            and doc[i + 1].is_alpha
        ):
            if i > start:
                parts.append(Mention(start, i, m.label, m.weight, m.cue_label))
            start = i + 1
    parts.append(Mention(start, m.end, m.label, m.weight, m.cue_label))
    out = []
    for part in parts:
        s, e = part.start, part.end
        while e - s > 1 and _cut_figure(doc, s, e, s):
            s += 1
        while e - s > 1 and _cut_figure(doc, s, e, e - 1):
            e -= 1
        if (s, e) == (m.start, m.end):
            return [m]
        out.append(Mention(s, e, m.label, m.weight, m.cue_label))
    return out


def _table_row(doc: Doc, m: Mention) -> bool:
    """Whether a product-, event- or title-labelled span is a results row.

    Such names hold one figure at most ("Boeing 737", "Euro 96", "the 1996
    Olympics"); two are a results or standings row the model read as one name
    ("Torquay 2 Exeter 0", "Carlisle 4 2 1 1 2 1 7"), and so is one score
    ending the name on a line of scores ("Dumbarton 1 Brechin 1").
    """
    if sum(_is_figure(doc[i].text) for i in range(m.start, m.end)) >= 2:
        return True
    # One score ending the name on a results line: "Dumbarton 1 Brechin 1".
    return _is_figure(doc[m.end - 1].text) and _cut_figure(doc, m.start, m.end, m.end - 1)


def _cut_figure(doc: Doc, start: int, end: int, i: int) -> bool:
    """Whether the figure at ``i`` (a span's first or last word) is no part of it."""
    tok = doc[i]
    if tok.text in {"-", "–"} and start < i < end - 1:
        return False
    if not _is_figure(tok.text) and not _score_dash(doc, i):
        return False
    if i == start and i + 1 < len(doc) and doc[i + 1].text == "-" and not tok.whitespace_:
        return "-" in tok.text or _score_dash(doc, i + 1)  # "2-1" yes, "7-Eleven" no
    if "-" in tok.text.strip("-") or _score_dash(doc, i) or _score_dash(doc, i - 1):
        return True
    if i + 1 < len(doc) and _score_dash(doc, i + 1):
        return True  # the "7" of "Red Sox 7 - 0" once "- 0" has been cut
    neighbour = i + 1 if i == start else i - 1
    if start <= neighbour < end and _is_figure(doc[neighbour].text):
        return True
    # One figure: cut in a table row ("Haitai 2 Samsung 0"), where the line has
    # another figure and the figure ends the line or comes before a name, a
    # figure or a bracket; not from "Channel 4 said" or "Interstate 95 on".
    line_start, line_end = _line_of(text_of(doc), tok.idx)
    if i + 1 < len(doc) and doc[i + 1].idx < line_end:
        after = doc[i + 1]
        if not (after.text[:1].isupper() or _is_figure(after.text) or after.text in "()"):
            return False
    line = doc.char_span(line_start, line_end, alignment_mode="expand") or []
    return any(t.i != i and _is_figure(t.text) for t in line)


def _score_dash(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a dash joining two figures ("2" "-" "1")."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text in {"-", "–"}
        and _is_figure(doc[i - 1].text)
        and _is_figure(doc[i + 1].text)
    )


# Labels of names a spaced dash never joins: "Romania - Cosmin Contra" in a
# line-up is a country and a player.
_DASH_SPLIT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_SPACED_DASHES = frozenset({"-", "–", "—", "--"})


def _split_dashes(doc: Doc, raw: list[Mention]) -> list[Mention]:
    """A dash with a space on either side separates two items of a list
    ("Belgium - Marc Degryse", "11 - Glen Osborne", "1812 - Russian ...").
    A name is split there into the names on either side; a number or date
    before the dash keeps only itself, so the words after it are left to
    the rules for untagged names. (Joined names write the dash without
    spaces: "Rolls-Royce", "Guinea-Bissau".)"""
    out: list[Mention] = []
    for m in raw:
        dashes = [i for i in range(m.start + 1, m.end - 1) if _spaced_dash(doc, i)]
        if not dashes or _run_in_heading(doc, m, dashes[0]):
            out.append(m)
        elif m.label in _DASH_SPLIT_LABELS:
            bounds = [m.start - 1, *dashes, m.end]
            out.extend(
                Mention(a + 1, b, m.label, m.weight, m.cue_label)
                for a, b in zip(bounds, bounds[1:], strict=False)
                if b > a + 1
            )
        elif _item_number(doc, m, dashes[0]):
            out.append(Mention(m.start, dashes[0], m.label, m.weight, m.cue_label))
        else:
            out.append(m)
    return out


def _run_in_heading(doc: Doc, m: Mention, dash: int) -> bool:
    """ "SOCCER - ENGLAND BEAT MOLDOVA", "GERMANY - Bunds extended ...": an
    all-capital heading, or a run-in one and the sentence's first word,
    which the heading rules deal with whole."""
    heading = [doc[i] for i in range(m.start, dash) if doc[i].is_alpha]
    if not heading or not all(t.is_upper for t in heading):
        return False
    rest = [doc[i] for i in range(dash + 1, m.end) if doc[i].is_alpha]
    return len(rest) <= 1 or all(t.is_upper for t in rest)


def _spaced_dash(doc: Doc, i: int) -> bool:
    spaced = bool(doc[i].whitespace_) and bool(doc[i - 1].whitespace_)
    return spaced and doc[i].text in _SPACED_DASHES


def _item_number(doc: Doc, m: Mention, dash: int) -> bool:
    """ "11 - Glen Osborne": one figure, then words with no figure (not a
    range such as "May 31 - June 2")."""
    after = [doc[i].text for i in range(dash + 1, m.end)]
    return (
        dash == m.start + 1
        and _is_figure(doc[m.start].text)
        and after[0][:1].isupper()
        and not any(ch.isdigit() for word in after for ch in word)
    )


def _column_headings(doc: Doc, m: Mention) -> bool:
    """ "W L PCT GB", "P W D L F A": three or more short all-capital words,
    each at most three letters, are a table's column headings, not a name
    (an acronym is written as one word)."""
    words = [doc[i] for i in range(m.start, m.end)]
    return len(words) >= 3 and all(w.is_alpha and w.is_upper and len(w) <= 3 for w in words)


# Time zones written after a clock time: "1800 GMT", "( 0050 GMT )".
_TIME_ZONES = frozenset(
    {"GMT", "UTC", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "BST", "CET", "CEST"}
    | {"EET", "EEST", "JST", "AEST", "AEDT", "HKT", "SGT"}
)
_CLOCK = re.compile(r"\d{1,2}([.:]?\d\d)?")


def _clock_zones(
    doc: Doc, names: list[Mention], others: list[Mention]
) -> tuple[list[Mention], list[Mention]]:
    """ "1800 GMT": a time zone after a clock time is part of that TIME (as
    in OntoNotes), not an organisation; the model tags the zone alone and
    the figure as a date or a number, or not at all."""
    zones = [m for m in names if _zone_after_clock(doc, m)]
    if not zones:
        return names, others
    clocks = [Mention(m.start - 1, m.end, "TIME") for m in zones]
    figures = {m.start - 1 for m in zones}
    kept = [o for o in others if not any(o.start <= f < o.end for f in figures)]
    return [m for m in names if m not in zones], sorted(kept + clocks, key=lambda m: m.start)


def _zone_after_clock(doc: Doc, m: Mention) -> bool:
    return (
        m.end - m.start == 1
        and m.start > 0
        and doc[m.start].text in _TIME_ZONES
        and _CLOCK.fullmatch(doc[m.start - 1].text) is not None
    )


# Labels whose names never hold a comma or an "or": "Mercantile , Commerce",
# "Gloucestershire or Sussex" are two names. (A place may: "Paris , Texas".)
_LIST_SPLIT_LABELS = frozenset({"PERSON", "ORG", "NORP", "FAC", "PRODUCT", "EVENT"})


def _split_lists(doc: Doc, m: Mention) -> list[Mention]:
    """A name of a list is its items: "Mercantile , Commerce", "Sussex or
    Surrey", and two people "Laurent Cabannes and Laurent Benezech" (a firm
    keeps its "and": "Marks and Spencer"). Each side must open with a
    capital, so "Secretary of State for Trade and Industry" stays whole."""
    if m.label not in _LIST_SPLIT_LABELS and m.label not in {"GPE", "LOC"}:
        return [m]
    cuts = [i for i in range(m.start + 1, m.end - 1) if _list_joiner(doc, m, i)]
    if not cuts:
        return [m]
    bounds = [m.start - 1, *cuts, m.end]
    return [
        Mention(a + 1, b, m.label, m.weight, m.cue_label)
        for a, b in zip(bounds, bounds[1:], strict=False)
        if b > a + 1
    ]


def _list_joiner(doc: Doc, m: Mention, i: int) -> bool:
    word = doc[i].lower_
    if not (doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper()):
        return False
    if word == "or":
        return True
    if word == ",":
        # "Bodman , Longely & Dahling": a partnership's name lists its partners.
        partners = any(doc[k].text == "&" for k in range(m.start, m.end))
        return m.label in _LIST_SPLIT_LABELS and not partners
    if word == "and" and m.label == "PERSON":
        # Two full names: two title-case words or more on either side.
        return i - m.start >= 2 and m.end - i - 1 >= 2
    return False


# Round words after a competition's name in a heading: "WORLD CUP QUALIFIER",
# "DAVIS CUP SEMIFINAL". They name a match of it, not the competition.
# ("Games" is left: "OLYMPIC GAMES" is the name.)
_ROUND_WORDS = frozenset(
    {"qualifier", "qualifiers", "qualifying", "final", "finals", "semifinal", "semifinals"}
    | {"semi-final", "semi-finals", "quarterfinal", "quarterfinals", "quarter-final"}
    | {"quarter-finals", "match", "tie", "playoff", "play-off"}
)


def _cut_round_words(doc: Doc, m: Mention) -> Mention:
    """ "WORLD CUP QUALIFIER" -> "WORLD CUP": in an all-capital heading the
    model runs the round of a competition into its name."""
    end = m.end
    while end - m.start > 1 and doc[end - 1].lower_ in _ROUND_WORDS and doc[end - 1].is_upper:
        end -= 1
    return m if end == m.end else Mention(m.start, end, m.label, m.weight, m.cue_label)


def _join_people(doc: Doc, names: list[Mention]) -> list[Mention]:
    """Two PERSON mentions side by side with one space between are one
    person's name the model cut in two ("Waqar" "Younis", "Aung San" "Suu
    Kyi"): news puts a comma or a word between two people.

    When the first ends in a title ("Harbourton Mayor" "Dana Okafor", "Lt
    Col" "Dana Okafor") they are no one name: the title stays outside the
    person, as OntoNotes and CoNLL keep it, and what precedes it is the
    place or body the title belongs to, labelled as elsewhere in the article.
    """
    names = sorted(names, key=lambda m: m.start)
    elsewhere: dict[str, Counter[str]] = defaultdict(Counter)
    for m in names:
        elsewhere[_key(doc, m.start, m.end)][m.label] += 1
    out: list[Mention] = []
    for m in names:
        last = out[-1] if out else None
        if (
            last is not None
            and last.label == m.label == "PERSON"
            and last.end == m.start
            and doc[last.end - 1].whitespace_ == " "
        ):
            cut = last.end
            while cut > last.start and doc[cut - 1].lower_ in PERSON_TITLES:
                cut -= 1
            if cut == last.end:
                out[-1] = Mention(last.start, m.end, "PERSON", last.weight, last.cue_label)
                continue
            out.pop()
            if cut > last.start:
                seen = elsewhere[_key(doc, last.start, cut)]
                label = seen.most_common(1)[0][0] if seen else last.label
                out.append(Mention(last.start, cut, label, last.weight, last.cue_label))
        out.append(m)
    return out


_MINUTE = re.compile(r"\d{1,3}(st|nd|rd|th)")


def _cut_minute(doc: Doc, m: Mention) -> Mention:
    """ "Roberto Carlos 79th" -> "Roberto Carlos": the minute of a goal the
    model ran onto a scorer's name. No name ends in an ordinal figure."""
    if m.label in _FIGURE_NAME_LABELS or m.end - m.start < 2:
        return m
    if not _MINUTE.fullmatch(doc[m.end - 1].lower_):
        return m
    return Mention(m.start, m.end - 1, m.label, m.weight, m.cue_label)


def _bylines(
    doc: Doc, names: list[Mention], others: list[Mention], datelines: list[Mention]
) -> list[Mention]:
    """A line of two or three capitalised words right above a dateline is
    the reporter's byline ("Vera Haller\\nVENICE , Italy 1996-08-31"): a
    PERSON, whatever the model made of it or if it left it untagged. A
    line's opening "By" is no part of the name."""
    out = list(names)
    for d in datelines:
        line = _line_before(doc, d.start)
        if line is None:
            continue
        start, end = line
        if doc[start].text == "By":  # "By Petra Vasquez": the name, not the word before it
            start += 1
        words = [doc[i] for i in range(start, end)]
        if not 2 <= len(words) <= 3 or not all(w.is_alpha and w.is_title for w in words):
            continue
        if any(o.start < end and o.end > start for o in others):
            continue
        out = [m for m in out if not (m.start < end and m.end > start)]
        out.append(Mention(start, end, "PERSON", 1.0, "PERSON"))
    return sorted(out, key=lambda m: m.start)


# What a byline calls its author after the name: "By Leonie Hartmann, Science
# Correspondent", "By Eric Song, IGN Staff".
_BYLINE_ROLES = frozenset(
    {
        "correspondent",
        "editor",
        "reporter",
        "writer",
        "staff",
        "contributor",
        "columnist",
        "producer",
        "journalist",
    }
)
_BYLINE_NAME_WORDS = 4  # "By Troy L. Smith", "By Mary Ann van Dyke" stops at "van"
# What parts a byline's name from its outlet or date: "By Tess Bonn - 11/19/19".
_BYLINE_SEPARATORS = frozenset({"|", "-", "–", "—", "/", "·"})


def _by_lines(doc: Doc, names: list[Mention], others: list[Mention]) -> list[Mention]:
    """ "By Tess Bonn - 11/19/19", "By Amy Kuperinsky | NJ Advance Media": a
    line with no verb that opens with "By" and proper nouns names its author.
    Those two to four words (initials too) are a PERSON, whatever the model
    made of them or if it left them untagged; and a name after them on the
    line that ends in a role ("Science Correspondent", "IGN Staff") loses the
    role, or is dropped when what is left is one word and no acronym. A
    byline on a copied page is what ``analyze`` reads as given; the importer
    cuts it."""
    breaks = line_breaks_at(doc)
    texts = texts_of(doc)
    data = doc_data(doc)
    n = len(doc)
    out = list(names)
    for i in range(n):
        if texts[i] != "By" or (i > 0 and not breaks[i - 1]) or breaks[i]:
            continue
        end = i + 1
        while end < n and end - i <= _BYLINE_NAME_WORDS and not breaks[end - 1]:
            tok = doc[end]
            word = tok.is_alpha and tok.is_title and tok.pos_ == "PROPN"
            if not (word or _INITIAL.fullmatch(texts[end])):
                break
            end += 1
        if end - i - 1 < 2 or _INITIAL.fullmatch(texts[end - 1]):
            continue
        line_end = end
        while line_end < n and not breaks[line_end - 1]:
            line_end += 1
        # "By Election Day, voters will ...": a sentence, no byline. After a
        # page's separator ("By Amy Kuperinsky | NJ Advance Media") the rest
        # is the outlet or the date, whatever the tagger reads in it.
        upto = end if end < n and texts[end] in _BYLINE_SEPARATORS else line_end
        if any(data.pos[j] in ("VERB", "AUX") for j in range(i, upto)):
            continue
        if any(o.start < end and o.end > i + 1 for o in others):
            continue
        kept = []
        for m in out:
            if m.start < end and m.end > i + 1:
                continue
            if end <= m.start < line_end and data.lowers[m.end - 1] in _BYLINE_ROLES:
                # "IGN Staff" keeps its outlet; "Science Correspondent" is no name.
                if m.end - m.start == 1 or (m.end - m.start == 2 and not texts[m.start].isupper()):
                    continue
                m = Mention(m.start, m.end - 1, m.label, m.weight, m.cue_label)
            kept.append(m)
        out = [*kept, Mention(i + 1, end, "PERSON", 1.0, "PERSON")]
    return sorted(out, key=lambda m: m.start)


def _line_before(doc: Doc, i: int) -> tuple[int, int] | None:
    """Token range of the line ending right before token ``i`` (which opens a
    line), newline tokens left out; None at the text's start."""
    end = i
    while end > 0 and (doc[end - 1].is_space or "\n" in doc[end - 1].text):
        end -= 1
    if end == 0 or (end == i and "\n" not in doc[i - 1].whitespace_):
        return None
    start = end
    while start > 0 and "\n" not in doc[start - 1].whitespace_ and "\n" not in doc[start - 1].text:
        start -= 1
    return start, end
