"""Who made an annotation: the config's ``annotator``, ``--annotator`` per
command, the login name by default; stored with every new annotation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsread.config import (
    FALLBACK_ANNOTATOR,
    Config,
    annotator_name,
    login_annotator,
    read_config,
)
from newsread.model import Annotation, Article
from storage.edits import apply_edits, tag_passage
from storage.library import Library
from tests.conftest import FIXTURES
from tui.cli import main
from tui.models.reader import ReaderModel

FERRY = FIXTURES / "e2e" / "ferry.txt"


def write_config(tmp_path: Path, monkeypatch, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("NEWSREAD_CONFIG", str(path))
    return path


def test_config_reads_annotator(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('annotator = " ines "\n[quick_tags]\n1 = "check"\n', encoding="utf-8")
    config, problems = read_config(path)
    assert problems == [] and config.annotator == "ines"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ('""', "annotator must be a non-empty string"),
        ("5", "annotator must be a non-empty string"),
        ('"a\\u001b]0;x"', "annotator must not contain control characters or line breaks"),
        ('"' + "x" * 65 + '"', "annotator must be at most 64 characters"),
    ],
)
def test_config_refuses_a_bad_annotator(tmp_path, value, why):
    path = tmp_path / "c.toml"
    path.write_text(f"annotator = {value}\n", encoding="utf-8")
    config, problems = read_config(path)
    assert [p.removeprefix(f"{path}: ") for p in problems] == [why]
    assert config.annotator == ""


def test_unknown_top_level_setting_is_named(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('annotater = "ines"\n', encoding="utf-8")
    _, problems = read_config(path)
    assert problems == [f"{path}: unknown setting 'annotater' (known: annotator)"]


def test_config_check_knows_the_setting(capsys, monkeypatch, tmp_path):
    write_config(tmp_path, monkeypatch, 'annotator = "ines"\n')
    assert main(["config", "check"]) == 0
    write_config(tmp_path, monkeypatch, "annotator = 3\n")
    assert main(["config", "check"]) == 2
    err = capsys.readouterr().err
    assert "annotator must be a non-empty string" in err


def test_default_is_the_login_name(monkeypatch):
    monkeypatch.setenv("LOGNAME", "maria")
    assert login_annotator() == "maria"
    assert annotator_name(Config()) == "maria"
    assert annotator_name(Config(annotator="ines")) == "ines"
    assert annotator_name(Config(annotator="ines"), "kwame") == "kwame"


def test_no_login_name_falls_back(monkeypatch):
    def no_user() -> str:
        raise OSError("no user")

    monkeypatch.setattr("getpass.getuser", no_user)
    assert login_annotator() == FALLBACK_ANNOTATOR
    monkeypatch.setattr("getpass.getuser", lambda: "bad\x1bname")
    assert login_annotator() == FALLBACK_ANNOTATOR


@pytest.fixture
def ferry_library(capsys, tmp_path) -> tuple[Path, str]:
    src = tmp_path / "ferry.txt"
    shutil.copy(FERRY, src)
    lib = tmp_path / "lib"
    assert main(["import", str(src), "--library", str(lib), "--no-analyze"]) == 0
    capsys.readouterr()
    main(["list", "--json", "--library", str(lib)])
    article_id = json.loads(capsys.readouterr().out)[0]["id"]
    return lib, article_id


def test_tag_stores_the_annotator(capsys, monkeypatch, tmp_path, ferry_library):
    lib, article_id = ferry_library
    quote = "Every crossing on the first day is free."
    monkeypatch.setenv("LOGNAME", "maria")
    args = ["tag", article_id, "--quote", quote, "--library", str(lib)]
    assert main([*args, "--tag", "check"]) == 0
    write_config(tmp_path, monkeypatch, 'annotator = "ines"\n')
    assert main([*args, "--tag", "source"]) == 0
    assert main([*args, "--tag", "doubt", "--annotator", "kwame"]) == 0
    capsys.readouterr()
    anns = Library(lib).annotations(article_id)
    assert sorted((a.annotator, tuple(a.tags)) for a in anns) == [
        ("ines", ("source",)),
        ("kwame", ("doubt",)),
        ("maria", ("check",)),
    ]
    # The same annotator tagging the same words again adds to their annotation.
    assert main([*args, "--tag", "more", "--annotator", "kwame"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("added to annotation")
    anns = {a.annotator: a for a in Library(lib).annotations(article_id)}
    assert anns["kwame"].tags == ["doubt", "more"]
    # export carries it
    main(["export", "--library", str(lib)])
    doc = json.loads(capsys.readouterr().out)
    assert sorted(a["annotator"] for a in doc["annotations"]) == ["ines", "kwame", "maria"]


def test_bad_annotator_option_is_one_line(capsys, ferry_library):
    lib, article_id = ferry_library
    code = main(
        [
            "tag",
            article_id,
            "--quote",
            "ferry",
            "--tag",
            "x",
            "--annotator",
            " ",
            "--library",
            str(lib),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err == "newsread: error: --annotator must be a non-empty string\n"


def test_legacy_annotations_are_the_users_own(tmp_path):
    """An annotation made before annotators were recorded ("") takes the tags of
    whoever tags its passage now, as before."""
    library = Library(tmp_path / "lib")
    article = Article(id="a1", title="T", body="The mayor said so.")
    library.save_articles([article])
    legacy = Annotation("n1", "a1", 4, 9, "mayor", tags=["person"])
    library.save_annotation(legacy)
    result = tag_passage(library, None, "a1", 4, 9, ["official"], annotator="ines")
    assert result.merged and [a.tags for a in result.annotations] == [["person", "official"]]


def test_app_edits_keep_each_annotators_annotation(tmp_path):
    library = Library(tmp_path / "lib")
    article = Article(id="a1", title="T", body="The mayor said so.")
    library.save_articles([article])
    theirs = Annotation("n1", "a1", 4, 9, "mayor", tags=["person"], annotator="kwame")
    library.save_annotation(theirs)
    model = ReaderModel(article, [theirs], [], annotator="ines")
    assert model.annotation_on((4, 9)) is None
    mine = model.make_annotation((4, 9), ["official"])
    assert mine.annotator == "ines"
    result = apply_edits(library, None, "a1", "tag", [(None, mine)])
    assert sorted((a.annotator, tuple(a.tags)) for a in result.annotations) == [
        ("ines", ("official",)),
        ("kwame", ("person",)),
    ]
    again = model.make_annotation((4, 9), ["more"])
    result = apply_edits(library, None, "a1", "tag", [(None, again)])
    assert sorted((a.annotator, tuple(a.tags)) for a in result.annotations) == [
        ("ines", ("official", "more")),
        ("kwame", ("person",)),
    ]
