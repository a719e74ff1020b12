"""Kill real processes at every write boundary and check that nothing is lost.

Each operation (tag, re-import, remove, a tag-manager merge, undo) is first run
with ``NEWSREAD_FAULT=count:FILE`` to learn how many file writes it makes; then,
on a fresh copy of the same library, once per boundary with ``kill:N``, which
SIGKILLs the process right after its N-th write. After each kill the next
process that opens the library must find a whole state, either the one before
or the one after the operation, with every annotation on the text it quotes;
running the operation again must then finish it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from storage.faults import ENV

ROOT = Path(__file__).resolve().parents[1]

FIRST = """Harbour crane contract signed after long delay

PORT ELLIS — The harbour board signed a deal for two new cranes on Monday, ending a year of delay.

"The cranes will double what the quay can move," said board chair Mara Quint.

The contract is worth 14 million dollars, according to the board's own figures.

Dock workers said they had waited long enough for the new equipment.
"""

# The same story, re-imported after the outlet added a paragraph at the top and
# fixed a figure: every annotation below the new paragraph has to move.
SECOND = """Harbour crane contract signed after long delay

PORT ELLIS — Editor's note: this story was updated on Tuesday with the final price.

The harbour board signed a contract for two new cranes on Monday, ending a year of delay.

"The cranes will double what the quay can move," said board chair Mara Quint.

The contract is worth 15 million dollars, according to the board's own figures.

Dock workers said they had waited long enough for the new equipment.
"""

OTHER = """Ferry timetable changes for winter

PORT ELLIS — The island ferry will sail twice a day from November, the operator said on Friday.

"Fewer crossings keep the fares where they are," said operator spokesman Tomas Reyes.
"""


def newsread(
    library: Path, *args: str, fault: str | None = None, check: bool = True, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSREAD_LIBRARY": str(library)}
    env.pop(ENV, None)
    if fault:
        env[ENV] = fault
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"newsread {' '.join(args)} failed: {done.stderr}")
    return done


def python(library: Path, code: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run storage code in a real separate process (for operations the CLI lacks)."""
    env = {**os.environ, "NEWSREAD_LIBRARY": str(library)}
    env.pop(ENV, None)
    if fault:
        env[ENV] = fault
    prelude = (
        "import sys\nfrom pathlib import Path\nfrom storage.library import Library\n"
        "from storage.history import History\n"
        f"lib = Library(Path({str(library)!r}))\nhistory = History(lib)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def boundaries(run, tmp_path: Path) -> int:
    log = tmp_path / "boundaries.log"
    log.unlink(missing_ok=True)
    run(f"count:{log}")
    lines = log.read_text().splitlines() if log.exists() else []
    assert lines, "the operation wrote nothing"
    return len(lines)


def state(library: Path) -> dict:
    """Everything a user could lose, read by a fresh process (which recovers)."""
    code = (
        "import json\n"
        "out = {'articles': {}, 'tags': sorted(t.name for t in lib.tags())}\n"
        "for meta in lib.article_metas():\n"
        "    art = lib.get_article(meta['id'])\n"
        "    anns = lib.annotations(art.id)\n"
        "    for a in anns:\n"
        "        assert a.orphan or art.body[a.start:a.end] == a.quote, (a, 'misplaced')\n"
        "    out['articles'][art.id] = {'hash': art.content_hash,\n"
        "        'anns': sorted((a.quote, tuple(a.tags), a.orphan) for a in anns)}\n"
        "print(json.dumps(out))\n"
    )
    done = python(library, code)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def leftovers(library: Path) -> list[str]:
    names = [p.name for p in library.rglob("*.tmp") if p.is_file()]
    if (library / "journal.json").exists():
        names.append("journal.json")
    return names


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A library with two articles, three annotations and some undo history."""
    root = tmp_path_factory.mktemp("base")
    library = root / "lib"
    (root / "src").mkdir()
    (root / "src" / "crane.txt").write_text(FIRST)
    (root / "src" / "ferry.txt").write_text(OTHER)
    newsread(library, "import", "--no-analyze", str(root / "src"))
    crane = next(m["id"] for m in _list(library) if m["title"].startswith("Harbour"))
    ferry = next(m["id"] for m in _list(library) if m["title"].startswith("Ferry"))
    newsread(library, "tag", crane, "--quote", "said board chair Mara Quint", "--tag", "quote")
    newsread(library, "tag", crane, "--quote", "14 million dollars", "--tag", "verify")
    newsread(library, "tag", ferry, "--quote", "twice a day", "--tag", "verify")
    return root


def _list(library: Path) -> list[dict]:
    return json.loads(newsread(library, "list", "--json").stdout)


def _copy(base: Path, tmp_path: Path, k: int) -> Path:
    """A copy of the base library; ``src`` stays the base's own, because an
    article's id comes from where it was imported from."""
    target = tmp_path / f"run{k}"
    shutil.copytree(base / "lib", target / "lib", symlinks=True)
    (target / "src").symlink_to(base / "src")
    return target


@pytest.fixture
def edited(base):
    """The crane story as re-published with changes; put back afterwards."""
    source = base / "src" / "crane.txt"
    yield source
    source.write_text(FIRST)


def _kill_at_every_boundary(base: Path, tmp_path: Path, operation, check, read=state) -> int:
    """Run ``operation(root, fault)`` killed after each write; ``check(root, before,
    after)`` judges the state found (as ``read`` reads it). Returns the number of
    boundaries."""
    probe = _copy(base, tmp_path, 0)
    before = read(probe / "lib")
    count = boundaries(lambda fault: operation(probe, fault), tmp_path)
    after = read(probe / "lib")
    assert before != after, "the operation changed nothing"
    for k in range(1, count + 1):
        root = _copy(base, tmp_path, k)
        done = operation(root, f"kill:{k}")
        assert done.returncode == -signal.SIGKILL, (k, done.stderr)
        found = read(root / "lib")  # opening the library completes or rolls back
        assert leftovers(root / "lib") == [], k
        check(root, found, before, after, k)
        operation(root, None)  # doing it again finishes the job
        assert read(root / "lib") == after, k
        shutil.rmtree(root)
    return count


def test_tag_survives_a_kill_at_every_write(base, tmp_path):
    crane = next(m["id"] for m in _list(base / "lib") if m["title"].startswith("Harbour"))

    def operation(root: Path, fault: str | None):
        return newsread(
            root / "lib",
            "tag",
            crane,
            "--quote",
            "Dock workers said",
            "--tag",
            "new-tag",
            fault=fault,
            check=False,
        )

    def check(root, found, before, after, k):
        assert found in (before, after), k

    assert _kill_at_every_boundary(base, tmp_path, operation, check) >= 2


def test_reimport_survives_a_kill_at_every_write(base, tmp_path, edited):
    """The crash that used to empty an article's annotations for good."""

    def operation(root: Path, fault: str | None):
        edited.write_text(SECOND)
        return newsread(
            root / "lib", "import", "--no-analyze", str(edited), fault=fault, check=False
        )

    def check(root, found, before, after, k):
        assert found in (before, after), k

    count = _kill_at_every_boundary(base, tmp_path, operation, check)
    assert count >= 3  # journal, body, annotations, index...


THIRD = """Council approves new tram depot

PORT ELLIS — The city council approved a tram depot on the old rail yard on Wednesday.

"The depot brings forty jobs back to the east side," said councillor Ines Marr.
"""


def test_import_of_a_new_file_survives_a_kill_at_every_write(base, tmp_path):
    """A new article is spliced into the index (storage.index_patch) and its
    body written before it, without a journal: killed between any two writes,
    the library is as before or as after, and importing again finishes it."""
    source = tmp_path / "tram.txt"
    source.write_text(THIRD)

    def operation(root: Path, fault: str | None):
        return newsread(
            root / "lib", "import", "--no-analyze", str(source), fault=fault, check=False
        )

    def check(root, found, before, after, k):
        assert found in (before, after), k
        # A kill after the index and before its spans file leaves that file
        # stale, which readers notice by digest (and doctor reports); nothing
        # else may be wrong.
        doctor = newsread(root / "lib", "doctor", check=False)
        problems = [
            line
            for line in (doctor.stdout + doctor.stderr).splitlines()
            if line.strip() and "library-spans.json" not in line and "doctor" not in line
        ]
        assert doctor.returncode == 0 or not problems, (k, doctor.stdout, doctor.stderr)

    log = tmp_path / "writes.log"
    operation(_copy(base, tmp_path, 999), f"count:{log}")
    writes = log.read_text()
    assert "journal.json" not in writes and "library.json" in writes, writes
    assert _kill_at_every_boundary(base, tmp_path, operation, check) >= 2


def test_reimport_moves_annotations_onto_the_new_text(base, tmp_path, edited):
    root = _copy(base, tmp_path, 0)
    edited.write_text(SECOND)
    newsread(root / "lib", "import", "--no-analyze", str(edited))
    found = state(root / "lib")
    crane = next(v for v in found["articles"].values() if len(v["anns"]) == 2)
    quotes = {q for q, _, orphan in crane["anns"] if not orphan}
    assert "said board chair Mara Quint" in quotes


def with_rejections(library: Path) -> dict:
    """``state`` plus each article's rejected suggestions, each checked to lie
    on its own words in the text as stored."""
    found = state(library)
    code = (
        "import json\n"
        "out = {}\n"
        "for meta in lib.article_metas():\n"
        "    body = lib.get_article(meta['id']).body\n"
        "    rows = lib.rejected(meta['id'])\n"
        "    for r in rows:\n"
        "        assert body[r['start']:r['end']] == r['text'], (r, 'misplaced')\n"
        "    out[meta['id']] = sorted((r['text'], r['start']) for r in rows)\n"
        "print(json.dumps(out))\n"
    )
    done = python(library, code)
    assert done.returncode == 0, done.stderr
    return {**found, "rejected": json.loads(done.stdout)}


def test_reimport_moving_rejections_survives_a_kill_at_every_write(base, tmp_path, edited):
    """A re-import moves rejected suggestions with the text, in the same
    journal as the annotations: killed at any write, they are found all on
    the old text or all on the new one, never over other words."""
    rbase = tmp_path / "rbase"
    shutil.copytree(base / "lib", rbase / "lib", symlinks=True)
    (rbase / "src").symlink_to(base / "src")
    added = python(
        rbase / "lib",
        "meta = next(m for m in lib.article_metas() if m['title'].startswith('Harbour'))\n"
        "body = lib.get_article(meta['id']).body\n"
        "start = body.index('Dock workers')\n"
        "lib.save_rejected(meta['id'], {'kind': 'entity', 'label': 'NORP', 'start': start,\n"
        "    'end': start + len('Dock workers'), 'text': 'Dock workers'})\n",
    )
    assert added.returncode == 0, added.stderr

    def operation(root: Path, fault: str | None):
        edited.write_text(SECOND)
        return newsread(
            root / "lib", "import", "--no-analyze", str(edited), fault=fault, check=False
        )

    def check(root, found, before, after, k):
        # Moved, not dropped: the new text still holds its words elsewhere.
        moved = [rows for rows in after["rejected"].values() if rows]
        assert moved and moved != [rows for rows in before["rejected"].values() if rows]
        assert found in (before, after), k

    count = _kill_at_every_boundary(rbase, tmp_path, operation, check, read=with_rejections)
    assert count >= 3


def test_remove_survives_a_kill_at_every_write(base, tmp_path):
    crane = next(m["id"] for m in _list(base / "lib") if m["title"].startswith("Harbour"))

    def operation(root: Path, fault: str | None):
        if crane not in {m["id"] for m in _list(root / "lib")}:
            return subprocess.CompletedProcess([], 0, "", "")
        return newsread(root / "lib", "remove", crane, "--yes", fault=fault, check=False)

    def check(root, found, before, after, k):
        assert found in (before, after), k
        lib = root / "lib"
        if crane not in found["articles"]:
            # Gone means gone: no file of it may come back under a later import.
            assert not (lib / "bodies" / f"{crane}.txt").exists(), k
            assert not (lib / "annotations" / f"{crane}.json").exists(), k

    _kill_at_every_boundary(base, tmp_path, operation, check)


def test_tag_merge_survives_a_kill_at_every_write(base, tmp_path):
    """A tag-manager merge touches two articles' files, the tag list and the undo
    journal: all of them or none."""

    code = (
        "from storage.tag_ops import merge_tags, record_op\n"
        "with lib.transaction():  # as the tag manager runs it: change and undo step\n"
        "    if lib.get_tag('verify') is not None:\n"
        "        record_op(history, merge_tags(lib, 'verify', 'quote'))\n"
    )

    def operation(root: Path, fault: str | None):
        return python(root / "lib", code, fault)

    def check(root, found, before, after, k):
        assert found in (before, after), k
        # The undo journal moved with the change: undo now restores "before".
        done = python(root / "lib", "history.undo() if lib.get_tag('verify') is None else None")
        assert done.returncode == 0, done.stderr
        assert state(root / "lib") == before, k
        python(root / "lib", "history.redo()")

    _kill_at_every_boundary(base, tmp_path, operation, check)


def test_tag_deletion_survives_a_kill_at_every_write(base, tmp_path):
    """A tag-manager deletion touches the articles' files, the tag list with its
    tombstone (deleted_tags, which a teammate's older copy is read against) and
    the undo journal: all of them or none."""

    code = (
        "from storage.tag_ops import delete_tag, record_op\n"
        "with lib.transaction():  # as the tag manager runs it: change and undo step\n"
        "    if lib.get_tag('verify') is not None:\n"
        "        record_op(history, delete_tag(lib, 'verify'))\n"
    )

    def operation(root: Path, fault: str | None):
        return python(root / "lib", code, fault)

    def check(root, found, before, after, k):
        assert found in (before, after), k
        done = python(
            root / "lib",
            "assert (lib.get_tag('verify') is None) == "
            "('verify' in [t.name for t in lib.deleted_tags()])",
        )
        assert done.returncode == 0, (k, done.stderr)

    _kill_at_every_boundary(base, tmp_path, operation, check)


@pytest.mark.parametrize(
    "statement",
    # The second is the reader's u: only a step that touches the article on screen.
    ["history.undo()", "history.undo(within=history.last_done().article_ids[0])"],
    ids=["anywhere", "within-the-article"],
)
def test_undo_survives_a_kill_at_every_write(base, tmp_path, statement):
    def operation(root: Path, fault: str | None):
        return python(root / "lib", statement, fault)

    probe = _copy(base, tmp_path, 0)
    count = boundaries(lambda fault: operation(probe, fault), tmp_path)
    before = state(base / "lib")
    for k in range(1, count + 1):
        root = _copy(base, tmp_path, k)
        done = operation(root, f"kill:{k}")
        assert done.returncode == -signal.SIGKILL
        found = state(root / "lib")
        # Either undone or not: the undone state is the base minus its last tag.
        assert (
            found == before
            or sum(len(a["anns"]) for a in found["articles"].values())
            == sum(len(a["anns"]) for a in before["articles"].values()) - 1
        ), k
        shutil.rmtree(root)


# -- two writers on one article ---------------------------------------------------------------


def test_cli_tags_between_two_app_style_edits_lose_nothing(base, tmp_path):
    """The app's Library object stays open while the CLI writes the same article:
    its next insert used to reuse a document id and fail ("Document with ID 2
    already exists"), and a new tag name used to drop the CLI's from the list."""
    from newsread.model import new_annotation
    from storage.edits import apply_edits
    from storage.history import History
    from storage.library import Library

    root = _copy(base, tmp_path, 0)
    lib = Library(root / "lib")
    history = History(lib)
    crane = next(m["id"] for m in lib.article_metas() if m["title"].startswith("Harbour"))
    article = lib.get_article(crane)
    lib.annotations(crane), lib.tags()  # the app has read (and cached) both

    newsread(root / "lib", "tag", crane, "--quote", "Dock workers", "--tag", "from-cli")
    start = article.body.index("ending a year of delay")
    ann = new_annotation(article, start, start + 22, ["from-app"])
    apply_edits(lib, history, crane, "tagged from-app", [(None, ann)], article.content_hash)

    found = {a.quote: a.tags for a in Library(root / "lib").annotations(crane)}
    assert found["Dock workers"] == ["from-cli"]
    assert found["ending a year of delay"] == ["from-app"]
    assert {"from-cli", "from-app"} <= {t.name for t in Library(root / "lib").tags()}
    # Undo takes back the app's tag, not the CLI's before it.
    history.undo()
    found = {a.quote: a.tags for a in Library(root / "lib").annotations(crane)}
    assert "ending a year of delay" not in found and "Dock workers" in found


def _someone_waits_for_a_lock() -> bool:
    # /proc/locks lists a process blocked in flock with "->" before its entry.
    return any("->" in line for line in Path("/proc/locks").read_text().splitlines())


def test_tag_reads_the_text_inside_the_lock(base, tmp_path, edited):
    """A re-import landing between reading the text and writing the tag used to
    store offsets into the old text. Here a re-import holds the lock while the
    tagger starts; the tagger must wait, then find the quote in the new text."""
    import time

    if not Path("/proc/locks").exists():
        pytest.skip("needs /proc/locks to see the tagger waiting")
    root = _copy(base, tmp_path, 0)
    lib = root / "lib"
    crane = next(m["id"] for m in _list(lib) if m["title"].startswith("Harbour"))
    edited.write_text(SECOND)
    env = {**os.environ, "NEWSREAD_LIBRARY": str(lib)}
    importer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom pathlib import Path\nfrom storage.library import Library\n"
            "from storage.imports import import_paths\n"
            "lib = Library(Path(sys.argv[1]))\n"
            "with lib.lock.hold():\n"
            "    print('held', flush=True)\n"
            "    sys.stdin.readline()\n"
            "    import_paths(lib, [sys.argv[2]])\n",
            str(lib),
            str(edited),
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert importer.stdout is not None and importer.stdin is not None
    assert importer.stdout.readline().strip() == "held"
    tagger = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "tag", crane, "--quote", "Dock workers", "--tag", "late"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not _someone_waits_for_a_lock():
        assert tagger.poll() is None, tagger.communicate()
        assert time.monotonic() < deadline, "the tagger never waited for the lock"
        time.sleep(0.02)
    importer.stdin.write("go\n")
    importer.stdin.flush()
    assert importer.wait(timeout=60) == 0
    out, err = tagger.communicate(timeout=60)
    assert tagger.returncode == 0, err
    found = state(lib)  # asserts every annotation quotes its text
    crane_state = found["articles"][crane]
    assert crane_state["hash"] != state(base / "lib")["articles"][crane]["hash"]
    assert ["Dock workers", ["late"], False] in crane_state["anns"]


# -- undo across a re-import -------------------------------------------------------------------


def test_undo_and_redo_after_a_reimport_land_on_the_new_text(base, tmp_path, edited):
    from storage.history import History
    from storage.library import Library

    root = _copy(base, tmp_path, 0)
    lib_dir = root / "lib"
    crane = next(m["id"] for m in _list(lib_dir) if m["title"].startswith("Harbour"))
    newsread(lib_dir, "tag", crane, "--quote", "Dock workers said", "--tag", "late")
    edited.write_text(SECOND)
    newsread(lib_dir, "import", "--no-analyze", str(edited))

    lib = Library(lib_dir)
    history = History(lib)
    history.undo()
    assert "Dock workers said" not in [a.quote for a in lib.annotations(crane)]
    history.redo()
    body = lib.get_article(crane).body
    late = [a for a in lib.annotations(crane) if "late" in a.tags]
    assert len(late) == 1 and not late[0].orphan
    assert body[late[0].start : late[0].end] == "Dock workers said"
    state(lib_dir)  # and every other annotation still quotes its text


# -- ids, suggestions, damaged files --------------------------------------------------------


@pytest.mark.parametrize("given", ["", "  ", "a", "ab1"])
def test_remove_refuses_empty_and_short_ids(base, tmp_path, given):
    root = _copy(base, tmp_path, 0)
    done = newsread(root / "lib", "remove", given, "--yes", check=False)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert len(_list(root / "lib")) == 2


def test_damaged_annotations_file_is_named_never_rewritten(base, tmp_path):
    root = _copy(base, tmp_path, 0)
    lib = root / "lib"
    crane = next(m["id"] for m in _list(lib) if m["title"].startswith("Harbour"))
    shard = lib / "annotations" / f"{crane}.json"
    shard.write_text('{"annotations": [1, 2, 3]}')
    damaged = shard.read_bytes()
    done = newsread(lib, "tag", crane, "--quote", "Dock workers", "--tag", "x", check=False)
    assert done.returncode == 1 and str(shard) in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert shard.read_bytes() == damaged
    # Export gives everyone else's annotations, names the file, exits 1.
    done = newsread(lib, "export", check=False)
    assert done.returncode == 1 and str(shard) in done.stderr
    assert [a["quote"] for a in json.loads(done.stdout)["annotations"]] == ["twice a day"]
    # list says it cannot read them instead of showing 0
    listing = {m["id"]: m for m in _list(lib)}
    assert listing[crane]["annotations"] is None
    assert str(shard) in listing[crane].get("problem", "")


def test_doctor_finds_damage_and_restores_the_newest_good_backup(base, tmp_path):
    root = _copy(base, tmp_path, 0)
    lib = root / "lib"
    crane = next(m["id"] for m in _list(lib) if m["title"].startswith("Harbour"))
    good = state(lib)
    (lib / "annotations" / f"{crane}.json").write_text("{not json")
    (lib / "library.json").write_text('{"articles": {"1": {"title": "no id"}}}')
    done = newsread(lib, "doctor", check=False)
    assert done.returncode == 1
    assert "library.json" in done.stdout and f"{crane}.json" in done.stdout
    done = newsread(lib, "doctor", "--restore", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    # The backups are the versions before each file's last change: the
    # annotation file comes back as it was before its second tag, and the
    # user is told a change after the backup is lost.
    [line] = [x for x in done.stdout.splitlines() if x.startswith(f"restored {lib}/annotations")]
    assert f"{crane}.json from its backup of 20" in line
    assert "a change made to it after that is lost" in line
    restored = state(lib)
    assert set(restored["articles"]) == set(good["articles"])
    assert newsread(lib, "doctor").returncode == 0


def test_a_lost_body_is_put_back_by_importing_its_source_again(base, tmp_path):
    """Bodies have no backups: doctor names the import that puts one back, and
    that import does (it said "unchanged" and left the body missing)."""
    root = _copy(base, tmp_path, 0)
    lib = root / "lib"
    crane = next(m["id"] for m in _list(lib) if m["title"].startswith("Harbour"))
    good = state(lib)
    (lib / "bodies" / f"{crane}.txt").unlink()
    done = newsread(lib, "doctor", check=False)
    assert done.returncode == 1
    origin = str(base / "src" / "crane.txt")
    assert f"body file is missing (no good backup; newsread import {origin} puts it back)" in (
        done.stdout
    )
    done = newsread(lib, "import", "--no-analyze", origin)
    assert "0 added, 1 updated, 0 unchanged" in done.stdout
    assert state(lib) == good
    assert newsread(lib, "doctor").returncode == 0


def test_backups_rotate_and_keep_modes(base, tmp_path):
    root = _copy(base, tmp_path, 0)
    lib = root / "lib"
    crane = next(m["id"] for m in _list(lib) if m["title"].startswith("Harbour"))
    shard = lib / "annotations" / f"{crane}.json"
    shard.chmod(0o664)
    for n in range(8):
        newsread(lib, "tag", crane, "--quote", "Dock workers", "--tag", f"t{n}")
    assert oct(shard.stat().st_mode & 0o777) == oct(0o664)
    folder = lib / "backups" / f"annotations__{crane}.json"
    assert len(list(folder.glob("*.json"))) == 5


def test_leftover_temp_files_are_swept_when_the_library_opens(base, tmp_path):
    root = _copy(base, tmp_path, 0)
    lib = root / "lib"
    (lib / ".tmp").mkdir(exist_ok=True)
    (lib / ".tmp" / ".library.json.dead.tmp").write_text("{")
    # doctor, which opens no library, names it and says what --restore does.
    done = newsread(lib, "doctor", check=False)
    assert done.returncode == 1
    assert "temp file left by an interrupted write (--restore removes it:" in done.stdout
    _list(lib)
    assert leftovers(lib) == []


# -- file system refusals ----------------------------------------------------------------------


def _mount_tmpfs(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
    )
    return done.returncode == 0


def test_full_disk_during_tag_and_import_is_one_line(base, tmp_path):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "size=256k"):
        pytest.skip("needs root and mount to make a small file system")
    try:
        shutil.copytree(base / "lib", disk / "root" / "lib")
        lib = disk / "root" / "lib"
        before = state(lib)
        with open(disk / "filler", "wb", buffering=0) as filler:  # every last block
            try:
                while True:
                    filler.write(b"x" * 1024)

            except OSError:
                pass
        crane = next(m["id"] for m in _list(lib) if m["title"].startswith("Harbour"))
        done = newsread(lib, "tag", crane, "--quote", "Dock workers", "--tag", "full", check=False)
        assert done.returncode == 1
        assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        big = tmp_path / "big.txt"
        big.write_text(OTHER.replace("Ferry", "Bus") * 1 + "More. " * 20000)
        done = newsread(lib, "import", "--no-analyze", str(big), check=False)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "No space left on device" in done.stderr
        (disk / "filler").unlink()
        assert state(lib) == before
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_file_too_large_during_tag_is_one_line(base, tmp_path):
    import resource

    root = _copy(base, tmp_path, 0)
    lib = root / "lib"
    crane = next(m["id"] for m in _list(lib) if m["title"].startswith("Harbour"))
    before = state(lib)

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    env = {**os.environ, "NEWSREAD_LIBRARY": str(lib)}
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "tag", crane, "--quote", "Dock workers", "--tag", "x"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=small_files,
    )
    assert done.returncode == 1, done.stderr
    assert "File too large" in done.stderr and "Traceback" not in done.stderr
    assert state(lib) == before


def test_read_only_library_reads_and_refuses_writes_in_one_line(base, tmp_path):
    disk = tmp_path / "ro"
    if not _mount_tmpfs(disk, "size=4m"):
        pytest.skip("needs root and mount to make a read-only file system")
    try:
        shutil.copytree(base / "lib", disk / "root" / "lib")
        lib = disk / "root" / "lib"
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        assert len(_list(lib)) == 2
        assert json.loads(newsread(lib, "export").stdout)["annotations"]
        crane = next(m["id"] for m in _list(lib) if m["title"].startswith("Harbour"))
        done = newsread(lib, "tag", crane, "--quote", "Dock workers", "--tag", "x", check=False)
        assert done.returncode == 1 and "Read-only file system" in done.stderr
        assert "Traceback" not in done.stderr
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


@pytest.mark.parametrize(
    "damage, expect",
    [
        ("index_entry_without_id", "has no id"),
        ("body_not_utf8", "not valid UTF-8"),
        ("index_is_a_folder", "library.json"),
        ("annotations_is_a_file", "annotations"),
    ],
)
def test_damaged_library_files_are_named_in_one_line(base, tmp_path, damage, expect):
    root = _copy(base, tmp_path, 0)
    lib = root / "lib"
    crane = next(m["id"] for m in _list(lib) if m["title"].startswith("Harbour"))
    if damage == "index_entry_without_id":
        tables = json.loads((lib / "library.json").read_text())
        next(iter(tables["articles"].values())).pop("id")
        (lib / "library.json").write_text(json.dumps(tables))
        commands = [["list"], ["export"], ["tag", "abcd", "--quote", "x", "--tag", "y"]]
    elif damage == "body_not_utf8":
        (lib / "bodies" / f"{crane}.txt").write_bytes(b"caf\xe9 \xff\xfe")
        commands = [["export"], ["tag", crane, "--quote", "x", "--tag", "y"]]
    elif damage == "index_is_a_folder":
        (lib / "library.json").unlink()
        (lib / "library.json").mkdir()
        commands = [["list"], ["export"]]
    else:
        shutil.rmtree(lib / "annotations")
        (lib / "annotations").write_text("not a folder")
        commands = [["tag", crane, "--quote", "Dock workers", "--tag", "y"]]
    for command in commands:
        done = newsread(lib, *command, check=False)
        assert done.returncode != 0, command
        assert "Traceback" not in done.stderr, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) >= 1 and expect in done.stderr, (command, done.stderr)


@pytest.mark.parametrize("given", ["", "~nosuchuser12345/lib"])
def test_library_paths_that_cannot_be_meant_are_refused(tmp_path, given):
    done = newsread(tmp_path / "unused", "list", "--library", given, check=False)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (ROOT / "~nosuchuser12345").exists()


def test_a_non_empty_folder_becomes_a_library_only_when_asked(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.txt").write_text("mine")
    done = newsread(tmp_path / "unused", "list", "--library", str(folder), check=False)
    assert done.returncode == 1 and "not empty" in done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.txt"]
    done = newsread(tmp_path / "unused", "list", "--library", str(folder), "--create-library")
    assert (folder / "library.json").exists()
    for system in ("/", "/proc/self"):
        done = newsread(tmp_path / "unused", "list", "--library", system, check=False)
        assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1


def test_doctor_checks_and_restores_the_read_state(base, tmp_path):
    root = _copy(base, tmp_path, 0)
    lib = root / "lib"
    code = (
        "from storage.reading import ReadState\n"
        "state = ReadState(lib)\n"
        "ids = sorted(lib.article_ids())\n"
        "state.mark(ids[:1], True)\n"
        "state.mark(ids[1:], True)\n"
    )
    done = python(lib, code)
    assert done.returncode == 0, done.stderr
    (lib / "reading.json").write_text("{broken")
    found = newsread(lib, "doctor", check=False)
    assert found.returncode == 1 and "reading.json" in found.stdout
    assert newsread(lib, "doctor", "--restore", check=False).returncode == 0
    assert newsread(lib, "doctor").returncode == 0


def _rejections_as_stored(library: Path) -> dict:
    """``state`` plus each article's rejected suggestions as stored, placed or not."""
    found = state(library)
    code = (
        "import json\n"
        "print(json.dumps({m['id']: sorted((r['text'], r['start'])\n"
        "    for r in lib.rejected(m['id'])) for m in lib.article_metas()}))\n"
    )
    done = python(library, code)
    assert done.returncode == 0, done.stderr
    return {**found, "rejected": json.loads(done.stdout)}


def test_doctor_placing_stale_rejections_survives_a_kill_at_every_write(base, tmp_path):
    """doctor --restore puts a rejection whose offsets no longer hold its words
    back on them: killed at any write, it is found stale or placed, whole."""
    rbase = tmp_path / "rbase"
    shutil.copytree(base / "lib", rbase / "lib", symlinks=True)
    (rbase / "src").symlink_to(base / "src")
    added = python(
        rbase / "lib",
        "meta = next(m for m in lib.article_metas() if m['title'].startswith('Harbour'))\n"
        "body = lib.get_article(meta['id']).body\n"
        "start = body.index('Dock workers') + 3\n"
        "lib.save_rejected(meta['id'], {'kind': 'entity', 'label': 'NORP', 'start': start,\n"
        "    'end': start + len('Dock workers'), 'text': 'Dock workers'})\n",
    )
    assert added.returncode == 0, added.stderr

    def operation(root: Path, fault: str | None):
        return newsread(root / "lib", "doctor", "--restore", fault=fault, check=False)

    def check(root, found, before, after, k):
        assert found in (before, after), k

    count = _kill_at_every_boundary(rbase, tmp_path, operation, check, read=_rejections_as_stored)
    assert count >= 1


def test_doctor_merging_look_alike_tags_survives_a_kill_at_every_write(base, tmp_path):
    """doctor --restore merges a library's look-alike tags ("verify" and
    "VERIFY", left by an older newsread) as the tag manager merges: the
    articles' files, the tag list and the undo journal, all or none."""
    made = tmp_path / "lookalike"
    shutil.copytree(base / "lib", made / "lib", symlinks=True)
    (made / "src").symlink_to(base / "src")
    done = python(
        made / "lib",
        "from dataclasses import replace\n"
        "ann = next(a for m in lib.article_metas() for a in lib.annotations(m['id'])\n"
        "           if 'verify' in a.tags)\n"
        "lib.ensure_tag('VERIFY')\n"
        "lib.save_annotation(replace(ann, tags=['VERIFY']))\n",
    )
    assert done.returncode == 0, done.stderr
    assert {"verify", "VERIFY"} <= set(state(made / "lib")["tags"])

    def operation(root: Path, fault: str | None):
        return newsread(root / "lib", "doctor", "--restore", fault=fault, check=False)

    def check(root, found, before, after, k):
        assert found in (before, after), k

    assert _kill_at_every_boundary(made, tmp_path, operation, check) >= 2


def test_reimport_of_a_glued_page_survives_a_kill_at_every_write(base, tmp_path):
    """A page an older import stored as one article, its stories glued, is
    imported again: the stories are added, the glued article's annotations
    moved onto them and the glued article removed, all or none; killed at any
    write, no annotation is lost or left on words it does not quote."""
    from tests.test_html_several_stories import BRIEFING

    made = tmp_path / "glued"
    (made / "src").mkdir(parents=True)
    page = made / "src" / "digest.html"
    page.write_text(BRIEFING, encoding="utf-8")
    done = python(
        made / "lib",
        "from tests.test_reimport_glued_page import store_glued\n"
        f"store_glued(lib, {str(page.resolve())!r}, 'Morning digest')\n",
    )
    assert done.returncode == 0, done.stderr

    def operation(root: Path, fault: str | None):
        return newsread(
            root / "lib",
            "import",
            "--no-analyze",
            str(root / "src" / "digest.html"),
            fault=fault,
            check=False,
        )

    def check(root, found, before, after, k):
        assert found in (before, after), k

    probe = _copy(made, tmp_path, 1000)
    operation(probe, None)
    after = state(probe / "lib")
    # Three stories, each with the annotation on its words; no glued article.
    assert sorted(len(a["anns"]) for a in after["articles"].values()) == [1, 1, 1]
    assert _kill_at_every_boundary(made, tmp_path, operation, check) >= 3


def marks_and_rejections(library: Path) -> dict:
    """``state`` and each article's rejected suggestions, each checked to lie
    on its words."""
    found = state(library)
    code = (
        "import json\n"
        "out = {}\n"
        "for meta in lib.article_metas():\n"
        "    art = lib.get_article(meta['id'])\n"
        "    rows = lib.rejected(art.id)\n"
        "    for r in rows:\n"
        "        assert art.body[r['start']:r['end']] == r['text'], (r, 'misplaced')\n"
        "    out[art.id] = sorted(r['text'] for r in rows)\n"
        "print(json.dumps(out))\n"
    )
    done = python(library, code)
    assert done.returncode == 0, done.stderr
    found["rejected"] = json.loads(done.stdout)
    return found


def test_a_glued_pages_rejections_survive_a_kill_at_every_write(tmp_path):
    """The glued article's rejected suggestions go to its stories with its
    annotations, all or none: killed at any write, none is lost or left on
    words it does not name."""
    from tests.test_html_several_stories import BRIEFING

    made = tmp_path / "glued"
    (made / "src").mkdir(parents=True)
    page = made / "src" / "digest.html"
    page.write_text(BRIEFING, encoding="utf-8")
    done = python(
        made / "lib",
        "from tests.test_reimport_glued_page import store_glued, _rejection, CLAIM\n"
        f"glued = store_glued(lib, {str(page.resolve())!r}, 'Morning digest')\n"
        "body = lib.get_article(glued).body\n"
        "lib.save_rejected(glued, _rejection(body, 'Ilse Varga'))\n"
        "lib.save_rejected(glued, _rejection(body, CLAIM, 'claim', 'factual', cue='pumped out'))\n",
    )
    assert done.returncode == 0, done.stderr

    def operation(root: Path, fault: str | None):
        return newsread(
            root / "lib",
            "import",
            "--no-analyze",
            str(root / "src" / "digest.html"),
            fault=fault,
            check=False,
        )

    def check(root, found, before, after, k):
        assert found in (before, after), k

    probe = _copy(made, tmp_path, 1000)
    operation(probe, None)
    after = marks_and_rejections(probe / "lib")
    moved = sorted(text for rows in after["rejected"].values() for text in rows)
    assert moved == sorted(
        ["Ilse Varga", "Firefighters pumped out forty cellars, and two schools stayed closed."]
    )
    assert len(after["rejected"]) == 3  # the three stories, no glued article
    count = _kill_at_every_boundary(made, tmp_path, operation, check, read=marks_and_rejections)
    assert count >= 3
