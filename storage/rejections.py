"""What an import could not use, and what kind of input each one was.

An import summary says "2 files rejected, 3 records skipped": a file that
gave nothing, a URL that could not be fetched, a bad record of a JSON file
whose other records were imported, and a feed entry whose page failed are
different things to a user, and one count of "files" for all of them told
them wrong. Each rejection is still the ``(where, why)`` pair every caller
unpacks; the kind (and how many inputs one line sums up) ride along.
"""

from __future__ import annotations

from collections.abc import Iterable

FILE = "file"
STDIN = "stdin"
URL = "url"
RECORD = "record"
ENTRY = "entry"

#: The kinds in the order the summary names them.
KINDS = (FILE, STDIN, URL, RECORD, ENTRY)


class Rejection(tuple[str, str]):
    """``(where, why)`` with ``kind`` (one of KINDS) and ``count``: the inputs
    this one line stands for (more than one for "and 10 more records ...")."""

    kind: str
    count: int

    def __new__(cls, where: str, why: str, kind: str = FILE, count: int = 1) -> Rejection:
        if kind not in KINDS:
            raise ValueError(f"unknown kind of input {kind!r}")
        made = super().__new__(cls, (where, why))
        made.kind = kind
        made.count = count
        return made

    def __getnewargs__(self) -> tuple[str, str, str, int]:  # type: ignore[override]
        return (self[0], self[1], self.kind, self.count)


def counts(rejected: Iterable[tuple[str, str]]) -> dict[str, int]:
    """How many inputs of each kind were rejected; a plain pair counts as a file."""
    found = dict.fromkeys(KINDS, 0)
    for item in rejected:
        kind = getattr(item, "kind", FILE)
        found[kind] += getattr(item, "count", 1)
    return found
