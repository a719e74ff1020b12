"""How annotation highlights are layered when passages overlap."""

from __future__ import annotations

from newsread.model import Annotation, Tag
from tui.highlights import annotation_highlights


def ann(i: int, start: int, end: int, tag: str) -> Annotation:
    return Annotation(id=f"a{i}", article_id="x", start=start, end=end, quote="q", tags=[tag])


def test_overlapping_annotations_keep_both_visible():
    tags = {"red": Tag("red", "#ff0000"), "blue": Tag("blue", "#0000ff")}
    spans = annotation_highlights([ann(1, 0, 20, "red"), ann(2, 10, 30, "blue")], tags)
    backgrounds = [s for s in spans if s.style.bgcolor is not None]
    underlines = [s for s in spans if s.style.underline]
    assert [(s.start, s.end) for s in backgrounds] == [(0, 20), (10, 30)]
    # the second one is underlined in its own colour across its whole span
    assert [(s.start, s.end) for s in underlines] == [(10, 30)]
    assert underlines[0].style.color.name == "#0000ff"


def test_nested_annotation_is_underlined_and_separate_ones_are_not():
    tags = {"a": Tag("a", "#ff0000"), "b": Tag("b", "#00ff00")}
    spans = annotation_highlights(
        [ann(1, 0, 50, "a"), ann(2, 5, 10, "b"), ann(3, 60, 70, "b")], tags
    )
    underlined = {(s.start, s.end) for s in spans if s.style.underline}
    assert underlined == {(5, 10)}


def test_orphans_are_not_drawn():
    orphan = ann(1, 0, 5, "a")
    orphan.orphan = True
    assert annotation_highlights([orphan], {}) == []
