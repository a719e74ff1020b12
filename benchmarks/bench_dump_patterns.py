"""More page parts set into each dev dump: web widgets `bench_dump_robustness` leaves out.

``bench_dump_robustness`` varies how a page was copied; this bench adds the
parts held-out pages carry and the dev pages happen not to, each where pages
put it: "Advertisement" labels every few paragraphs, a lone photo credit, a
video's title and running time, a paywall's notice, a trending box after the
story, a teaser with a long blurb above a page without its title bar, a
writer's bio, a comment thread, sub-headings, a breadcrumb trail over the
story, editors' empty paragraphs (a zero-width space), a standfirst over the
lead photo, a gallery's controls, a pitch that asks a question first, a
"Related coverage from ..." list, and, as story text the parser must keep, a
quote about subscribing. The figures are the
first-article F1 (as ``score.py extract-dumps``) per half, with the pages that
fall by more than ``FALL`` named, as in ``bench_dump_robustness``; every
inserted text is our own. Skips with a message when the development data is
absent.

    python benchmarks/bench_dump_patterns.py [-v] [--only NAME,NAME]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_dump_robustness import (  # noqa: E402
    COOKIE,
    NEWSLETTER,
    RELATED,
    Page,
    _insert_mid,
    _story_gaps,
    blanks_collapsed,
    rewrapped,
    run_variants,
)

BLURB = (
    "Drivers were told to stay off the coast road on Saturday as gusts of up to ninety "
    "kilometres an hour were forecast, and the council closed two car parks by the sea wall "
    "until the wind drops on Sunday evening, a spokesman for the harbour office said."
)
LONG_TEASER = ["Most read", "", "Storm warning for the coast road as winds pick up", "", BLURB]
TRENDING = ["Trending now", "", "Storm warning for the coast road as winds pick up", "", BLURB]
PAYWALL = [
    "This article is for subscribers only.",
    "Subscribe now for unlimited access.",
    "Already a subscriber? Log in",
]
BIO = [
    "Jo Example is a reporter for the Lindenport Courier. She covers the harbour, the council "
    "and the courts, and can be reached at jo@example.org."
]
COMMENTS = [
    "3 comments",
    "",
    "jdoe says:",
    "March 3, 2030 at 9:14 am",
    "",
    "This is the best thing the council has done in years, and about time too if you ask me, "
    "the old quay was falling apart.",
    "",
    "Reply",
    "",
    "Leave a Reply Cancel reply",
]
SUBHEADS = ["The Background", "What Comes Next", "Looking Ahead", "A Long Road", "Mixed Reactions"]
BREADCRUMB = "Home > News > Harbour"
#: An empty paragraph an editor left: only a zero-width space, which a copy keeps.
EMPTY_PARAGRAPH = "\u200b"
STANDFIRST = [
    "The quay will close for two years of repairs.",
    "",
    "Boats tied up along the old quay at dawn on Monday.",
    "Photo: Jo Example / Example Agency",
]
#: Words a sub-heading made from a paragraph leaves out.
SUBHEAD_SKIP = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "were",
        "when",
        "said",
        "will",
        "would",
        "about",
        "their",
    ]
)
GALLERY = ["Image 1 of 3", "Caption", "Close", "1 / 3", "Back to gallery"]
CTA_QUESTION = "Want more stories like this? Join the Courier's free morning newsletter."
#: Story text, not a pitch: someone quoted on subscribing.
QUOTED_PITCH = (
    "\u201cWhy would you subscribe to a paper that no longer sends anyone to the council?\u201d "
    "the editor asks."
)
RELATED_FROM = [
    "Related coverage from the Money desk:",
    "How to read your first pay slip",
    "Five questions to ask before you rent",
    "What a pension pot is and how it grows",
]


def _top(page: Page) -> int:
    return next((i for i, line in enumerate(page.lines) if line.strip()), 0)


def _after_story(page: Page, block: list[str]) -> tuple[str, str]:
    lines = page.lines[: page.last + 1] + ["", *block, ""] + page.lines[page.last + 1 :]
    return "\n".join(lines), page.truth


def _every_third_gap(page: Page, block: Callable[[int], list[str]]) -> tuple[str, str]:
    lines = list(page.lines)
    for n, at in reversed(list(enumerate(_story_gaps(page)[1::3][:5]))):
        lines = lines[:at] + ["", *block(n)] + lines[at:]
    return "\n".join(lines), page.truth


def long_teaser_before(page: Page) -> tuple[str, str]:
    top = min(_top(page) + 1, page.first)
    lines = page.lines[:top] + ["", *LONG_TEASER, "", "2 hours ago", ""] + page.lines[top:]
    return "\n".join(lines), page.truth


def long_teaser_no_title(page: Page) -> tuple[str, str]:
    """The same box, on a copy without the title bar that names the story."""
    top = _top(page)
    lines = page.lines[:top] + ["", *LONG_TEASER, "", "2 hours ago", ""] + page.lines[top + 1 :]
    return "\n".join(lines), page.truth


def adverts(page: Page) -> tuple[str, str]:
    return _every_third_gap(page, lambda n: ["Advertisement", ""])


def image_credit_mid(page: Page) -> tuple[str, str]:
    return _insert_mid(page, ["Image: Getty Images"])


def video_mid(page: Page) -> tuple[str, str]:
    return _insert_mid(page, ["WATCH: Ferry crosses the bay in a storm", "01:24"])


def paywall_after(page: Page) -> tuple[str, str]:
    return _after_story(page, PAYWALL)


def trending_after(page: Page) -> tuple[str, str]:
    return _after_story(page, [*TRENDING, "", "3 hours ago"])


def bio_after(page: Page) -> tuple[str, str]:
    return _after_story(page, BIO)


def comments_after(page: Page) -> tuple[str, str]:
    return _after_story(page, COMMENTS)


def newsletter_after(page: Page) -> tuple[str, str]:
    return _after_story(page, NEWSLETTER)


def related_after(page: Page) -> tuple[str, str]:
    return _after_story(page, RELATED)


def links_mid(page: Page) -> tuple[str, str]:
    """A box's links with no heading over them."""
    return _insert_mid(page, RELATED[1:])


def cookie_top(page: Page) -> tuple[str, str]:
    top = min(_top(page) + 1, page.first)
    return "\n".join(page.lines[:top] + ["", COOKIE, "Accept", ""] + page.lines[top:]), page.truth


def subheads(page: Page) -> tuple[str, str]:
    return _every_third_gap(page, lambda n: [SUBHEADS[n]])


def breadcrumb_above(page: Page) -> tuple[str, str]:
    """A breadcrumb trail set right above the story, under its header."""
    lines = page.lines[: page.first] + [BREADCRUMB, ""] + page.lines[page.first :]
    return "\n".join(lines), page.truth


def empty_paragraphs(page: Page) -> tuple[str, str]:
    return _every_third_gap(page, lambda n: [EMPTY_PARAGRAPH, ""])


def standfirst_photo(page: Page) -> tuple[str, str]:
    """A one-line standfirst over the lead photo and its credit, above the story."""
    lines = page.lines[: page.first] + [*STANDFIRST, ""] + page.lines[page.first :]
    return "\n".join(lines), page.truth


def gallery_mid(page: Page) -> tuple[str, str]:
    return _insert_mid(page, GALLERY)


def cta_question_mid(page: Page) -> tuple[str, str]:
    return _insert_mid(page, [CTA_QUESTION])


def quoted_pitch_mid(page: Page) -> tuple[str, str]:
    """A quote about subscribing set between the story's paragraphs: story text."""
    gaps = _story_gaps(page)
    if not gaps:
        return "\n".join(page.lines), page.truth
    at = gaps[len(gaps) // 2]
    before = page.lines[at - 1].strip()
    if before not in page.truth:
        return "\n".join(page.lines), page.truth
    lines = page.lines[:at] + ["", QUOTED_PITCH] + page.lines[at:]
    truth = page.truth.replace(before, f"{before}\n{QUOTED_PITCH}", 1)
    return "\n".join(lines), truth


def related_from_after(page: Page) -> tuple[str, str]:
    return _after_story(page, RELATED_FROM)


def _restating_subhead(paragraph: str) -> str:
    """A sub-heading made of the first content words of the paragraph under it,
    as editors write one ("Council raises parking fees" over "The council
    raised parking fees on Tuesday...")."""
    words = [w.strip(".,;:!?\"'()\u201c\u201d\u2019") for w in paragraph.split()[:20]]
    content = [w for w in words if len(w) > 3 and w.lower() not in SUBHEAD_SKIP][:5]
    return " ".join(content)[:1].upper() + " ".join(content)[1:] if content else ""


def one_subhead_restated(page: Page) -> tuple[str, str]:
    """One sub-heading in the story, which the paragraph under it says again."""
    gaps = _story_gaps(page)
    if not gaps:
        return "\n".join(page.lines), page.truth
    at = gaps[len(gaps) // 2]
    under = next((line for line in page.lines[at:] if line.strip()), "")
    subhead = _restating_subhead(under)
    if not subhead:
        return "\n".join(page.lines), page.truth
    return "\n".join(page.lines[:at] + ["", subhead] + page.lines[at:]), page.truth


def box_then_subhead(page: Page) -> tuple[str, str]:
    """A box of links set into the story, and a sub-heading right under it."""
    return _insert_mid(page, [*RELATED, "", SUBHEADS[1]])


def collapsed_rewrapped(page: Page) -> tuple[str, str]:
    text, truth = blanks_collapsed(page)
    return rewrapped(Page(text.split("\n"), truth, page.first, page.last))


PATTERNS: dict[str, Callable[[Page], tuple[str, str]]] = {
    "long_teaser_before": long_teaser_before,
    "long_teaser_no_title": long_teaser_no_title,
    "adverts": adverts,
    "image_credit_mid": image_credit_mid,
    "video_mid": video_mid,
    "paywall_after": paywall_after,
    "trending_after": trending_after,
    "bio_after": bio_after,
    "comments_after": comments_after,
    "newsletter_after": newsletter_after,
    "related_after": related_after,
    "links_mid": links_mid,
    "cookie_top": cookie_top,
    "subheads": subheads,
    "collapsed_rewrapped": collapsed_rewrapped,
    "breadcrumb_above": breadcrumb_above,
    "empty_paragraphs": empty_paragraphs,
    "standfirst_photo": standfirst_photo,
    "gallery_mid": gallery_mid,
    "cta_question_mid": cta_question_mid,
    "quoted_pitch_mid": quoted_pitch_mid,
    "related_from_after": related_from_after,
    "one_subhead_restated": one_subhead_restated,
    "box_then_subhead": box_then_subhead,
}


def main(verbose: bool = False, only: str = "") -> int:
    return run_variants(PATTERNS, "patterns", verbose, only)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated pattern names")
    args = parser.parse_args()
    sys.exit(main(args.verbose, args.only))
