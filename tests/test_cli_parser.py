"""The command line parser is built for the command being run only, yet every
command line parses as it would against the whole parser."""

from __future__ import annotations

import argparse

import pytest

from tui.cli.parser import _command_named, build_parser


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["tag", "a1", "--quote", "x", "--tag", "t"], "tag"),
        (["--library", "tag", "list"], "list"),  # a library folder called "tag"
        (["--library=/x", "export"], "export"),
        (["analyse", "f.txt"], "analyze"),
        (["feed", "list"], "feed"),
        ([], ""),  # the app: no command's parser
        (["--library", "/x"], ""),
        (["--library", "/x", "--create-library"], ""),
        (["--help"], None),
        (["--version"], None),
        (["--library", "/x", "stray"], None),
        (["-h", "tag"], None),
        (["tga"], None),
        (["--", "tag"], None),
    ],
)
def test_the_command_named(argv, named):
    assert _command_named(argv) == named


def _parsed(parser: argparse.ArgumentParser, argv: list[str]) -> dict:
    """The parse, its command function by name (each parse makes its own)."""
    found = vars(parser.parse_args(argv))
    return {**found, "func": repr(found["func"])}


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(action.choices)


def test_only_the_named_command_is_built_and_it_parses_as_the_whole_parser_does():
    argv = ["--library", "/lib", "tag", "a1", "--quote", "q", "--tag", "x", "--tag", "y"]
    only = build_parser(argv)
    assert _subcommands(only) == ["tag"]
    whole = build_parser(every=True)
    assert "tag" in _subcommands(whole) and len(_subcommands(whole)) > 10
    assert _parsed(only, argv) == _parsed(whole, argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "--no-analyze", "a.json", "b.html"],
        ["export", "--format", "csv", "-o", "out.csv", "--tag", "t"],
        ["analyse", "--json", "f.txt"],
        ["feed", "add", "http://127.0.0.1/feed.xml", "--name", "n"],
        ["refresh", "--feed", "n"],
        ["search", "tag:x", "--limit", "5"],
    ],
)
def test_every_kind_of_command_line_parses_alike(argv):
    assert _parsed(build_parser(argv), argv) == _parsed(build_parser(every=True), argv)


@pytest.mark.parametrize("argv", [[], ["--library", "/lib"], ["--create-library", "--library=/l"]])
def test_opening_the_app_builds_no_command_and_parses_as_the_whole_parser_does(argv):
    assert _subcommands(build_parser(argv)) == []
    assert _parsed(build_parser(argv), argv) == _parsed(build_parser(every=True), argv)


def test_help_and_version_still_list_every_command(capsys):
    with pytest.raises(SystemExit):
        build_parser(["--help"]).parse_args(["--help"])
    assert "export" in capsys.readouterr().out
    assert len(_subcommands(build_parser(["--version"]))) > 10


def test_a_mistyped_command_is_told_the_whole_list(capsys):
    with pytest.raises(SystemExit):
        build_parser(["tga"]).parse_args(["tga"])
    assert "'tag'" in capsys.readouterr().err
