"""End to end under tmux: a bracketed paste (``tmux paste-buffer -p``) sent
right after typed letters, holding escape sequences, into the note editor.
The real terminal parser is in play here (tui.whole_pastes): Textual's own
turned the paste's ESC into a leading ``^`` key and the sequences into keys,
and the paste overtook letters still held (tui.keyorder)."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import FIXTURES
from tests.test_e2e_tmux import NEWSREAD, Tmux, e2e_env, run_cli

__all__ = ["e2e_env"]  # the fixture, used by name

pytestmark = pytest.mark.e2e

LETTERS = "abcdefghijklmnopqrstuvwxyz"
PASTED = "[bold]x\x1b]0;pwned\x07 \x1b[2J end"


def test_a_paste_after_typed_letters_lands_after_them_without_its_sequences(e2e_env, tmp_path):  # noqa: F811
    source = tmp_path / "ferry.txt"
    shutil.copy(FIXTURES / "e2e" / "ferry.txt", source)
    assert run_cli(e2e_env, "import", str(source)).returncode == 0
    buffer = tmp_path / "paste.txt"
    buffer.write_bytes(PASTED.encode())

    tmux = Tmux(e2e_env, (80, 24))
    tmux.start([str(NEWSREAD)])
    try:
        tmux.open_first_article("Island ferry service")
        tmux.keys("n")
        tmux.keys("-l", LETTERS)
        tmux.tmux("load-buffer", "-b", "quote", str(buffer), check=True)
        tmux.tmux("paste-buffer", "-p", "-b", "quote", "-t", tmux.name, check=True)
        tmux.wait(lambda s: f"{LETTERS}[bold]x  end" in s, "the letters, then the paste")
        tmux.keys("C-s")
        tmux.wait(lambda s: "u undoes" in s, "the note saved")
        tmux.quit_from_reader()
    finally:
        tmux.kill()

    exported = run_cli(e2e_env, "export")
    assert exported.returncode == 0, exported.stderr
    [annotation] = json.loads(exported.stdout)["annotations"]
    assert annotation["note"] == f"{LETTERS}[bold]x  end"
