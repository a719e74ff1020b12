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
        if first + 1 < m.end and _storm_word(doc, first) and _name_word(doc, first + 1):
            m.cue_label = "EVENT"
        elif m.start > 0 and _storm_word(doc, m.start - 1) and _name_word(doc, m.start):
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
        if m.label == "EVENT" and first + 1 < m.end and _storm_word(doc, first):
            bare.add(tuple(texts[first + 1 : m.end]))
    i = 0
    while i < len(doc) - 1:
        if not taken[i] and _storm_word(doc, i) and not taken[i + 1] and _name_word(doc, i + 1):
            end = i + 2
            while end < len(doc) and not taken[end] and _name_word(doc, end):
                end += 1
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
            added.append(Mention(i, i + size, "EVENT"))
            taken[i : i + size] = b"\x01" * size
    return sorted(names + added, key=lambda m: m.start)
