"""Cost of checking that each record's location lies in its municipality (carerdir.boundaries).

Generates N synthetic records the way benchmarks/build.py does, then times:
  - the plain look-up (reversejp) of every point,
  - the full check (look-up, plus the ring of points within the tolerance when the point is
    outside), for those points and for the same points moved 200 m (many then need the ring),
  - validating the whole resources/ folder (load_directory), for comparison.

    .venv/bin/python benchmarks/boundaries.py [--records 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import generate_in_child  # noqa: E402  (benchmarks/build.py)
from carerdir.boundaries import area_at, lies_in  # noqa: E402
from carerdir.directory import Directory  # noqa: E402
from carerdir.loading import load_directory  # noqa: E402


def timed(label: str, count: int, work) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"{label:52}{seconds:8.2f} s{seconds / count * 1e6:10.1f} µs each   {result}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        resources = Path(root) / "resources"
        resources.mkdir()
        (resources / "municipalities.yml").write_bytes((PROJECT / "resources" / "municipalities.yml").read_bytes())
        generate_in_child(resources, args.records, 2026)
        directory: Directory = load_directory(resources)
        placed = [(r.location.lat, r.location.lon, directory.town_of(r))
                  for r in directory.records if r.location is not None]
        moved = [(lat - 0.0018, lon, town) for lat, lon, town in placed]  # 200 m south
        n = len(placed)
        print(f"{n} located records of {len(directory.records)}")
        timed("look-up only (area_at)", n, lambda: len({area_at(lat, lon).code for lat, lon, _ in placed}))
        timed("check (lies_in), points as generated", n,
              lambda: f"{sum(lies_in(*p) for p in placed)} inside")
        timed("check (lies_in), every point moved 200 m", n,
              lambda: f"{sum(lies_in(*p) for p in moved)} inside or within tolerance")
        timed("validate all files (load_directory)", len(directory.records),
              lambda: f"{len(load_directory(resources).records)} records")


if __name__ == "__main__":
    main()
