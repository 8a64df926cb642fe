"""The site's own open-data records.csv imports back into the same records.

records.csv is made by the site's own exporter (exports/records_csv.py, UTF-8 with a BOM as Excel
saves "CSV UTF-8") from every sample record; importing it into an empty resources/ must give every
sample record again, field for field, in the same files.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from carerdir.importing import ImportOptions, run_import
from carerdir.loading import load_directory
from carerdir.exports.records_csv import records_csv
from sheetfiles import PROJECT, empty_resources

TODAY = date(2026, 11, 25)


def fields(record: object) -> dict[str, object]:
    return {k: v for k, v in dataclasses.asdict(record).items() if k != "path"}  # type: ignore[call-overload]


def test_records_csv_of_every_sample_record_imports_back_to_the_same_records(tmp_path: Path) -> None:
    samples = load_directory(PROJECT / "resources", today=TODAY)
    sheet = tmp_path / "records.csv"
    sheet.write_bytes(bytes(records_csv(samples)))
    resources = empty_resources(tmp_path / "resources")

    report = run_import(sheet, ImportOptions(resources, today=TODAY))

    assert not report.problems, report.text()
    assert len(report.of("new")) == len(samples.records)
    imported = {r.id: r for r in load_directory(resources, today=TODAY).records}
    assert sorted(imported) == sorted(r.id for r in samples.records)
    for record in samples.records:
        assert fields(imported[record.id]) == fields(record), record.id


def test_importing_records_csv_again_changes_nothing(tmp_path: Path) -> None:
    samples = load_directory(PROJECT / "resources", today=TODAY)
    sheet = tmp_path / "records.csv"
    sheet.write_bytes(bytes(records_csv(samples)))
    resources = empty_resources(tmp_path / "resources")
    run_import(sheet, ImportOptions(resources, today=TODAY))
    before = {p: p.read_bytes() for p in resources.rglob("*.yml")}

    again = run_import(sheet, ImportOptions(resources, today=date(2026, 11, 30)))

    assert not again.problems and len(again.of("unchanged")) == len(samples.records), again.text()
    assert {p: p.read_bytes() for p in resources.rglob("*.yml")} == before
