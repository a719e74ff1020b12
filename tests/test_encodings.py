"""Text files in the encodings news comes in: decoded right, or refused with the reason.

A wrong guess is worse than a refusal (it puts "cafÃ©" into quotes forever), so
every accepting case checks the exact text and every refusing case the reason.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsread.ingest.encodings import (
    BINARY,
    NOT_UTF16,
    DecodeError,
    decode_text,
    plausible_text,
    repair_mojibake,
)
from newsread.ingest.extract import gunzip
from newsread.ingest.sources import InputText, Rejected, iter_inputs
from storage.imports import import_paths
from storage.library import Library

STORY = (
    "Café owners on Quai Renard win “fair rent” ruling\n\n"
    "The owners of the Café Mirabeau won their case on Tuesday — the court said the "
    "landlord’s rent rise of 40 % was “not fair by any measure”.\n\n"
    "Owner Zoë Laurent said the café would stay open. “We’re staying,” she said. "
    "The landlord’s lawyer, Maître Sébastien Noël, did not comment on the ruling.\n"
)
# Latin-1 has no curly quotes or dashes: the same story as a latin-1 editor writes it.
LATIN1_STORY = (
    "Café owners on Quai Renard win a rent ruling\n\n"
    "The owners of the Café Mirabeau won their case on Tuesday; the court said the "
    "rent rise of 40 % was not fair by any measure, according to the judgment.\n\n"
    "Owner Zoë Laurent said the café would stay open and that prices would not change. "
    "The lawyer for the landlord, Maître Sébastien Noël, did not comment on the ruling.\n"
)


def _read(tmp_path: Path, data: bytes, name: str = "story.txt") -> InputText | Rejected:
    path = tmp_path / name
    path.write_bytes(data)
    [item] = list(iter_inputs([str(path)], None))
    return item


@pytest.mark.parametrize(
    "data, text",
    [
        (STORY.encode("cp1252"), STORY),
        (LATIN1_STORY.encode("latin-1"), LATIN1_STORY),
        (b"\xff\xfe" + STORY.encode("utf-16-le"), STORY),
        (b"\xfe\xff" + STORY.encode("utf-16-be"), STORY),
        (b"\xef\xbb\xbf" + STORY.encode("utf-8"), STORY),
        (STORY.encode("utf-8"), STORY),
    ],
    ids=["cp1252", "latin-1", "utf-16-le-bom", "utf-16-be-bom", "utf-8-bom", "utf-8"],
)
def test_text_files_are_decoded_exactly(tmp_path: Path, data: bytes, text: str) -> None:
    item = _read(tmp_path, data)
    assert isinstance(item, InputText), item
    assert item.text == text


def test_legacy_and_utf16_files_import_with_their_accents(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_cp1252.txt").write_bytes(STORY.encode("cp1252"))
    (folder / "b_latin1.txt").write_bytes(LATIN1_STORY.encode("latin-1"))
    # Another figure, so it is not a duplicate of the cp1252 copy.
    other = STORY.replace("40 %", "45 %")
    (folder / "c_utf16.txt").write_bytes(b"\xff\xfe" + other.encode("utf-16-le"))
    library = Library(tmp_path / "library")
    summary, fresh = import_paths(library, [str(folder)])
    assert not summary.rejected and len(fresh) == 3
    for article in fresh:
        assert "Zoë Laurent" in article.body and "Noël" in article.body
        assert "Ã" not in article.body and "\ufffd" not in article.body
    assert fresh[0].title == "Café owners on Quai Renard win “fair rent” ruling"
    assert "landlord’s rent rise of 40 % was “not fair by any measure”" in fresh[0].body


def test_cyrillic_and_central_european_code_pages_are_not_read_as_cp1252() -> None:
    russian = "Правительство объявило о новых мерах поддержки для жителей острова. " * 2
    polish = "Rząd ogłosił nowe środki wsparcia dla mieszkańców wyspy, powiedział minister. " * 2
    assert decode_text(russian.encode("cp1251")) == russian
    assert decode_text(polish.encode("cp1250")) == polish


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), BINARY),
        (bytes(100), BINARY),
        ("Island ferry service resumes on Thursday".encode("utf-32"), BINARY),
        (b"\xfe\xff" + b"Island ferry service resumes on Thursday.", NOT_UTF16),
        (b"\xff\xfe" + "A line\x00 with NUL".encode("utf-16-le"), NOT_UTF16),
        # Too few letters to tell windows-1252 from a damaged UTF-8 file.
        ("Caf\u00e9 news".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at position 3)"),
        # Mostly UTF-8 with one broken sequence: damaged UTF-8, never re-read as cp1252.
        (("Zoë Laurent said the café — the old one — stays. " * 3).encode() + b"\xe2\x82",
         "not valid UTF-8"),
        ("フェリーの運航再開について、港湾局が発表した。".encode("shift_jis"), "not valid UTF-8"),
        (bytes(range(0x80, 0x100)) * 4, "not valid UTF-8"),
    ],
    ids=["png", "zeros", "utf-32", "ascii-after-utf16-bom", "nul-in-utf16", "short-latin1",
         "damaged-utf8", "shift-jis", "high-bytes"],
)  # fmt: skip
def test_what_is_not_text_we_can_trust_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as refused:
        decode_text(data)
    assert reason in str(refused.value)


def test_refusals_reach_the_import_with_their_reason(tmp_path: Path) -> None:
    item = _read(tmp_path, ("Caf\u00e9 news").encode("latin-1"))
    assert isinstance(item, Rejected)
    assert item.reason == "not valid UTF-8 (byte 0xe9 at position 3)"


def test_mojibake_is_repaired_and_good_text_left_alone() -> None:
    assert repair_mojibake("Itâ€™s the cafÃ© â€” on Ãœberstraße") == "It’s the café — on Überstraße"
    assert repair_mojibake("Â£40 for a caféâ„¢") == "£40 for a café™"
    for good in ("CAFÉ” and “NAÏVE”", "São Paulo, Ã la carte", "Ångström’s law"):
        assert repair_mojibake(good) == good


def test_utf8_text_with_mojibake_is_repaired_on_import(tmp_path: Path) -> None:
    # How Windows software mangles it: windows-1252, its undefined bytes as C1.
    read_as_cp1252 = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in STORY.encode("utf-8")
    )
    mangled = read_as_cp1252.encode("utf-8")
    item = _read(tmp_path, mangled)
    assert isinstance(item, InputText) and item.text == STORY


def test_exact_decoding_for_offsets_keeps_bom_and_characters() -> None:
    # analyze's offsets index the file's own characters: nothing added or changed.
    assert decode_text(b"\xef\xbb\xbfIt\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s", keep_bom=True) == (
        "\ufeffItâ€™s"
    )
    assert decode_text(b"\xff\xfe" + "Hi there".encode("utf-16-le"), keep_bom=True) == (
        "\ufeffHi there"
    )


def test_plausible_text_needs_letters_and_one_script() -> None:
    assert plausible_text(LATIN1_STORY)
    assert not plausible_text("Café news")  # too little to judge
    assert not plausible_text("Ïðàâèòåëüñòâî îáúÿâèëî î íîâûõ ìåðàõ ïîääåðæêè")
    assert not plausible_text("Control\x1b[2J characters in a sentence of text here")


def test_gunzip_is_bounded() -> None:
    bomb = gzip.compress(bytes(1_000_000))
    assert len(gunzip(bomb, limit=2_000_000)) == 1_000_000
    with pytest.raises(DecodeError, match="too large"):
        gunzip(bomb, limit=10_000)
    with pytest.raises(DecodeError, match="gzip"):
        gunzip(bomb[:50])
