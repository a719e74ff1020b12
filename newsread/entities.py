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
   label (the model's guess, plus context cues such as "Inc" or "X's chips"
   and full-form evidence), and the winner is applied to all mentions.

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


def resolve_entities(doc: Doc) -> list[tuple[int, int, str]]:
    """Consistent entities as (start_char, end_char, label), in text order."""
    raw = _numeric_fixes(doc, [Mention(e.start, e.end, e.label_) for e in doc.ents])
    names: list[Mention] = []
    others: list[Mention] = []
    for m in raw:
        if m.label not in NAME_LABELS:
            others.append(m)
            continue
        trimmed = _trim(doc, m)
        if trimmed is not None and _has_capital(doc, trimmed):
            names.append(trimmed)
    known = {_key(doc, m.start, m.end) for m in names}
    names = [_split_internal_possessive(doc, m, known) for m in names]
    for m in names:
        m.cue_label = _context_cue(doc, m)
    _vote(doc, names)
    merged = sorted(names + others, key=lambda m: m.start)
    return [
        (doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text), m.label) for m in merged
    ]
