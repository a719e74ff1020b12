"""Commands across annotators' work: import-annotations, agreement."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsread.sanitize import visible
from tui.cli.common import CliError, config_annotator, open_library, say_warning
from tui.wording import plural, requoted_line

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
    # Annotations land on articles the library holds: a folder that is no
    # library (a mistyped path) has none, and is not made one.
    library = open_library(args, existing=True)
    for name, parsed in zip(args.files, files, strict=True):
        if not parsed.annotations and not parsed.rejected:
            say_warning(f"{name}: holds no annotations (an export of nothing?): nothing to import")
    names = ", ".join(Path(n).name for n in args.files)
    # The step is the importing user's, as a tag's is: a teammate's open reader
    # names them when the import takes one of its tags (storage.history.LastStep).
    # --annotator credits the file's unnamed annotations, not the step.
    history = History(library, by=config_annotator())
    report = import_annotations(
        library, files, history, default, label=f"imported annotations from {names}"
    )
    skipped = []
    if report.unchanged:
        skipped.append(f"{report.unchanged} already in the library")
    if report.older:
        skipped.append(f"{report.older} older than the library's copy, which was kept")
    if report.deleted_since:
        skipped.append(f"{report.deleted_since} deleted in the library since")
    absent = report.no_article - report.no_article_other_text
    if absent:
        skipped.append(f"{absent} for articles not in the library")
    if report.no_article_other_text:
        skipped.append(
            f"{report.no_article_other_text} for articles the library holds with another text"
        )
    if report.refused:
        skipped.append(f"{len(report.refused)} refused for a tag name no tag can have")
    _say(
        f"{report.added} added, {report.merged} merged, {report.orphaned} orphaned "
        f"(kept, but their passage is not in the text), {report.skipped} skipped"
        + (f" ({', '.join(skipped)})" if skipped else "")
    )
    rejected = (
        report.rejected_added,
        report.rejected_unchanged,
        report.rejected_unplaced,
        report.rejected_no_article,
    )
    if any(rejected):
        _say(
            f"rejected suggestions: {report.rejected_added} added, "
            f"{report.rejected_unchanged} already in the library, "
            f"{report.rejected_unplaced} not in the text"
            + (
                f", {report.rejected_no_article} for articles not in the library"
                if report.rejected_no_article
                else ""
            )
        )
    if report.requoted:
        _say(requoted_line(report.requoted))
    if report.older_merged:
        _say(
            f"  {report.older_merged} of the merged older than the library's copy: "
            "the library's tags and data kept, the note merged"
        )
    if report.renamed_tags:
        _say(
            f"  {plural(report.renamed_tags, 'annotation')} made before the library merged or "
            "renamed their tags: under the new names"
        )
    if report.deleted_tags:
        _say(
            f"  {plural(report.deleted_tags, 'annotation')} made before the library deleted "
            "some of their tags: without them"
        )
    if report.respelled_tags:
        _say(
            f"  {plural(report.respelled_tags, 'annotation')} with tags spelled otherwise "
            "(case, spaces, accents): under the library's spelling"
        )
    if report.notes_both:
        _say(
            f"  {plural(report.notes_both, 'note')} differed from the library's: both kept, "
            "theirs first and yours after a --- line"
        )
    if report.new_ids:
        _say(
            f"  {plural(report.new_ids, 'annotation')} added under a new id: "
            "the file's id is another article's annotation's"
        )
    for why in report.refused[:MISSING_SHOWN]:
        _say(f"  refused: {why} (rename the tag where it was made, and export again)")
    if len(report.refused) > MISSING_SHOWN:
        _say(f"  and {plural(len(report.refused) - MISSING_SHOWN, 'more refused annotation')}")
    for described in report.missing[:MISSING_SHOWN]:
        if described in report.other_text:
            # One of that title is here: its text (content hash) and address
            # differ from those the file's annotations were made on.
            _say(
                f"  its text differs: {described} is in the library, but not the text "
                "(content hash) nor the address the file's annotations were made on: not placed"
            )
        else:
            _say(f"  not in the library: {described}")
    if len(report.missing) > MISSING_SHOWN:
        _say(f"  and {plural(len(report.missing) - MISSING_SHOWN, 'more article')}")
    if not report.undoable:
        _say("  (too many changes to undo with u: the library's backups/ keep the files before)")
    # Nothing at all landed when every record was for an article not here.
    total = sum(len(f.annotations) + len(f.rejected) for f in files)
    missing = report.no_article + report.rejected_no_article
    return 1 if total and missing == total else 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from newsread.annotations.agreement import agreement, one_name_each, one_spelling_per_tag
    from newsread.annotations.tagnames import TagSpellings
    from newsread.sanitize import json_for_terminal
    from storage.agreement_input import from_files, from_library
    from storage.annotation_import import read_annotation_file
    from storage.stats import annotator_of
    from tui.cli.common import user_config

    # Annotations that name no annotator are counted as `stats` counts them.
    default = annotator_of(user_config())
    files = [(Path(name), read_annotation_file(Path(name))) for name in args.files]
    for _, parsed in files:
        for why in parsed.refused:
            say_warning(f"{why}: left out")
    # Export files may carry the text themselves: a library need not exist for them.
    library = open_library(args, existing=not files)
    found = from_files(library, files, default) if files else from_library(library, default)
    # One spelling per tag, the library's where it has the tag.
    spellings = TagSpellings(t.name for t in library.tags())
    found.marks = one_spelling_per_tag(one_name_each(found.marks), spellings)
    annotators = sorted({m.annotator for m in found.marks})
    if len(annotators) < 2:
        where, holds = ("these files", "hold") if files else ("the library", "holds")
        names = ", ".join(annotators) or "none"
        raise CliError(
            f"agreement needs annotations by two annotators or more; {where} {holds} "
            f"annotations by {names}"
        )
    tags = spellings.all_preferred(t for t in args.tag or [] if t.strip())
    used = {t for m in found.marks for t in m.tags}
    unknown = [t for t in dict.fromkeys(tags) if t not in used]
    if unknown:
        # A typo would otherwise print tables of dashes, as if nobody used the tag.
        where = "these files" if files else "the library"
        raise CliError(
            f"--tag {', '.join(unknown)}: no annotation in {where} has "
            f"{'this tag' if len(unknown) == 1 else 'these tags'} "
            f"(tags: {', '.join(sorted(used)) or 'none'})"
        )
    document = agreement(found.marks, found.texts, tags or None, by_article=args.by_article)
    document["source"] = [str(p) for p, _ in files] if files else "library"
    document["unplaced"] = found.unplaced
    if args.by_article:
        for key, figures in document["by_article"].items():
            figures["title"] = found.titles.get(key, key)
    if args.json:
        import orjson

        text = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8")
        sys.stdout.write(json_for_terminal(text) + "\n")
        return 0
    _print_agreement(document)
    return 0


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _print_agreement(document: dict) -> None:
    from rich.table import Table

    from tui.cli.common import out
    from tui.widgets.shown import shown

    def section(title: str, figures: dict) -> None:
        out.print(shown(title, "bold"))
        table = Table(show_lines=False)
        for name, justify in (
            ("annotators", "left"),
            ("articles", "right"),
            ("spans", "right"),
            ("exact F1", "right"),
            ("overlap F1", "right"),
            ("kappa", "right"),
            ("tokens", "right"),
        ):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for pair in figures["pairs"]:
            table.add_row(
                shown(" / ".join(pair["annotators"])),
                str(pair["articles"]),
                " / ".join(map(str, pair["spans"])),
                _number(pair["exact_f1"]),
                _number(pair["overlap_f1"]),
                _number(pair["kappa"]),
                str(pair["tokens"]),
            )
        out.print(table)
        out.print(
            f"Krippendorff's alpha (nominal, word tokens): {_number(figures['alpha'])} "
            f"over {plural(figures['alpha_tokens'], 'token')}\n",
            markup=False,
        )

    def figures_of(where: str, block: dict) -> None:
        for tag, figures in block["tags"].items():
            section(f"{where}tag {tag}", figures)
        section(f"{where}all tags", block["overall"])

    annotators = ", ".join(document["annotators"])
    out.print(
        f"{len(document['annotators'])} annotators ({visible(annotators)}), "
        f"{plural(document['articles'], 'article')}",
        markup=False,
    )
    if document["unplaced"]:
        out.print(
            f"{plural(document['unplaced'], 'annotation')} left out: not placed on the text",
            markup=False,
        )
    figures_of("", document)
    for key, block in document.get("by_article", {}).items():
        where = f"{block['title']} ({key}): "
        if len(block["annotators"]) < 2:
            alone = ", ".join(block["annotators"])
            out.print(shown(f"{where}only {alone} annotated it: nothing to compare", "bold"))
            out.print()
            continue
        figures_of(where, block)
