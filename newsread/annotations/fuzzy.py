"""Fuzzy ranking of names for pickers: subsequence match, prefix and word starts
first; a query with two neighbouring letters swapped ("cehck") still finds its
name, ranked below every name the query matches as typed."""

from __future__ import annotations

#: where a match found only by swapping two letters scores: below any match
#: as typed (those stay above it for any name under a few thousand letters)
SWAP_FLOOR = -1000.0


def fuzzy_score(query: str, name: str) -> float | None:
    """Score ``name`` against ``query`` (higher is better); None when it does not match."""
    q = query.casefold().strip()
    n = name.casefold()
    found = _score(q, n)
    # Short words are too often other words with two letters swapped ("from").
    if found is not None or len(q) < 5:
        return found
    swapped = [
        _score(q[:i] + q[i + 1] + q[i] + q[i + 2 :], n)
        for i in range(len(q) - 1)
        if q[i] != q[i + 1]
    ]
    best = max((s for s in swapped if s is not None), default=None)
    # Scaled into [-1000, -999]: the swapped matches keep their own order.
    return None if best is None else SWAP_FLOOR + best / 1000


def _score(q: str, n: str) -> float | None:
    if not q:
        return 0.0
    if n == q:
        return 1000.0
    if n.startswith(q):
        return 500.0 - len(n)
    if q in n:
        return 300.0 - n.index(q) - len(n) / 100
    # Every query character in order; reward matches at word starts and runs.
    score = 100.0
    pos = -1
    for ch in q:
        found = n.find(ch, pos + 1)
        if found < 0:
            return None
        if found == pos + 1:
            score += 5
        if found == 0 or not n[found - 1].isalnum():
            score += 8
        score -= (found - pos - 1) * 0.5
        pos = found
    return score


def rank(query: str, names: list[str]) -> list[str]:
    scored = [(fuzzy_score(query, name), name) for name in names]
    hits = [(s, n) for s, n in scored if s is not None]
    hits.sort(key=lambda item: (-item[0], item[1].casefold()))
    return [n for _, n in hits]
