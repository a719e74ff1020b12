"""Which check-worthiness model scores claims in this process.

Kept apart from ``checkworthy`` (numpy, the weights) because the cache keys
need the choice (``model_suffix``) where nothing is analysed: the app's first
screen reads cached analyses before any model loads.
"""

from __future__ import annotations

#: The models a config can choose ([pipeline] checkworthiness); the first is
#: the default: the light linear model. "encoder" blends it with a fine-tuned
#: sentence encoder on the sentences it is unsure of (a cascade), better on
#: ClaimBuster (5-fold F1 0.824 against 0.803) but 1.9 times
#: bare spaCy's CPU time against 1.1.
MODELS = ("linear", "encoder")

# One choice per process, made from the config before anything is analysed:
# by the CLI, the app, and each analysis worker at its start.
_chosen = MODELS[0]


def choose_model(name: str) -> None:
    """Score with ``name`` (one of ``MODELS``) from now on, in this process."""
    global _chosen
    if name not in MODELS:
        raise ValueError(f"unknown check-worthiness model {name!r} (known: {', '.join(MODELS)})")
    _chosen = name


def chosen_model() -> str:
    return _chosen


# Each chosen model's name in cache keys, with a number bumped whenever its
# scores change, so analyses cached with the old scores are made again: the
# encoder's ".2" since it became the cascade (the encoder only on the
# sentences the linear model is unsure of).
_KEY_NAMES = {"encoder": "encoder.2"}


def model_suffix() -> str:
    """What the chosen model adds to the rules' version in cache keys: nothing
    for the default, so the caches of existing libraries stay valid."""
    return "" if _chosen == MODELS[0] else f"+cw.{_KEY_NAMES.get(_chosen, _chosen)}"


def model_note() -> str:
    """The choice as said after the pipeline's name: nothing for the default."""
    return "" if _chosen == MODELS[0] else f" + check-worthiness {_chosen}"
