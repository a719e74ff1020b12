"""Commands on annotation files: import-annotations (and agreement)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsread.sanitize import visible
from tui.cli.common import CliError, open_library
from tui.wording import plural

#: Articles not found are named up to this many; the rest are counted.
MISSING_SHOWN = 5


def _say(line: str) -> None:
    # One literal line: titles and names come from files.
    sys.stdout.write(visible(line) + "\n")


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from newsread.config import annotator_problem
    from storage.annotation_import import import_annotations, read_annotation_file
    from storage.history import History

    default = ""
    if args.annotator is not None:
        why = annotator_problem(args.annotator)
        if why is not None:
            raise CliError(f"--annotator {why}")
        default = args.annotator.strip()
    # Every file read and checked first: one bad file and nothing is written.
    files = [read_annotation_file(Path(name)) for name in args.files]
    library = open_library(args)
    names = ", ".join(Path(n).name for n in args.files)
    report = import_annotations(
        library, files, History(library), default, label=f"imported annotations from {names}"
    )
    skipped = []
    if report.unchanged:
        skipped.append(f"{report.unchanged} already in the library")
    if report.no_article:
        skipped.append(f"{report.no_article} for articles not in the library")
    _say(
        f"{report.added} added, {report.merged} merged, {report.orphaned} orphaned "
        f"(kept, but their passage is not in the text), {report.skipped} skipped"
        + (f" ({', '.join(skipped)})" if skipped else "")
    )
    if report.rejected_added or report.rejected_unchanged or report.rejected_unplaced:
        _say(
            f"rejected suggestions: {report.rejected_added} added, "
            f"{report.rejected_unchanged} already in the library, "
            f"{report.rejected_unplaced} not in the text"
        )
    for described in report.missing[:MISSING_SHOWN]:
        _say(f"  not in the library: {described}")
    if len(report.missing) > MISSING_SHOWN:
        _say(f"  and {plural(len(report.missing) - MISSING_SHOWN, 'more article')}")
    if not report.undoable:
        _say("  (too many changes to undo with u: the library's backups/ keep the files before)")
    total = sum(len(f.annotations) for f in files)
    return 1 if total and report.no_article == total else 0
