"""Opening the app, and the commands around what it runs on: ``config``
(where the file is, is it valid), ``demo`` (articles to try it on) and
``doctor`` (check and repair the library's files)."""

from __future__ import annotations

import argparse
import gc
import sys

from newsread.sanitize import visible
from storage.paths import check_library_dir, config_path, library_dir
from tui.cli import common
from tui.cli.common import CliError, open_library, say_error, say_warning, user_config
from tui.wording import plural


def cmd_open(args: argparse.Namespace) -> int:
    # The cyclic collector waits until the first screen is complete (the app
    # resumes it, see NewsreadApp.resume_collector): Textual's import and the
    # first screen allocate hundreds of thousands of objects that live as long
    # as the app, and the collector scanned them over and over, 50-65 ms of
    # CPU (a full collection among them) before the titles were drawn.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _open(args, collector_paused=paused)
    finally:
        if paused:
            gc.enable()  # a no-op once the app has resumed it


def _open(args: argparse.Namespace, collector_paused: bool) -> int:
    from newsread.config import pipeline_problem, read_config

    streams = (sys.stdin, sys.stdout, sys.stderr)
    if not all(stream is not None and stream.isatty() for stream in streams):
        # Textual would wait for keys that never come, or draw into a pipe or file
        # (it draws on stderr, so that one must be the terminal too).
        say_error(
            "the app needs a terminal (stdin, stdout and stderr); without one, use the "
            "commands: newsread --help, newsread list, newsread import PATH..."
        )
        return 2
    root = check_library_dir(library_dir(args.library), args.create_library)
    path = config_path()
    config, problems = read_config(path)
    if problems:
        from tui.app import NewsreadApp
        from tui.keymap import keymap_problems

        # All at once, as config check says them: the [keys] ones were said
        # only on the next start, once these were fixed.
        problems += keymap_problems(config.keys, NewsreadApp, str(path))
        for problem in problems:
            say_error(problem)
        return 2
    pipeline = pipeline_problem(config)
    painted = None
    if pipeline is None:
        # Before Textual's import (most of a small library's start): the titles
        # on screen at once. Not with a warning to print: it must stay readable
        # on the shell's screen, which the paint would cover.
        from newsread.config import annotator_name
        from tui.first_paint import paint_library

        # The config just read: whose read marks it shows, not read again.
        painted = paint_library(root, config.path, reader=annotator_name(config))
    try:
        from tui.app import NewsreadApp, run_app
        from tui.keymap import canonical_keymap, keymap_report

        problems, key_warnings = keymap_report(config.keys, NewsreadApp, str(path))
        if problems:
            if painted is not None:
                painted.leave()
            for problem in problems:
                say_error(problem)
            return 2
        if pipeline:
            # Not fatal: load_pipeline falls back to the next installed pipeline.
            # Said on the shell's screen (seen after quitting) and in the app.
            sys.stderr.write(f"newsread: warning: {visible(pipeline)}\n")
        for warning in key_warnings:
            # Not fatal: the binding still has a key there (or never had one).
            sys.stderr.write(f"newsread: warning: {visible(warning)}\n")
        # Textual compares key names exactly: "shift+ctrl+x" must reach it as ctrl+shift+x.
        config.keys = canonical_keymap(config.keys)
        run_app(
            root,
            config,
            collector_paused=collector_paused,
            painted=painted,
            notices=[*([pipeline] if pipeline else []), *key_warnings] or None,
        )
    finally:
        if painted is not None:
            # The app's driver never took the screen (it refused to start, or
            # ctrl+c came first): back to the shell's screen.
            painted.leave()
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from storage.doctor import check_folder, diagnose, restore

    if args.set_aside and not args.restore:
        raise CliError("doctor: --set-aside goes with --restore")
    root = check_folder(library_dir(args.library))
    hints: list[str] = []
    problems = diagnose(root, hints)
    if not problems:
        print(visible(f"{root}: every file is readable and consistent"))
    for problem in problems:
        print(visible(problem.describe()))
    # Not damage, and not counted as a problem: worth the user's look.
    for hint in hints:
        print(visible(f"hint: {hint}"))
    if not problems:
        return 0
    if not args.restore:
        print(
            f"{plural(len(problems), 'problem')} found; newsread doctor --restore repairs "
            "what it can: a damaged file from its backup, the rest in place"
        )
        return 1
    for line in restore(root, problems, set_aside=args.set_aside):
        print(visible(line))
    left = diagnose(root)
    for problem in left:
        say_error(f"still damaged: {problem.describe()}")
    return 1 if left else 0


def cmd_config(args: argparse.Namespace) -> int:
    path = config_path()
    if args.action == "path":
        print(path)
        return 0
    from tui.app import NewsreadApp
    from tui.keymap import check_config, id_listing

    config, problems, pipeline, warnings = check_config(path, NewsreadApp)
    # Every problem, one line each, so one run of check is enough to fix them all.
    for problem in [*problems, *([pipeline] if pipeline else [])]:
        say_error(problem)
    for warning in warnings:
        say_warning(warning)
    # The ids of the screen an unknown id was meant for: the help screen
    # lists them too, but not while the app refuses to start.
    for line in id_listing(config.keys, NewsreadApp):
        common.out.print(line, markup=False, soft_wrap=True)
    if problems or pipeline:
        return 2
    common.out.print(
        f"{path}: OK" if path.exists() else f"{path}: no config file (defaults in use)",
        markup=False,
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from newsread.ingest.demo import DEMO_FEED_TITLE, write_demo_feed, write_demo_sources
    from storage.feeds import Feed, add_feeds
    from storage.imports import import_paths

    library = open_library(args)
    if args.if_empty:
        count = len(library.article_metas())
        if count:
            common.out.print(
                f"library at {library.root} has {plural(count, 'article')}; demo not added",
                markup=False,
            )
            return 0
    sources = library.root / "demo-sources"
    paths = write_demo_sources(sources)
    summary, fresh = import_paths(library, [str(p) for p in paths])
    if fresh:
        # Here, not at the top: opening the app must not load the import pipeline.
        from tui.cli.analysis_commands import analyse_with_progress

        analyse_with_progress(library, fresh, user_config())
    common.out.print(
        f"demo library at {library.root}: {len(summary.added)} added, "
        f"{len(summary.unchanged) + len(summary.updated)} already there",
        markup=False,
    )
    # A feed that needs no network: subscribed by the file's path, which is what
    # a refresh reads it from (and what importing the file files entries under).
    feed_path = str(write_demo_feed(sources).resolve())
    added, _ = add_feeds(library, [Feed(url=feed_path, name=DEMO_FEED_TITLE)])
    if added:
        common.out.print(
            f"subscribed to the demo feed {DEMO_FEED_TITLE} ({feed_path}): "
            "R in the app (or newsread refresh) fetches its stories",
            markup=False,
            soft_wrap=True,
        )
    return 0
