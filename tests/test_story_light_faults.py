"""A one-file import that groups without numpy (storage.story_index's light
path: the index spliced, then the shingle delta appended to) survives a kill
after each of its writes, as the numpy path's import does (tests/test_faults.py):
the library is as before or as after, its groups included, and importing again
finishes the job."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.test_faults import _copy, _kill_at_every_boundary, newsread, python

WORDS = [
    "harbour", "council", "ferry", "budget", "vote", "mayor", "bridge", "school", "rail",
    "water", "river", "port", "market", "union", "strike", "court", "judge", "police",
    "hospital", "nurse", "doctor", "farm", "crop", "rain", "storm", "road", "tunnel", "museum",
    "library", "festival", "tram", "bus", "tax", "rent", "housing", "energy",
]  # fmt: skip


def _body(rng: random.Random) -> str:
    sentences = []
    for _ in range(12):
        words = [rng.choice(WORDS) for _ in range(14)]
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """Twelve articles grouped once; a near copy of the first waits to come in."""
    root = tmp_path_factory.mktemp("light")
    rng = random.Random(5)
    (root / "src").mkdir()
    bodies = [_body(rng) for _ in range(12)]
    for n, body in enumerate(bodies):
        record = {"title": f"Story {n}", "body": body, "source": "Wire"}
        (root / "src" / f"s{n:02d}.json").write_text(json.dumps(record))
    newsread(root / "lib", "import", "--no-analyze", str(root / "src"))
    copy = bodies[0].replace("Harbour", "Port").replace(" rain ", " snow ", 1)
    record = {"title": "Story 0, republished", "body": copy, "source": "Other"}
    (root / "new.json").write_text(json.dumps(record))
    return root


def _state(library: Path) -> dict:
    code = (
        "import json\n"
        "print(json.dumps(sorted((m['id'], m.get('story_group') or m['id'])"
        " for m in lib.article_metas())))\n"
    )
    done = python(library, code)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_one_file_import_takes_the_path_without_numpy(base, tmp_path):
    root = _copy(base, tmp_path, 0)
    code = (
        "from storage.imports import import_paths\n"
        f"import_paths(lib, [Path({str(base / 'new.json')!r})])\n"
        "print('numpy' in sys.modules)\n"
    )
    done = python(root / "lib", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "False"
    groups = dict(map(tuple, _state(root / "lib")))
    joined = [aid for aid, group in groups.items() if aid != group]
    assert len(joined) == 1 and (root / "lib" / "story-shingles-delta.npz").exists()


def test_the_light_import_survives_a_kill_at_every_write(base, tmp_path):
    new = base / "new.json"

    def operation(root: Path, fault: str | None):
        return newsread(root / "lib", "import", "--no-analyze", str(new), fault=fault, check=False)

    def check(root, found, before, after, k):
        assert len(after) == len(before) + 1
        assert found in (before, after), k

    count = _kill_at_every_boundary(base, tmp_path, operation, check, read=_state)
    assert count >= 2
