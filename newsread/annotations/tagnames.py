"""What a tag name is, one rule for the tag picker, ``newsread tag``, the tag
manager, ``import-annotations``, stats, search and doctor.

A name is one printable line without a comma: it is drawn in tables, the
footer and exports, and a comma separates tags wherever they are typed, so a
name holding one could never be typed (or merged) again. Nor does it hold a
control picture (U+2400-U+243F): a BEL pasted into a box comes in as ``␇``
(newsread.sanitize.pasted), a control character merely made visible. Names
that differ only in case, in the spaces around them or in Unicode
normalisation ("check", "Check ", "é" typed as e and a combining accent) are
one tag, as annotator names are one annotator (newsread.annotators):
compared by ``tag_key``, and written as the library already spells that tag;
a new tag is stored as typed, stripped and in NFC, the form most keyboards type."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsread.sanitize import is_one_line
from newsread.tagkey import clean_tag_name, tag_key

__all__ = [
    "TagSpellings",
    "clean_tag_name",
    "existing_spelling",
    "one_per_tag",
    "same_tag",
    "tag_key",
    "look_alikes",
    "tag_name_problem",
]

#: The control pictures block: ␀ to ␟ for C0 controls, ␡, ␤ and the rest.
_CONTROL_PICTURES = re.compile("[\u2400-\u243f]")


def same_tag(one: str, other: str) -> bool:
    return tag_key(one) == tag_key(other)


def tag_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a tag's name, said as the end of a sentence
    ("a tag name cannot hold control characters"); None when it can."""
    # Spaces around a name are no part of it, wherever it was typed.
    name = clean_tag_name(name)
    if not name:
        return "a tag needs a name"
    if not is_one_line(name):
        return "a tag name cannot hold control characters"
    if _CONTROL_PICTURES.search(name):
        return "a tag name cannot hold control characters, nor their pictures such as ␇"
    if "," in name:
        return "a tag name cannot hold a comma (commas separate tags)"
    return None


def existing_spelling(names: Iterable[str], wanted: str) -> str | None:
    """``wanted`` when ``names`` holds it, else the first (sorted) of ``names``
    that is the same tag (``same_tag``); None when there is none."""
    key = tag_key(wanted)
    same = sorted(n for n in names if tag_key(n) == key)
    return wanted if wanted in same else (same[0] if same else None)


def one_per_tag(names: Iterable[str]) -> list[str]:
    """``names`` with each tag once (the first spelling met), in their order."""
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(tag_key(name), name)
    return list(first.values())


class TagSpellings:
    """Names as the library spells them: each name given to ``spelled`` comes
    back as the known tag it is the same as, else (cleaned) as a new tag that
    later look-alikes are then spelled as."""

    def __init__(self, known: Iterable[str]) -> None:
        self._by_key: dict[str, list[str]] = {}
        for name in known:
            self._by_key.setdefault(tag_key(name), []).append(name)

    def spelled(self, name: str) -> str:
        key = tag_key(name)
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key[key] = [clean_tag_name(name)]
        return name if name in found else sorted(found)[0]

    def preferred(self, name: str) -> str:
        """One spelling for every spelling of ``name``'s tag, even where the
        library holds several (an older library's "person" and "Person "):
        the one stored as a new tag would be, else the first sorted."""
        self.spelled(name)
        return min(self._by_key[tag_key(name)], key=lambda n: (clean_tag_name(n) != n, n))

    def all_preferred(self, names: Iterable[str]) -> list[str]:
        """Each of ``names`` as ``preferred`` gives it, each tag once, in their order."""
        return list(dict.fromkeys(self.preferred(n) for n in names))

    def all_spelled(self, names: Iterable[str]) -> list[str]:
        """Each of ``names`` spelled, each tag once, in their order."""
        return list(dict.fromkeys(self.spelled(n) for n in names))


def look_alikes(names: Iterable[str]) -> list[list[str]]:
    """Groups (sorted) of two or more distinct ``names`` that are one tag."""
    by_key: dict[str, set[str]] = {}
    for name in names:
        by_key.setdefault(tag_key(name), set()).add(name)
    return sorted(sorted(group) for group in by_key.values() if len(group) > 1)
