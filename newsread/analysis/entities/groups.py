"""One entity per name in an article: its mentions, short forms included.

"Louise Carrow" and the later "Carrow" are one person, as the consistency
rules already decided when they gave "Carrow" the label of its full form. The
same rules group finished mentions here, from their text alone: a PERSON's
surname (any last words of the name: "Suu Kyi" of "Aung San Suu Kyi"), the
first word of a two-word PERSON ("Wang" of "Wang Wentao"), a company's name
before its corporate suffix and that name's first word ("Hive" of "Hive
Digital Technologies"); case and a leading "the" aside ("PORT SELLIN", "Port
Sellin"); and a place's or body's initials, with or without stops ("U.S."
and "US" of "United States", "UN" of "United Nations"). A short form joins a
full form of the same label only; one that two full forms could claim ("Wang"
with "Wang Wentao" and "Wang Yi") stays apart.

Imports the standard library and the analysis records only, so the reader can
group without spaCy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsread.analysis.entities.consistency import CORP_SUFFIXES
from newsread.analysis.entities.mentions import _DETERMINERS, NAME_LABELS
from newsread.analysis.records import Entity


@dataclass(frozen=True)
class EntityGroup:
    """The mentions of one name, in text order, shown as ``name``."""

    name: str
    label: str
    mentions: tuple[Entity, ...]


def name_key(text: str) -> tuple[str, ...]:
    """The words of a name as compared: lower case, curly apostrophes made
    straight, without a leading determiner or a trailing possessive."""
    words = text.replace("’", "'").lower().split()
    if len(words) > 1 and words[0] in _DETERMINERS:
        words = words[1:]
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    return tuple(w for w in words if w)


# Labels whose names are shortened to their initials, and the small words
# initials may skip ("United States of America" is "USA", "Bank of England" "BoE").
_INITIALLED = frozenset({"GPE", "ORG", "LOC", "FAC"})
_SKIPPED = frozenset({"of", "and", "for", "&", "on", "in"})


def _initials(words: tuple[str, ...]) -> list[tuple[tuple[str, ...], bool]]:
    """Initials with the small words skipped and kept ("BE" and "BoE"), each
    with and without stops."""
    forms: list[tuple[tuple[str, ...], bool]] = []
    for letters in ([w[0] for w in words if w not in _SKIPPED], [w[0] for w in words]):
        if len(letters) < 2 or not all(c.isalpha() for c in letters):
            continue
        for form in ("".join(letters), "".join(c + "." for c in letters)):
            if ((form,), False) not in forms:
                forms.append(((form,), False))
    return forms


def _short_forms(label: str, words: tuple[str, ...]) -> list[tuple[tuple[str, ...], bool]]:
    """(short form, weak) pairs that a full name of ``label`` stands for."""
    if len(words) < 2:
        return []
    forms = _initials(words) if label in _INITIALLED else []
    if label == "PERSON":
        forms += [(words[k:], False) for k in range(1, len(words))]
        if len(words) == 2:
            forms.append((words[:1], True))
    elif label == "ORG" and words[-1] in CORP_SUFFIXES:
        stem = tuple(w for w in words[:-1] if w not in CORP_SUFFIXES)
        forms += [(stem, False)] if stem else []
        if len(stem) > 1:
            forms.append((stem[:1], True))
    return forms


def group_entities(
    entities: Sequence[Entity], aliases: Mapping[str, str] | None = None
) -> list[EntityGroup]:
    """The article's entities grouped by name, in the order first mentioned.

    ``aliases`` maps a mention's text to the name of the entity a reader said
    it is ("Lou" -> "Louise Carrow"): such mentions join that entity's group.
    """
    aliases = aliases or {}
    by_key: dict[tuple[str, tuple[str, ...]], list[Entity]] = defaultdict(list)
    for entity in entities:
        text = aliases.get(entity.text, entity.text)
        words = name_key(text) if entity.label in NAME_LABELS else (text.lower(),)
        by_key[(entity.label, words or (text,))].append(entity)
    # Each short form's claimants: strong ones (surnames, stems) before weak ones.
    claims: dict[tuple[str, tuple[str, ...]], dict[bool, set[tuple[str, ...]]]] = defaultdict(
        lambda: {False: set(), True: set()}
    )
    for label, words in by_key:
        for short, weak in _short_forms(label, words):
            if (label, short) in by_key:
                claims[(label, short)][weak].add(words)
    owner: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]] = {}
    for (label, short), by_strength in claims.items():
        full = by_strength[False] or by_strength[True]
        if len(full) == 1:
            owner[(label, short)] = (label, next(iter(full)))

    # A full form that is itself someone's short form ("Suu Kyi" of "Aung San Suu
    # Kyi", which may also claim "Kyi") passes its mentions on to the longest.
    def root(key: tuple[str, tuple[str, ...]]) -> tuple[str, tuple[str, ...]]:
        seen = {key}
        while key in owner and owner[key] not in seen:
            key = owner[key]
            seen.add(key)
        return key

    members: dict[tuple[str, tuple[str, ...]], list[Entity]] = defaultdict(list)
    for key, mentions in by_key.items():
        members[root(key)].extend(mentions)
    groups = [
        EntityGroup(_display(by_key[key], aliases), key[0], tuple(sorted(found, key=_position)))
        for key, found in members.items()
    ]
    return sorted(groups, key=lambda g: _position(g.mentions[0]))


def _position(entity: Entity) -> tuple[int, int]:
    return entity.start, entity.end


def _display(full: list[Entity], aliases: Mapping[str, str]) -> str:
    """How the full form is written most often, preferring ordinary case
    ("Port Sellin" over a dateline's "PORT SELLIN"), then the first; an
    alias's own spelling only when the name is nowhere else."""
    texts = [e.text for e in full if e.text not in aliases] or [aliases[full[0].text]]
    counts: dict[str, int] = defaultdict(int)
    for text in texts:
        counts[" ".join(text.split())] += 1
    return max(counts, key=lambda text: (not text.isupper(), counts[text]))
