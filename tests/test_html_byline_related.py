"""HTML pages: a plain "By Name" paragraph is the byline, and a list of links
under a "Read more" label after the story leaves the body."""

from __future__ import annotations

import pytest

from newsread.ingest.furniture import reasons as why
from newsread.ingest.html import cut_related_list, drop_byline, extract_html

STORY = [
    "The ferry company of Osterwick said on Monday it would order two electric ships "
    "for the crossing to the islands, to sail from the spring of 2029.",
    '"Diesel on this route is coming to an end," chief executive Mirja Holm told reporters. '
    '"The islanders asked us for this for years."',
    "The ships will cost 38 million euros each. The province has promised to pay a third "
    "of the cost, the company said.",
    "Fishermen on the islands said they feared the new quay would take their moorings.",
    "The company said it would meet them next week.",
]
LINKS = ["Island school gets a new roof", "Storm closes the coast road: what it means for you"]


def _page(top: str, bottom: str, author: str = "") -> str:
    meta = f'<meta name="author" content="{author}">' if author else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>Ferry company orders electric ships</title>{meta}</head><body>"
        "<header><a>Subscribe</a><a>Log in</a></header><article>"
        f"<h1>Ferry company orders electric ships</h1>{top}{paragraphs}{bottom}"
        "</article></body></html>"
    )


READ_MORE = "<div><p>Read more:</p><ul>" + "".join(f"<li>{x}</li>" for x in LINKS) + "</ul></div>"


def test_plain_byline_paragraph_is_the_byline() -> None:
    (article,) = extract_html(_page("<p>By Lotte Brandvik</p>", "")).articles
    assert article.byline == "Lotte Brandvik"
    assert article.body.startswith("The ferry company of Osterwick")
    assert "By Lotte Brandvik" in article.removed
    assert [c.reason for c in article.cuts if c.text == "By Lotte Brandvik"] == [why.BYLINE]


def test_the_pages_own_author_wins_over_the_byline_paragraph() -> None:
    page = _page("<p>By Lotte Brandvik</p>", "", author="Lotte Brandvik-Aas")
    (article,) = extract_html(page).articles
    assert article.byline == "Lotte Brandvik-Aas"
    assert "By Lotte" not in article.body


def test_read_more_list_after_the_story_leaves_the_body() -> None:
    (article,) = extract_html(_page("", READ_MORE)).articles
    assert article.body.endswith("The company said it would meet them next week.")
    for link in LINKS:
        assert link not in article.body
        # Once: the rule's cut, not again as a page block.
        assert sum(link in text for text in article.removed) == 1
    assert {c.reason for c in article.cuts if "Island school" in c.text} == {why.RELATED}


def test_rules_on_paragraphs() -> None:
    paragraphs = ["By Lotte Brandvik", *STORY, "Read more:", *[f"- {x}" for x in LINKS]]
    kept, cut = drop_byline(paragraphs, "")
    assert cut == ["By Lotte Brandvik"] and kept == paragraphs[1:]
    kept, cut = cut_related_list(paragraphs, "")
    assert kept == paragraphs[: 1 + len(STORY)]
    assert cut == ["Read more:", *[f"- {x}" for x in LINKS]]


@pytest.mark.parametrize(
    "paragraphs",
    [
        # A sentence that opens with "By" is story text.
        ["By the time the last ferry left, the quay was empty.", *STORY],
        # Far down the story a byline-shaped line is not the byline.
        [*STORY[:3], "By Lotte Brandvik", *STORY[3:]],
    ],
)
def test_byline_rule_leaves_story_text(paragraphs: list[str]) -> None:
    assert drop_byline(paragraphs, "") == (paragraphs, [])


@pytest.mark.parametrize(
    "paragraphs",
    [
        # A heading in the story with the story going on under it.
        [*STORY[:3], "More on this", "- Island school gets a new roof", *STORY[3:]],
        # Sentences under the label are a teaser's or the story's, not links.
        [*STORY, "Related", "The islanders voted for the plan in May. It passed by 60 votes."],
        # The label alone, or nothing of the story before it.
        [*STORY, "Read more:"],
        ["Read more:", *[f"- {x}" for x in LINKS]],
    ],
)
def test_related_rule_leaves_the_story(paragraphs: list[str]) -> None:
    assert cut_related_list(paragraphs, "") == (paragraphs, [])
