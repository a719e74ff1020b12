"""``newsread search``'s query words, ``-word`` exclusions among them.

argparse takes every ``-word`` for an option, so ``newsread search ferry
-Dunmore`` failed as an unrecognized argument, and a query word after an
option (``ferry --limit 1 harbour``) was left over, as nargs="+" takes one
run of words. Once a query word has been given, a ``-word`` that is none of
the command's options is a query word too (only a query that starts with one
needs ``--``): the command line is handed to argparse with the options first
and every query word, in order, after a ``--``.
"""

from __future__ import annotations

import argparse
import re
import shlex
from collections.abc import Callable, Sequence

__all__ = ["words_last"]

#: What argparse reads as a negative number, hence as a query word.
_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return parser._option_string_actions  # noqa: SLF001 - argparse keeps them only here


def _command(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser | None:
    for action in parser._actions:  # noqa: SLF001
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            found = action.choices.get(name)
            return found if isinstance(found, argparse.ArgumentParser) else None
    return None


def _takes_value(options: dict[str, argparse.Action], token: str) -> bool:
    """Whether option ``token`` reads the next argument as its value."""
    if "=" in token:
        return False
    if token in options:
        return options[token].nargs != 0
    if token.startswith("--"):
        # argparse accepts an unambiguous prefix (--lim 5).
        named = [action for option, action in options.items() if option.startswith(token)]
        return bool(named) and all(action.nargs != 0 for action in named)
    return False


def words_last(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """``argv`` of a search with its options first and its query words after
    ``--``; any other command line as it is."""
    given = list(argv)
    top = _options(parser)
    at = 0
    while at < len(given) and given[at].startswith("-") and given[at] != "--":
        at += 2 if _takes_value(top, given[at]) else 1
    if at >= len(given) or given[at] != "search" or _command(parser, "search") is None:
        return given
    options = _options(_command(parser, "search"))  # type: ignore[arg-type]

    def leading(token: str, flags: list[str], rest: list[str]) -> None:
        if _looks_like_a_word(token):
            _refuse_leading_word(parser, given, at, flags, token, rest)

    flags, words = _options_and_words(options, given[at + 1 :], leading)
    if not words:
        return given
    return [*given[: at + 1], *flags, "--", *words]


def _options_and_words(
    options: dict[str, argparse.Action],
    tokens: list[str],
    leading: Callable[[str, list[str], list[str]], None] | None = None,
) -> tuple[list[str], list[str]]:
    """``tokens`` split into the options (with their values) and the query
    words, in order; every token after ``--`` is a word. A ``-token`` met
    before any word is handed to ``leading`` (with the options so far and the
    tokens after it), then kept among the options for argparse to judge;
    without ``leading`` it is a word."""
    flags: list[str] = []
    words: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token == "--":
            words += tokens[i:]
            break
        if token in options or token.startswith("--"):
            flags.append(token)
            if _takes_value(options, token) and i < len(tokens):
                flags.append(tokens[i])
                i += 1
        elif (
            leading is not None
            and not words
            and token.startswith("-")
            and len(token) > 1
            and not _NUMBER.match(token)
        ):
            leading(token, flags, tokens[i:])
            flags.append(token)  # no query word yet: argparse says what is wrong
        else:
            words.append(token)
    return flags, words


def _looks_like_a_word(token: str) -> bool:
    """Whether a ``-token`` before any query word reads as a left-out word
    (``-Dunmore``) rather than a mistyped option: one letter (``-j``) or a
    ``--name`` is left to argparse's own message."""
    return len(token) > 2 and token[1] != "-" and (token[1].isalnum() or token[1] == '"')


def _refuse_leading_word(
    parser: argparse.ArgumentParser,
    given: list[str],
    at: int,
    flags: list[str],
    token: str,
    rest: list[str],
) -> None:
    """Exit with the usage error saying where the query's leading ``-word``
    goes: argparse alone said only "unrecognized arguments", with no hint
    that ``--`` is the way."""
    options = _options(_command(parser, "search"))  # type: ignore[arg-type]
    later, words = _options_and_words(options, rest)
    words = [token, *words]
    fixed = shlex.join(["newsread", *given[: at + 1], *flags, *later, "--", *words])
    search = _command(parser, "search")
    assert search is not None  # words_last only calls this for a search
    search.error(f"a query that starts with {token} goes after --: {fixed}")
