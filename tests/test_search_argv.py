"""``newsread search`` on the words the shell passes: a word holding a space
was quoted on the command line (the shell took the quotes off), so it is a
phrase or a filter's whole value, not loose words."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsread.model import Article
from newsread.search import parse_query, query_from_argv
from storage.library import Library
from tests.conftest import ROOT

ARTICLES = [
    Article(
        id="wire",
        title="Council budget vote",
        body="The mayor called the harbour scheme an unrealistic plan on Monday.",
        source="Coastal Wire",
        published="2026-11-03",
    ),
    Article(
        id="herald",
        title="Ferry plan questioned",
        body="Critics said the plan was unrealistic; the news came over the wire.",
        source="Coastal Herald",
        published="2026-11-02",
    ),
]


def _search(library: Path, *argv: str) -> list[str]:
    return sorted(hit["article_id"] for hit in json.loads(_run(library, *argv).stdout))


def _run(library: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "search", "--json", "--library", str(library), *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def library(tmp_path: Path) -> Path:
    Library(tmp_path / "lib").save_articles(ARTICLES)
    return tmp_path / "lib"


def test_a_quoted_value_stays_one_value(library: Path) -> None:
    # What the shell passes for: newsread search source:"Coastal Wire"
    assert _search(library, "source:Coastal Wire") == ["wire"]
    # ... and for: newsread search "unrealistic plan"
    assert _search(library, "unrealistic plan") == ["wire"]
    # Separate words still mean each word anywhere.
    assert _search(library, "unrealistic", "plan") == ["herald", "wire"]


def test_a_whole_query_in_one_word_is_read_as_a_query(library: Path) -> None:
    # A script passing "$QUERY": two operators, so not one quoted value.
    assert _search(library, "source:coastal unrealis*") == ["herald", "wire"]
    assert _search(library, "plan source:herald") == ["herald"]


@pytest.mark.parametrize(
    ("argv", "query"),
    [
        (["speaker:Rosa Gruber"], 'speaker:"Rosa Gruber"'),
        (["tag:note test"], 'tag:"note test"'),
        (["SOURCE:  Coastal   Wire "], 'SOURCE:"Coastal Wire"'),
        (["speaker: Rosa Gruber"], 'speaker:"Rosa Gruber"'),
        (["unrealistic plan", "crane"], '"unrealistic plan" crane'),
        (["-unrealistic plan"], '-"unrealistic plan"'),
        (["note: see this"], '"note: see this"'),
        (["https://x.example/a b"], '"https://x.example/a b"'),
        # Already quoted, or several operators: as given.
        (['speaker:"Rosa Gruber" crane'], 'speaker:"Rosa Gruber" crane'),
        (["entity:Rosa tag:check"], "entity:Rosa tag:check"),
        (["harbour -crane"], "harbour -crane"),
        (["harbour cran*"], "harbour cran*"),
        (["cran* harbour"], "cran* harbour"),
        (["well-known plan"], '"well-known plan"'),
        # Filters whose value never holds a space: the filter and a word.
        (["is:annotated seabirds"], "is:annotated seabirds"),
        (["after:2026-11-01 seabirds"], "after:2026-11-01 seabirds"),
        (["before:2026-11 plan"], "before:2026-11 plan"),
        (["label:ORG harbour"], "label:ORG harbour"),
        # One word each: nothing to requote.
        (["speaker:Rosa", "Gruber"], "speaker:Rosa Gruber"),
    ],
)
def test_query_from_argv(argv: list[str], query: str) -> None:
    assert query_from_argv(argv) == query


def test_a_requoted_filter_means_the_whole_name() -> None:
    parsed = parse_query(query_from_argv(["speaker:Rosa Gruber"]))
    assert parsed.speakers == (("rosa", "gruber"),) and not parsed.terms


def test_filters_that_hold_no_space_are_read_with_the_words_after(library: Path) -> None:
    assert _search(library, "after:2026-11-03 unrealistic") == ["wire"]
    # (wire is also a word of the other's source, which is searched too)
    assert _search(library, "is:unannotated news") == ["herald"]


def test_a_quoted_reading_that_finds_nothing_names_the_other(library: Path) -> None:
    done = _run(library, "source:herald wire")
    assert json.loads(done.stdout) == []
    # (The first search also says it builds the index.)
    assert done.stderr.splitlines()[-1] == (
        'read as source:"herald wire" (one argument with a space); '
        "for source:herald and the word wire, pass them as two arguments"
    )
    assert _search(library, "source:herald", "wire") == ["herald"]
    done = _run(library, "plan unrealistic")
    assert done.stderr.startswith('read as "plan unrealistic" (one argument with a space); ')
    assert "for the words plan unrealistic, pass them as two arguments" in done.stderr
    # Found: nothing to say.
    assert _run(library, "source:Coastal Wire").stderr == ""


def test_the_other_reading_is_offered_only_when_it_finds_something(library: Path) -> None:
    # "unrealistic crane" as two words finds nothing either: no hint leading nowhere.
    done = _run(library, "unrealistic crane")
    assert json.loads(done.stdout) == [] and _search(library, "unrealistic", "crane") == []
    assert "pass them as" not in done.stderr


def test_or_in_capitals_is_said_to_be_a_word(library: Path) -> None:
    done = _run(library, "OR ferry")
    assert json.loads(done.stdout) == []
    assert "pass them as" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "OR is searched as a word, not an operator (every word must be found): "
        "search for each word on its own to find the articles with either"
    )
    done = _run(library, "mayor", "NOT", "ferry")
    assert done.stderr.splitlines()[-1].startswith("NOT is searched as a word")
    assert "-word leaves out the articles that have it" in done.stderr
