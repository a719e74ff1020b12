""" "Let's say X", "won't let the board tell them Y": what the complement of
"let" says is allowed or supposed, not said by anyone."""

from __future__ import annotations

import pytest

from tests.analysis_helpers import analyse


@pytest.mark.parametrize(
    "text",
    [
        "The ferry crews will not let the harbour board tell them how to run the night shift.\n",
        "Let's say the new quay costs twice as much as the council planned.\n",
    ],
    ids=["let them tell", "let's say"],
)
def test_complement_of_let_is_no_report(pipeline, text) -> None:
    assert all(c.cue is None for c in analyse(pipeline, text).claims)
