"""Ctrl-C during an import's analysis on several processes: the terminal sends
SIGINT to the whole foreground process group, workers included. The command
says one line and exits with 130 at once; the workers end quietly with it,
and the library is left consistent (what was imported stays, unanalysed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    not hasattr(os, "killpg"), reason="Ctrl-C signals a process group (POSIX)"
)

SHORT = 12

SENTENCES = (
    "The council said on {day} that the {thing} in {town} would cost {n} million crowns.",
    "{who}, who chairs the {town} transport committee, told reporters the plan was sound.",
    "According to the auditor, the {thing} had run {n} percent over its first budget.",
    "Residents of {town} said they had waited {n} years for a decision on the {thing}.",
)
TOWNS = ("Lindenport", "Eastbrook", "Nordvik", "Hallam", "Seaton", "Marrow")
THINGS = ("bridge", "tram line", "harbour wall", "school", "ferry pier", "library")
PEOPLE = ("Karin Sol", "Tomas Varga", "Ines Duarte", "Kwame Mensah")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday")


def _story(i: int, sentences: int = 200) -> str:
    lines = [f"Council weighs the cost of project {i}", ""]
    for k in range(sentences):
        template = SENTENCES[(i + k) % len(SENTENCES)]
        lines.append(
            template.format(
                day=DAYS[k % len(DAYS)],
                thing=THINGS[(i * 7 + k) % len(THINGS)],
                town=TOWNS[(i + k * 3) % len(TOWNS)],
                who=PEOPLE[(i + k) % len(PEOPLE)],
                n=(i * 31 + k * 17) % 97 + 2,
            )
        )
        if k % 5 == 4:
            lines.append("")
    return "\n".join(lines) + "\n"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _analysed(library: Path) -> int:
    try:
        return sum(1 for p in (library / "analysis").iterdir() if p.suffix == ".json")
    except FileNotFoundError:
        return 0


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(SHORT):
        (folder / f"story-{i:02}.txt").write_text(_story(i, 20), encoding="utf-8")
    # Last, and alone in its task: one worker is busy on it for a while, the
    # other has nothing left and waits for work.
    (folder / "story-99.txt").write_text(_story(99, 1500), encoding="utf-8")
    return folder


def _ctrl_c_mid_analysis(library: Path, folder: Path, reader_leaves: bool) -> tuple[int, str]:
    """Import ``folder`` on two workers and press Ctrl-C once the command waits on
    the long story; its exit status and stderr (empty when its reader left)."""
    command = [sys.executable, "-m", "tui.cli", "--library", str(library), "import"]
    # The command starts with SIGINT at its default, as one run from an
    # interactive shell does. The tests may run as a background job of a
    # non-interactive shell (a CI runner), which starts them with SIGINT
    # ignored; a child inherits that (Python then installs no handler, and the
    # Ctrl-C rightly does nothing) but not a handler, which exec resets.
    ignored = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [*command, "--workers", "2", str(folder)],
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # Its own process group, as a shell gives a command run in a terminal.
            start_new_session=True,
        )
    finally:
        signal.signal(signal.SIGINT, ignored)
    try:
        # Until the short stories are analysed and stored (or the import ended
        # first, which the assertions then report): the command then waits on
        # the long one's worker, the other worker waits for work.
        while _analysed(library) < SHORT and proc.poll() is None:
            time.sleep(0.05)
        if reader_leaves:
            # ``2>&1 | grep``: Ctrl-C ends the reader of stderr too.
            assert proc.stderr is not None
            proc.stderr.close()
        # Ctrl-C: the terminal signals every process of the foreground group.
        os.killpg(proc.pid, signal.SIGINT)
        if reader_leaves:
            proc.stdout.read()  # type: ignore[union-attr]
            proc.wait(timeout=120)
            err = ""
        else:
            _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # The workers went with it: nothing of the group is left running.
    assert not _group_alive(proc.pid)
    return proc.returncode, err


def _assert_consistent(library: Path) -> None:
    # Everything was imported; the long story stays unanalysed.
    assert len(list((library / "bodies").iterdir())) == SHORT + 1
    assert _analysed(library) == SHORT
    doctor = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--library", str(library), "doctor"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr


def test_ctrl_c_during_parallel_analysis_says_one_line(tmp_path):
    library = tmp_path / "lib"
    code, err = _ctrl_c_mid_analysis(library, _news(tmp_path), reader_leaves=False)
    assert code == 130, err
    assert err.strip().splitlines()[-1] == "newsread: interrupted"
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    _assert_consistent(library)


def test_ctrl_c_that_also_ends_the_reader_of_stderr_still_exits_130(tmp_path):
    library = tmp_path / "lib"
    code, _ = _ctrl_c_mid_analysis(library, _news(tmp_path), reader_leaves=True)
    assert code == 130
    _assert_consistent(library)
