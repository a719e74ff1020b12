"""Bylines a QA pass saw misread: a desk's byline naming no one ("Staff
reporter, Coastal Daily") was taken for the headline, and the headline cut as
a label; an outlet after a writer's name ("By Ingrid Halvorsen, Korvik
Tribune") was read as a second writer. Neutral on the dev pages (extract-dumps
and extract-html F1 unchanged)."""

from __future__ import annotations

import pytest

from newsread.ingest.dumps import parse_dump
from newsread.ingest.furniture import parse_byline
from newsread.ingest.furniture.metadata import Byline

STORY = (
    "KORVIK — Sixty residents were moved from their homes on Tuesday night after a fire"
    " broke out in a warehouse near the harbour, the fire service said.\n\n"
    "Crews fought the blaze for five hours. No one was hurt, a spokesperson said.\n"
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Staff reporter, Coastal Daily", Byline("Staff reporter", "Coastal Daily")),
        ("By Staff Writers | The Harbour Post", Byline("Staff Writers", "The Harbour Post")),
        ("By Ingrid Halvorsen, Korvik Tribune", Byline("Ingrid Halvorsen", "Korvik Tribune")),
        # Two writers stay two writers.
        ("By Ingrid Halvorsen, Tomas Berg", Byline("Ingrid Halvorsen, Tomas Berg", "")),
    ],
)
def test_bylines(line: str, expected: Byline) -> None:
    assert parse_byline(line) == expected


def test_a_desk_byline_under_the_headline_leaves_the_headline_the_title() -> None:
    text = f"Korvik warehouse fire forces 60 from homes\n\nStaff reporter, Coastal Daily\n\n{STORY}"
    (article, *_) = parse_dump(text)
    assert article.title == "Korvik warehouse fire forces 60 from homes"
    assert (article.byline, article.source) == ("Staff reporter", "Coastal Daily")
