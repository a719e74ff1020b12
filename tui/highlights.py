"""Colours for entity types, claims and tags, and the highlight spans built from them."""

from __future__ import annotations

from rich.color import Color
from rich.style import Style

from newsread.analysis import Analysis
from newsread.config import ClaimDisplay
from newsread.model import Annotation, Tag, same_hand
from tui.widgets.article_view import MARK_GLYPHS, Highlight, Mark

# A small palette: people, organisations, places, nationalities and groups
# (NORP: "Chinese", "Democrats" are no persons), dates/numbers, other.
ENTITY_GROUPS: dict[str, tuple[str, ...]] = {
    "people": ("PERSON",),
    "organisations": ("ORG",),
    "places": ("GPE", "LOC", "FAC"),
    "nationalities and groups": ("NORP",),
    "dates and numbers": ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"),
    "other": ("PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"),
}
GROUP_COLORS = {
    "people": "#ffb86c",
    "organisations": "#8be9fd",
    "places": "#50fa7b",
    "nationalities and groups": "#ff9580",
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


#: Claims whose words someone is reported to have said: underlined. The
#: others (``statistic``, ``factual``) are whole sentences, most of an
#: article, and get a margin mark instead when they are check-worthy enough.
UNDERLINED_KINDS = frozenset({"quote", "attributed"})
MARKED_KINDS = frozenset({"statistic", "factual"})


def analysis_highlights(analysis: Analysis, shown: ClaimDisplay | None = None) -> list[Highlight]:
    """Entity colours and claim underlines.

    By default ("sources") a quote or attributed claim has its speaker and
    cue underlined, the cue picked out: who says it and where, while its
    content, the better part of a news article, stays plain. "claims"
    underlines the whole of those claims, "none" nothing.
    """
    underline = (shown or ClaimDisplay()).underline
    spans = [Highlight(e.start, e.end, entity_style(e.label), "entity") for e in analysis.entities]
    if underline == "none":
        return spans
    for claim in analysis.claims:
        if claim.kind not in UNDERLINED_KINDS:
            continue
        if underline == "claims":
            spans.append(Highlight(claim.start, claim.end, CLAIM_STYLE, "claim"))
        elif claim.speaker is not None:
            spans.append(Highlight(claim.speaker.start, claim.speaker.end, CLAIM_STYLE, "claim"))
        if claim.cue is not None:
            spans.append(Highlight(claim.cue.start, claim.cue.end, CLAIM_CUE_STYLE, "claim"))
    return spans


def claim_marks(analysis: Analysis, shown: ClaimDisplay | None = None) -> list[Mark]:
    """Margin marks for check-worthy statistic and factual sentences scoring at
    least the threshold; the mark's level follows the score over the rest of
    the way to 1, in as many steps as there are glyphs."""
    threshold = (shown or ClaimDisplay()).mark_threshold
    steps = len(MARK_GLYPHS)
    marks = []
    for claim in analysis.claims:
        if claim.kind not in MARKED_KINDS or claim.score < threshold:
            continue
        room = 1.0 - threshold
        level = steps - 1 if room <= 0 else int((claim.score - threshold) / room * steps)
        marks.append(Mark(claim.start, claim.end, min(level, steps - 1)))
    return marks


def annotation_highlights(
    annotations: list[Annotation], tags: dict[str, Tag], me: str = ""
) -> list[Highlight]:
    """Tags as backgrounds. Where annotations overlap or nest, the later (or
    inner) one is also underlined in its own colour, so both stay visible.
    Another annotator's (not ``me``, see same_hand) are underlined in their
    tag's colour without a background: theirs stay distinct from yours."""

    def color_of(ann: Annotation) -> str:
        return tags[ann.tags[0]].color if ann.tags and ann.tags[0] in tags else "#e5c07b"

    live = sorted((a for a in annotations if not a.orphan), key=lambda a: (a.start, -a.end))
    spans: list[Highlight] = []
    for ann in live:
        if same_hand(ann, me):
            spans.append(Highlight(ann.start, ann.end, tag_background(color_of(ann)), "tag"))
        else:
            style = Style(underline=True, color=color_of(ann), italic=True)
            spans.append(Highlight(ann.start, ann.end, style, "tag"))
    for index, ann in enumerate(live):
        if same_hand(ann, me) and any(
            other.start < ann.end and ann.start < other.end for other in live[:index]
        ):
            style = Style(underline=True, color=color_of(ann), bold=True)
            spans.append(Highlight(ann.start, ann.end, style, "tag"))
    return spans
