"""Search in Chinese, Japanese and Korean text, written without spaces between
words: runs of those characters are indexed as overlapping character pairs
(newsread.search.cjk), so a word inside a run is found, highlighted where it
stands, and other scripts are cut as they always were.

The sentences are made up for these tests.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from newsread.model import Article
from newsread.search import find_matches, fold_tokens, parse_query
from storage.library import Library
from storage.search_index import FILE, SearchIndex
from tests.test_search import store_analysis

# "The new library by the river opens tomorrow. The mayor said the library is
# big. Its reading room has a thousand seats."
LIBRARY_CN = Article(
    id="library",
    title="河边图书馆",
    body="河边的新图书馆明天开门。市长说图书馆很大，阅览室有一千个座位。",
    source="河边日报",
    published="2026-11-02",
)
# "The mayor opened the bridge; reporters asked about the library." (once)
BRIDGE_CN = Article(
    id="bridge",
    title="新桥",
    body="市长今天打开了新桥。记者问了图书馆的事。Reporters asked about Python教程 too.",
    published="2026-11-01",
)
# "A new train started running at the station in Tokyo. It's fine to go."
TRAIN_JA = Article(
    id="train",
    title="東京の電車",
    body="東京の駅で新しい電車が走り始めた。行くがいい。",
    published="2026-10-30",
)
# "The mayor of Seoul said the bridge opens in May."
SEOUL_KO = Article(
    id="seoul",
    title="서울 소식",
    body="서울 시장은 다리가 오월에 열린다고 말했다.",
    published="2026-10-29",
)
LATIN = Article(
    id="latin",
    title="Harbour report",
    body="The harbour board in Zürich met; مرحبا بالعالم and नमस्ते दुनिया were on the agenda.",
    published="2026-10-28",
)
ALL = [LIBRARY_CN, BRIDGE_CN, TRAIN_JA, SEOUL_KO, LATIN]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "lib")
    library.save_articles(ALL)
    return library


def ids(index: SearchIndex, query: str) -> list[str]:
    return sorted(hit.article_id for hit in index.search(query, limit=100))


# -- tokens ---------------------------------------------------------------------------


def test_a_cjk_run_is_cut_into_overlapping_pairs_and_its_last_character() -> None:
    from newsread.search.cjk import index_text

    assert fold_tokens("图书馆") == ["图书", "书馆", "馆"]
    # A query may stop inside a run of the text: its last run stays open.
    assert fold_tokens("图书馆", open_end=True) == ["图书", "书馆"]
    assert fold_tokens("馆", open_end=True) == ["馆"]
    # A script change splits a word; a run followed by more words is closed.
    assert fold_tokens("这是Python教程", open_end=True) == ["这是", "是", "python", "教程"]
    assert fold_tokens("新桥。记者", open_end=True) == ["新桥", "桥", "记者"]
    assert index_text("市长说The mayor") == " 市长 长说 说 The mayor"


def test_kana_and_hangul_are_not_folded_apart() -> None:
    # NFD would take the voicing mark off が and cut 한 into its letters;
    # unicode61 keeps both as they are.
    assert fold_tokens("が", open_end=True) == ["が"]
    assert fold_tokens("서울", open_end=True) == ["서울"]
    assert find_matches("行くがいい", parse_query("か").terms) == []


@pytest.mark.parametrize(
    "text",
    [
        "Zürich café, NAÏVE well-known",
        "مرحبا بالعالم، قال الوزير",
        "नमस्ते दुनिया। मंत्री ने कहा",
        "Ｆｕｌｌｗｉｄｔｈ ４２ snake_case",
    ],
)
def test_other_scripts_are_cut_as_before(text: str) -> None:
    from newsread.search.cjk import index_text

    def fold(word: str) -> str:
        decomposed = unicodedata.normalize("NFD", word)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()

    before = [fold(w) for w in re.findall(r"[^\W_]+", text)]
    assert fold_tokens(text) == before
    assert fold_tokens(text, open_end=True) == before
    assert index_text(text) == text


# -- searching ------------------------------------------------------------------------


def test_a_word_inside_a_run_is_found(library: Library) -> None:
    index = SearchIndex(library)
    assert ids(index, "图书馆") == ["bridge", "library"]
    assert ids(index, "书馆") == ["bridge", "library"]
    assert ids(index, "阅览室") == ["library"]
    assert ids(index, "图书馆明天") == ["library"]  # pairs in order, next to each other
    assert ids(index, "馆图书") == []
    # The pairs must stand in one run: punctuation between breaks it ...
    assert ids(index, "开门市长") == []
    # ... and is what a phrase across runs matches.
    assert ids(index, '"开门 市长"') == ["library"]
    assert ids(index, "图书馆 -阅览室") == ["bridge"]
    assert ids(index, "電車") == ["train"]
    assert ids(index, "走り始め") == ["train"]
    assert ids(index, "が") == ["train"]
    assert ids(index, "か") == []
    assert ids(index, "서울") == ["seoul"]
    assert ids(index, "시장") == ["seoul"]
    assert ids(index, "열린다") == ["seoul"]


def test_one_character_matches_anywhere_in_a_run(library: Library) -> None:
    index = SearchIndex(library)
    assert ids(index, "馆") == ["bridge", "library"]  # 馆明 and 馆很; 馆的
    assert ids(index, "桥") == ["bridge"]  # 新桥 at a run's end only
    assert ids(index, "门") == ["library"]


def test_mixed_scripts_split_at_the_change(library: Library) -> None:
    index = SearchIndex(library)
    assert ids(index, "Python") == ["bridge"]
    assert ids(index, "教程") == ["bridge"]
    assert ids(index, "Python教程") == ["bridge"]
    assert ids(index, '"about Python教"') == ["bridge"]
    assert ids(index, "Python教程的") == []
    # Other scripts are found as before.
    assert ids(index, "zurich") == ["latin"]
    assert ids(index, "بالعالم") == ["latin"]
    assert ids(index, "दुनिया") == ["latin"]


def test_the_article_with_more_matches_ranks_first(library: Library) -> None:
    index = SearchIndex(library)
    hits = index.search("图书馆")
    # Twice in the body and once in the title, against once in a body.
    assert [h.article_id for h in hits] == ["library", "bridge"]
    assert hits[0].score > hits[1].score > 0


def test_matches_and_snippets_mark_the_words_characters(library: Library) -> None:
    index = SearchIndex(library)
    [hit] = index.search("书馆 阅览室")
    body = LIBRARY_CN.body
    marked = [
        (m.field, (body if m.field == "body" else LIBRARY_CN.title)[m.start : m.end])
        for m in hit.matches
    ]
    assert marked == [
        ("title", "书馆"),
        ("body", "书馆"),
        ("body", "书馆"),
        ("body", "阅览室"),
    ]
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.highlights] == ["书馆", "书馆", "阅览室"]
    [hit] = index.search("Python教程")
    assert [BRIDGE_CN.body[m.start : m.end] for m in hit.matches] == ["Python教程"]
    [hit] = index.search("桥")
    assert [(m.field, m.start, m.end) for m in hit.matches] == [
        ("title", 1, 2),
        ("body", 8, 9),
    ]
    [hit] = index.search("が")
    assert [TRAIN_JA.body[m.start : m.end] for m in hit.matches] == ["が", "が"]


def test_entities_speakers_and_sources_in_cjk(library: Library) -> None:
    store_analysis(library, LIBRARY_CN, [("河边图书馆", "ORG")], speakers=["王市长"])
    index = SearchIndex(library)
    assert ids(index, "entity:图书馆") == ["library"]
    assert ids(index, "entity:河") == ["library"]  # a lone character: a prefix
    assert ids(index, "entity:图书馆书") == []
    assert ids(index, "speaker:市长") == ["library"]
    assert ids(index, "speaker:王") == ["library"]
    assert ids(index, "source:日报") == ["library"]


def test_changes_and_removals_leave_the_index_as_a_rebuild_would(library: Library) -> None:
    """Rows leave an external-content FTS5 table only through its 'delete'
    command, given the texts it indexed: wrong ones would leave stale pairs."""
    index = SearchIndex(library)
    index.sync()
    library.save_articles([Article(id="library", title="河边图书馆", body="图书馆下个月关门。")])
    library.delete_articles(["train"])
    assert ids(index, "阅览室") == []
    assert ids(index, "关门") == ["library"]
    assert ids(index, "電車") == []

    def vocabulary() -> list[tuple[str, int, int]]:
        conn = index._connection()
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, fts, row)")
        return conn.execute("SELECT term, doc, cnt FROM temp.v ORDER BY term").fetchall()

    incremental = vocabulary()
    index.rebuild()
    assert vocabulary() == incremental
    assert ("阅览", 1, 1) not in incremental and ("关门", 1, 1) in incremental


def old_format_index(root: Path) -> None:
    """An index as made before CJK runs were cut into pairs (format 2: one
    FTS5 table holding the texts, a run as one word)."""
    for path in root.glob(f"{FILE}*"):
        path.unlink()
    with sqlite3.connect(root / FILE) as conn:
        conn.executescript(
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO meta VALUES ('format', '2'), ('stamps', '{}');"
            "CREATE TABLE docs(id INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE);"
            "CREATE VIRTUAL TABLE fts USING fts5(title, body, notes, quotes, tags, entities,"
            " speakers, tokenize = 'unicode61 remove_diacritics 2');"
        )
        conn.execute(
            "INSERT INTO fts(rowid, title, body, notes, quotes, tags, entities, speakers)"
            " VALUES (1, ?, ?, '', '', '', '', '')",
            (LIBRARY_CN.title, LIBRARY_CN.body),
        )
    conn.close()


def test_an_index_of_the_old_format_is_rebuilt_and_finds_words(library: Library) -> None:
    old_format_index(library.root)
    index = SearchIndex(library)
    assert index.needs_build()
    assert ids(index, "图书馆") == ["bridge", "library"]
    assert not index.needs_build()


def test_cli_search_finds_a_word_inside_a_run(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    assert main(["search", "阅览室", "--json", "--library", str(library.root)]) == 0
    [hit] = json.loads(capsys.readouterr().out)
    assert hit["article_id"] == "library"
    start, end = hit["snippet_highlights"][0]
    assert hit["snippet"][start:end] == "阅览室"


KILL_QUERIES = ["图书馆", "阅览室", "桥", "電車", "서울", "Python", "harbour"]


def kill_answers(root: Path) -> dict[str, list[str]]:
    notices: list[str] = []
    with SearchIndex(Library(root), on_notice=notices.append) as index:
        out = {q: ids(index, q) for q in KILL_QUERIES}
    assert not [n for n in notices if "damaged" in n], notices
    return out


def test_killed_while_rebuilding_an_old_format_index(library: Library, tmp_path: Path) -> None:
    """The first search after an upgrade rebuilds the old index in one
    transaction: killed anywhere in it, the old index stays, and the next
    search rebuilds it and finds the words."""
    from tests.test_search_faults import count_points, run_index

    code = "index.sync()\n"
    old_format_index(library.root)
    points = count_points(library.root, code, tmp_path)
    expected = {
        "图书馆": ["bridge", "library"],
        "阅览室": ["library"],
        "桥": ["bridge"],
        "電車": ["train"],
        "서울": ["seoul"],
        "Python": ["bridge"],
        "harbour": ["latin"],
    }
    for point in sorted({1, points // 2, points - 1, points}):
        root = tmp_path / f"killed-{point}"
        shutil.copytree(library.root, root, ignore=shutil.ignore_patterns(f"{FILE}*"))
        old_format_index(root)
        done = run_index(root, code, f"kill:{point}")
        assert done.returncode == -signal.SIGKILL, (point, done.returncode, done.stderr)
        assert kill_answers(root) == expected, f"killed at point {point} of {points}"
