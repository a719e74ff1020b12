"""The reader's side panel: annotations at the cursor and in the article,
entities by type (a list to jump through mentions), claims as speaker → content.

Each section is redrawn only when its own data changes: a cursor move touches
the "at cursor" section alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from newsread.analysis import Claim, Entity
from newsread.analysis.entities import EntityGroup, group_entities
from newsread.annotators import annotator_key
from newsread.model import Annotation, Tag, same_hand
from tui.highlights import ENTITY_GROUPS, GROUP_COLORS, entity_group
from tui.widgets.keyed import KeyedOptionList, KeyedVerticalScroll
from tui.widgets.shown import shown, visible
from tui.wording import differing_excerpt, plural, short

#: The side panel's width (its border and padding included) where there is room.
PANEL_WIDTH = 44
#: The fewest columns the panel is drawn in: below, it is hidden.
PANEL_MIN = 24
#: The columns the article's text keeps beside the panel: the panel yields to
#: it (at 50 columns it had 6 of them, two letters to a line).
TEXT_MIN = 40
#: Below this terminal width the reader shows the panel only when asked (s).
SHOWN_FROM = 100


def side_width(total: int) -> int:
    """The panel's width in a terminal ``total`` columns wide, the text keeping
    TEXT_MIN of them; 0 when fewer than PANEL_MIN are left (it is hidden)."""
    room = min(PANEL_WIDTH, total - TEXT_MIN)
    return room if room >= PANEL_MIN else 0


def append_tag_names(
    text: Text, ann: Annotation, tags: dict[str, Tag], sep: str = "", width: int = 0
) -> None:
    """``[tag]`` labels in their tags' colours; a note-only annotation reads ``[note]``.

    ``width``: the columns the text is drawn in. A label that would not fit
    on the line starts the next one: Rich wraps only at spaces, and folded a
    run of labels inside one (a ``]`` alone on a line)."""
    column = cell_len(text.plain.rpartition("\n")[2])
    for name in ann.tags or ["note"]:
        color = tags[name].color if name in tags else "white"
        label = visible(f"{sep}[{name}]")
        if width and column and column + cell_len(label) > width:
            text.append("\n")
            label, column = visible(f"[{name}]"), 0
        text.append(label, style=f"bold {color}")
        column += cell_len(label)


def annotation_line(
    text: Text,
    ann: Annotation,
    tags: dict[str, Tag],
    me: str = "",
    names: Mapping[str, str] | None = None,
    width: int = 0,
) -> None:
    """``names``: annotator key -> the spelling the screen shows for them
    (ReaderModel.spellings), so one annotator is not shown under two;
    ``width``: the columns it is drawn in (see append_tag_names)."""
    append_tag_names(text, ann, tags, width=width)
    if not same_hand(ann, me):
        name = (names or {}).get(annotator_key(ann.annotator), ann.annotator)
        text.append(visible(f" by {name}"), style="italic")
    if ann.orphan:
        text.append(" (could not be placed)", style="red")
    first = ann.first_tagged
    if first is None:
        text.append(visible(f" {short(ann.quote, 70)}\n"))
    else:
        # Placed by similarity on words that changed since it was made: both
        # lines show where they differ, which a cut from the end can hide.
        text.append(visible(f" {differing_excerpt(ann.quote, first, 70)}\n"))
        excerpt = differing_excerpt(first, ann.quote, 60)
        text.append(visible(f"   ≈ first tagged: {excerpt}\n"), style="yellow")
    if ann.note:
        text.append(visible(f"   ✎ {short(ann.note, 66)}\n"), style="italic dim")


class LaidOut(Static):
    """A Static whose text is laid out for its width (tag labels kept whole):
    built again when the width changes (a resize, the scrollbar coming)."""

    def show(self, build: Callable[[int], Text]) -> None:
        self._build = build
        self.update(build(self.content_size.width))

    def on_resize(self) -> None:
        build = getattr(self, "_build", None)
        if build is not None:
            self.update(build(self.content_size.width))


class SidePanel(KeyedVerticalScroll):
    def compose(self) -> ComposeResult:
        yield LaidOut(id="side-cursor")
        yield LaidOut(id="side-annotations")
        yield Static(id="side-entities-title")
        yield KeyedOptionList(id="side-entity-list")
        yield Static(id="side-claims")
        yield KeyedOptionList(id="side-claim-list")

    def show_at_cursor(
        self,
        here: list[Annotation],
        tags: dict[str, Tag],
        me: str = "",
        names: Mapping[str, str] | None = None,
    ) -> None:
        """``me``: the reader's annotator; anybody else's annotations say whose
        (spelled as ``names`` has them)."""

        def build(width: int) -> Text:
            text = Text()
            if here:
                text.append("At cursor\n", style="bold underline")
                for ann in here:
                    annotation_line(text, ann, tags, me, names, width)
            return text

        self.query_one("#side-cursor", LaidOut).show(build)

    def show_annotations(
        self,
        annotations: list[Annotation],
        tags: dict[str, Tag],
        me: str = "",
        tag_key: str = "t",
        names: Mapping[str, str] | None = None,
    ) -> None:
        """``tag_key``: the key that tags, as the user has it, for the hint."""
        placed = [a for a in annotations if not a.orphan]
        orphans = [a for a in annotations if a.orphan]

        def build(width: int) -> Text:
            text = Text()
            text.append(f"\nAnnotations ({len(placed)})\n", style="bold underline")
            if not annotations:
                text.append(f"none yet — {tag_key} tags the sentence at the cursor\n", style="dim")
            for ann in placed:
                annotation_line(text, ann, tags, me, names, width)
            if orphans:
                text.append(
                    f"\n{plural(len(orphans), 'annotation')} could not be placed\n",
                    style="bold red",
                )
                for ann in orphans:
                    annotation_line(text, ann, tags, me, names, width)
            return text

        self.query_one("#side-annotations", LaidOut).show(build)

    def show_pending(self, note: str) -> None:
        title = Text()
        title.append("\nEntities\n", style="bold underline")
        title.append(visible(f"{note}\n"), style="dim")
        self.query_one("#side-entities-title", Static).update(title)
        self.query_one("#side-entity-list", OptionList).display = False
        self.query_one("#side-claims", Static).update("")
        self.query_one("#side-claim-list", OptionList).display = False

    def show_analysis(
        self,
        body: str,
        entities: list[Entity],
        claims: list[Claim],
        groups: list[EntityGroup] | None = None,
    ) -> None:
        """``groups``: the entities grouped as the reader groups them (with the
        user's "same entity as" corrections); worked out here when not given."""
        self._show_entities(entities, groups)
        title = Text()
        title.append(f"\nClaims ({len(claims)})", style="bold underline")
        title.append("  enter: jump\n", style="dim")
        self.query_one("#side-claims", Static).update(title)
        options = []
        for index, claim in enumerate(claims):
            speaker = claim.speaker_resolved or claim.speaker
            who = speaker.text if speaker else "—"
            what = claim.content_words() or body[claim.start : claim.end]
            label = Text()
            label.append(f"{claim.kind} {claim.score:.2f} ", style="#ff79c6")
            label.append(visible(f"{short(who, 30)} → "), style="bold")
            label.append(visible(short(what, 70)))
            # Two claims can share a span (a statistic that is also attributed):
            # the index keeps option ids unique.
            options.append(Option(label, id=f"claim:{index}:{claim.start}:{claim.end}"))
        _refill(self.query_one("#side-claim-list", OptionList), options)

    def _show_entities(
        self, entities: list[Entity], groups: list[EntityGroup] | None = None
    ) -> None:
        """One row per entity: its name and how often it is mentioned, short
        forms included ("Louise Carrow 3" counts the later "Carrow")."""
        by_group: dict[str, Counter[str]] = defaultdict(Counter)
        for found in group_entities(entities) if groups is None else groups:
            by_group[entity_group(found.label)][found.name] += len(found.mentions)
        title = Text()
        title.append(f"\nEntities ({len(entities)})", style="bold underline")
        title.append("  tab: list, enter: jump\n", style="dim")
        self.query_one("#side-entities-title", Static).update(title)
        options = []
        for group in ENTITY_GROUPS:
            if group not in by_group:
                continue
            options.append(Option(Text(group, style=f"bold {GROUP_COLORS[group]}"), disabled=True))
            for name, count in by_group[group].most_common():
                label = shown(f"  {short(name, 32)} ", GROUP_COLORS[group])
                label.append(str(count), style="dim")
                # One name can sit in two groups (a person and a place called
                # Washington): the position keeps option ids unique.
                options.append(Option(label, id=f"entity:{len(options)}:{name}"))
        _refill(self.query_one("#side-entity-list", OptionList), options)


def _refill(option_list: OptionList, options: list[Option]) -> None:
    """Replace the options, keeping the highlight where it was, hidden when empty."""
    highlighted = option_list.highlighted
    option_list.clear_options()
    option_list.add_options(options)
    option_list.display = bool(options)
    if highlighted is not None and highlighted < option_list.option_count:
        option_list.highlighted = highlighted
