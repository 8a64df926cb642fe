"""Preview benchmark: how long after saving an edited record `mkdocs serve` serves the change.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/serve.py [--records N] [--edits E] [--project DIR]

1. Makes a throwaway copy of the project with N synthetic records (benchmarks/build.py), or uses
   the records of DIR (e.g. `DIR/directory` left by `build.py --keep`).
   With DIR, only DIR's resources/ are used: the code and templates are this checkout's.
2. Times a cold `mkdocs build` of it: the baseline of this run (the machine is shared and noisy).
3. Starts a real `mkdocs serve`, waits for its first build, then E times: edits the name of one
   record, saves, and polls that record's page until it holds the new name. The time counts from
   the save to the first response with the new text, the way a member of staff would see it.

Prints the latencies (each, and the median) against the 2 s goal, and as a share of the cold build.
Nothing in the project is modified.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

GOAL_SECONDS = 2.0
HERE = Path(__file__).resolve().parent


def _build_module():  # benchmarks/build.py makes the synthetic project (in a spawned child)
    sys.path.insert(0, str(HERE))
    import build

    return build


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, wanted: str, seconds: float, poll: float = 0.02) -> float | None:
    """Seconds until `url` holds `wanted`, or None if it never did within `seconds`."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if wanted in fetch(url):
            return time.perf_counter() - started
        time.sleep(poll)
    return None


def wait_for_change_back(url: str, edited: str, seconds: float) -> None:
    """Wait until the page no longer holds the edit (the rebuild after restoring the file is done)."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        text = fetch(url)
        if text and edited not in text:
            return
        time.sleep(0.1)


def rebuild_seconds(log: Path) -> list[float]:
    """What MkDocs says each serve rebuild took ("Documentation built in N seconds"). MkDocs logs a
    message equal to an earlier one only once: two rebuilds of the same length show as one."""
    found = re.findall(r"Documentation built in ([0-9.]+) seconds", log.read_text(encoding="utf-8"))
    return [float(s) for s in found[1:]]  # the first is the initial build


def cold_build(project: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project.parent / "cold-site")],
                   cwd=project, env=env, check=True)
    return time.perf_counter() - started


def edit_name(path: Path, new: str) -> str:
    """Replace the record's name with `new`; returns the text to restore."""
    text = path.read_text(encoding="utf-8")
    lines = [f"name: {new}" if line.startswith("name:") else line for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return text


def measure(project: Path, edits: int, env: dict[str, str]) -> tuple[float, list[float | None]]:
    records = sorted(p for p in (project / "resources").glob("*/*.yml"))
    rng = random.Random(17)
    port = free_port()
    log = open(project.parent / "serve.log", "w", encoding="utf-8")
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    latencies: list[float | None] = []
    try:
        first = records[0]
        slug = f"{first.parent.name}/{first.stem}"
        if wait_for(f"http://127.0.0.1:{port}/r/{slug}/", "<h1", 600, poll=0.5) is None:
            sys.exit(f"mkdocs serve never served its first build: see {project.parent / 'serve.log'}")
        first_build = time.perf_counter() - started
        for n in range(edits):
            time.sleep(2.0)  # let the watcher settle
            path = rng.choice(records)
            url = f"http://127.0.0.1:{port}/r/{path.parent.name}/{path.stem}/"
            new = f"編集確認{n}号{rng.randrange(10**6)}"
            before = edit_name(path, new)
            latencies.append(wait_for(url, new, 120))
            path.write_text(before, encoding="utf-8")
            wait_for_change_back(url, new, 120)
        return first_build, latencies
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def report(records: int, cold: float, first: float, latencies: list[float | None], rebuilds: list[float]) -> None:
    shown = ["never" if s is None else f"{s:.2f}" for s in latencies]
    done = [s for s in latencies if s is not None]
    median = statistics.median(done) if len(done) == len(latencies) else None
    verdict = "n/a" if median is None else ("PASS" if median <= GOAL_SECONDS else "OVER")
    print(f"records                          {records}")
    print(f"cold mkdocs build seconds        {cold:.2f}   (baseline of this run)")
    print(f"serve: first build seconds       {first:.2f}")
    print(f"serve: save -> page shows edit   {', '.join(shown)} s")
    print(f"serve: each rebuild (MkDocs log)  {', '.join(f'{s:.2f}' for s in rebuilds)} s  (edit, restore, ...)")
    if median is not None:
        print(f"median                           {median:.2f} s   goal <= {GOAL_SECONDS:.1f} s  {verdict}  "
              f"({median / cold:.3f} of a cold build)")
    print(f"load average (1 min)             {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--project", type=Path, help="an existing project to copy instead of generating one")
    args = parser.parse_args(argv)
    build = _build_module()
    with tempfile.TemporaryDirectory(prefix="carerdir-serve-") as root:
        if args.project:  # this checkout's sources, that project's records
            project = build.make_directory_project(Path(root), 0, args.seed)
            subprocess.run(["rm", "-rf", str(project / "resources")], check=True)
            subprocess.run(["cp", "-r", str(args.project.resolve() / "resources"), str(project)], check=True)
        else:
            project = build.make_directory_project(Path(root), args.records, args.seed)
        env = build.child_env(project)
        records = len(list((project / "resources").glob("*/*.yml")))
        cold = cold_build(project, env)
        first, latencies = measure(project, args.edits, env)
        report(records, cold, first, latencies, rebuild_seconds(project.parent / "serve.log"))


if __name__ == "__main__":
    main()
