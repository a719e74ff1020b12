"""The ``newsread`` command: open the app, or import, list, tag, export, analyse."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    RenderableType,
    RenderHook,
    RenderResult,
)
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from newsread import __version__
from newsread.config import Config, ConfigError, load_config
from newsread.ingest.sources import decode_text, shown_origin
from newsread.sanitize import json_for_terminal, visible
from storage.atomic import CorruptFileError, atomic_write_text
from storage.library import Library, LibraryError
from storage.paths import check_library_dir, config_path, library_dir
from tui.widgets.shown import shown
from tui.wording import plural


class _Visible:
    """A renderable drawn with visible stand-ins for control characters."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            # Control segments are Rich's own cursor moves (progress bars): kept.
            yield segment if segment.control else Segment(visible(segment.text), segment.style)


class _VisibleHook(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Visible(r) for r in renderables]


def _console(stderr: bool = False) -> Console:
    """A console that never lets an escape sequence from a title or a path reach
    the terminal: a net under the literal ``Text`` every printer below builds,
    for strings printed elsewhere as markup."""
    console = Console(stderr=stderr)
    console.push_render_hook(_VisibleHook())
    return console


out = _console()
err = _console(stderr=True)


def echo(line: str) -> None:
    """Print a line holding user or file text: literal, never markup."""
    out.print(shown(line))


def say_error(message: str) -> None:
    """One plain line on stderr: Rich would wrap long paths over several lines."""
    sys.stderr.write(f"newsread: error: {visible(message)}\n")
    sys.stderr.flush()


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


def _library(args: argparse.Namespace) -> Library:
    root = check_library_dir(
        library_dir(getattr(args, "library", None)), getattr(args, "create_library", False)
    )
    return Library(root)


def _config() -> Config:
    return load_config(config_path())


# -- open ----------------------------------------------------------------------------------


def cmd_open(args: argparse.Namespace) -> int:
    from tui.app import NewsreadApp, run_app
    from tui.keymap import canonical_keymap, check_config

    streams = (sys.stdin, sys.stdout, sys.stderr)
    if not all(stream is not None and stream.isatty() for stream in streams):
        # Textual would wait for keys that never come, or draw into a pipe or file
        # (it draws on stderr, so that one must be the terminal too).
        say_error(
            "the app needs a terminal (stdin, stdout and stderr); without one, use the "
            "commands: newsread --help, newsread list, newsread import PATH..."
        )
        return 2
    config, problems, pipeline = check_config(config_path(), NewsreadApp)
    for problem in problems:
        say_error(problem)
    if problems:
        return 2
    if pipeline:
        # Not fatal: load_pipeline falls back to the next installed pipeline.
        sys.stderr.write(f"newsread: warning: {pipeline}\n")
    # Textual compares key names exactly: "shift+ctrl+x" must reach it as ctrl+shift+x.
    config.keys = canonical_keymap(config.keys)
    run_app(check_library_dir(library_dir(args.library), args.create_library), config)
    return 0


# -- import --------------------------------------------------------------------------------


def _analyse_with_progress(library: Library, articles: list, config: Config) -> None:
    from newsread.analysis.pipeline import PipelineError, load_pipeline
    from storage.analyses import analyze_missing

    if not articles:
        return
    try:
        with err.status("loading the spaCy pipeline…"):
            loaded = load_pipeline(config.pipeline)
    except PipelineError as exc:
        err.print(Text.assemble(("not analysed: ", "yellow"), visible(str(exc))))
        return
    columns = (
        TextColumn("analysing with " + loaded.describe()),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task("analyse", total=len(articles))
        analyze_missing(library, articles, loaded, advance=lambda n: progress.advance(task, n))


def cmd_import(args: argparse.Namespace) -> int:
    from storage.imports import import_paths

    library = _library(args)
    stdin = sys.stdin if "-" in args.paths else None
    summary, fresh = import_paths(library, args.paths, stdin=stdin)
    if fresh and not args.no_analyze:
        _analyse_with_progress(library, fresh, _config())
    out.print(
        Text.assemble(
            (f"{len(summary.added)} added", "green"),
            ", ",
            (f"{len(summary.updated)} updated", "cyan"),
            f", {len(summary.unchanged)} unchanged, "
            f"{len(summary.duplicates)} skipped as duplicates, ",
            (f"{plural(len(summary.rejected), 'file')} rejected", "red"),
        )
    )
    for title, existing in summary.duplicates:
        echo(f"  duplicate: {title!r} is already in the library as {existing}")
    if summary.orphaned:
        lost = plural(summary.orphaned, "annotation")
        out.print(shown(f"  {lost} could not be placed in the new text", "yellow"))
    for origin, reason in summary.rejected:
        # One line per input, whatever its name holds (newlines, bad bytes).
        sys.stderr.write(f"rejected {shown_origin(origin)}: {visible(reason)}\n")
    return (
        1 if summary.rejected and not (summary.added or summary.updated or summary.unchanged) else 0
    )


# -- list ----------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    library = _library(args)
    metas = library.article_metas()
    counts, _, damaged = library.annotation_report()
    if args.json:
        rows = []
        for m in metas:
            row = {
                "id": m["id"],
                "title": m["title"],
                "source": m.get("source", ""),
                "published": m.get("published", ""),
                # null, not 0, when the annotations file cannot be read
                "annotations": None if m["id"] in damaged else counts.get(m["id"], 0),
            }
            if m["id"] in damaged:
                row["problem"] = damaged[m["id"]]
            rows.append(row)
        print(json_for_terminal(json.dumps(rows, ensure_ascii=False, indent=2)))
        return 0
    if not metas:
        out.print("The library is empty. Add articles with: newsread import PATH...")
        return 0
    table = Table(show_lines=False)
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("title")
    table.add_column("source")
    table.add_column("published")
    table.add_column("annotations", justify="right")
    for m in metas:
        table.add_row(
            shown(m["id"]),
            shown(m["title"]),
            shown(m.get("source", "")),
            shown(m.get("published", "")),
            "unreadable" if m["id"] in damaged else str(counts.get(m["id"], 0)),
        )
    out.print(table)
    for article_id in damaged:
        if article_id in {m["id"] for m in metas}:
            say_error(f"cannot read annotations: {visible(damaged[article_id])}")
    return 1 if damaged else 0


# -- tag -----------------------------------------------------------------------------------


MIN_ID_PREFIX = 4


def resolve_article_id(library: Library, given: str) -> str:
    """The article id ``given`` names: the whole id, or a unique prefix of at least
    four characters (shorter ones would match articles the user never meant)."""
    given = given.strip()
    if not given:
        raise CliError("empty article id (see: newsread list)")
    ids = library.article_ids()
    if given in ids:
        return given
    if len(given) < MIN_ID_PREFIX:
        raise CliError(
            f"article id {given!r} is too short: give at least {MIN_ID_PREFIX} characters"
        )
    matches = sorted(i for i in ids if i.startswith(given))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CliError(f"article id {given!r} is ambiguous: {', '.join(matches[:5])}")
    raise CliError(f"no article with id {given!r} (see: newsread list)")


def cmd_tag(args: argparse.Namespace) -> int:
    from storage.edits import tag_quote
    from storage.history import History

    library = _library(args)
    names = [n.strip() for n in args.tag if n.strip()]
    if not names:
        raise CliError("--tag needs a non-empty name")
    article_id = resolve_article_id(library, args.article_id)
    # One transaction: the text is read, the quote found and the tag written
    # under one hold of the lock, so a re-import cannot slip in between.
    result = tag_quote(library, History(library), article_id, args.quote, names, args.note or "")
    ann = result.annotation
    assert ann is not None
    verb = "added to annotation" if result.merged else "annotation"
    echo(f"{verb} {ann.id}: [{', '.join(ann.tags)}] at {ann.start}–{ann.end} in {article_id}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    library = _library(args)
    ids = list(dict.fromkeys(resolve_article_id(library, given) for given in args.article_ids))
    counts, _, damaged = library.annotation_report()
    notes = sum(counts.get(i, 0) for i in ids)
    unreadable = [i for i in ids if i in damaged]
    if (notes or unreadable) and not args.yes:
        what = plural(notes, "annotation")
        if unreadable:
            what += f" (and the unreadable annotations of {plural(len(unreadable), 'article')})"
        raise CliError(
            f"{what} would be deleted with {plural(len(ids), 'article')}; "
            "add --yes to delete them"
        )
    removed = library.delete_articles(ids)
    out.print(f"removed {plural(removed, 'article')} and {plural(notes, 'annotation')}")
    return 0


# -- export --------------------------------------------------------------------------------


def export_document(
    library: Library,
    tags: list[str] | None = None,
    article_ids: list[str] | None = None,
    damaged: list[str] | None = None,
) -> dict[str, Any]:
    """Every annotation, or those with one of ``tags`` / in ``article_ids``.

    With ``damaged`` given, articles whose files cannot be read are listed there
    and left out; without it the first one raises.
    """
    from newsread.annotations.export import build_export

    wanted_tags = set(tags or [])
    wanted_ids = set(article_ids or [])

    def keep(article_id: str) -> bool:
        return not wanted_ids or article_id in wanted_ids

    items = (
        (article, [a for a in anns if not wanted_tags or wanted_tags & set(a.tags)])
        for article, anns in library.iter_annotated(damaged)
        if keep(article.id)
    )
    rejected = ((a, r) for a, r in library.iter_rejected(damaged) if keep(a.id))
    return build_export(((a, n) for a, n in items if n), rejected)


def cmd_export(args: argparse.Namespace) -> int:
    library = _library(args)
    ids = [resolve_article_id(library, given) for given in args.article or []]
    damaged: list[str] = []
    document = export_document(library, args.tag, ids, damaged)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if args.output and args.output != "-":
        target = Path(args.output)
        if target.is_dir():
            raise CliError(f"{target}: is a folder; give a file name")
        try:
            atomic_write_text(target, text)
        except OSError as exc:
            raise CliError(f"{target}: cannot write ({exc.strerror})") from exc
        count = len(document["annotations"])
        err.print(f"wrote {plural(count, 'annotation')} to {target}", markup=False)
    else:
        # Same JSON data, with C1 and bidi characters as \u escapes: a terminal
        # would act on them.
        sys.stdout.write(json_for_terminal(text))
    for problem in damaged:
        say_error(f"not exported: {problem}")
    return 1 if damaged else 0


# -- analyze -------------------------------------------------------------------------------


def _read_for_analysis(path: str) -> str:
    """The text of one file, or of stdin for ``-``, read and decoded as an import
    reads it (same size limit, no waiting on a FIFO) but keeping a leading BOM."""
    from newsread.ingest.sources import UnreadableInput, read_path, read_stream, shown_origin

    name = "stdin" if path == "-" else shown_origin(path)
    try:
        if path != "-":
            data = read_path(Path(path))
        elif sys.stdin is None:
            raise UnreadableInput("standard input is not available")
        else:
            data = read_stream(sys.stdin)
        # Offsets must count every decoded character, so a BOM stays in the text.
        return decode_text(data, keep_bom=True)
    except (UnreadableInput, ValueError) as exc:
        raise CliError(f"{name}: {exc}") from exc


def cmd_analyze(args: argparse.Namespace) -> int:
    from newsread.analysis import analyze_texts
    from newsread.analysis.pipeline import PipelineError, load_pipeline

    texts: list[tuple[str, str]] = []
    failed = 0
    for path in args.files:
        try:
            texts.append((path, _read_for_analysis(path)))
        except CliError as exc:
            say_error(str(exc))
            failed += 1
    if texts:
        try:
            loaded = load_pipeline(_config().pipeline)
        except PipelineError as exc:
            raise CliError(str(exc)) from exc
        analyses = analyze_texts((t for _, t in texts), loaded)
        for (path, text), analysis in zip(texts, analyses, strict=True):
            # A name with bytes that are not UTF-8 cannot be written as it is.
            printable = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            if args.json:
                line = json.dumps({"path": printable, **analysis.to_dict()}, ensure_ascii=False)
                sys.stdout.write(json_for_terminal(line))
                sys.stdout.write("\n")
                sys.stdout.flush()
            else:
                _print_analysis(printable, text, analysis)
    return 1 if failed else 0


def _print_analysis(path: str, text: str, analysis) -> None:
    out.rule(shown(f"{path} — {analysis.pipeline_name} {analysis.pipeline_version}"))
    out.print(
        f"{plural(len(analysis.sentences), 'sentence')}, "
        f"{plural(len(analysis.entities), 'entity', 'entities')}, "
        f"{plural(len(analysis.claims), 'claim')}"
    )
    table = Table(title="claims", show_lines=False)
    for col in ("kind", "score", "speaker", "cue", "content"):
        table.add_column(col)
    for c in analysis.claims:
        speaker = c.speaker_resolved or c.speaker
        table.add_row(
            c.kind,
            f"{c.score:.2f}",
            shown(speaker.text if speaker else ""),
            shown(c.cue.text if c.cue else ""),
            shown((c.content.text if c.content else text[c.start : c.end])[:80]),
        )
    out.print(table)


# -- doctor --------------------------------------------------------------------------------


def cmd_doctor(args: argparse.Namespace) -> int:
    from storage.doctor import check_folder, diagnose, restore

    root = check_folder(library_dir(args.library))
    problems = diagnose(root)
    if not problems:
        print(visible(f"{root}: every file is readable and consistent"))
        return 0
    for problem in problems:
        print(visible(problem.describe()))
    if not args.restore:
        print(f"{plural(len(problems), 'problem')} found; newsread doctor --restore repairs "
              "what has a backup")
        return 1
    for line in restore(root, problems):
        print(visible(line))
    left = diagnose(root)
    for problem in left:
        say_error(f"still damaged: {problem.describe()}")
    return 1 if left else 0


# -- config and demo -----------------------------------------------------------------------


def cmd_config(args: argparse.Namespace) -> int:
    path = config_path()
    if args.action == "path":
        print(path)
        return 0
    from tui.app import NewsreadApp
    from tui.keymap import check_config

    _, problems, pipeline = check_config(path, NewsreadApp)
    # Every problem, one line each, so one run of check is enough to fix them all.
    for problem in [*problems, *([pipeline] if pipeline else [])]:
        say_error(problem)
    if problems or pipeline:
        return 2
    out.print(
        f"{path}: OK" if path.exists() else f"{path}: no config file (defaults in use)",
        markup=False,
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from newsread.ingest.demo import write_demo_sources
    from storage.imports import import_paths

    library = _library(args)
    if args.if_empty:
        count = len(library.article_metas())
        if count:
            out.print(
                f"library at {library.root} has {plural(count, 'article')}; demo not added",
                markup=False,
            )
            return 0
    sources = library.root / "demo-sources"
    paths = write_demo_sources(sources)
    summary, fresh = import_paths(library, [str(p) for p in paths])
    if fresh:
        _analyse_with_progress(library, fresh, _config())
    out.print(
        f"demo library at {library.root}: {len(summary.added)} added, "
        f"{len(summary.unchanged) + len(summary.updated)} already there",
        markup=False,
    )
    return 0


# -- parser --------------------------------------------------------------------------------


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

    p = sub.add_parser("import", parents=common(), help="import files, folders or - for stdin")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--no-analyze", action="store_true", help="skip spaCy analysis of new articles")
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
    p.set_defaults(func=cmd_analyze)

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


if __name__ == "__main__":
    sys.exit(main())
