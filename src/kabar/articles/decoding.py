"""Bytes -> text with the encoding detected, not assumed; binary content rejected as `binary`.

Order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); a file signature of a binary format
(puremagic's database: images, archives, PDFs, executables, media, ...) rejects the file as binary
whatever its extension; NUL bytes mean UTF-16 without a BOM when they fall on alternate bytes,
binary otherwise; bytes that no text has (control bytes other than tab, newlines, form feed and
escape) make it binary too; then strict UTF-8 (valid UTF-8 is almost never an accident); otherwise
charset-normalizer picks the most plausible Latin code page (cp1252 preferred among equals). The
decoded text is checked once more for control characters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer
import puremagic

from kabar.articles.rejections import Rejected

BOMS: list[tuple[bytes, str]] = [  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# news in Indonesian (and the English it quotes) is Latin script: EBCDIC, CJK or Cyrillic
# code pages would only turn stray bytes into plausible-looking noise
CANDIDATE_ENCODINGS = ["utf_8", "cp1252", "cp1250", "latin_1", "iso8859_15", "mac_roman",
                       "utf_16", "utf_16_le", "utf_16_be", "utf_32"]

PREFERRED_LEGACY = ["cp1252", "latin_1", "iso8859_15", "cp1250", "mac_roman"]

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
MAX_CONTROL_RATIO = 0.01
# bytes no text in an ASCII-compatible encoding contains (ESC stays: ISO-2022 and terminal colours)
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1b") + b"\x7f"
SNIFF_BYTES = 64 * 1024  # the head of a file a signature and the control-byte test look at
# a signature match on one of these formats says nothing against reading the file as text
TEXT_FORMAT = re.compile(r"^text/|json|xml|html", re.IGNORECASE)


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
    strong, weak = sniff_format(data)
    if strong:
        raise Rejected("binary", f"binary content: looks like {strong} (file signature)")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise Rejected("binary", "binary content: contains NUL bytes and is not UTF-16 text"
                                     + (f" (it may be {weak})" if weak else ""))
        try:
            return _checked(Decoded(data.decode(utf16), utf16, False))
        except UnicodeDecodeError as exc:
            raise Rejected("undecodable", f"looks like {utf16.upper()} without a byte-order mark but is not "
                                          f"valid {utf16.upper()} ({exc.reason} at byte {exc.start})") from None
    head = data[:SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    if controls > MAX_CONTROL_RATIO * len(head):
        raise Rejected("binary", f"binary content: {controls} control bytes in the first {len(head):,} bytes"
                                 + (f" (it may be {weak})" if weak else ""))
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


def sniff_format(data: bytes) -> tuple[str | None, str | None]:
    """(strong, weak): the binary formats whose file signature `data` starts with (puremagic).

    Strong: the signature holds a byte no text contains (a control byte: PNG's, gzip's, ZIP's,
    SQLite's): enough on its own. Weak: a signature of printable characters ("%PDF", "MZ", "ID3", but
    also "From", "Article", "This is " in puremagic's database), which prose can start with too:
    only named in the reason when the bytes fail the control-byte test. Text formats (HTML, XML,
    JSON) are neither."""
    try:
        matches = puremagic.magic_string(data[:SNIFF_BYTES])
    except (puremagic.PureError, ValueError):  # no signature matches
        return None, None
    strong = weak = None
    for match in matches:
        if TEXT_FORMAT.search(match.mime_type or "") or TEXT_FORMAT.search(match.name or ""):
            continue
        what = f"{match.name} ({match.mime_type})" if match.mime_type else match.name
        if match.byte_match != match.byte_match.translate(None, CONTROL_BYTES):
            strong = strong or what
        else:
            weak = weak or what
    return strong, weak


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
