"""One rule for what a letter is without its case and accents
(newsread.textfold), shared by search and title order."""

from __future__ import annotations

import subprocess
import sys

from newsread.search import fold_tokens
from newsread.sorting import title_key
from newsread.textfold import fold


def test_title_order_keeps_a_kanas_voicing_mark_as_search_does():
    # Title order folded with NFKD of its own, which took the voicing mark off
    # が: がくせい sorted as かくせい, before かさ, while search tells が from か.
    assert sorted(["がくせい", "かさ"], key=title_key) == ["かさ", "がくせい"]
    assert fold_tokens("が") != fold_tokens("か")


def test_title_order_folds_what_search_folds():
    for word in ["Zürich", "ÉCLAIR", "naïve", "Ølmühle", "Straße", "東京Tower"]:
        assert title_key(word) == fold(word.casefold())
    assert title_key("Éclair") == title_key("eclair") == "eclair"
    assert title_key("ﬁne Print") == "fine print"  # a ligature among the f's


def test_search_folds_with_the_same_rule():
    import newsread.search.matching

    assert newsread.search.matching.fold is fold
    assert fold_tokens("Zürich ÉCLAIR") == ["zurich", "eclair"]


def test_title_order_does_not_load_the_search_package():
    # The library's first screen orders titles and must not load the query
    # parser (tests/test_app_start.py checks the whole screen).
    code = "import sys, newsread.sorting; print('newsread.search' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
