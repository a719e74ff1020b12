"""Shared boilerplate in a library: every way an import groups (the whole
library at once, a few articles with numpy, one file without it) keeps
unrelated stories with the same notice apart, and a library whose shingle
cache is of the format without places (grouped by the old rule) is regrouped
by the next import, surviving a kill at any of its writes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from newsread.model import Article
from storage import story_index
from storage.library import Library
from storage.story_cache import read, read_light
from storage.story_index import DELTA_FILE, FILE, regroup
from tests.test_faults import _copy, _kill_at_every_boundary, newsread, python
from tests.test_samestory_boilerplate import NOTICE, STORIES, WIRE, _paraphrase
from tests.test_story_light_faults import _state


def _articles() -> list[Article]:
    """The stories with the notice, one wire story, and filler without either."""
    out = [
        Article(id=f"n{i}", title=f"N{i}", body=f"{story}\n\n{NOTICE}", source="S")
        for i, story in enumerate(STORIES)
    ]
    out.append(Article(id="w0", title="W", body=WIRE, source="S"))
    for i in range(12):
        words = " ".join(f"filler{i}x{k}" for k in range(80))
        out.append(Article(id=f"f{i:02d}", title=f"F{i}", body=words, source="S"))
    return out


def _groups(lib: Library) -> dict[str, str]:
    return {m["id"]: m["story_group"] for m in lib.article_metas()}


def test_every_grouping_path_keeps_the_notice_stories_apart(tmp_path):
    lib = Library(tmp_path)
    articles = _articles()
    lib.save_articles(articles)
    regroup(lib, articles)  # the whole library: groups_from_arrays
    groups = _groups(lib)
    assert all(groups[f"n{i}"] == f"n{i}" for i in range(len(STORIES)))

    # One more story with the notice and the wire story's paraphrase, one file
    # each: the path without numpy (a delta appended), then the numpy one.
    more = Article(
        id="n9",
        title="N9",
        body="Volunteers planted four hundred oak saplings along the old quarry "
        "path on Saturday, the parks trust said, replacing trees lost in the "
        "winter gales. Schoolchildren from two villages helped, and the trust "
        "plans a second day of planting in March if the ground stays soft.\n\n" + NOTICE,
        source="S",
    )
    copy = Article(id="w1", title="W1", body=_paraphrase(WIRE), source="T")
    for article in (more, copy):
        lib.save_articles([article])
        regroup(lib, [article])
    assert (tmp_path / DELTA_FILE).exists()
    groups = _groups(lib)
    assert groups["n9"] == "n9" and groups["w1"] == "w0"
    assert all(groups[f"n{i}"] == f"n{i}" for i in range(len(STORIES)))

    # A changed text goes through the few-articles path with numpy.
    changed = Article(id="n1", title="N1", body=STORIES[1] + "\n\n" + NOTICE + " Updated.")
    lib.save_articles([changed])
    regroup(lib, [changed])
    assert _groups(lib)["n1"] == "n1"


def _format_one(lib: Path) -> None:
    """Rewrite the library's shingle cache as the previous version wrote it:
    format 1, no places, no delta."""
    cache = story_index._load(Library(lib))
    assert cache is not None
    buffer = io.BytesIO()
    flat = cache.flat
    np.savez(
        buffer,
        format=np.int64(1),
        token=np.int64(11),
        base_token=np.int64(0),
        ids=cache.ids_raw,
        hashes=cache.hashes_raw,
        sizes=cache.sizes,
        flat=flat,
        order=np.argsort(flat, kind="stable").astype(np.int32),
    )
    (lib / FILE).write_bytes(buffer.getvalue())
    (lib / DELTA_FILE).unlink(missing_ok=True)


def test_a_cache_without_places_is_rebuilt_and_the_old_groups_redone(tmp_path):
    lib = Library(tmp_path)
    articles = _articles()
    lib.save_articles(articles)
    regroup(lib, articles)
    _format_one(tmp_path)
    # As the old rule grouped them: all the notice stories one story.
    with lib.lock.hold(), lib.transaction():
        lib.set_story_groups({**_groups(lib), **{f"n{i}": "n0" for i in range(len(STORIES))}})
    assert read(tmp_path / FILE) is None and read_light(tmp_path / FILE) is None

    reopened = Library(tmp_path)
    assert _groups(reopened)["n1"] == "n0"  # opens as it was
    one = Article(id="x1", title="X", body="A short note on nothing in particular at all.")
    reopened.save_articles([one])
    regroup(reopened, [one])
    groups = _groups(Library(tmp_path))
    assert all(groups[f"n{i}"] == f"n{i}" for i in range(len(STORIES)))
    cache = read(tmp_path / FILE)
    assert cache is not None and len(cache[0].ids) == len(articles) + 1


@pytest.fixture(scope="module")
def old_library(tmp_path_factory) -> Path:
    """A library grouped by the old rule, its cache of format 1; a file to import."""
    root = tmp_path_factory.mktemp("oldcache")
    (root / "src").mkdir()
    for i, story in enumerate(STORIES):
        record = {"title": f"Story {i}", "body": f"{story}\n\n{NOTICE}", "source": "Wire"}
        (root / "src" / f"s{i}.json").write_text(json.dumps(record))
    newsread(root / "lib", "import", "--no-analyze", str(root / "src"))
    _format_one(root / "lib")
    code = (
        "ids = sorted(m['id'] for m in lib.article_metas())\n"
        "with lib.lock.hold(), lib.transaction():\n"
        "    lib.set_story_groups({aid: ids[0] for aid in ids})\n"
    )
    done = python(root / "lib", code)
    assert done.returncode == 0, done.stderr
    record = {"title": "Unrelated", "body": WIRE, "source": "Other"}
    (root / "new.json").write_text(json.dumps(record))
    return root


def test_the_migrating_import_survives_a_kill_at_every_write(old_library, tmp_path):
    new = old_library / "new.json"

    def operation(root: Path, fault: str | None):
        return newsread(root / "lib", "import", "--no-analyze", str(new), fault=fault, check=False)

    def check(root, found, before, after, k):
        assert found in (before, after), k
        # The library opens and lists whatever the kill left.
        assert newsread(root / "lib", "list", "--json").returncode == 0

    count = _kill_at_every_boundary(old_library, tmp_path, operation, check, read=_state)
    assert count >= 2
    done = _copy(old_library, tmp_path, 99)
    operation(done, None)
    groups = dict(map(tuple, _state(done / "lib")))
    assert all(aid == group for aid, group in groups.items())  # nothing joined now
    assert read(done / "lib" / FILE) is not None
