"""Where a story opens: page parts at the top of a run of prose that are not the story."""

from __future__ import annotations

from newsread.ingest import furniture as fx
from newsread.ingest.dumps.shared import FURNITURE, PROSE, _Span

#: Most lines and words of a box of key points (see ``_skip_summary_boxes``).
SUMMARY_LINES = 6
SUMMARY_WORDS = 120


def _skip_summary_boxes(lines: list[str], kinds: list[str], spans: list[_Span]) -> list[int]:
    """A story under a "Key Points" box starts after the box.

    The box's points read as prose and run straight into the story, so they
    open its run of prose. A flattened page keeps a list's items on lines of
    their own with no blank line between them: the points are the block of
    lines under the heading, and the story starts at the next paragraph. A
    box is a few short lines, far shorter than the story after it. Returns
    the heading and the box's lines.
    """
    marked: list[int] = []
    for span in spans:
        above = next((i for i in range(span.start - 1, -1, -1) if lines[i]), -1)
        if above < 0 or not fx.is_summary_heading(lines[above]):
            continue
        end = span.start
        while end < span.end and lines[end + 1]:
            end += 1
        story = next((i for i in range(end + 1, span.end + 1) if kinds[i] == PROSE), -1)
        box = range(span.start, end + 1)
        words = sum(fx.word_count(lines[i]) for i in box)
        if story < 0 or len(box) > SUMMARY_LINES or words > SUMMARY_WORDS:
            continue
        if words * 2 > span.words - words:
            continue
        span.start, span.words = story, span.words - words
        # Furniture now: the story's header is read across the box, up to its headline.
        for i in (above, *box):
            kinds[i] = FURNITURE
            marked.append(i)
    return marked
