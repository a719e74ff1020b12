"""The ``newsread`` command: open the app, or import, list, tag, export, analyse.

Split by what the commands touch: ``library_commands`` (articles and
annotations), ``analysis_commands``, ``setup_commands`` (the app, config, demo,
doctor), ``parser`` (the arguments) and ``common`` (output and errors).
"""

from __future__ import annotations

from newsread.config import ConfigError
from storage.atomic import CorruptFileError
from storage.library import LibraryError
from tui.cli.common import CliError, err, say_error
from tui.cli.library_commands import export_document, resolve_article_id
from tui.cli.parser import build_parser

__all__ = ["CliError", "build_parser", "export_document", "main", "resolve_article_id"]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (CliError, ConfigError, LibraryError, CorruptFileError) as exc:
        say_error(str(exc))
        return 2 if isinstance(exc, ConfigError) else 1
    except OSError as exc:
        # Whatever the file system refused that no layer turned into a message
        # yet: still one line naming the file, never a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        say_error(f"{where}{exc.strerror or exc}")
        return 1
    except MemoryError:
        say_error("out of memory (is an input far larger than a news article?)")
        return 1
    except KeyboardInterrupt:
        err.print("newsread: interrupted")
        return 130
    except BrokenPipeError:
        return 0
