"""Colours for entity types, claims and tags, and the highlight spans built from them."""

from __future__ import annotations

from rich.color import Color
from rich.style import Style

from newsread.analysis import Analysis
from newsread.model import Annotation, Tag
from tui.widgets.article_view import Highlight

# A small palette: people, organisations, places, dates/numbers, other.
ENTITY_GROUPS: dict[str, tuple[str, ...]] = {
    "people": ("PERSON", "NORP"),
    "organisations": ("ORG",),
    "places": ("GPE", "LOC", "FAC"),
    "dates and numbers": ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"),
    "other": ("PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"),
}
GROUP_COLORS = {
    "people": "#ffb86c",
    "organisations": "#8be9fd",
    "places": "#50fa7b",
    "dates and numbers": "#bd93f9",
    "other": "#f1fa8c",
}
LABEL_GROUP = {label: group for group, labels in ENTITY_GROUPS.items() for label in labels}
# Claims are underlined without a colour of their own, so the entity colours and
# tag backgrounds inside them stay readable; the reporting cue is picked out.
CLAIM_STYLE = Style(underline=True)
CLAIM_CUE_STYLE = Style(underline=True, bold=True, color="#ff79c6")


def entity_group(label: str) -> str:
    return LABEL_GROUP.get(label, "other")


def entity_style(label: str) -> Style:
    return Style(color=GROUP_COLORS[entity_group(label)], bold=True)


def tag_background(color: str) -> Style:
    """A darkened tag colour as background, so text on it stays readable."""
    try:
        rgb = Color.parse(color or "#e5c07b").get_truecolor()
    except Exception:  # noqa: BLE001 - a bad colour in the library falls back
        rgb = Color.parse("#e5c07b").get_truecolor()
    dark = Color.from_rgb(rgb.red * 0.45, rgb.green * 0.45, rgb.blue * 0.45)
    return Style(bgcolor=dark)


def analysis_highlights(analysis: Analysis) -> list[Highlight]:
    spans = [Highlight(e.start, e.end, entity_style(e.label), "entity") for e in analysis.entities]
    for claim in analysis.claims:
        spans.append(Highlight(claim.start, claim.end, CLAIM_STYLE, "claim"))
        if claim.cue is not None:
            spans.append(Highlight(claim.cue.start, claim.cue.end, CLAIM_CUE_STYLE, "claim"))
    return spans


def annotation_highlights(annotations: list[Annotation], tags: dict[str, Tag]) -> list[Highlight]:
    """Tags as backgrounds. Where annotations overlap or nest, the later (or
    inner) one is also underlined in its own colour, so both stay visible."""

    def color_of(ann: Annotation) -> str:
        return tags[ann.tags[0]].color if ann.tags and ann.tags[0] in tags else "#e5c07b"

    live = sorted((a for a in annotations if not a.orphan), key=lambda a: (a.start, -a.end))
    spans = [Highlight(a.start, a.end, tag_background(color_of(a)), "tag") for a in live]
    for index, ann in enumerate(live):
        if any(other.start < ann.end and ann.start < other.end for other in live[:index]):
            style = Style(underline=True, color=color_of(ann), bold=True)
            spans.append(Highlight(ann.start, ann.end, style, "tag"))
    return spans
