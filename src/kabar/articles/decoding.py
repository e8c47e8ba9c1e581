"""Bytes -> text with the encoding detected, not assumed.

Order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); then strict UTF-8 (valid UTF-8
is almost never an accident); otherwise charset-normalizer picks the most plausible
encoding (cp1252, latin-1, UTF-16 without BOM, ...). Binary content is recognised by file
signatures and by NUL/control bytes, and rejected rather than decoded into noise.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

from kabar.articles.rejections import Rejected

BOMS: list[tuple[bytes, str]] = [  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# signatures of common binary formats that end up in drop zones
MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or docx/xlsx)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
]

# news in Indonesian (and the English it quotes) is Latin script: EBCDIC, CJK or Cyrillic
# code pages would only turn stray bytes into plausible-looking noise
CANDIDATE_ENCODINGS = ["utf_8", "cp1252", "cp1250", "latin_1", "iso8859_15", "mac_roman",
                       "utf_16", "utf_16_le", "utf_16_be", "utf_32"]

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
MAX_CONTROL_RATIO = 0.01


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    had_bom: bool


def decode_bytes(data: bytes) -> Decoded:
    """Decode `data`, raising Rejected('empty' | 'binary' | 'undecodable') with a plain reason."""
    if not data:
        raise Rejected("empty", "the file is empty (0 bytes)")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise Rejected("undecodable", f"starts with a {encoding.upper()} byte-order mark "
                                              f"but is not valid {encoding.upper()} ({exc.reason} at byte {exc.start})") from None
            return _checked(Decoded(text, encoding, True))
    for magic, what in MAGIC:
        if data.startswith(magic) and (len(magic) > 2 or b"\x00" in data[:512]):
            raise Rejected("binary", f"binary content: looks like a {what}")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8", False))
    except UnicodeDecodeError:
        pass
    if b"\x00" in data and not _looks_utf16(data):
        raise Rejected("binary", "binary content: contains NUL bytes and is not UTF-16 text")
    best = charset_normalizer.from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise Rejected("undecodable", "not valid UTF-8, and no other text encoding fits the bytes")
    return _checked(Decoded(str(best), best.encoding, False))


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without BOM: NULs sit mostly at even or mostly at odd offsets."""
    sample = data[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = max(len(sample) // 2, 1)
    return max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half


def _checked(decoded: Decoded) -> Decoded:
    text = decoded.text
    if text.strip() == "":
        raise Rejected("empty", "the file contains only whitespace")
    controls = sum(1 for ch in text if (ch < " " or "\x7f" <= ch < "\xa0") and ch not in _ALLOWED_CONTROLS)
    if controls and (controls / len(text) > MAX_CONTROL_RATIO or "\x00" in text):
        raise Rejected("binary", f"binary content: {controls} control characters after decoding as "
                                 f"{decoded.encoding}")
    return decoded
