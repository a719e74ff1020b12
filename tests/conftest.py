"""Shared fixtures: the real spaCy pipeline (loaded once per session), the
development data beside the project (skipped when absent), and temporary libraries.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSREAD_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
EVAL_DEV = SHARED / "eval-dev"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline():
    """The real English pipeline, loaded once for the whole test session."""
    from newsread.analysis.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed files not present at {SEEDS} (they live outside the repository)")
    return SEEDS


@pytest.fixture
def eval_dev_dir() -> Path:
    if not EVAL_DEV.is_dir():
        pytest.skip(f"development data not present at {EVAL_DEV} (it lives outside the repository)")
    return EVAL_DEV


@pytest.fixture(autouse=True)
def _default_checkworthiness():
    """The check-worthiness model is chosen per process (from the config): a
    test that chooses the encoder must not leave it to the tests after it."""
    from newsread.analysis.checkworthy_choice import MODELS, choose_model

    yield
    choose_model(MODELS[0])


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep every test away from the user's real library and config."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("NEWSREAD_LIBRARY", str(home / "library"))
    monkeypatch.setenv("NEWSREAD_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
