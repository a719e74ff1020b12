"""Page furniture: the text around and inside a news story that is not the story.

A dump copied from a web page carries navigation, share menus, newsletter
sign-ups, comment widgets, time stamps and copyright lines. Two kinds of rules:

* **Line rules** decide what a whole line is (furniture, a heading, a byline,
  an outlet label, a time stamp). They look at shape (length, final
  punctuation) and at wording that only page chrome uses.
* **In-paragraph rules** cut furniture that the copy flattened *into* a
  paragraph (a sign-up blurb or a video caption between two sentences). These
  are conservative: each needs a distinctive anchor phrase, because cutting a
  real sentence is worse than leaving a stray menu label.

Every rule is written for the pattern, not for one site's exact string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# ---------------------------------------------------------------- shape helpers

_WORD = re.compile(r"\w[\w'’.&-]*")
# Sentence-final punctuation, optionally followed by closing quotes/brackets.
_FINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")
# A full stop after a lower-case letter or digit, before a capital: a sentence
# end, not "U.S. officials" or "Inc. shares".
_SENTENCE_END = re.compile(r"[a-z0-9%][.!?][\"'”’)\]]*(?:\s+[\"'“‘(]?[A-Z0-9]|$)")


# Chinese and Japanese write no spaces between words: count two characters as
# a word there, which is about their average word length.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CJK_END = re.compile(r"[。！？][」』”）)]*$|[。！？].{2,}[。！？]")


def word_count(text: str) -> int:
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + cjk // 2


def ends_sentence(line: str) -> bool:
    return bool(_FINAL.search(line.rstrip()))


def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a label.

    Either a sentence (ends with sentence punctuation and has a handful of
    words) or a long line containing at least one sentence end: flattened
    paragraphs sometimes end in a caption or trailer without a full stop.
    """
    words = word_count(line)
    if words >= 5 and ends_sentence(line) and not line.rstrip().endswith(":"):
        return True
    if words >= 8 and _CJK_END.search(line.rstrip()):
        return True
    return words >= 15 and bool(_SENTENCE_END.search(line))


def is_title_like(line: str) -> bool:
    """Short-to-medium line without a final full stop: a headline candidate.

    Headlines may end in '?' or '!' but news style never ends them with '.'.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 220:
        return False
    if re.search(r"[.,;:][\"'”’)\]]*$", stripped):
        return False
    return 3 <= word_count(stripped) <= 30 and not is_furniture_line(stripped)


# ---------------------------------------------------------------- line rules

# "20 minutes ago", "an hour ago", "yesterday", "just now": relative stamps only
# make sense on the live page and say nothing about the story.
_RELATIVE_TIME = re.compile(
    r"^(?:(?:\d+|an?|one|a few)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?"
    r"\s+ago|yesterday|just now|today)\.?$",
    re.IGNORECASE,
)

# Widgets and calls to action. Anchored at the start of a *short* line (see
# is_furniture_line), so a sentence that merely mentions sharing survives.
_FURNITURE_LINE = re.compile(
    r"""^(?:
        (?:share|tweet|email|print|save|copy\ link|pin\ it|send)\b
      | (?:sharing\ is\ caring|\d+\ shares?$)
      | (?:\d+\ )?comments?\b | no\ comments | leave\ a\ (?:comment|reply) | be\ the\ first
      | join\ the\ (?:conversation|discussion) | show\ comments | view\ comments
      | hashtags?$ | tags?: | topics?: | filed\ under
      | (?:sign\ (?:up|in)|log\ ?in|subscribe|register)\b
      | (?:get|try)\ (?:our|the)\b .*(?:app|features?|newsletter)
      | explore\ what\b | download\ (?:our|the)\ app
      | advertisement$ | ad$ | sponsored(?:\ content)?$ | skip\ to\b | back\ to\ top
      | (?:click|tap)\ here\b | read\ (?:more|next|full\ story)\b | continue\ reading
      | (?:story|article)\ continues\b | watch(?:\ now|\ live)?:?$ | listen\b.*\bminutes?$
      | (?:previous|next)\ (?:post|article|story)$ | follow\ us\b | cookie
      | image\ \d+\ of | photo:|credit: | (?:getty|ap|reuters)\ (?:images|photo)
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Sections that start a list of other stories; after one of these a new story
# never continues the previous one.
_RELATED_HEADING = re.compile(
    r"""^(?:related(?:\ (?:articles?|stories|news|posts|coverage|content|reading))?
      | (?:more|other|latest|top|trending|recommended|popular)\ (?:articles|stories|news|
         from\ .+|on\ .+|in\ .+|reads?|videos?)
      | you\ (?:may|might)\ (?:also\ )?(?:like|enjoy|be\ interested\ in)
      | (?:also\ )?read(?:\ (?:more|next|also))? | see\ also | most\ (?:read|popular|viewed)
      | what\ to\ read\ next | recommended(?:\ for\ you)? | around\ the\ web
    ):?$""",
    re.IGNORECASE | re.VERBOSE,
)

# Reporting can say "used the photos without permission" or "the images are
# subject to copyright": only the notice's own wording (written permission,
# "This page is subject to copyright") marks a copyright line.
_COPYRIGHT = re.compile(
    r"^(?:copyright\b|©|\(c\)\s*\d{4})|all rights reserved|may not be (?:published|reproduced)"
    r"|without (?:the )?(?:prior )?(?:express )?written permission"
    r"|^this (?:\w+ )?is subject to copyright",
    re.IGNORECASE,
)
# Group 1: the rights holder, e.g. "Copyright 2025 The Associated Press."
_COPYRIGHT_HOLDER = re.compile(
    r"(?:copyright|©)\s*(?:\(c\)\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s+)?([^.©]{2,60}?)\.",
    re.IGNORECASE,
)


# Cookie and consent banners: they talk to the reader ("you", "your") about
# cookies or tracking and what accepting them means. A news sentence about
# cookies does not address the reader.
_CONSENT_TOPIC = re.compile(r"\bcookies?\b|\btracking technologies\b|\bpersonal data\b", re.I)
_CONSENT_TERMS = re.compile(
    r"\b(?:consent|accept|agree|preferences|settings|privacy (?:policy|notice)|cookie policy"
    r"|learn more|opt[ -]out|continu(?:e|ing|ed) (?:to use|use|browsing))\b",
    re.I,
)
_YOU = re.compile(r"\b(?:you|your)\b", re.I)


def is_consent_notice(line: str) -> bool:
    """A cookie or consent banner flattened into a line of text."""
    return (
        word_count(line) <= 90
        and bool(_CONSENT_TOPIC.search(line))
        and bool(_CONSENT_TERMS.search(line))
        and bool(_YOU.search(line) or re.search(r"\bwe use cookies\b", line, re.I))
    )


# A photo caption ends with its credit in brackets: "(Image: GETTY)", "[File:
# Reuters]", "(AP Photo/Jo Roe)", "(Getty Images)"; or the credit is the line.
_CREDIT = re.compile(
    r"""(?:[(\[]\s*(?:
            (?:image|photo|picture|file|credit|source|pictured)s?(?:\ credit)?\s*:[^)\]]{0,60}
          | [^)\]]{0,40}\b(?:getty(?:\ images)?|ap\ photo|reuters|afp|shutterstock|istock)\b
            [^)\]]{0,40}
          | [\w.-]+\.(?:com|org|net|gov)
        )\s*[)\]]
      | \b(?:credit|image\ credit|photo(?:graph)?)\s*:\s*[^.]{2,60}
    )\s*[|.]?$""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_LINE = re.compile(
    r"^(?:image\ (?:copyright|caption)|(?:photo|image|picture)s?(?:\ credit)?\s*:"
    r"|\(?getty\ images\)?$)",
    re.IGNORECASE | re.VERBOSE,
)

# Calls to action that ask the reader to subscribe, sign up or follow; the
# reader is addressed or ordered, which a news sentence about newsletters is not.
_CTA_TOPIC = re.compile(
    r"\b(?:newsletters?|subscri(?:be|bed|bing|ption)|unsubscribe|inbox|sign(?:ing)?\ up|opt-in"
    r"|follow\ (?:us|him|her|them)\ on|delivered\ (?:right\ )?to\ (?:you|your)"
    r"|if\ you\ enjoyed\ this|get\ breaking|give\ us\ feedback|enable\ javascript"
    r"|community\ guidelines|join\ our\ [\w\ ]{0,30}(?:forums?|community|mailing\ list))\b",
    re.IGNORECASE,
)
# An affiliate disclosure: "we may earn a commission", "this post may contain
# affiliate links".
_AFFILIATE = re.compile(
    r"\b(?:affiliate|referral)\ (?:and/or\ referral\ )?(?:links?|commissions?)\b"
    r"|\bearn\ (?:an?\ )?(?:affiliate\ )?commission\b|\bbuy\ something\ through\b",
    re.IGNORECASE | re.X,
)
# A photo caption in wire style: "In this March 3, 2030, file photo, ..."
_CAPTION_OPENING = re.compile(
    r"^In\ this\ [^.]{0,40}?\b(?:file\ )?(?:photo|image|picture|handout)\b", re.X
)
_CTA_VOICE = re.compile(
    r"\b(?:you|your|us|our|we|I)\b|^(?:get|sign|subscribe|join|follow|stay|don.t|never|keep|thanks)\b"
    r"|^please\b|!$",
    re.IGNORECASE,
)

# A source list entry: 'Outlet, " Title," Oct. 13, 2019' or "Email interview
# with ..., Nov. 5, 2019": a clause list ending in a date, not a sentence.
_CITATION = re.compile(
    r"""(?:,\s*[“"]\s*[^”"]{3,200}[,.]?\s*[”"]\s*,?
          | ^(?i:email|phone|telephone)\ interview\ with\b.*,)
        \s*(?:(?:accessed|retrieved|published)\ )?[A-Z]?[a-z]*\.?\s*(?:\d{1,2},?\s*)?
        (?:19|20)\d{2}\.?$""",
    re.VERBOSE,
)
# A teaser cut short by the page: "Police say fire was arson …"
_TEASER_CUT = re.compile(r"(?:…|\.\.\.)\s*$")
_SEE_ALSO = re.compile(
    r"^(?:related|see\ (?:more|also)|read\ (?:more|also|next)|more|watch|listen|also\ read)\s*:",
    re.IGNORECASE | re.VERBOSE,
)


def is_cut_teaser(line: str) -> bool:
    """A short line cut off with an ellipsis; a teaser when others surround it."""
    return word_count(line) <= 25 and bool(_TEASER_CUT.search(line.strip()))


def is_caption(line: str) -> bool:
    """A photo caption or a bare credit line."""
    stripped = line.strip()
    if _CREDIT_LINE.match(stripped):
        return True
    if word_count(stripped) > 60:
        return False
    match = _CREDIT.search(stripped)
    # "... (Reuters)" after a full sentence is a wire tag on prose, not a credit
    # line; a caption's credit follows a description without a full stop.
    return bool(match)


def is_call_to_action(line: str) -> bool:
    stripped = line.strip()
    return (
        word_count(stripped) <= 35
        and bool(_CTA_TOPIC.search(stripped))
        and bool(_CTA_VOICE.search(stripped))
    )


def is_page_chrome(line: str) -> bool:
    """Page parts that read like text: captions, calls to action, source lists,
    cut-off teasers and "Related:" links."""
    stripped = line.strip()
    words = word_count(stripped)
    return (
        is_caption(stripped)
        or is_call_to_action(stripped)
        or (words <= 60 and bool(_AFFILIATE.search(stripped)))
        or (words <= 80 and bool(_CAPTION_OPENING.match(stripped)))
        or is_consent_notice(stripped)
        or (words <= 60 and bool(_CITATION.search(stripped)))
        or (words <= 25 and bool(_SEE_ALSO.match(stripped)))
    )


_DAY_MON_YEAR = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} (?:19|20)\d{2}\b")
_MONTH_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\b\.?", re.IGNORECASE
)
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?$", re.IGNORECASE)
_STAMP_WORDS = re.compile(
    r"^(?:(?:updated|posted|published|last\ updated|modified)\s*:?\s*"
    r"|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)",
    re.IGNORECASE | re.VERBOSE,
)


def is_stamp(line: str) -> bool:
    """A line that is only a date or a clock time: "Tuesday November 19, 2030",
    "20 Nov 2030 08:00 GMT", "12:51 p.m.", "Updated: May 3, 2030".

    Inside a page these sit between items of a list; a story never runs across one.
    """
    stripped = line.strip()
    if _CLOCK.match(stripped):
        return True
    if "@" in stripped:  # "— Jo Roe (@jroe) May 3, 2030" signs an embedded post
        return False
    if not find_date(stripped) and not _DAY_MON_YEAR.search(stripped):
        return False
    rest = _STAMP_WORDS.sub("", stripped)
    rest = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", rest)
    rest = re.sub(r"[\d:,.\s]+|\b(?:[ap]\.?m\.?|GMT|UTC|[A-Z]{2,4}T|at)\b", " ", rest)
    rest = _MONTH_WORD.sub(" ", rest)
    rest = re.sub(r"\b(?:on|last\ modified(?:\ on)?|updated(?:\ on)?)\b|[/|]",
                  " ", rest, flags=re.IGNORECASE | re.X)
    left = rest.split()
    # What is left may be the outlet: "Associated Press November 19, 2030, 9:02 AM".
    return not left or (len(left) <= 3 and all(word[0].isupper() for word in left))


# The start of a reader comment thread: "34 responses to “Headline”", "12
# Comments", "Leave a Reply", or a commenter's signature "jdoe says:". Reader
# comments are never the story, and the story never continues after them.
_COMMENT_MARK = re.compile(
    r"""^(?:(?:\d+|one|no)\s+(?:responses?|comments?|replies|thoughts?)(?:\s+(?:to|on)\b.*)?
      | (?:leave\ a\ (?:reply|comment)|comments\ are\ closed|join\ the\ discussion)\b.{0,40}
      | (?!(?:he|she|it|they|we|i|you|this|that|the|an?|who|which|what)\s)
        [^\s].{0,40}?\s(?:says|said|wrote|commented):
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_comment_mark(line: str) -> bool:
    """A comment-thread heading or a commenter's signature line."""
    stripped = line.strip()
    return word_count(stripped) <= 20 and bool(_COMMENT_MARK.match(stripped))


# What follows a story on its page but is not part of it: a note about the
# writer ("Jo Roe is a freelance writer based in Oslo. Follow her on ..."), the
# company's "About" paragraph in a press release, a legal or medical disclaimer.
# These are only cut from the end of a story (see ``dumps._trim_tail``): the same
# wording in the middle of a story is reporting.
_ROLE_NOUN = (
    r"(?i:writer|editor|journalist|reporter|correspondent|columnist|contributor|curator|author"
    r"|blogger|producer|podcaster|critic|analyst|photographer)"
)
_BIO = re.compile(
    rf"""^(?:[A-Z][\w'’.-]*\ ){{0,5}}[A-Z][\w'’.-]*\ (?:is|was)\ (?:a|an|the|[A-Z][\w'’]*(?:'s|’s))
          \ (?:[\w'’-]+\ ){{0,5}}?{_ROLE_NOUN}s?\b
      | ^(?:[A-Z][\w'’.-]*\ ){{0,5}}[A-Z][\w'’.-]*
        \ (?:covers|writes\ about|reports\ on)\ .{{3,80}}?\ for\b
      | \b(?:his|her|their)\ (?:work|writing|articles|stories|reporting)\ (?:has|have)\ appeared\b
      | \b(?:may|can)\ be\ reached\ at\b
      | \bwrites\ (?:a|the)\ (?:daily|weekly|monthly|regular)\b
      | ^(?i:have\ a\ (?:news\ )?tip)\b""",
    re.VERBOSE,
)
_ABOUT = re.compile(
    r"""^(?i:about|sobre|über|à\ propos\ de|acerca\ de|chi\ è)\ (?:the\ )?
         (?:[A-Z][\w&.'’-]*)(?:\ [A-Z&][\w&.'’-]*){0,4}:?$
      | ^(?:[A-Z][\w&.'’-]*)(?:\ (?:[A-Z&][\w&.'’-]*|\([^)]{1,40}\))){0,5}
         \ (?:is|are)\ (?:a|an|the)\ (?:[\w-]+,?\ ){0,8}?
         (?:provider|company|leader|manufacturer|developer|supplier|firm|group|organi[sz]ation
           |publisher|platform|network|brand|agency|maker|retailer|specialist|operator)s?\b
      | \bis\ published\ by\b
      | ^\W?(?i:these\ statements\ have\ not\ been\ evaluated
        |results\ (?:may\ )?vary\b|consult\ your\ (?:physician|doctor)\ (?:and|before)
        |the\ information\ (?:provided\ )?on\ this\ (?:web)?site)""",
    re.VERBOSE,
)


def is_bio(paragraph: str) -> bool:
    """A note about the writer: role, beat, where their work appeared, contact."""
    return word_count(paragraph) <= 120 and bool(_BIO.search(paragraph.strip()))


def is_about_boilerplate(paragraph: str) -> bool:
    """A company's "About" paragraph, a publisher line or a disclaimer."""
    stripped = paragraph.strip()
    return word_count(stripped) <= 150 and bool(_ABOUT.search(stripped))


def is_tail_clutter(paragraph: str) -> bool:
    return is_bio(paragraph) or is_about_boilerplate(paragraph)


def is_relative_time(line: str) -> bool:
    return bool(_RELATIVE_TIME.match(line.strip()))


def is_related_heading(line: str) -> bool:
    return bool(_RELATED_HEADING.match(line.strip()))


def is_copyright(line: str) -> bool:
    return bool(_COPYRIGHT.search(line))


def copyright_holder(line: str) -> str:
    match = _COPYRIGHT_HOLDER.search(line)
    return match.group(1).strip() if match else ""


def is_furniture_line(line: str) -> bool:
    """Whole-line chrome: widgets, stamps, sign-ups, comment counters, copyright.

    Start-anchored patterns only count on short lines: "Share prices fell 4%
    on Monday as investors..." is a sentence, "Share this @site.com" is not.
    """
    stripped = line.strip()
    if not stripped:
        return False
    if is_relative_time(stripped) or is_related_heading(stripped) or is_copyright(stripped):
        return True
    if is_page_chrome(stripped):
        return True
    full_stop = bool(re.search(r"[.!?][\"'”’)\]]*$", stripped)) and not stripped.endswith("...")
    short = word_count(stripped) <= 12 and not (full_stop and word_count(stripped) > 6)
    return short and bool(_FURNITURE_LINE.match(stripped))


def outlet_label(line: str) -> str:
    """The outlet in an aggregator's source line "- Global News", else ""."""
    match = re.match(r"^[-–—•|]\s*([A-Z][^.!?]{1,50})$", line.strip())
    # "— Jane Roe (@jroe) May 3, 2030" closes an embedded post, not a story.
    if match and "@" in match.group(1) or match and find_date(match.group(1)):
        return ""
    if match and word_count(match.group(1)) <= 6:
        return match.group(1).strip()
    return ""


# ---------------------------------------------------------------- bylines

_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|di|del|la|le|bin|al-\w+))*"
_BY = re.compile(rf"^By\s+({_NAME}(?:(?:,\s*|\s+and\s+){_NAME})*)(?:\s*[,|/–—-]\s*(.+))?$")
_OUTLET = r"(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z&][\w&'’.-]*){0,5}"
_NAME_OUTLET = re.compile(rf"^({_NAME}),\s+({_OUTLET})$")
_ROLE = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|columnist|staff|contributor)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Byline:
    name: str
    outlet: str


def parse_byline(line: str) -> Byline | None:
    """"By Jane Doe", "By Jane Doe, Reuters" or "Jane Doe, The Daily Planet".

    A role after the comma ("AP Auto Writer") is part of the byline, not the outlet.
    """
    stripped = line.strip()
    if word_count(stripped) > 14 or ends_sentence(stripped) and not stripped.endswith("."):
        return None
    stripped = stripped.rstrip(".")
    match = _BY.match(stripped)
    if match:
        return _byline(match.group(1), match.group(2) or "")
    match = _NAME_OUTLET.match(stripped)
    if match and 2 <= len(match.group(1).split()) <= 4:
        return _byline(match.group(1), match.group(2))
    return None


def _byline(name: str, rest: str) -> Byline:
    rest = rest.strip()
    if _ROLE.search(rest):
        return Byline(f"{name}, {rest}", "")
    return Byline(name.strip(), rest)


# ---------------------------------------------------------------- datelines

# "BANGKOK — ", "NEW YORK (AP) — ", "WASHINGTON, D.C. – ", "LAGOS, Nigeria (Reuters) - ".
# The city is in capitals (that is what marks a dateline in wire copy); a
# title-case city is accepted only when an agency tag in brackets follows.
_REGION = r"(?:,\ [A-Z][\w.'’-]*(?:\ [A-Z][\w.'’-]*){0,2})"
_AGENCIES = r"(?:AP|Reuters|AFP|UPI|CNN|dpa|Xinhua|PA|CP)"
_DATELINE = re.compile(
    rf"""^(?P<place>
        (?:[A-Z][A-Z.'’-]+(?:\ [A-Z][A-Z.'’-]+){{0,3}}
          | [A-Z][a-z]+(?:\ [A-Z][a-z]+){{0,2}}(?={_REGION}?\ \({_AGENCIES}\)))
        {_REGION}?)
      (?:\ \((?P<agency>[A-Za-z .]{{2,20}})\))?
      \ ?(?:—|–|--|-|:)\ """,
    re.VERBOSE,
)
_NOT_PLACES = frozenset(
    {"A", "I", "THE", "AN", "UPDATE", "BREAKING", "WATCH", "EXCLUSIVE", "NOTE", "EDITOR", "LIVE"}
)


def split_dateline(paragraph: str) -> tuple[str, str]:
    """Return (dateline, rest) when the paragraph opens with a wire dateline.

    The agency tag is dropped from the dateline ("BANGKOK (AP) —" gives
    "BANGKOK"): the outlet is recorded separately.
    """
    match = _DATELINE.match(paragraph)
    if not match:
        return "", paragraph
    place = match.group("place").strip()
    # A capitalised first word alone ("THE", "UPDATE") is shouting, not a place.
    if place.split(",")[0].upper() in _NOT_PLACES:
        return "", paragraph
    rest = paragraph[match.end() :].lstrip()
    if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'“‘"):
        return "", paragraph
    return place, rest


# ---------------------------------------------------------------- dates

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<month>[A-Z][a-z]{2,8})\.?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d{{2}})\b"),
]


def find_date(line: str) -> str:
    """The first calendar date written in ``line`` as ISO "YYYY-MM-DD", else ""."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(line):
            parts = match.groupdict()
            month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS.get(
                (parts.get("month") or "").lower(), 0
            )
            try:
                return date(int(parts["year"]), month, int(parts["day"])).isoformat()
            except ValueError:
                continue
    return ""


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


# ---------------------------------------------------------------- line quality

# Function words of the languages news dumps come in. Running text is full of
# them (jusText's observation: a third or more of the words of a story's
# paragraph are stopwords), menus, link lists and headlines have few.
_STOPWORDS_TEXT = {
    "en": "the a an of to in on at for and or but with by from as that this these those is are "
    "was were be been has have had it its he she they we you his her their our not no so if "
    "than then there which who what when will would can could said says about into after",
    "es": "el la los las un una unos de del al en y o pero con por para que se su sus es son "
    "fue era ha han no como más lo le les este esta ese esa sobre entre también ya muy",
    "pt": "o a os as um uma de do da dos das no na nos nas em e ou mas com por para que se "
    "seu sua é são foi era tem não como mais ao à pelo pela este esta esse essa também já",
    "fr": "le la les un une des de du au aux en et ou mais avec par pour que qui se sa son "
    "ses est sont été était a ont ne pas plus ce cette ces dans sur il elle ils nous vous",
    "de": "der die das den dem des ein eine einen einem einer und oder aber mit von zu im "
    "in am auf für ist sind war wurde hat haben nicht auch sich es er sie wir ich dass als",
    "it": "il lo la i gli le un una uno di del della dei delle in e o ma con per che si "
    "suo sua è sono era ha hanno non come più al alla nel nella su questo questa anche",
    "ru": "и в во не что он она они на я с со как а то все так его но да ты к у же вы за "
    "бы по только ее мне было вот от меня еще нет о из ему теперь когда это для при",
}
STOPWORDS = frozenset(w for text in _STOPWORDS_TEXT.values() for w in text.split())
_TOKEN = re.compile(r"\w+(?:['’]\w+)?")
_SENTENCE_MARK = re.compile(r"[.!?。！？]+(?=[\"'”’)\]]*(?:\s|$))")


@dataclass(frozen=True)
class LineShape:
    words: int
    stopword_density: float  # share of tokens that are function words
    sentence_marks: int  # sentence-final punctuation marks
    capital_ratio: float  # share of alphabetic tokens that start with a capital
    ends_sentence: bool


def line_shape(line: str) -> LineShape:
    stripped = line.strip()
    tokens = _TOKEN.findall(stripped)
    alpha = [t for t in tokens if t[0].isalpha()]
    stop = sum(t.lower() in STOPWORDS for t in tokens)
    caps = sum(t[0].isupper() for t in alpha)
    return LineShape(
        words=word_count(stripped),
        stopword_density=stop / len(tokens) if tokens else 0.0,
        sentence_marks=len(_SENTENCE_MARK.findall(stripped)),
        capital_ratio=caps / len(alpha) if alpha else 0.0,
        ends_sentence=ends_sentence(stripped),
    )


def line_quality(line: str) -> float:
    """How much a line reads like a story's running text, from 0 to 1.

    In the spirit of jusText and boilerpipe: long lines full of function words
    and sentence ends are text; short, capitalised lines without function
    words or a final full stop are headlines, menus and link lists. Scripts
    without spaces (Chinese, Japanese) have no stopwords here and are judged on
    length and sentence ends alone.
    """
    shape = line_shape(line)
    if shape.words == 0:
        return 0.0
    length = min(1.0, shape.words / 40)
    density = 0.3 if _CJK.search(line) else min(1.0, shape.stopword_density / 0.3)
    sentences = 1.0 if shape.ends_sentence else min(1.0, shape.sentence_marks / 2)
    capitals = 1.0 - max(0.0, shape.capital_ratio - 0.3) / 0.7 if shape.words >= 3 else 0.5
    return round(0.35 * length + 0.3 * density + 0.2 * sentences + 0.15 * capitals, 3)
