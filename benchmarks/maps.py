"""Map sizes at N synthetic records: the /map/ page, town and record pages with a map, the GeoJSON.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/maps.py [--records N] [--seed S] [--keep DIR]

Builds once a copy of the project with build.py's synthetic records (default 10,000) and prints
each size raw and gzipped (what a phone on a weak signal downloads from a compressing server).
The /map/ page must stay the size it is with the sample data: markers come from the GeoJSON.
KB = 2**10 bytes.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

from build import KB, make_directory_project, mkdocs_build, run_measured


def sizes(path: Path) -> tuple[float, float]:
    data = path.read_bytes()
    return len(data) / KB, len(gzip.compress(data, 6)) / KB


def map_rows(site: Path) -> list[tuple[str, Path]]:
    """What to report: the site map, the largest town and record pages with a map, the GeoJSON."""
    def largest(paths: list[Path]) -> Path:
        return max(paths, key=lambda p: p.stat().st_size)

    with_map = [p for p in (site / "r").rglob("index.html") if b"data-cd-map=" in p.read_bytes()]
    towns = [p for p in (site / "towns").glob("*/index.html") if b"data-cd-map=" in p.read_bytes()]
    return [("/map/ page", site / "map" / "index.html"),
            ("largest town page with a map", largest(towns)),
            ("largest record page with a map", largest(with_map)),
            ("data/directory.geojson", site / "data" / "directory.geojson"),
            ("largest data/towns/*.geojson", largest(list((site / "data" / "towns").glob("*.geojson"))))]


def print_map_sizes(site: Path) -> None:
    print(f"{'':34}{'KB':>10}{'gzip KB':>10}")
    for label, path in map_rows(site):
        raw, packed = sizes(path)
        print(f"{label:34}{raw:>10.1f}{packed:>10.1f}   {path.relative_to(site)}")
    features = (site / "data" / "directory.geojson").read_bytes().count(b'"type":"Feature"')
    print(f"{'places on the map':34}{features:>10}")


def run(root: Path, records: int, seed: int) -> None:
    started = time.perf_counter()
    project = make_directory_project(root, records, seed)
    print(f"generated {records} records in {time.perf_counter() - started:.1f} s under {root}", flush=True)
    result = run_measured(mkdocs_build(), project, root / "build.log")
    if result.exit_code != 0:
        sys.exit(f"mkdocs build failed; see {result.log}")
    print(f"build {result.seconds:.1f} s (CPU {result.cpu_seconds:.1f} s), peak {result.peak_mb:.0f} MB")
    print_map_sizes(project / "site")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000, help="synthetic records (default 10000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the synthetic data")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="generate into DIR (which must not hold directory/ yet) and keep it")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args.keep.resolve(), args.records, args.seed)
        return
    with tempfile.TemporaryDirectory(prefix="carerdir-maps-") as root:
        run(Path(root), args.records, args.seed)


if __name__ == "__main__":
    main()
