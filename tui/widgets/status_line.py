"""Fitting a one-line status into the terminal's width by importance.

An 80-column terminal cannot show the cursor position, the selection, the
tags at the cursor, a suggestion with its keys and the pipeline name at once.
Cropping at the right edge would drop whatever happens to come last, so each
part carries a rank and the least important parts give way first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text


@dataclass(frozen=True)
class Part:
    text: Text
    rank: int  # 0 is kept longest


#: Fewer free cells than this and a part is dropped instead of shortened.
MIN_SHORTENED = 16


def _shortened(parts: list[Part], rank: int, room: int) -> list[Part]:
    """``parts`` with those of ``rank`` cut (with "…") to fill ``room`` cells."""
    out: list[Part] = []
    for part in parts:
        if part.rank != rank:
            out.append(part)
            continue
        if room <= 1:
            continue
        text = part.text.copy()
        if text.cell_len > room:
            closer = _closer(text.plain)
            keep = room - 1 - len(closer)
            if closer:
                # A bracketed note keeps its closing bracket and whole words:
                # "[en_core_web_sm 3.8.0 + check-worthiness …" read as if the
                # line had been cut off, "+ c…]" as a word of its own.
                words = text.plain[:keep]
                opened = len(words) - len(words.lstrip())
                if " " in words[opened:].rstrip():
                    keep = len(words[: words.rstrip().rfind(" ")].rstrip(" +,;·"))
            text.truncate(keep)
            text.append("…" + closer, style=text.style)
        room -= text.cell_len
        out.append(Part(text, part.rank))
    return out


def _closer(plain: str) -> str:
    """The closing bracket of a part that is one bracketed note, else ""."""
    stripped = plain.strip()
    for opener, closer in ("[]", "()"):
        if stripped.startswith(opener) and stripped.endswith(closer):
            return closer
    return ""


def _leading_blanks(parts: list[Part]) -> int:
    """The blanks the first part starts with: they separate it from a part
    before it, and at the start of the line they are only a gap."""
    if not parts:
        return 0
    plain = parts[0].text.plain
    return len(plain) - len(plain.lstrip(" "))


def _cells(parts: list[Part]) -> int:
    return sum(p.text.cell_len for p in parts) - _leading_blanks(parts)


def fit_parts(parts: list[Part], width: int) -> Text:
    """The parts that fit in ``width`` cells, in their given order; the line
    never starts with blanks (the part before the first one kept may be
    missing: the reader's position on a mark, say)."""
    kept = [p for p in parts if p.text.cell_len]
    for rank in sorted({p.rank for p in kept}, reverse=True):
        if _cells(kept) <= width:
            break
        if rank == min(p.rank for p in kept):
            break
        rest = [p for p in kept if p.rank != rank]
        room = width - _cells(rest)
        if room >= MIN_SHORTENED:
            # Enough room to say most of it: shorten this rank's parts rather
            # than dropping them (a long message after tagging, say).
            kept = _shortened(kept, rank, room)
            break
        kept = rest
    line = Text()
    for part in kept:
        line.append_text(part.text)
    line = line[_leading_blanks(kept) :]
    if line.cell_len > width:
        line.truncate(max(width - 1, 0))
        line.append("…")
    return line


def fit_plain(parts: list[tuple[str, int]], width: int) -> str:
    """(text, rank) parts fitted as ``fit_parts`` fits them, as plain text. A
    part alone is left whole, for the widget to wrap at a word as it always
    did: cut to the width, "cannot read the library: PATH…" lost the reason
    after a long path."""
    kept = [(text, rank) for text, rank in parts if text]
    if len(kept) == 1:
        return kept[0][0]
    return fit_parts([Part(Text(text), rank) for text, rank in kept], width).plain
