"""Named entities: spaCy's NER made consistent across one article.

The small English model labels each mention on its own, so one article can
call "Nvidia" a GPE in one sentence and an ORG in the next, or label a
surname "Wang" ORG after "Wang Wentao" was a PERSON. A human reader (and the
OntoNotes annotators) would give every mention of one name one label, so after
spaCy we:

1. clean spans: drop name-type spans with no capital letter (lowercase
   nouns such as "mannequins" are never names in edited news), trim a
   trailing possessive ("Nvidia's" -> "Nvidia", as OntoNotes leaves the
   possessive marker out), and split "Nvidia's H20" when the owner is itself
   mentioned elsewhere as a name;
2. give short forms the label of their full form: a PERSON's surname or given
   name ("Wang" after "Wang Wentao"), a company's stem ("Huawei" after "Huawei
   Technologies");
3. vote: every mention of one normalised name casts a weighted vote for its
   label (the model's guess, plus context cues such as "Inc" or "X's chips",
   well-known platforms and wire services, acronyms the model calls NORP,
   and full-form evidence), and the winner is applied to all mentions;
4. propagate: mentions of a resolved name (or a PERSON's surname) that the
   model left untagged get that name's label.

Before voting, OntoNotes extents are repaired: a dateline's all-caps place
is a GPE, "46 percent to 42 percent" is two PERCENTs, a capitalised run
ending in "Act"/"Treaty"/"Agreement" is one LAW, a run-in heading before a
colon is cut off, words of a title-case headline glued onto a name
("Standard Clinton") are trimmed, and heading phrases taken for names are
dropped. A URL glued to an entity's last word is cut off its span.

OntoNotes keeps a leading "the" inside GPE/ORG/FAC spans ("the United
States", "the White House"), as the model does, so determiners are left alone
apart from vote keys. Numeric labels (DATE, CARDINAL, ...) are not names and
are passed through unchanged.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME_LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
# Labels whose short forms inherit from a full form (step 2).
_PERSON_LIKE = frozenset({"PERSON"})

# Corporate designators: "X Inc" is an ORG, and "X" later on is the same ORG.
CORP_SUFFIXES = frozenset(
    {
        "inc",
        "inc.",
        "corp",
        "corp.",
        "corporation",
        "co",
        "co.",
        "ltd",
        "ltd.",
        "llc",
        "plc",
        "ag",
        "sa",
        "gmbh",
        "group",
        "holdings",
        "technologies",
        "technology",
        "industries",
        "systems",
        "labs",
        "company",
        "communications",
        "pharmaceuticals",
        "motors",
        "airlines",
    }
)
# Nouns that, after "X's", mark X as a business: "Nvidia's H20 chips".
_BUSINESS_NOUNS = frozenset(
    {
        "chip",
        "chips",
        "shares",
        "stock",
        "stocks",
        "ceo",
        "products",
        "product",
        "software",
        "platform",
        "app",
        "revenue",
        "revenues",
        "profit",
        "profits",
        "earnings",
        "subsidiary",
        "brand",
        "smartphones",
        "processors",
    }
)
# Words right before a name that mark it as a business ("made by Nvidia").
# ("rival" is left out: "Democratic rival Hillary Clinton" is a person.)
_BUSINESS_BEFORE = frozenset({"company", "firm", "maker", "giant", "carmaker", "chipmaker"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_DETERMINERS = frozenset({"the", "a", "an"})
_HAS_UPPER = re.compile(r"[A-Z]")
_QUOTE_CHARS = "\"'“”‘’"


@dataclass
class Mention:
    """One entity mention while the rules work on it (token offsets into the Doc)."""

    start: int  # token index
    end: int  # token index, exclusive
    label: str
    weight: float = 1.0
    cue_label: str | None = None  # label a strong local cue asks for


def _has_capital(doc: Doc, m: Mention) -> bool:
    return any(_HAS_UPPER.search(doc[i].text) for i in range(m.start, m.end))


def _trim(doc: Doc, m: Mention) -> Mention | None:
    """Trim quote marks and a trailing possessive; None when nothing is left."""
    start, end = m.start, m.end
    while start < end and doc[start].text in _QUOTE_CHARS:
        start += 1
    while end > start and (doc[end - 1].text in _QUOTE_CHARS or doc[end - 1].text in _POSSESSIVE):
        end -= 1
    if end <= start:
        return None
    return Mention(start, end, m.label, m.weight, m.cue_label)


def _key(doc: Doc, start: int, end: int) -> str:
    """Vote key: the lower-cased words without a leading determiner."""
    words = [doc[i].lower_ for i in range(start, end)]
    if len(words) > 1 and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


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


def _context_cue(doc: Doc, m: Mention) -> str | None:
    """A label that the words around a mention clearly ask for, if any."""
    last = doc[m.end - 1]
    if _key(doc, m.start, m.end) in _KNOWN_ORGS:
        return "ORG"
    if m.label == "NORP" and m.end - m.start == 1 and last.is_upper and 2 <= len(last.text) <= 5:
        # Nationalities and parties are words ("Russian", "Democrats"); an
        # acronym the model calls NORP ("NYPD", "(UPI)") is an organisation.
        return "ORG"
    if last.lower_ in CORP_SUFFIXES and m.end - m.start > 1:
        return "ORG"
    if m.end < len(doc):
        nxt = doc[m.end]
        if nxt.lower_ in CORP_SUFFIXES and nxt.is_title and nxt.lower_ not in {"group", "company"}:
            return "ORG"
        if nxt.text in _POSSESSIVE and m.end + 1 < len(doc):
            # "X's H20 chips": look a couple of words on for a business noun.
            window = doc[m.end + 1 : min(len(doc), m.end + 4)]
            if any(t.lower_ in _BUSINESS_NOUNS for t in window):
                return "ORG"
    if m.start > 0 and doc[m.start - 1].lower_ in _BUSINESS_BEFORE:
        return "ORG"
    if m.start > 1 and doc[m.start - 1].lower_ == "by" and doc[m.start - 2].lower_ == "made":
        return "ORG"
    return None


# Labels a weak (first-word) short-form match may not override: a given name
# that is also a place ("Charlotte", "Georgia") keeps its place label.
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})


def _full_forms(
    doc: Doc, mentions: list[Mention], votes: dict[str, dict[str, float]]
) -> dict[str, tuple[str, int, bool]]:
    """Short form -> (label, length, weak) of the longest full form containing it.

    A PERSON's last word is a short form (news refers to people by surname);
    so are a company's words before its corporate suffix ("Huawei" of "Huawei
    Technologies"). The first word of a two-word PERSON is a weak short form:
    surname-first names ("Wang" of "Wang Wentao") need it, but given names
    are often places too, so it only overrides non-place labels. Only full
    forms whose own vote came out that way count, so one mislabelled "North
    Korea" cannot make "Korea" a person.
    """
    forms: dict[str, tuple[str, int, bool]] = {}

    def offer(short: str, label: str, length: int, weak: bool) -> None:
        old = forms.get(short)
        if old is None or (old[2], -old[1]) > (weak, -length):
            forms[short] = (label, length, weak)

    for m in mentions:
        words = [doc[i] for i in range(m.start, m.end) if doc[i].lower_ not in _DETERMINERS]
        # All-capital headings ("MIDWAY ATOLL -") are where the model errs most.
        if len(words) < 2 or all(w.is_upper for w in words):
            continue
        tally = votes[_key(doc, m.start, m.end)]
        top = max(tally.values())
        # A tie counts: a full name the model once calls PERSON and once ORG
        # is still good evidence that its surname is a person's.
        label = "PERSON" if tally.get("PERSON", 0) >= top else _winner(tally)
        if label == "PERSON" and words[-1].text[:1].isupper():
            offer(words[-1].lower_, label, len(words), False)
            if len(words) == 2 and words[0].text[:1].isupper():
                offer(words[0].lower_, label, len(words), True)
        elif label == "ORG" and words[-1].lower_ in CORP_SUFFIXES:
            stem = " ".join(w.lower_ for w in words[:-1] if w.lower_ not in CORP_SUFFIXES)
            if stem:
                offer(stem, label, len(words), False)
    return forms


def _winner(tally: dict[str, float], own: str = "") -> str:
    """The label with most votes; on a tie, the mention keeps its own label."""
    return max(tally.items(), key=lambda kv: (kv[1], kv[0] == own))[0]


def _vote(doc: Doc, mentions: list[Mention]) -> None:
    """Give every mention of one name the label with the most weighted votes."""
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    keys = []
    for m in mentions:
        key = _key(doc, m.start, m.end)
        keys.append(key)
        votes[key][m.label] += m.weight
        if m.cue_label:
            votes[key][m.cue_label] += 1.5
    for key, (label, length, weak) in _full_forms(doc, mentions, votes).items():
        if key in votes and not (weak and _winner(votes[key]) in _PLACE_LABELS):
            # Full-form evidence outweighs any number of isolated model guesses
            # on the short form: the small model calls unknown surnames ORG or
            # GPE again and again, so counting its guesses would not help.
            votes[key][label] += 2.0 + length + sum(votes[key].values())
    for m, key in zip(mentions, keys, strict=True):
        m.label = _winner(votes[key], m.label)


_CURRENCY = frozenset("$€£¥")
_DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night", "tonight"})


def _numeric_fixes(doc: Doc, raw: list[Mention]) -> list[Mention]:
    """OntoNotes extents the small model misses on numeric entities.

    A currency sign belongs to its MONEY ("$200", where the model often
    tags only "200"), and a day with its part of the day is one TIME
    ("Monday night", not DATE "Monday" plus TIME "night").
    """
    out: list[Mention] = []
    for m in raw:
        if (
            m.label == "MONEY"
            and m.start > 0
            and doc[m.start - 1].text in _CURRENCY
            and not doc[m.start - 1].whitespace_
        ):
            m = Mention(m.start - 1, m.end, m.label, m.weight)
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
    return out


_UNIT_WORDS = frozenset({"percent", "%", "per", "cent"})
_RANGE_WORDS = frozenset({"to", "and", "-", "–", "—", "vs", "vs."})


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
                    out.append(Mention(m.start, i, m.label, m.weight))
                    m = Mention(i + 1, m.end, m.label, m.weight)
                break
        out.append(m)
    return out


def _has_unit(span, label: str) -> bool:
    words = {t.lower_ for t in span}
    if label == "PERCENT":
        return bool(words & _UNIT_WORDS) and any(t.like_num for t in span)
    return any(t.text in _CURRENCY for t in span) and any(t.like_num for t in span)


def _line_of(text: str, idx: int) -> str:
    return text[text.rfind("\n", 0, idx) + 1 : (text.find("\n", idx) + 1 or len(text) + 1) - 1]


def _is_title_line(line: str) -> bool:
    """A headline or sub-heading: (nearly) every longer word capitalised."""
    words = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
    if len(words) < 2 or line.isupper():
        return False
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.9 * len(words)


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


def _headline_fragments(doc: Doc, names: list[Mention]) -> list[Mention]:
    """Trim or drop capitalised words the model glued onto names in headlines.

    In a title-case line every word is capitalised, so the model takes
    "Standard Clinton" or "Obama Seeks" for names. A span whose other words
    occur in no other name of the article, but whose first or last words are
    a name that does, is trimmed to that name; a multi-word span that shares
    no word with any other name ("Limited Tools", "Veto Power Impedes Peace
    Efforts") is a phrase of the heading and is dropped. (At a sentence
    start the same test would cut "David Axelrod" to "Axelrod", so it is
    only applied to headings.)
    """
    text = doc.text
    keys = [_key(doc, m.start, m.end) for m in names]
    key_count: dict[str, int] = defaultdict(int)
    word_count: dict[str, int] = defaultdict(int)
    for m, key in zip(names, keys, strict=True):
        key_count[key] += 1
        if m.label == "PERSON" and m.end - m.start > 1:
            key_count[doc[m.end - 1].lower_] += 1  # the surname of a full name
        for i in range(m.start, m.end):
            word_count[doc[i].lower_] += 1
    out: list[Mention] = []
    for m, key in zip(names, keys, strict=True):
        n = m.end - m.start
        if n < 2 or key_count[key] > 1 or m.label not in _FRAGMENT_LABELS:
            out.append(m)
            continue
        line_start = text.rfind("\n", 0, doc[m.start].idx) + 1
        line = _line_of(text, doc[m.start].idx)
        span_start, span_end = doc[m.start].idx - line_start, doc[m.end - 1].idx - line_start
        rest = line[:span_start] + " " + line[span_end + len(doc[m.end - 1].text) :]
        # A line that is the name alone is a signature or byline, not a heading.
        if not _is_title_line(line) or sum(len(w) >= 4 for w in rest.split()) < 2:
            out.append(m)
            continue
        cut = None
        for k in range(1, n):
            for start, end, rest in (
                (m.start + k, m.end, range(m.start, m.start + k)),
                (m.start, m.end - k, range(m.end - k, m.end)),
            ):
                sub = _key(doc, start, end)
                if (
                    sub != key
                    and key_count.get(sub, 0) >= 1
                    and all(word_count[doc[i].lower_] == 1 and not doc[i].is_upper for i in rest)
                ):
                    cut = Mention(start, end, m.label, m.weight, m.cue_label)
                    break
            if cut is not None:
                break
        if cut is not None:
            out.append(cut)
        elif all(word_count[doc[i].lower_] == 1 for i in range(m.start, m.end)):
            continue
        else:
            out.append(m)
    return out


_FRAGMENT_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "LAW"})
# Tags of words that are never a propagated name ("May I ask").
_FUNCTION_TAGS = frozenset(
    {"MD", "IN", "DT", "PRP", "PRP$", "CC", "WDT", "WP", "WP$", "EX", "TO", "UH", "PDT", "RP"}
)


def _propagate(doc: Doc, names: list[Mention], others: list[Mention]) -> list[Mention]:
    """Tag the mentions of a name that the model left out elsewhere.

    News repeats names; the model tags "Ham" or "Schiff" in one sentence and
    misses it in the next (typically at a sentence start, where it reads it
    as a verb). Every capitalised word sequence spelled exactly like a
    resolved name of the article, or like the surname of one of its
    PERSONs, gets that name's label when it does not overlap an entity.
    Words glued by a hyphen ("Clinton-backed") are left alone.
    """
    forms: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    seen: set[tuple[str, ...]] = set()

    def add(words: tuple[str, ...], label: str) -> None:
        if words not in seen and _HAS_UPPER.match(words[0]) and len(words[0]) > 1:
            seen.add(words)
            forms[words[0]].append((words, label))

    for m in names:
        words = tuple(doc[i].text for i in range(m.start, m.end))
        if words[0].lower() in _DETERMINERS:
            words = words[1:]
        if not words or all(w.isupper() for w in words) and len(words) > 1:
            continue
        add(words, m.label)
        if m.label == "PERSON" and len(words) > 1 and words[-1][:1].isupper():
            add(words[-1:], m.label)
    if not forms:
        return names
    taken = bytearray(len(doc))
    for m in names:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    for m in others:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    added: list[Mention] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        cands = forms.get(tok.text) if not taken[i] else None
        if cands:
            for words, label in sorted(cands, key=lambda c: -len(c[0])):
                end = i + len(words)
                if (
                    end <= n
                    and not any(taken[i:end])
                    and all(doc[j].text == w for j, w in zip(range(i, end), words, strict=False))
                    and tok.tag_ not in _FUNCTION_TAGS
                    and not (i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_)
                    and not (end < n and doc[end].text == "-" and not doc[end - 1].whitespace_)
                ):
                    added.append(Mention(i, end, label))
                    i = end - 1
                    break
        i += 1
    return names + added if added else names


# Wire services and platforms the small model takes for people or places
# ("on Twitter" PERSON, "(UPI)" NORP); a cue only, so "Michael Bloomberg"
# still makes a later "Bloomberg" a person.
_KNOWN_ORGS = frozenset(
    {
        "twitter",
        "facebook",
        "youtube",
        "instagram",
        "google",
        "reuters",
        "bloomberg",
        "upi",
        "ap",
        "afp",
        "cnn",
        "msnbc",
        "nbc",
        "cbs",
        "abc",
        "fox news",
        "politico",
        "gallup",
        "quinnipiac",
        "breitbart",
    }
)
_LAW_HEADS = frozenset(
    {"act", "treaty", "agreement", "accord", "accords", "convention", "amendment"}
)
_LAW_JOINERS = frozenset({"and", "of", "the", "on", "for", "to", "&"})


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
        # Extend over "and Medical Leave Act" when it ends in a law head.
        j = end
        while j < len(doc) and (
            doc[j].lower_ in _LAW_JOINERS or doc[j].is_title or doc[j].is_upper
        ):
            if doc[j].lower_ in _LAW_HEADS and doc[j].is_title:
                end = j + 1
                break
            if doc[j].is_punct or j - m.end > 5:
                break
            j += 1
        if (
            doc[end - 1].lower_ in _LAW_HEADS
            and doc[end - 1].is_title
            and m.label in {"ORG", "PRODUCT", "LAW", "WORK_OF_ART", "EVENT", "PERSON"}
        ):
            m = Mention(m.start, end, "LAW", m.weight)
            skip_until = end
        out.append(m)
    return out


def _dateline(doc: Doc) -> Mention | None:
    """ "HEMPSTEAD, N.Y., Sept. 26 (UPI) —": the all-caps place opening a dateline."""
    out = []
    text = doc.text
    for i, tok in enumerate(doc):
        if i and "\n" not in doc[i - 1].whitespace_ and "\n" not in doc[i - 1].text:
            continue
        j = i
        while j < len(doc) and doc[j].is_upper and doc[j].is_alpha:
            j += 1
        if j == i or j >= len(doc) or doc[j].text != ",":
            continue
        head = text[tok.idx : tok.idx + 80].split("\n", 1)[0]
        if " — " in head or " -- " in head or " - " in head or ") —" in head:
            out.append(Mention(i, j, "GPE"))
    return out


def resolve_entities(doc: Doc) -> list[tuple[int, int, str]]:
    """Consistent entities as (start_char, end_char, label), in text order."""
    raw = _numeric_fixes(doc, [Mention(e.start, e.end, e.label_) for e in doc.ents])
    raw = _split_ranges(doc, raw)
    names: list[Mention] = []
    others: list[Mention] = []
    datelines = _dateline(doc)
    covered = {i for d in datelines for i in range(d.start, d.end)}
    for m in raw:
        if covered and any(i in covered for i in range(m.start, m.end)):
            continue
        if m.label not in NAME_LABELS:
            others.append(m)
            continue
        trimmed = _trim(doc, m)
        if trimmed is not None and _has_capital(doc, trimmed):
            names.append(_split_colon(doc, trimmed))
    names = _law_names(doc, names + datelines)
    names = _headline_fragments(doc, names)
    known = {_key(doc, m.start, m.end) for m in names}
    names = [_split_internal_possessive(doc, m, known) for m in names]
    for m in names:
        m.cue_label = _context_cue(doc, m)
    _vote(doc, names)
    names = _propagate(doc, names, others)
    merged = sorted(names + others, key=lambda m: m.start)
    text = doc.text  # built anew on every access: once only
    return [_chars(doc, text, m) for m in merged]


def _chars(doc: Doc, text: str, m: Mention) -> tuple[int, int, str]:
    """Character offsets; a URL glued to the last word ("30th.https://...") is cut off."""
    start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)
    cut = text.find("http", start, end)
    if cut > start:
        end = cut
        while end > start and not text[end - 1].isalnum():
            end -= 1
    return start, end, m.label
