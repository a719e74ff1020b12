"""``newsread search`` with ``-word`` exclusions after the first query word
and options among the words: only a query that starts with ``-word`` needs
``--``, and every word after ``--`` is a query word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsread.model import Article
from storage.library import Library
from tui.cli import build_parser, main
from tui.cli.search_words import words_last

ARTICLES = [
    Article(id="isle", title="Ferry to Kilbrannan", body="The ferry to Kilbrannan sailed late."),
    Article(id="town", title="Ferry fares", body="The ferry fares rise in spring."),
    Article(id="rail", title="Tram fares", body="Tram fares fall."),
]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    Library(tmp_path / "lib").save_articles(ARTICLES)
    return tmp_path / "lib"


def found(capsys, library: Path, *argv: str) -> list[str]:
    capsys.readouterr()
    assert main(["search", "--json", "--library", str(library), *argv]) == 0
    return sorted(hit["article_id"] for hit in json.loads(capsys.readouterr().out))


def test_a_left_out_word_after_the_first_needs_no_double_dash(capsys, library: Path) -> None:
    assert found(capsys, library, "ferry", "-Kilbrannan") == ["town"]
    assert found(capsys, library, "fares", "-tram", "-Kilbrannan") == ["town"]
    # Options still count as options among the words, before or after them.
    assert found(capsys, library, "ferry", "-Kilbrannan", "--limit", "1") == ["town"]
    assert found(capsys, library, "ferry", "--limit", "5", "-Kilbrannan") == ["town"]
    assert found(capsys, library, "ferry", "--limit=5", "fares") == ["town"]
    # One that starts the query still goes after --.
    assert found(capsys, library, "--", "-Kilbrannan", "fares") == ["rail", "town"]


def test_a_query_starting_with_a_left_out_word_and_unknown_options_are_refused(
    capsys, library: Path
) -> None:
    for argv, wrong in (
        (["ferry", "--bogus"], "--bogus"),
        (["-j", "ferry"], "-j"),
    ):
        with pytest.raises(SystemExit) as stopped:
            main(["search", "--library", str(library), *argv])
        assert stopped.value.code == 2
        assert f"unrecognized arguments: {wrong}" in capsys.readouterr().err


def test_words_after_double_dash_are_query_words_options_too() -> None:
    argv = ["search", "ferry", "--", "-Kilbrannan", "--limit", "1"]
    parsed = build_parser(argv).parse_args(words_last(build_parser(argv), argv))
    assert parsed.query == ["ferry", "-Kilbrannan", "--limit", "1"] and parsed.limit == 20
    argv = ["--library", "x", "search", "ferry", "-h2", "--json", "-7", "--limit", "-3"]
    parsed = build_parser(argv).parse_args(words_last(build_parser(argv), argv))
    assert parsed.query == ["ferry", "-h2", "-7"] and parsed.json and parsed.limit == -3
    # Other commands' lines are handed on as they are.
    assert words_last(build_parser(["list", "-x"]), ["list", "-x"]) == ["list", "-x"]


def test_a_query_starting_with_a_left_out_word_is_told_to_go_after_double_dash(
    capsys, library: Path
) -> None:
    # argparse alone said "unrecognized arguments: -Kilbrannan", with no hint.
    with pytest.raises(SystemExit) as stopped:
        main(["search", "-Kilbrannan", "ferry"])
    assert stopped.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == (
        "newsread search: error: a query that starts with -Kilbrannan goes after --: "
        "newsread search -- -Kilbrannan ferry"
    )
    # The command it gives keeps the options, and runs.
    argv = ["--library", str(library), "search", "--json", "-Kilbrannan", "ferry"]
    with pytest.raises(SystemExit):
        main([*argv, "--limit", "5", "fares"])
    said = capsys.readouterr().err.strip().splitlines()[-1]
    fixed = said.split("goes after --: ", 1)[1]
    assert fixed == (
        f"newsread --library {library} search --json --limit 5 -- -Kilbrannan ferry fares"
    )
    assert main(fixed.split()[1:]) == 0
    assert [hit["article_id"] for hit in json.loads(capsys.readouterr().out)] == ["town"]
