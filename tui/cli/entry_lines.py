"""Entries of a feed that failed alike, said in one line.

A feed of 2,000 summary-only entries on a site that is down gave 2,000 lines
on stderr, each naming the same DNS error. Entries whose page failed for the
same reason at the same host are one line with their count and one of them as
an example; an entry alone in its group keeps its line of its own, grep-able
by its address.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsread.urls import host_of


@dataclass
class EntryGroup:
    host: str  # "" for entries without a web address
    reason: str
    origins: list[str]


def entry_groups(items: Iterable[tuple[str, str]]) -> list[EntryGroup]:
    """``(origin, reason)`` pairs grouped by the origin's host and the reason,
    in the order each group first appears."""
    groups: dict[tuple[str, str], EntryGroup] = {}
    for origin, reason in items:
        host = host_of(origin)
        # Entries without an address (named by their title) are told apart by it.
        key = (host, reason) if host else (origin, reason)
        group = groups.get(key)
        if group is None:
            groups[key] = EntryGroup(host, reason, [origin])
        else:
            group.origins.append(origin)
    return list(groups.values())
