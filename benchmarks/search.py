"""Finding budgets at N synthetic records: first-visit transfer, search latency, page HTML sizes.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/search.py [--records N] [--keep DIR]

1. Generates N records with benchmarks/build.py's generator and builds the site (mkdocs build).
2. Reports the directory search index: files, raw and gzip bytes (budget: shard <= 200 KB gzip).
3. Serves the site on localhost and opens it in Debian's headless Chromium, each page in a fresh
   context (a first visit): bytes transferred as a gzip-serving host (GitHub Pages) would send
   them, requests leaving localhost (map tiles) refused and listed apart. Budget <= 300 KiB.
4. With the CPU throttled 4x (DevTools), times search queries from the input event to the
   results being shown. Budget <= 300 ms once the shards a query needs are loaded; the first
   query's time, fetch of its shard included, is shown too.
5. Largest town and kind page HTML. Budget < 500 KB.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))

import build as build_bench  # noqa: E402  (benchmarks/build.py: the synthetic record generator)
from conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

KIB = 1024
TRANSFER_BUDGET, SEARCH_BUDGET_MS, HTML_BUDGET, SHARD_BUDGET = 300 * KIB, 300.0, 500 * 1000, 200 * KIB
COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".xml", ".geojson")

# Resolves with [ms, status] when the status line shows a finished search for `query`.
TIME_QUERY = """(query) => new Promise((resolve) => {
  const input = document.querySelector("#cd-search-q"), status = document.querySelector(".cd-search .cd-search__status");
  const done = () => { const t = status.textContent; return t && !/探しています|読み込み中/.test(t); };
  let first = null;
  const observer = new MutationObserver(() => {
    if (first === null && /件見つかりました|見つかりませんでした/.test(status.textContent)) { first = performance.now() - start; }
    if (done()) { observer.disconnect(); resolve([performance.now() - start, status.textContent,
      document.querySelectorAll(".cd-search [data-group=places] .cd-result").length, first]); }
  });
  observer.observe(status, {childList: true, characterData: true, subtree: true});
  const start = performance.now();
  input.value = query;
  input.dispatchEvent(new Event("input"));
})"""


def wire_bytes(site: Path, url_path: str, body: bytes) -> int:
    """What a gzip-serving host sends: text types compressed, images and the rest as they are."""
    path = url_path.split("?")[0]
    if path.endswith("/") or path.endswith(COMPRESSED) or not Path(path).suffix:
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def first_visit(browser: Browser, base: str, site: Path, path: str) -> tuple[list[tuple[int, str]], list[str]]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP", timezone_id="Asia/Tokyo")
    outside: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                  else (outside.append(route.request.url), route.abort()))
    sent: list[tuple[int, str]] = []
    page = context.new_page()
    page.goto(base + path, wait_until="networkidle")
    # Read what was fetched from the served files, so large bodies are never read through the
    # browser; every request of a first visit is a file of the site.
    for url in page.evaluate("performance.getEntriesByType('navigation').concat("
                             "performance.getEntriesByType('resource')).map(e => e.name)"):
        if url.startswith(base):
            local = url[len(base):].split("?")[0].split("#")[0]
            file = site / local / "index.html" if local.endswith("/") or not local else site / local
            if file.is_file():
                sent.append((wire_bytes(site, local, file.read_bytes()), local or "/"))
    context.close()
    return sorted(sent, reverse=True), outside


def time_searches(browser: Browser, base: str,
                  queries: list[str]) -> list[tuple[str, str, float, str, int, float]]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP", timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(base, wait_until="networkidle")
    session = context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    rows = []
    for query in queries:
        first = page.evaluate(TIME_QUERY, query)
        page.fill("#cd-search-q", "")
        again = page.evaluate(TIME_QUERY, query)
        rows.append((query, "first", first[0], first[1], first[2], first[3]))
        rows.append((query, "again", again[0], again[1], again[2], again[3]))
    context.close()
    return rows


def largest(site: Path, folder: str) -> tuple[str, int]:
    pages = [p for p in (site / folder).glob("*/index.html")]
    top = max(pages, key=lambda p: p.stat().st_size)
    return str(top.relative_to(site)), top.stat().st_size


def report(site: Path) -> None:
    print("\n== directory search index ==")
    for path in sorted((site / "search" / "directory").glob("*.json")):
        raw = path.read_bytes()
        gz = len(gzip.compress(raw, 9))
        flag = "" if gz <= SHARD_BUDGET else "  OVER"
        print(f"  {path.name:28}{len(raw) / KIB:9.1f} KiB raw{gz / KIB:9.1f} KiB gzip{flag}")
    files = list((site / "search" / "directory").glob("*.json"))
    print(f"  {'total':28}{sum(p.stat().st_size for p in files) / KIB:9.1f} KiB raw"
          f"{sum(len(gzip.compress(p.read_bytes(), 9)) for p in files) / KIB:9.1f} KiB gzip")
    material = site / "search" / "search_index.json"
    if material.exists():  # Material's search plugin, if a fork turns it back on
        print(f"  Material search_index.json: {material.stat().st_size / KIB:.1f} KiB raw, "
              f"{len(gzip.compress(material.read_bytes(), 9)) / KIB:.1f} KiB gzip")
    print("\n== page HTML (budget < 500 KB) ==")
    for folder in ("towns", "kinds", "r"):
        name, size = largest(site, folder) if folder != "r" else max(
            ((str(p.relative_to(site)), p.stat().st_size) for p in (site / "r").rglob("index.html")), key=lambda t: t[1])
        print(f"  largest {folder:6} {name:44}{size / 1000:9.1f} KB  {'PASS' if size < HTML_BUDGET else 'OVER'}")


def run(project: Path) -> None:
    site = project / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site)], cwd=project,
                            env=build_bench.child_env(project), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stderr[-3000:])
    report(site)
    record = next((site / "r").rglob("index.html")).parent.relative_to(site).as_posix() + "/"
    town, _ = largest(site, "towns")
    kind, _ = largest(site, "kinds")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for base in serve(site):
            print("\n== first visit, bytes as sent gzip-compressed (budget <= 300 KiB, tiles excluded) ==")
            for label, path in (("home", ""), ("town (largest)", town.removesuffix("index.html")),
                                ("kind (largest)", kind.removesuffix("index.html")), ("record", record)):
                sent, outside = first_visit(browser, base, site, path)
                total = sum(size for size, _ in sent)
                verdict = "PASS" if total <= TRANSFER_BUDGET else "OVER"
                print(f"  {label:16}{path:40}{total / KIB:8.1f} KiB in {len(sent):3} requests  {verdict}"
                      + (f"  (+{len(outside)} outside requests refused)" if outside else ""))
                print("      largest: " + ", ".join(f"{name} {size / KIB:.1f}" for size, name in sent[:4]))
            print("\n== search with CPU throttled 4x (budget <= 300 ms; 'first' includes fetching shards) ==")
            for query, when, ms, status, shown, first_ms in time_searches(
                    browser, base, ["当別 カフェ", "とうべつ", "にんちしょう", "ｵﾚﾝｼﾞ", "さっぽろ さろん", "ぞうのはなこ"]):
                verdict = "PASS" if ms <= SEARCH_BUDGET_MS else ("OVER" if when == "again" else "(network)")
                print(f"  {query:14}{when:6}{ms:8.0f} ms  {verdict:9} first results {first_ms or ms:6.0f} ms"
                      f"  {shown:3} shown  {status[:30]}")
        browser.close()


def refresh_sources(project: Path) -> None:
    shutil.copy2(build_bench.PROJECT / "mkdocs.yml", project)
    for folder in ("content", "overrides", "hooks"):
        shutil.rmtree(project / folder)
        shutil.copytree(build_bench.PROJECT / folder, project / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate into DIR and keep it (or reuse it)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="carerdir-search-"))
    project = root / "directory"
    if not project.exists():
        build_bench.make_directory_project(root, args.records, args.seed)
    else:  # reuse the generated records, with the current sources under test
        refresh_sources(project)
    print(f"{args.records} records in {project}")
    run(project)


if __name__ == "__main__":
    main()
