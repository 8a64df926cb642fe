"""Open-data files written piece by piece, with the very bytes a one-shot json.dumps or csv
writer gives.

A 10,000-record file built in one go held its items as dicts or rows, then the whole text as a
str, then its UTF-8 bytes: three copies of up to 30 MB each, which set the build's peak memory.
Here each item is encoded on its own into one growing buffer, so only the finished bytes stay.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterable
from typing import Any

# The same encoder json.dumps(value, ensure_ascii=False, separators=(",", ":")) makes for each call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def compact_json(value: Any) -> bytes:
    """Compact UTF-8 JSON, Japanese as is (a third of the size of \\u escapes)."""
    return _COMPACT.encode(value).encode("utf-8")


def joined_array(encoded: Iterable[bytes], head: bytes = b"", tail: bytes = b"") -> bytes:
    """`head`, a JSON array of already encoded items, `tail`: for items encoded once and used twice."""
    out = io.BytesIO()
    out.write(head + b"[")
    for index, item in enumerate(encoded):
        if index:
            out.write(b",")
        out.write(item)
    out.write(b"]" + tail)
    return out.getvalue()


# What makes csv.writer quote a field (QUOTE_MINIMAL, comma, '"', lineterminator CRLF).
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def csv_field(value: str) -> str:
    """One field as csv.writer writes it in a row of two or more (tests/test_exports_streams.py
    compares them on any text)."""
    return '"' + value.replace('"', '""') + '"' if _NEEDS_QUOTES.search(value) else value


def csv_line(fields: Iterable[str]) -> bytes:
    """One row of two or more fields as csv.writer writes it (CRLF), encoded once, to be kept."""
    return (",".join(map(csv_field, fields)) + "\r\n").encode("utf-8")


def csv_file(lines: Iterable[bytes]) -> bytes:
    """Encoded rows (csv_line) as a file in UTF-8 with BOM, which Excel needs to read UTF-8."""
    out = io.BytesIO()
    out.write(codecs.BOM_UTF8)
    for line in lines:
        out.write(line)
    return out.getvalue()
