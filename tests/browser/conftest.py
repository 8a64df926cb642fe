"""Headless Chromium (Debian's package) against the site built and served on localhost."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from sitebuild import copy_project, mkdocs_build

CHROMIUM = "/usr/bin/chromium"
# Flags that keep Chromium from calling home on a machine without internet.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def build_site(project: Path) -> Path:
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site, built strictly and served over HTTP."""
    project = copy_project(tmp_path_factory.mktemp("sample") / "project")
    yield from serve(build_site(project))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/test`, which installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page that refuses and records any request leaving localhost."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP",
                                  timezone_id="Asia/Tokyo")
    outside: list[str] = []

    def only_local(route: Route) -> None:
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.outside_requests = outside  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture(scope="session")
def subpath_url(site_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same sample site under /carer-directory/, as on a GitHub Pages project site."""
    root = tmp_path_factory.mktemp("pages")
    site = next(tmp_path_factory.getbasetemp().glob("sample*/site"))
    (root / "carer-directory").symlink_to(site, target_is_directory=True)
    for url in serve(root):
        yield url + "carer-directory/"
