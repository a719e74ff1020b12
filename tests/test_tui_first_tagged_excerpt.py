"""The side panel's "≈ first tagged" line shows where the words first tagged
differ from the words now, however far into a long quote that is: it was cut
from the end, hiding a change late in the quote ("9 million" become "9.5
million")."""

from __future__ import annotations

import pytest

from newsread.config import Config
from newsread.model import REQUOTED_FROM, Annotation
from storage.library import Library
from tests.pilot_helpers import BODY, SIZE, make_library, open_first_reader, wait_until
from tui.app import NewsreadApp
from tui.wording import differing_excerpt

NOW = "said union leader Mara Quist. The crane cost 12 million dollars, according to the board"
FIRST = NOW.replace("12 million", "10 million")


def _requoted(root) -> Library:
    library = make_library(root)
    start = BODY.index(NOW)
    library.save_annotation(
        Annotation(
            id="r1",
            article_id="harbour01",
            start=start,
            end=start + len(NOW),
            quote=NOW,
            tags=["check"],
            data={REQUOTED_FROM: FIRST},
        )
    )
    return library


@pytest.mark.parametrize("size", [SIZE, (80, 30)], ids=["wide", "narrow"])
async def test_the_first_tagged_line_shows_the_changed_figure(tmp_path, size):
    app = NewsreadApp(_requoted(tmp_path / "lib"), Config())
    async with app.run_test(size=size) as pilot:
        reader = await open_first_reader(pilot, app)

        def side() -> str:
            return str(reader.query_one("#side-annotations").render())

        await wait_until(pilot, lambda: "first tagged" in side())
        [line] = [x for x in side().splitlines() if "≈ first tagged:" in x]
        assert "10 million dollars" in line
        assert line.rstrip().endswith("…") or line.rstrip().endswith("board")
        assert "…" in line.split("first tagged:")[1][:3]
        # The words now are shown around the same place.
        [now] = [x for x in side().splitlines() if "[check]" in x]
        assert "12 million dollars" in now


@pytest.mark.parametrize("limit", [12, 20, 40, 60, 200])
def test_an_excerpt_holds_the_first_difference_at_any_length(limit):
    first = "Tobias Elling of the Port Ellery Ratepayers Association said 9 million pounds."
    now = first.replace("9 million", "9.5 million")
    excerpt = differing_excerpt(first, now, limit)
    assert len(excerpt) <= max(limit, len(first))
    if len(first) > limit:
        assert excerpt.startswith("…")
    assert "9 m" in excerpt or (limit < 20 and "9" in excerpt)


def test_a_short_quote_and_one_differing_at_its_start_are_not_cut_at_the_front():
    assert differing_excerpt("9 million pounds", "9.5 million pounds") == "9 million pounds"
    long = "Mara Quint " + "said a great many things at the meeting on Monday night " * 2
    excerpt = differing_excerpt(long, long.replace("Mara Quint", "Maria Quinn"), 40)
    assert excerpt.startswith("Mara Quint") and excerpt.endswith("…")
