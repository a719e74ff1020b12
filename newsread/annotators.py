"""Annotator names as people type them: "Ines", "ines" and " ines " are one
annotator. Names are compared by their key (spaces around them dropped,
case folded); each is shown as first written, never rewritten on disk."""

from __future__ import annotations

from collections.abc import Iterable


def annotator_key(name: str) -> str:
    """What two spellings of one annotator's name have in common."""
    return name.strip().casefold()


def same_annotator(one: str, other: str) -> bool:
    return annotator_key(one) == annotator_key(other)


def first_spellings(names: Iterable[str]) -> dict[str, str]:
    """Each annotator's key -> their name as first met in ``names`` (stripped):
    the spelling a list or a report shows for all of them."""
    spelled: dict[str, str] = {}
    for name in names:
        spelled.setdefault(annotator_key(name), name.strip())
    return spelled
