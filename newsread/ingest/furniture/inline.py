"""In-paragraph rules: furniture the copy flattened into a paragraph.

Conservative: each needs a distinctive anchor phrase (a sign-up blurb, a share
menu, a video caption between two sentences), because cutting a real sentence
is worse than leaving a stray menu label.
"""

from __future__ import annotations

import re

from newsread.ingest.furniture.shape import _FINAL

# ---------------------------------------------------------------- in-paragraph rules

# A newsletter box flattened into the text: optional teaser ("Get breaking X
# news ... when they happen."), the sign-up label, and the consent sentence,
# which ends with the legal links. The consent sentence is the anchor; the
# other parts are only removed when they sit right before it.
_SIGNUP = re.compile(
    r"""(?:\bGet\ [^.!?]{0,60}?\b(?:news|headlines|updates|alerts)\b[^.!?]{0,240}?[.!?]\s+)?
        (?:\bSign\ up\ (?:for|to)\ [^.!?]{0,80}?\b(?:newsletters?|alerts|updates|emails?)\b
           (?:\s+Sign\ Up\b)?\s*)?
        \bBy\ (?:providing|entering|submitting|clicking)\ [^.!?]{0,40}?\b(?:e-?mail|sign\ up)\b
        [^!?]{0,200}?
        (?:(?:Terms(?:\ of\ (?:Use|Service))?(?:\ (?:and|&)\ Conditions)?|Privacy\ (?:Policy|Notice)
           |Cookie\ Policy)(?:[,.]|\s+(?:and|&)\s+|\s*$)?)+""",
    re.VERBOSE,
)

_SHARE_ITEM = (
    r"(?:See\ more\ sharing\ options|Send\ this\ (?:page|article|story)\ to\ someone\ via\ email"
    r"|Share\ (?:this\ (?:item|article|story|page|post)\ )?(?:on|via|to)\ "
    r"(?:Twitter|X|Facebook|WhatsApp|LinkedIn|Reddit|Email|Pinterest|Bluesky|Threads|Flipboard)"
    r"|Copy\ (?:article\ )?link|Print\ this\ (?:page|article))"
)
# Two or more share-menu entries in a row (one alone may be a real sentence part).
_SHARE_MENU = re.compile(
    rf"{_SHARE_ITEM}(?:\s+{_SHARE_ITEM})+\s*|See\ more\ sharing\ options\s*", re.X
)

_AD_BREAK = re.compile(
    r"\b(?:Story|Article|Text)\ continues\ (?:below|after)\ (?:this\ )?(?:advertisement|ad)\b\s*"
    r"|\bADVERTISEMENT\b\s*",
    re.X,
)

_WATCH_VIDEO = re.compile(
    r"(?:For\ (?:the\ (?:whole|full|complete)\ story|more(?:\ details)?)\s*,?\s*)?"
    r"\b(?:watch|see|view)\ the\ (?:video|clip|report)\ (?:above|below)\.?\s*",
    re.IGNORECASE | re.X,
)

# Trailer credits at the very end of a paragraph, after its last full stop.
_TRAILER = re.compile(
    r"(?<=[.!?\"”’])\s+(?:Published|Posted|Presented|Sponsored|Produced|Brought\ to\ you)\ by"
    r"\ [^.!?]{1,60}$",
    re.X,
)

# A clip duration ("2:04") opens a video caption when it starts a sentence.
_CLIP = re.compile(r"(?:(?<=[.!?\"”’])\s+|^)(\d{1,2}:\d{2})\s+(?=[A-Z\"“‘'])")
# Capitalised words that open sentences but sit in lower case inside a
# sentence-case caption; seeing one capitalised marks where prose resumes.
_OPENERS_TEXT = (
    "The A An In On At But And He She It They We I This That These Those According After "
    "Before When While As Meanwhile However Officials Police Its His Her Their Our There "
    "Some Many Most If Since Despite During Last Earlier Later Now Still Yet"
)
_SENTENCE_OPENERS = frozenset(_OPENERS_TEXT.split())


def _caption_end(text: str, start: int) -> int:
    """Where a headline-style video caption starting at ``start`` ends, or -1.

    Captions are headlines: no sentence punctuation, so the caption ends at the
    first word that can only be a sentence start (a capitalised function word
    or an opening quote) after at least three caption words.
    """
    words = list(re.finditer(r"\S+", text[start:]))
    for i, word in enumerate(words[:26]):
        token = word.group(0)
        if i >= 3 and (token in _SENTENCE_OPENERS or token[0] in "\"“‘"):
            return start + word.start()
        if i and _FINAL.search(token):
            return -1  # a full stop inside means this is prose, not a caption
    return -1


def cut_video_captions(text: str) -> tuple[str, list[str]]:
    removed: list[str] = []
    pos = 0
    out: list[str] = []
    for match in _CLIP.finditer(text):
        if match.start() < pos:
            continue
        end = _caption_end(text, match.end())
        if end < 0:
            continue
        out.append(text[pos : match.start()])
        removed.append(text[match.start() : end].strip())
        out.append(" ")
        pos = end
    out.append(text[pos:])
    return "".join(out), removed


_INLINE_RULES = (_SIGNUP, _SHARE_MENU, _AD_BREAK, _WATCH_VIDEO, _TRAILER)


def clean_paragraph(text: str) -> tuple[str, list[str]]:
    """Cut in-paragraph furniture; return the paragraph and what was cut.

    Cuts are replaced by a single space, then whitespace is normalised, so the
    sentences either side end up joined by exactly one space.
    """
    removed: list[str] = []
    for rule in _INLINE_RULES:
        pieces = [m.group(0).strip() for m in rule.finditer(text)]
        if pieces:
            removed.extend(p for p in pieces if p)
            text = rule.sub(" ", text)
    text, captions = cut_video_captions(text)
    removed.extend(captions)
    return normalise_space(text), removed


def normalise_space(text: str) -> str:
    return " ".join(text.split())
