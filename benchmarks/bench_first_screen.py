"""First screen side by side with newsboat, and the app at 100,000 articles under tmux.

    .venv/bin/python benchmarks/bench_first_screen.py [--sizes 100,10000,100000]
        [--runs 5] [--timeout 120] [--rebuild] [--no-app-check]

Builds once (cached under ``.bench/first-screen-<format>/``) a newsread library
and a newsboat cache holding the SAME articles at each size: titles
``Story 000123 word word`` and ~300-word bodies drawn from ``random.Random(7)``
exactly as ``../shared/tools/gen_newsboat.py`` draws them (that script builds the
newsboat side; the newsread side is written with the project's own storage API
as the articles of one subscribed feed, then grouped into same stories).
``BENCH_SKIP_100K=1`` (or ``--skip-100k``) leaves out the 100,000 size.

Then, in one run:

* **first screen**: ``../shared/tools/tui_first_screen.py`` (its docstring says
  what the number includes) times newsboat's article list and newsread's library
  screen at 120x40 until a title is on screen, plus the harness's floor (a
  command that prints at once). The title waited for is the first one each
  program shows, read from an untimed launch that is also the warm-up. Printed
  next to the goals: ≤ 1.0× newsboat at 100,000 articles, ≤ 1.2× at 10,000,
  and newsread ≤ 0.25 s at 100.
* **the app at the largest size** (100,000 articles) in a private tmux server:
  it opens; its memory once the first screen is up (VmRSS, and VmHWM at the end,
  of the app's process tree; goal ≤ 250 MB); keypress-to-repaint latency for
  down, page down, end, sort and a filter keystroke (goal ≤ 50 ms each); ``end``
  reaches the last row; ``/`` and a number find exactly one title.

A missed goal prints MISSED and the bench goes on; the exit status is 1 only
when something is broken (the app does not open, ``end`` or the filter does
not find the row, a build fails). Without a runnable newsboat the comparison is
skipped with a message and newsread's own times are still printed.

Latency is measured from just before ``send-keys`` until the pane shows the
result: the screen (with colours, so a moved highlight counts; text only once
the filter box with its blinking cursor is open) is captured every 5 ms through
one tmux control-mode client; "first change" is the first capture that
differs, the figure judged against the goal is the median time to the last
change before the screen stays still for 0.3 s. The floor, a key echoed by the
tty of ``cat``, is printed first. Before the keys, the bench waits until the
app's process is idle (the spaCy warm-up after the first screen, say, is done).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TOOLS = ROOT.parent / "shared" / "tools"
GEN_NEWSBOAT = TOOLS / "gen_newsboat.py"
FIRST_SCREEN = TOOLS / "tui_first_screen.py"
CACHE = ROOT / ".bench"
FORMAT = "fs1"  # bump when the cached libraries must be rebuilt
SIZE = (120, 40)
DEFAULT_SIZES = "100,10000,100000"

#: gen_newsboat.py's vocabulary and draws, in its order (checked after a build).
_VOCABULARY = (
    "council harbour report minister water rate strike port crane budget river school "
    "hospital police court union election tariff market energy"
)
WORDS = _VOCABULARY.split()
FEED_URL = "http://example.invalid/feed.xml"
FEED_NAME = "Wire"
IMPORTED = "2026-11-10T08:00:00+00:00"
TITLE_RE = re.compile(r"Story \d{6} [a-z]+ [a-z]+")
ANY_TITLE = "Story 0"  # every generated title starts so (below 1,000,000 articles)

LATENCY_GOAL = 0.050
MEMORY_GOAL_MB = 250.0
SMALL_GOAL_S = 0.25
RATIO_GOALS = {100_000: 1.0, 10_000: 1.2}


def stories(n: int) -> Iterator[tuple[int, str, str]]:
    """(i, title, body) exactly as gen_newsboat.py draws them."""
    rng = random.Random(7)
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(300))
        yield i, f"Story {i:06d} {rng.choice(WORDS)} {rng.choice(WORDS)}", body


def published(i: int) -> str:
    """gen_newsboat.py's pubDate (Mon, 0D Nov 2026 10:00:00 +0000) as ISO."""
    return f"2026-11-{1 + i % 9:02d}T10:00:00+00:00"


def newsread_command() -> list[str]:
    beside = Path(sys.executable).with_name("newsread")
    return [str(beside if beside.exists() else ROOT / ".venv" / "bin" / "newsread")]


# -- building the data ------------------------------------------------------------------------


def cache_root() -> Path:
    from storage.library import SCHEMA_VERSION

    return CACHE / f"first-screen-{FORMAT}-schema{SCHEMA_VERSION}"


def build_newsread(n: int, path: Path) -> None:
    from newsread.model import Article, make_article_id
    from storage.feeds import Feed, add_feed
    from storage.library import Library
    from storage.story_index import regroup

    tmp = path.with_name(path.name + ".building")
    for old in (path, tmp):
        if old.exists():
            shutil.rmtree(old)
    t = time.perf_counter()
    library = Library(tmp)
    add_feed(
        library,
        Feed(url=FEED_URL, name=FEED_NAME, title=FEED_NAME, site="http://example.invalid/",
             added=IMPORTED),
    )  # fmt: skip
    batch: list[Article] = []
    titles: list[str] = []
    for i, title, body in stories(n):
        titles.append(title)
        link = f"http://example.invalid/{i}"
        batch.append(
            Article(
                id=make_article_id(link, title),
                title=title,
                body=body,
                source=FEED_NAME,
                published=published(i),
                url_or_path=link,
                imported=IMPORTED,
                feed=FEED_URL,
                guid=f"g{i}",
            )
        )
        if len(batch) == 10_000 or i == n - 1:
            library.save_articles(batch)
            batch = []
            print(f"  newsread: saved {i + 1} articles ({time.perf_counter() - t:.0f} s)",
                  flush=True)  # fmt: skip
    regroup(library)
    print(f"  newsread: grouped same stories ({time.perf_counter() - t:.0f} s)", flush=True)
    library.close()
    (tmp / TITLES).write_text("".join(title + "\n" for title in titles), encoding="utf-8")
    (tmp / ".bench-format").write_text(FORMAT)
    tmp.rename(path)


def build_newsboat(n: int, path: Path) -> str:
    """Builds newsboat's cache in place (its urls file names the folder); returns
    "" or why newsboat cannot be used."""
    if shutil.which("newsboat") is None:
        return "newsboat is not installed (make bench installs it with apt-get)"
    if path.exists():
        shutil.rmtree(path)
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(GEN_NEWSBOAT), str(path), str(n)],
        capture_output=True,
        text=True,
        env=clean_env(),
    )
    if proc.returncode != 0:
        return f"gen_newsboat.py failed: {(proc.stderr or proc.stdout).strip()[-500:]}"
    # The same titles on both sides, or the comparison means nothing.
    found = TITLE_LINE.findall((path / "feed.xml").read_text(encoding="utf-8"))
    if found != titles_of(n):
        raise SystemExit(f"{path}/feed.xml does not hold the titles this bench generates")
    print(f"  newsboat: cache of {n} articles ({time.perf_counter() - t:.0f} s)", flush=True)
    (path / ".bench-format").write_text(FORMAT)
    return ""


TITLE_LINE = re.compile(r"<title>(Story [^<]*)</title>")
TITLES = "bench-titles.txt"  # beside the newsread library: every title, in order


def titles_of(n: int) -> list[str]:
    """The titles of the n-article data (the newsread side is built first)."""
    path = cache_root() / f"newsread-{n}" / TITLES
    return path.read_text(encoding="utf-8").splitlines()


def cached(kind: str, n: int, rebuild: bool) -> tuple[Path, str]:
    """The cached newsread library or newsboat folder for n articles, built when
    missing; (path, why it cannot be used or "")."""
    path = cache_root() / f"{kind}-{n}"
    marker = path / ".bench-format"
    if not rebuild and marker.exists() and marker.read_text() == FORMAT:
        return path, ""
    print(f"building the {n}-article {kind} data in {path} (cached for later runs)", flush=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "newsread":
        build_newsread(n, path)
        return path, ""
    return path, build_newsboat(n, path)


def work_copy(src: Path, n: int) -> Path:
    """A hard-linked copy for the app to open: newsread replaces files by rename,
    so whatever it writes leaves the cached library as it was."""
    dst = CACHE / "work" / f"first-screen-{n}"
    if dst.exists():
        shutil.rmtree(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-al", str(src), str(dst)], check=True)
    (dst / ".lock").unlink(missing_ok=True)  # a lock of its own, not a hard link
    (dst / ".lock").touch()
    return dst


# -- running programs in tmux -----------------------------------------------------------------


def clean_env() -> dict[str, str]:
    """This environment without a terminal size (Textual and ncurses trust
    COLUMNS/LINES over the pty's) and with an empty newsread config."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["NEWSREAD_CONFIG"] = str(CACHE / "first-screen-no-config.toml")
    return env


def app_line(library: Path) -> list[str]:
    return [
        "env", "-u", "COLUMNS", "-u", "LINES",
        f"NEWSREAD_CONFIG={CACHE / 'first-screen-no-config.toml'}",
        *newsread_command(), "--library", str(library),
    ]  # fmt: skip


def newsboat_line(folder: Path) -> list[str]:
    return [
        "env", "-u", "COLUMNS", "-u", "LINES",
        "newsboat", "-u", str(folder / "urls"), "-c", str(folder / "cache.db"),
        "-C", str(folder / "config-list"),
    ]  # fmt: skip


def pid_gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def process_tree(pid: int) -> list[int]:
    """pid and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def memory_parts(pid: int) -> list[tuple[str, float, float]]:
    """(what, VmRSS, VmHWM in MB) of each process of pid's tree that has memory
    of its own (tmux's shell has none to speak of)."""
    parts = []
    for p in process_tree(pid):
        rss = hwm = 0.0
        try:
            with open(f"/proc/{p}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1]) / 1024
                    elif line.startswith("VmHWM:"):
                        hwm = int(line.split()[1]) / 1024
            with open(f"/proc/{p}/cmdline", "rb") as handle:
                words = handle.read().decode(errors="replace").split("\0")
        except OSError:
            continue
        # "python -m tui.cli index --background": name each by what it runs.
        if "index" in words:
            what = "the search index build"
        elif "storage.catalog" in words:
            what = "the catalog child"
        elif any(word.endswith("newsread") for word in words):
            what = "the app"
        else:
            what = os.path.basename(words[0]) if words else "?"
        if rss >= 1:
            parts.append((what, rss, hwm))
    return parts


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) summed over pid's process tree, in MB."""
    parts = memory_parts(pid)
    return sum(rss for _, rss, _ in parts), sum(hwm for _, _, hwm in parts)


def memory_note(pid: int) -> str:
    """Each process's share, when there is more than one."""
    parts = memory_parts(pid)
    if len(parts) < 2:
        return ""
    return "; " + ", ".join(f"{what} {rss:.0f} MB" for what, rss, _ in parts)


def cpu_seconds(pid: int) -> float:
    total = 0.0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue
    return total


class NotShown(Exception):
    """What was waited for did not show; str() has the reason and the screen."""

    def __init__(self, reason: str, screen: str) -> None:
        lines = [line.rstrip() for line in screen.splitlines() if line.strip()]
        super().__init__(reason + "; the screen:\n    " + "\n    ".join(lines))


class Pane:
    """One program in a tmux server of its own (-L, no config file), so no other
    server's options or clients touch it. Keys and screen captures go through one
    control-mode client (``tmux -C``): about 1 ms a command, where spawning a
    tmux client for each costs several (more on a loaded machine)."""

    def __init__(self, command: list[str]) -> None:
        self.socket = f"bench-fs-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        width, height = SIZE
        # Status line off before the session exists: the pane is W x H from the start.
        self.tmux(
            "-f", "/dev/null", "start-server",
            ";", "set-option", "-s", "exit-empty", "off",
            ";", "set-option", "-g", "status", "off",
            ";", "set-option", "-g", "remain-on-exit", "on",
            check=True,
        )  # fmt: skip
        self.t0 = time.perf_counter()
        out = self.tmux(
            "new-session", "-d", "-s", "b", "-x", str(width), "-y", str(height),
            "-P", "-F", "#{pane_pid} #{pane_width}x#{pane_height}", *command,
            check=True,
        ).stdout  # fmt: skip
        pid, size = out.split()
        self.pid = int(pid)
        if size != f"{width}x{height}":
            print(f"  warning: the pane is {size}, not {width}x{height}", flush=True)
        self.control = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach-session", "-t", "b"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=clean_env(),
        )
        self._block()  # the attach command's own (empty) reply
        # No %output notifications: this client only asks for the screen.
        self.command("refresh-client -f no-output")
        self.socket_path = self.command("display-message -p '#{socket_path}'").strip()
        shown = self.command("display-message -p '#{window_width}x#{window_height}'")
        if shown.strip() != f"{width}x{height}":
            print(f"  warning: the window is {shown.strip()}, not {width}x{height}", flush=True)

    def tmux(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=clean_env()
        )
        if check and proc.returncode:
            raise RuntimeError(f"tmux {shlex.join(args)}: {proc.stderr.strip()}")
        return proc

    def _block(self) -> tuple[str, bool]:
        """The next %begin ... %end (or %error) reply: (its text, failed);
        notifications between replies are skipped."""
        assert self.control.stdout is not None
        lines: list[str] = []
        inside = False
        while True:
            raw = self.control.stdout.readline()
            if not raw:
                raise RuntimeError("the tmux control client ended")
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            if not inside:
                inside = line.startswith("%begin ")
            elif line.startswith(("%end ", "%error ")):
                return "\n".join(lines) + "\n", line.startswith("%error")
            else:
                lines.append(line)

    def command(self, line: str) -> str:
        assert self.control.stdin is not None
        self.control.stdin.write(line.encode("utf-8") + b"\n")
        self.control.stdin.flush()
        text, failed = self._block()
        if failed:
            raise RuntimeError(f"tmux {line}: {text.strip()}")
        return text

    def screen(self, styled: bool = False) -> str:
        return self.command("capture-pane -p -t b" + (" -e" if styled else ""))

    def dead(self) -> bool:
        return self.command("display-message -p -t b '#{pane_dead}'").strip() != "0"

    def keys(self, *keys: str) -> None:
        self.command("send-keys -t b " + " ".join(shlex.quote(k) for k in keys))

    def wait(self, condition: Callable[[str], bool], timeout: float) -> tuple[float, str]:
        """(seconds since the pane started, screen) once condition holds; raises
        NotShown otherwise."""
        deadline = time.perf_counter() + timeout
        while True:
            text = self.screen()
            now = time.perf_counter()
            if condition(text):
                return now - self.t0, text
            if now > deadline:
                raise NotShown(f"not on screen after {timeout:g} s", text)
            if self.dead():
                raise NotShown("the program exited", text)
            time.sleep(0.005)

    def wait_idle(self, timeout: float = 90.0, quiet: float = 1.0) -> float:
        """Wait until the program uses < 5 % of a core over ``quiet`` s; returns the wait."""
        t = time.perf_counter()
        while time.perf_counter() - t < timeout:
            before = cpu_seconds(self.pid)
            time.sleep(quiet)
            if cpu_seconds(self.pid) - before < 0.05 * quiet:
                break
        return time.perf_counter() - t

    def kill(self) -> None:
        if self.control.stdin is not None:
            self.control.stdin.close()  # detaches
        self.tmux("kill-server")
        self.control.wait(5)
        Path(self.socket_path).unlink(missing_ok=True)  # tmux leaves it behind
        end = time.monotonic() + 5
        while not pid_gone(self.pid) and time.monotonic() < end:
            time.sleep(0.02)
        if not pid_gone(self.pid):
            os.kill(self.pid, signal.SIGKILL)


@dataclass
class Latency:
    first: float | None  # first changed capture
    done: float | None  # last change before the screen stayed still
    screen: str


def press(pane: Pane, keys: list[str], styled: bool, timeout: float) -> Latency:
    """Send keys; time until the screen changes and until it settles."""
    screen = pane.screen(styled)
    t0 = time.perf_counter()
    pane.keys(*keys)
    first = done = None
    while True:
        text = pane.screen(styled)
        now = time.perf_counter() - t0
        if text != screen:
            first = now if first is None else first
            done, screen = now, text
        elif done is not None and now - done >= 0.3:
            break
        if now > timeout:
            break
        time.sleep(0.005)
    return Latency(first, done, pane.screen())


# -- the first-screen harness -----------------------------------------------------------------


@dataclass
class Timing:
    median: float = 0.0
    low: float = 0.0
    high: float = 0.0
    runs: int = 0
    error: str = ""


def harness(command: list[str], expect: str, runs: int, timeout: float) -> Timing:
    """tui_first_screen.py's median over runs (no warm-up: the probe launch was it)."""
    width, height = SIZE
    proc = subprocess.run(
        [
            sys.executable, str(FIRST_SCREEN), "--expect", expect, "--runs", str(runs),
            "--warmup", "0", "--size", f"{width}x{height}", "--timeout", str(timeout),
            "--", *command,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=clean_env(),
    )  # fmt: skip
    last = proc.stdout.strip().splitlines()[-1:] or [""]
    match = re.match(
        r"first_screen_s: median=([\d.]+) min=([\d.]+) max=([\d.]+) runs=(\d+)", last[0]
    )
    if proc.returncode != 0 or match is None:
        lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
        tail = "\n".join(lines[-45:])
        return Timing(error=f"tui_first_screen.py exited {proc.returncode}:\n{tail}")
    med, lo, hi, count = match.groups()
    return Timing(float(med), float(lo), float(hi), int(count))


def probe(command: list[str], timeout: float) -> tuple[float, str, str]:
    """One untimed launch (the warm-up): (seconds to a title, the first title on
    screen, "" or what went wrong)."""
    pane = Pane(command)
    try:
        elapsed, _ = pane.wait(lambda s: ANY_TITLE in s, timeout)
        # Until the program is idle: the screen is finished and whatever a program
        # keeps for its next start (newsread's library-catalog.json) is written,
        # so the timed runs are warm starts of a library opened before.
        pane.wait_idle(timeout=60, quiet=0.5)
        titles = TITLE_RE.findall(pane.screen())
        if not titles:
            return elapsed, "", "no whole title on screen:\n" + pane.screen()
        return elapsed, titles[0], ""
    except NotShown as exc:
        return 0.0, "", str(exc)
    finally:
        pane.kill()


@dataclass
class SizeResult:
    n: int
    newsboat: Timing | None
    newsread: Timing
    newsboat_note: str = ""


def first_screens(
    sizes: list[int], runs: int, timeout: float, rebuild: bool, keep: dict[int, Path]
) -> tuple[list[SizeResult], Timing, bool]:
    newsboat_ok = shutil.which("newsboat") is not None
    if not newsboat_ok:
        print("newsboat is not installed (make bench installs it with apt-get): "
              "the side-by-side comparison is skipped", flush=True)  # fmt: skip
    results: list[SizeResult] = []
    data: dict[int, tuple[Path, Path | None, str]] = {}
    for n in sizes:
        library, _ = cached("newsread", n, rebuild)
        folder: Path | None = None
        why = "newsboat is not installed"
        if newsboat_ok:
            folder, why = cached("newsboat", n, rebuild)
            if why:
                print(f"newsboat at {n} articles: {why}; comparison skipped", flush=True)
                folder = None
        data[n] = (library, folder, why)
    width, height = SIZE
    print(f"\n== first screen at {width}x{height}, tui_first_screen.py "
          f"(median of {runs} runs after one untimed launch)", flush=True)  # fmt: skip
    floor = harness(["sh", "-c", "echo READY; exec sleep 60"], "READY", runs, 10)
    if floor.error:
        raise SystemExit(f"the harness cannot run at all: {floor.error}")
    print(f"  floor (tmux + sh, a command that prints at once): {floor.median:.3f} s", flush=True)
    broken = False
    for n in sizes:
        library, folder, why = data[n]
        work = work_copy(library, n)
        keep[n] = work
        boat: Timing | None = None
        note = why
        if folder is not None:
            _, title, error = probe(newsboat_line(folder), timeout)
            if error:
                note = f"newsboat did not show a title ({error}); comparison skipped"
            else:
                boat = harness(newsboat_line(folder), title, runs, timeout)
                if boat.error:
                    note, boat = f"newsboat failed: {boat.error}", None
                else:
                    print(f"  {n:>7,} articles  newsboat {boat.median:7.3f} s  "
                          f"(min {boat.low:.3f}, max {boat.high:.3f}; waited for {title!r})",
                          flush=True)  # fmt: skip
            if note:
                print(f"  {n:>7,} articles  {note}", flush=True)
        took, title, error = probe(app_line(work), timeout)
        if error:
            mine = Timing(error=f"newsread did not show a title: {error}")
        else:
            # A slow app gets fewer runs (each one is its time again).
            mine = harness(app_line(work), title, runs if took < 10 else min(runs, 3), timeout)
        if mine.error:
            broken = True
            print(f"  {n:>7,} articles  newsread BROKEN: {mine.error}", flush=True)
        else:
            print(f"  {n:>7,} articles  newsread {mine.median:7.3f} s  "
                  f"(min {mine.low:.3f}, max {mine.high:.3f}, {mine.runs} runs; "
                  f"waited for {title!r})", flush=True)  # fmt: skip
        results.append(SizeResult(n, boat, mine, note))
    return results, floor, broken


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def print_table(results: list[SizeResult], floor: Timing) -> None:
    print(f"\n  {'articles':>9}  {'newsboat':>9}  {'newsread':>9}  {'ratio':>7}  goal")
    for r in results:
        boat = f"{r.newsboat.median:.3f} s" if r.newsboat else "—"
        mine = f"{r.newsread.median:.3f} s" if not r.newsread.error else "BROKEN"
        ratio = None
        if r.newsboat and not r.newsread.error and r.newsboat.median > 0:
            ratio = r.newsread.median / r.newsboat.median
        ratio_s = f"{ratio:.2f}×" if ratio is not None else "—"
        if r.newsread.error:
            goal = "newsread did not open"
        elif r.n in RATIO_GOALS:
            want = RATIO_GOALS[r.n]
            goal = f"≤ {want:g}× newsboat: " + (
                verdict(ratio <= want) if ratio is not None else "not compared (no newsboat)"
            )
        elif r.n <= 100:
            goal = f"newsread ≤ {SMALL_GOAL_S:g} s: {verdict(r.newsread.median <= SMALL_GOAL_S)}"
        else:
            goal = "(no goal at this size)"
        print(f"  {r.n:>9,}  {boat:>9}  {mine:>9}  {ratio_s:>7}  {goal}")
    print(f"  every time includes the harness floor of {floor.median:.3f} s", flush=True)


# -- the app at 100,000 articles --------------------------------------------------------------


def ms(seconds: float | None) -> str:
    return "   —   " if seconds is None else f"{seconds * 1e3:6.0f} ms"


def latency_line(what: str, samples: list[Latency], judge: bool = True) -> None:
    """The median time to the settled screen, judged against the goal."""
    done = [s.done for s in samples if s.done is not None]
    first = [s.first for s in samples if s.first is not None]
    if not done:
        print(f"  {what:<34} no repaint seen")
        return
    median = statistics.median(done)
    goal = f"goal ≤ {LATENCY_GOAL * 1e3:.0f} ms: {verdict(median <= LATENCY_GOAL)}" if judge else ""
    print(
        f"  {what:<34} {ms(median)}  (first change {ms(statistics.median(first)).strip()}, "
        f"worst {ms(max(done)).strip()} of {len(done)})  {goal}",
        flush=True,
    )


def app_check(n: int, library: Path, timeout: float) -> bool:
    """Open the app on n articles, measure it, check end and the filter; True when
    nothing is broken."""
    titles = titles_of(n)
    # Newest first (the library's default sort, as newsboat's): the oldest day is
    # i % 9 == 0 and, within a day, the list keeps the order they were added in.
    last_title = titles[max(i for i in range(n) if i % 9 == 0)]
    wanted = min(n - 1, 87_654)
    # The number without its leading zeros: its first keys already narrow the list.
    needle = f"{wanted:06d}".lstrip("0") or "0"
    if sum(needle in title for title in titles) != 1:
        needle = f"{wanted:06d}"
    target = titles[wanted]
    width, height = SIZE
    print(f"\n== the app at {n:,} articles in tmux ({width}x{height})", flush=True)
    ok = True
    # What any key costs here: the tty echoing a key typed to cat.
    echo = Pane(["sh", "-c", "exec cat"])
    try:
        echo.wait(lambda s: True, 10)
        floor = [press(echo, ["-l", "x"], False, 10) for _ in range(5)]
        latency_line("floor: a key echoed by the tty", floor, judge=False)
    finally:
        echo.kill()
    pane = Pane(app_line(library))
    try:
        try:
            opened, _ = pane.wait(lambda s: ANY_TITLE in s, timeout)
        except NotShown as exc:
            print(f"  {'opens (a title on screen)':<34} FAIL: {exc}")
            return False
        rss, _ = memory_mb(pane.pid)
        print(f"  {'opens (a title on screen)':<34} {opened:6.2f} s  pass", flush=True)
        print(f"  {'memory at the first screen':<34} {rss:6.0f} MB VmRSS  "
              f"(goal ≤ {MEMORY_GOAL_MB:.0f} MB: {verdict(rss <= MEMORY_GOAL_MB)})",
              flush=True)  # fmt: skip
        idle = pane.wait_idle()
        print(f"  (waited {idle:.1f} s for the app to go idle; latency: median time to the "
              "settled screen)", flush=True)  # fmt: skip
        latency_line("down", [press(pane, ["Down"], True, timeout) for _ in range(5)])
        latency_line("page down", [press(pane, ["NPage"], True, timeout) for _ in range(3)])
        ends = []
        for _ in range(3):
            press(pane, ["Home"], True, timeout)  # from the top, every time
            ends.append(press(pane, ["End"], True, timeout))
        latency_line("end", ends)
        end = ends[-1]
        if last_title in end.screen:
            print(f"  {'end reaches the last row':<34} pass ({last_title!r} visible)")
        else:
            ok = False
            print(f"  {'end reaches the last row':<34} FAIL: {last_title!r} not on screen:")
            print("\n".join(f"    {line}" for line in end.screen.splitlines() if line.strip()))
        press(pane, ["Home"], True, timeout)
        pane.wait_idle(quiet=0.5)
        sort = [press(pane, ["s"], True, timeout) for _ in range(4)]  # every order, back
        latency_line("sort (s, each of the 4 orders)", sort)
        pane.wait_idle(quiet=0.5)
        # The filter box has a blinking cursor: compare text only from here on.
        press(pane, ["/"], False, timeout)
        # Typing the first key (all rows to a fraction) and deleting it (back to all).
        typed = [press(pane, keys, False, timeout) for keys in [["-l", needle[0]], ["BSpace"]] * 3]
        latency_line(f"filter keystroke ({needle[0]!r} / backspace)", typed)
        press(pane, ["-l", needle[0]], False, timeout)
        what = f"/{needle} finds one title"
        t = time.perf_counter()
        pane.keys("-l", needle[1:])

        def found(screen: str) -> bool:
            return TITLE_RE.findall(screen) == [target]

        try:
            _, screen = pane.wait(found, timeout)
            took = time.perf_counter() - t
            print(f"  {what:<34} pass ({target!r}; the last {len(needle) - 1} keys "
                  f"to one row: {took:.2f} s)", flush=True)  # fmt: skip
        except NotShown as exc:
            ok = False
            print(f"  {what:<34} FAIL: {exc}")
        rss, hwm = memory_mb(pane.pid)
        print(f"  {'memory at the end':<34} {rss:6.0f} MB VmRSS, peak {hwm:.0f} MB "
              f"VmHWM  (goal ≤ {MEMORY_GOAL_MB:.0f} MB: {verdict(hwm <= MEMORY_GOAL_MB)}"
              f"{memory_note(pane.pid)})", flush=True)  # fmt: skip
    finally:
        pane.kill()
    return ok


# -- main ----------------------------------------------------------------------------------------


def precompile() -> None:
    """Write the project's bytecode, as a user's Python does on the first run.
    Where PYTHONDONTWRITEBYTECODE is set (this machine's shells, many CI
    runners) every launch would compile the project's modules again, ~0.15 s
    that a user's warm start does not pay."""
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("PYTHONDONTWRITEBYTECODE is set: compiling the project's bytecode first", flush=True)
    packages = [str(ROOT / name) for name in ("newsread", "storage", "tui")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="article counts, comma-separated")
    parser.add_argument("--skip-100k", action="store_true", help="leave out 100,000 and more")
    parser.add_argument("--runs", type=int, default=5, help="timed launches per program")
    parser.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds a program may take to show a title or react to keys",
    )
    parser.add_argument("--rebuild", action="store_true", help="regenerate the cached data")
    parser.add_argument("--build-only", action="store_true", help="build the cached data, exit")
    parser.add_argument(
        "--no-app-check",
        action="store_true",
        help="only the first screens, not the tmux check at the largest size",
    )
    args = parser.parse_args()  # fmt: skip
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    if args.skip_100k or os.environ.get("BENCH_SKIP_100K"):
        skipped = [s for s in sizes if s >= 100_000]
        sizes = [s for s in sizes if s < 100_000]
        if skipped:
            print("BENCH_SKIP_100K: the 100,000-article size is left out", flush=True)
    if not sizes:
        return 0
    if shutil.which("tmux") is None:
        print("tmux is not installed (make bench installs it): first-screen bench skipped")
        return 0
    if not FIRST_SCREEN.exists() or not GEN_NEWSBOAT.exists():
        print(f"the shared tools are missing ({TOOLS}): first-screen bench skipped")
        return 0
    if args.build_only:
        for n in sizes:
            cached("newsread", n, args.rebuild)
            if shutil.which("newsboat"):
                print(cached("newsboat", n, args.rebuild)[1] or f"{n}: ready", flush=True)
        return 0
    (CACHE / "first-screen-no-config.toml").parent.mkdir(parents=True, exist_ok=True)
    (CACHE / "first-screen-no-config.toml").unlink(missing_ok=True)
    precompile()
    work: dict[int, Path] = {}
    try:
        results, floor, broken = first_screens(sizes, args.runs, args.timeout, args.rebuild, work)
        print_table(results, floor)
        if not args.no_app_check and not broken:
            n = sizes[-1]
            if n < 100_000:
                print(f"\n(the app check runs at the largest size given: {n:,} articles)")
            broken = not app_check(n, work[n], args.timeout) or broken
    finally:
        for path in work.values():
            shutil.rmtree(path, ignore_errors=True)
    if broken:
        print("\nBROKEN: see above", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
