"""Re-anchor annotations after an article body changes.

Each annotation keeps a W3C Web Annotation target: a TextQuoteSelector (the exact
text plus up to :data:`~newsread.model.CONTEXT_CHARS` characters of context each
side) and a TextPositionSelector (start, end) into the body as stored. When a
re-import replaces the body, :func:`reanchor` looks for the passage again, in the
order the design notes give:

1. **position** - the stored offsets still hold ``exact`` and its context.
2. **quote** - an exact occurrence of ``exact``; occurrences are ranked by how well
   the text around them matches the stored prefix/suffix, then by distance to the
   old position (scaled by the change in body length when that is known). If the
   winner sits at the stored offsets the method is still reported as "position".
   An occurrence now glued into a longer word ("Monday" in "Mondays") is
   widened to that whole word when the quote's edge was on a word's edge: its
   words changed, and the re-import says so.
3. **fuzzy** - an approximate match found with rapidfuzz, but only inside windows
   that surviving pieces of the quote or its context point at (see
   :func:`_fuzzy_candidates`), so the cost stays linear in the body length. Its
   edges are then moved onto the words that align with the quote's first and
   last words (newsread.annotations.token_edges), so a changed edge word is
   covered by its replacement, never dropped or cut, and the thresholds below
   are applied to that span.
4. otherwise ``None``: the annotation is an orphan the user should see.

Given the old body too, a quote that occurred more than once in it is not
placed on a passage that is another of its old copies: when the text around a
new occurrence matches another old copy's context better than the stored one,
that occurrence is that copy, and the annotated one was deleted (two
paragraphs naming "14 million euros", the second one removed: its annotation
is an orphan, not a duplicate on the first). A quote unique in the old text is
still re-found with its context rewritten: nothing else could claim it.

Fuzzy acceptance thresholds (why these numbers):

* :data:`FUZZY_MIN_SCORE` = 85 on ``rapidfuzz.fuzz.ratio`` (normalised Indel
  similarity, ``100 * (1 - indels / (len(a) + len(b)))``). For a 60-character
  quote that allows roughly four or five substituted characters (each costs two
  indels): typo fixes, a changed number, "said" -> "says". Much below 85, short
  quotes start matching unrelated sentences that share a few words.
* :data:`FUZZY_MAX_LENGTH_CHANGE` = 0.25: the matched span may be at most 25%
  longer or shorter than the quote. The ratio alone already caps the change near
  +/-30%, but a symmetric explicit bound keeps a highlight from silently growing
  into the next clause or shrinking to a fragment.
* :data:`FUZZY_MIN_QUOTE` = 4: shorter quotes ("he", "UN") carry too little text
  for a similarity score to mean anything; they are re-found exactly or orphaned.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from newsread.annotations.token_edges import whole_words, word_edges
from newsread.model import CONTEXT_CHARS, quote_context

FUZZY_MIN_SCORE = 85.0
FUZZY_MAX_LENGTH_CHANGE = 0.25
FUZZY_MIN_QUOTE = 4

# Pieces of quote/context used to locate fuzzy candidate windows. Twelve characters
# is long enough to be rare in a 20k-character article yet short enough that an
# edit changing ~15% of a quote leaves at least one piece intact.
_PIECE_CHARS = 12
_MIN_PIECE_CHARS = 5
# A piece found more often than this is boilerplate ("the ", "    "): keep only the
# hits nearest the expected position so it cannot flood the candidate list.
_MAX_HITS_PER_PIECE = 8
# How many candidate windows get the (comparatively costly) fuzzy alignment.
_MAX_WINDOWS = 6
# A quote found more often than this in the old text is a common word: its
# copies are not compared with one another (copies x hits context ratios).
_MAX_TWINS = 16


@dataclass(frozen=True)
class Selector:
    """TextQuoteSelector + TextPositionSelector for one annotation target."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    #: it could not be placed on the old body (an orphan): no copy there is its own
    orphan: bool = False


@dataclass(frozen=True)
class Anchor:
    """Where a selector was found in a body, and which step found it."""

    start: int
    end: int
    method: str  # "position" | "quote" | "fuzzy"


def make_selector(body: str, start: int, end: int) -> Selector:
    """Build the selector for ``body[start:end]``.

    Raises ValueError for empty or out-of-range spans: an empty quote could never
    be re-found by text, so it is better refused when the annotation is made.
    """
    if not 0 <= start < end <= len(body):
        raise ValueError(f"span ({start}, {end}) is empty or outside a body of {len(body)} chars")
    prefix, suffix = quote_context(body, start, end)
    return Selector(body[start:end], prefix, suffix, start, end)


def reanchor(
    selector: Selector, body: str, old_length: int | None = None, old_body: str | None = None
) -> Anchor | None:
    """Find ``selector`` in ``body``; None when it cannot be found (an orphan).

    ``old_length`` is the length of the body the selector was made on; when given,
    the old position is scaled by the length change before distances are measured,
    which helps pick the right duplicate after large edits elsewhere. ``old_body``
    (that body itself) keeps a repeated quote off its other copies (see above).
    """
    return reanchor_all([selector], body, old_length, old_body)[0]


def reanchor_all(
    selectors: Sequence[Selector],
    body: str,
    old_length: int | None = None,
    old_body: str | None = None,
) -> list[Anchor | None]:
    """Re-anchor many selectors on one body, sharing substring searches between them.

    Annotations on one article often quote the same words and share context, so
    occurrence lists are computed once per distinct string.
    """
    if old_body is not None and old_length is None:
        old_length = len(old_body)
    index = _BodyIndex(body)
    old = None if old_body is None else _BodyIndex(old_body)
    return [index.reanchor(sel, old_length, old) for sel in selectors]


class _BodyIndex:
    """One new body plus memoised occurrence lists of the strings searched in it."""

    def __init__(self, body: str) -> None:
        self.body = body
        self._occurrences: dict[str, list[int]] = {}

    def occurrences(self, needle: str) -> list[int]:
        """Every start offset of ``needle`` in the body, overlapping ones included."""
        found = self._occurrences.get(needle)
        if found is None:
            found = []
            find = self.body.find
            i = find(needle)
            while i != -1:
                found.append(i)
                i = find(needle, i + 1)
            self._occurrences[needle] = found
        return found

    def reanchor(
        self, sel: Selector, old_length: int | None, old: _BodyIndex | None = None
    ) -> Anchor | None:
        body = self.body
        exact = sel.exact
        if not exact:
            return None
        length = len(exact)

        # 1. Unchanged position. The context must match too: an edit before the
        # quote can slide a different copy of the same words under the old offsets.
        if body[sel.start : sel.end] == exact and sel.end - sel.start == length:
            before = body[max(0, sel.start - len(sel.prefix)) : sel.start]
            after = body[sel.end : sel.end + len(sel.suffix)]
            if before == sel.prefix and after == sel.suffix:
                return self._whole(sel, sel.start, sel.end, "position", old_length)

        expected = sel.start
        if old_length:
            expected = round(sel.start * len(body) / old_length)

        twins = self._twins(sel, old)

        # 2. Exact occurrences, best context first, then nearest.
        hits = [h for h in self.occurrences(exact) if not self._elsewhere(sel, h, twins)]
        if hits:
            best = max(
                hits,
                key=lambda s: (
                    self._context_score(sel, s, s + length),
                    self._whole(sel, s, s + length, "quote", old_length).end - s == length,
                    -abs(s - expected),
                    -s,
                ),
            )
            method = "position" if best == sel.start else "quote"
            return self._whole(sel, best, best + length, method, old_length)

        # 3. Fuzzy, inside candidate windows only.
        if length < FUZZY_MIN_QUOTE:
            return None
        found = self._fuzzy(sel, expected)
        if found is not None and self._elsewhere(sel, found.start, twins, found.end):
            return None
        return found

    def _whole(
        self, sel: Selector, start: int, end: int, method: str, old_length: int | None
    ) -> Anchor:
        """The exact occurrence at (start, end) on the whole words it now lies
        in (see token_edges.whole_words); found glued into a longer word it is
        on changed words, so it is placed as by quote, never "position"."""
        s, e = whole_words(
            self.body,
            start,
            end,
            sel.exact,
            sel.prefix,
            sel.suffix,
            began_text=sel.start == 0,
            ended_text=old_length is not None and sel.end == old_length,
        )
        if (s, e) == (start, end):
            return Anchor(start, end, method)
        return Anchor(s, e, "quote")

    @staticmethod
    def _twins(sel: Selector, old: _BodyIndex | None) -> list[Selector]:
        """Selectors of the quote's other copies in the old body (none when it
        was unique there, or too common to compare, or no old body is known;
        all of them for an orphan)."""
        if old is None:
            return []
        copies = old.occurrences(sel.exact)
        if not (1 if sel.orphan else 2) <= len(copies) <= _MAX_TWINS:
            return []
        length = len(sel.exact)
        own: int | None
        if sel.orphan:
            # Orphaned by an earlier change: every copy of the old text is
            # another passage's, or it would have been placed on it then.
            own = None
        elif sel.start in copies:
            own = sel.start
        else:
            # Offsets that no longer fit the old body (made on an older text):
            # its own copy is the one its context fits best.
            own = max(copies, key=lambda s: (old._context_score(sel, s, s + length), -s))
        # Each copy's context cut to the stored one's lengths: scores are in
        # characters, and a selector stored with less context (or none) must not
        # lose to its twins for that alone.
        plen, slen = len(sel.prefix), len(sel.suffix)
        twins = []
        for s in copies:
            if s == own:
                continue
            twin = make_selector(old.body, s, s + length)
            prefix = twin.prefix[-plen:] if plen else ""
            twins.append(Selector(twin.exact, prefix, twin.suffix[:slen], s, s + length))
        return twins

    def _elsewhere(
        self, sel: Selector, start: int, twins: list[Selector], end: int | None = None
    ) -> bool:
        """Whether the passage at ``start`` is another old copy of the quote:
        the text around it fits that copy's context better than ``sel``'s.
        Equal fits stay ``sel``'s to take (copies with the same context)."""
        if not twins:
            return False
        end = start + len(sel.exact) if end is None else end
        own = self._context_score(sel, start, end)
        return any(self._context_score(twin, start, end) > own for twin in twins)

    def _context_score(self, sel: Selector, start: int, end: int) -> float:
        """How much stored context matches the text around (start, end), in characters.

        Indel similarity rather than a common-prefix count: a one-letter fix right
        next to the quote should cost one character of score, not the whole side.
        """
        score = 0.0
        if sel.prefix:
            n = len(sel.prefix)
            around = self.body[max(0, start - n) : start]
            score += fuzz.ratio(sel.prefix, around) * n / 100.0
        if sel.suffix:
            n = len(sel.suffix)
            around = self.body[end : end + n]
            score += fuzz.ratio(sel.suffix, around) * n / 100.0
        return score

    def _fuzzy(self, sel: Selector, expected: int) -> Anchor | None:
        exact = sel.exact
        length = len(exact)
        body = self.body
        slack = length // 4 + 8
        best: tuple[float, int, int, int] | None = None  # matched chars, -distance, s, e
        for guess in self._fuzzy_candidates(sel, expected, slack):
            lo = max(0, guess - slack)
            hi = min(len(body), guess + length + slack)
            # Two starting points: where the pieces predict the quote, and where
            # partial_ratio_alignment puts it. In repetitive text ("lorem lorem ...")
            # the alignment can lock onto a shifted copy the vote would not.
            starts = [(max(0, guess), min(len(body), guess + length))]
            window = body[lo:hi]
            if len(window) >= length:
                al = fuzz.partial_ratio_alignment(exact, window)
                starts.append((lo + al.dest_start, lo + al.dest_end))
            for s0, e0 in starts:
                if e0 <= s0:
                    continue
                s, e = self._refine(sel, s0, e0, slack)
                core = fuzz.ratio(exact, body[s:e])
                # Similarity alone would rather drop a changed edge word than
                # cover its replacement: the words decide where the edges go.
                # The similar core vouches for the place ("31 percent" found
                # as " percent", then covering "29 percent"); the length bound
                # holds for the span the words give.
                edges = word_edges(body, s, e, exact, sel.prefix, sel.suffix)
                if edges is None:
                    continue
                s, e = edges
                if abs((e - s) - length) > FUZZY_MAX_LENGTH_CHANGE * length:
                    continue
                score = max(core, fuzz.ratio(exact, body[s:e]))
                if score < FUZZY_MIN_SCORE:
                    continue
                # Rank by matched characters of quote and context together: in
                # repetitive text a short quote can match a stranger as well as its
                # own damaged copy, and only the surrounding text tells them apart.
                matched = score * length / 100.0 + self._context_score(sel, s, e)
                key = (matched, -abs(s - expected), s, e)
                if best is None or key[:2] > best[:2]:
                    best = key
        if best is None:
            return None
        return Anchor(best[2], best[3], "fuzzy")

    def _refine(self, sel: Selector, s: int, e: int, reach: int) -> tuple[int, int]:
        """Move the ends of a rough alignment to where quote and context match best.

        A rough alignment is as long as the quote, so an insertion or deletion
        inside it leaves one end off. Each end is swept on its own (O(reach) ratio
        calls, not O(reach^2) for every pair); the adjacent stored context is part
        of the objective because similarity alone cannot place an end inside a
        run of repeated words, while the prefix or suffix can.
        """
        body = self.body
        exact = sel.exact
        n = len(body)
        plen, slen = len(sel.prefix), len(sel.suffix)

        # Quote similarity first, context only to break its ties: weighing them
        # together lets a damaged prefix drag the start into the words before.
        def start_key(x: int, end: int, around: int) -> tuple[float, float, int]:
            context = fuzz.ratio(sel.prefix, body[max(0, x - plen) : x]) if plen else 0.0
            return (fuzz.ratio(exact, body[x:end]), context, -abs(x - around))

        def end_key(x: int, start: int, around: int) -> tuple[float, float, int]:
            context = fuzz.ratio(sel.suffix, body[x : x + slen]) if slen else 0.0
            return (fuzz.ratio(exact, body[start:x]), context, -abs(x - around))

        def move_start(s: int, e: int) -> int:
            lo, hi = max(0, s - reach), min(e - 1, s + reach)
            return max(range(lo, hi + 1), key=lambda x: start_key(x, e, s)) if lo <= hi else s

        def move_end(s: int, e: int) -> int:
            lo, hi = max(s + 1, e - reach), min(n, e + reach)
            return max(range(lo, hi + 1), key=lambda x: end_key(x, s, e)) if lo <= hi else e

        # Sweeping one end first can settle in a local optimum (repeated words), so
        # try both orders and keep the better span.
        s1 = move_start(s, e)
        first = (s1, move_end(s1, e))
        e2 = move_end(s, e)
        second = (move_start(s, e2), e2)

        def quality(span: tuple[int, int]) -> tuple[float, float]:
            a, b = span
            return (fuzz.ratio(exact, body[a:b]), self._context_score(sel, a, b))

        return max(first, second, key=quality)

    def _fuzzy_candidates(self, sel: Selector, expected: int, slack: int) -> list[int]:
        """Likely start offsets of the edited quote, most supported first.

        Every piece of prefix, quote and suffix that still occurs verbatim votes for
        a quote start (its hit offset minus its offset within prefix+exact+suffix).
        Votes within ``slack`` of each other form one window; windows backed by more
        distinct pieces are tried first. No piece found -> no window -> orphan,
        which is the point: we never scan the whole body with a fuzzy matcher.
        """
        votes: list[tuple[int, int]] = []  # (predicted start, piece number)
        for number, (piece, offset) in enumerate(_pieces(sel)):
            hits = self.occurrences(piece)
            if len(hits) > _MAX_HITS_PER_PIECE:
                # The hits list is sorted, so the nearest ones surround the insertion
                # point of the expected position.
                target = expected + offset
                i = bisect.bisect_left(hits, target)
                lo = max(0, i - _MAX_HITS_PER_PIECE // 2)
                hits = hits[lo : lo + _MAX_HITS_PER_PIECE]
            votes.extend((hit - offset, number) for hit in hits)
        if not votes:
            return []
        votes.sort()
        clusters: list[list[tuple[int, int]]] = [[votes[0]]]
        for vote in votes[1:]:
            # Measured from the cluster's first vote, not its last: chaining would
            # merge a whole run of repeated words into one window far too wide.
            if vote[0] - clusters[-1][0][0] <= slack:
                clusters[-1].append(vote)
            else:
                clusters.append([vote])

        def rank(cluster: list[tuple[int, int]]) -> tuple[int, int]:
            centre = cluster[len(cluster) // 2][0]
            return (-len({number for _, number in cluster}), abs(centre - expected))

        clusters.sort(key=rank)
        return [c[len(c) // 2][0] for c in clusters[:_MAX_WINDOWS]]


def _pieces(sel: Selector) -> list[tuple[str, int]]:
    """Non-overlapping pieces of prefix+exact+suffix with their offset from the quote start.

    Prefix pieces are cut from its end and suffix pieces from its start, so the
    pieces nearest the quote (the most telling ones) are always full length.
    """
    out: list[tuple[str, int]] = []
    step = _PIECE_CHARS
    p = sel.prefix
    for end in range(len(p), 0, -step):
        piece = p[max(0, end - step) : end]
        if len(piece) >= _MIN_PIECE_CHARS:
            out.append((piece, max(0, end - step) - len(p)))
    x = sel.exact
    starts = list(range(0, max(1, len(x) - step + 1), step))
    if len(x) > step and starts[-1] + step < len(x):
        starts.append(len(x) - step)  # the quote's last characters, for its end
    for start in starts:
        piece = x[start : start + step]
        if len(piece) >= _MIN_PIECE_CHARS:
            out.append((piece, start))
    s = sel.suffix
    for start in range(0, len(s), step):
        piece = s[start : start + step]
        if len(piece) >= _MIN_PIECE_CHARS:
            out.append((piece, len(x) + start))
    return out


__all__ = [
    "CONTEXT_CHARS",
    "FUZZY_MAX_LENGTH_CHANGE",
    "FUZZY_MIN_QUOTE",
    "FUZZY_MIN_SCORE",
    "Anchor",
    "Selector",
    "make_selector",
    "reanchor",
    "reanchor_all",
]
