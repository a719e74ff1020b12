"""Bylines a QA pass saw misread: a desk's byline naming no one ("Staff
reporter, Coastal Daily") was taken for the headline, and the headline cut as
a label; an outlet after a writer's name ("By Ingrid Halvorsen, Korvik
Tribune") was read as a second writer. Neutral on the dev pages (extract-dumps
and extract-html F1 unchanged)."""

from __future__ import annotations

import pytest

from newsread.ingest.dumps import parse_dump
from newsread.ingest.furniture import find_date, is_stamp, parse_byline
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
        # When it was written is no outlet.
        ("By Ingrid Halvorsen - 11/19/30 06:56 AM EST", Byline("Ingrid Halvorsen", "")),
        (
            "By Tomas Berg | November 18, 2030 -- 19:14 GMT | Topic: Harbours",
            Byline("Tomas Berg", ""),
        ),
        (
            "By Tomas Berg - Korvik Tribune Contributor 2030-11-19T12:48:14Z",
            Byline("Tomas Berg", ""),
        ),
        # A separator left at the end of the line, its date on the next one.
        ("By Staff Reports -", Byline("Staff Reports", "")),
        # A site named by its address is the outlet, not a second writer.
        ("By Ingrid Halvorsen, Korvik.com", Byline("Ingrid Halvorsen", "Korvik.com")),
    ],
)
def test_bylines(line: str, expected: Byline) -> None:
    assert parse_byline(line) == expected


def test_a_desk_byline_under_the_headline_leaves_the_headline_the_title() -> None:
    text = f"Korvik warehouse fire forces 60 from homes\n\nStaff reporter, Coastal Daily\n\n{STORY}"
    (article, *_) = parse_dump(text)
    assert article.title == "Korvik warehouse fire forces 60 from homes"
    assert (article.byline, article.source) == ("Staff reporter", "Coastal Daily")


def test_a_month_in_capitals_is_read() -> None:
    assert find_date("NOVEMBER 20, 2030 10:43") == "2030-11-20"
    assert find_date("TUESDAY, NOV. 19 2030") == "2030-11-19"


def test_an_iso_date_with_its_time_run_on_is_a_date() -> None:
    assert find_date("Korvik Tribune Contributor 2030-11-19T12:48:14Z") == "2030-11-19"
    assert find_date("2030-11-19") == "2030-11-19"
    assert find_date("order 2030-11-1912") == ""


def test_a_menu_item_or_a_byline_date_is_no_source() -> None:
    # The byline's date tail is no outlet, and "- Become A Contributor" under
    # "- Harbours" is a menu's item, not an aggregator's "- Outlet" line.
    menu = ["- Weather", "- Harbours", "- Become A Contributor", ""]
    text = "\n".join(
        [
            *menu,
            "Korvik warehouse fire forces 60 from homes",
            "",
            "By Ingrid Halvorsen - 11/19/30 06:56 AM EST",
            "",
            STORY,
        ]
    )
    (article, *_) = parse_dump(text)
    assert article.title == "Korvik warehouse fire forces 60 from homes"
    assert (article.byline, article.source) == ("Ingrid Halvorsen", "")


def test_an_aggregators_outlet_under_its_time_stamp_is_the_source() -> None:
    text = "\n".join(
        [
            "Coastal Daily",
            "20 minutes ago",
            "- Coastal Daily",
            "Korvik warehouse fire forces 60 from homes",
            STORY,
        ]
    )
    (article, *_) = parse_dump(text)
    assert article.source == "Coastal Daily"


def test_a_date_in_figures_on_its_own_line_is_a_stamp_not_the_title() -> None:
    assert is_stamp("11/20/30 6:38 AM") and is_stamp("19.11.2030")
    assert not is_stamp("12/14") and not is_stamp("11/20/30 6:38 AM Share")
    text = "\n".join(
        [
            "Korvik warehouse fire forces 60 from homes",
            "",
            "By Staff Reports -",
            "11/20/30 6:38 AM",
            "Share on Facebook",
            "",
            STORY,
        ]
    )
    (article, *_) = parse_dump(text)
    assert article.title == "Korvik warehouse fire forces 60 from homes"
    assert article.byline == "Staff Reports"
