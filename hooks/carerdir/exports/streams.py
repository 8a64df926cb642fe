"""Open-data files written piece by piece, with the very bytes a one-shot json.dumps or csv
writer gives.

A 10,000-record file built in one go held its items as dicts or rows, then the whole text as a
str, then its UTF-8 bytes: three copies of up to 30 MB each, which set the build's peak memory.
Here each item is encoded on its own and the file is the list of these pieces (`Chunks`), written
one after the other: the whole text is never joined in memory. Under mkdocs serve the pieces are
kept between rebuilds (preview.py), so a rebuild writes the file without copying it at all.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

# The same encoder json.dumps(value, ensure_ascii=False, separators=(",", ":")) makes for each call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def compact_json(value: Any) -> bytes:
    """Compact UTF-8 JSON, Japanese as is (a third of the size of \\u escapes)."""
    return _COMPACT.encode(value).encode("utf-8")


class Chunks:
    """A file's bytes as the pieces it is made of, in order. `bytes()` joins them; a build
    writes them one by one (`write_to`), as joining a 30 MB file only to write it costs 30 MB."""

    __slots__ = ("pieces",)

    def __init__(self, pieces: Sequence[bytes]) -> None:
        self.pieces = pieces

    @property
    def size(self) -> int:
        return sum(map(len, self.pieces))

    def __bytes__(self) -> bytes:
        return b"".join(self.pieces)

    def write_to(self, output: BinaryIO) -> None:
        output.writelines(self.pieces)


def joined_array(encoded: Iterable[bytes], head: bytes = b"", tail: bytes = b"") -> Chunks:
    """`head`, a JSON array of already encoded items, `tail`: for items encoded once and used twice.
    The first item, if any, is `pieces[1]`."""
    pieces = [head + b"["]
    for item in encoded:
        pieces += (item, b",")
    if len(pieces) > 1:
        pieces.pop()  # the last comma
    pieces.append(b"]" + tail)
    return Chunks(pieces)


# What makes csv.writer quote a field (QUOTE_MINIMAL, comma, '"', lineterminator CRLF).
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def csv_field(value: str) -> str:
    """One field as csv.writer writes it in a row of two or more (tests/test_exports_streams.py
    compares them on any text)."""
    return '"' + value.replace('"', '""') + '"' if _NEEDS_QUOTES.search(value) else value


def csv_line(fields: Iterable[str]) -> bytes:
    """One row of two or more fields as csv.writer writes it (CRLF), encoded once, to be kept."""
    return (",".join(map(csv_field, fields)) + "\r\n").encode("utf-8")


def csv_file(lines: Iterable[bytes]) -> Chunks:
    """Encoded rows (csv_line), or rows in pieces, as a file in UTF-8 with BOM, which Excel needs
    to read UTF-8."""
    return Chunks([codecs.BOM_UTF8, *lines])
