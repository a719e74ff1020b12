"""In-paragraph rules: furniture the copy flattened into a paragraph.

Conservative: each needs a distinctive anchor phrase (a sign-up blurb, a share
menu, a video caption between two sentences), because cutting a real sentence
is worse than leaving a stray menu label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsread.ingest.furniture import reasons as why
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
        if i >= 3 and (token in _SENTENCE_OPENERS or token[0] in '"“‘'):
            return start + word.start()
        if i and _FINAL.search(token):
            return -1  # a full stop inside means this is prose, not a caption
    return -1


def cut_video_captions(text: str) -> tuple[str, list[str]]:
    cleaned, found = _video_captions(text)
    return cleaned, [piece for piece, _ in found]


def _video_captions(text: str) -> tuple[str, list[tuple[str, tuple[int, int]]]]:
    """The text without its video captions, and each caption with the span of
    ``text`` it took (replaced by one space)."""
    found: list[tuple[str, tuple[int, int]]] = []
    pos = 0
    out: list[str] = []
    for match in _CLIP.finditer(text):
        if match.start() < pos:
            continue
        end = _caption_end(text, match.end())
        if end < 0:
            continue
        out.append(text[pos : match.start()])
        found.append((text[match.start() : end].strip(), (match.start(), end)))
        out.append(" ")
        pos = end
    out.append(text[pos:])
    return "".join(out), found


_INLINE_RULES = (
    (_SIGNUP, why.NEWSLETTER),
    (_SHARE_MENU, why.SHARE_BAR),
    (_AD_BREAK, why.ADVERT),
    (_WATCH_VIDEO, why.VIDEO_LINK),
    (_TRAILER, why.SPONSOR),
)


@dataclass(frozen=True)
class InlineCut:
    """A piece cut from inside a paragraph: its text, why, and the offset in the
    cleaned paragraph where it stood (the start of the word that followed it,
    or the paragraph's length when it ended the paragraph)."""

    text: str
    reason: str
    offset: int


def clean_paragraph(text: str) -> tuple[str, list[str]]:
    """Cut in-paragraph furniture; return the paragraph and what was cut.

    Cuts are replaced by a single space, then whitespace is normalised, so the
    sentences either side end up joined by exactly one space.
    """
    cleaned, cuts = clean_paragraph_cuts(text)
    return cleaned, [cut.text for cut in cuts]


def clean_paragraph_cuts(text: str) -> tuple[str, list[InlineCut]]:
    """``clean_paragraph`` that also says why and where each piece was cut.

    The rules run one after another on the text the previous one left, exactly
    as ``clean_paragraph`` always ran them, so the kept text is the same; the
    place of each earlier cut is carried along through every later replacement.
    """
    found: list[tuple[str, str, int]] = []  # (piece, reason, offset in ``text`` as it is now)
    for rule, reason in _INLINE_RULES:
        matches = list(rule.finditer(text))
        if not matches:
            continue
        spans = [m.span() for m in matches]
        found = [(piece, r, _shifted(at, spans)) for piece, r, at in found]
        found += [
            (m.group(0).strip(), reason, _shifted(m.start(), spans))
            for m in matches
            if m.group(0).strip()
        ]
        text = rule.sub(" ", text)
    text, captions = _video_captions(text)
    if captions:
        spans = [span for _, span in captions]
        found = [(piece, r, _shifted(at, spans)) for piece, r, at in found]
        found += [(piece, why.VIDEO_CAPTION, _shifted(s, spans)) for piece, (s, _) in captions]
    cleaned = normalise_space(text)
    cuts = [InlineCut(piece, r, _normalised_offset(text, at)) for piece, r, at in found]
    return cleaned, cuts


def _shifted(at: int, spans: list[tuple[int, int]]) -> int:
    """Where offset ``at`` lands once each of ``spans`` (sorted, disjoint) is
    replaced by one space; an offset inside a span lands on its space."""
    shift = 0
    for start, end in spans:
        if at < start:
            break
        if at < end:
            return start - shift
        shift += end - start - 1
    return at - shift


def _normalised_offset(text: str, at: int) -> int:
    """Where offset ``at`` of ``text`` lands in ``normalise_space(text)``: on the
    first word at or after it (its length when none follows)."""
    while at < len(text) and text[at].isspace():
        at += 1
    before = normalise_space(text[:at])
    if at < len(text) and before and text[at - 1].isspace():
        return len(before) + 1  # the space normalising keeps between the words
    return len(before)


def normalise_space(text: str) -> str:
    return " ".join(text.split())
