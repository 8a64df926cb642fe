"""Spreadsheet files shaped like the ones town staff keep, made inside the tests (no binaries in git).

.xlsx with openpyxl (a merged title row, cells merged down), .ods as the minimal zip of XML that
LibreOffice reads, .csv in any encoding; and records.csv as the open-data export writes it.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl


PROJECT = Path(__file__).resolve().parents[1]
Rows = list[list[Any]]


def empty_resources(folder: Path) -> Path:
    """A resources/ with only the reference data, as a town starts."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("municipalities.yml", "record.schema.json"):
        shutil.copy(PROJECT / "resources" / name, folder / name)
    return folder


def write_xlsx(path: Path, sheets: dict[str, Rows], merged: dict[str, list[str]] | None = None) -> Path:
    """`sheets` as an Excel workbook; `merged` gives each sheet's merged ranges ("A1:F1")."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merged or {}).get(name, []):
            sheet.merge_cells(cells)
    book.save(path)
    return path


def write_ods(path: Path, sheets: dict[str, Rows]) -> Path:
    """`sheets` as an OpenDocument spreadsheet (what LibreOffice Calc saves)."""
    tables = []
    for name, rows in sheets.items():
        body = "".join(f"<table:table-row>{''.join(_ods_cell(v) for v in row)}</table:table-row>" for row in rows)
        tables.append(f'<table:table table:name="{escape(name)}">{body}</table:table>')
    office = "urn:oasis:names:tc:opendocument:xmlns"
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}:office:1.0" '
               f'xmlns:table="{office}:table:1.0" xmlns:text="{office}:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet>{"".join(tables)}</office:spreadsheet></office:body>'
               '</office:document-content>')
    manifest = (f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="{office}:manifest:1.0" '
                'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def _ods_cell(value: Any) -> str:
    if value in (None, ""):
        return "<table:table-cell/>"
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8") -> Path:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path

