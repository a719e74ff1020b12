"""The command-line contract: import, list --json, tag, export, analyze --json, errors."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from storage.library import Library
from tests.conftest import FIXTURES
from tui.cli import READER_LEFT, main

FERRY = FIXTURES / "e2e" / "ferry.txt"


def run(capsys, *args: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def lib(tmp_path) -> Path:
    return tmp_path / "lib"


def test_import_list_and_reimport(capsys, lib, tmp_path):
    src = tmp_path / "ferry.txt"
    shutil.copy(FERRY, src)
    code, out, _ = run(capsys, "import", str(src), "--library", str(lib), "--no-analyze")
    assert code == 0 and "1 added" in out
    code, out, _ = run(capsys, "import", str(src), "--library", str(lib), "--no-analyze")
    assert code == 0 and "0 added" in out and "1 unchanged" in out
    code, out, _ = run(capsys, "list", "--json", "--library", str(lib))
    rows = json.loads(out)
    assert len(rows) == 1
    assert set(rows[0]) == {"id", "title", "source", "published", "annotations"}
    assert rows[0]["title"] == "Island ferry service to resume after storm repairs"
    assert rows[0]["annotations"] == 0


def test_same_text_from_another_file_is_a_duplicate(capsys, lib, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(FERRY, a)
    shutil.copy(FERRY, b)
    code, out, _ = run(capsys, "import", str(a), str(b), "--library", str(lib), "--no-analyze")
    assert "1 added" in out and "1 skipped as duplicates" in out


def test_each_duplicate_line_names_the_file_skipped(capsys, lib, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("a.txt", "copy-1.txt", "copy-2.txt"):
        shutil.copy(FERRY, folder / name)
    code, out, _ = run(capsys, "import", str(folder), "--library", str(lib), "--no-analyze")
    assert code == 0 and "1 added" in out and "2 skipped as duplicates" in out
    said = [line.strip() for line in out.splitlines() if "duplicate:" in line]
    [kept] = [r["id"] for r in Library(lib).article_metas()]
    title = "Island ferry service to resume after storm repairs"
    assert said == [
        f"duplicate: {folder / name} ({title!r}) is already in the library as {kept}"
        for name in ("copy-1.txt", "copy-2.txt")
    ]


def test_rejected_files_are_named_with_a_reason(capsys, lib, tmp_path):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, "import", str(binary), str(missing), "--library", str(lib))
    assert code == 1
    assert "2 files rejected" in out
    assert str(binary) in err and str(missing) in err


def test_addresses_of_other_schemes_are_refused_not_looked_for_as_files(
    capsys, lib, tmp_path, monkeypatch
):
    # data:, mailto: and javascript: were looked for as files ("no such file or
    # directory"); a file with such a name is still a file, a drive letter a path.
    monkeypatch.chdir(tmp_path)
    shutil.copy(FERRY, tmp_path / "notes:ferry.txt")
    given = ["data:text/plain,hello", "mailto:desk@example.invalid", "javascript:alert(1)"]
    given += ["urn:x", "file:///etc/hostname", "notes:ferry.txt", "C:missing.txt"]
    code, out, err = run(capsys, "import", *given, "--library", str(lib), "--no-analyze")
    assert "1 added" in out
    schemes = ["data:", "mailto:", "javascript:", "urn:", "file://"]
    for raw, scheme in zip(given[:5], schemes, strict=True):
        why = f"only http:// and https:// URLs can be fetched ({scheme} refused)"
        assert f"rejected {raw}: {why}\n" in err
    assert "C:missing.txt: no such file or directory" in err
    code, out, err = run(capsys, "extract", "--json", "data:text/plain,hello", "notes:ferry.txt")
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["error"] == "only http:// and https:// URLs can be fetched (data: refused)"
    assert second["articles"]


def test_import_from_stdin(capsys, lib, monkeypatch):
    code, out, _ = run(
        capsys,
        "import",
        "-",
        "--library",
        str(lib),
        "--no-analyze",
        stdin=FERRY.read_text(),
        monkeypatch=monkeypatch,
    )
    assert code == 0 and "1 added" in out


def test_tag_then_export_document(capsys, lib, tmp_path):
    src = tmp_path / "ferry.txt"
    shutil.copy(FERRY, src)
    run(capsys, "import", str(src), "--library", str(lib), "--no-analyze")
    _, out, _ = run(capsys, "list", "--json", "--library", str(lib))
    article_id = json.loads(out)[0]["id"]
    quote = "Every crossing on the first day is free."
    code, _, err = run(
        capsys,
        "tag",
        article_id,
        "--quote",
        quote,
        "--tag",
        "check",
        "--note",
        "verify with the authority",
        "--library",
        str(lib),
    )
    assert code == 0, err
    code, out, _ = run(capsys, "export", "--library", str(lib))
    doc = json.loads(out)
    assert doc["format"] == "newsread-annotations" and doc["version"] == 1
    assert doc["exported"].endswith("+00:00") or doc["exported"].endswith("Z")
    [ann] = doc["annotations"]
    body_start = ann["start"]
    assert ann["quote"] == quote and ann["end"] - body_start == len(quote)
    assert ann["tags"] == ["check"] and ann["note"] == "verify with the authority"
    assert ann["article"]["id"] == article_id
    assert ann["article"]["url_or_path"] == str(src.resolve())
    body = Library(lib).get_article(article_id).body
    assert body[body_start : ann["end"]] == quote
    assert ann["prefix"] == body[max(0, body_start - 32) : body_start]
    assert ann["suffix"] == body[ann["end"] : ann["end"] + 32]
    assert len(ann["prefix"]) <= 32 and len(ann["suffix"]) <= 32
    # -o writes the same document to a file
    target = tmp_path / "out.json"
    code, _, _ = run(capsys, "export", "-o", str(target), "--library", str(lib))
    assert json.loads(target.read_text())["annotations"][0]["id"] == ann["id"]


def test_tag_names_split_at_commas_as_in_the_app(capsys, lib, tmp_path):
    src = tmp_path / "ferry.txt"
    shutil.copy(FERRY, src)
    run(capsys, "import", str(src), "--library", str(lib), "--no-analyze")
    _, out, _ = run(capsys, "list", "--json", "--library", str(lib))
    article_id = json.loads(out)[0]["id"]
    quote = "Every crossing on the first day is free."
    args = ("tag", article_id, "--quote", quote, "--tag", "check, source", "--tag", "check")
    code, _, err = run(capsys, *args, "--library", str(lib))
    assert code == 0, err
    [ann] = json.loads(run(capsys, "export", "--library", str(lib))[1])["annotations"]
    assert ann["tags"] == ["check", "source"]
    assert "matches" not in run(capsys, *args, "--library", str(lib))[1]
    code, out, _ = run(
        capsys, "tag", article_id, "--quote", "the", "--tag", "x", "--library", str(lib)
    )
    assert code == 0 and "(the first of " in out and " matches: quote more words" in out
    code, _, err = run(
        capsys, "tag", article_id, "--quote", quote, "--tag", " , ", "--library", str(lib)
    )
    assert code == 1 and "--tag needs a non-empty name" in err
    code, _, err = run(
        capsys, "tag", article_id, "--quote", quote, "--tag", "bad\x1bname", "--library", str(lib)
    )
    assert code == 1 and "a tag name cannot hold control characters" in err
    assert "\x1b" not in err and len(err.strip().splitlines()) == 1
    # A BEL pasted into a terminal box comes in as its picture: refused alike.
    code, _, err = run(
        capsys, "tag", article_id, "--quote", quote, "--tag", "bad␇name", "--library", str(lib)
    )
    assert code == 1 and "cannot hold control characters, nor their pictures" in err


def test_tagging_again_with_the_note_extended_keeps_it_once(capsys, lib, tmp_path):
    src = tmp_path / "ferry.txt"
    shutil.copy(FERRY, src)
    run(capsys, "import", str(src), "--library", str(lib), "--no-analyze")
    article_id = json.loads(run(capsys, "list", "--json", "--library", str(lib))[1])[0]["id"]
    quote = "Every crossing on the first day is free."
    for note in ("cli note", "cli note\nmore", "other"):
        args = ("tag", article_id, "--quote", quote, "--tag", "x", "--note", note)
        assert run(capsys, *args, "--library", str(lib))[0] == 0
    [ann] = json.loads(run(capsys, "export", "--library", str(lib))[1])["annotations"]
    assert ann["note"] == "cli note\nmore\nother"


@pytest.mark.parametrize(
    ("stored", "given", "said", "names"),
    [
        # "CHECK" beside "check" would be two tags that tag: search and the
        # app's picker show as one.
        ("check", "CHECK,Source", "[check, Source]", ["Source", "check"]),
        # "é" typed as e + a combining accent reads the same as the library's
        # "é": two such tags split the counts and training labels of one.
        ("Café", "cafe\u0301 ,  news ", "[Café, news]", ["Café", "news"]),
    ],
    ids=["case", "normalisation"],
)
def test_a_tag_spelled_otherwise_is_the_librarys_tag(
    capsys, lib, tmp_path, stored, given, said, names
):
    src = tmp_path / "ferry.txt"
    shutil.copy(FERRY, src)
    run(capsys, "import", str(src), "--library", str(lib), "--no-analyze")
    article_id = json.loads(run(capsys, "list", "--json", "--library", str(lib))[1])[0]["id"]
    quote = "Every crossing on the first day is free."
    run(capsys, "tag", article_id, "--quote", quote, "--tag", stored, "--library", str(lib))
    code, out, err = run(
        capsys, "tag", article_id, "--quote", "the first day", "--tag", given, "--library", str(lib)
    )
    assert code == 0, err
    assert said in out
    from storage.library import Library

    assert sorted(t.name for t in Library(lib).tags()) == names


def test_tag_errors_are_one_line(capsys, lib, tmp_path):
    src = tmp_path / "ferry.txt"
    shutil.copy(FERRY, src)
    run(capsys, "import", str(src), "--library", str(lib), "--no-analyze")
    _, out, _ = run(capsys, "list", "--json", "--library", str(lib))
    article_id = json.loads(out)[0]["id"]
    code, _, err = run(
        capsys, "tag", article_id, "--quote", "not in the text", "--tag", "x", "--library", str(lib)
    )
    assert code == 1 and "quote not found" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(
        capsys, "tag", "nosuchid", "--quote", "x", "--tag", "x", "--library", str(lib)
    )
    assert code == 1 and "no article with id 'nosuchid'" in err


def test_analyze_json_contract(capsys, tmp_path, pipeline):
    text = FERRY.read_text(encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "analyze", "--json", str(path), str(path))
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2
    doc = json.loads(lines[0])
    assert doc["path"] == str(path)
    assert set(doc["pipeline"]) == {"name", "version"}
    for sent in doc["sentences"]:
        assert 0 <= sent["start"] < sent["end"] <= len(text)
    for ent in doc["entities"]:
        assert text[ent["start"] : ent["end"]] == ent["text"]
    people = {e["text"] for e in doc["entities"] if e["label"] == "PERSON"}
    assert "Ines Tovar" in people
    for claim in doc["claims"]:
        assert claim["kind"] in {"quote", "attributed", "statistic", "factual"}
        assert 0.0 <= claim["score"] <= 1.0
        for role in ("speaker", "cue", "content"):
            span = claim[role]
            assert span is None or text[span["start"] : span["end"]] == span["text"]


def test_analyze_reads_an_html_page_as_its_story_not_its_markup(capsys, tmp_path, pipeline):
    page = tmp_path / "saved"  # no suffix: HTML by its content, as import tells it
    page.write_text(
        "<!doctype html><html><head><title>Ferry fares</title></head><body>"
        "<nav>Home | Sport | Weather</nav><article><h1>Ferry fares rise</h1>"
        "<p>The ferry company raised fares by 4 percent on Monday, its director Ines Tovar "
        "said in a statement to the island council.</p><p>Commuters said the rise would "
        "hurt families who cross every day for work and school.</p></article></body></html>",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "analyze", "--json", str(page))
    assert code == 0
    [doc] = [json.loads(line) for line in out.strip().splitlines()]
    text = doc["text"]
    assert doc["title"] == "Ferry fares rise" and "<" not in text and "Weather" not in text
    for claim in doc["claims"]:
        for role in ("speaker", "cue", "content"):
            span = claim[role]
            assert span is None or text[span["start"] : span["end"]] == span["text"]
    assert {c["speaker"]["text"] for c in doc["claims"] if c["speaker"]} >= {"Commuters"}
    code, out, _ = run(capsys, "analyze", str(page))
    assert code == 0 and "the page's story “Ferry fares rise”" in out and "</p>" not in out


def test_analyze_bad_file_names_it(capsys, tmp_path):
    code, _, err = run(capsys, "analyze", "--json", str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt: no such file" in err


def test_bad_config_names_the_key(capsys, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"reader.nonsense" = "x"\n')
    monkeypatch.setenv("NEWSREAD_CONFIG", str(config))
    code, _, err = run(capsys, "config", "check")
    assert code == 2 and "'reader.nonsense' is not a binding id" in err
    config.write_text("[keys\n")
    code, _, err = run(capsys, "config", "check")
    assert code == 2 and "not valid TOML" in err


def test_config_path_prints_location(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSREAD_CONFIG", str(tmp_path / "c.toml"))
    code, out, _ = run(capsys, "config", "path")
    assert code == 0 and out.strip() == str(tmp_path / "c.toml")


def _imported_with_two_tags(capsys, lib, tmp_path) -> str:
    src = tmp_path / "ferry.txt"
    shutil.copy(FERRY, src)
    run(capsys, "import", str(src), "--library", str(lib), "--no-analyze")
    _, out, _ = run(capsys, "list", "--json", "--library", str(lib))
    article_id = json.loads(out)[0]["id"]
    for quote, tag in (
        ("Every crossing on the first day is free.", "check"),
        ("Engineers replaced 40 metres", "people"),
    ):
        run(capsys, "tag", article_id, "--quote", quote, "--tag", tag, "--library", str(lib))
    return article_id


def test_export_filters_by_tag_and_article(capsys, lib, tmp_path):
    article_id = _imported_with_two_tags(capsys, lib, tmp_path)
    _, out, _ = run(capsys, "export", "--tag", "check", "--library", str(lib))
    assert [a["tags"] for a in json.loads(out)["annotations"]] == [["check"]]
    _, out, _ = run(capsys, "export", "--article", article_id[:6], "--library", str(lib))
    assert len(json.loads(out)["annotations"]) == 2
    code, _, err = run(capsys, "export", "--article", "zzzz", "--library", str(lib))
    assert code == 1 and "no article with id 'zzzz'" in err
    # A typo in --tag is an error naming the tags there are, not an empty export.
    code, out, err = run(capsys, "export", "--tag", "chekc", "--library", str(lib))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "--tag chekc" in err and "(tags: check, people)" in err


def test_one_way_exports_say_why_they_cannot_be_used(capsys, lib, tmp_path):
    _imported_with_two_tags(capsys, lib, tmp_path)
    sheet = tmp_path / "team.csv"
    assert run(capsys, "export", "--format", "csv", "-o", str(sheet), "--library", str(lib))[0] == 0
    code, _, err = run(capsys, "import-annotations", str(sheet), "--library", str(lib))
    assert code == 1 and "a csv export cannot be imported back" in err
    # Told by their records, whatever they are named (a doccano file is JSON Lines).
    for fmt, tool in (("doccano", "doccano"), ("labelstudio", "Label Studio")):
        for name in (f"team.{fmt}", f"team-{fmt}.jsonl"):
            made = tmp_path / name
            args = ("export", "--format", fmt, "-o", str(made), "--library", str(lib))
            assert run(capsys, *args)[0] == 0
            code, _, err = run(capsys, "import-annotations", str(made), "--library", str(lib))
            assert code == 1
            assert err == (
                f"newsread: error: {made}: a {tool} export cannot be imported back; "
                "export json, jsonl or w3c for that\n"
            )
    # A line of some other JSON Lines file: the types it may have, listed plainly.
    other = tmp_path / "other.jsonl"
    other.write_text('{"type": "comment", "text": "hi"}\n{"type": "comment"}\n')
    code, _, err = run(capsys, "import-annotations", str(other), "--library", str(lib))
    assert code == 1 and err.endswith(
        "line 1: not a newsread record (its type must be one of article, annotation, "
        "rejected_suggestion)\n"
    )
    code, _, err = run(
        capsys, "export", "--format", "doccano", "--with-text", "--library", str(lib)
    )
    assert code == 1
    assert "it always carries each article's text" in err


def test_remove_refuses_to_drop_annotations_without_yes(capsys, lib, tmp_path):
    article_id = _imported_with_two_tags(capsys, lib, tmp_path)
    code, _, err = run(capsys, "remove", article_id, "--library", str(lib))
    assert code == 1 and "2 annotations would be deleted" in err
    assert len(Library(lib).article_metas()) == 1
    code, out, _ = run(capsys, "remove", article_id, "--yes", "--library", str(lib))
    assert code == 0 and "removed 1 article and 2 annotations" in out
    assert Library(lib).article_metas() == []
    _, out, _ = run(capsys, "export", "--library", str(lib))
    assert json.loads(out)["annotations"] == []


def test_library_option_works_before_and_after_the_command(capsys, tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    code, out, _ = run(capsys, "--library", str(before), "import", str(FERRY), "--no-analyze")
    assert code == 0 and "1 added" in out
    _, out, _ = run(capsys, "list", "--json", "--library", str(before))
    assert len(json.loads(out)) == 1
    code, out, _ = run(capsys, "import", str(FERRY), "--no-analyze", "--library", str(after))
    assert code == 0 and "1 added" in out
    _, out, _ = run(capsys, "--library", str(after), "list", "--json")
    assert len(json.loads(out)) == 1


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["export"],
        ["search", "ferry"],
        ["stats"],
        ["agreement"],
        ["feed", "list"],
        ["refresh"],
        ["tag", "x1", "--quote", "a", "--tag", "t"],
        ["remove", "x1"],
    ],
)
def test_a_mistyped_library_is_refused_by_what_only_reads_or_changes_one(capsys, tmp_path, command):
    typo = tmp_path / "libary"
    code, out, err = run(capsys, *command, "--library", str(typo))
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and f"{typo}: no newsread library here" in err
    assert not typo.exists()  # nothing made at the typo


def test_make_run_demo_fills_only_an_empty_library(capsys, lib, tmp_path, monkeypatch, pipeline):
    # make run passes no --library: the demo and a later export meet in the
    # library newsread resolves by itself.
    monkeypatch.setenv("NEWSREAD_LIBRARY", str(lib))
    code, out, _ = run(capsys, "demo", "--if-empty")
    # The terminal may wrap the line after a long library path.
    assert code == 0 and "7 added" in " ".join(out.split())
    rows = json.loads(run(capsys, "list", "--json")[1])
    assert len(rows) == 7
    code, out, _ = run(capsys, "tag", rows[0]["id"], "--quote", "the", "--tag", "seen")
    assert code == 0
    code, out, _ = run(capsys, "demo", "--if-empty")
    assert code == 0 and "demo not added" in out and "7 articles" in out
    [ann] = json.loads(run(capsys, "export")[1])["annotations"]
    assert ann["tags"] == ["seen"]

    other = tmp_path / "other"
    code, out, _ = run(capsys, "import", str(FERRY), "--library", str(other), "--no-analyze")
    code, out, _ = run(capsys, "demo", "--if-empty", "--library", str(other))
    assert "has 1 article; demo not added" in out
    assert len(Library(other).article_metas()) == 1


def test_a_text_with_no_story_says_why(capsys, lib, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("Council meets\n\nThe council met on Monday about the bridge.\n")
    menu = tmp_path / "menu.txt"
    menu.write_text("Menu\n\n" + "\n".join(["Home", "News", "Sport", "Weather", "Contact"] * 3))
    code, out, err = run(
        capsys, "import", "--no-analyze", str(short), str(menu), "--library", str(lib)
    )
    assert code == 1 and "2 files rejected" in out
    assert "8 words after the title line (a story needs 10 or more)" in err
    assert "no run of sentences" in err


@pytest.mark.parametrize("command", [("list", "--json"), ("export", "--format", "jsonl")])
def test_a_reader_that_leaves_the_pipe_is_no_error(capsys, lib, tmp_path, command):
    """``newsread list --json | head -c 100``: the reader closes the pipe; the
    command stops quietly (it said "newsread: error: Broken pipe")."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    src = tmp_path / "ferry.txt"
    shutil.copy(FERRY, src)
    assert run(capsys, "import", str(src), "--library", str(lib), "--no-analyze")[0] == 0
    assert run(capsys, "tag", "--library", str(lib), *_first_id_quote(capsys, lib))[0] == 0
    read, write = os.pipe()
    os.close(read)  # a reader already gone: the first write meets EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tui.cli", "--library", str(lib), *command],
            cwd=ROOT,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)
    assert done.stderr == "" and done.returncode == READER_LEFT


def _first_id_quote(capsys, lib) -> list[str]:
    code, out, _ = run(capsys, "list", "--json", "--library", str(lib))
    article = json.loads(out)[0]
    return [article["id"], "--quote", "ferry", "--tag", "late"]


def test_a_bad_record_is_counted_as_a_record_with_its_column(capsys, lib, tmp_path):
    lines = tmp_path / "two.jsonl"
    good = {"title": "Pier vote", "body": "The council voted on Monday to rebuild the old pier."}
    lines.write_text(json.dumps(good) + '\n{"title": "B", "body": "unterminated\n')
    code, out, err = run(capsys, "import", "--no-analyze", str(lines), "--library", str(lib))
    assert code == 0 and "1 added" in out
    assert "0 skipped as duplicates, 1 record skipped" in " ".join(out.split())
    assert f"{lines.resolve()}:2: not valid JSON (Unterminated string starting at column" in err


def test_export_to_a_folder_that_does_not_exist_is_refused_not_made(capsys, lib, tmp_path):
    # As the app's export dialog refuses it: a mistyped folder, made quietly,
    # left the export where nobody would look.
    src = tmp_path / "ferry.txt"
    shutil.copy(FERRY, src)
    run(capsys, "import", str(src), "--library", str(lib), "--no-analyze")
    target = tmp_path / "no-such" / "dir" / "out.json"
    code, _, err = run(capsys, "export", "-o", str(target), "--library", str(lib))
    assert code == 1
    assert err.strip() == (
        f"newsread: error: {target}: cannot write (no folder {target.parent}: make it first)"
    )
    assert not (tmp_path / "no-such").exists()
    code, _, err = run(capsys, "feed", "export-opml", "-o", str(target), "--library", str(lib))
    assert code == 1 and "no folder" in err and not (tmp_path / "no-such").exists()
