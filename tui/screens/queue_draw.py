"""How the suggestion queue draws a suggestion: the article it is in, what it
suggests, and the passage around it with the suggestion picked out.

Everything that came from a file is drawn as Rich ``Text`` through
``visible``: literal, markup off, control characters neutralised. ``visible``
keeps every character's offset, so the highlights land where the analysis put them.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from newsread.analysis import Claim, Span
from tui.highlights import CLAIM_CUE_STYLE, entity_style
from tui.models.queue import QueueItem, SuggestionQueue
from tui.widgets.shown import shown, visible
from tui.wording import plural, short

SPEAKER_STYLE = Style(bold=True, underline=True)


def article_line(item: QueueItem) -> Text:
    article = item.article
    line = shown(article.title or "(untitled)", "bold")
    details = [d for d in (article.source, (article.published or "")[:10]) if d]
    if details:
        line.append("  ")
        line.append_text(shown(" · ".join(details), "dim"))
    return line


def suggestion_line(item: QueueItem) -> Text:
    """What is suggested: the kind and label (a claim's score), the quote, and
    a claim's speaker, cue and content."""
    suggestion = item.suggestion
    style = entity_style(item.label) if item.kind == "entity" else Style(bold=True)
    line = Text(f"{item.kind} ", style="dim")
    line.append_text(shown(item.label, style))
    if isinstance(suggestion, Claim):
        line.append(f"  score {suggestion.score:.2f}", style="dim")
        for name, span in _roles(suggestion):
            line.append(f"\n{name}: ", style="dim")
            line.append_text(shown(short(span.text, 160)))
    else:
        line.append("  ")
        line.append_text(shown(f"“{short(item.quote, 100)}”"))
    return line


def _roles(claim: Claim) -> list[tuple[str, Span]]:
    roles = [("speaker", claim.speaker), ("cue", claim.cue), ("content", claim.content)]
    if claim.speaker_resolved is not None:
        roles.insert(1, ("speaker is", claim.speaker_resolved))
    return [(name, span) for name, span in roles if span is not None]


def context_text(item: QueueItem) -> Text:
    """The passage around the suggestion, the suggestion in reverse video (in
    its entity colour), a claim's speaker and cue marked inside it."""
    body = item.article.body
    lo, hi = item.context
    text = Text()
    if lo > 0 and body[lo - 1] not in "\n":
        text.append("… ", style="dim")
    offset = len(text) - lo
    text.append(visible(body[lo:hi]))
    if hi < len(body) and body[hi] not in "\n":
        text.append(" …", style="dim")
    if item.kind == "entity":
        mark = entity_style(item.label) + Style(reverse=True)
    else:
        mark = Style(underline=True, bgcolor="grey23")
    text.stylize(mark, item.start + offset, item.end + offset)
    suggestion = item.suggestion
    if isinstance(suggestion, Claim):
        for span, style in ((suggestion.speaker, SPEAKER_STYLE), (suggestion.cue, CLAIM_CUE_STYLE)):
            if span is not None and lo <= span.start and span.end <= hi:
                text.stylize(style, span.start + offset, span.end + offset)
    return text


def progress_line(queue: SuggestionQueue, stage: str = "", waiting: bool = False) -> Text:
    """``12 / 340+`` and what this session decided, and what gathering does now
    (``waiting``: it has gathered enough ahead and waits for the review)."""
    line = Text(queue.progress(), style="bold")
    decided = [
        f"{queue.count(action)} {word}"
        for action, word in (
            ("accept", "accepted"),
            ("reject", "rejected"),
            ("skip", "skipped"),
            ("elsewhere", "decided in the reader"),
        )
        if queue.count(action)
    ]
    if decided:
        line.append("  " + " · ".join(decided), style="dim")
    if waiting:
        read = f"{queue.articles_done} of {plural(queue.articles_total, 'article')} read"
        line.append(f"  (more as you go: {read})", style="italic dim")
    elif not queue.complete:
        doing = stage or (
            f"reading {queue.articles_done} of {plural(queue.articles_total, 'article')}"
        )
        line.append(f"  ({doing}…)", style="italic dim")
    return line


def empty_text(queue: SuggestionQueue, skip_key: str, restrict_key: str) -> Text:
    """What stands in place of a suggestion when there is none to show."""
    if not queue.complete:
        return Text("Looking for suggestions…", style="italic")
    if queue.items:
        text = Text("Every suggestion here is reviewed.", style="bold")
    else:
        text = Text("No suggestions to review", style="bold")
        text.append(f" ({queue.filter.describe()}).")
    if queue.left_out and skip_key:
        text.append(f"\n{plural(queue.left_out, 'skipped suggestion')} left out: ")
        text.append(f"{skip_key} shows them again.")
    if restrict_key:
        text.append(f"\n{restrict_key} changes the restriction.", style="dim")
    return text


def problems_text(queue: SuggestionQueue) -> Text:
    text = Text()
    for note in queue.notes:
        if text:
            text.append("\n")
        text.append_text(shown(note, "red"))
    return text
