"""Why an input produced no article: a short kind for counting, a sentence for people.

Every rejection is recorded in raw.rejected_inputs with its reason; the rejected bytes are
copied into the quarantine folder beside the work database, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

# kind -> what it means (Markdown: the README's table of kinds is checked against this)
REASON_KINDS: dict[str, str] = {
    "symlink": "a symbolic link: links are never followed",
    "outside_input": "resolves to a path outside the input folder: not read",
    "not_regular_file": "not a regular file (device, pipe, socket): not read",
    "unsupported_type": "file type other than .txt, .json, .jsonl, .html/.htm",
    "too_large": "larger than the size limit (`--max-bytes` / `KABAR_MAX_INPUT_BYTES`)",
    "too_long": "the article's text is longer than the article limit (`KABAR_MAX_ARTICLE_CHARS` characters)",
    "read_error": "the file could not be read or parsed, or its folder could not be listed (permissions, vanished, "
                  "I/O, parser failure)",
    "path_too_long": "the path is longer than the system allows (nested folders past its path limit): not read",
    "empty": "empty or only whitespace",
    "binary": "binary content, whatever the extension (a binary format's file signature, NUL or control bytes)",
    "undecodable": "no text encoding decodes the bytes",
    "malformed_json": "not valid JSON (for .jsonl: that line only)",
    "not_an_object": "the JSON value is not an article object",
    "no_text": "no article text (missing, null, blank or not a string; HTML without article body)",
    "only_boilerplate": "nothing left once scraped boilerplate is removed",
    "not_indonesian": "the text is in another language than Indonesian (or Malay): the rules read Indonesian only",
    "future_date": "`published_at` lies in the future",
}


@dataclass(frozen=True)
class Rejection:
    """One rejected file or record. `record_ref` is the JSONL line number, '' for a whole file."""

    kind: str
    reason: str
    record_ref: str = ""
    data: bytes | None = None  # the rejected bytes (a JSONL line); None: the whole file
    unread: bool = False       # nothing was read (a link, a path error): identified by `data`, nothing quarantined

    def __post_init__(self):
        if self.kind not in REASON_KINDS:
            raise ValueError(f"unknown rejection kind {self.kind!r}")


class Rejected(Exception):
    """Raised by readers and checks; carries the Rejection."""

    def __init__(self, kind: str, reason: str, record_ref: str = "", data: bytes | None = None):
        super().__init__(reason)
        self.rejection = Rejection(kind, reason, record_ref, data)
