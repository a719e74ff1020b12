"""The ``newsread`` command: open the app, or import, list, tag, export, analyse.

Split by what the commands touch: ``library_commands`` (articles and
annotations), ``analysis_commands``, ``setup_commands`` (the app, config, demo,
doctor), ``parser`` (the arguments) and ``common`` (output and errors).

Nothing here imports a command's implementation: the parser names each
command's function and it is imported when dispatched, so ``newsread tag``
does not pay for the feed fetcher, the extractors or spaCy's neighbours.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsread.sanitize import visible
from tui.cli.common import CliError, say_error
from tui.cli.parser import Lazy, build_parser
from tui.cli.search_words import words_last

__all__ = ["CliError", "build_parser", "export_document", "main", "resolve_article_id"]


#: The exit status when the reader of the output left: 128 + SIGPIPE, as the
#: shell reports a command SIGPIPE ended (and 130, 128 + SIGINT, for Ctrl-C).
READER_LEFT = 141

#: Short commands whose work is bounded by the library, never by an input's size.
_NO_CYCLE_COLLECTOR = frozenset({"cmd_tag", "cmd_list", "cmd_export", "cmd_remove"})


def __getattr__(name: str) -> Any:
    # Kept as attributes of tui.cli for callers (the app's export, tests), but
    # loaded only when asked for: see the module docstring.
    if name in ("export_document", "resolve_article_id"):
        from tui.cli import library_commands

        return getattr(library_commands, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _reported() -> tuple[type[BaseException], ...]:
    """The errors a command reports as one line. Imported only after a failure:
    the modules defining them are loaded by then whenever they can be raised."""
    from newsread.config import ConfigError
    from storage.errors import CorruptFileError, LibraryError

    return (CliError, ConfigError, LibraryError, CorruptFileError)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(words_last(parser, sys.argv[1:] if argv is None else argv))
    func = args.func
    pause = isinstance(func, Lazy) and func.name in _NO_CYCLE_COLLECTOR and gc.isenabled()
    if pause:
        # These build hundreds of thousands of objects once (an index, an export)
        # and exit; the cyclic collector would rescan them again and again (a
        # third of an export's time) for cycles they do not make.
        gc.disable()
    try:
        return _run(args)
    finally:
        from tui.cli.common import forget_opened

        forget_opened()
        if pause:
            gc.enable()  # main() is also called in-process (tests, the app's export)


def _run(args: Any) -> int:
    from storage.lock import on_wait

    # Put back after the command: main() also runs inside the app (its export),
    # whose screen a line on stderr would garble.
    before = on_wait(_say_waiting())
    try:
        return _dispatch(args)
    finally:
        on_wait(before)


def _say_waiting() -> Callable[[Path, int | None], None]:
    """Says once that the command waits for the library's lock: behind another
    process's long import it was silent, as if hung."""
    said: list[bool] = []

    def notice(lock: Path, pid: int | None) -> None:
        if said:
            return
        said.append(True)
        who = f"another newsread (pid {pid})" if pid is not None else "another newsread"
        sys.stderr.write(
            f"newsread: waiting for {visible(str(lock.parent))}: {who} is changing it "
            "(Ctrl-C stops)\n"
        )
        sys.stderr.flush()

    return notice


def _dispatch(args: Any) -> int:
    try:
        from tui.cli.common import refuse_empty_paths

        refuse_empty_paths(args)
        done = int(args.func(args) or 0)
        # What is still buffered goes out now, where a reader gone is caught
        # below, not at exit (Python's "Exception ignored ... BrokenPipeError").
        sys.stdout.flush()
        from tui.cli.common import keep_catalogs

        keep_catalogs()
        return done
    except KeyboardInterrupt:
        # A second Ctrl-C while the first is reported still ends with its
        # status, never a traceback.
        with contextlib.suppress(KeyboardInterrupt):
            _say_interrupted()
        return 130
    except BrokenPipeError:
        # The reader of the output left (``| head``): stop quietly, with the
        # status a shell gives a command ended by SIGPIPE, as ``yes | head``.
        # Every command, whatever prints its output (Rich's consoles raise
        # this too: see common._console). Ctrl-C in between (the reader was
        # ``| less``, quit with it) is Ctrl-C's status, not a traceback.
        try:
            _silence_stdout()
        except KeyboardInterrupt:
            return 130
        return READER_LEFT
    except MemoryError:
        say_error("out of memory (is an input far larger than a news article?)")
        return 1
    except Exception as exc:
        if isinstance(exc, _reported()):
            from newsread.config import ConfigError
            from storage.errors import CorruptFileError

            said = str(exc)
            if isinstance(exc, CorruptFileError) and "newsread doctor" not in said:
                # Left as it is, the damaged file blocks this command until
                # repaired: the user needs the way out, not only the fault.
                said += " (newsread doctor says how to repair it)"
            say_error(said)
            return 2 if isinstance(exc, ConfigError) else 1
        if isinstance(exc, OSError):
            # Whatever the file system refused that no layer turned into a message
            # yet: still one line naming the file, never a traceback.
            where = f"{exc.filename}: " if exc.filename else ""
            say_error(f"{where}{exc.strerror or exc}")
            return 1
        raise


def _say_interrupted() -> None:
    """One line on stderr. Ctrl-C ends a pipe's reader too (``2>&1 | grep``):
    the line then has nowhere to go, and the status stays Ctrl-C's, not the
    1 of a broken pipe raised while saying it."""
    from tui.cli.common import err

    try:
        err.print("newsread: interrupted")
    except BrokenPipeError:
        _silence_stdout(sys.stderr)
        _silence_stdout()


def _silence_stdout(stream: Any = None) -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, (stream or sys.stdout).fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's capture): nothing will flush to a pipe
