"""Binding ids: the full list (for validating a user's keymap) and help rows."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding

from newsread.config import ConfigError


def binding_ids(classes: Iterable[type]) -> dict[str, Binding]:
    found: dict[str, Binding] = {}
    for cls in classes:
        for item in getattr(cls, "BINDINGS", []):
            binding = item if isinstance(item, Binding) else None
            if binding is not None and binding.id:
                found[binding.id] = binding
    return found


def validate_keymap(keymap: dict[str, str], known: dict[str, Binding], source: str) -> None:
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            raise ConfigError(
                f"{source}: [keys] {binding_id!r} is not a binding id "
                f"(see the help screen, ?, for the ids)"
            )
        if any(not k.strip() for k in keys.split(",")):
            raise ConfigError(f"{source}: [keys] {binding_id!r} has an empty key in {keys!r}")


def help_rows(bindings: Iterable[tuple[str, Binding]], key_display) -> list[tuple[str, str, str]]:
    """(keys, description, id) per binding id, keys merged, in first-seen order."""
    rows: dict[str, list] = {}
    for _key, binding in bindings:
        ident = binding.id or binding.action
        if ident not in rows:
            rows[ident] = [[], binding.description or binding.action, binding.id or ""]
        shown = key_display(binding)
        if shown not in rows[ident][0]:
            rows[ident][0].append(shown)
    result = [(", ".join(keys), desc, ident) for keys, desc, ident in rows.values()]
    # newsread's own bindings (which have ids) first; Textual's built-in ones after.
    return sorted(result, key=lambda row: row[2] == "")
