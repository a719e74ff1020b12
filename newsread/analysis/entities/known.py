"""Names whose kind is known without the model: countries and demonyms.

The small model calls a country a person or an organisation when the
sentence reads like one ("Belarus blasts president", "England discard"), and
leaves a nationality untagged before a person's name ("Mexican Ariel Cruz").
A country is a GPE and the word for its people a NORP, in OntoNotes and
CoNLL alike; the lists are in ``lexicon``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import lowers_of, texts_of, tokens_of, whitespaces_of
from newsread.analysis.entities.lexicon import CITIES, COUNTRIES, DEMONYMS, RELIGIONS
from newsread.analysis.entities.mentions import Mention, _key, covered, untagged_name_word

if TYPE_CHECKING:
    from spacy.tokens import Doc


# Labels a demonym keeps: a language ("speaks French") is not its people.
_DEMONYM_KEEPS = frozenset({"NORP", "LANGUAGE"})


def _city_cue(doc: Doc, m: Mention) -> str | None:
    """GPE for a whole well-known city's name the model called something else."""
    if m.label in {"GPE", "LOC", "FAC"}:
        return None
    return "GPE" if _key(doc, m.start, m.end) in CITIES else None


def _known_cue(doc: Doc, m: Mention) -> str | None:
    """GPE for a whole country name, NORP for a whole demonym or religion, else None."""
    key = _key(doc, m.start, m.end)
    if key in COUNTRIES and m.label not in {"GPE", "LOC"}:
        return "GPE"
    if key in DEMONYMS and m.label not in _DEMONYM_KEEPS:
        return "NORP"
    if key in RELIGIONS:
        return "NORP"
    return None


def _known_mentions(
    doc: Doc, names: list[Mention], others: list[Mention], caps: bytearray
) -> list[Mention]:
    """Country names and demonyms the model left untagged, as GPE and NORP.

    A capitalised word (or two, "South Korean") outside every entity is
    tagged when it is a whole country name or demonym, and not part of a
    longer untagged capitalised run ("Swiss Re", "Irish Times": a name the
    model missed) nor glued to a word by a hyphen ("Anglo-Irish"). In an
    all-capital heading (``caps``) neighbours' case says nothing, so only
    the hyphen counts there.
    """
    n = len(doc)
    taken = covered(n, names, others)
    texts = texts_of(doc)
    lowers = lowers_of(doc)
    whitespaces = whitespaces_of(doc)
    capital = [t[:1].isupper() and any(ch.isalpha() for ch in t) for t in texts]

    def free_capital(i: int) -> bool:
        return not taken[i] and capital[i]

    def glued(i: int, end: int) -> bool:
        before = i > 0 and texts[i - 1] in {"-", "–"} and not whitespaces[i - 1]
        after = end < n and texts[end] in {"-", "–"} and not whitespaces[end - 1]
        return before or after

    added: list[Mention] = []
    i = 0
    while i < n:
        if not free_capital(i):  # every length below starts with token i
            i += 1
            continue
        found = None
        for length in (3, 2, 1):
            end = i + length
            if end > n or not all(free_capital(j) for j in range(i, end)):
                continue
            key = " ".join(lowers[i:end])
            label = "GPE" if key in COUNTRIES else "NORP" if key in DEMONYMS else None
            if label is None or glued(i, end):
                continue
            if not caps[i] and (
                (i > 0 and free_capital(i - 1) and not tokens_of(doc)[i - 1].is_sent_start)
                or (end < n and free_capital(end))
            ):
                continue
            found = Mention(i, end, label)
            break
        if found is not None:
            added.append(found)
            i = found.end
        else:
            i += 1
    return names + added if added else names


def _athletes(doc: Doc, names: list[Mention], others: list[Mention]) -> list[Mention]:
    """ "Jansher Khan ( Pakistan ) beat ...", "2. Leah Pells ( Canada )": an
    untagged run of two or three capitalised words right before a country in
    brackets is a competitor, a PERSON (results and line-ups name players so;
    a club would be one word or tagged)."""
    n = len(doc)
    taken = covered(n, names, others)
    countries = {m.start: m.end for m in names if m.label == "GPE"}

    word = untagged_name_word(doc, taken)

    texts = texts_of(doc)
    added: list[Mention] = []
    for i in range(2, n - 2):
        if texts[i] != "(":
            continue
        end = countries.get(i + 1)
        if end is None or end >= n or texts[end] != ")":
            continue
        start = i
        while start > 0 and i - start < 3 and word(start - 1):
            start -= 1
        if 2 <= i - start <= 3 and not (start > 0 and word(start - 1)):
            added.append(Mention(start, i, "PERSON"))
    return names + added if added else names


def _athlete_cue(doc: Doc, m: Mention) -> str | None:
    """PERSON for a name of two or three title-case words right before a
    country in brackets ("Leah Pells ( Canada ) 4:09.95"), which the model
    often calls an ORG in a results list."""
    n = len(doc)
    if m.label == "PERSON" or not 2 <= m.end - m.start <= 3 or m.end + 2 >= n:
        return None
    if not all(doc[i].is_title and not doc[i].is_stop for i in range(m.start, m.end)):
        return None
    if doc[m.end].text != "(":
        return None
    close = m.end + 2
    while close < min(n, m.end + 5) and doc[close].text != ")":
        close += 1
    if close >= n or doc[close].text != ")":
        return None
    inside = _key(doc, m.end + 1, close)
    if inside in COUNTRIES or all(doc[i].ent_type_ == "GPE" for i in range(m.end + 1, close)):
        return None if _key(doc, m.start, m.end) in COUNTRIES else "PERSON"
    return None


def _demonym_people(doc: Doc, names: list[Mention]) -> list[Mention]:
    """ "American Dennis Mitchell", "Belgian King Baudouin": a nationality
    glued onto a person's name is two names, a NORP and the PERSON. The
    model's span is split when it calls it a PERSON, or when the words after
    the nationality end with a person's name found elsewhere in the article
    ("Mitchell"), so "Scottish National Party" stays whole."""
    surnames = {doc[m.end - 1].lower_ for m in names if m.label == "PERSON"}
    out: list[Mention] = []
    for m in names:
        first = doc[m.start]
        rest = range(m.start + 1, m.end)
        split = (
            m.end - m.start >= 3
            and first.lower_ in DEMONYMS
            and all(doc[i].is_title for i in rest)
            and (m.label == "PERSON" or doc[m.end - 1].lower_ in surnames - {first.lower_})
        )
        if not split:
            out.append(m)
            continue
        out.append(Mention(m.start, m.start + 1, "NORP", m.weight, "NORP"))
        out.append(Mention(m.start + 1, m.end, "PERSON", m.weight, "PERSON"))
    return out
