"""A parsed Doc's text, built once.

spaCy builds ``Doc.text`` anew from every token on each access; the rules
read it from many places (a thousand times over 60 articles), which once cost
a third of their time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

# In the Doc's own user data, so the text lives and dies with it. Rules never
# change a Doc's tokens, so the text cannot go stale.
_KEY = ("newsread", "text")


def text_of(doc: Doc) -> str:
    """``doc.text``, built on the first call and kept on the Doc after it."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return text
