"""A colleague's export made on another text of the same article: an
annotation import-annotations places on words that differ from the file's
keeps the words first tagged (``requoted_from``), is counted as placed on
changed words and shown "≈ first tagged" in the reader, as a re-import's
would be: a tag never sits on a new figure unseen. An article the library
holds under another address with another text is said to differ, not to be
absent."""

from __future__ import annotations

import json
from pathlib import Path

from newsread.config import Config
from newsread.model import REQUOTED_FROM
from storage.library import Library
from tests.pilot_helpers import SIZE, open_first_reader, wait_until
from tui.app import NewsreadApp
from tui.cli import main

TEXT = (
    "Lake microbes eat plastic\n\n"
    "Microbes from a salt lake in the north broke down the plastic film about 40% faster "
    "than expected, the university team said on Tuesday. The team will test other films "
    "next year.\n"
)
TITLE = "Lake microbes eat plastic"


def _cli(capsys, *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def _article_id(lib: Path) -> str:
    [meta] = Library(lib).article_metas()
    return meta["id"]


def _colleagues_export(tmp_path: Path, capsys, source: Path) -> Path:
    """Bo's library made from ``source`` as it reads now, his tag on the
    figure, and his export of it."""
    bo = tmp_path / "bo"
    _cli(capsys, "import", "--no-analyze", "--library", str(bo), str(source))
    _cli(
        capsys, "tag", "--library", str(bo), _article_id(bo),
        "--quote", "about 40% faster", "--tag", "figure", "--annotator", "Bo",
    )  # fmt: skip
    exported = tmp_path / "bo.json"
    _cli(capsys, "export", "--library", str(bo), "-o", str(exported))
    return exported


def _exported(capsys, lib: Path) -> list[dict]:
    return json.loads(_cli(capsys, "export", "--library", str(lib)))["annotations"]


def test_a_tag_made_on_an_older_text_keeps_its_first_words_and_is_counted(tmp_path, capsys):
    source = tmp_path / "shared" / "lake.txt"
    source.parent.mkdir()
    source.write_text(TEXT, encoding="utf-8")
    exported = _colleagues_export(tmp_path, capsys, source)
    # The source is corrected; Ana imports it as it reads now.
    source.write_text(TEXT.replace("about 40% faster", "about 45% faster"), encoding="utf-8")
    ana = tmp_path / "ana"
    _cli(capsys, "import", "--no-analyze", "--library", str(ana), str(source))
    out = _cli(capsys, "import-annotations", "--library", str(ana), str(exported))
    assert out.splitlines()[0].startswith("1 added, 0 merged, 0 orphaned")
    assert "  1 annotation placed on changed words (it sits on similar text;" in out
    [ann] = _exported(capsys, ana)
    assert ann["quote"] == "about 45% faster"
    assert ann["data"][REQUOTED_FROM] == "about 40% faster"
    # Again: already in the library, nothing placed anew, the first words kept.
    out = _cli(capsys, "import-annotations", "--library", str(ana), str(exported))
    assert "1 already in the library" in out and "changed words" not in out
    [ann] = _exported(capsys, ana)
    assert ann["data"][REQUOTED_FROM] == "about 40% faster"


def test_a_tag_placed_back_on_its_first_words_is_not_said_changed(tmp_path, capsys):
    # Bo's copy sits on "45%", first tagged on "40%"; Ana's text still says
    # "40%": it lands on the words first tagged, and nothing differs.
    source = tmp_path / "shared" / "lake.txt"
    source.parent.mkdir()
    source.write_text(TEXT, encoding="utf-8")
    ana = tmp_path / "ana"
    _cli(capsys, "import", "--no-analyze", "--library", str(ana), str(source))
    exported = _colleagues_export(tmp_path, capsys, source)
    bo = tmp_path / "bo"
    source.write_text(TEXT.replace("about 40% faster", "about 45% faster"), encoding="utf-8")
    out = _cli(capsys, "import", "--no-analyze", "--library", str(bo), str(source))
    assert "1 annotation placed on changed words" in out
    _cli(capsys, "export", "--library", str(bo), "-o", str(exported))
    out = _cli(capsys, "import-annotations", "--library", str(ana), str(exported))
    assert out.splitlines()[0].startswith("1 added") and "changed words" not in out
    [ann] = _exported(capsys, ana)
    assert ann["quote"] == "about 40% faster"
    assert REQUOTED_FROM not in ann["data"]


async def test_the_reader_shows_the_words_first_tagged(tmp_path, capsys):
    source = tmp_path / "shared" / "lake.txt"
    source.parent.mkdir()
    source.write_text(TEXT, encoding="utf-8")
    exported = _colleagues_export(tmp_path, capsys, source)
    source.write_text(TEXT.replace("about 40% faster", "about 45% faster"), encoding="utf-8")
    ana = tmp_path / "ana"
    _cli(capsys, "import", "--no-analyze", "--library", str(ana), str(source))
    _cli(capsys, "import-annotations", "--library", str(ana), str(exported))
    app = NewsreadApp(Library(ana), Config(annotator="Ana"))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)

        def side() -> str:
            return str(reader.query_one("#side-annotations").render())

        await wait_until(pilot, lambda: "first tagged" in side())
        [line] = [x for x in side().splitlines() if "≈ first tagged:" in x]
        assert "40%" in line


def test_an_article_held_with_another_text_is_said_to_differ(tmp_path, capsys):
    # Each imported the story from a file of their own, and the texts differ:
    # "not in the library" hid that an article of exactly that title is.
    source = tmp_path / "bo-files" / "lake.txt"
    source.parent.mkdir()
    source.write_text(TEXT, encoding="utf-8")
    exported = _colleagues_export(tmp_path, capsys, source)
    own = tmp_path / "ana-files" / "lake.txt"
    own.parent.mkdir()
    own.write_text(TEXT.replace("next year", "in the spring"), encoding="utf-8")
    ana = tmp_path / "ana"
    _cli(capsys, "import", "--no-analyze", "--library", str(ana), str(own))
    capsys.readouterr()
    code = main(["import-annotations", "--library", str(ana), str(exported)])
    out = capsys.readouterr().out
    assert code == 1  # nothing landed
    assert out.splitlines() == [
        "0 added, 0 merged, 0 orphaned (kept, but their passage is not in the text), "
        "1 skipped (1 for articles the library holds with another text)",
        f"  its text differs: {TITLE!r} is in the library, but not the text (content hash) "
        "nor the address the file's annotations were made on: not placed",
    ]
