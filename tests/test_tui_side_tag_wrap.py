"""The side panel lays a run of tag labels out whole: a label that does not
fit on the line starts the next one (Rich wrapped the run, which has no
spaces, inside a label: a ``]`` alone on a line), and again when the panel's
width changes."""

from __future__ import annotations

import unicodedata

from rich.text import Text

from newsread.config import Config
from newsread.model import Annotation
from tests.pilot_helpers import BODY, make_library, open_first_reader, wait_until
from tui.app import NewsreadApp
from tui.widgets.side_panel import append_tag_names

TAGS = [
    "[bold]x[/]",
    "spaced out",
    "Check",
    "CHECK",
    "é",
    unicodedata.normalize("NFD", "é"),
    "follow-up",
    "verify",
    "这座桥",
]


def drawn_lines(widget) -> list[str]:
    return [
        "".join(segment.text for segment in widget.render_line(y)).rstrip()
        for y in range(widget.size.height)
    ]


def labels_whole(lines: list[str]) -> bool:
    text = "\n".join(lines)
    return all(f"[{name}]" in text for name in TAGS) and not any(
        line.startswith("]") for line in lines
    )


def test_a_label_that_does_not_fit_starts_the_next_line():
    text = Text("")
    ann = Annotation(id="a", article_id="x", start=0, end=3, quote="The", tags=TAGS)
    append_tag_names(text, ann, {}, width=20)
    lines = text.plain.split("\n")
    assert all(len(line) <= 20 for line in lines)
    assert "".join(lines) == "".join(f"[{name}]" for name in TAGS)
    assert lines[0] == "[[bold]x[/]]"  # with "[spaced out]" it would be 24 columns


async def test_the_side_panel_never_breaks_a_tag_label(tmp_path, pipeline):
    library = make_library(tmp_path / "lib")
    library.save_annotation(
        Annotation(id="a1", article_id="harbour01", start=0, end=3, quote=BODY[:3], tags=TAGS)
    )
    app = NewsreadApp(library, Config())
    async with app.run_test(size=(100, 36)) as pilot:
        reader = await open_first_reader(pilot, app)
        at_cursor = reader.query_one("#side-cursor")
        listed = reader.query_one("#side-annotations")
        await wait_until(pilot, lambda: drawn_lines(at_cursor)[:1] == ["At cursor"])
        assert labels_whole(drawn_lines(at_cursor))
        assert labels_whole(drawn_lines(listed))
        # Laid out again for a new width.
        at_cursor.styles.width = 23
        await wait_until(pilot, lambda: at_cursor.content_size.width == 23)
        await wait_until(pilot, lambda: "[spaced out]" in drawn_lines(at_cursor)[2])
        assert labels_whole(drawn_lines(at_cursor))
