"""Paragraphs hard-wrapped at a fixed width (a text browser's dump, a mail) joined back.

The parser reads one paragraph per line: a paragraph wrapped at 80 columns
would be a dozen short lines, each too short to read as prose, and the story
would vanish among the page's labels. Wrapped text shows itself by its line
lengths: most long lines end within a few characters of one width, and none
is longer.
"""

from __future__ import annotations

#: Narrowest and widest wrap width recognised: mail and terminals wrap at
#: 60-80 columns; a flattened page's paragraphs run to hundreds of characters.
MIN_WIDTH = 40
MAX_WIDTH = 120
#: A wrapped line ends within this many characters of the width (the next
#: word did not fit); longer words are rare in running text.
BAND = 20
#: Fewest lines whose next line's first word was moved down mid-sentence
#: (it starts in lower case), and the least share of the lines in the band
#: whose next word was moved down, for a dump to count as wrapped.
MIN_MOVED = 4
MOVED_SHARE = 0.25


def wrap_width(lines: list[str]) -> int:
    """The width the dump was wrapped at, or 0 when it was not wrapped.

    The width is the longest line's length. In wrapped text many lines that
    end near it go on in the line below, whose first word did not fit, and
    the break falls mid-sentence, so that word is often in lower case. In a
    page that was not wrapped the longest lines are a few paragraphs, far
    longer, or a list of headlines that each start with a capital.
    """
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if not lengths:
        return 0
    width = max(lengths)
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return 0
    full = sum(length > width - BAND for length in lengths)
    moved = [
        line.strip()
        for above, line in zip(lines, lines[1:], strict=False)
        if line.strip() and above.strip() and _moved_down(above.rstrip(), line.strip(), width)
    ]
    mid_sentence = sum(line[0].islower() for line in moved)
    if mid_sentence < MIN_MOVED or len(moved) < MOVED_SHARE * full:
        return 0
    return width


def unwrap(lines: list[str]) -> list[str]:
    """The lines with each wrapped paragraph joined into one line.

    A line is joined to the next when it reaches near the width and the next
    one's first word would not have fitted on it: wrapping moved that word
    down. A
    paragraph's last line, a heading or a list item stops short of the width
    and stays a line of its own; a dump that was not wrapped comes back as it
    was.
    """
    width = wrap_width(lines)
    if not width:
        return lines
    out: list[str] = []
    for k, line in enumerate(lines):
        text = line.strip()
        above = lines[k - 1].rstrip() if k else ""
        if text and above.strip() and out and _moved_down(above, text, width):
            out[-1] = _join(out[-1], text)
        else:
            out.append(line)
    return out


def _moved_down(above: str, text: str, width: int) -> bool:
    """``text``'s first word would not have fitted on the line above."""
    word = text.split(maxsplit=1)[0]
    return len(above) > width - BAND and len(above) + 1 + len(word) > width


def _join(head: str, tail: str) -> str:
    # A word split at its hyphen ("well-" / "known") is one word again.
    if head.endswith("-") and head[-2:-1].isalpha() and tail[:1].isalpha():
        return head + tail
    return head.rstrip() + " " + tail
