"""Commands that run the analysis: ``analyze`` on files, and the progress bar
an import or the demo shows while new articles are analysed."""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import BrokenExecutor
from pathlib import Path

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from newsread.config import Config, apply_analysis_settings
from newsread.ingest.sources import decode_text
from newsread.sanitize import json_for_terminal, visible
from storage.library import Library
from tui.cli.common import CliError, err, out, say_error, user_config
from tui.widgets.shown import shown
from tui.wording import plural


def _analyser(config: Config, workers: int | None, scheduler: str | None):
    """The analyser a command asked for: this machine's pipeline on ``workers``
    processes, or the Dask cluster at ``scheduler`` (Dask is imported only then).
    Raises PipelineError or ClusterError."""
    apply_analysis_settings(config)
    if scheduler:
        from newsread.analysis.cluster import ClusterAnalyser

        return ClusterAnalyser.connect(scheduler, config.pipeline)
    from newsread.analysis.parallel import LocalAnalyser
    from newsread.analysis.pipeline import load_pipeline

    return LocalAnalyser(load_pipeline(config.pipeline), workers)


#: Seconds of work before a rate is shown: a few articles analysed in a few
#: milliseconds gave "4900.0/s", a figure no longer analysis would reach.
MIN_RATE_SECONDS = 1.0


def _rate(done: int, elapsed: float | None) -> float | None:
    """Articles a second, or None while the time is too short to measure one."""
    if not done or elapsed is None or elapsed < MIN_RATE_SECONDS:
        return None
    return done / elapsed


def _average_rate(task: Task) -> float | None:
    """Articles a second since the start: results come back in batches, so
    Rich's recent-sample speed jumps, the average does not."""
    return _rate(task.completed, task.finished_time if task.finished else task.elapsed)


class RateColumn(ProgressColumn):
    """Articles a second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        rate = _average_rate(task)
        return Text("" if rate is None else f"{rate:.1f}/s", style="progress.data.speed")


class EtaColumn(ProgressColumn):
    """The time left at the average rate so far."""

    def render(self, task: Task) -> Text:
        rate = _average_rate(task)
        if task.finished or task.total is None:
            return Text("")
        if rate is None:
            return Text("-:--:--", style="progress.remaining")
        return Text(_clock((task.total - task.completed) / rate), style="progress.remaining")


class PlainProgress:
    """Progress for a stderr that is not a terminal: a plain line now and then
    (every ``every`` seconds) and one at the end, never a cursor move."""

    def __init__(self, what: str, total: int, every: float = 10.0) -> None:
        self.what, self.total, self.every = what, total, every
        self.done = 0
        self.started = self.last = time.monotonic()

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.every and self.done < self.total:
            self.last = now
            self._line(now)

    def finish(self) -> None:
        self._line(time.monotonic(), final=True)

    def _line(self, now: float, final: bool = False) -> None:
        elapsed = now - self.started
        rate = _rate(self.done, elapsed)
        line = f"{self.what}: {self.done}/{self.total} articles"
        if rate is not None:
            line += f", {rate:.1f}/s"
        if final:
            line += f", {elapsed:.1f} s" if elapsed >= 0.1 else ", under 0.1 s"
        elif rate is not None:
            line += f", about {_clock((self.total - self.done) / rate)} left"
        sys.stderr.write(visible(line) + "\n")
        sys.stderr.flush()


def _problem(exc: Exception) -> str:
    if isinstance(exc, BrokenExecutor):
        return f"an analysis process ended abruptly ({exc})"
    return str(exc)


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def connect_cluster(scheduler: str, config: Config):
    """The Dask cluster at ``scheduler``, joined before a command changes
    anything: one that cannot be reached is the command's error (CliError),
    not a note after the articles were stored unanalysed."""
    from newsread.analysis.cluster import ClusterAnalyser, ClusterError

    try:
        with err.status("connecting to the Dask cluster…"):
            return ClusterAnalyser.connect(scheduler, config.pipeline)
    except ClusterError as exc:
        raise CliError(str(exc)) from exc


def analyse_with_progress(
    library: Library,
    articles: list,
    config: Config,
    workers: int | None = None,
    scheduler: str | None = None,
    analyser=None,
) -> None:
    """Analyse the new articles (on every core unless told otherwise, or on a
    Dask cluster) with a progress bar on stderr; a failure is reported, not raised.
    ``analyser``: one already made (connect_cluster), which the caller closes."""
    from newsread.analysis.cluster import ClusterError  # no Dask import: only the class
    from newsread.analysis.pipeline import PipelineError
    from storage.analyses import analyze_missing

    if not articles:
        return
    given = analyser
    try:
        if given is None:
            with err.status(
                "connecting to the Dask cluster…" if scheduler else "loading the spaCy pipeline…"
            ):
                analyser = _analyser(config, workers, scheduler)
    except (PipelineError, ClusterError) as exc:
        err.print(Text.assemble(("not analysed: ", "yellow"), visible(str(exc))), soft_wrap=True)
        return

    def failed(article, message: str) -> None:
        err.print(
            Text.assemble(
                ("not analysed: ", "yellow"), visible(f"{article.id} {article.title}: {message}")
            ),
            soft_wrap=True,
        )

    what = "analysing with " + analyser.describe()
    try:
        if err.is_terminal:
            # No refresh thread (auto_refresh off, a refresh at each article):
            # the worker processes can then be forked, sharing the loaded model.
            columns = (
                TextColumn(what, markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                RateColumn(),
                EtaColumn(),
                TimeElapsedColumn(),
            )
            with Progress(*columns, console=err, transient=False, auto_refresh=False) as progress:
                task = progress.add_task("analyse", total=len(articles))

                def advance(n: int) -> None:
                    progress.update(task, advance=n, refresh=True)

                analyze_missing(library, articles, analyser, advance=advance, on_error=failed)
        else:
            plain = PlainProgress(what, len(articles))
            analyze_missing(library, articles, analyser, advance=plain.advance, on_error=failed)
            plain.finish()
    except (ClusterError, BrokenExecutor) as exc:
        # A worker process that died (out of memory, say): what came back is kept.
        err.print(
            Text.assemble(("not analysed: ", "yellow"), visible(_problem(exc))), soft_wrap=True
        )
        # The articles are stored either way: say how the rest gets its analysis.
        err.print(
            "  the articles analysed so far keep their analysis; the others are analysed "
            "when opened in the app, or by importing the same input again",
            soft_wrap=True,
            markup=False,
            highlight=False,
        )
    finally:
        close = getattr(analyser, "close", None)
        if close is not None and given is None:
            close()


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
    from newsread.analysis.cluster import ClusterError
    from newsread.analysis.parallel import AnalysisFailed, analyze_each
    from newsread.analysis.pipeline import PipelineError

    # (path, text, title of the story when the text is a page's extracted story)
    texts: list[tuple[str, str, str | None]] = []
    failed = 0
    for path in args.files:
        try:
            texts.extend(_stories_of(path, _read_for_analysis(path)))
        except CliError as exc:
            say_error(str(exc))
            failed += 1
    if not texts:
        return 1 if failed else 0
    try:
        analyser = _analyser(user_config(), args.workers, args.scheduler)
    except (PipelineError, ClusterError) as exc:
        raise CliError(str(exc)) from exc
    try:
        analyses = analyze_each(analyser, [t for _, t, _ in texts])
        for (path, text, title), analysis in zip(texts, analyses, strict=True):
            # A name with bytes that are not UTF-8 cannot be written as it is.
            printable = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            if isinstance(analysis, AnalysisFailed):
                say_error(f"{printable}: {analysis.message}")
                failed += 1
            elif args.json:
                # A page's offsets count its extracted story, which is given with them.
                story = {} if title is None else {"title": title, "text": text}
                record = {"path": printable, **story, **analysis.to_dict()}
                sys.stdout.write(json_for_terminal(json.dumps(record, ensure_ascii=False)))
                sys.stdout.write("\n")
                sys.stdout.flush()
            else:
                _print_analysis(printable, text, analysis, title)
    except (ClusterError, BrokenExecutor) as exc:
        raise CliError(_problem(exc)) from exc
    finally:
        close = getattr(analyser, "close", None)
        if close is not None:
            close()
    return 1 if failed else 0


def _stories_of(path: str, text: str) -> list[tuple[str, str, str | None]]:
    """What ``analyze`` analyses of one file: its text as it is, or, for an HTML
    page, each story extracted from it as ``import`` would store it (its markup
    read as prose gave speakers like "budget.</p><p>Critics")."""
    from newsread.ingest.extract import HTML, extract_text
    from newsread.ingest.html import looks_like_html

    if not looks_like_html(text):
        return [(path, text, None)]
    stories = extract_text(text, HTML).articles
    if not stories:
        raise CliError(f"{path}: an HTML page with no article text found")
    return [(path, story.body, story.title) for story in stories]


def _print_analysis(path: str, text: str, analysis, title: str | None = None) -> None:
    out.rule(shown(f"{path} — {analysis.pipeline_name} {analysis.pipeline_version}"))
    if title is not None:
        out.print(Text.assemble("the page's story ", (f"“{visible(title)}”", "bold")))
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
            shown((c.content_words() or text[c.start : c.end])[:80]),
        )
    out.print(table)
