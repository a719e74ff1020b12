"""Line rules: what a whole line is (furniture, a heading, a stamp, an outlet label, a title).

The rule tables (patterns of wording only page chrome uses) sit beside the
classifiers that read them.
"""

from __future__ import annotations

import re

from newsread.ingest.furniture import reasons as why
from newsread.ingest.furniture.legal import is_trademark_notice
from newsread.ingest.furniture.metadata import find_date
from newsread.ingest.furniture.shape import word_count

# ---------------------------------------------------------------- line rules

# "20 minutes ago", "an hour ago", "yesterday", "just now": relative stamps only
# make sense on the live page and say nothing about the story; a page may
# name what happened then ("Published 3 hours ago", "Updated: yesterday").
_RELATIVE_TIME = re.compile(
    r"^(?:(?P<named>published|updated|posted|last\s+updated|modified)\s*:?\s+)?"
    r"(?:(?:\d+|an?|one|a few)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?"
    r"\s+ago|yesterday|just now|today)\.?$",
    re.IGNORECASE,
)

# Widgets and calls to action. Anchored at the start of a *short* line (see
# is_furniture_line), so a sentence that merely mentions sharing survives.
# Each named group is a run of neighbouring alternatives (their order is the
# matching order, as before the groups were named): the group that matched
# names the reason (``_FURNITURE_REASONS``).
_FURNITURE_LINE = re.compile(
    r"""^(?:
        (?P<share>(?:share|tweet|email|print|save|copy\ link|pin\ it|send)\b
      | (?:sharing\ is\ caring|\d+\ shares?$|shares$))
      | (?P<comments>(?:\d+\ )?comments?\b | no\ comments | leave\ a\ (?:comment|reply)
      | be\ the\ first | join\ the\ (?:conversation|discussion) | show\ comments
      | view\ comments)
      | (?P<topics>hashtags?$ | tags?: | topics?: | filed\ under)
      | (?P<sign_in>(?:sign\ (?:up|in)|log\ ?in|subscribe|register)\b)
      | (?P<promo>(?:get|try)\ (?:our|the)\b .*(?:app|features?|newsletter)
      | explore\ what\b | download\ (?:our|the)\ app)
      | (?P<advert>advertisement$ | ad$ | sponsored(?:\ content)?$)
      | (?P<navigation>skip\ to\b | back\ to\ top
      | (?:click|tap)\ here\b | read\ (?:more|next|full\ story)\b | continue\ reading
      | close$ | (?:view|see|show)\ all\b | (?:show|load)\ more$)
      | (?P<advert_break>(?:story|article)\ continues\b)
      | (?P<video>watch(?:\ now|\ live)?:?$ | listen\b.*\bminutes?$)
      | (?P<next>(?:previous|next)\ (?:post|article|story)$)
      | (?P<follow>follow\ us\b) | (?P<cookie>cookie)
      | (?P<gallery>(?:(?:image|photo|picture|slide)\ )?\d+(?:\s*/\s*|\ of\ )\d+$
      | (?:back\ to|view|open|launch|exit|close)\ (?:the\ )?(?:gallery|slideshow)$
      | (?:hide|show|toggle)\ caption$ | caption$ | enlarge\ this\ (?:image|photo)$
      | (?:previous|next)\ (?:image|photo|slide)$)
      | (?P<photo>image\ \d+\ of | photo:|credit: | (?:getty|ap|reuters)\ (?:images|photo))
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_FURNITURE_REASONS = {
    "share": why.SHARE_BAR,
    "comments": why.COMMENTS,
    "topics": why.TOPICS,
    "sign_in": why.SIGN_IN,
    "promo": why.PROMO,
    "advert": why.ADVERT,
    "navigation": why.NAVIGATION,
    "advert_break": why.ADVERT,
    "video": why.VIDEO_LINK,
    "next": why.NAVIGATION,
    "follow": why.CALL_TO_ACTION,
    "cookie": why.CONSENT,
    "photo": why.PHOTO_CAPTION,
    "gallery": why.GALLERY,
}

# Sections that start a list of other stories; after one of these a new story
# never continues the previous one. A bare "More" or "Don't miss" over a box of
# links inside a story is such a heading too; a heading may trail off ("...").
# A box may name where its links come from ("Related coverage from the Money
# desk:", "Related stories on Brexit"), as "More from ..." does.
_RELATED_HEADING = re.compile(
    r"""^(?:related(?:\ (?:articles?|stories|news|posts|coverage|content|reading|links))?
         (?:\ (?:from|on|in|about)\ \S.{0,60})?
      | (?:more|other|latest|top|trending|recommended|popular)\ (?:articles|stories|news|
         from\ .+|on\ .+|in\ .+|reads?|videos?)
      | you\ (?:may|might)\ (?:also\ )?(?:like|enjoy|be\ interested\ in)
      | (?:also\ )?read(?:\ (?:more|next|also))? | see\ also | most\ (?:read|popular|viewed)
      | what\ to\ read\ next | recommended(?:\ for\ you)? | around\ the\ web
      | related\ (?:topics|videos?) | more | don.t\ miss | must\ reads? | read\ this\ next
      | further\ reading | keep\ reading | up\ next | more\ like\ this
      | trending(?:\ now)? | popular\ now | most\ (?:shared|commented|emailed) | editor.?s\ picks
    )\s*(?::|\.\.\.|…)?$""",
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
# Reuters]", "(AP Photo/Jo Roe)", "(Getty Images)", "(Jo Roe/AP)", "(AP)" (the
# agency's name in capitals: a wire story signs with its dateline, at the start);
# or the credit is the line.
_CREDIT = re.compile(
    r"""(?:[(\[]\s*(?:
            (?:image|photo|picture|file|credit|source|pictured)s?(?:\ credit)?\s*:[^)\]]{0,60}
          | [^)\]]{0,40}\b(?:getty(?:\ images)?|ap\ photo|reuters|afp|shutterstock|istock)\b
            [^)\]]{0,40}
          | [\w.-]+\.(?:com|org|net|gov)
          | (?-i:(?:[^)\]/]{2,40}/\ ?)?(?:AP|EPA|UPI|AAP))
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
# A single picture's credit with its label, printed under the caption: "Photo:
# Jo Roe, AP", "(Image: © Agency)", "Credit: Jo Roe". A few words, no clause.
_CREDIT_UNDER = re.compile(
    r"^(?:[(\[]\s*)?(?:photo|image|picture|credit)(?:\ credit)?\s*:\s*[^!?:;]{2,60}$",
    re.IGNORECASE | re.VERBOSE,
)
# A credit written as a line of its own: "Photo by Jo Roe/Agency", "Photo
# illustration by ...", or names and agencies joined by "|" ("Jo Roe | Agency |
# Getty Images"). A credit names people and outlets only: every part is a few
# capitalised words, none a clause.
_CREDIT_BY = re.compile(
    r"^(?:photo(?:graph)?s?|image|picture|illustration|photo\ illustration|video)"
    r"(?:\ and\ \w+)?\ (?:by|courtesy\ of)\ [A-Z]",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_PART = re.compile(r"^[A-Z][\w.'’&-]*(?:\ [A-Z][\w.'’&-]*){0,3}$")

# Calls to action that ask the reader to subscribe, sign up or follow; the
# reader is addressed or ordered, which a news sentence about newsletters is not.
_CTA_TOPIC = re.compile(
    r"\b(?:newsletters?|subscri(?:be|bed|bing|ptions?)|unsubscribe|inbox|sign(?:ing)?\ up|opt-in"
    r"|follow\ (?:us|him|her|them)\ on|delivered\ (?:right\ )?(?:to|through|into)\ (?:you|your)"
    r"|click(?:ing)?\ here|tap\ here|ad[\ -]?blockers?"
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
# A photo caption in wire style: "In this March 3, 2030, file photo, ...", "In this
# Dec. 3, 2030, photo ..." (the date may hold an abbreviation's full stop).
_CAPTION_OPENING = re.compile(
    r"^In\ this\ .{0,40}?\b(?:file\ )?(?:photo|image|picture|handout)\b", re.X
)
# An order to the reader may follow a question to them: "Want more stories
# like this? Join the free morning newsletter."
_CTA_VOICE = re.compile(
    r"\b(?:you|your|us|our|we|I)\b|^(?:get|sign|subscribe|join|follow|stay|don.t|never|keep|thanks)\b"
    r"|[?!]\s+(?:get|sign|subscribe|join|follow)\b|^please\b|!$",
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
# A pointer to another story: "Related: ...", "Read more: ...", "Also: See ...".
_SEE_ALSO = re.compile(
    r"""^(?:related|see\ (?:more|also)|read\ (?:more|also|next)|more|watch|listen
         |also(?:\ read)?)\s*:""",
    re.IGNORECASE | re.VERBOSE,
)


def is_cut_teaser(line: str) -> bool:
    """A short line cut off with an ellipsis; a teaser when others surround it."""
    return word_count(line) <= 25 and bool(_TEASER_CUT.search(line.strip()))


def is_credit_line(line: str, labelled: bool = True) -> bool:
    """A line that is only a photo credit: "Photo by Jo Roe/Agency", "Jo Roe | Agency".

    ``labelled=False`` leaves out the credits pages print *above* the caption
    ("Image copyright ...", "Image caption ...") and gallery links ("Photos:
    ..."), which say nothing about the line before them. A single picture's
    credit ("Photo: Jo Roe, AP", "(Image: © Agency)") sits under its caption.
    """
    stripped = line.strip().rstrip(".")
    if _CREDIT_UNDER.match(stripped):
        return True
    if _CREDIT_LINE.match(stripped):
        return labelled and not _CREDIT_UNDER.match(stripped)
    if word_count(stripped) > 12:
        return False
    if _CREDIT_BY.match(stripped):
        return True
    # Only "|" joins parts: "View PDF/Print Mode" is a menu, not a credit.
    parts = stripped.split("|")
    return len(parts) >= 2 and all(_CREDIT_PART.match(part.strip()) for part in parts)


# A credit that names its role or its photographer at a caption's end:
# "... awake and active. Credit: ESA", "... oppose it. Jo ROE / AFP" (the agency's
# style: the photographer's family name in capitals). Nothing but a caption ends
# so, however long the caption runs.
_CREDIT_END = re.compile(
    r"""(?:\b(?:credit|image\ credit|photo(?:graph)?)\s*:\s*[^.]{2,60}
      | (?-i:(?:^|\s)[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?\s[A-Z]{2,}(?:[-\s][A-Z]{2,})?
        \s?/\s?(?:AFP|AP|EPA|ANP|POOL))
    )\s*[|.]?$""",
    re.IGNORECASE | re.VERBOSE,
)
#: Longest caption told by its credit at the end (see ``_CREDIT_END``); other
#: credits in brackets ("(Reuters)") may close a long paragraph of prose.
LONG_CAPTION_WORDS = 150


def is_caption(line: str) -> bool:
    """A photo caption or a bare credit line."""
    stripped = line.strip()
    if is_credit_line(stripped):
        return True
    words = word_count(stripped)
    if words <= LONG_CAPTION_WORDS and _CREDIT_END.search(stripped):
        return True
    if words > 60:
        return False
    match = _CREDIT.search(stripped)
    # "... (Reuters)" after a full sentence is a wire tag on prose, not a credit
    # line; a caption's credit follows a description without a full stop.
    return bool(match)


# Someone's words reported: a story quoting a pitch or a question about
# subscribing ("... the editor asks.") says who spoke; a page's pitch never does.
_SPEECH = re.compile(r"\b(?:said|says|told|asks|asked|added|adds|urged|urges)\b", re.IGNORECASE)


def is_call_to_action(line: str) -> bool:
    stripped = line.strip()
    return (
        word_count(stripped) <= 35
        and bool(_CTA_TOPIC.search(stripped))
        and bool(_CTA_VOICE.search(stripped))
        and not _SPEECH.search(stripped)
    )


#: Longest paragraph at a story's end taken for a pitch (see ``tail_pitch_reason``).
PITCH_WORDS = 80


def tail_pitch_reason(paragraph: str) -> str:
    """Why a paragraph is a pitch to the reader (subscribe, join, follow, sign
    up), or "" when it is not.

    A call to action anywhere on the page is a short line (``is_call_to_action``);
    after the story's last sentence the page's pitch for a paid plan or a
    newsletter runs to a paragraph, which between the story's own paragraphs
    would be reporting about one. There, too, a short order to the reader about
    what to do next (follow, listen, tell us, get, click) is the page's, whatever
    it is about.
    """
    stripped = paragraph.strip()
    if _orders_the_reader(stripped):
        return why.CALL_TO_ACTION
    if word_count(stripped) > PITCH_WORDS or not _CTA_VOICE.search(stripped):
        return ""
    return _cta_reason(stripped)


#: Longest paragraph after a story taken for an order to the reader.
ORDER_WORDS = 40
# What a page asks its reader to do next, as an order: "Follow Newsbeat on
# Instagram", "Listen live at 12:45", "Tell us what you think", "Get the day's
# big stories ...", "Click here to download". Only the story's tail is read
# (see ``tail_pitch_reason``); a story's own last words do not give the reader
# orders about the page, and someone's words quoted there carry a quote mark
# or say who spoke.
_READER_ORDER = re.compile(
    r"^(?:click|tap|follow|listen|watch|tell\ us|send\ us|share|get|sign\ up|subscribe|join"
    r"|download|visit|check\ out|find\ out|learn\ more|don.t\ miss|stay)\b",
    re.IGNORECASE | re.X,
)
_REPORTED = re.compile(r"[\"“”]|\b(?:said|says|told)\b")


def _orders_the_reader(paragraph: str) -> bool:
    return (
        word_count(paragraph) <= ORDER_WORDS
        and bool(_READER_ORDER.match(paragraph))
        and not _REPORTED.search(paragraph)
    )


def _cta_reason(line: str) -> str:
    topic = _CTA_TOPIC.search(line)
    if not topic:
        return ""
    return why.NEWSLETTER if _CTA_MAIL.search(topic.group(0)) else why.CALL_TO_ACTION


# A call to action about mail: the reason says "newsletter sign-up" rather
# than the general "call to follow or join".
_CTA_MAIL = re.compile(r"newsletter|subscri|inbox|sign|opt-in|delivered", re.IGNORECASE)


def is_page_chrome(line: str) -> bool:
    """Page parts that read like text: captions, calls to action, source lists,
    cut-off teasers and "Related:" links."""
    return bool(page_chrome_reason(line))


# A share bar flattened to one line: two or more networks or share buttons
# and nothing else ("Facebook Twitter Pinterest Email", "Share | Tweet |
# WhatsApp"). One name alone may be a story's word or a sub-heading.
_SHARE_NAMES = (
    r"(?:share(?:\ (?:on|via))?|tweet|facebook|twitter|pinterest|linkedin|e-?mail|whatsapp"
    r"|reddit|tumblr|flipboard|messenger|telegram|print|copy\ link|sms|pin\ it)"
)
_SHARE_BAR = re.compile(
    rf"^{_SHARE_NAMES}(?:\s*[|•·,/]?\s*{_SHARE_NAMES})+\s*[|•·]?$", re.IGNORECASE | re.VERBOSE
)


# A paywall's notice where the story stops for those who do not pay: who may
# read on ("for subscribers only"), how ("Subscribe to continue reading",
# "Already a subscriber? Log in") or why not ("You have reached your limit of
# free articles"). Only short lines that quote no one (``_REPORTED``): a story
# about a paper's paywall reports such wording in longer sentences.
_PAYWALL = re.compile(
    r"""\bfor\ (?:paying\ |paid\ |digital\ |premium\ )?subscribers\ only\b
      | \b(?:available|exclusive(?:ly)?)\ (?:for|to)\ (?:paying\ |paid\ |digital\ |premium\ )?
        subscribers\b
      | \b(?:article|story|content)\ is\ (?:only\ )?(?:available\ )?(?:for|to)\ (?:\w+\ )?
        (?:subscribers|members)\b
      | ^only\ (?:paying\ |paid\ )?subscribers\b
      | ^(?:become\ a\ (?:member|subscriber)|subscribe|sign\ (?:up|in)|log\ ?in|register)\b
        .{0,40}\bto\ (?:read|continue)\b
      | \balready\ (?:a\ (?:paying\ |digital\ )?(?:subscriber|member)|have\ an\ account
        |subscribed|registered)\b
      | \b(?:continue|keep)\ reading\b.{0,60}\b(?:subscri\w*|account|membership|register
        |sign\ (?:up|in)|log\ ?in)\b
      | \b(?:subscri\w*|sign\ (?:up|in)|log\ ?in|register|account|membership)\b.{0,60}
        \b(?:continue|keep)\ reading\b
      | \b(?:reached|used)\ (?:your|the)\ (?:\w+\ ){0,3}(?:limit|allowance)\b
      | \bfree\ (?:articles?|stories)\ (?:left|remaining)\b
      | \bunlimited\ (?:digital\ )?access\b
      | ^unlock\ (?:this|the\ full)\ (?:article|story)\b
      | \bto\ read\ (?:the\ (?:rest|full)|more)\b.{0,40}\b(?:subscri\w*|member|account
        |log\ ?in|sign\ in)\b""",
    re.IGNORECASE | re.VERBOSE,
)
#: Longest line taken for a paywall's notice.
PAYWALL_WORDS = 25


def is_paywall_notice(line: str) -> bool:
    """A paywall's notice to the reader (see ``_PAYWALL``)."""
    stripped = line.strip()
    return (
        word_count(stripped) <= PAYWALL_WORDS
        and bool(_PAYWALL.search(stripped))
        and not _REPORTED.search(stripped)
    )


def page_chrome_reason(line: str) -> str:
    """Which kind of text-shaped page part ``line`` is (see ``reasons``), or ""."""
    stripped = line.strip()
    words = word_count(stripped)
    if is_caption(stripped):
        return why.PHOTO_CAPTION
    if words <= 16 and _SHARE_BAR.match(stripped):
        return why.SHARE_BAR
    if is_paywall_notice(stripped):
        return why.PAYWALL
    if is_call_to_action(stripped):
        return _cta_reason(stripped)
    if words <= 60 and _AFFILIATE.search(stripped):
        return why.AFFILIATE
    if words <= 80 and _CAPTION_OPENING.match(stripped):
        return why.PHOTO_CAPTION
    if is_consent_notice(stripped):
        return why.CONSENT
    if words <= 60 and _CITATION.search(stripped):
        return why.SOURCES
    if words <= 25 and _SEE_ALSO.match(stripped):
        return why.RELATED
    if 6 <= words <= 25 and _is_shouted_headline(stripped):
        return why.RELATED
    return ""


def _is_shouted_headline(line: str) -> bool:
    """A headline in capitals: a link to another story set between paragraphs.

    Sub-headings in capitals are a few words; a whole headline in capitals
    with no sentence end is a promo link. A shouted sentence ("THIS IS WRONG!")
    ends like one and is someone's words, so it stays; a row of a table in
    capitals ("ACME CORP 12.40 -0.31 -2.4%") holds figures, not words.
    """
    letters = [c for c in line if c.isalpha()]
    if not letters or re.search(r"[.!?][\"'”’)\]]*$", line):
        return False
    if sum(any(c.isdigit() for c in token) for token in line.split()) > 1:
        return False
    return sum(c.isupper() for c in letters) >= 0.9 * len(letters)


_DAY_MON_YEAR = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} (?:19|20)\d{2}\b")
_MONTH_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\b\.?", re.IGNORECASE
)
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?$", re.IGNORECASE)
# "11/20/19 6:38 AM", "19.11.2030": a date in figures alone on its line, with
# or without a clock time; which order its numbers are in does not matter here.
_NUMERIC_STAMP = re.compile(
    r"^\d{1,2}[/.]\d{1,2}[/.](?:\d{2}|\d{4})"
    r"(?:,?\s+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?$",
    re.IGNORECASE,
)
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
    if _CLOCK.match(stripped) or _NUMERIC_STAMP.match(stripped):
        return True
    if "@" in stripped:  # "— Jo Roe (@jroe) May 3, 2030" signs an embedded post
        return False
    if not find_date(stripped) and not _DAY_MON_YEAR.search(stripped):
        return False
    rest = _STAMP_WORDS.sub("", stripped)
    rest = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", rest)
    rest = re.sub(r"[\d:,.\s]+|\b(?:[ap]\.?m\.?|GMT|UTC|[A-Z]{2,4}T|at)\b", " ", rest)
    rest = _MONTH_WORD.sub(" ", rest)
    rest = re.sub(
        r"\b(?:on|last\ modified(?:\ on)?|updated(?:\ on)?)\b|[/|]",
        " ",
        rest,
        flags=re.IGNORECASE | re.X,
    )
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


# What only a thread of reader comments prints: its heading naming the story
# ("12 responses to “Headline”"), the reply form ("Leave a Reply", "Leave a
# Comment Cancel Reply"), "Comments are closed", a commenter's signature. A
# bare counter ("12 Comments") or a "Leave a comment" link also sits under
# every teaser of a blog's front page, so it opens no thread.
_COMMENT_THREAD = re.compile(
    r"""^(?:(?:\d+|one)\s+(?:responses?|comments?|replies|thoughts?)\s+(?:to|on)\s+\S.*
      | leave\ a\ reply\b.{0,40} | leave\ a\ comment\ cancel\ reply | comments\ are\ closed\.?
      | (?!(?:he|she|it|they|we|i|you|this|that|the|an?|who|which|what)\s)
        [^\s].{0,40}?\s(?:says|said|wrote|commented):
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def opens_comment_thread(line: str) -> bool:
    """A line that only a thread of reader comments prints (see ``_COMMENT_THREAD``)."""
    stripped = line.strip()
    return word_count(stripped) <= 20 and bool(_COMMENT_THREAD.match(stripped))


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


def is_relative_time(line: str, named: bool = True) -> bool:
    """A relative stamp; with ``named=False`` only a bare one, not one that
    names what happened then ("Published 3 hours ago")."""
    match = _RELATIVE_TIME.match(line.strip())
    return bool(match) and (named or not match["named"])


def is_related_heading(line: str) -> bool:
    return bool(_RELATED_HEADING.match(line.strip()))


def is_copyright(line: str) -> bool:
    return bool(_COPYRIGHT.search(line))


def copyright_holder(line: str) -> str:
    match = _COPYRIGHT_HOLDER.search(line)
    return match.group(1).strip() if match else ""


# The note a blog's feed (WordPress, by default) or a republisher adds under
# every story: "The post Harbour plan approved appeared first on Valley Herald."
_FIRST_PUBLISHED = re.compile(
    r"^(?:the post .{1,250} appeared first on .{1,120}"
    r"|this (?:article|story|post|piece) (?:was )?(?:originally |first )?"
    r"(?:appeared|published|ran) (?:first )?(?:on|in|at) .{1,120})$",
    re.IGNORECASE,
)


def is_furniture_line(line: str) -> bool:
    """Whole-line chrome: widgets, stamps, sign-ups, comment counters, copyright.

    Start-anchored patterns only count on short lines: "Share prices fell 4%
    on Monday as investors..." is a sentence, "Share this @site.com" is not.
    """
    return bool(furniture_reason(line))


def furniture_reason(line: str) -> str:
    """Why ``line`` is whole-line chrome (see ``reasons``), or "" when it is not."""
    stripped = line.strip()
    if not stripped:
        return ""
    if is_relative_time(stripped):
        return why.TIME_AGO
    if is_related_heading(stripped):
        return why.RELATED
    if is_copyright(stripped):
        return why.COPYRIGHT
    if is_trademark_notice(stripped):
        return why.TRADEMARK
    if word_count(stripped) <= 50 and _FIRST_PUBLISHED.match(stripped):
        return why.FIRST_PUBLISHED
    chrome = page_chrome_reason(stripped)
    if chrome:
        return chrome
    full_stop = bool(re.search(r"[.!?][\"'”’)\]]*$", stripped)) and not stripped.endswith("...")
    short = word_count(stripped) <= 12 and not (full_stop and word_count(stripped) > 6)
    match = _FURNITURE_LINE.match(stripped) if short else None
    return _FURNITURE_REASONS[match.lastgroup or ""] if match else ""


def outlet_label(line: str) -> str:
    """The outlet in an aggregator's source line "- Global News", else ""."""
    match = re.match(r"^[-–—•|]\s*([A-Z][^.!?]{1,50})$", line.strip())
    # "— Jane Roe (@jroe) May 3, 2030" closes an embedded post, not a story.
    if match and "@" in match.group(1) or match and find_date(match.group(1)):
        return ""
    if match and word_count(match.group(1)) <= 6:
        return match.group(1).strip()
    return ""


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
