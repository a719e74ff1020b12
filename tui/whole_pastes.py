"""A bracketed paste read whole, whatever it holds.

Textual's terminal parser keeps reading a paste through its escape-sequence
code: an ESC inside the pasted text (``ESC ] 0;title BEL``, ``ESC [ 2J``)
started a sequence whose characters never reached the paste and came out as
keys instead, the ESC itself as ``^``. Those keys went ahead of the paste, so
a field got a ``^`` that was never pasted at its front, the paste, then what
was left of the sequences.

``WholePastes`` is Textual's parser with the paste taken out of its hands:
from the paste's start marker to its end marker every character is the
paste's, byte for byte, sent as one Paste event. What the app then takes of
it is newsread.sanitize.pasted's rule.
"""

from __future__ import annotations

import sys
from collections.abc import Generator
from typing import TYPE_CHECKING

from textual import events
from textual._parser import ParseEOF, ParseTimeout, Peek1, Read1, TokenCallback
from textual._xterm_parser import XTermParser
from textual.message import Message

if TYPE_CHECKING:
    from textual.driver import Driver

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"


class WholePastes(XTermParser):
    """Textual's XTermParser, its keys, mouse and other sequences as ever, a
    bracketed paste read whole (see the module docstring)."""

    def parse(self, token_callback: TokenCallback) -> Generator[Read1 | Peek1, str, None]:
        def from_textual(token: Message) -> None:
            # Textual only ever sees an empty paste (its markers): ours is sent below.
            if not isinstance(token, events.Paste):
                token_callback(token)

        textual = super().parse(from_textual)
        wanted = next(textual)
        recent = ""
        while True:
            try:
                character = yield wanted
            except (ParseTimeout, ParseEOF) as error:
                # A lone escape key is told from a sequence by a timeout.
                try:
                    wanted = textual.throw(error)
                except StopIteration:
                    return
                continue
            try:
                wanted = textual.send(character)
            except StopIteration:
                return
            recent = (recent + character)[-len(PASTE_START) :]
            if recent != PASTE_START:
                continue
            # Textual has taken the start marker and waits for the paste.
            text, ended = yield from self._paste()
            # NUL goes as in Textual (textual issue 1661).
            token_callback(events.Paste(text.replace("\x00", "")))
            if not ended:
                return
            # The end marker takes Textual out of its paste (it sends no event then).
            for marker in PASTE_END:
                try:
                    wanted = textual.send(marker)
                except StopIteration:
                    return
            recent = ""

    def _paste(self) -> Generator[Read1, str, tuple[str, bool]]:
        """The pasted text up to its end marker; False when the input ended first."""
        got: list[str] = []
        tail = len(PASTE_END)
        while True:
            try:
                character = yield self.read1()
            except ParseEOF:
                return "".join(got), False
            got.append(character)
            if character == "~" and "".join(got[-tail:]) == PASTE_END:
                return "".join(got[:-tail]), True


def reading_pastes_whole(driver: type[Driver]) -> type[Driver]:
    """``driver``, its terminal input read by WholePastes. Textual's terminal
    drivers make their parser by the name their module imported it under, as
    their input thread starts: that name is pointed at WholePastes. A driver
    that reads no terminal (Pilot's headless one) is left as it is."""
    module = sys.modules.get(driver.__module__)
    if module is not None and getattr(module, "XTermParser", None) is XTermParser:
        module.XTermParser = WholePastes  # type: ignore[attr-defined]
    return driver
