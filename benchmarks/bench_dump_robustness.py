"""How fragile the dump parser is: each dev page's dump, changed the way real copies vary.

A page saved or copied as text comes out a little differently each time: the
menu before the story twice or not at all, no title bar, blank lines lost or
doubled, lines wrapped at 80 columns, a cookie banner or a newsletter box left
in the middle of the story, no-break spaces, the story printed twice.
Held-out pages differ from the dev pages in just
such ways, and the mean F1 over pages is dominated by the few that fail
outright, so this bench applies each change to every development dump and
reports the first-article F1 (the benchmark's metric, as ``score.py
extract-dumps``) next to the unchanged pages', per half, with the pages that
fall by more than ``FALL`` named.

Where the story lies on a page is found from the true body at run time (the
lines whose word 4-grams are mostly the story's); the inserted texts are our
own. Reads ``../shared/eval-dev/article-extraction-dev`` (override with
``NEWSREAD_SHARED``) and skips with a message when it is absent.

    python benchmarks/bench_dump_robustness.py [-v] [--only NAME,NAME]
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_import import DATA, benchmark_f1, benchmark_tpfpfn, shingle_set  # noqa: E402

from newsread.ingest.dumps import parse_dump  # noqa: E402

#: A page whose F1 falls by more than this under a change has failed on it.
FALL = 0.2
#: Share of a line's word 4-grams found in the true body that makes it story text.
STORY_SHARE = 0.6
WRAP = 78

COOKIE = (
    "We use cookies and similar tools to give you the best experience on our site. "
    "By continuing to browse you agree to our use of cookies. Find out more in our cookie policy."
)
NEWSLETTER = [
    "Get our morning briefing",
    "The top headlines of the day, sent to your inbox every weekday morning.",
    "Email address",
    "Sign up",
]
CAPTION = [
    "A worker walks past the main entrance of the building on a grey afternoon last week.",
    "Photo: Jo Example / Example Agency",
]
RELATED = [
    "Related",
    "Council opens a new reading room in the old customs house",
    "Storm warning for the coast road as winds pick up",
    "Ferry timetable changes for the holidays",
]
TEASER = [
    "READ MORE",
    "Council opens a new reading room in the old customs house",
    "The reading room will open on weekdays from nine until five, the council said, and "
    "will hold the town archive of ship logs and harbour maps.",
]
TOP_STORIES = [
    "Top stories",
    "",
    "Storm warning for the coast road as winds pick up",
    "",
    "Drivers were told to stay off the coast road on Saturday as gusts of up to ninety "
    "kilometres an hour were forecast, and the council closed two car parks by the sea wall "
    "until the wind drops on Sunday evening.",
    "",
    "2 hours ago",
    "",
    "Council opens a new reading room in the old customs house",
    "",
    "The reading room will open on weekdays from nine until five, the council said, and will "
    "hold the town archive of ship logs and harbour maps, which volunteers have spent three "
    "years putting in order.",
    "",
    "5 hours ago",
    "",
]


@dataclass
class Page:
    lines: list[str]
    truth: str
    first: int  # first and last story line (indexes into lines); -1 when not found
    last: int


def locate(text: str, truth: str) -> Page:
    lines = text.replace("\r\n", "\n").split("\n")
    story = shingle_set(truth)
    inside = [
        i
        for i, line in enumerate(lines)
        if (g := shingle_set(line)) and len(g & story) >= STORY_SHARE * len(g) and len(g) >= 4
    ]
    if not inside:
        return Page(lines, truth, -1, -1)
    return Page(lines, truth, inside[0], inside[-1])


def _story_gaps(page: Page) -> list[int]:
    """Blank lines between two story lines inside the story: places to insert a box."""
    return [
        i
        for i in range(page.first + 1, page.last)
        if not page.lines[i].strip() and page.lines[i - 1].strip()
    ]


def _insert_mid(page: Page, block: list[str]) -> tuple[str, str]:
    gaps = _story_gaps(page)
    if not gaps:
        return "\n".join(page.lines), page.truth
    at = gaps[len(gaps) // 2]
    lines = page.lines[:at] + ["", *block, ""] + page.lines[at:]
    return "\n".join(lines), page.truth


def pre_doubled(page: Page) -> tuple[str, str]:
    lines = page.lines[: page.first] * 2 + page.lines[page.first :]
    return "\n".join(lines), page.truth


def pre_removed(page: Page) -> tuple[str, str]:
    return "\n".join(page.lines[page.first :]), page.truth


def title_removed(page: Page) -> tuple[str, str]:
    first = next((i for i, line in enumerate(page.lines) if line.strip()), 0)
    if first >= page.first:
        return "\n".join(page.lines), page.truth
    return "\n".join(page.lines[:first] + page.lines[first + 1 :]), page.truth


def blanks_collapsed(page: Page) -> tuple[str, str]:
    return "\n".join(line for line in page.lines if line.strip()), page.truth


def blanks_doubled(page: Page) -> tuple[str, str]:
    return "\n\n".join(page.lines), page.truth


def rewrapped(page: Page) -> tuple[str, str]:
    out: list[str] = []
    for line in page.lines:
        out.extend(textwrap.wrap(line, WRAP) if len(line) > WRAP else [line])
    return "\n".join(out), page.truth


def cookie_mid(page: Page) -> tuple[str, str]:
    return _insert_mid(page, [COOKIE, "Accept"])


def newsletter_mid(page: Page) -> tuple[str, str]:
    return _insert_mid(page, NEWSLETTER)


def caption_mid(page: Page) -> tuple[str, str]:
    return _insert_mid(page, CAPTION)


def advert_mid(page: Page) -> tuple[str, str]:
    return _insert_mid(page, ["Advertisement"])


def related_mid(page: Page) -> tuple[str, str]:
    return _insert_mid(page, RELATED)


def teaser_mid(page: Page) -> tuple[str, str]:
    return _insert_mid(page, TEASER)


def teasers_before(page: Page) -> tuple[str, str]:
    """A block of top stories, each a headline, a blurb and a time, under the title bar."""
    top = next((i for i, line in enumerate(page.lines) if line.strip()), 0) + 1
    top = min(top, page.first)
    lines = page.lines[:top] + ["", *TOP_STORIES] + page.lines[top:]
    return "\n".join(lines), page.truth


def post_before(page: Page) -> tuple[str, str]:
    """What follows the story (teasers, related links) moved to just above it."""
    post = page.lines[page.last + 1 :]
    top = next((i for i, line in enumerate(page.lines) if line.strip()), 0) + 1
    top = min(top, page.first)
    lines = page.lines[:top] + post + page.lines[top : page.last + 1]
    return "\n".join(lines), page.truth


def post_shortened(page: Page) -> tuple[str, str]:
    post = page.lines[page.last + 1 :]
    return "\n".join(page.lines[: page.last + 1] + post[: len(post) // 3]), page.truth


def post_removed(page: Page) -> tuple[str, str]:
    return "\n".join(page.lines[: page.last + 1]), page.truth


def no_break_spaces(page: Page) -> tuple[str, str]:
    return "\n".join(line.replace(" ", "\u00a0") for line in page.lines), page.truth


def menu_bulleted(page: Page) -> tuple[str, str]:
    """The menus before the story (short lines in a block) printed as bulleted lists."""

    def item(i: int) -> bool:
        return 0 <= i < page.first and 0 < len(page.lines[i].split()) <= 4

    top = next((i for i, line in enumerate(page.lines) if line.strip()), 0)
    lines = [
        f"• {line}" if i > top and item(i) and (item(i - 1) or item(i + 1)) else line
        for i, line in enumerate(page.lines)
    ]
    return "\n".join(lines), page.truth


def story_twice(page: Page) -> tuple[str, str]:
    """A second copy of the story at the end of the page (a print or phone layout)."""
    copy = page.lines[page.first : page.last + 1]
    return "\n".join([*page.lines, "", *copy]), page.truth


def last_shortened(page: Page) -> tuple[str, str]:
    """The story's last paragraph cut to its first few words (and so the true body)."""
    line = page.lines[page.last]
    words = line.split()
    if len(words) < 8:
        return "\n".join(page.lines), page.truth
    short = " ".join(words[:6]) + "."
    lines = page.lines[: page.last] + [short] + page.lines[page.last + 1 :]
    stripped = line.strip()
    truth = page.truth.replace(stripped, short) if stripped in page.truth else page.truth
    return "\n".join(lines), truth


PERTURBATIONS: dict[str, Callable[[Page], tuple[str, str]]] = {
    "pre_doubled": pre_doubled,
    "pre_removed": pre_removed,
    "title_removed": title_removed,
    "blanks_collapsed": blanks_collapsed,
    "blanks_doubled": blanks_doubled,
    "rewrapped": rewrapped,
    "cookie_mid": cookie_mid,
    "newsletter_mid": newsletter_mid,
    "caption_mid": caption_mid,
    "advert_mid": advert_mid,
    "related_mid": related_mid,
    "teaser_mid": teaser_mid,
    "teasers_before": teasers_before,
    "post_before": post_before,
    "post_shortened": post_shortened,
    "post_removed": post_removed,
    "last_shortened": last_shortened,
    "no_break_spaces": no_break_spaces,
    "menu_bulleted": menu_bulleted,
    "story_twice": story_twice,
}


def first_body(text: str) -> str:
    articles = parse_dump(text)
    return articles[0].body if articles else ""


def page_f1(row: tuple[float, float, float]) -> float:
    tp, fp, fn = row
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def halves(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    even = benchmark_f1(rows[0::2])[2]
    odd = benchmark_f1(rows[1::2])[2]
    return benchmark_f1(rows)[2], even, odd


def main(verbose: bool = False, only: str = "") -> int:
    return run_variants(PERTURBATIONS, "changes", verbose, only)


def run_variants(
    variants: dict[str, Callable[[Page], tuple[str, str]]],
    what: str,
    verbose: bool = False,
    only: str = "",
) -> int:
    """Score every dev page changed by each of ``variants`` (a page's dump
    and its expected body) against the page unchanged; print F1 with halves
    and the pages that fell, then the mean of ``what``."""
    if not DATA.is_dir():
        print(f"skipped: development data not found at {DATA} (it lives outside the repository)")
        return 0
    truth = json.loads((DATA / "ground-truth.json").read_text("utf-8"))
    dumps: dict[str, str] = json.loads((DATA / "fulltext-dumps.json").read_text("utf-8"))
    ids = sorted(dumps)
    pages = {i: locate(dumps[i], truth[i]["articleBody"]) for i in ids}
    base = [benchmark_tpfpfn(truth[i]["articleBody"], first_body(dumps[i])) for i in ids]
    width = max(len(n) for n in [*variants, f"mean of {what}"])
    f, even, odd = halves(base)
    print(f"{'unchanged':{width}s} F1={f:.4f}  even/odd {even:.4f}/{odd:.4f}")
    names = [n for n in only.split(",") if n] or list(variants)
    scores: list[float] = []
    falls = 0
    for name in names:
        change = variants[name]
        rows: list[tuple[float, float, float]] = []
        fallen: list[str] = []
        for k, page_id in enumerate(ids):
            page = pages[page_id]
            if page.first < 0:
                rows.append(base[k])
                continue
            text, expected = change(page)
            row = benchmark_tpfpfn(expected, first_body(text))
            rows.append(row)
            if page_f1(base[k]) - page_f1(row) > FALL:
                fallen.append(f"{page_id[:12]} {page_f1(base[k]):.2f}->{page_f1(row):.2f}")
        f, even, odd = halves(rows)
        scores.append(f)
        falls += len(fallen)
        print(f"{name:{width}s} F1={f:.4f}  even/odd {even:.4f}/{odd:.4f}  fallen {len(fallen)}")
        if verbose and fallen:
            print("    " + ", ".join(fallen))
    print(f"{'mean of ' + what:{width}s} F1={sum(scores) / len(scores):.4f}  pages fallen {falls}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated perturbation names")
    args = parser.parse_args()
    sys.exit(main(args.verbose, args.only))
