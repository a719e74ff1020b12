"""What every command shares: consoles that never pass an escape sequence to
the terminal, one-line errors, and the library and config a command opens."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsread.sanitize import json_for_terminal, visible

if TYPE_CHECKING:
    from rich.console import Console

    from newsread.config import Config
    from storage.library import Library


def _console(stderr: bool = False) -> Console:
    """A console that never lets an escape sequence from a title or a path reach
    the terminal: a net under the literal ``Text`` every printer below builds,
    for strings printed elsewhere as markup."""
    from rich.console import (
        Console,
        ConsoleOptions,
        ConsoleRenderable,
        RenderableType,
        RenderHook,
        RenderResult,
    )
    from rich.segment import Segment

    class _Visible:
        """A renderable drawn with visible stand-ins for control characters."""

        def __init__(self, renderable: RenderableType) -> None:
            self.renderable = renderable

        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            for segment in console.render(self.renderable, options):
                # Control segments are Rich's own cursor moves (progress bars): kept.
                yield segment if segment.control else Segment(visible(segment.text), segment.style)

    class _VisibleHook(RenderHook):
        def process_renderables(
            self, renderables: list[ConsoleRenderable]
        ) -> list[ConsoleRenderable]:
            return [_Visible(r) for r in renderables]

    console = Console(stderr=stderr)
    # Into a pipe or a file, a line is not folded at Rich's 80 columns: an id
    # folded onto a line of its own was lost to grep. Tables keep their width.
    console.soft_wrap = not console.is_terminal
    console.push_render_hook(_VisibleHook())
    # Rich's own handling exits with status 1 at once; raised, the reader
    # leaving ends every command the same way, whatever prints (tui.cli._run).
    console.on_broken_pipe = _reader_left  # type: ignore[method-assign]
    return console


def _reader_left() -> None:
    raise BrokenPipeError


_consoles: dict[str, Console] = {}


def __getattr__(name: str) -> Any:
    # ``out`` and ``err`` are made when first used: Rich's console costs ~50 ms
    # to import, which a command that prints one plain line need not pay.
    if name in ("out", "err"):
        if name not in _consoles:
            _consoles[name] = _console(stderr=name == "err")
        return _consoles[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def echo(line: str) -> None:
    """Print a line holding user or file text: literal, never markup."""
    from tui.widgets.shown import shown

    __getattr__("out").print(shown(line))


def say_error(message: str) -> None:
    """One plain line on stderr: Rich would wrap long paths over several lines."""
    sys.stderr.write(f"newsread: error: {visible(message)}\n")
    sys.stderr.flush()


def say_warning(message: str) -> None:
    """One plain line on stderr for what went through but deserves a look."""
    sys.stderr.write(f"newsread: warning: {visible(message)}\n")
    sys.stderr.flush()


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


#: The arguments naming files, folders or addresses, by their argparse name,
#: with what to give instead of an empty one.
_PATH_ARGUMENTS = {
    "paths": ("PATH", "empty path; give a file, a folder, a URL or - for stdin"),
    "inputs": ("INPUT", "empty path; give a file, a URL or - for stdin"),
    "files": ("FILE", "empty path; give a file"),
    "file": ("FILE", "empty path; give a file"),
    "output": ("-o", "empty path; give a file name, or - for stdout"),
    "url": ("URL", "empty address; give the feed's http(s):// address"),
}


def refuse_empty_paths(args: argparse.Namespace) -> None:
    """Refuse an empty path before anything is read or written, as ``--library ''``
    is refused: an unset "$VAR" gives one, and Path("") is the current folder
    (``import ''`` imported it whole, ``export -o ''`` wrote to stdout)."""
    for name, (shown, why) in _PATH_ARGUMENTS.items():
        given = getattr(args, name, None)
        values = given if isinstance(given, list) else [given]
        if any(isinstance(v, str) and not v.strip() for v in values):
            raise CliError(f"{shown}: {why}")


def write_output(
    output: str | None,
    text: str,
    summary: str,
    for_stdout: Callable[[str], str] = json_for_terminal,
) -> None:
    """``text`` to the file ``-o`` named (see write_named_file; ``summary`` then
    says what was written), or to stdout through ``for_stdout``."""
    from storage.atomic import write_named_file

    if output and output != "-":
        target = Path(output)
        if target.is_dir():
            raise CliError(f"{target}: is a folder; give a file name")
        write_named_file(target, text.encode("utf-8"))  # a WriteError names the file and why
        __getattr__("err").print(f"{summary} to {target}", markup=False)
    else:
        # JSON by default: the same data with C1 and bidi characters as \u
        # escapes, which a terminal would otherwise act on.
        sys.stdout.write(for_stdout(text))


def open_library(args: argparse.Namespace, existing: bool = False) -> Library:
    """The library the command names (--library, else the environment, else the default).

    ``existing``: the command only reads or changes what a library holds
    (list, export, tag, import-annotations, ...). A folder the user named that is no library yet
    is then refused, not made one: a mistyped ``--library`` would otherwise
    leave a new empty library behind and say it is empty. The default
    library (newsread's own data folder) is made as always.
    """
    import os

    from storage.library import Library
    from storage.paths import LIBRARY_MARKER, check_library_dir, library_dir

    given = getattr(args, "library", None)
    create = getattr(args, "create_library", False)  # the user's word: make one here
    root = check_library_dir(library_dir(given), create)
    named = given or os.environ.get("NEWSREAD_LIBRARY")
    if existing and named and not create and not (root / LIBRARY_MARKER).exists():
        raise CliError(
            f"{root}: no newsread library here (newsread import PATH --library {root} makes one)"
        )
    library = Library(root)
    from storage.catalog import index_stamp

    _opened.append((library, index_stamp(root)))
    return library


#: The libraries this command opened, with their index's stamp then.
_opened: list[tuple[Library, tuple[int, int, int, int]]] = []


def forget_opened() -> None:
    """A command that failed leaves its libraries to the app's next load."""
    _opened.clear()


def keep_catalogs() -> None:
    """After a command: the catalog of each small library it changed saved for
    the app's next start (storage.catalog.keep_small), which then draws the
    titles before Textual is even imported. A command that changed nothing
    costs a stat; one that cannot save leaves the app to make the catalog."""
    from storage.catalog import keep_small
    from storage.errors import LibraryError

    while _opened:
        library, since = _opened.pop()
        with contextlib.suppress(LibraryError, OSError):
            keep_small(library.root, library.lock, since)


def user_config() -> Config:
    from newsread.config import load_config
    from storage.paths import config_path

    return load_config(config_path())


def command_annotator(args: argparse.Namespace) -> str:
    """Who the annotations a command makes are by: ``--annotator``, else the
    config's ``annotator``, else the login name."""
    from newsread.config import annotator_name, annotator_problem

    given = getattr(args, "annotator", None)
    if given is not None:
        why = annotator_problem(given)
        if why is not None:
            raise CliError(f"--annotator {why}")
        return annotator_name(None, given)
    return config_annotator()


def config_annotator() -> str:
    """The user running the command: the config's ``annotator``, else the
    login name (who a journal step is by, whatever ``--annotator`` credits)."""
    from newsread.config import annotator_name

    # Read only when needed: a bad config is then reported rather than the
    # annotations credited to the login name behind the user's back.
    return annotator_name(user_config())
