"""The reader's lines of text: the status line under the article, the line of
metadata under its title, and the article's details (``i``). Built from the
model as Rich text; the screen puts them on its widgets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text

from newsread.ingest.furniture.reasons import BY_USER
from newsread.model import Article
from newsread.page_backoff import next_try
from tui.models.cuts import label as cut_label
from tui.models.reader import ReaderModel, suggestion_label
from tui.widgets.shown import shown, visible
from tui.widgets.side_panel import PANEL_MIN, TEXT_MIN, append_tag_names
from tui.widgets.status_line import Part
from tui.wording import plural, short


def _default_key(_binding_id: str, default: str) -> str:
    return default


def status_parts(
    model: ReaderModel,
    message: str,
    width: int,
    side_shown: bool,
    help_key: str,
    key: Callable[[str, str], str] = _default_key,
) -> list[Part]:
    """The status line's parts, each ranked by how long it stays in a narrow
    terminal (see ``fit_parts``). ``help_key`` is "" when the footer shows its
    own; ``key(binding_id, default)`` names the user's key for a binding
    (their remap), for the hints."""
    cursor = model.cursor
    parts: list[Part] = []
    cut = model.cut_at_cursor()
    if cut is not None:
        part = Text(visible(cut_label(cut)), style="italic #e5c07b")
        part.append(visible(f"“{short(cut.text, max(20, min(60, width - 50)))}”"))
        parts.append(Part(part, 0))
        restore = key("reader.restore_cut", "P")
        parts.append(Part(Text(f"  {restore} puts it back", style="dim"), 1))
    elif cursor.span is None:
        parts.append(Part(Text("Finding sentences… ", style="italic"), 0))
    else:
        # On an entity or claim (] / [), where it stands is told by sentence.
        unit = "sentence" if cursor.unit == "mark" else cursor.unit
        position = cursor.unit_index(unit)
        if position:
            parts.append(Part(Text(f"{unit} {position[0]}/{position[1]}"), 0))
    selection = cursor.selection
    if selection:
        quote = short(model.quote(selection), max(20, min(60, width - 40)))
        part = Text("  selection: ", style="bold #2f9fff")
        part.append(visible(f"“{quote}”"))
        parts.append(Part(part, 1))
    if not side_shown:
        # The side panel normally says what is tagged here; without it, this line does.
        at_cursor = Text()
        for ann in model.annotations_at_cursor():
            append_tag_names(at_cursor, ann, model.tags, sep=" ")
            if ann.note:
                at_cursor.append(" ✎", style="italic")
        if at_cursor:
            parts.append(Part(Text(" ") + at_cursor, 1))
    if message:
        # Ranked after the tags at the cursor: a message after tagging repeats
        # them, and a long one is shortened rather than pushing them out.
        parts.append(Part(shown(f"  {message}", "bold"), 2))
    if cursor.span is not None and cut is None:
        found = model.suggestion_at_cursor()
        if found:
            kind, item = found
            label = suggestion_label(item)
            text = short(model.quote((item.start, item.end)), 30)
            parts.append(Part(shown(f"  {kind} {label} “{text}”", "#ff79c6"), 3))
            answered = model.answered_as(item, label)
            if answered:
                # Offering a and r again read as if the accept had not been taken.
                keys = f"{answered} · {key('reader.delete', 'x')} deletes it"
            else:
                keys = f"{key('reader.accept', 'a')} accept · {key('reader.reject', 'r')} reject"
            if kind == "entity":
                keys += f" · {key('reader.accept_all', 'A')} every mention"
            parts.append(Part(Text(f"  {keys}", style="dim"), 4))
    if help_key:
        parts.append(Part(shown(f"  {help_key} all keys", "dim"), 4))
    parts.append(Part(shown(f"   [{model.analysis_note}]", "dim"), 5))
    return parts


#: Said of an article whose text is its feed entry's summary alone.
SUMMARY_ONLY_NOTE = "only the feed's summary: its page could not be fetched"


def summary_only_note(article: Article) -> str:
    """SUMMARY_ONLY_NOTE and when a refresh asks for the page again: not at
    every refresh, but once the back-off after its failures has passed
    (newsread.page_backoff); ``refresh --pages`` asks at once."""
    when = next_try(article.page_tries, article.page_tried)
    if when is None:
        # Never stamped (a library from before the back-off): due now.
        return f"{SUMMARY_ONLY_NOTE} (the next refresh asks again)"
    tries = plural(article.page_tries, "try", "tries")
    return (
        f"{SUMMARY_ONLY_NOTE} ({tries}); a refresh asks again from "
        f"{when.strftime('%Y-%m-%d %H:%M')} UTC while its feed lists it, refresh --pages at once"
    )


def no_room_for_side(total: int, side_key: str) -> str:
    """Why the side panel is not shown at ``total`` columns (tui.widgets.side_panel)."""
    need = TEXT_MIN + PANEL_MIN
    return (
        f"side panel hidden: at {total} columns the text keeps them "
        f"({side_key} shows the panel from {need})"
    )


def meta_line(article: Article, copies: list[dict[str, Any]]) -> Text:
    """Source, byline, dateline and date; where it came from; its other copies."""
    parts = [
        p
        for p in (article.source, article.byline, article.dateline, (article.published or "")[:10])
        if p
    ]
    line = shown(" · ".join(parts) or "unknown source", "italic")
    if article.url_or_path:
        line.append(visible(f"   {article.url_or_path}"), style="dim")
    if article.summary_only:
        line.append(f"\n{summary_only_note(article)}", style="#e5c07b")
    if copies:
        others = "; ".join(
            f"{short(m['title'], 50)} ({m.get('source') or 'unknown source'})" for m in copies[:3]
        )
        line.append(visible(f"\nsame story also in: {others}"), style="#e5c07b")
    return line


def info_text(
    article: Article,
    analysis_note: str,
    copies: list[dict[str, Any]],
    put_back: Sequence[tuple[str, str]] = (),
) -> Text:
    """Everything known about the article, its copies and what cleaning removed;
    ``put_back``: (why cleaning had cut it, text) of each line the user put back."""
    a = article
    text = Text()
    text.append(visible(f"{a.title}\n\n"), style="bold")
    fields = [
        ("id", a.id),
        ("source", a.source),
        ("byline", a.byline),
        ("dateline", a.dateline),
        ("published", a.published),
        ("from", a.url_or_path),
        ("text", summary_only_note(a) if a.summary_only else "the article"),
        ("imported", a.imported),
        ("characters", str(len(a.body))),
        ("body hash", a.content_hash[:16]),
        ("analysis", analysis_note),
    ]
    for name, value in fields:
        text.append(f"{name:>11}  ", style="dim")
        text.append(visible(f"{value or '—'}\n"))
    if copies:
        text.append("\nSame story elsewhere in the library\n", style="bold underline")
        for meta in copies:
            source = meta.get("source") or "unknown source"
            text.append(visible(f"  {meta['title']} ({source})\n"))
    _append_cuts(text, a)
    if put_back:
        # Kept with the article and applied again at each re-import: as much
        # the user's correction of the cleaner as a cut of their own.
        text.append(f"\nPut back by you ({len(put_back)})", style="bold underline")
        text.append("  C then X on one cuts it again\n", style="dim")
        for reason, line in put_back:
            text.append(visible(f"  ↩ {reason or 'cut'}: "), style="italic #98c379")
            text.append(visible(f"{short(line, 180)}\n"))
    return text


def _append_cuts(text: Text, article: Article) -> None:
    """What cleaning cut, in body order, each with its reason (C shows them in place)."""
    cuts = article.cuts
    if not cuts and article.removed:
        # Imported before cuts were kept with their reasons: the lines alone.
        text.append(f"\nRemoved by cleaning ({len(article.removed)})\n", style="bold underline")
        text.append("  (why and where was not recorded for this article)\n", style="dim")
        for fragment in article.removed:
            text.append(visible(f"  · {short(fragment, 180)}\n"))
        return
    by_you = sum(1 for cut in cuts if cut.reason == BY_USER)
    heading = f"\nCut by cleaning ({len(cuts) - by_you})"
    if by_you:
        heading += f" and by you ({by_you})"  # X in the reader: not cleaning's doing
    text.append(heading, style="bold underline")
    text.append("  C shows them in the text, P puts one back\n", style="dim")
    if not cuts:
        text.append("  nothing\n", style="dim")
    for cut in cuts:
        text.append(visible(f"  {cut_label(cut)}"), style="italic #e5c07b")
        text.append(visible(f"{short(cut.text, 180)}\n"))
