"""Schedule work at N synthetic records: the dates a build computes for pages, search, maps, feeds.

    .venv/bin/python benchmarks/schedules.py [--records N] [--seed S] [--repeat R]

Writes build.py's synthetic records (default 10,000) to a temporary folder, loads them, then
times (CPU seconds, best of R) what the build asks of carerdir.schedules for every record: the
record page's dates, the search index's and map's next dates, its .ics events, and the calendar.
Caches are cleared between runs, so each run is a build's first.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from build import PROJECT, write_records

sys.path.insert(0, str(PROJECT / "hooks"))

from carerdir import agenda, ics, when  # noqa: E402
from carerdir.loading import load_directory  # noqa: E402
from carerdir.schedules import recurrence  # noqa: E402

# (getattr: the script also runs against older versions, to compare)
CACHED = [getattr(module, name, None) for module, name in (
    (when, "_upcoming"), (when, "_upcoming_json"), (ics, "events_of"), (recurrence, "_occurrences"),
    (recurrence, "_recurrence"), (recurrence, "ics_exception_dates"), (ics, "_timing"))]


def schedule_work(directory: object, today: date) -> float:
    for cached in CACHED:
        if hasattr(cached, "cache_clear"):  # when.py's dates are cached per build now (when.Dates)
            cached.cache_clear()
    start = time.process_time()
    for record in directory.records:  # type: ignore[attr-defined]
        when.upcoming_json(record, today)
        when.upcoming(record, today, timedelta(days=62))
        ics.events_of(record, today)
    agenda.agenda(directory, today)  # type: ignore[arg-type]
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="carerdir-schedules-") as folder:
        resources = Path(folder) / "resources"
        resources.mkdir()
        for name in ("municipalities.yml", "record.schema.json"):
            shutil.copy2(PROJECT / "resources" / name, resources)
        write_records(resources, args.records, args.seed)
        directory = load_directory(resources, today)
        best = min(schedule_work(directory, today) for _ in range(args.repeat))
    print(f"schedule work for {args.records} records: {best:.2f} CPU seconds (best of {args.repeat})")


if __name__ == "__main__":
    main()
