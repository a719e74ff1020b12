"""The command palette's "Export annotations…": a format, which tag (every one,
or one and its negatives), a file name, then the same export as ``newsread
export --format F [--tag T] -o FILE``, written in a worker."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from newsread.sanitize import visible
from tui.wording import plural

if TYPE_CHECKING:
    from textual.app import App

    from storage.library import Library

FORMATS = (
    ("json", "json: one document, every field (docs/export-format.md)"),
    ("jsonl", "jsonl: one annotation a line"),
    ("w3c", "w3c: W3C Web Annotation collection (JSON-LD)"),
    ("csv", "csv: one row per annotation, for a spreadsheet"),
    ("spacy", "spacy: a DocBin, tagged spans in doc.spans (.spacy)"),
    ("doccano", "doccano: JSONL of text and labels"),
    ("labelstudio", "labelstudio: Label Studio's import JSON"),
)


#: the tag chooser's item for no tag filter (a tag name never holds a comma)
EVERY_TAG = ","


def tag_choices(names: list[str]) -> list[tuple[str, str]]:
    """The tag chooser's items: every annotation, then each tag with what
    ``--tag`` keeps of it besides its annotations (ExportChoice)."""
    items = [(EVERY_TAG, "every tag: every annotation and rejected suggestion")]
    items += [
        (
            name,
            f"{name} only, with its rejected suggestions and not-a-claim claims",
        )
        for name in names
    ]
    return items


def default_target(fmt: str) -> Path:
    from tui.cli.library_commands import EXPORT_SUFFIXES

    return Path.home() / f"newsread-annotations{EXPORT_SUFFIXES[fmt]}"


def target_problem(text: str) -> str | None:
    """Why ``text`` cannot be the file to write, or None."""
    if not text.strip():
        return "give a file name"
    path = Path(os.path.expanduser(text.strip()))
    if path.is_dir():
        return f"{visible(str(path))} is a folder: give a file name"
    if not path.parent.is_dir():
        return f"there is no folder {visible(str(path.parent))}"
    return None


def start_export(app: App, library: Library) -> None:
    """Ask for the format, the tag (when the library has any), then the file;
    export in the background."""
    from tui.screens.dialogs import Chooser

    def offer(fmt: str, names: list[str]) -> None:
        if not names:
            _ask_target(app, library, fmt, None)
            return

        def picked(choice: str | None) -> None:
            if choice is not None:
                _ask_target(app, library, fmt, None if choice == EVERY_TAG else choice)

        app.push_screen(Chooser(f"Export which annotations as {fmt}", tag_choices(names)), picked)

    def chosen(fmt: str | None) -> None:
        if fmt is None:
            return

        # The library file is read off the event loop: another process may have
        # just written it, and a fresh read of a large library takes a while.
        def read() -> None:
            try:
                names = [tag.name for tag in library.tags()]
            except Exception as exc:  # noqa: BLE001 - shown to the user, the app keeps going
                app.call_from_thread(
                    app.notify, visible(f"export failed: {exc}"), severity="error", markup=False
                )
                return
            app.call_from_thread(offer, fmt, names)

        app.run_worker(read, thread=True, group="export", exit_on_error=False)

    app.push_screen(Chooser("Export annotations as", list(FORMATS)), chosen)


def _ask_target(app: App, library: Library, fmt: str, tag: str | None) -> None:
    """Ask for the file to write (asking again before replacing one), then export."""
    from tui.screens.dialogs import Chooser
    from tui.screens.tag_dialogs import TextPrompt

    what = "every annotation" if tag is None else f"the {tag} annotations and negatives"

    def ask(suggested: str) -> None:
        app.push_screen(
            TextPrompt(f"Export {what} as {fmt} to", suggested, validate=target_problem),
            named,
        )

    def named(text: str | None) -> None:
        if not text:
            return
        target = Path(os.path.expanduser(text.strip()))
        if not target.exists():
            _export(app, library, fmt, target, tag)
            return

        # An earlier export (or anybody's file) is not replaced without a word.
        def answered(choice: str | None) -> None:
            if choice == "replace":
                _export(app, library, fmt, target, tag)
            elif choice == "rename":
                ask(str(target))

        app.push_screen(
            Chooser(
                f"{target} already exists",
                [("rename", "Give another name"), ("replace", "Replace it")],
                highlight="rename",
            ),
            answered,
        )

    ask(str(default_target(fmt)))


def _export(app: App, library: Library, fmt: str, target: Path, tag: str | None) -> None:
    def work() -> None:
        from tui.cli.library_commands import export_to_file

        damaged: list[str] = []
        notes: list[str] = []
        try:
            count = export_to_file(
                library,
                fmt,
                target,
                tags=None if tag is None else [tag],
                damaged=damaged,
                notes=notes,
            )
        except Exception as exc:  # noqa: BLE001 - shown to the user, the app keeps going
            app.call_from_thread(
                app.notify, visible(f"export failed: {exc}"), severity="error", markup=False
            )
            return
        tagged = "" if tag is None else f" of {tag}"
        message = "; ".join(
            [f"exported {plural(count, 'annotation')}{tagged} as {fmt} to {target}", *notes]
        )
        if damaged:
            message += f" (not exported: {'; '.join(damaged)})"
        app.call_from_thread(
            app.notify,
            visible(message),
            severity="warning" if damaged else "information",
            timeout=10,
            markup=False,
        )

    app.run_worker(work, thread=True, group="export", exit_on_error=False)
