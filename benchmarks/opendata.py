"""Open-data sizes and cost at N synthetic records: each /data/ file's size, and the export time
as a share of the build.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/opendata.py [--records N] [--seed S] [--keep DIR]

Builds once a copy of the project with build.py's synthetic records (default 10,000), prints each
open-data file's size raw and gzipped, then, in a fresh child process on the same records, times
each exporter (carerdir/exports/) alone and prints the total against the build's time of the same
run. As in the build, the search index and the GeoJSON are made first (they compute and cache
each schedule's dates, which records.json reuses). MB = 2**20 bytes, KB = 2**10 bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from build import KB, MB, make_directory_project, mkdocs_build, run_measured

FILES = ("data/records.json", "data/records.schema.json", "data/records.csv", "data/events.csv",
         "data/hsds/services.json", "data/directory.geojson", "data/calendars.json")


def size_text(size: int) -> str:
    return f"{size / MB:.2f} MB" if size >= MB else f"{size / KB:.1f} KB"


def print_sizes(site: Path) -> None:
    print(f"{'file':28}{'size':>12}{'gzip':>12}{'rows/items':>12}")
    for name in FILES:
        data = (site / name).read_bytes()
        rows = data.count(b"\r\n") - 1 if name.endswith(".csv") else ""
        print(f"{name:28}{size_text(len(data)):>12}{size_text(len(gzip.compress(data, 6))):>12}{rows:>12}")


def time_exports(project: Path) -> None:
    """In the child: load the records, then time each exporter; prints one JSON line."""
    from carerdir.exports.calendars import calendars_json
    from carerdir.exports.events_csv import events_csv
    from carerdir.exports.hsds import services_file
    from carerdir.exports.records_csv import records_csv
    from carerdir.exports.records_json import records_json, records_schema_json
    from carerdir.exports.values import Publication
    from carerdir.geojson import directory_geojson
    from carerdir.loading import load_directory, today_in_japan
    from carerdir.search_index import build_index

    today = today_in_japan()
    directory = load_directory(project / "resources", today)
    build_index(directory, today, True)  # what the build does before the exports
    directory_geojson(directory, today, lambda i: f"r/{i}/")
    publication = Publication("benchmark", "benchmark", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/",
                              today)
    feeds = {slug: f"towns/{slug}/calendar.ics" for slug in directory.towns if directory.in_feed(slug)}
    jobs = {
        "records.json": lambda: records_json(directory, today, publication, lambda i: f"r/{i}/"),
        "records.schema.json": records_schema_json,
        "records.csv": lambda: records_csv(directory),
        "events.csv": lambda: events_csv(directory, today),
        "hsds/services.json": lambda: services_file(directory, lambda i: f"https://example.jp/r/{i}/"),
        "calendars.json": lambda: calendars_json(directory, publication, feeds),
    }
    seconds = {}  # name -> [wall clock, CPU]
    for name, job in jobs.items():
        started, cpu = time.perf_counter(), time.process_time()
        job()
        seconds[name] = [time.perf_counter() - started, time.process_time() - cpu]
    print(json.dumps(seconds))


def run(root: Path, records: int, seed: int) -> None:
    started = time.perf_counter()
    project = make_directory_project(root, records, seed)
    print(f"generated {records} records in {time.perf_counter() - started:.1f} s under {root}", flush=True)
    build = run_measured(mkdocs_build(), project, root / "build.log")
    if build.exit_code != 0:
        sys.exit(f"mkdocs build failed; see {build.log}")
    print(f"build {build.seconds:.1f} s (CPU {build.cpu_seconds:.1f} s), peak {build.peak_mb:.0f} MB")
    print_sizes(project / "site")
    timing = run_measured([sys.executable, str(Path(__file__).resolve()), "--time-exports", str(project)],
                          project, root / "exports.log")
    if timing.exit_code != 0:
        sys.exit(f"timing the exports failed; see {timing.log}")
    seconds = json.loads(timing.log.read_text(encoding="utf-8").strip().splitlines()[-1])
    print(f"{'exporter':28}{'seconds':>12}{'CPU s':>12}")
    for name, (wall, cpu) in seconds.items():
        print(f"{name:28}{wall:>12.2f}{cpu:>12.2f}")
    wall, cpu = (sum(values[i] for values in seconds.values()) for i in (0, 1))
    print(f"exports: {wall:.2f} s = {wall / build.seconds:.1%} of the build's wall clock ({build.seconds:.1f} s);"
          f" CPU {cpu:.2f} s = {cpu / build.cpu_seconds:.1%} of the build's CPU ({build.cpu_seconds:.1f} s)")
    print("(GeoJSON and .ics existed before this benchmark and are not counted)")
    print(f"load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000, help="synthetic records (default 10000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the synthetic data")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="generate into DIR (which must not hold directory/ yet) and keep it")
    parser.add_argument("--time-exports", type=Path, metavar="PROJECT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.time_exports:  # the child process of `run`
        time_exports(args.time_exports)
        return
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args.keep.resolve(), args.records, args.seed)
        return
    with tempfile.TemporaryDirectory(prefix="carerdir-opendata-") as root:
        run(Path(root), args.records, args.seed)


if __name__ == "__main__":
    main()
