"""data/records.csv: one row per record in the national open-data column style, UTF-8 with BOM.

The columns and the cell format are columns.py's (`export_columns`, `cell_text`): the importer
reads the file back with the same two, so the round trip keeps every field.
"""

from __future__ import annotations

import itertools

from ..columns import export_columns
from ..directory import Directory
from ..preview import Each, afresh
from .streams import Chunks, csv_file, csv_line
from .values import cell, published_order


def records_csv(directory: Directory, each: Each = afresh) -> Chunks:
    """Every published record, a row each; `each` makes a record's encoded row (preview.py)."""
    columns = export_columns()
    rows = (each("records.csv", record, lambda record=record: csv_line(cell(directory, record, target)
                                                                       for _, target in columns))
            for record in published_order(directory))
    return csv_file(itertools.chain([csv_line(heading for heading, _ in columns)], rows))


def town_file_name(directory: Directory) -> str | None:
    """`<6-digit code>_carer_support.csv` when the site publishes one town, as towns name their files."""
    if len(directory.towns) != 1:
        return None
    (town,) = directory.towns.values()
    return f"{town.code}_carer_support.csv"
