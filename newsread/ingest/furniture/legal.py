"""Legal notices in a page's footer besides the copyright line: trademark notices."""

from __future__ import annotations

import re

from newsread.ingest.furniture.shape import word_count

# "X, Y and Z are registered trademarks of Co." A page's footer names the
# brands it mentions one claim after another; a story that reports on a
# trademark says so once, among sentences about something else.
_TRADEMARK_CLAIM = re.compile(
    r"\b(?:is|are)\ (?:a\ |the\ )?(?:registered\ )?trademarks?\ (?:of|owned\ by)\b",
    re.IGNORECASE | re.VERBOSE,
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s")
#: Fewest claims in a paragraph read as a trademark notice.
TRADEMARK_CLAIMS = 2
#: Longest paragraph read as one.
TRADEMARK_WORDS = 150


def is_trademark_notice(paragraph: str) -> bool:
    """A paragraph of trademark claims: it opens with one and makes two or more."""
    claims = list(_TRADEMARK_CLAIM.finditer(paragraph))
    if len(claims) < TRADEMARK_CLAIMS or word_count(paragraph) > TRADEMARK_WORDS:
        return False
    first_break = _SENTENCE_BREAK.search(paragraph)
    return first_break is None or claims[0].start() < first_break.start()
