"""Bytes -> text with the encoding detected, not assumed.

Order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); NUL bytes mean UTF-16 without a
BOM when they fall on alternate bytes, binary otherwise; then strict UTF-8 (valid UTF-8 is
almost never an accident); otherwise charset-normalizer picks the most plausible Latin code
page (cp1252 preferred among equals). Binary content is recognised by file signatures and
NUL/control bytes, and rejected rather than decoded into noise.
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

PREFERRED_LEGACY = ["cp1252", "latin_1", "iso8859_15", "cp1250", "mac_roman"]

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
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise Rejected("binary", "binary content: contains NUL bytes and is not UTF-16 text")
        try:
            return _checked(Decoded(data.decode(utf16), utf16, False))
        except UnicodeDecodeError as exc:
            raise Rejected("undecodable", f"looks like {utf16.upper()} without a byte-order mark but is not "
                                          f"valid {utf16.upper()} ({exc.reason} at byte {exc.start})") from None
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8", False))
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS)
    best = matches.best()
    if best is None:
        raise Rejected("undecodable", "not valid UTF-8, and no other text encoding fits the bytes")
    # several code pages often fit equally well (cp1250 and cp1252 share quotes and dashes);
    # prefer the one Indonesian and Western sites actually use
    ties = {name for m in matches if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.01
            for name in m.could_be_from_charset}
    for name in PREFERRED_LEGACY:
        if name in ties:
            try:
                return _checked(Decoded(data.decode(name), name, False))
            except UnicodeDecodeError:
                continue
    return _checked(Decoded(str(best), best.encoding, False))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: Latin text has a NUL in every other byte, mostly at odd offsets (LE)
    or at even ones (BE). None when the NULs do not fall that way."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(len(sample) // 2, 1)
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _checked(decoded: Decoded) -> Decoded:
    text = decoded.text
    if text.strip() == "":
        raise Rejected("empty", "the file contains only whitespace")
    controls = sum(1 for ch in text if (ch < " " or "\x7f" <= ch < "\xa0") and ch not in _ALLOWED_CONTROLS)
    if controls and (controls / len(text) > MAX_CONTROL_RATIO or "\x00" in text):
        raise Rejected("binary", f"binary content: {controls} control characters after decoding as "
                                 f"{decoded.encoding}")
    return decoded
