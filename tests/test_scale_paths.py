"""The paths that keep a 100,000-article library fast stay correct.

No timing here (benchmarks/bench_scale.py prints the figures): the derived
same-story cache (story-shingles.npz) is rebuilt when damaged or stale, a
library made with the previous format (story-shingles.json) opens and keeps
its groups, incremental grouping gives the groups a full pass gives, the
table-at-a-time reads keep every other table intact, list --json streams the
same JSON it always printed, and writers in two processes lose nothing.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from newsread.ingest.samestory import shingles, story_groups
from newsread.model import Article
from storage import story_index
from storage.library import Library
from storage.story_index import regroup

WORDS = [
    "rates",
    "port",
    "crane",
    "strike",
    "council",
    "budget",
    "river",
    "school",
    "court",
    "union",
    "energy",
]


def _story(rng: random.Random, words: int = 120) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randint(0, 400)) for _ in range(words))


def _articles(n: int, seed: int = 3) -> list[Article]:
    """n articles; every third one a lightly edited copy of an earlier one."""
    rng = random.Random(seed)
    out: list[Article] = []
    for i in range(n):
        if i % 3 == 2:
            base = out[rng.randrange(len(out))].body
            body = "A new lead paragraph for this copy. " + base[: len(base) * 2 // 3]
        else:
            body = _story(rng)
        out.append(Article(id=f"id{i:03d}", title=f"T{i}", body=body, source="S"))
    return out


def _groups(lib: Library) -> dict[str, str]:
    return {m["id"]: m["story_group"] for m in lib.article_metas()}


def _expected(articles: list[Article]) -> dict[str, str]:
    return story_groups([(a.id, a.body) for a in articles])


def test_incremental_grouping_matches_a_full_pass(tmp_path):
    articles = _articles(60)
    lib = Library(tmp_path)
    lib.save_articles(articles[:40])
    regroup(lib, articles[:40])
    for i in range(40, 60):  # one import at a time: the incremental path
        lib.save_articles([articles[i]])
        regroup(lib, [articles[i]])
    assert _groups(lib) == _expected(articles)
    assert len(set(_groups(lib).values())) < 60  # there were copies to find
    assert (tmp_path / story_index.FILE).exists()


def test_changed_text_is_shingled_again(tmp_path):
    articles = _articles(30)
    lib = Library(tmp_path)
    lib.save_articles(articles)
    regroup(lib, articles)
    # id005 becomes a copy of id000: its cached shingles are stale now.
    changed = Article(id="id005", title="T5", body=articles[0].body, source="S")
    lib.save_articles([changed])
    regroup(lib)  # not told which one changed: the content hash says so
    articles[5] = changed
    assert _groups(lib) == _expected(articles)
    assert _groups(lib)["id005"] == _groups(lib)["id000"]


def test_a_damaged_cache_is_rebuilt_not_trusted(tmp_path):
    articles = _articles(30)
    lib = Library(tmp_path)
    lib.save_articles(articles[:29])
    regroup(lib, articles[:29])
    path = tmp_path / story_index.FILE
    good = path.read_bytes()
    for damage in (b"", b"not a zip at all", good[: len(good) // 2], good[:-40] + b"\0" * 40):
        path.write_bytes(damage)
        assert story_index._load(lib) is None
    lib.save_articles(articles[29:])
    regroup(lib, articles[29:])
    assert _groups(lib) == _expected(articles)
    assert story_index._load(lib) is not None


def test_a_library_of_the_previous_format_opens_and_keeps_working(tmp_path):
    """library.json as earlier versions wrote it (json.dumps, the articles table
    inside) and the JSON shingle cache: read, grouped, migrated."""
    articles = _articles(24)
    tables = {
        "_meta": {"1": {"schema": 1}},
        "articles": {str(i + 1): a.meta_dict() for i, a in enumerate(articles)},
        "tags": {"1": {"name": "check", "color": "", "key": "", "description": ""}},
    }
    groups = _expected(articles)
    for doc in tables["articles"].values():
        doc["story_group"] = groups[doc["id"]]
    (tmp_path / "library.json").write_text(json.dumps(tables, ensure_ascii=False))
    (tmp_path / "bodies").mkdir()
    for a in articles:
        (tmp_path / "bodies" / f"{a.id}.txt").write_text(a.body)
    old_cache = {a.id: sorted(shingles(a.body)) for a in articles}
    (tmp_path / "story-shingles.json").write_text(json.dumps(old_cache))

    lib = Library(tmp_path)
    assert sorted(m["id"] for m in lib.article_metas()) == sorted(a.id for a in articles)
    assert lib.get_article("id003").body == articles[3].body
    assert [t.name for t in lib.tags()] == ["check"]
    more = _articles(27, seed=3)[24:]  # the same generator: copies of the old ones
    lib.save_articles(more)
    regroup(lib, more)
    assert _groups(lib) == _expected(articles + more)
    assert not (tmp_path / "story-shingles.json").exists()
    assert (tmp_path / story_index.FILE).exists()


def test_a_tags_change_keeps_the_article_table_intact(tmp_path):
    lib = Library(tmp_path)
    articles = _articles(12)
    lib.save_articles(articles)
    before = json.loads((tmp_path / "library.json").read_text())
    lib.ensure_tag("check", "red")
    after = json.loads((tmp_path / "library.json").read_text())
    assert after["articles"] == before["articles"]
    assert after["_meta"] == before["_meta"]
    assert [t["name"] for t in after["tags"].values()] == ["check"]
    # The shared parse is never changed by what TinyDB does with its copy.
    assert Library(tmp_path).get_meta("id001")["title"] == "T1"
    assert _groups(lib)["id001"] == ""


def test_list_json_streams_what_json_dumps_printed(tmp_path, capsys):
    from tui.cli import main

    lib = Library(tmp_path)
    assert main(["list", "--json", "--library", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "[]\n"
    lib.save_articles(
        [Article(id="abcd1234", title='Qu"ote é \u2028', body="Body.", source="S"), *_articles(3)]
    )
    assert main(["list", "--json", "--library", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    rows = json.loads(out)
    assert out == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert len(rows) == 4


_WRITER = """
import sys
from pathlib import Path
from newsread.model import Article
from storage.library import Library
lib = Library(Path(sys.argv[1]))
who = sys.argv[2]
for i in range(15):
    lib.save_articles([Article(id=f"{who}{i:03d}", title=f"{who} {i}", body=f"Body {who} {i}.",
                               source="S")])
    lib.ensure_tag(f"{who}-{i}")
"""


def test_two_processes_writing_lose_nothing(tmp_path):
    Library(tmp_path)
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), who], cwd=Path.cwd())
        for who in ("one", "two")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    lib = Library(tmp_path)
    assert lib.article_ids() == {f"{w}{i:03d}" for w in ("one", "two") for i in range(15)}
    assert {t.name for t in lib.tags()} == {f"{w}-{i}" for w in ("one", "two") for i in range(15)}
