"""The heading of a box that sums a story up above its first paragraph."""

from __future__ import annotations

import re

# "Key Points", "Highlights", "Key takeaways", "In brief", "At a glance",
# "TL;DR": a page sets a few one-line points under such a heading before the
# story, which then tells the same again at length. Not the words of a
# section of the story: those stand between its paragraphs, not above them.
_SUMMARY_HEADING = re.compile(
    r"""^(?:key\ (?:points|takeaways|facts)|(?:story\ )?highlights|in\ brief|at\ a\ glance
      | tl;\ ?dr|the\ short\ version)\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_summary_heading(line: str) -> bool:
    """A heading over a box of the story's key points."""
    return bool(_SUMMARY_HEADING.match(line.strip()))
