"""The site's name a page's ``<title>`` holds, when its markup names it nowhere else.

trafilatura reads the names a page declares (``og:site_name``,
``application-name``, a publisher in JSON-LD); a page without them (a page
saved to disk has no URL either) still names its site in its title, beside a
headline or a section: "Crane plan approved | The Gazette", "Lindenport
Daily - Today". Which side is the site differs from site to site, so the
side is chosen by what the page says of itself, not by a convention:

* a single story's title is its headline and the site: the site is the rest
  (``site_from_title``);
* a page of several stories has no headline of its own in its title, but a
  section, a date or a slogan: the site is the part the page's address or
  its copyright line names, else the one part that is not a section's word
  (``site_of_stories``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from newsread.ingest import furniture as fx

#: What stands between a headline and the site's name in a page's <title>.
TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|»|/)\s+")
#: Most words of a site's name.
MAX_NAME_WORDS = 6

# Words a front page or a section puts in its title beside the site's name:
# "Today", "Latest news", "Morning briefing", "Sport", a weekday or a date.
# A part made of these alone (and numbers) is not the site.
_SECTION_WORDS = frozenset(
    " ".join(
        (
            "today tonight latest breaking live news headlines top stories story front home",
            "homepage page index main edition digest briefing briefings roundup round up update",
            "updates morning evening afternoon weekend week weekly daily the and of in from for",
            "a all more new local national world international region regional city politics",
            "business economy money sport sports culture arts entertainment opinion comment",
            "science tech technology health travel lifestyle weather obituaries",
            "monday tuesday wednesday thursday friday saturday sunday january february march",
            "april may june july august september october november december",
            "jan feb mar apr jun jul aug sep sept oct nov dec",
        )
    ).split()
)
_WORD = re.compile(r"\w+")
# "© 2025 The Fenwick Post", "Copyright 2019-2025 Lindenport Daily Ltd."
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(.+)", re.I)


def site_from_title(page_title: str, headline: str) -> str:
    """The site's name a page's ``<title>`` puts beside its headline ("Crane
    plan approved | The Gazette"). "" unless the rest of the title is the
    headline exactly and the name is short."""
    title, head = fx.normalise_space(page_title), fx.normalise_space(headline)
    if not title or not head or title.casefold() == head.casefold():
        return ""
    if title.casefold().startswith(head.casefold()):
        rest, last = title[len(head) :], True
    elif title.casefold().endswith(head.casefold()):
        rest, last = title[: len(title) - len(head)], False
    else:
        return ""
    # The headline must end where a separator starts: "Crane plan approved
    # again" is not "Crane plan approved" plus a site.
    parts = TITLE_SEPARATOR.split(f" {rest.strip()} " if rest.strip() else "")
    if len(parts) < 2 or (parts[0].strip() if last else parts[-1].strip()):
        return ""
    # "Headline | News | The Gazette": the site is the far end.
    name = (parts[-1] if last else parts[0]).strip()
    return name if _name_like(name) else ""


def site_of_stories(
    page_title: str, headlines: Iterable[str], url: str = "", page_text: str = ""
) -> str:
    """The site's name in the ``<title>`` of a page of several stories
    ("Lindenport Daily - Today", "Morning digest | The Fenwick Post").

    The parts that are one of the stories' ``headlines`` are not the site. Of
    the others, the part the page's ``url`` (its host) or its copyright line
    in ``page_text`` names is the site; else the only part not made of a
    section's words alone; else the shortest of those, the far end on a tie.
    A title of one part is the site only when the host or the copyright line
    names it: "Morning digest" alone may be the page's own heading. "" when
    nothing fits.
    """
    title = fx.normalise_space(page_title)
    taken = {fx.normalise_space(h).casefold() for h in headlines}
    parts = [p.strip() for p in TITLE_SEPARATOR.split(title) if p.strip()]
    candidates = [p for p in parts if p.casefold() not in taken and _name_like(p)]
    if not candidates:
        return ""
    named = [p for p in candidates if _named_by(p, url, page_text)]
    if named:
        return named[0]
    if len(parts) < 2:
        return ""
    names = [p for p in candidates if not _section_words(p)]
    if not names:
        return ""
    fewest = min(len(_WORD.findall(p)) for p in names)
    return [p for p in names if len(_WORD.findall(p)) == fewest][-1]


def _name_like(text: str) -> bool:
    return bool(text) and len(text.split()) <= MAX_NAME_WORDS and text[-1] not in ".!?:;,"


def _letters(text: str) -> str:
    return "".join(_WORD.findall(text.casefold())).replace("_", "")


def _named_by(part: str, url: str, page_text: str) -> bool:
    """Whether the page's host ("lindenportdaily.com") or a copyright line of
    its text ("© 2025 Lindenport Daily") names ``part``."""
    letters = _letters(part)
    if not letters:
        return False
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    labels = host.split(".")[:-1] if "." in host else []
    if any(_letters(label) in (letters, letters.removeprefix("the")) for label in labels):
        return True
    for line in page_text.splitlines():
        match = _COPYRIGHT.search(line)
        if match and _letters(match.group(1)).startswith(letters):
            return True
    return False


def _section_words(part: str) -> bool:
    words = _WORD.findall(part.casefold())
    return all(w in _SECTION_WORDS or w.isdigit() for w in words)
