"""The command line: every command, its arguments and the function that runs it."""

from __future__ import annotations

import argparse

from newsread import __version__
from tui.cli.analysis_commands import add_analysis_options, cmd_analyze
from tui.cli.extract_command import add_parser as add_extract_parser
from tui.cli.feed_commands import add_parser as add_feed_parser
from tui.cli.library_commands import cmd_export, cmd_import, cmd_list, cmd_remove, cmd_tag
from tui.cli.refresh_command import add_parser as add_refresh_parser
from tui.cli.setup_commands import cmd_config, cmd_demo, cmd_doctor, cmd_open


def build_parser() -> argparse.ArgumentParser:
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
    parser.set_defaults(func=cmd_open, library=None, create_library=False)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser(
        "import", parents=common(), help="import files, folders, http(s) URLs or - for stdin"
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--no-analyze", action="store_true", help="skip spaCy analysis of new articles")
    add_analysis_options(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", parents=common(), help="list the library")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("tag", parents=common(), help="tag the first occurrence of a quote")
    p.add_argument("article_id", metavar="ARTICLE_ID")
    p.add_argument("--quote", required=True, metavar="TEXT")
    p.add_argument(
        "--tag",
        required=True,
        action="append",
        metavar="NAME",
        help="tag name (repeat for several)",
    )
    p.add_argument("--note", metavar="TEXT")
    p.set_defaults(func=cmd_tag)

    p = sub.add_parser("export", parents=common(), help="export every annotation as JSON")
    p.add_argument("--format", choices=["json"], default="json")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument(
        "--tag",
        action="append",
        metavar="NAME",
        help="only annotations with this tag (repeat for several)",
    )
    p.add_argument(
        "--article",
        action="append",
        metavar="ARTICLE_ID",
        help="only this article's annotations (repeat for several)",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("remove", parents=common(), help="delete articles from the library")
    p.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID")
    p.add_argument("--yes", action="store_true", help="also when they have annotations")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser(
        "analyze",
        aliases=["analyse"],
        parents=common(),
        help="entities and claims of text files, exactly as given",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per file, per line")
    add_analysis_options(p)
    p.set_defaults(func=cmd_analyze)

    add_extract_parser(sub)
    add_feed_parser(sub, common)
    add_refresh_parser(sub, common)

    p = sub.add_parser(
        "doctor", parents=common(), help="check every library file; --restore repairs"
    )
    p.add_argument(
        "--restore",
        action="store_true",
        help="put back damaged files from their newest good backup, drop damaged caches",
    )
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("config", help="where the config file is, or check it")
    p.add_argument("action", choices=["path", "check"])
    p.set_defaults(func=cmd_config)

    p = sub.add_parser("demo", parents=common(), help="write and import the demo articles")
    p.add_argument(
        "--if-empty",
        action="store_true",
        help="only when the library has no articles yet (what make run does)",
    )
    p.set_defaults(func=cmd_demo)
    return parser
