"""The command line: every command, its arguments and the function that runs it.

The parser is built from argument definitions only: each command's function is
named as ``module:function`` and imported when that command is dispatched.
Importing every command module up front (feeds pull in the HTTP client and
feedparser, import pulls in the extractors) cost ~0.7 s before ``newsread tag``
did anything.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any

from newsread import __version__
from newsread.annotations.formats import FORMATS
from storage.entry_pages import DEFAULT_DAYS, MAX_DAYS

Common = Callable[[], list[argparse.ArgumentParser]]


class Lazy:
    """A command function named by module and attribute, imported when called."""

    def __init__(self, target: str) -> None:
        self.module, self.name = target.split(":")

    def __call__(self, args: argparse.Namespace) -> int | None:
        function = getattr(importlib.import_module(self.module), self.name)
        return function(args)

    def __repr__(self) -> str:
        return f"Lazy({self.module}:{self.name})"


def _lazy(name: str) -> Lazy:
    return Lazy(f"tui.cli.{name}")


def _count_of(value: str, what: str, most: int | None = None) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a number of {what} (1 or more): {value!r}")
    if most is not None and n > most:
        raise argparse.ArgumentTypeError(f"too many {what} (at most {most}): {value!r}")
    return n


def _worker_count(value: str) -> int:
    return _count_of(value, "processes")


def _day_count(value: str) -> int:
    return _count_of(value, "days", MAX_DAYS)


class _PagesDays(argparse.Action):
    """``--pages-days N`` asks for the pages too: alone it was taken and did nothing."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        namespace.pages = True


def _scheduler_address(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty address (tcp://host:8786)")
    return value


def add_analysis_options(parser: argparse.ArgumentParser) -> None:
    """``--workers`` and ``--scheduler``, shared by ``analyze`` and ``import``."""
    parser.add_argument(
        "--workers",
        type=_worker_count,
        metavar="N",
        help="analyse in N processes (default: every core when there is enough text; "
        "1: in this process)",
    )
    parser.add_argument(
        "--scheduler",
        type=_scheduler_address,
        metavar="ADDRESS",
        help="analyse on the Dask cluster at ADDRESS (tcp://host:8786; needs newsread[cluster])",
    )


def add_annotator_option(parser: argparse.ArgumentParser) -> None:
    """``--annotator``, on every command that makes annotations."""
    parser.add_argument(
        "--annotator",
        metavar="NAME",
        help="who the annotations are by (default: the config's annotator, else the login name)",
    )


def build_parser(argv: Sequence[str] | None = None, every: bool = False) -> argparse.ArgumentParser:
    """The parser of every command (``every``); else, given the command line,
    only of the command it names, or of none when it opens the app: each
    command's parser costs ~1-2 ms to build, ~30 ms for all of them, a tenth of
    what ``newsread tag`` may take. ``newsread --help`` and a mistyped command
    still get the whole list."""
    wanted = None if every else _command_named(argv)

    def common() -> list[argparse.ArgumentParser]:
        # A fresh --library per parser: argparse shares action objects between a
        # parent and its children, and a default set on one would then overwrite
        # a --library given before the subcommand.
        shared = argparse.ArgumentParser(add_help=False)
        shared.add_argument(
            "--library",
            metavar="DIR",
            default=argparse.SUPPRESS,
            help="library folder (default: $NEWSREAD_LIBRARY, else the user data dir)",
        )
        shared.add_argument(
            "--create-library",
            action="store_true",
            default=argparse.SUPPRESS,
            help="make a library in a folder that already holds other files",
        )
        return [shared]

    parser = argparse.ArgumentParser(
        prog="newsread",
        description="Read and annotate news in the terminal.",
        parents=common(),
    )
    parser.add_argument("--version", action="version", version=f"newsread {__version__}")
    parser.set_defaults(func=_lazy("setup_commands:cmd_open"), library=None, create_library=False)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, define in _COMMANDS:
        if wanted is None or name == wanted:
            define(sub, common)
    return parser


def _add_extract(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="the articles in files, stdin or URLs, as import would add them (no library)",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="a file, - for stdin, or a URL")
    p.add_argument("--json", action="store_true", help="one JSON object per input, per line")
    p.set_defaults(func=_lazy("extract_command:cmd_extract"))


def _add_feed(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    """``newsread feed ...`` and its actions."""
    feed = sub.add_parser(
        "feed", parents=common(), help="feed subscriptions: add, list, remove, OPML"
    )
    actions = feed.add_subparsers(title="actions", metavar="ACTION", required=True)

    p = actions.add_parser(
        "add", parents=common(), help="subscribe to a feed (fetched once to check it)"
    )
    p.add_argument("url", metavar="URL")
    p.add_argument("--name", metavar="NAME", help="what to call it (default: the feed's title)")
    p.add_argument(
        "--tag",
        action="append",
        metavar="T",
        help="a tag for the feed (repeat for several; commas and slashes separate tags, "
        "as in OPML)",
    )
    p.add_argument(
        "--no-check",
        action="store_true",
        help="subscribe without fetching it now (offline, or its host is down): the next "
        "refresh reads it, and names it by its title unless --name is given",
    )
    p.set_defaults(func=_lazy("feed_commands:cmd_feed_add"))

    p = actions.add_parser(
        "list", parents=common(), help="every feed: URL, last refresh, articles, last error"
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=_lazy("feed_commands:cmd_feed_list"))

    p = actions.add_parser("remove", parents=common(), help="unsubscribe (the articles stay)")
    p.add_argument("feed", metavar="NAME|URL")
    p.set_defaults(func=_lazy("feed_commands:cmd_feed_remove"))

    p = actions.add_parser(
        "import-opml",
        parents=common(),
        help="subscribe to the feeds of an OPML file (or a newsboat urls file)",
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=_lazy("feed_commands:cmd_feed_import_opml"))

    p = actions.add_parser(
        "import-urls", parents=common(), help="subscribe to the feeds of a newsboat urls file"
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=_lazy("feed_commands:cmd_feed_import_urls"))

    p = actions.add_parser("export-opml", parents=common(), help="every feed as OPML 2.0")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=_lazy("feed_commands:cmd_feed_export_opml"))


def _add_refresh(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "refresh", parents=common(), help="fetch every subscribed feed's new articles"
    )
    p.add_argument(
        "--feed", action="append", metavar="NAME", help="only this feed (repeat for several)"
    )
    p.add_argument("--no-analyze", action="store_true", help="skip spaCy analysis of new articles")
    p.add_argument(
        "--pages",
        action="store_true",
        help="also fetch again the linked pages of summary-only entries (conditional GETs; "
        "each feed is then read whole) and update the articles whose page changed",
    )
    p.add_argument(
        "--pages-days",
        type=_day_count,
        action=_PagesDays,
        metavar="N",
        default=DEFAULT_DAYS,
        help=f"--pages for the entries of the last N days only (1 to {MAX_DAYS}; "
        f"default: {DEFAULT_DAYS}); implies --pages",
    )
    p.set_defaults(func=_lazy("refresh_command:cmd_refresh"))


def _cmd_import(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]

    p = sub.add_parser(
        "import", parents=common(), help="import files, folders, http(s) URLs or - for stdin"
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--no-analyze", action="store_true", help="skip spaCy analysis of new articles")
    add_analysis_options(p)
    p.set_defaults(func=_lazy("library_commands:cmd_import"))


def _cmd_list(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("list", parents=common(), help="list the library")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=_lazy("library_commands:cmd_list"))


def _cmd_tag(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("tag", parents=common(), help="tag the first occurrence of a quote")
    p.add_argument("article_id", metavar="ARTICLE_ID")
    p.add_argument("--quote", required=True, metavar="TEXT")
    p.add_argument(
        "--tag",
        required=True,
        action="append",
        metavar="NAME",
        help="tag name (repeat, or separate with commas, for several)",
    )
    p.add_argument("--note", metavar="TEXT")
    add_annotator_option(p)
    p.set_defaults(func=_lazy("library_commands:cmd_tag"))


def _cmd_export(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export", parents=common(), help="export every annotation (JSON, W3C, CSV, spaCy, ...)"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        help="json (default), jsonl, w3c (Web Annotation JSON-LD), csv, spacy (DocBin; "
        "needs -o), doccano, labelstudio; see docs/export-format.md",
    )
    p.add_argument(
        "--with-text",
        action="store_true",
        help="json, jsonl: add each article's body once",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument(
        "--tag",
        action="append",
        metavar="NAME",
        help="only annotations with this tag, rejected suggestions of this label and, "
        "for a claim kind, its claims marked not-a-claim (repeat for several)",
    )
    p.add_argument(
        "--article",
        action="append",
        metavar="ARTICLE_ID",
        help="only this article's annotations (repeat for several)",
    )
    p.add_argument(
        "--annotator",
        action="append",
        metavar="NAME",
        help="only this annotator's annotations and rejections (repeat for several)",
    )
    p.set_defaults(func=_lazy("library_commands:cmd_export"))


def _cmd_import_annotations(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import-annotations",
        parents=common(),
        help="merge annotations from json, jsonl or w3c exports into the library",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--annotator",
        metavar="NAME",
        help="credit the annotations that name no annotator to NAME",
    )
    p.set_defaults(func=_lazy("annotation_commands:cmd_import_annotations"))


def _cmd_agreement(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "agreement",
        parents=common(),
        help="how far annotators agree: span F1, Cohen's kappa, Krippendorff's alpha",
    )
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="json, jsonl or w3c exports (default: the library's annotations)",
    )
    p.add_argument("--tag", action="append", metavar="T", help="only this tag (repeat for several)")
    p.add_argument("--by-article", action="store_true", help="the figures for each article too")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(func=_lazy("annotation_commands:cmd_agreement"))


def _cmd_remove(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("remove", parents=common(), help="delete articles from the library")
    p.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID")
    p.add_argument("--yes", action="store_true", help="also when they have annotations")
    p.set_defaults(func=_lazy("library_commands:cmd_remove"))


def _cmd_search(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "search", parents=common(), help='search the library: words, "phrases", tag:, entity:, ...'
    )
    p.add_argument(
        "query",
        nargs="+",
        metavar="QUERY",
        help='words, "phrases", -left-out words, filters; a query that starts with - '
        "goes after --: newsread search -- -crane (after the first word, -word needs "
        "no --: ferry -crane; every word after -- is a query word). The shell takes "
        "quotes off, so a QUERY holding a space counts as quoted: "
        "'unrealistic plan' is the phrase, "
        'speaker:"Rosa Gruber" the whole name; one holding " or more than one '
        "filter, -word or word* "
        "(a whole query in one string) is read as it is, and so is one starting "
        "with is:, after:, before: or label: (their values hold no space). "
        "When a word so quoted finds nothing, stderr says how to pass its parts "
        "as separate arguments",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N (default 20)")
    p.add_argument(
        "--annotator",
        metavar="NAME",
        help="whose read marks is:read and is:unread follow (default: the config's "
        "annotator, else the login name)",
    )
    p.set_defaults(func=_lazy("search_commands:cmd_search"))


def _cmd_index(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("index", parents=common(), help="bring the search index up to date")
    p.add_argument("--rebuild", action="store_true", help="drop it and build it anew")
    p.add_argument(
        "--background",
        action="store_true",
        help="run at a lower CPU priority (the app builds the index so, and stays responsive)",
    )
    p.set_defaults(func=_lazy("search_commands:cmd_index"))


def _cmd_stats(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("stats", parents=common(), help="the library's figures: tags, time, names")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(func=_lazy("stats_command:cmd_stats"))


def _cmd_analyze(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "analyze",
        aliases=["analyse"],
        parents=common(),
        help="entities and claims of text files exactly as given (of an HTML page: its stories)",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per file, per line")
    add_analysis_options(p)
    p.set_defaults(func=_lazy("analysis_commands:cmd_analyze"))


def _cmd_doctor(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "doctor", parents=common(), help="check every library file; --restore repairs"
    )
    p.add_argument(
        "--restore",
        action="store_true",
        help="put back damaged files from their newest good backup, drop damaged caches",
    )
    p.add_argument(
        "--set-aside",
        action="store_true",
        help="with --restore: move a damaged annotations file that has no good backup "
        "into backups/ (kept, not deleted); its article's annotations start empty",
    )
    p.set_defaults(func=_lazy("setup_commands:cmd_doctor"))


def _cmd_config(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("config", help="where the config file is, or check it")
    p.add_argument("action", choices=["path", "check"])
    p.set_defaults(func=_lazy("setup_commands:cmd_config"))


def _cmd_demo(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", parents=common(), help="write and import the demo articles")
    p.add_argument(
        "--if-empty",
        action="store_true",
        help="only when the library has no articles yet (what make run does)",
    )
    p.set_defaults(func=_lazy("setup_commands:cmd_demo"))


#: Every command in the order ``newsread --help`` lists them, by every name it
#: answers to.
_COMMANDS: list[tuple[str, Callable[[argparse._SubParsersAction, Common], None]]] = [  # type: ignore[type-arg]
    ("import", _cmd_import),
    ("list", _cmd_list),
    ("tag", _cmd_tag),
    ("export", _cmd_export),
    ("import-annotations", _cmd_import_annotations),
    ("agreement", _cmd_agreement),
    ("remove", _cmd_remove),
    ("search", _cmd_search),
    ("index", _cmd_index),
    ("stats", _cmd_stats),
    ("analyze", _cmd_analyze),
    ("extract", _add_extract),
    ("feed", _add_feed),
    ("refresh", _add_refresh),
    ("doctor", _cmd_doctor),
    ("config", _cmd_config),
    ("demo", _cmd_demo),
]
_ALIASES = {"analyse": "analyze"}
#: Options of the top-level parser that take a value (the command comes after it).
_VALUED = frozenset({"--library"})


def _command_named(argv: Sequence[str] | None) -> str | None:
    """The command the command line names; "" when it has only options (the
    app opens: no command's parser is needed, ~10 ms of its first screen); None
    when every command's parser is (--help, --version, a typo, a stray word)."""
    args = sys.argv[1:] if argv is None else list(argv)
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg == "--":
            return None
        if arg in ("-h", "--help", "--version"):
            return None  # the top-level help, which lists every command
        if arg.startswith("-"):
            skip = arg in _VALUED
            continue
        name = _ALIASES.get(arg, arg)
        return name if any(name == known for known, _ in _COMMANDS) else None
    return ""
