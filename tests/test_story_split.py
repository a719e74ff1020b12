"""Removing an article re-forms the same-story group it was in: groups are
single-link, so the removed one may have been the only link between the rest."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.test_faults import _copy, _kill_at_every_boundary, newsread, python

WORDS = "river dam water valley flood level gauge crew night town road bridge rain storm pump bank"


def _part(rng: random.Random) -> str:
    return " ".join(f"{rng.choice(WORDS.split())}{rng.randint(0, 999)}" for _ in range(60)) + "."


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """Three texts: ``link`` shares two thirds with each of ``left`` and
    ``right``, which share only one third (one block: not the same story)."""
    root = tmp_path_factory.mktemp("split")
    rng = random.Random(5)
    one, two, three, left_own, right_own = (_part(rng) for _ in range(5))
    (root / "src").mkdir()
    bodies = {
        "left": f"{one} {two} {left_own}",
        "link": f"{one} {two} {three}",
        "right": f"{right_own} {two} {three}",
        "other": _part(rng) + " " + _part(rng),
    }
    for name, body in bodies.items():
        record = {"title": name, "body": body, "source": "Wire"}
        (root / "src" / f"{name}.json").write_text(json.dumps(record))
    names = ["left", "right", "link", "other"]
    newsread(
        root / "lib", "import", "--no-analyze", *(str(root / "src" / f"{n}.json") for n in names)
    )
    return root


def _groups(library: Path) -> dict[str, str]:
    """Each article's title and the titles of its group, as sets: a group's id
    is its smallest member's, which depends on the ids."""
    code = (
        "import json\n"
        "print(json.dumps([(m['title'], m['id'], m.get('story_group') or m['id'])"
        " for m in lib.article_metas()]))\n"
    )
    done = python(library, code)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    by_group: dict[str, list[str]] = {}
    for title, _, group in rows:
        by_group.setdefault(group, []).append(title)
    return {title: "+".join(sorted(by_group[group])) for title, _, group in rows}


def _id(library: Path, title: str) -> str:
    code = f"print(next(m['id'] for m in lib.article_metas() if m['title'] == {title!r}))"
    done = python(library, code)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_left_and_right_alone_are_not_one_story(tmp_path, base):
    lib = tmp_path / "lib"
    newsread(
        lib,
        "import",
        "--no-analyze",
        str(base / "src" / "left.json"),
        str(base / "src" / "right.json"),
    )
    assert _groups(lib) == {"left": "left", "right": "right"}


def test_removing_the_link_splits_its_group(tmp_path, base):
    root = _copy(base, tmp_path, 0)
    lib = root / "lib"
    assert _groups(lib)["left"] == "left+link+right"
    newsread(lib, "remove", _id(lib, "link"), "--yes")
    assert _groups(lib) == {"left": "left", "right": "right", "other": "other"}


def test_removing_a_member_that_links_nothing_keeps_the_rest_together(tmp_path, base):
    root = _copy(base, tmp_path, 0)
    lib = root / "lib"
    newsread(lib, "remove", _id(lib, "right"), "--yes")
    assert _groups(lib) == {"left": "left+link", "link": "left+link", "other": "other"}
    # The group is named by a member still there, not by the removed one.
    code = (
        "metas = lib.article_metas()\n"
        "print(sorted({m.get('story_group') for m in metas} - {m['id'] for m in metas}))"
    )
    done = python(lib, code)
    assert done.stdout.strip() == "[]", done.stderr


def test_a_kill_during_the_removal_leaves_the_groups_before_or_after(base, tmp_path):
    link = _id(base / "lib", "link")

    def operation(root: Path, fault: str | None):
        return newsread(root / "lib", "remove", link, "--yes", fault=fault, check=False)

    def check(root, found, before, after, k):
        assert found in (before, after), k

    def read(library: Path) -> dict[str, str]:
        return _groups(library)

    count = _kill_at_every_boundary(base, tmp_path, operation, check, read=read)
    assert count >= 2
