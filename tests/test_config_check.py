"""`newsread config check` names every problem in the config, one line each, and
`newsread` refuses to open with them (or without a terminal). The CLI is run for
real: in process through ``main``, and as the installed command in a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.cli import main
from tui.keymap import canonical_key, key_problem

NEWSREAD = Path(sys.executable).with_name("newsread")


def check(capsys, monkeypatch, tmp_path: Path, text: str) -> tuple[int, str, list[str], Path]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("NEWSREAD_CONFIG", str(path))
    code = main(["config", "check"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err.splitlines(), path


def test_check_reports_every_problem_one_line_each(capsys, monkeypatch, tmp_path):
    code, _, lines, path = check(
        capsys,
        monkeypatch,
        tmp_path,
        """
[keys]
"reader.tag" = "n"
"reader.find" = "ctrl+shift+banana"
"library.sort" = "foo"
"reader.delete" = "x,"
"reader.nonsense" = "x"
"reader.undo" = 5

[pipeline]
name = "en_core_web_nope"

[quick_tags]
0 = "zero"

[colours]
tag = "red"
""",
    )
    expected = [
        "unknown section [colours]",
        "[keys] 'reader.undo' must be a non-empty string",
        "[quick_tags] key '0' must be a digit 1-9",
        "'ctrl+shift+banana' is not a key",
        "'foo' is not a key",
        "[keys] 'reader.delete' = 'x,': an empty key",
        "'reader.nonsense' is not a binding id",
        "[keys] 'reader.tag' = 'n' takes n from reader.note (Note), leaving it no key",
        "[pipeline] name 'en_core_web_nope' is not an installed spaCy pipeline",
    ]
    assert code == 2
    assert len(lines) == len(expected), "\n".join(lines)
    for line in lines:
        assert line.startswith(f"newsread: error: {path}: "), line
    for text in expected:
        assert sum(text in line for line in lines) == 1, (text, lines)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        # As TOML writes a BEL (a raw one is no valid TOML).
        (r"che\u0007ck", "[quick_tags] 1 = 'che␇ck': a tag name cannot hold control characters"),
        ("che␇ck", "[quick_tags] 1 = 'che␇ck': a tag name cannot hold control characters, nor"),
        ("check, source", "[quick_tags] 1 = 'check, source': a tag name cannot hold a comma"),
    ],
)
def test_a_quick_tag_name_the_tag_rule_refuses_is_one_line_naming_file_and_key(
    capsys, monkeypatch, tmp_path, name, said
):
    # Only a comma was refused: a BEL or its picture ␇ became a quick tag the
    # tag picker and newsread tag refuse to make. ``name`` is as TOML writes it.
    text = f'[quick_tags]\n1 = "{name}"\n2 = "source"\n'
    code, _, lines, path = check(capsys, monkeypatch, tmp_path, text)
    assert code == 2
    assert lines == [lines[0]] and lines[0].startswith(f"newsread: error: {path}: {said}")
    assert "\x07" not in lines[0]


def test_quick_tag_names_in_two_spellings_of_one_tag_are_one_tag(tmp_path):
    from newsread.config import read_config

    path = tmp_path / "config.toml"
    path.write_text('[quick_tags]\n1 = " check "\n2 = "CHECK"\n', encoding="utf-8")
    config, problems = read_config(path)
    assert config.quick_tags == {"1": "check"}
    assert problems == [f"{path}: [quick_tags] 1 and 2 both name 'CHECK': a tag has one quick key"]


def test_check_names_bad_claim_settings_and_reads_good_ones(capsys, monkeypatch, tmp_path):
    from newsread.config import ClaimDisplay, read_config

    bad = """
[claims]
underline = "everything"
mark_threshold = 1.5
marks = true
"""
    code, _, lines, _ = check(capsys, monkeypatch, tmp_path, bad)
    expected = [
        "[claims] underline must be one of 'sources', 'claims', 'none', not 'everything'",
        "[claims] mark_threshold must be from 0 to 1, not 1.5",
        "[claims] unknown setting 'marks'",
    ]
    assert code == 2 and len(lines) == len(expected), lines
    for text in expected:
        assert sum(text in line for line in lines) == 1, (text, lines)
    for value in ("true", '"0.5"'):
        _, _, lines, _ = check(capsys, monkeypatch, tmp_path, f"[claims]\nmark_threshold = {value}")
        assert len(lines) == 1 and "mark_threshold must be a number from 0 to 1" in lines[0]
    path = tmp_path / "good.toml"
    path.write_text('[claims]\nunderline = "claims"\nmark_threshold = 0\n', encoding="utf-8")
    assert read_config(path) == (read_config(path)[0], [])
    assert read_config(path)[0].claims == ClaimDisplay("claims", 0.0)
    assert read_config(tmp_path / "absent.toml")[0].claims == ClaimDisplay("sources", 0.7)


def test_a_remap_may_move_keys_but_not_take_them(capsys, monkeypatch, tmp_path):
    # j goes, down stays: Next still has a key. t and x swap. f1 is free everywhere.
    code, out, lines, _ = check(
        capsys,
        monkeypatch,
        tmp_path,
        '[keys]\n"reader.next" = "down"\n"reader.tag" = "x"\n"reader.delete" = "t"\n'
        '"app.help" = "f1,?"\n',
    )
    assert (code, lines) == (0, []) and "OK" in out

    code, _, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"reader.next" = "n"\n')
    assert code == 2
    assert lines == [
        f"newsread: error: {tmp_path / 'config.toml'}: on the reader screen, [keys] "
        "'reader.next' = 'n' takes n from reader.note (Note), leaving it no key; "
        "if that is meant, give reader.note its keys in [keys] too"
    ]

    # Taking one of two keys is reported too: no two bindings share a key on a screen.
    code, _, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"reader.tag" = "down"\n')
    assert code == 2 and len(lines) == 1
    assert "takes down from reader.next (Next), it keeps j" in lines[0]


def test_a_tables_key_moved_onto_a_screens_key_is_caught(capsys, monkeypatch, tmp_path):
    # The table holds the focus in L and answers first: n moved to it left
    # the annotations list's Note with no key, and config check said OK.
    code, _, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"table.down" = "n"\n')
    assert code == 2
    assert lines == [
        f"newsread: error: {tmp_path / 'config.toml'}: on the annotations screen, [keys] "
        "'table.down' = 'n' takes n from annotations.note (Note), leaving it no key; "
        "if that is meant, give annotations.note its keys in [keys] too"
    ]
    code, out, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"table.down" = "ctrl+n"\n')
    assert (code, lines) == (0, []) and "OK" in out


def test_a_remap_clashing_with_a_panes_scroll_keys_is_caught(capsys, monkeypatch, tmp_path):
    # The statistics, help, info and queue panes hold the focus and scroll on
    # their keys before the screen: a screen's key moved onto one never ran,
    # and a scroll key moved onto a screen's took it, with config check saying OK.
    source = tmp_path / "config.toml"
    code, _, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"stats.reload" = "down"\n')
    assert code == 2
    assert lines == [
        f"newsread: error: {source}: on the stats screen, [keys] 'stats.reload' = 'down': "
        "down belongs to scroll.down (Scroll down), which answers first, "
        "so stats.reload has no working key"
    ]
    code, _, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"help.close_alt" = "home"\n')
    assert code == 2 and len(lines) == 1
    assert (
        "on the help screen, [keys] 'help.close_alt' = 'home': home belongs to scroll.home"
        in (lines[0])
    )
    code, _, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"info.close" = "pagedown"\n')
    assert code == 2 and len(lines) == 1
    assert "on the info screen, [keys] 'info.close' = 'pagedown': pagedown belongs to" in lines[0]

    code, _, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"scroll.home" = "a"\n')
    assert code == 2
    assert lines == [
        f"newsread: error: {source}: on the reader screen, with the focus in the side panel, "
        "[keys] 'scroll.home' = 'a' takes a from reader.accept (Accept), leaving it no key; "
        "if that is meant, give reader.accept its keys in [keys] too",
        f"newsread: error: {source}: on the queue screen, [keys] 'scroll.home' = 'a' takes a "
        "from queue.accept (Accept), leaving it no key; "
        "if that is meant, give queue.accept its keys in [keys] too",
    ]
    # The reader's own keys work in its text, where the side panel's do not
    # answer: a clash there is said once, not once per place the focus can be.
    code, _, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"reader.tag" = "n"\n')
    assert code == 2 and len(lines) == 1 and ", with the focus" not in lines[0]
    # Keys no pane scrolls on are free.
    code, out, lines, _ = check(
        capsys,
        monkeypatch,
        tmp_path,
        '[keys]\n"stats.reload" = "f9"\n"scroll.home" = "ctrl+home"\n',
    )
    assert (code, lines) == (0, []) and "OK" in out


def test_keys_something_else_answers_first(capsys, monkeypatch, tmp_path):
    code, _, lines, _ = check(
        capsys,
        monkeypatch,
        tmp_path,
        '[keys]\n"reader.tag" = "ctrl+p"\n"app.tags" = "r"\n',
    )
    assert code == 2
    assert len(lines) == 4, "\n".join(lines)
    palette = next(line for line in lines if "'reader.tag'" in line)
    assert "ctrl+p belongs to app.command_palette (Palette)" in palette
    assert "so reader.tag has no working key" in palette
    # The app's T moved onto r: each screen where a screen binding answers r first.
    tags = sorted(line.split(", [keys]")[0].split(": ")[-1] for line in lines if "app.tags" in line)
    assert tags == ["on the queue screen", "on the reader screen", "on the tag manager screen"]


def every_default_binding() -> str:
    """A [keys] table giving every binding id its shipped keys, written out."""
    from tui.app import NewsreadApp
    from tui.keymap import bound_classes

    keys: dict[str, list[str]] = {}
    for cls in bound_classes(NewsreadApp):
        for key, binding in cls._merge_bindings():
            if binding.id and key not in keys.setdefault(binding.id, []):
                keys[binding.id].append(key)
    return "[keys]\n" + "".join(f'"{i}" = "{",".join(k)}"\n' for i, k in keys.items())


def test_the_shipped_keys_written_out_are_never_refused(capsys, monkeypatch, tmp_path):
    # q goes back in the statistics, as shipped: writing the default
    # "app.quit" = "q" was refused there as leaving Quit "no working key".
    for text in (every_default_binding(), '[keys]\n"app.quit" = "q"\n'):
        code, out, lines, _ = check(capsys, monkeypatch, tmp_path, text)
        assert (code, lines) == (0, []) and "OK" in out, "\n".join(lines)
    # Quit keeps ctrl+x in the statistics: q there is the screen's, as shipped.
    code, out, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"app.quit" = "ctrl+x,q"\n')
    assert (code, lines) == (0, []) and "OK" in out, "\n".join(lines)


def test_a_key_dead_on_some_screens_is_a_warning_naming_them(capsys, monkeypatch, tmp_path):
    code, out, lines, path = check(
        capsys, monkeypatch, tmp_path, '[keys]\n"app.quit" = "ctrl+x,r"\n'
    )
    assert code == 0 and "OK" in out
    assert lines == [
        f"newsread: warning: {path}: on the {where} screen, [keys] 'app.quit' = 'ctrl+x,r': r "
        f"belongs to {who}, which answers first; app.quit keeps ctrl+x here"
        for where, who in (
            ("reader", "reader.reject (Reject)"),
            ("tag manager", "tags.rename (Rename)"),
            ("queue", "queue.reject (Reject)"),
        )
    ]
    # q goes back on those screens, not quits: Quit had no key there to lose.
    code, _, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"app.quit" = "r"\n')
    assert code == 0 and len(lines) == 3
    assert all(line.endswith("has no key here without a remap either") for line in lines)
    # With no other key, Quit would have none in the library, where it had q: refused.
    code, _, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"app.quit" = "d"\n')
    assert code == 2
    assert [line for line in lines if "error" in line] == [
        f"newsread: error: {path}: on the library screen, [keys] 'app.quit' = 'd': d belongs "
        "to library.delete (Delete), which answers first, so app.quit has no working key"
    ]


def test_a_key_a_moved_binding_leaves_to_quit_is_a_warning(capsys, monkeypatch, tmp_path):
    # The reader's q closed it; moved away, q falls through to the app's Quit.
    code, out, lines, path = check(
        capsys, monkeypatch, tmp_path, '[keys]\n"reader.close" = "backspace"\n'
    )
    assert code == 0 and "OK" in out
    assert lines == [
        f"newsread: warning: {path}: on the reader screen, q now quits the app "
        "(reader.close moved to backspace); if q should still run reader.close "
        "(Back to the library), give reader.close q too in [keys]"
    ]
    # Kept among its keys: nothing to say.
    code, out, lines, _ = check(
        capsys, monkeypatch, tmp_path, '[keys]\n"reader.close" = "backspace,q"\n'
    )
    assert (code, lines) == (0, []) and "OK" in out


def test_an_unknown_id_points_to_a_list_of_the_ids_not_to_the_help_screen(
    capsys, monkeypatch, tmp_path
):
    # The app refusing to start said "see the help screen, ?": unreachable then.
    code, out, lines, path = check(
        capsys, monkeypatch, tmp_path, '[keys]\n"reader.tagg" = "x"\n"raeder.note" = "y"\n'
    )
    assert code == 2
    assert lines == [
        f"newsread: error: {path}: [keys] 'reader.tagg' is not a binding id (did you mean "
        "'reader.tag'? newsread config check lists the reader.* ids)",
        f"newsread: error: {path}: [keys] 'raeder.note' is not a binding id (did you mean "
        "'reader.note' (Note)? newsread config check lists the reader.* ids)",
    ]
    listed = out.splitlines()
    assert listed[0] == "the reader.* binding ids (id = default keys: what it does):"
    assert any(line.split() == ["reader.tag", "=", "t:", "Tag"] for line in listed)
    assert any(line.split()[:3] == ["reader.next", "=", "j,down:"] for line in listed)
    assert not any("library." in line for line in listed)
    # No screen recognised: the prefixes are named in the line itself.
    code, out, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"zzz" = "y"\n')
    assert code == 2 and out == "" and len(lines) == 1
    assert "binding ids start with annotations.*, app.*" in lines[0] and "reader.*" in lines[0]


def test_check_accepts_keys_written_as_menus_write_them(capsys, monkeypatch, tmp_path):
    code, out, lines, _ = check(capsys, monkeypatch, tmp_path, '[keys]\n"reader.tag" = "Ctrl+T"\n')
    assert (code, lines) == (0, []) and "OK" in out


def test_an_unknown_id_is_matched_by_what_the_bindings_say(capsys, monkeypatch, tmp_path):
    # 'library.search' got "did you mean 'library.sort'?", the nearest spelling,
    # while the binding described "Search" is library.filter.
    for written, meant in (
        ("library.search", "'library.filter' (Search)"),
        ("library.clear_search", "'library.clear_filter' (Clear the search)"),
        ("library.open_browser", "'library.browser' (Open in browser)"),
        ("reader.search", "'reader.find' (Find)"),
        ("tags.remove", "'tags.delete' (Delete)"),
        ("reader.tagg", "'reader.tag'?"),  # no word of it said: the spelling
    ):
        code, _, lines, _ = check(capsys, monkeypatch, tmp_path, f'[keys]\n"{written}" = "f9"\n')
        assert code == 2 and len(lines) == 1, lines
        assert f"is not a binding id (did you mean {meant}" in lines[0], lines[0]


def test_check_refuses_a_ctrl_key_the_terminal_sends_as_another(capsys, monkeypatch, tmp_path):
    code, _, lines, path = check(capsys, monkeypatch, tmp_path, '[keys]\n"reader.tag" = "ctrl+i"\n')
    assert code == 2
    assert lines == [
        f"newsread: error: {path}: [keys] 'reader.tag' = 'ctrl+i': 'ctrl+i' never arrives: "
        "the terminal sends tab for it (the same byte)"
    ]


def test_key_names_follow_textual():
    for key in (
        "j", "T", "5", "?", "question_mark", "slash", "space", "tab", "enter", "escape",
        "backspace", "left", "pageup", "home", "f1", "f24", "ctrl+t", "ctrl+shift+left",
        "alt+x", "meta+x", "shift+tab", "ctrl+?", "Ctrl+T", "shift+ctrl+x", "£",
    ):  # fmt: skip
        assert key_problem(key) is None, key
    for key in ("", " ", "foo", "banana", "ctrl+shift+banana", "ctrl+", "control+t", "f99"):
        assert key_problem(key), key
    assert "write 'T'" in key_problem("shift+t")
    # The terminal sends the other key's byte for these: the binding never ran,
    # though the footer showed "^i Tag".
    for key, sent in (
        ("ctrl+i", "tab"), ("ctrl+m", "enter"), ("ctrl+h", "backspace"), ("ctrl+[", "escape"),
        ("Ctrl+I", "tab"), ("ctrl+space", "ctrl+@"), ("ctrl+2", "ctrl+@"), ("ctrl+3", "escape"),
        ("ctrl+8", "backspace"), ("ctrl+1", "1"),
    ):  # fmt: skip
        assert f"never arrives: the terminal sends {sent} for it" in key_problem(key), key
    for key in ("ctrl+j", "ctrl+t", "ctrl+shift+i", "alt+i"):
        assert key_problem(key) is None, key
    assert canonical_key("Ctrl+?") == "ctrl+question_mark"
    assert canonical_key("PageUp") == "pageup"
    # Upper case with a modifier is how menus write keys: Textual reports
    # ctrl+t for Ctrl+T (and for ctrl+shift+t on most terminals), alt+shift+t
    # for alt+T; "T" alone is its own key, shift+t never arrives.
    for written, key in (
        ("Ctrl+T", "ctrl+t"), (" shift+ctrl+X ", "ctrl+shift+x"), ("Alt+T", "alt+shift+t"),
        ("ctrl+alt+T", "alt+ctrl+t"), ("T", "T"), ("t", "t"), ("F5", "f5"),
        ("Shift+F5", "shift+f5"), ("Alt+Enter", "alt+enter"), ("CTRL+Home", "ctrl+home"),
    ):  # fmt: skip
        assert canonical_key(written) == key, written
    assert "write 'T'" in key_problem("Shift+T")


# -- the installed command in a terminal --------------------------------------------------------


def run_in_terminal(
    env: dict[str, str], stdin_tty: bool = True, then: tuple[str, bytes] | None = None
) -> tuple[int, str]:
    """Run ``newsread`` with stdout and stderr on a pseudo-terminal (stdin too, or
    /dev/null); once the output holds ``then[0]``, type ``then[1]``."""
    if not NEWSREAD.exists():
        pytest.skip(f"the newsread command is not installed at {NEWSREAD}")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [str(NEWSREAD)],
        stdin=slave if stdin_tty else subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env={**os.environ, **env, "TERM": "xterm-256color"},
        close_fds=True,
    )
    os.close(slave)
    output = b""
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the program closed its end of the terminal
                break
            if not chunk:
                break
            output += chunk
            if then and then[0] in output.decode("utf-8", "replace"):
                os.write(master, then[1])
                then = None
        else:
            raise AssertionError(f"newsread still running; it printed:\n{output[-2000:]!r}")
        return proc.wait(timeout=60), output.decode("utf-8", "replace")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def test_app_start_refuses_a_config_with_problems(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"reader.tag" = "n"\n"library.sort" = "foo"\n', encoding="utf-8")
    code, output = run_in_terminal({"NEWSREAD_CONFIG": str(config)})
    lines = [line for line in output.splitlines() if line.strip()]
    assert code == 2
    assert len(lines) == 2, output
    assert all(line.startswith(f"newsread: error: {config}: ") for line in lines)
    assert "takes n from reader.note" in output and "'foo' is not a key" in output


def test_app_start_names_every_problem_at_once(tmp_path):
    """The app said an unknown section and bad values first, and the [keys]
    problems only on the next start, once those were fixed."""
    config = tmp_path / "config.toml"
    config.write_text(
        '[keys]\n"reader.tagg" = "x"\n"reader.tag" = "n"\n\n[colours]\ntag = "red"\n',
        encoding="utf-8",
    )
    code, output = run_in_terminal({"NEWSREAD_CONFIG": str(config)})
    lines = [line for line in output.splitlines() if line.strip()]
    assert code == 2
    assert len(lines) == 3, output
    assert all(line.startswith(f"newsread: error: {config}: ") for line in lines)
    assert "unknown section [colours]" in lines[0]
    assert "'reader.tagg' is not a binding id" in output and "help screen" not in output
    assert "newsread config check lists the reader.* ids" in output
    assert "takes n from reader.note" in output


def test_app_start_only_warns_about_the_pipeline(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[pipeline]\nname = "en_core_web_nope"\n', encoding="utf-8")
    env = {"NEWSREAD_CONFIG": str(config), "NEWSREAD_LIBRARY": str(tmp_path / "library")}
    # The app opens (its footer names Quit) and quits on q.
    code, output = run_in_terminal(env, then=("Quit", b"q"))
    assert code == 0
    assert (
        f"newsread: warning: {config}: [pipeline] name 'en_core_web_nope' is not an installed "
        "spaCy pipeline; newsread uses" in output
    )


def test_app_starts_with_every_shipped_key_written_out(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(every_default_binding(), encoding="utf-8")
    env = {"NEWSREAD_CONFIG": str(config), "NEWSREAD_LIBRARY": str(tmp_path / "library")}
    # The app opens (its footer names Quit) and quits on q, warning of nothing.
    code, output = run_in_terminal(env, then=("Quit", b"q"))
    assert code == 0 and "newsread: " not in output, output[-2000:]


def test_no_terminal_no_app(tmp_path):
    env = {**os.environ, "NEWSREAD_LIBRARY": str(tmp_path / "library")}
    if not NEWSREAD.exists():
        pytest.skip(f"the newsread command is not installed at {NEWSREAD}")
    piped = subprocess.run(
        [str(NEWSREAD)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert piped.returncode == 2 and piped.stdout == ""
    [line] = piped.stderr.splitlines()
    assert line.startswith("newsread: error: the app needs a terminal")
    for command in ("newsread --help", "newsread list", "newsread import"):
        assert command in line
    assert not (tmp_path / "library").exists()

    # Output on a terminal is not enough: keys cannot come from /dev/null.
    code, output = run_in_terminal({"NEWSREAD_LIBRARY": str(tmp_path / "library")}, False)
    assert code == 2 and "the app needs a terminal" in output
