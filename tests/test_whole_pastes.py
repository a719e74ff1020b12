"""tui.whole_pastes: a bracketed paste comes as one Paste event holding every
character between its markers, ESC and BEL included; the keys around it come
as keys, in order (Textual's parser turned an ESC inside a paste into a ``^``
key sent ahead of the paste, and the rest of its sequence into keys)."""

from __future__ import annotations

import pytest
from textual import events

from tui.whole_pastes import PASTE_END, PASTE_START, WholePastes

PASTED = "[bold]x\x1b]0;pwned\x07 \x1b[2J end\x00"
STREAM = f"ab{PASTE_START}{PASTED}{PASTE_END}c\x1b[A"


def parsed(chunks: list[str]) -> list[tuple[str, str]]:
    parser = WholePastes()
    out = [event for chunk in chunks for event in parser.feed(chunk)]
    return [
        ("paste", event.text) if isinstance(event, events.Paste) else ("key", event.key)
        for event in out
        if isinstance(event, (events.Paste, events.Key))
    ]


EXPECTED = [
    ("key", "a"),
    ("key", "b"),
    ("paste", PASTED.replace("\x00", "")),
    ("key", "c"),
    ("key", "up"),
]


def test_a_paste_holding_escape_sequences_is_one_paste_event_byte_for_byte():
    assert parsed([STREAM]) == EXPECTED


@pytest.mark.parametrize("size", [1, 2, 5, 7])
def test_the_markers_and_the_paste_may_come_in_pieces(size):
    assert parsed([STREAM[i : i + size] for i in range(0, len(STREAM), size)]) == EXPECTED


def test_pastes_one_after_another_and_an_empty_one():
    stream = f"{PASTE_START}one{PASTE_END}{PASTE_START}{PASTE_END}{PASTE_START}\x1b{PASTE_END}x"
    assert parsed([stream]) == [("paste", "one"), ("paste", ""), ("paste", "\x1b"), ("key", "x")]


def test_a_paste_cut_off_by_the_end_of_input_is_still_sent():
    parser = WholePastes()
    events_seen = list(parser.feed(f"{PASTE_START}half")) + list(parser.feed(""))
    assert [e.text for e in events_seen if isinstance(e, events.Paste)] == ["half"]
