"""Tag names that differ only in case are one tag to the user: the tag picker
and ``tag:`` search match them alike. Where a name is typed (the command
line's ``--tag``, a rename), the library's own spelling is taken."""

from __future__ import annotations

from collections.abc import Iterable


def existing_spelling(names: Iterable[str], wanted: str) -> str | None:
    """``wanted`` when ``names`` holds it, else the first (sorted) of ``names``
    that differs from it only in case; None when there is none."""
    folded = wanted.casefold()
    same = sorted(n for n in names if n.casefold() == folded)
    return wanted if wanted in same else (same[0] if same else None)
