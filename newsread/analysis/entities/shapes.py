"""Labels a name's own shape asks for, whatever the model says.

Some names say what they are in their last word or their form: a "... Cup"
is a competition, "Yorkshire" is a county and never a person, "R. Croft" is a
person. The small model still calls "Fed Cup" an ORG and "Derbyshire" a
PERSON when the sentence reads that way ("Derbyshire kept up the hunt"), so
these cues vote against it. Each rule has its own name in ``resolve.STEPS``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import lowers_of, tokens_of
from newsread.analysis.entities.lexicon import DEMONYMS, SURNAME_PARTICLES
from newsread.analysis.entities.mentions import _DETERMINERS, Mention, _key, covered

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _cup_cue(doc: Doc, m: Mention) -> str | None:
    """EVENT for "UEFA Cup", "Fed Cup": a cup is a competition, as in OntoNotes
    ("the World Cup"), not the body that runs it."""
    if m.label == "ORG" and doc[m.end - 1].lower_ == "cup" and m.end - m.start > 1:
        return "EVENT"
    # "the Sennick Folk Festival" called a building or a body: a festival
    # happens, as a carnival or a marathon does.
    last = doc[m.end - 1]
    if m.label in ("ORG", "FAC", "GPE") and last.lower_ in _HAPPENINGS and last.is_title:
        return "EVENT"
    return None


_HAPPENINGS = frozenset({"festival", "carnival", "marathon"})


# Words before a place that make it where something happens, not who plays.
_PLACE_BEFORE = frozenset({"in", "at", "from", "near", "across", "around", "to"})


def _shire_cue(doc: Doc, m: Mention, sports: bool) -> str | None:
    """A one-word "...shire" (Derbyshire, Lancashire) is a county, never a
    person: in a sports article its team (ORG) unless a preposition makes it
    the place, elsewhere the county (GPE)."""
    word = doc[m.start]
    if m.label != "PERSON" or m.end - m.start != 1 or not word.lower_.endswith("shire"):
        return None
    if not word.text[:1].isupper() or len(word.text) <= len("shire"):
        return None
    place = m.start > 0 and doc[m.start - 1].lower_ in _PLACE_BEFORE
    return "ORG" if sports and not place else "GPE"


_INITIAL = re.compile(r"[A-Z]\.")


def _initial_cue(doc: Doc, m: Mention) -> str | None:
    """PERSON for "D. Fleming", "K. Evans" called ORG: one initial and one
    capitalised word is how a scorecard, a results list or a byline names a
    person (firms named so, "J. Crew", are rare next to them)."""
    if m.label != "ORG" or m.end - m.start != 2:
        return None
    initial, name = doc[m.start], doc[m.start + 1]
    if not _INITIAL.fullmatch(initial.text) or not initial.whitespace_:
        return None
    if name.is_alpha and name.text[:1].isupper() and not name.is_upper:
        return "PERSON"
    return None


def _particle_cue(doc: Doc, m: Mention) -> str | None:
    """PERSON for "Todd Van Poppel", "Hans von Storch" called ORG: a given
    name, a surname's particles and a name are how people are named; the
    model, not knowing the particle, reads a firm."""
    if m.label != "ORG" or not 3 <= m.end - m.start <= 5:
        return None
    tokens, lowers = tokens_of(doc), lowers_of(doc)
    first, last = tokens[m.start], tokens[m.end - 1]
    if lowers[m.start] in SURNAME_PARTICLES or lowers[m.start] in _DETERMINERS:
        return None
    if not all(lowers[i] in SURNAME_PARTICLES for i in range(m.start + 1, m.end - 1)):
        return None
    if first.is_alpha and first.is_title and last.is_alpha and last.is_title:
        return "PERSON"
    return None


# Last words of a street's or a road's name ("Mill Street", "Harbour Road").
_STREET_HEADS = frozenset(
    {"street", "road", "avenue", "lane", "boulevard", "highway", "motorway", "bridge", "tunnel"}
)


# Of those, the built things no organisation is named after: "The Kettler
# Bridge will close" is the bridge, where "Abbey Road" may be a studio.
_CROSSING_HEADS = frozenset({"bridge", "tunnel"})


def _street_cue(doc: Doc, m: Mention) -> str | None:
    """FAC for a place the model calls a GPE or LOC whose name ends in a
    capitalised "Street", "Road", "Bridge": OntoNotes files streets, roads
    and bridges under FAC (built things), and the model, which reads "on
    Mill Street" like "in Mill Valley", mixes the labels within one article.
    Also for a bridge or tunnel it calls an ORG: it does so where the name
    opens a sentence ("The Kettler Bridge will close ..."), as the subject
    of what an organisation would do, and a FAC mid-sentence."""
    last = doc[m.end - 1]
    if m.end - m.start < 2 or not last.is_title:
        return None
    if m.label in {"GPE", "LOC"} and last.lower_ in _STREET_HEADS:
        return "FAC"
    if m.label == "ORG" and last.lower_ in _CROSSING_HEADS:
        return "FAC"
    return None


# Lower-case nouns for a publication or news agency: "the daily Sueddeutsche
# Zeitung", "news weekly Der Spiegel", "Zycie Warszawy daily said".
_MEDIA_NOUNS = frozenset(
    {"daily", "weekly", "newspaper", "paper", "magazine", "tabloid", "broadsheet", "agency"}
)
# Labels a media noun may not turn into an ORG: "a Cairo weekly", "the
# Gulf newspaper" name where the paper is from, not the paper.
_MEDIA_KEEPS = frozenset({"GPE", "LOC", "FAC"})


def _media_noun(doc: Doc, i: int) -> bool:
    return 0 <= i < len(doc) and tokens_of(doc)[i].is_lower and lowers_of(doc)[i] in _MEDIA_NOUNS


def _beside_media_noun(doc: Doc, start: int, end: int) -> bool:
    """Whether the kind of publication is named right before ("the daily X",
    "news agency X") or right after ("X daily said", "X news agency")."""
    after = end + 1 if end < len(doc) and doc[end].lower_ == "news" else end
    return _media_noun(doc, start - 1) or _media_noun(doc, after)


def _media_names(doc: Doc, names: list[Mention], others: list[Mention]) -> list[Mention]:
    """Publications and news agencies named beside their kind are ORGs, in
    every mention: the small model calls a foreign title a person ("Der
    Spiegel") or leaves it untagged ("news agency Tanjug"). One such mention
    settles the name after the vote, as the kind is said once and the name
    repeated bare. A demonym ("a Polish daily") and a place ("a Cairo
    weekly") say where the paper is from, so they keep their labels."""
    keys = {
        _key(doc, m.start, m.end)
        for m in names
        if m.label not in _MEDIA_KEEPS
        and _beside_media_noun(doc, m.start, m.end)
        and _key(doc, m.start, m.end) not in DEMONYMS
    }
    for m in names:
        if _key(doc, m.start, m.end) in keys:
            m.label = "ORG"
    return names + _untagged_after_media_noun(doc, names, others)


def _untagged_after_media_noun(
    doc: Doc, names: list[Mention], others: list[Mention]
) -> list[Mention]:
    """ "the news agency Tanjug reported": a capitalised run the model left
    untagged right after a media noun (propagation then tags its repeats)."""
    taken = covered(len(doc), names, others)
    lowers = lowers_of(doc)
    found: list[Mention] = []
    for i in range(1, len(doc)):
        # The word alone first: most are no media noun, and that is cheap to see.
        if lowers[i - 1] not in _MEDIA_NOUNS or not _media_noun(doc, i - 1):
            continue
        if taken[i] or not _capitalised(doc, i):
            continue
        end = i
        while end < len(doc) and not taken[end] and _capitalised(doc, end):
            end += 1
        if _key(doc, i, end) not in DEMONYMS and "\n" not in doc[i:end].text:
            found.append(Mention(i, end, "ORG"))
    return found


def _capitalised(doc: Doc, i: int) -> bool:
    tok = doc[i]
    return tok.is_alpha and tok.text[:1].isupper() and tok.lower_ not in _DETERMINERS


# A wire service's desk, signed under a story: "-- Dublin Newsroom +353 1 ...".
_DESK_WORDS = frozenset({"newsroom", "newsdesk"})


def _newsrooms(doc: Doc, names: list[Mention]) -> list[Mention]:
    """ "Warsaw Newsroom", "New York Newsdesk": a news desk is an ORG, not the
    town (or person) the model sees. A town the model tagged without the desk
    word after it takes that word in; a telephone number the model ran on is
    cut off after it."""
    out: list[Mention] = []
    for m in names:
        end = m.end
        desk = next((i for i in range(m.start + 1, m.end) if _desk_word(doc, i)), None)
        if desk is not None:
            end = desk + 1
        elif end < len(doc) and _desk_word(doc, end) and doc[end - 1].whitespace_:
            end += 1
        else:
            out.append(m)
            continue
        out.append(Mention(m.start, end, m.label, m.weight, "ORG"))
    return out


def _desk_word(doc: Doc, i: int) -> bool:
    return doc[i].lower_ in _DESK_WORDS and doc[i].text[:1].isupper()


# Designators that end a company's name: "Dow Chemical Co", "Apic Yamada Corp".
_DESIGNATORS = frozenset(
    {"inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "llc", "plc", "ag", "nv", "gmbh"}
)


def _company_ends(doc: Doc, names: list[Mention]) -> list[Mention]:
    """A company's name ends at its designator: the model leaves the
    designator out ("Dow Chemical" of "Dow Chemical Co"), or runs on past it
    ("Daniels Pharmaceuticals Inc of St. Petersburg", "Jeans Mate Corp -
    6mth", "Computer Systems Inc Q2"). Either way the name is an ORG."""
    out: list[Mention] = []
    for m in names:
        end = _designator_end(doc, m)
        if end is None:
            out.append(m)
        else:
            out.append(Mention(m.start, end, m.label, m.weight, "ORG"))
    return out


def _designator_end(doc: Doc, m: Mention) -> int | None:
    """Where ``m`` should end if a designator ends it, else None."""
    for i in range(m.start + 1, m.end - 1):
        if _designator(doc, i) and _runs_past(doc, i + 1):
            return i + 1
    if (
        m.end < len(doc)
        and _designator(doc, m.end)
        and doc[m.end - 1].whitespace_ == " "
        and doc[m.end - 1].text[:1].isupper()
    ):
        return m.end + 1
    return None


def _designator(doc: Doc, i: int) -> bool:
    return doc[i].lower_ in _DESIGNATORS and doc[i].text[:1].isupper()


def _runs_past(doc: Doc, i: int) -> bool:
    """Whether the word after a designator is no part of the name: "of" a
    place, a dash, or a figure ("Q2", "6mth")."""
    word = doc[i].text
    return word == "of" or word in {"-", "–", "—"} or any(ch.isdigit() for ch in word)


def _designated_repeats(doc: Doc, names: list[Mention]) -> list[Mention]:
    """After propagation: a repeat tagged from a shorter mention ("Dow
    Chemical" in "The Dow Chemical Co of ...") takes in the designator after
    it, and the designator makes every mention of that name an ORG ("Apic
    Yamada" after "Apic Yamada Corp is ...")."""
    companies: set[str] = set()
    out: list[Mention] = []
    for m in names:
        end = _designator_end(doc, m)
        if end is not None and end > m.end:
            companies.add(_key(doc, m.start, m.end))
            m = Mention(m.start, end, "ORG", m.weight, "ORG")
        out.append(m)
    for m in out:
        if _key(doc, m.start, m.end) in companies:
            m.label = "ORG"
    return out
