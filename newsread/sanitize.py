"""Text from files and people, made safe to draw on a terminal.

An article title, a body, a note or a tag name can hold characters a
terminal obeys instead of showing: ESC starts escape sequences (OSC 0
renames the window, ``ESC[2J`` blanks the screen), BEL rings, CR moves the
cursor back over the line, C1 characters such as U+009B act as a one-byte
CSI on some terminals, and bidi overrides reorder what is drawn around them.

``visible`` swaps each of those for a visible stand-in of one code point, so
the drawn copy is as long as the original and every character offset into it
(highlights, annotations, the cursor) still points at the same character.
Only ``\\n`` and ``\\t`` are kept: line structure belongs to the text.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

#: C1 controls (U+0080–U+009F) have no control picture of their own;
#: SYMBOL FOR SUBSTITUTE FORM TWO, one cell wide on every terminal, stands in.
C1_STAND_IN = "\u2426"  # ␦
#: Bidi embeddings, overrides and isolates (the "Trojan Source" characters).
BIDI_STAND_IN = "\u21c4"  # ⇄
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))


def _stand_ins() -> dict[int, str]:
    # C0 controls map onto the control pictures block: NUL → ␀, ESC → ␛, BEL → ␇.
    table = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\n\t"}
    table[0x7F] = "\u2421"  # ␡
    table.update(dict.fromkeys(range(0x80, 0xA0), C1_STAND_IN))
    table.update(dict.fromkeys(_BIDI, BIDI_STAND_IN))
    return table


_STAND_INS = _stand_ins()
# Searching first keeps the common case (nothing to replace) a regex scan.
_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in _STAND_INS) + "]")


def visible(text: str) -> str:
    """``text`` with every control character but newline and tab, DEL, every C1
    character and every bidi control replaced by a visible stand-in, one for one."""
    if not _UNSAFE.search(text):
        return text
    return text.translate(_STAND_INS)


_LINE_BREAKS = {ord("\t"): "\u2409", ord("\n"): "\u2424"}  # ␉ ␤


def visible_line(text: str) -> str:
    """``visible``, with tab and newline made visible too: a name a table
    draws on one row (a tag made before names were refused such characters)."""
    return visible(text).translate(_LINE_BREAKS)


def is_drawable(text: str) -> bool:
    """True when ``text`` holds nothing ``visible`` would replace."""
    return _UNSAFE.search(text) is None


def is_one_line(text: str) -> bool:
    """True when ``text`` is one printable line: drawable, with no newline or
    tab (a name shown in tables, footers and exports: a tag, an annotator, a feed)."""
    return is_drawable(text) and "\n" not in text and "\t" not in text


# json.dumps(ensure_ascii=False) escapes C0 controls but leaves these raw.
_JSON_RAW = re.compile("[\x7f-\x9f" + "".join(chr(code) for code in _BIDI) + "]")


def json_for_terminal(dumped: str) -> str:
    """JSON text from ``json.dumps`` with DEL, C1 and bidi controls written as
    ``\\uXXXX`` escapes: the same data, nothing a terminal would obey. (They can
    only occur inside JSON strings, where an escape means the same character.)"""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def restore_untouched(original: str, edited: str) -> str:
    """``edited``, an edit of ``visible(original)``, with every stand-in the
    user left alone turned back into the character it stood for.

    An editor shows ``visible(original)``: saving what it holds as it is would
    store ``␛`` where the text held ESC, and ``␦`` for whichever C1 character was
    there, so a note whose last word was changed would lose its control
    characters. The stretches the user did not touch are found by matching the
    edit against what was shown; those come from ``original``, what was typed
    comes as typed (a ``␛`` typed or pasted stays a ``␛``).
    """
    shown = visible(original)
    if edited == shown:
        return original
    if shown == original:
        return edited
    # No junk heuristic: a long note of repeated characters must still match.
    matcher = SequenceMatcher(None, shown, edited, autojunk=False)
    parts = []
    for op, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        parts.append(original[a_start:a_end] if op == "equal" else edited[b_start:b_end])
    return "".join(parts)


# An ESC, CSI or BEL written as a numeric character reference (&#27;, &#x1b;),
# escaped once more as markup inside markup often is (a feed's title holds
# "&amp;#27;"): the HTML and feed parsers decode it and drop the ESC alone,
# leaving "[2J" in the text, so the sequence it starts goes whole beforehand.
_REF = r"&(?:amp;)*#(?:0*{dec}|[xX]0*{hex});"
_ESC = "(?:\x1b|" + _REF.format(dec="27", hex="1[bB]") + ")"
_CSI8 = "(?:\x9b|" + _REF.format(dec="155", hex="9[bB]") + ")"
_BEL = "(?:\x07|" + _REF.format(dec="7", hex="7") + ")"
_ST = f"(?:{_BEL}|{_ESC}\\\\|\x9c)"

# ECMA-48 escape sequences, 7-bit and 8-bit: CSI (ESC [ or U+009B, up to its
# final byte), the string commands OSC, DCS, SOS, PM and APC up to their
# terminator (BEL or ST) within the line, and the two-byte and
# intermediate-byte escapes (ESC 7, ESC ( B); each introducer and terminator
# raw or as a character reference.
_ESCAPE_SEQUENCE = re.compile(
    f"(?:{_ESC}\\[|{_CSI8})[0-?]*[ -/]*[@-~]"
    f"|(?:{_ESC}[\\]P^_X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*?{_ST}"
    f"|{_ESC}[ -/]*[0-~]"
)
_STARTS = re.compile(
    "[\x1b\x90\x98\x9b\x9d\x9e\x9f]|" + _REF.format(dec="(?:27|155)", hex="(?:1[bB]|9[bB])")
)
# The same sequences in undecoded bytes (a feed, before its parser decodes the
# references): only their references, as a raw C1 byte there may be part of a
# UTF-8 character.
_REF_SEQUENCE = re.compile(
    (f"{_ESC}\\[[0-?]*[ -/]*[@-~]|{_ESC}[\\]P^_X][^\x07\x1b\n]*?{_ST}|{_ESC}[ -/]*[0-~]").encode()
)


def drop_escape_sequences(text: str) -> str:
    """``text`` without its terminal escape sequences, each dropped whole.

    Imported text (a page, a feed, a pasted file) loses every escape sequence
    it carries, the same way whatever its format: what a sequence holds is
    for the terminal, not the reader (the window title of ``ESC ] 0;PWNED BEL``,
    the colour of ``ESC [ 31m``), and the HTML parser, which drops only the ESC
    itself, left "]0;PWNED" and "[31m" in titles. An ESC that starts no
    sequence stays, and is drawn as ``␛`` like every other control character.
    A sequence whose ESC is written as a character reference (``&#27;[2J``)
    goes too: a parser decoding it dropped the ESC and kept "[2J".
    """
    if not _STARTS.search(text):
        return text
    return _ESCAPE_SEQUENCE.sub("", text)


def drop_escape_references(data: bytes) -> bytes:
    """``data``, markup not decoded yet, without the escape sequences whose
    ESC is written as a character reference (see ``drop_escape_sequences``)."""
    if b"#" not in data:
        return data
    return _REF_SEQUENCE.sub(b"", data)
