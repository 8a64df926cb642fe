"""data/records.csv: one row per record in the national open-data column style, UTF-8 with BOM.

The columns and the cell format are columns.py's (`export_columns`, `cell_text`): the importer
reads the file back with the same two, so the round trip keeps every field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..columns import export_columns
from ..directory import Directory
from ..preview import Each, afresh
from .values import cell, published_order

# Excel opens UTF-8 as Shift_JIS unless the file starts with a byte-order mark.
ENCODING = "utf-8-sig"


def csv_bytes(rows: Iterable[list[str]]) -> bytes:
    """Rows as CSV (RFC 4180: CRLF, quotes where needed) in UTF-8 with BOM."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(ENCODING)


def records_csv(directory: Directory, each: Each = afresh) -> bytes:
    columns = export_columns()
    rows = [each("records.csv", record, lambda record=record: [cell(directory, record, target) for _, target in columns])
            for record in published_order(directory)]
    return csv_bytes([[heading for heading, _ in columns], *rows])


def town_file_name(directory: Directory) -> str | None:
    """`<6-digit code>_carer_support.csv` when the site publishes one town, as towns name their files."""
    if len(directory.towns) != 1:
        return None
    (town,) = directory.towns.values()
    return f"{town.code}_carer_support.csv"
