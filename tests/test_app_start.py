"""The app's start path, each check in a clean interpreter: what it imports
before the first screen, and the cyclic collector it pauses until that screen
is complete. (Figures: benchmarks/bench_first_screen.py.)"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from tui.cli import main

#: A Pilot run of the app over a two-article library; ``{setup}`` runs before
#: the app is made, ``{check}`` once its library screen is complete.
PILOT_RUN = """
import asyncio, gc, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from pilot_helpers import SIZE, library_ready, make_library
from newsread.config import Config
from tui.app import NewsreadApp
{setup}
app = NewsreadApp(make_library(Path({root!r})), Config(), **kwargs)

async def run():
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(pilot, app)
        {check}

asyncio.run(run())
"""


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def _pilot(tmp_path: Path, setup: str, check: str) -> str:
    tests = str(Path(__file__).parent)
    return _run(PILOT_RUN.format(tests=tests, root=str(tmp_path / "lib"), setup=setup, check=check))


def test_the_config_check_at_start_imports_no_pipeline_module(tmp_path):
    # Without a [pipeline] name there is nothing to look up: the pipeline
    # module and the analysis records behind it wait for the warm-up.
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tui.app import NewsreadApp\n"
        "from tui.keymap import check_config\n"
        f"config, problems, pipeline, _ = check_config(Path({str(tmp_path / 'none.toml')!r}), "
        "NewsreadApp)\n"
        "print(problems, pipeline, 'newsread.analysis.pipeline' in sys.modules)\n"
    )
    assert _run(code) == "[] None False"


def test_the_first_screen_with_an_empty_box_imports_no_search_parser(tmp_path):
    # The warm-up (which imports every screen, and the parser with them) is
    # left out, so only the library screen's own load is seen.
    setup = "NewsreadApp.warm_pipeline = lambda self: None\nkwargs = {}"
    check = "print(app.screen.model.filter_text == '', 'newsread.search' in sys.modules)"
    assert _pilot(tmp_path, setup, check) == "True False"


def test_the_collector_is_paused_until_the_first_screen_is_complete(tmp_path):
    # As the newsread command starts the app: the collector off, the app told
    # so. spaCy's load is left out; the collector comes back before it starts.
    setup = (
        "NewsreadApp._warm = lambda self: None\n"
        "gc.disable()\n"
        "kwargs = {'collector_paused': True}\n"
        "seen = []\n"
        "NewsreadApp.on_mount = (lambda mount: lambda self: (seen.append(gc.isenabled()), "
        "mount(self)))(NewsreadApp.on_mount)"
    )
    check = "print(seen, gc.isenabled(), gc.get_freeze_count() > 0)"
    assert _pilot(tmp_path, setup, check) == "[False] True True"


def test_the_app_made_elsewhere_leaves_the_collector_alone(tmp_path):
    setup = "kwargs = {}\nNewsreadApp._warm = lambda self: None"
    check = "print(gc.isenabled(), gc.get_freeze_count())"
    assert _pilot(tmp_path, setup, check) == "True 0"


def test_a_refused_start_gives_the_collector_back(tmp_path, capsys):
    # Under pytest there is no terminal: the command refuses to open the app.
    assert gc.isenabled()
    assert main(["--library", str(tmp_path / "lib")]) == 2
    assert "needs a terminal" in capsys.readouterr().err
    assert gc.isenabled()


async def test_a_start_warning_is_shown_in_the_app(tmp_path):
    """A config's pipeline that is not installed was said only on the shell's
    screen, seen after quitting: the app shows it too, as text (no markup)."""
    from newsread.config import Config
    from tests.pilot_helpers import SIZE, make_library, wait_until
    from tui.app import NewsreadApp

    warning = "[pipeline] name 'en_[b]x' is not an installed spaCy pipeline\x1b"
    app = NewsreadApp(make_library(tmp_path / "lib"), Config(), notices=[warning])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(list(app._notifications)))
        [shown] = list(app._notifications)
        assert shown.message == "[pipeline] name 'en_[b]x' is not an installed spaCy pipeline␛"
        assert shown.severity == "warning" and shown.markup is False
