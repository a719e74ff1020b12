"""Binding ids and the user's keymap: the ids, checking a [keys] table, help rows.

A remap is checked the way Textual will apply it: each screen's bindings are
merged and remapped by Textual's own ``BindingsMap``, and a key is then looked
up as Textual looks it up (priority bindings from the app down, then the
screen before the app, and no app bindings under a modal screen). So a remap
that silently takes a key from another binding, or gives one a key something
else always answers first, is found before the app starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import get_close_matches
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual._keyboard_protocol import FUNCTIONAL_KEYS
from textual.binding import Binding, BindingsMap
from textual.keys import Keys, _character_to_key
from textual.screen import ModalScreen, Screen

from newsread.config import Config, ConfigError, pipeline_problem, read_config

if TYPE_CHECKING:
    from textual.app import App

# In the order Textual writes them in a key name (it sorts them).
MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
EXAMPLES = "e.g. j, T, ctrl+t, f5, enter, escape, tab, space, slash, question_mark, pageup"


def binding_ids(classes: Iterable[type]) -> dict[str, Binding]:
    found: dict[str, Binding] = {}
    for cls in classes:
        # Merged along the bases: a screen's tab and copy keys are its base's.
        for _key, binding in cls._merge_bindings():
            if binding.id:
                found.setdefault(binding.id, binding)
    return found


# -- key names -----------------------------------------------------------------------------


@lru_cache(1)
def _printable_names() -> frozenset[str]:
    """Names of the keys that type an ASCII character (``a``, ``T``, ``question_mark``)."""
    return frozenset(_character_to_key(chr(code)) for code in range(33, 127))


@lru_cache(1)
def _key_names() -> frozenset[str]:
    """Every key name (without modifiers) Textual can report."""
    names = set(_printable_names()) | {"space"}
    names.update(FUNCTIONAL_KEYS.values())
    for key in Keys:
        if not key.value.startswith("<") and key.value != "ctrl-at":
            names.add(key.value.rpartition("+")[2])
    return frozenset(names)


@lru_cache(1)
def _control_aliases() -> dict[str, str]:
    """ctrl+i -> tab, ctrl+m -> enter, ctrl+h -> backspace, ctrl+[ -> escape:
    a terminal sends these as the one byte of the other key, and Textual
    reports that key, so a binding on the ctrl key never runs."""
    aliases: dict[str, str] = {}
    for code in range(1, 32):
        sent = ANSI_SEQUENCES_KEYS.get(chr(code))
        if not sent or not isinstance(sent[0], Keys):
            continue
        name = "ctrl+" + _character_to_key(chr(code + 64).lower())
        if sent[0].value != name:
            aliases[name] = sent[0].value
    # Terminals send the control bytes of the row above for ctrl with a digit
    # or space (xterm's table: ctrl+2 and ctrl+space are NUL, ctrl+3 ESC …).
    for typed, code in (("space", 0), ("2", 0), ("3", 27), ("4", 28), ("5", 29), ("6", 30),
                        ("7", 31), ("8", 127)):  # fmt: skip
        sent = ANSI_SEQUENCES_KEYS.get(chr(code))
        if sent and isinstance(sent[0], Keys):
            aliases[f"ctrl+{typed}"] = sent[0].value
    aliases.update({f"ctrl+{digit}": digit for digit in "190"})  # the digit alone
    return aliases


def canonical_key(key: str) -> str:
    """A key as Textual names it: "Ctrl+?" is ctrl+question_mark, "shift+ctrl+x"
    ctrl+shift+x, "F5" f5 (Textual sorts modifiers, and compares key names
    exactly). An upper-case letter alone is its own key ("T", shift and t);
    with a modifier it is written as menus write keys, "Ctrl+T": Textual
    names that ctrl+t (a terminal sends ctrl+t's byte for ctrl+shift+t too),
    and alt+T alt+shift+t (the terminal sends escape and T)."""
    key = key.strip()
    *mods, base = key.split("+")
    base = base.strip()
    if not base or any(not m.strip() for m in mods):
        return key  # "ctrl+" or "ctrl++": key_problem names it
    names = {m.strip().lower() for m in mods}
    if names and len(base) == 1 and base.isupper():
        base = base.lower()
        if "ctrl" not in names and names != {"shift"}:
            names.add("shift")
    base = _character_to_key(base) if len(base) == 1 else base.lower()
    return "+".join([*sorted(names), base])


def canonical_keymap(keymap: dict[str, str]) -> dict[str, str]:
    return {
        binding_id: ",".join(canonical_key(k) for k in keys.split(","))
        for binding_id, keys in keymap.items()
    }


def key_problem(written: str) -> str | None:
    """Why a key as written in [keys] can never be pressed, or None when it is a key."""
    key = canonical_key(written)
    if not key:
        return "an empty key (two commas, or a comma at an end?)"
    *mods, base = key.split("+")
    unknown = [m for m in mods if m not in MODIFIERS]
    if unknown or not base:
        modifiers = ", ".join(MODIFIERS)
        return f"{written.strip()!r} is not a key: modifiers are {modifiers} ({EXAMPLES})"
    # A character typed as itself is a key whatever it is; a name must be one of
    # Textual's (Unicode names are not accepted: "banana" names an emoji).
    typed = len(written.strip().rpartition("+")[2].strip()) == 1
    printable = typed or base in _printable_names()
    if not (printable or base in _key_names()):
        return f"{written.strip()!r} is not a key ({EXAMPLES})"
    sent = _control_aliases().get(f"ctrl+{base.lower()}") if mods == ["ctrl"] else None
    if sent is not None:
        return f"{key!r} never arrives: the terminal sends {sent} for it (the same byte)"
    if mods == ["shift"] and printable:
        shifted = f"; write {base.upper()!r}" if len(base) == 1 and base.isalpha() else ""
        return f"{key!r} never arrives: the terminal sends the shifted character{shifted}"
    return None


def _check_keys(
    keymap: dict[str, str], known: dict[str, Binding], source: str
) -> tuple[list[str], dict[str, str]]:
    """Problems with ids and key names, and the remaps that can be analysed further
    (id -> its valid keys, canonical)."""
    problems: list[str] = []
    usable: dict[str, str] = {}
    for binding_id, value in keymap.items():
        if binding_id not in known:
            # Not "see the help screen": an app refusing to start has none.
            hint = _id_hint(binding_id, known)
            problems.append(f"{source}: [keys] {binding_id!r} is not a binding id ({hint})")
            continue
        good: list[str] = []
        for written in value.split(","):
            why = key_problem(written)
            key = canonical_key(written)
            if why:
                problems.append(f"{source}: [keys] {binding_id!r} = {value!r}: {why}")
            elif key not in good:
                good.append(key)
        if good:
            usable[binding_id] = ",".join(good)
    return problems, usable


def _id_hint(binding_id: str, known: dict[str, Binding]) -> str:
    """Where the right id is found: the nearest one, and the command listing
    the ids of its screen (or, when no screen is recognised, the prefixes)."""
    near = _by_words(binding_id, known)
    if near:
        what = known[near].description
        guess = f"did you mean {near!r} ({what})? "
    else:
        near = _near(binding_id, known)
        guess = f"did you mean {near!r}? " if near else ""
    prefix = _meant_prefix(binding_id, known)
    if prefix:
        return f"{guess}newsread config check lists the {prefix}.* ids"
    prefixes = ", ".join(sorted({i.partition(".")[0] + ".*" for i in known}))
    return f"{guess}binding ids start with {prefixes}"


_FILLER = frozenset({"a", "an", "and", "by", "from", "in", "of", "on", "or", "the", "to"})


# Words a user may write for what a binding's description says otherwise.
_SAME_WORDS = (
    frozenset({"search", "find", "filter"}),
    frozenset({"delete", "remove"}),
    frozenset({"quit", "exit"}),
    frozenset({"close", "back"}),
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower())) - _FILLER


def _with_synonyms(words: set[str]) -> set[str]:
    return words.union(*(same for same in _SAME_WORDS if words & same))


def _by_words(binding_id: str, known: dict[str, Binding]) -> str | None:
    """The id whose binding says what an unknown id's name says, on its screen
    when that is a screen's: ``library.search`` is the binding described
    "Search", ``library.filter``, not ``library.sort``, the nearest spelling.
    The most of the name's words, then the fewest other words, wins."""
    prefix = _meant_prefix(binding_id, known)
    if prefix is None:
        return None
    wanted = _words(binding_id.partition(".")[2])
    best: tuple[int, int, float, str] | None = None
    for ident in (i for i in known if i.startswith(prefix + ".")):
        binding = known[ident]
        said = _words(f"{binding.description} {binding.tooltip}")
        # The user's own word before a synonym of it ("search" is Search
        # before it is Find).
        hits, loose = len(wanted & said), len(_with_synonyms(wanted) & said)
        rank = (hits, loose, max(hits, loose) / len(said) if said else 0.0)
        if loose and (best is None or rank > best[:3]):
            best = (*rank, ident)
    return best[3] if best else None


def _near(binding_id: str, known: dict[str, Binding]) -> str | None:
    near = get_close_matches(binding_id, list(known), n=1, cutoff=0.75)
    return near[0] if near else None


def _meant_prefix(binding_id: str, known: dict[str, Binding]) -> str | None:
    """The screen an unknown id was meant for: its own prefix when that is a
    screen's, else the nearest id's (``raeder.tag``), else None."""
    prefix = binding_id.partition(".")[0]
    if any(i.startswith(prefix + ".") for i in known):
        return prefix
    near = _near(binding_id, known)
    return near.partition(".")[0] if near else None


@cache
def known_bindings(app_cls: type[App]) -> dict[str, Binding]:
    """Every binding of the app, its screens and widgets, by id. Built once per
    app class (the classes never change): asked for on the event loop, once
    per quick-keyed tag when the tag picker or tag manager is drawn. Not to
    be changed by callers: it is shared."""
    return binding_ids(bound_classes(app_cls))


def bound_classes(app_cls: type[App]) -> tuple[type, ...]:
    """The app and every screen and widget of it with bindings."""
    screen_classes = getattr(app_cls, "screen_classes", None)
    widget_classes = getattr(app_cls, "widget_classes", None)
    screens = screen_classes() if screen_classes is not None else ()
    widgets = widget_classes() if widget_classes is not None else ()
    return (app_cls, *screens, *widgets)


def id_listing(keymap: dict[str, str], app_cls: type[App]) -> list[str]:
    """For each screen an unknown id in ``keymap`` names by its prefix
    (``reader.tagg``), its binding ids with their keys and what they do: the
    lines ``newsread config check`` prints after the problems, as the help
    screen cannot be reached while the app refuses to start."""
    classes = bound_classes(app_cls)
    known = binding_ids(classes)
    meant = {_meant_prefix(i, known) for i in keymap if i not in known}
    lines: list[str] = []
    for prefix in sorted(p for p in meant if p):
        rows: dict[str, tuple[list[str], str]] = {}
        for cls in classes:
            for key, binding in cls._merge_bindings():  # type: ignore[attr-defined]
                ident = binding.id or ""
                if ident.startswith(prefix + "."):
                    what = binding.description or binding.action
                    keys, _ = rows.setdefault(ident, ([], what))
                    if key not in keys:
                        keys.append(key)
        if not rows:
            continue
        lines.append(f"the {prefix}.* binding ids (id = default keys: what it does):")
        width = max(len(ident) for ident in rows)
        for ident, (keys, what) in rows.items():
            lines.append(f"  {ident:<{width}} = {','.join(keys)}: {what}")
    return lines


def validate_keymap(keymap: dict[str, str], known: dict[str, Binding], source: str) -> None:
    """Raise a ConfigError naming every unknown id and every key that is not a key."""
    problems, _ = _check_keys(keymap, known, source)
    if problems:
        raise ConfigError(problems)


# -- what a remap does to each screen ----------------------------------------------------------

KeyMap = dict[str, list[Binding]]


def _node_bindings(cls: type, keymap: dict[str, str]) -> KeyMap:
    # Textual's own merge of BINDINGS along the class's bases, fresh (the class's
    # cached copy must not be remapped), then its own keymap application.
    bindings: BindingsMap = cls._merge_bindings()  # type: ignore[attr-defined]
    palette = getattr(cls, "COMMAND_PALETTE_BINDING", None)
    if getattr(cls, "ENABLE_COMMAND_PALETTE", False) and palette:
        # App.__init__ adds this one; it is not in any BINDINGS.
        actions = {b.action for _, b in bindings}
        if not actions & {"command_palette", "app.command_palette"}:
            binding = Binding(palette, "command_palette", "command palette", priority=True)
            bindings.key_to_bindings.setdefault(palette, []).append(binding)
    if keymap:
        bindings.apply_keymap(keymap)
    return bindings.key_to_bindings


def _winners(
    screen: KeyMap, app: KeyMap, modal: bool, focused: tuple[KeyMap, ...] = ()
) -> dict[str, Binding]:
    """key -> the binding Textual runs for it on this screen, ``focused`` the
    bindings of the widget holding the focus there (and its containers),
    innermost first: priority bindings from the app down, the others from the
    focus up."""
    out: dict[str, Binding] = {}
    for key in {*screen, *app, *(k for m in focused for k in m)}:
        first = [b for m in (app, screen, *reversed(focused)) for b in m.get(key, []) if b.priority]
        first += [
            b
            for m in ((*focused, screen) if modal else (*focused, screen, app))
            for b in m.get(key, [])
            if not b.priority
        ]
        if first:
            out[key] = first[0]
    return out


def _ident(binding: Binding) -> str:
    return binding.id or f"textual:{binding.action}"


def _who(binding: Binding) -> str:
    if binding.id:
        return f"{binding.id} ({binding.description or binding.action})"
    return f"Textual's built-in {binding.description or binding.action}"


def screen_name(cls: type) -> str:
    """LibraryScreen -> "library", TagManagerScreen -> "tag manager"."""
    name = cls.__name__.removesuffix("Screen") or cls.__name__
    return " ".join(re.findall(r"[A-Z][a-z0-9]*", name)).lower() or name


def focus_chains(screen_cls: type) -> tuple[tuple[type, ...], ...]:
    """Each place a screen can hold the focus, as the classes with bindings from
    the focused widget out (innermost first). A screen names one in
    ``FOCUSED_WIDGETS``, or several in ``FOCUS_CHAINS`` when the user moves the
    focus between parts that answer different keys (the reader's text and the
    lists in its side panel)."""
    chains = getattr(screen_cls, "FOCUS_CHAINS", None)
    if chains is not None:
        return tuple(tuple(chain) for chain in chains)
    return (tuple(getattr(screen_cls, "FOCUSED_WIDGETS", ())),)


def _active_ids(
    screen_cls: type, app_cls: type, usable: dict[str, str], widgets: tuple[type, ...]
) -> set[str | None]:
    """The binding ids that can run on a screen with the focus in ``widgets``."""
    modal = issubclass(screen_cls, ModalScreen)
    nodes = (screen_cls, *widgets) if modal else (screen_cls, *widgets, app_cls)
    return {b.id for n in nodes for bs in _node_bindings(n, usable).values() for b in bs}


def _reach(winners: dict[str, Binding]) -> dict[str, list[str]]:
    """binding id -> the keys that run it, from a screen's winners."""
    reach: dict[str, list[str]] = {}
    for key, binding in sorted(winners.items()):
        reach.setdefault(_ident(binding), []).append(key)
    return reach


def _screen_problems(
    screen_cls: type,
    app_cls: type,
    usable: dict[str, str],
    given: dict[str, str],
    widgets: tuple[type, ...] = (),
    checked: frozenset[str] = frozenset(),
) -> list[tuple[bool, str]]:
    """What ``usable`` (id -> canonical keys) breaks on one screen with the focus
    in ``widgets`` (innermost first), each as (refused, text): refused when a
    binding is left without a key, a warning when a key given to a binding
    never runs it here but the binding still works (or never had a key here).
    ``given`` holds the values as the user wrote them, for the messages.
    ``checked``: ids whose keys were checked where the focus usually is; a key
    of theirs that a list or pane answers while it has the focus is how those
    are meant to work (down moves the list)."""
    modal = issubclass(screen_cls, ModalScreen)
    # The widget a screen keeps the focus in answers keys before the screen:
    # a table's key moved onto the screen's n took n from it.
    screen_after = _node_bindings(screen_cls, usable)
    app_after = _node_bindings(app_cls, usable)
    focused_after = tuple(_node_bindings(w, usable) for w in widgets)
    screen_before = _node_bindings(screen_cls, {})
    app_before = _node_bindings(app_cls, {})
    focused_before = tuple(_node_bindings(w, {}) for w in widgets)
    before = _winners(screen_before, app_before, modal, focused_before)
    after = _winners(screen_after, app_after, modal, focused_after)
    here = _active_ids(screen_cls, app_cls, usable, widgets)
    reach = _reach(after)
    reach_before = _reach(before)
    # Each binding's own keys here, as shipped (a key it had and lost to a
    # binding that answers first before any remap is the screen's design:
    # q goes back in the statistics, and ctrl+q quits there).
    default_keys: dict[str, set[str]] = {}
    for node in (screen_before, app_before, *focused_before):
        for key, bindings in node.items():
            for binding in bindings:
                default_keys.setdefault(_ident(binding), set()).add(key)

    def left(binding: Binding) -> str:
        keys = reach.get(_ident(binding))
        return f"it keeps {', '.join(keys)}" if keys else "leaving it no key"

    found: list[tuple[bool, str]] = []
    # Keys taken from a binding the user did not move (a moved one's old keys are free).
    for key, old in sorted(before.items()):
        new = after.get(key)
        if old.id in usable or (new is not None and _ident(new) == _ident(old)):
            continue
        if new is not None and new.id in usable:
            meant = f"; if that is meant, give {old.id} its keys in [keys] too" if old.id else ""
            text = (
                f"[keys] {new.id!r} = {given[new.id]!r} takes {key} from {_who(old)}, "
                f"{left(old)}{meant}"
            )
        else:
            text = f"{key} no longer runs {_who(old)}, {left(old)}"
        found.append((True, text))
    # Keys given to a binding that something else answers first.
    for binding_id, keys in usable.items():
        if binding_id not in here or binding_id in checked:
            continue
        for key in keys.split(","):
            winner = after.get(key)
            if winner is None or winner.id == binding_id:
                continue
            old = before.get(key)
            if (
                key in default_keys.get(binding_id, ())
                and old is not None
                and _ident(old) == _ident(winner)
            ):
                continue  # as without a [keys] table
            working = reach.get(binding_id)
            # Refused only where the binding worked before the remap and now
            # has no key: elsewhere the key is dead here, and that is said.
            refused = not working and bool(reach_before.get(binding_id))
            if working:
                rest = f"; {binding_id} keeps {', '.join(working)} here"
            elif refused:
                rest = f", so {binding_id} has no working key"
            else:
                rest = f"; {binding_id} has no key here without a remap either"
            if winner.id in usable and key in usable[winner.id].split(","):
                text = (
                    f"[keys] {winner.id!r} and {binding_id!r} are both given {key}: "
                    f"only {winner.id} runs on it{rest}"
                )
            else:
                text = (
                    f"[keys] {binding_id!r} = {given[binding_id]!r}: {key} belongs to "
                    f"{_who(winner)}, which answers first{rest}"
                )
            found.append((refused, text))
    # A key a moved binding left behind, now answered by one further out: the
    # reader's q, once Back, quits the app; said, as it is no mistake to check.
    for key, old in sorted(before.items()):
        if old.id not in usable or key in usable[old.id].split(","):
            continue
        new = after.get(key)
        if new is None or _ident(new) == _ident(old):
            continue
        if new.id in usable and key in usable[new.id].split(","):
            continue  # given to it in [keys]: meant
        does = "quits the app" if new.action == "quit" else f"runs {_who(new)}"
        text = (
            f"{key} now {does} ({old.id} moved to {given[old.id]}); if {key} should still "
            f"run {_who(old)}, give {old.id} {key} too in [keys]"
        )
        found.append((False, text))
    return found


def keymap_report(
    keymap: dict[str, str], app_cls: type[App], source: str
) -> tuple[list[str], list[str]]:
    """Every problem with a [keys] table, and every warning: unknown ids, key
    names that are not keys, and, per screen (its bindings with the app's), a
    key taken from a binding or a binding left with no key (problems), or a
    key given to a binding that never runs it on some screen while the binding
    still has a key there (warnings, naming the screens). Each line starts
    with ``source``."""
    if not keymap:
        # Nothing remapped, nothing to check: and no screen is imported for it.
        return [], []
    screen_classes = getattr(app_cls, "screen_classes", None)
    screens = screen_classes() if screen_classes is not None else ()
    problems, usable = _check_keys(keymap, known_bindings(app_cls), source)
    if not usable:
        return problems, []
    on_screens: dict[tuple[bool, str], list[str]] = {}
    for screen_cls in screens:
        chains = focus_chains(screen_cls)
        texts: dict[tuple[bool, str], None] = {}
        usual = frozenset(i for i in _active_ids(screen_cls, app_cls, usable, chains[0]) if i)
        for number, chain in enumerate(chains):
            checked = usual if number else frozenset()
            for refused, text in _screen_problems(
                screen_cls, app_cls, usable, keymap, chain, checked
            ):
                if (refused, text) in texts:
                    continue  # the same wherever the focus is: said once, unqualified
                if number and chain:
                    # Only there: "leaving it no key" is not true of the whole screen.
                    text = f"with the focus in the {screen_name(chain[-1])}, {text}"
                texts.setdefault((refused, text))
        for found in texts:
            on_screens.setdefault(found, []).append(screen_name(screen_cls))
    warnings: list[str] = []
    for (refused, text), names in on_screens.items():
        where = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        plural = "screen" if len(names) == 1 else "screens"
        (problems if refused else warnings).append(f"{source}: on the {where} {plural}, {text}")
    return problems, warnings


def keymap_problems(keymap: dict[str, str], app_cls: type[App], source: str) -> list[str]:
    """The problems of ``keymap_report``: what stops the app."""
    return keymap_report(keymap, app_cls, source)[0]


def check_config(path: Path, app_cls: type[App]) -> tuple[Config, list[str], str | None, list[str]]:
    """The config at ``path``, every problem that stops the app, the problem
    with its [pipeline] name (the app falls back to another pipeline for that),
    and the [keys] warnings (a key that is dead on some screen)."""
    config, problems = read_config(path)
    key_problems, warnings = keymap_report(config.keys, app_cls, str(path))
    return config, problems + key_problems, pipeline_problem(config), warnings


def help_rows(bindings: Iterable[tuple[str, Binding]], key_display) -> list[tuple[str, str, str]]:
    """(keys, description, id) per binding id, keys merged, in first-seen order."""
    rows: dict[str, list] = {}
    for _key, binding in bindings:
        ident = binding.id or binding.action
        if ident not in rows:
            # A tooltip is the longer word a footer has no room for (what u
            # leaves to other screens, say): the help screen has.
            said = binding.tooltip or binding.description or binding.action
            rows[ident] = [[], said, binding.id or ""]
        shown = key_display(binding)
        if shown not in rows[ident][0]:
            rows[ident][0].append(shown)
    result = [(", ".join(keys), desc, ident) for keys, desc, ident in rows.values()]
    # newsread's own bindings (which have ids) first; Textual's built-in ones after.
    return sorted(result, key=lambda row: row[2] == "")


def key_of(screen: Screen, binding_id: str) -> str:
    """The key the user has for ``binding_id`` on ``screen`` (after their
    remaps); "" when no binding of that id is active there."""
    for active in screen.active_bindings.values():
        if active.binding.id == binding_id:
            return screen.app.get_key_display(active.binding)
    return ""


def key_elsewhere(
    app: App, binding_id: str, keymap: dict[str, str], known: dict[str, Binding]
) -> str:
    """The key the user has for ``binding_id`` on a screen that is not up (a
    hint naming another screen's key): their remap in ``keymap``, else the
    binding's own key (``known``: every binding by id), shown as the footer
    shows keys; "" for an unknown id."""
    from dataclasses import replace

    binding = known.get(binding_id)
    if binding is None:
        return ""
    keys = keymap.get(binding_id, binding.key)
    first = canonical_key(keys.split(",")[0])
    return app.get_key_display(replace(binding, key=first))


def quick_key_shown(app: App, keymap: dict[str, str], digit: str) -> str:
    """The key that applies quick tag ``digit`` in the reader, as the footer
    shows it: the digit itself, or its remap (``"reader.quick_1" = "f5"``
    makes 1 no key at all, so a tag listed as [1] was tagged with f5)."""
    if not digit:
        return ""
    known = known_bindings(type(app))
    return key_elsewhere(app, f"reader.quick_{digit}", keymap, known) or digit
