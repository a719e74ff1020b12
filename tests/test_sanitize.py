"""The stand-ins for characters a terminal would obey instead of showing."""

from __future__ import annotations

import pytest

from newsread.sanitize import BIDI_STAND_IN, C1_STAND_IN, is_drawable, visible

PAYLOADS = [
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\x9b31m",
    "a\rb",
    "\x00\x7f",
    "\u202eevil\u202c",
    "\u2066isolated\u2069",
]


def test_escape_bel_nul_and_del_become_control_pictures() -> None:
    assert visible("\x1b]0;pwned\x07") == "\u241b]0;pwned\u2407"
    assert visible("\x1b[2J") == "\u241b[2J"
    assert visible("\x00x\x7f") == "\u2400x\u2421"
    assert visible("a\rb") == "a\u240db"


def test_c1_and_bidi_controls_get_their_stand_ins() -> None:
    assert visible("\x9b31m") == C1_STAND_IN + "31m"
    assert visible("\x80\x85\x9f") == C1_STAND_IN * 3
    for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        assert visible(f"a{chr(code)}b") == f"a{BIDI_STAND_IN}b"


def test_newline_tab_and_ordinary_text_are_kept() -> None:
    text = "Line one\n\tindented — “quoted” café 北京 \u00a0 \u00ff \u200d"
    assert visible(text) == text
    assert is_drawable(text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_length_and_offsets_are_preserved(payload: str) -> None:
    text = f"before {payload} after"
    shown = visible(text)
    assert len(shown) == len(text)
    assert shown.index("after") == text.index("after")
    assert is_drawable(shown) and not is_drawable(text)


def test_every_unsafe_code_point_is_replaced() -> None:
    unsafe = [c for c in range(0x20) if chr(c) not in "\n\t"]
    unsafe += [0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    shown = visible("".join(map(chr, unsafe)))
    assert len(shown) == len(unsafe)
    assert all(ch.isprintable() for ch in shown)


def test_a_paste_loses_its_escape_sequences_and_shows_other_controls() -> None:
    from newsread.sanitize import pasted

    text = "[bold]not bold[/] [link=http://x]l[/link]\x1b]0;pwned\x07 \x1b[2J end"
    assert pasted(text) == "[bold]not bold[/] [link=http://x]l[/link]  end"
    # Nothing added, nothing lost but the sequences: a lone control is its stand-in.
    assert pasted("[/]x\tq\x07b\x1b[31mred") == "[/]x\tq\u2407bred"
    assert pasted("one\r\ntwo\rthree\n\x1b") == "one\ntwo\nthree\n\u241b"
    assert pasted("PASTED") == "PASTED"
