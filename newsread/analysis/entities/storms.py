"""Named storms: "Storm Henrik", "Hurricane Marta", and their bare names after.

A storm's name is a given name, so the small model calls "Storm Henrik" a
PERSON and the later "Henrik swept across the region" a PRODUCT or a place.
OntoNotes files a named storm under EVENT (something that happens), and news
names it in full once and bare after, so the bare name follows the full one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import cached, lowers_of, texts_of, tokens_of
from newsread.analysis.entities.mentions import _DETERMINERS, Mention, covered

if TYPE_CHECKING:
    from spacy.tokens import Doc


_STORM_WORDS = frozenset({"storm", "hurricane", "typhoon", "cyclone"})


# Lower-case words of weather news. "Storm" and "Hurricane" are also given
# names and nicknames ("Storm Filsaime scored 4 points"), so a storm's name
# is only read as one where the article talks about weather.
_WEATHER_WORDS = frozenset(
    {
        "wind",
        "winds",
        "gusts",
        "rain",
        "rainfall",
        "flood",
        "floods",
        "flooding",
        "landfall",
        "forecast",
        "forecasters",
        "weather",
        "storm",
        "storms",
        "hurricane",
        "typhoon",
        "cyclone",
        "mph",
        "km/h",
    }
)


def _weather_article(doc: Doc) -> bool:
    return cached(doc, "weather_article", _find_weather)


def _find_weather(doc: Doc) -> bool:
    lowers = lowers_of(doc)
    tokens = tokens_of(doc)
    return any(w in _WEATHER_WORDS and tokens[i].is_lower for i, w in enumerate(lowers))


def _storm_word(doc: Doc, i: int) -> bool:
    tok = tokens_of(doc)[i]
    return lowers_of(doc)[i] in _STORM_WORDS and tok.is_title


def _name_word(doc: Doc, i: int) -> bool:
    tok = tokens_of(doc)[i]
    return tok.is_alpha and tok.is_title and lowers_of(doc)[i] not in _DETERMINERS


def _storm_name_at(doc: Doc, i: int) -> bool:
    """Whether a storm word at ``i`` opens a storm's name: one given name
    after it ("Storm Henrik"), not the start of a title-case run ("Storm
    Damage Closes Schools", a headline)."""
    if i + 1 >= len(doc) or not _storm_word(doc, i) or not _name_word(doc, i + 1):
        return False
    return i + 2 >= len(doc) or not _name_word(doc, i + 2)


def _storm_start(doc: Doc, i: int) -> int:
    """Where a storm's full name opens when its storm word is at ``i``:
    "Tropical Storm Marta" takes "Tropical" in."""
    if i > 0 and lowers_of(doc)[i - 1] == "tropical" and tokens_of(doc)[i - 1].is_title:
        return i - 1
    return i


def storm_names(doc: Doc, names: list[Mention]) -> list[Mention]:
    """Before the vote: a name opening with a storm word ("Storm Henrik") asks
    for EVENT, and a storm word the model left out before a name it tagged
    ("Storm" of "Storm Henrik") is taken in."""
    if not _weather_article(doc):
        return names
    out: list[Mention] = []
    for m in names:
        first = m.start + 1 if lowers_of(doc)[m.start] in _DETERMINERS else m.start
        if m.end == first + 2 and _storm_name_at(doc, first):
            m.cue_label = "EVENT"
        elif m.end == m.start + 1 and m.start > 0 and _storm_name_at(doc, m.start - 1):
            m = Mention(_storm_start(doc, m.start - 1), m.end, m.label, m.weight, "EVENT")
        out.append(m)
    return out


def storms_after_vote(doc: Doc, names: list[Mention], others: list[Mention]) -> list[Mention]:
    """After the vote: a full storm name the model left untagged ("Storm
    Henrik") is an EVENT, and so is every mention of its bare name, tagged
    ("Henrik" called a PRODUCT) or not."""
    if not _weather_article(doc):
        return names
    texts = texts_of(doc)
    taken = covered(len(doc), names, others)
    added: list[Mention] = []
    bare: set[tuple[str, ...]] = set()
    for m in names:
        first = m.start + 1 if lowers_of(doc)[m.start] in _DETERMINERS else m.start
        if m.label == "EVENT" and m.end == first + 2 and _storm_word(doc, first):
            bare.add(tuple(texts[first + 1 : m.end]))
    i = 0
    while i < len(doc) - 1:
        if not taken[i] and not taken[i + 1] and _storm_name_at(doc, i):
            end = i + 2
            start = _storm_start(doc, i)
            if not any(taken[start:i]):
                added.append(Mention(start, end, "EVENT"))
                bare.add(tuple(texts[i + 1 : end]))
                taken[start:end] = b"\x01" * (end - start)
                i = end
                continue
        i += 1
    if not bare:
        return names
    for m in names:
        first = m.start + 1 if lowers_of(doc)[m.start] in _DETERMINERS else m.start
        if tuple(texts[first : m.end]) in bare:
            m.label = "EVENT"
    for words in bare:
        size = len(words)
        for i in range(len(doc) - size + 1):
            if any(taken[i : i + size]) or tuple(texts[i : i + size]) != words:
                continue
            if i + size < len(doc) and texts[i + size] == "-":
                continue  # "Henrik-related": glued to a word
            # "Storm Henrik Hits West Coast": in a title-case headline the
            # storm word is no name's start, but it is this name's.
            start = i - 1 if i > 0 and not taken[i - 1] and _storm_word(doc, i - 1) else i
            start = _storm_start(doc, start) if start < i else i
            added.append(Mention(start, i + size, "EVENT"))
            taken[start : i + size] = b"\x01" * (i + size - start)
    return sorted(names + added, key=lambda m: m.start)
