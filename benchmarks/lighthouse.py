"""Lighthouse (mobile) on the sample site served gzip-compressed, as GitHub Pages serves it.

    .venv/bin/python benchmarks/lighthouse.py [--runs N] [--keep DIR] [PAGE ...]

1. Builds the sample site (as tests do) into a temporary folder, or DIR with --keep.
2. Serves it on 127.0.0.1 with gzip for text types (a tiny static server below).
3. Runs Lighthouse 12.2.3 (installed with npm into .benchmark/lighthouse/ on first use;
   Chromium from CHROME_PATH, default /usr/bin/chromium) with its default mobile settings:
   a mid-range phone's screen, 4x CPU slowdown and a slow 4G line, simulated.
4. Prints performance, accessibility and cumulative layout shift (CLS) per page against the
   budgets: performance >= 0.98, accessibility 1.00, CLS <= 0.02; with --runs N, the median.

Map tiles (cyberjapandata.gsi.go.jp) are blocked: the machine may have no internet, and a
tile server's speed is not the site's. Performance scores fall when other work shares the
CPU (Lighthouse's CPU slowdown is on top of whatever the machine is doing): run it on a quiet
machine, or take the median of several runs, before reading a score under 0.98 as a regression.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from sitebuild import copy_project, mkdocs_build  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
TOOL_DIR = ROOT / ".benchmark" / "lighthouse"
PAGES = {"home": "", "town": "towns/tobetsu/", "record": "r/tobetsu/kaigosha-no-tsudoi/", "map": "map/",
         "checklist": "guide/checklist/", "calendar": "calendar/"}
PERFORMANCE, ACCESSIBILITY, CLS = 0.98, 1.0, 0.02
COMPRESSED = {".html", ".js", ".css", ".json", ".svg", ".xml", ".geojson", ".ics", ".txt"}
BLOCKED = ["*cyberjapandata.gsi.go.jp*"]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text types gzip-compressed when the browser accepts it, as GitHub Pages does."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # its redirect to the folder's URL with a slash
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or path.suffix not in COMPRESSED:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: a file-like object that copyfile reads the body from."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextmanager
def serve_gzip(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def lighthouse_bin() -> Path:
    tool = TOOL_DIR / "node_modules" / ".bin" / "lighthouse"
    if not tool.exists():
        TOOL_DIR.mkdir(parents=True, exist_ok=True)
        (TOOL_DIR / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {TOOL_DIR} …", flush=True)
        subprocess.run(["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}", "--no-audit", "--no-fund",
                        "--loglevel=error"], cwd=TOOL_DIR, check=True)
    return tool


def measure(tool: Path, url: str) -> dict[str, float]:
    command = [str(tool), url, "--output=json", "--output-path=stdout", "--quiet",
               "--only-categories=performance,accessibility",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
               *[f"--blocked-url-patterns={pattern}" for pattern in BLOCKED]]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    categories, audits = report["categories"], report["audits"]
    return {"performance": categories["performance"]["score"], "accessibility": categories["accessibility"]["score"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"], "tbt": audits["total-blocking-time"]["numericValue"]}


def build(folder: Path) -> Path:
    project = folder / "project"
    if project.exists():
        shutil.rmtree(project)
    copy_project(project)
    site = folder / "site"
    result = mkdocs_build(project, site, strict=False)
    if result.returncode != 0:
        sys.exit(result.stderr[-3000:])
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", metavar="PAGE", help=f"pages to measure: {', '.join(PAGES)} (default: all)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build into DIR and keep it")
    args = parser.parse_args()
    unknown = [name for name in args.pages if name not in PAGES]
    if unknown:
        parser.error(f"unknown page {', '.join(unknown)}: choose from {', '.join(PAGES)}")
    tool = lighthouse_bin()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="carerdir-lighthouse-"))
    site = build(folder)
    failed = False
    print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile, gzip; budgets: performance >= {PERFORMANCE}, "
          f"accessibility {ACCESSIBILITY:.2f}, CLS <= {CLS}" + (f"; median of {args.runs} runs" if args.runs > 1 else ""))
    print(f"  {'page':10}{'path':32}{'perf':>6}{'a11y':>6}{'CLS':>8}{'LCP ms':>8}{'TBT ms':>8}")
    with serve_gzip(site) as base:
        for name in args.pages or list(PAGES):
            runs = [measure(tool, base + PAGES[name]) for _ in range(args.runs)]
            m = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            over = [label for label, bad in (("performance", m["performance"] < PERFORMANCE),
                                             ("accessibility", m["accessibility"] < ACCESSIBILITY),
                                             ("CLS", m["cls"] > CLS)) if bad]
            failed = failed or bool(over)
            print(f"  {name:10}/{PAGES[name]:31}{m['performance']:6.2f}{m['accessibility']:6.2f}{m['cls']:8.3f}"
                  f"{m['lcp']:8.0f}{m['tbt']:8.0f}  " + ("PASS" if not over else "OVER: " + ", ".join(over)), flush=True)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
