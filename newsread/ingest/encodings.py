"""Bytes into text: UTF-8, byte-order marks, legacy single-byte encodings, HTML charsets.

The rule behind every choice here: a wrong guess is worse than an honest
refusal. A text decoded with the wrong code page looks fine at a glance and
then quotes "cafÃ©" or "naďve" into an annotation forever, so:

* a byte-order mark decides UTF-8 or UTF-16 (UTF-16 must then decode cleanly
  and read as text; UTF-32 stays refused as binary);
* valid UTF-8 is UTF-8;
* a file mixing UTF-8 and windows-1252 (text pasted together from two
  sources, a common shape) is decoded run by run: the well-formed UTF-8
  sequences of Western characters as UTF-8, the other bytes as windows-1252,
  when every windows-1252 character then sits where text puts one (a letter
  inside a word, a quote mark or dash); read whole as one code page it came
  out as a third ("cafĂ©", "naďve"), and neither half survived;
* otherwise bytes that are *mostly* UTF-8 (well-formed multi-byte sequences
  and a few broken ones) are damaged UTF-8, never re-read as a legacy code page;
* otherwise a legacy single-byte encoding is accepted only when
  charset-normalizer finds one that decodes without chaos *and* the result
  passes our own plausibility test (``plausible_text``), on enough letters to
  judge; windows-1252 wins ties, as browsers do for undeclared Western pages;
* a text too short to judge so is windows-1252 when that reads as letters in
  words and typographic punctuation only ("naïve façade"), and not when its
  only bad bytes end it (a UTF-8 file cut short);
* double-encoded UTF-8 ("â€™" for "’") left in an otherwise good text is
  repaired (``repair_mojibake``), conservatively.

For HTML, ``decode_html`` follows the browser's order: BOM, the HTTP header's
charset, the ``<meta>`` charset, then the same detection as plain text, and it
is lenient about a few bad bytes, as browsers are.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

BINARY = "binary data (contains NUL bytes)"
NOT_UTF16 = "starts with a UTF-16 byte-order mark but is not UTF-16 text"

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")

#: Too little text to tell an encoding from damage: "Caf\xe9" could be
#: windows-1252 or a truncated UTF-8 file, and a guess would be a coin toss.
MIN_LEGACY_LETTERS = 20

#: The code pages news arrives in; DOS and Mac code pages are left out because
#: on short texts they tie with these and win by accident (cp437, mac_roman).
LEGACY_ENCODINGS = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1257",
    "latin_1",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "iso8859_9",
    "iso8859_15",
    "koi8_r",
    "koi8_u",
)
#: How much worse (charset-normalizer's "chaos") a candidate may be than the best
#: one and still count as a tie.
CHAOS_TIE = 0.01
#: How much more "coherent" (like a known language) another code page must
#: read to beat windows-1252 in a tie.
COHERENCE_TIE = 0.02
#: Above this chaos charset-normalizer is not confident of its best guess.
MAX_CHAOS = 0.1

#: Western text has few non-ASCII letters: about 4 % in French, 10-15 % in
#: Czech or Polish. A Latin reading with more is Cyrillic or Greek read as the
#: wrong code page ("Ïðèâåò").
MAX_NON_ASCII_LATIN = 0.35
#: Punctuation and symbols outside ASCII that running text does use.
_TEXT_SYMBOLS = frozenset("\u00a0“”‘’‚„–—…•€£¥¢°©®™«»‹›·¡¿§¶×÷±½¼¾¹²³µ†‡‰′″\u00ad")
#: Share of non-ASCII characters that may be neither letters nor such symbols.
MAX_ODD_SYMBOLS = 0.1

# A well-formed UTF-8 multi-byte sequence (no overlongs, no surrogates, <= U+10FFFF).
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)

# UTF-8 read as windows-1252: "Ã©" (é), "Â " (no-break space), "â€™" (’),
# "â„¢" (™). Only these leads: they cover accented Latin letters and typographic
# punctuation, and never occur before such a character in real text, whereas a
# wider net ("É”" is valid UTF-8 for "ɔ") would corrupt good text.
# The five bytes windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
# come through as the C1 characters of the same number: "”" is E2 80 9D.
_CONTINUATION = (
    "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿\x81\x8d\x8f\x90\x9d"
)
_BROKEN = re.compile(rb"[\x80-\xff]+")
_MOJIBAKE = re.compile(f"[ÂÃ][{_CONTINUATION}]|â€[{_CONTINUATION}]|â„¢")


class DecodeError(ValueError):
    """Bytes that are not text we can trust; the message is the reason, for one line."""


def decode_text(data: bytes, keep_bom: bool = False) -> str:
    """Decode the bytes of a text file or raise ``DecodeError`` saying why not.

    ``keep_bom`` is for callers whose offsets must index the file's own
    characters (``analyze``): a leading byte-order mark stays as U+FEFF and
    mojibake is left as it is, so nothing is added, dropped or replaced.
    """
    if data.startswith(_UTF32_BOMS):
        raise DecodeError(BINARY)
    for bom, codec in _UTF16_BOMS.items():
        if data.startswith(bom):
            return _utf16(data, bom, codec, keep_bom)
    if b"\x00" in data:
        raise DecodeError(BINARY)
    try:
        text = data.decode("utf-8" if keep_bom else "utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _legacy(data, exc)
    return text if keep_bom else repair_mojibake(text)


def _utf16(data: bytes, bom: bytes, codec: str, keep_bom: bool) -> str:
    try:
        text = data[len(bom) :].decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodeError(NOT_UTF16) from exc
    if not _utf16_plausible(text):
        raise DecodeError(NOT_UTF16)
    return ("\ufeff" + text) if keep_bom else text


def _utf16_plausible(text: str) -> bool:
    # ASCII bytes read as UTF-16 pair up into CJK-looking code points but never
    # into a space or a line break: real text of any length has some.
    if not text.strip():
        return True
    if _has_controls(text):
        return False
    return len(text) < 16 or any(ch in " \n\u3000\u3001\u3002\uff0c" for ch in text)


def _has_controls(text: str) -> bool:
    return any(
        (ord(ch) < 0x20 and ch not in "\t\n\r\f") or 0x7F <= ord(ch) <= 0x9F or ch == "\ufffd"
        for ch in text
    )


def _utf8_error(data: bytes, exc: UnicodeDecodeError, legacy: bool = False) -> DecodeError:
    """``legacy``: the legacy code pages were tried too, and the reason says so."""
    why = f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at position {exc.start})"
    if legacy:
        why += ", nor text in cp1252, latin-1 or another legacy code page"
    return DecodeError(why)


def mostly_utf8(data: bytes) -> bool:
    """Well-formed UTF-8 sequences at least as many as broken ones: damaged UTF-8."""
    good = len(_UTF8_MULTI.findall(data))
    if not good:
        return False
    # A broken sequence is one error however many bytes it spans ("\xe2\x82").
    bad = len(_BROKEN.findall(_UTF8_MULTI.sub(b" ", data)))
    return good >= bad


def _legacy(data: bytes, exc: UnicodeDecodeError) -> str:
    mixed = utf8_and_cp1252(data)
    if mixed is not None:
        return mixed
    if mostly_utf8(data):
        raise _utf8_error(data, exc)
    text = guess_legacy(data)
    if text is None and exc.reason != "unexpected end of data":
        # Too short for the detector; a file whose only bad bytes end it is
        # UTF-8 cut short, not a code page.
        text = _cp1252_in_place(data)
    # UTF-8 sequences read as a code page ("Ã©") say the file is UTF-8 after all.
    if text is None or _MOJIBAKE.search(text):
        raise _utf8_error(data, exc, legacy=True)
    return text


def utf8_and_cp1252(data: bytes) -> str | None:
    """``data`` decoded run by run, when it holds UTF-8 sequences of Western
    characters (ones cp1252 has) among bytes that are not UTF-8: those as
    UTF-8, every other byte as cp1252; None when there are none, or a cp1252
    character is out of place (``_in_place``)."""
    pieces: list[str] = []
    legacy: list[int] = []  # where the cp1252 characters outside ASCII are
    at = length = 0
    for match in _UTF8_MULTI.finditer(data):
        char = match.group().decode("utf-8")
        if not _in_cp1252(char):
            continue  # "É»" in a cp1252 text is valid UTF-8 for "ɻ": not taken as such
        length = _add_cp1252(data[at : match.start()], pieces, legacy, length)
        if length < 0:
            return None
        pieces.append(char)
        at, length = match.end(), length + 1
    if not pieces:
        return None
    if _add_cp1252(data[at:], pieces, legacy, length) < 0:
        return None
    text = "".join(pieces)
    return text if _in_place(text, legacy) else None


def _add_cp1252(chunk: bytes, pieces: list[str], legacy: list[int], length: int) -> int:
    """Append ``chunk`` read as cp1252; the text's new length, -1 for a byte
    cp1252 leaves undefined or a broken UTF-8 sequence."""
    if _BROKEN_UTF8.search(chunk):
        return -1
    try:
        text = chunk.decode("cp1252")
    except UnicodeDecodeError:
        return -1
    legacy.extend(length + i for i, ch in enumerate(text) if not ch.isascii())
    pieces.append(text)
    return length + len(text)


def _in_cp1252(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _cp1252_in_place(data: bytes) -> str | None:
    """``data`` as cp1252 when every character outside ASCII is in place."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    legacy = [i for i, ch in enumerate(text) if not ch.isascii()]
    # A lone symbol is as much a stray UTF-8 byte ("\x80"): a letter must vouch.
    if not any(text[i].isalpha() for i in legacy):
        return None
    return text if _in_place(text, legacy) else None


#: Beside UTF-8, what is more likely a UTF-8 sequence that lost a byte than
#: cp1252: the leads of Latin-1's letters alone ("caf\xc3 " for "café"), or a
#: lead followed by what cannot finish it ("it\xe2\x80s" for "it’s").
_BROKEN_UTF8 = re.compile(rb"[\xc2\xc3]|[\xc4-\xf4][\x80-\xbf]")
#: Punctuation and symbols a cp1252 byte may stand for anywhere in running text.
_PLACED_SYMBOLS = frozenset("\u00a0“”‘’„–—…•€£°«»·§©®™¡¿ªº\u00ad")


def _in_place(text: str, legacy: list[int]) -> bool:
    """Whether each character at ``legacy`` sits where text puts one: a Latin
    letter in a word, its case agreeing ("naïve", "Zoë", "École", "CAFÉ"; not
    "ÿIsland", a stray byte before a word), or typographic punctuation;
    and the text has no control characters, no mojibake, and no more letters
    outside ASCII than Western text has (Cyrillic read as cp1252 is all
    accented letters, "Ïðèâåò")."""
    if _has_controls(text) or _MOJIBAKE.search(text):
        return False
    for i in legacy:
        ch = text[i]
        if ch in _PLACED_SYMBOLS:
            continue
        if not ch.isalpha() or _script(ch) != "LATIN":
            return False
        before = text[i - 1] if i else " "
        after = text[i + 1 : i + 2] or " "
        if ch.islower() and not (before.isalpha() or after.islower()):
            return False
        if not ch.islower() and not (after.isalpha() or before.isupper()):
            return False
    letters = [ch for ch in text if ch.isalpha()]
    outside = sum(not ch.isascii() for ch in letters)
    return outside <= MAX_NON_ASCII_LATIN * len(letters)


def guess_legacy(data: bytes) -> str | None:
    """``data`` decoded from the legacy single-byte encoding it is confidently in, or None."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS))
    best = matches.best()
    if best is None or best.chaos > MAX_CHAOS:
        return None
    tied = [m for m in matches if m.chaos <= best.chaos + CHAOS_TIE]
    top = max(m.coherence for m in tied)
    # Browsers read undeclared Western pages as windows-1252, and on a short
    # text every code page "fits": cp1252 goes first unless another reads
    # clearly more like a language (Polish in cp1250), else a French page would
    # come out in cp1250 with "ŕ" for "à".
    tied.sort(
        key=lambda m: (
            not ("cp1252" in m.could_be_from_charset and m.coherence + COHERENCE_TIE >= top),
            -m.coherence,
        )
    )
    for match in tied:
        encoding = "cp1252" if "cp1252" in match.could_be_from_charset else match.encoding
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if plausible_text(text):
            return text
    return None


def plausible_text(text: str) -> bool:
    """Whether text decoded from a legacy encoding reads like text in one script."""
    if _has_controls(text):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < MIN_LEGACY_LETTERS:
        return False
    latin = [ch for ch in letters if ch.isascii() or _script(ch) == "LATIN"]
    non_ascii_latin = sum(not ch.isascii() for ch in latin)
    mostly_latin = len(latin) * 2 > len(letters)
    if mostly_latin and non_ascii_latin > MAX_NON_ASCII_LATIN * len(latin):
        return False
    non_ascii = [ch for ch in text if not ch.isascii()]
    odd = sum(not ch.isalpha() and ch not in _TEXT_SYMBOLS for ch in non_ascii)
    if odd > MAX_ODD_SYMBOLS * max(1, len(non_ascii)):
        return False
    return not _mixed_script_words(text)


def _script(ch: str) -> str:
    return unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]


def _mixed_script_words(text: str) -> bool:
    """More than 2 % of words mixing Latin with Cyrillic or Greek letters: mojibake."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if not w.isascii()]
    if not words:
        return False
    mixed = sum(len({_script(ch) for ch in w}) > 1 for w in words)
    return mixed * 50 > len(words)


def _cp1252_byte(ch: str) -> bytes:
    return bytes([ord(ch)]) if ch in "\x81\x8d\x8f\x90\x9d" else ch.encode("cp1252")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was once read as windows-1252 ("cafÃ©", "itâ€™s")."""
    if not _MOJIBAKE.search(text):
        return text

    def fixed(match: re.Match[str]) -> str:
        try:
            return b"".join(map(_cp1252_byte, match.group())).decode("utf-8")
        except UnicodeError:
            return match.group()

    return _MOJIBAKE.sub(fixed, text)


# -- HTML --------------------------------------------------------------------------------------

# The prescan of the HTML standard, reduced to the two forms pages use:
# <meta charset="x"> and <meta http-equiv="Content-Type" content="...; charset=x">.
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
#: Where the HTML standard looks for a <meta> charset (we allow a little more:
#: some pages put long comments first).
PRESCAN_BYTES = 4096

# What the HTML standard maps these labels to: pages labelled latin-1 or ASCII
# are written in windows-1252 in practice (curly quotes at 0x93/0x94).
_WINDOWS_1252_LABELS = frozenset({"ascii", "latin_1", "iso8859_1", "cp819"})


def charset_codec(label: str) -> str:
    """The Python codec for a charset label, "" when unknown or unusable for HTML."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return ""
    name = name.replace("-", "_")
    if name in _WINDOWS_1252_LABELS:
        return "cp1252"
    if name == "utf_8":
        return "utf-8"
    if name.startswith(("utf_16", "utf_32")):
        # A page whose bytes were readable enough to find this label is not
        # UTF-16; the standard reads such a label as UTF-8.
        return "utf-8"
    return name


def declared_charset(data: bytes) -> str:
    """The charset a page declares in its first bytes (<meta> or XML declaration), or ""."""
    head = data[:PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else ""


def decode_html(data: bytes, header_charset: str = "") -> str:
    """The text of an HTML page: BOM, then the HTTP header's charset, then the
    page's own declaration, then detection. Raises ``DecodeError`` for binary data.

    A declared single-byte charset is overruled by bytes that are valid UTF-8
    with multi-byte sequences (a mislabelled page, common on the web): reading
    them as declared would put mojibake in every accented word.
    """
    if data.startswith(_UTF8_BOM):
        return repair_mojibake(data[3:].decode("utf-8", "replace"))
    for bom, codec in _UTF16_BOMS.items():
        if data.startswith(bom) and not data.startswith(_UTF32_BOMS):
            return _utf16(data, bom, codec, keep_bom=False)
    if b"\x00" in data[:PRESCAN_BYTES] or data.count(b"\x00") * 100 > len(data):
        raise DecodeError(BINARY)
    data = data.replace(b"\x00", b"")
    labels = (header_charset, declared_charset(data))
    codecs_named = [codec for codec in map(charset_codec, filter(None, labels)) if codec]
    for codec in codecs_named:
        if codec != "utf-8" and _is_utf8(data) and _UTF8_MULTI.search(data):
            return repair_mojibake(data.decode("utf-8"))
        try:
            return repair_mojibake(data.decode(codec))
        except UnicodeDecodeError:
            continue  # a label the bytes contradict is passed over, not trusted into mojibake
    utf8 = _is_utf8(data)
    mixed = None if utf8 else utf8_and_cp1252(data)
    if mixed is not None:
        return repair_mojibake(mixed)  # UTF-8 and cp1252 pasted together, as in a text file
    if utf8 or mostly_utf8(data):
        return repair_mojibake(data.decode("utf-8", "replace"))
    if codecs_named:
        # No label decodes every byte, and the bytes are not UTF-8: the page's
        # own word with a few bad bytes beats a single-byte guess (a Shift-JIS
        # page guessed as a code page would be mojibake throughout).
        return repair_mojibake(data.decode(codecs_named[0], "replace"))
    text = guess_legacy(data)
    # A page too short or too odd to be sure of: windows-1252, the browsers'
    # default, never invents C1 controls (undefined bytes become U+FFFD).
    return repair_mojibake(text if text is not None else data.decode("cp1252", "replace"))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
