"""Commands that run the analysis: ``analyze`` on files, and the progress bar
an import or the demo shows while new articles are analysed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from newsread.config import Config
from newsread.ingest.sources import decode_text
from newsread.sanitize import json_for_terminal, visible
from storage.library import Library
from tui.cli.common import CliError, err, out, say_error, user_config
from tui.widgets.shown import shown
from tui.wording import plural


def analyse_with_progress(library: Library, articles: list, config: Config) -> None:
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
            loaded = load_pipeline(user_config().pipeline)
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
