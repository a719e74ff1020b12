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
    decode_html,
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
        # Cut short: its only bad bytes end it, UTF-8 that lost its last bytes.
        (b"Caf\xc3", "not valid UTF-8 (byte 0xc3 at position 3)"),
        # Short, and no letter to tell a cp1252 "€" from a stray UTF-8 byte.
        (b"Harbour \x80 news", "not valid UTF-8 (byte 0x80 at position 8), nor text in cp1252"),
        # A stray byte before a word is no letter of it ("ÿIsland").
        (b"\xff" + "Island ferry \u2014 resumes".encode(), "not valid UTF-8 (byte 0xff"),
        # Mostly UTF-8 with one broken sequence: damaged UTF-8, never re-read as cp1252.
        (("Zoë Laurent said the café — the old one — stays. " * 3).encode() + b"\xe2\x82",
         "not valid UTF-8"),
        ("フェリーの運航再開について、港湾局が発表した。".encode("shift_jis"), "not valid UTF-8"),
        (bytes(range(0x80, 0x100)) * 4, "not valid UTF-8"),
    ],
    ids=["png", "zeros", "utf-32", "ascii-after-utf16-bom", "nul-in-utf16", "cut-short-utf8",
         "short-lone-symbol", "stray-byte-in-utf8",
         "damaged-utf8", "shift-jis", "high-bytes"],
)  # fmt: skip
def test_what_is_not_text_we_can_trust_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as refused:
        decode_text(data)
    assert reason in str(refused.value)


def test_refusals_reach_the_import_with_their_reason(tmp_path: Path) -> None:
    item = _read(tmp_path, b"Harbour \x80 news")
    assert isinstance(item, Rejected)
    assert item.reason == (
        "not valid UTF-8 (byte 0x80 at position 8), "
        "nor text in cp1252, latin-1 or another legacy code page"
    )


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


@pytest.mark.parametrize(
    "data, text",
    [
        # The QA file: one UTF-8 word in cp1252 text came out as cp1250, neither kept.
        (b"Mixed enc\n\nThe caf\xc3\xa9 owner said na\xefve \x93quote\x94 end of the story.\n",
         "Mixed enc\n\nThe café owner said naïve “quote” end of the story.\n"),
        # Mostly UTF-8 with cp1252 quotes pasted in.
        (("Zoë Laurent said the café — the old one — stays. " * 3).encode()
         + b"\x93Na\xefve\x94, she said.",
         "Zoë Laurent said the café — the old one — stays. " * 3 + "“Naïve”, she said."),
        ("École, ÉCOLE, CAFÉ, Zoë: ".encode("cp1252") + "it’s “the café”".encode(),
         "École, ÉCOLE, CAFÉ, Zoë: it’s “the café”"),
    ],
    ids=["mostly-cp1252", "mostly-utf8", "cases"],
)  # fmt: skip
def test_utf8_mixed_with_cp1252_is_decoded_run_by_run(data: bytes, text: str) -> None:
    assert decode_text(data) == text
    # A page that declares no charset is read the same way.
    page = b"<html><body><p>" + data + b"</p></body></html>"
    assert decode_html(page) == f"<html><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    "data",
    [
        # "é" lost its second byte, "’" its third: damaged UTF-8, not cp1252 "Ã", "â€".
        b"The caf\xc3 owner said \xe2\x80\x9cyes\xe2\x80\x9d to it, the mayor added today.",
        b"It\xe2\x80s the caf\xc3\xa9 and the owner, the mayor said to the press on Friday.",
        # "É»" is valid UTF-8 ("ɻ") but no Western character: cp1252 or nothing.
        b"CAF\xc9\xbb and the caf\xc3\xa9 \x90 undefined in cp1252, the mayor said.",
    ],
    ids=["lost-bytes", "broken-sequence", "undefined-byte"],
)
def test_damaged_utf8_is_not_taken_for_a_cp1252_mix(data: bytes) -> None:
    with pytest.raises(DecodeError, match="not valid UTF-8"):
        decode_text(data)


@pytest.mark.parametrize(
    "data, text",
    [
        (b"Short\n\nna\xefve fa\xe7ade\n", "Short\n\nnaïve façade\n"),
        ("Caf\u00e9 news".encode("latin-1"), "Café news"),
        ("\u201cZo\u00eb\u201d".encode("cp1252"), "“Zoë”"),
    ],
)
def test_a_short_text_is_cp1252_when_it_reads_as_words(data: bytes, text: str) -> None:
    # Too short for the detector; the same bytes in a longer text were cp1252 already.
    assert decode_text(data) == text
    assert decode_text(data + b" " + b"and more words in the same story " * 3).startswith(text)


@pytest.mark.parametrize(
    "data",
    ["Привет".encode("cp1251"), "Łódź".encode("cp1250"), b"ab \xfd\xfe", b"x \xe0 y"],
)
def test_a_short_text_that_reads_as_no_words_in_cp1252_is_refused(data: bytes) -> None:
    with pytest.raises(DecodeError, match="nor text in cp1252, latin-1 or another legacy"):
        decode_text(data)
