"""Import time of a town-sized and a prefecture-sized spreadsheet.

    .venv/bin/python benchmarks/import_sheet.py [--rows N ...] [--keep DIR]

Makes an .xlsx of N rows shaped like a town list (title row, kanji names without a reading
column, so every reading is guessed; full-width digits; one schedule phrase per row), imports it
into an empty resources/ (new files), then imports it again (all unchanged), and prints the
wall-clock and CPU seconds of each, and CPU milliseconds per row. The first import of a run
also loads pykakasi's dictionary (about a second).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from carerdir.importing import ImportOptions, run_import  # noqa: E402
from sheetfiles import empty_resources, write_xlsx  # noqa: E402

WORDS = ["介護者", "認知症", "地域", "家族", "相談", "交流", "福祉", "健康", "白樺", "青葉"]
DAYS = "月火水木金土"


def sheet_rows(count: int) -> list[list[object]]:
    rows: list[list[object]] = [["当別町 ケアラー支援の資源一覧"], [],
                                ["名称", "住所", "郵便番号", "電話番号", "開催日時", "予約", "種別"]]
    for i in range(count):
        name = f"{WORDS[i % 10]}{WORDS[i // 10 % 10]}の会 第{i}"
        rows.append([name, f"北海道石狩郡当別町西町{i % 90 + 1}番地{i % 9 + 1}", "０６１－０２１３",
                     "0133-23-8174", f"毎月第{i % 4 + 1}{DAYS[i % 6]}曜日 13:30〜15:30", "不要", "サロン"])
    return rows


def measure(rows: int, keep: Path | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    try:
        sheet = write_xlsx(work / "list.xlsx", {"一覧": sheet_rows(rows)})
        resources = empty_resources(work / "resources")
        options = ImportOptions(resources, town="tobetsu", today=date(2026, 11, 25))
        for label in ("first import (new)", "second import (unchanged)"):
            start, cpu = time.perf_counter(), time.process_time()
            report = run_import(sheet, options)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            assert not report.problems, report.text()
            print(f"{rows:>6} rows  {label:<26} {seconds:7.2f} s wall  {cpu:7.2f} s CPU  "
                  f"{cpu / rows * 1000:6.2f} ms CPU/row")
        if keep:
            shutil.copytree(resources, keep / f"resources-{rows}", dirs_exist_ok=True)
    finally:
        shutil.rmtree(work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--keep", type=Path, help="copy the imported resources/ here")
    args = parser.parse_args()
    for rows in args.rows:
        measure(rows, args.keep)
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (CPU seconds are the steadier figure)")


if __name__ == "__main__":
    main()
