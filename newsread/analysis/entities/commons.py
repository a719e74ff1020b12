"""Common nouns the model took for names, and the headline's weaker say.

A capital letter is the model's strongest hint that a word is a name, but a
sentence's first word and a headline's words are capitalised whatever they
are. The tagger, which reads the grammar, still calls such a word a common
noun; where the words around it confirm that reading, the word is no name:

- a headline opened by a common noun that modifies the next, lower-case
  word ("Volunteer divers pull nets ...") has no person in it;
- a plural common noun opening a sentence, before a possessive or a group
  noun ("Islanders' association chair ...", "Farmers union leaders ..."),
  names the people who form the group, not an organisation;
- an acronym directly before a material or an object noun ("PET plastic",
  "PVC pipes", "LED lamps") is the kind of material or part, not an
  organisation; organisations stand before people and acts ("NATO troops",
  "BBC reporters"), which are not such nouns.

A headline also reads worse than the body (its words are compressed and,
in title case, all capitalised), so a name's mentions in the article's first
line count for less in the vote than the body's: "Marlow Bay" keeps the
body's place label, not the headline's ORG.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import texts_of, tokens_of, whitespaces_of
from newsread.analysis.entities.consistency import _KNOWN_ORGS, _all_caps_tokens
from newsread.analysis.entities.lexicon import DEMONYMS, RELIGIONS
from newsread.analysis.entities.mentions import _POSSESSIVE, Mention, _key

if TYPE_CHECKING:
    from spacy.tokens import Doc


# The tags of common nouns, singular and plural (proper nouns are NNP/NNPS).
_COMMON_NOUN_TAGS = frozenset({"NN", "NNS"})
# How a sentence (and so a headline) ends; a title has none of these.
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":", ";", ",")
# What a group of people forms: "Islanders' association", "farmers union".
_GROUP_NOUNS = frozenset(
    {
        "association",
        "associations",
        "union",
        "unions",
        "group",
        "groups",
        "committee",
        "council",
        "club",
        "federation",
        "society",
        "league",
        "cooperative",
        "co-operative",
        "forum",
        "network",
        "alliance",
        "organisation",
        "organization",
        "collective",
        "guild",
    }
)
# Materials and manufactured parts, which an acronym before them classifies:
# "PET plastic", "PVC pipe", "LED lamps", "LCD screens".
_MATERIAL_NOUNS = frozenset(
    {
        "plastic",
        "plastics",
        "resin",
        "resins",
        "fibre",
        "fibres",
        "fiber",
        "fibers",
        "foam",
        "film",
        "films",
        "pipe",
        "pipes",
        "tubing",
        "bottle",
        "bottles",
        "packaging",
        "lamp",
        "lamps",
        "bulb",
        "bulbs",
        "lighting",
        "screen",
        "screens",
        "display",
        "displays",
        "panel",
        "panels",
        "cable",
        "cables",
        "coating",
        "insulation",
        "pellets",
        "granules",
    }
)


def _line_start(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is the first word of its line."""
    tokens = tokens_of(doc)
    j = i - 1
    while j >= 0 and tokens[j].is_space:
        if "\n" in texts_of(doc)[j]:
            return True
        j -= 1
    return j < 0 or "\n" in whitespaces_of(doc)[j]


def _title_end(doc: Doc) -> int:
    """The token index where the article's first line (its title) ends, or 0
    when the first line ends as a sentence does, so it is body text."""
    end = 0
    for tok in doc:
        if tok.is_space or "\n" in tok.text:
            if end:
                break
            continue
        end = tok.i + 1
        if "\n" in tok.whitespace_:
            break
    if end == 0 or doc[end - 1].text.endswith(_SENTENCE_END):
        return 0
    return end


def heading_votes(doc: Doc, names: list[Mention]) -> None:
    """Halve the vote of the names in the article's title line (in place).

    The model reads a compressed headline worse than a sentence ("Marlow Bay
    council approves ..." makes "Marlow Bay" an ORG, the body's "the Marlow
    Bay city council" a place), so when the body names the same thing its
    label wins; a name found only in the title keeps its label."""
    end = _title_end(doc)
    for m in names:
        if m.start < end:
            m.weight *= 0.5


def _common_noun_at_start(doc: Doc, m: Mention) -> bool:
    """A one-word name opening its sentence or line that the tagger reads as
    a common noun: the capital is the position's, not the name's."""
    tok = doc[m.start]
    if m.end - m.start != 1 or tok.tag_ not in _COMMON_NOUN_TAGS or tok.is_upper:
        return False
    return tok.is_sent_start or _line_start(doc, m.start)


def heading_nouns(doc: Doc, names: list[Mention]) -> list[Mention]:
    """Drop a PERSON or NORP that is the title's first word, a common noun
    modifying the lower-case word after it ("Volunteer divers pull ...",
    "Harbour residents fight ...").

    A person named first in a headline is a proper noun followed by a verb
    or a name ("Okafor backs ...", "Dana Okafor backs ..."); a common noun
    before a lower-case noun is a description of that noun. A nationality or
    religion the word lists know ("Danish farmers") stays a NORP."""
    end = _title_end(doc)
    out = []
    for m in names:
        if _heading_label(doc, m) and m.start < end and _common_noun_at_start(doc, m):
            tok = doc[m.start]
            nxt = doc[m.end] if m.end < len(doc) else None
            if (
                nxt is not None
                and nxt.is_alpha
                and nxt.is_lower
                and tok.dep_ in {"compound", "amod", "nmod"}
                and tok.head.i == nxt.i
            ):
                continue
        out.append(m)
    return out


def _heading_label(doc: Doc, m: Mention) -> bool:
    if m.label == "PERSON":
        return True
    key = _key(doc, m.start, m.end)
    return m.label == "NORP" and key not in DEMONYMS and key not in RELIGIONS


def group_plurals(doc: Doc, names: list[Mention], sports: bool) -> list[Mention]:
    """Drop a plural common noun opening a sentence before a group noun
    ("Islanders' association chair ...", "Farmers union leaders ...").

    People named by where they live or what they do ("Islanders",
    "Dockworkers") are no organisation; the group noun after them is what
    they formed. In a sports article a plural is often a team ("Islanders'
    coach"), so there the rule stays out."""
    if sports:
        return names
    out = []
    n = len(doc)
    for m in names:
        tok = doc[m.start]
        if (
            _common_noun_at_start(doc, m)
            and tok.tag_ == "NNS"
            and tok.lower_.endswith("s")
            and m.label in {"ORG", "PERSON", "GPE"}
        ):
            i = m.end
            if i < n and doc[i].text in _POSSESSIVE:
                i += 1
            if i < n and doc[i].is_lower and doc[i].lower_ in _GROUP_NOUNS:
                continue
        out.append(m)
    return out


# Labels the model gives a common noun opening a sentence: "Agency engineer
# ..." and "Commuters will ..." an ORG, "Volunteers said ..." a PERSON.
_OPENER_LABELS = frozenset({"ORG", "PERSON", "GPE"})


def sentence_nouns(doc: Doc, names: list[Mention], sports: bool) -> list[Mention]:
    """Drop a one-word name opening a sentence that the tagger reads as a
    common noun ("Agency engineer Tove Lindahl said", "Commuters will be
    diverted", "Education minister X"), unless the word is capitalised
    elsewhere in the article away from a sentence's start, a sign that it is
    a name after all, or is a well-known organisation. In a sports article a
    plural is often a team ("Islanders won"), so there the rule stays out.
    Nationalities and parties (NORP, "Conservatives have ...") are left to
    the model: their members are NORP whatever their case."""
    if sports:
        return names
    elsewhere: set[str] = set()
    tokens = tokens_of(doc)
    for tok in tokens:
        if tok.is_title and not tok.is_sent_start and not _line_start(doc, tok.i):
            elsewhere.add(tok.text)
    out = []
    for m in names:
        tok = tokens[m.start]
        if (
            m.label in _OPENER_LABELS
            and _common_noun_at_start(doc, m)
            and tok.is_title
            and tok.text not in elsewhere
            # A well-known name the tagger reads as a noun ("Reuters historical
            # calendar"): the name it is.
            and tok.lower_ not in _KNOWN_ORGS
        ):
            continue
        out.append(m)
    return out


def acronym_people(doc: Doc, names: list[Mention]) -> list[Mention]:
    """Drop a PERSON that is one word in capitals ("COVID restrictions") in
    a line of running text, unless a longer PERSON of the article holds it.

    Prose writes a person's name in title case; a word in capitals there is
    an acronym (a disease, a programme, a body). On a line set in capitals
    (a wire headline) every name is, so such lines are left alone."""
    texts = texts_of(doc)
    caps_line = _all_caps_tokens(doc)
    held = {
        texts[i]
        for m in names
        if m.label == "PERSON" and m.end - m.start > 1
        for i in range(m.start, m.end)
    }
    out = []
    for m in names:
        word = texts[m.start]
        if (
            m.label == "PERSON"
            and m.end - m.start == 1
            and len(word) >= 3
            and word.isalpha()
            and word.isupper()
            and word not in held
            and not caps_line[m.start]
        ):
            continue
        out.append(m)
    return out


def material_acronyms(doc: Doc, names: list[Mention]) -> list[Mention]:
    """Drop an acronym used as the kind of a material or part ("PET plastic",
    "PVC pipes", "LED lamps"), unless the article names it elsewhere.

    A chemical or technical abbreviation classifies the noun after it; an
    organisation before a noun owns or employs it, and its nouns are people,
    acts and places ("NATO troops", "BBC reporters"). A firm's goods named so
    ("BASF plastics") come with the firm named elsewhere in the article, so
    an acronym with any other mention is left to the vote."""
    n = len(doc)
    counts: dict[str, int] = {}
    for m in names:
        key = _key(doc, m.start, m.end)
        counts[key] = counts.get(key, 0) + 1
    out = []
    for m in names:
        tok = doc[m.start]
        if (
            m.end - m.start == 1
            and tok.is_upper
            and tok.is_alpha
            and 2 <= len(tok.text) <= 5
            and m.end < n
            and doc[m.end].is_lower
            and doc[m.end].lower_ in _MATERIAL_NOUNS
            and counts[_key(doc, m.start, m.end)] == 1
            and not any(t.text == tok.text for t in doc if t.i != m.start)
        ):
            continue
        out.append(m)
    return out
