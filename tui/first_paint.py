"""The library's first screen, drawn before Textual is imported.

Importing Textual takes about 0.2 s on a small machine: two thirds of a small
library's start, with nothing on screen meanwhile. When the library's saved
catalog is small (``storage.catalog.QUICK_CATALOG_BYTES``), this module draws
what the app's first frame will show (the title bar, the table's heading and
rows, the status line) straight onto the terminal's alternate screen, in the
app's layout and colours, from the same model the library screen uses
(``tui.models.library``). The app then starts on that alternate screen and its
first frame draws over this one, cell for cell the same (a test compares the
two); only the key footer appears then.

Keys typed before the app is up wait in the terminal for it, not echoed over
this screen, Enter kept as Enter, ctrl+z and ctrl+\\ kept as keys (see
``_quiet_keys``). The terminal stays so until the app's driver sets its own
modes, and that driver is handed the user's modes to restore when it stops
(``tui.app._keeping_the_screen``): put back any earlier, they read what was
typed in between (Enter as ctrl+j, ctrl+\\ as a SIGQUIT).

Nothing is drawn where the app would not start on this screen or in these
colours (a remembered filter, a library that needs a repair, 16 colours,
NO_COLOR or another TEXTUAL_THEME, a terminal smaller than the app's minimum).
``NEWSREAD_FIRST_PAINT=0`` turns it off.

This module never imports Textual or Rich's console (the point is to come
before them); Rich's cell widths are cheap.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from math import ceil
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size

try:
    import termios
except ImportError:  # not a POSIX terminal: nothing is drawn early
    termios = None  # type: ignore[assignment]

from newsread.sanitize import visible

if TYPE_CHECKING:
    from storage.library import Library
    from tui.models.library import LibraryModel, QuickLoad
    from tui.state import LibraryView

__all__ = [
    "Look",
    "Painted",
    "colour_system",
    "encode",
    "first_load",
    "first_model",
    "frame",
    "paint_library",
]


@dataclass(frozen=True)
class Look:
    """How a run of cells is drawn: colours as ``#rrggbb``."""

    fg: str
    bg: str
    bold: bool = False
    dim: bool = False


# The app's first frame in Textual's default dark theme, as its CSS works the
# colours out (the table has the focus, hence its tint). tests/test_first_paint.py
# holds these against the running app, so a theme or CSS change that moves one
# fails there rather than flashing a wrong colour for a quarter of a second.
TITLE_BAR = Look("#ddedf9", "#0178d4", bold=True)
HEADING = Look("#e0e0e0", "#242f38", bold=True)
ROW = Look("#e0e0e0", "#272727")
EVEN_ROW = Look("#e0e0e0", "#1c1c1c")
CURSOR = Look("#ddedf9", "#0178d4", bold=True)
STATUS = Look("#a7abaf", "#242f38")
FOOTER = Look("#e0e0e0", "#242f38")
SCROLL_TRACK = "#000000"
SCROLL_THUMB = "#003054"
#: The ends of a scrollbar thumb, eighths of a cell, as Textual draws them.
_EIGHTHS = "▁▂▃▄▅▆▇ "
_SCROLLBAR = 2  # cells: Textual's default vertical scrollbar size
_PAD = 1  # cells of padding either side of a table cell

#: Lines above and below the table: the title bar; the status line and footer.
_ABOVE, _BELOW = 1, 2
#: Smaller than this, the app's layout is not worth guessing.
MIN_WIDTH, MIN_HEIGHT = 40, 8

Run = tuple[str, Look]
Line = list[Run]


# -- the frame ---------------------------------------------------------------------------


#: a word and the spaces after it, or spaces (Textual's wrap, textual._wrap)
_CHUNK = re.compile(r"\S+\s*|\s+")


def _first_line(text: str, width: int) -> str:
    """The first line of ``text`` wrapped in ``width`` cells as Textual wraps a
    widget's text (the status line is one line high: the rest is not shown).
    A word that does not fit starts the next line; one wider than a line is
    folded there, or here when it comes first."""
    used = 0
    for chunk in _CHUNK.finditer(text):
        size = cell_len(chunk.group())
        if used + size <= width:
            used += size
        elif chunk.start() or size <= width:
            return text[: chunk.start()]
        else:
            return set_cell_size(chunk.group(), width).rstrip(" ")
    return text


def _bar_line(text: str, width: int, look: Look, text_look: Look) -> Line:
    """A one-line bar with a cell of padding either side (the title and status)."""
    inner = width - 2
    shown = visible(text)
    if cell_len(shown) > inner:
        shown = _first_line(shown, inner)
        shown = set_cell_size(shown, min(cell_len(shown), inner))
    blank = Look(look.fg, look.bg)
    rest = inner - cell_len(shown)
    return [(" ", blank), (shown, text_look), (" " * rest, blank), (" ", blank)]


def _scrollbar(height: int, rows: int) -> list[tuple[str, str, str]]:
    """Per table line: (glyph, foreground, background) of the scrollbar at the
    top of ``rows`` rows (plus the heading) in ``height`` lines."""
    virtual = rows + 1
    thumb = max(1.0, height / (virtual / height))
    end_index, end_eighth = divmod(ceil(thumb * 8), 8)
    cells = []
    for y in range(height):
        if y < end_index:
            cells.append((" ", SCROLL_THUMB, SCROLL_THUMB))
        elif y == end_index and _EIGHTHS[7 - end_eighth] != " ":
            # Textual draws the thumb's end reversed: the glyph in the track's colour.
            cells.append((_EIGHTHS[7 - end_eighth], SCROLL_TRACK, SCROLL_THUMB))
        else:
            cells.append((" ", SCROLL_TRACK, SCROLL_TRACK))
    return cells


def frame(model: LibraryModel, width: int, height: int) -> list[Line]:
    """The library screen's first frame for ``model`` at ``width`` x ``height``:
    one list of runs per line, the footer's line blank."""
    from tui.models.library import cell_style, cell_text, column_plan, fit_cell

    columns = column_plan(width, model.has_feeds)
    rows = model.visible_rows()
    table_height = height - _ABOVE - _BELOW
    scrolls = len(rows) + 1 > table_height
    table_width = width - _SCROLLBAR if scrolls else width
    bar = _scrollbar(table_height, len(rows)) if scrolls else []

    def table_line(cells: list[tuple[str, Look]], look: Look, y: int) -> Line:
        line: Line = []
        for (_, _, size), (text, own) in zip(columns, cells, strict=True):
            line += [(" " * _PAD, look), (fit_cell(visible(text), size), own), (" " * _PAD, look)]
        return _cut(line, table_width, look) + (_tail(bar[y]) if scrolls else [])

    lines: list[Line] = [_bar_line("newsread", width, TITLE_BAR, TITLE_BAR)]
    lines.append(table_line([(label, HEADING) for _, label, _ in columns], HEADING, 0))
    for y in range(1, table_height):
        at = y - 1
        if at >= len(rows):
            lines.append([(" " * table_width, ROW), *(_tail(bar[y]) if scrolls else [])])
            continue
        row = model.row(rows[at])
        look = EVEN_ROW if at % 2 else ROW
        if at == 0:
            look = CURSOR  # the cursor starts on the first row, bold throughout
        styled = {
            "bold": Look(look.fg, look.bg, bold=True),
            "dim": Look(look.fg, look.bg, bold=look.bold, dim=True),
            "": look,
        }
        cells = [
            (cell_text(row, key, size), styled[cell_style(row, key)]) for key, _, size in columns
        ]
        lines.append(table_line(cells, look, y))
    first = model.catalog.ids[rows[0]] if rows else None
    summary = model.summary_parts(len(rows), width=width - 2)
    status = model.status_line(summary, columns, first, width - 2)
    lines.append(_bar_line(status, width, STATUS, STATUS))
    lines.append([(" " * width, FOOTER)])
    return lines


def _cut(line: Line, width: int, look: Look) -> Line:
    """``line`` cut or padded (in ``look``) to ``width`` cells: the table's edge."""
    out: Line = []
    used = 0
    for text, text_look in line:
        room = width - used
        if room <= 0:
            break
        size = cell_len(text)
        if size > room:
            text, size = set_cell_size(text, room), room
        out.append((text, text_look))
        used += size
    if used < width:
        out.append((" " * (width - used), look))
    return out


def _tail(cell: tuple[str, str, str]) -> Line:
    """The scrollbar's cells on one line."""
    glyph, fg, bg = cell
    return [(glyph * _SCROLLBAR, Look(fg, bg))]


# -- the terminal ----------------------------------------------------------------------


def colour_system(environ: Mapping[str, str]) -> str | None:
    """The colours the app will draw in, "truecolor" or "256" (Rich's detection, with
    Textual's override); None where it would draw otherwise (16 colours,
    NO_COLOR, a dumb terminal, another theme in TEXTUAL_THEME) and this screen
    would not match."""
    if "NO_COLOR" in environ:
        return None
    if environ.get("TEXTUAL_THEME", "textual-dark") != "textual-dark":
        return None  # the colours here are the default dark theme's
    forced = environ.get("TEXTUAL_COLOR_SYSTEM", "auto").strip().lower()
    if forced == "truecolor":
        return "truecolor"
    if forced == "256":
        return "256"
    if forced != "auto":
        return None
    if environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    term = environ.get("TERM", "").strip().lower()
    if term in ("", "dumb", "unknown"):
        return None
    if term.rpartition("-")[2] in ("256color", "kitty"):
        return "256"
    return None


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def eight_bit(colour: str) -> int:
    """The 256-colour palette number Rich gives ``colour`` (greys on the grey
    ramp, the rest in the 6x6x6 cube), so the colours match the app's."""
    import colorsys

    red, green, blue = _rgb(colour)
    _, lightness, saturation = colorsys.rgb_to_hls(red / 255, green / 255, blue / 255)
    if saturation < 0.15:
        grey = round(lightness * 25.0)
        return 16 if grey == 0 else 231 if grey == 25 else 231 + grey

    def six(value: int) -> int:
        return round(value / 95 if value < 95 else 1 + (value - 95) / 40)

    return 16 + 36 * six(red) + 6 * six(green) + six(blue)


def dim_factor(environ: Mapping[str, str]) -> float:
    """How much of a dim cell's foreground is left (``TEXTUAL_DIM_FACTOR``, as
    Textual reads it: a percentage, 66 by default, at least 0)."""
    try:
        return max(0, int(environ["TEXTUAL_DIM_FACTOR"])) / 100
    except (KeyError, ValueError):
        return 0.66


def dimmed(look: Look, factor: float) -> str:
    """The foreground a dim cell is drawn in: the app does not send the terminal
    its dim attribute (which terminals draw each their own way) but blends the
    colour towards the background (Textual's ANSIToTruecolor filter)."""
    back, fore = _rgb(look.bg), _rgb(look.fg)
    return "#" + "".join(
        f"{int(b + (f - b) * factor):02x}" for b, f in zip(back, fore, strict=True)
    )


def _sgr(look: Look, colours: str, factor: float) -> str:
    codes = ["0"]
    if look.bold:
        codes.append("1")
    fg = dimmed(look, factor) if look.dim else look.fg
    if colours == "truecolor":
        codes.append("38;2;{};{};{}".format(*_rgb(fg)))
        codes.append("48;2;{};{};{}".format(*_rgb(look.bg)))
    else:
        codes.append(f"38;5;{eight_bit(fg)}")
        codes.append(f"48;5;{eight_bit(look.bg)}")
    return "\x1b[" + ";".join(codes) + "m"


#: alternate screen, cursor hidden, no line wrap (Textual sets the same)
ENTER = "\x1b[?1049h\x1b[?25l\x1b[?7l"
#: what the app restores when it ends; written only when it never started
LEAVE = "\x1b[0m\x1b[?7h\x1b[?25h\x1b[?1049l"


def encode(lines: list[Line], colours: str, factor: float = 0.66) -> str:
    """The escape sequences that draw ``lines`` from the top left (a dim cell's
    colour blended with ``factor``, see ``dimmed``)."""
    out = [ENTER]
    for y, line in enumerate(lines):
        out.append(f"\x1b[{y + 1};1H")
        last: Look | None = None
        for text, look in line:
            if look != last:
                out.append(_sgr(look, colours, factor))
                last = look
            out.append(text)
    out.append("\x1b[0m")
    return "".join(out)


@dataclass
class Painted:
    """A first screen on the terminal, and the library opened to draw it (the
    app goes on with it rather than opening it again)."""

    library: Library
    fd: int
    #: [fd, the keyboard's terminal modes before the paint]
    modes: list | None = None
    #: the app's driver has the screen: from then on it restores the terminal
    handed_over: bool = False
    #: what was read to draw it: the app's library screen starts from it
    loaded: QuickLoad | None = None

    @property
    def user_modes(self) -> list | None:
        """The keyboard's modes before the paint: what the app's driver restores
        when it stops. Until it sets its own, the paint's stay (see the module's
        docstring); the screen stays this one's to leave until the driver takes
        it (``taken``)."""
        return None if self.modes is None else self.modes[1]

    def taken(self) -> None:
        """The app's driver has entered application mode on this screen: it
        leaves it when it stops."""
        self.handed_over = True

    def leave(self) -> None:
        """Back to the shell's screen, when the app did not take it after all
        (refused to start, or ctrl+c before its driver was up)."""
        if not self.handed_over:
            self.handed_over = True
            _set_modes(self.modes)
            _write(self.fd, LEAVE)


def _quiet_keys(fd: int) -> list | None:
    """Keys typed while the app starts are neither echoed over the screen nor
    changed: the terminal would turn Enter into a newline (ICRNL), which reaches
    the app as ctrl+j. Line editing and ctrl+c are kept; ctrl+z is not a
    suspend meanwhile (it stopped the process on the painted screen, the shell
    left on the alternate screen with no cursor) but a key for the app, which
    suspends once it is up, leaving the screen as it should. ctrl+\\ likewise is
    not a SIGQUIT (a core dump, the shell left on the alternate screen without
    echo) but the key it is once the app is up. Returns the modes to put back
    (None: not a terminal, nothing changed)."""
    if termios is None:
        return None
    try:
        modes = termios.tcgetattr(fd)
        quiet = termios.tcgetattr(fd)
        quiet[0] &= ~termios.ICRNL  # iflag
        quiet[3] &= ~(termios.ECHO | termios.ECHONL)  # lflag
        with contextlib.suppress(OSError, ValueError):
            disabled = bytes([os.fpathconf(fd, "PC_VDISABLE")])
            for signalling in ("VSUSP", "VDSUSP", "VQUIT"):
                if hasattr(termios, signalling):
                    quiet[6][getattr(termios, signalling)] = disabled
        # TCSANOW: what was typed already stays in the terminal for the app.
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
    except (OSError, ValueError, termios.error):
        return None
    return [fd, modes]


def _set_modes(saved: list | None) -> None:
    if saved is None or termios is None:
        return
    fd, modes = saved
    # A terminal gone meanwhile has nothing left to restore.
    with contextlib.suppress(OSError, termios.error):
        termios.tcsetattr(fd, termios.TCSANOW, modes)


def _write(fd: int, text: str) -> None:
    data = text.encode("utf-8", "replace")
    while data:
        written = os.write(fd, data)
        data = data[written:]


def first_load(
    root: Path, config_path: Path | None, reader: str | None = None
) -> tuple[Library, QuickLoad, LibraryView] | None:
    """The library at ``root`` opened, what its first screen shows (read as
    the app's library screen reads it before its first frame) and the view
    remembered for it; None when that screen is not settled before the app is
    up (see the module's docstring). ``reader``: whose read marks are shown,
    when the caller has read the config already (else it is read here)."""
    if (root / "journal.json").exists():
        return None  # a killed write to finish first: the app's start does that
    from storage import catalog as catalogs

    try:
        # Not even the library is opened for a large one (its index is then
        # large: the app's own opening reads it).
        if (root / catalogs.FILE).stat().st_size > catalogs.QUICK_CATALOG_BYTES:
            return None
    except OSError:
        return None  # no catalog saved yet
    from storage.errors import LibraryError
    from storage.library import Library
    from storage.reading import ReadState
    from tui.models.library import quick_load
    from tui.state import load_view, state_path

    view = load_view(state_path(config_path), root)
    if view.filter_text:
        return None  # the app starts a search for it: its first frame is not settled
    try:
        library = Library(root)
    except (LibraryError, OSError, ValueError):
        return None  # the app says what is wrong
    try:
        # The read marks are the annotator's own, as the app will read them.
        if reader is None:
            reader = _reader(config_path)
        loaded = quick_load(library, ReadState(library, reader))
    except (LibraryError, OSError, ValueError):
        loaded = None
    if loaded is None:
        library.close()
        return None
    return library, loaded, view


def _reader(config_path: Path | None) -> str:
    """The annotator the app will run as (its config's, else the login name);
    a config it cannot read raises, and the app then says what is wrong."""
    from newsread.config import annotator_name, load_config

    return annotator_name(load_config(config_path) if config_path is not None else None)


def first_model(
    root: Path, config_path: Path | None, reader: str | None = None
) -> tuple[Library, LibraryModel] | None:
    """The library at ``root`` opened, and the model of its first screen
    (``first_load``'s, ready to draw)."""
    opened = first_load(root, config_path, reader)
    if opened is None:
        return None
    library, loaded, view = opened
    return library, _model(loaded, view)


def _model(loaded: QuickLoad, view: LibraryView) -> LibraryModel:
    from tui.models.library import LibraryModel

    model = LibraryModel()
    model.load_prepared(
        loaded.prepared,
        None,
        read=loaded.read,
        feeds=loaded.feeds,
        removed_feeds=loaded.removed_feeds,
    )
    model.set_view(view)
    return model


def paint_library(
    root: Path,
    config_path: Path | None,
    fd: int = 1,
    environ: Mapping[str, str] | None = None,
    keys_fd: int = 0,
    reader: str | None = None,
) -> Painted | None:
    """Draw the first screen of the library at ``root`` on the terminal at ``fd``
    (keys from ``keys_fd``) when it can be drawn as the app will draw it; None
    (nothing written, nothing changed) otherwise. ``reader``: the annotator
    the app runs as, from the config the caller has read (``first_load``)."""
    environ = os.environ if environ is None else environ
    if termios is None or environ.get("NEWSREAD_FIRST_PAINT", "1").strip() == "0":
        return None
    colours = colour_system(environ)
    if colours is None:
        return None
    try:
        width, height = os.get_terminal_size(fd)
    except OSError:
        return None
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return None
    from storage.atomic import map_index_reads

    map_index_reads(True)  # as the app reads its index (run_app says why)
    opened = None
    try:
        opened = first_load(root, config_path, reader)
        if opened is None:
            return None
        model = _model(opened[1], opened[2])
        drawn = encode(frame(model, width, height), colours, dim_factor(environ))
    except Exception:
        # Only a head start: the app reads the same files, draws the same
        # screen itself and says what is wrong with them. It must not be
        # kept from starting by anything here.
        if opened is not None:
            opened[0].close()
        return None
    library = opened[0]
    try:
        _write(fd, drawn)
    except OSError:
        library.close()
        return None
    except BaseException:
        # ctrl+c while a slow terminal (a remote one) took the frame: the
        # alternate screen was entered, and nothing will leave it but this.
        with contextlib.suppress(OSError):
            _write(fd, LEAVE)
        library.close()
        raise
    return Painted(library, fd, _quiet_keys(keys_fd), loaded=opened[1])
