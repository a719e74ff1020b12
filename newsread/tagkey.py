"""What every spelling of one tag has in common: ``tag_key``.

Below ``newsread.analysis`` and ``newsread.annotations`` (which may not import
each other) so that both compare tag names by the one rule: the analysis's
corrections tell their own tag, spelled as the library spells it, from the
user's tags on the same words. The rest of the tag name rule is in
``newsread.annotations.tagnames``.
"""

from __future__ import annotations

import unicodedata


def clean_tag_name(name: str) -> str:
    """``name`` as a new tag is stored: stripped, in NFC."""
    return unicodedata.normalize("NFC", name).strip()


def tag_key(name: str) -> str:
    """What every spelling of one tag has in common."""
    # Case folding can leave a string out of NFC (U+01F0 folds to j + caron).
    return unicodedata.normalize("NFC", clean_tag_name(name).casefold())
