"""A dump whose every line stands apart: blank lines doubled by the copy, halved back.

Some converters put a blank line after every line of a page, so the blank
line that parted two blocks becomes two or more, and the lines of one block
(a menu, a list of links, a teaser's headline and its blurb) stand apart
like paragraphs. The parser reads a block as lines with no blank between
them; in such a dump no two lines touch, and the wider gaps are where the
blocks part.
"""

from __future__ import annotations

#: Most pairs of touching lines, as a share of the lines, in a dump read as
#: spaced out; fewest wide gaps (two blank lines or more) that part its blocks.
TOUCHING_SHARE = 0.02
MIN_WIDE_GAPS = 5


def spaced_out(lines: list[str]) -> bool:
    """Every line of the dump stands apart, and wider gaps part its blocks."""
    filled = [bool(line.strip()) for line in lines]
    touching = sum(a and b for a, b in zip(filled, filled[1:], strict=False))
    wide = sum(
        1
        for k in range(1, len(filled) - 1)
        if not filled[k] and not filled[k + 1] and filled[k - 1]
    )
    return touching <= TOUCHING_SHARE * sum(filled) and wide >= MIN_WIDE_GAPS


def halve_blanks(lines: list[str]) -> list[str]:
    """The lines with every gap halved (one blank line between two lines of a
    block goes, three between blocks leave one), when the dump is spaced
    out; otherwise as they were."""
    if not spaced_out(lines):
        return lines
    out: list[str] = []
    gap = 0
    for line in [*lines, "x"]:
        if not line.strip():
            gap += 1
            continue
        out.extend([""] * (gap // 2))
        out.append(line)
        gap = 0
    return out[:-1]
