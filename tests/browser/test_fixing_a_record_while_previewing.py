"""Under a real `mkdocs serve`, a wrong record shows the problems in the browser, and fixing it
brings the site back by itself; `mkdocs build` still refuses to build."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sitebuild import copy_project, mkdocs_build
from test_serve import fetch_until, free_port

RECORD = "resources/tobetsu/kaigosha-no-tsudoi.yml"
GOOD_PHONE = 'phone: "0133-23-8174"'
BAD_PHONE = 'phone: "<b>0133</b>"'
WAIT = 90_000  # ms: a rebuild on a busy two-core machine


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the project under `mkdocs serve`, with its root URL once the site is up."""
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/"
    try:
        assert "介護する家族のための" in fetch_until(url, "介護する家族のための", 90)
        yield project, url
    finally:
        server.terminate()
        server.wait(timeout=20)


def check_lines(project: Path) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "carerdir", "check"], cwd=project, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 1
    return result.stderr.splitlines()


def test_a_wrong_record_shows_its_problems_in_the_preview_until_it_is_fixed(
        page: Page, served: tuple[Path, str]) -> None:
    project, url = served
    record = project / RECORD
    good = record.read_text(encoding="utf-8")
    assert GOOD_PHONE in good
    page.goto(url + "r/tobetsu/kaigosha-no-tsudoi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("当別町介護者のつどい「ほっとひと息の会」")

    record.write_text(good.replace(GOOD_PHONE, BAD_PHONE).replace("format: in_person", "format: inperson"),
                      encoding="utf-8")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("データに問題があるため、サイトを表示できません", timeout=WAIT)  # live reload
    header, *problems = check_lines(project)
    assert len(problems) == 2
    expect(page.locator("main > p").nth(1)).to_have_text(header)
    expect(page.locator("main li")).to_have_text(problems)  # exactly as the check prints them
    assert page.locator("main b").count() == 0  # the file's text stays text

    page.goto(url)  # every address shows the problems, the home page too
    expect(page.locator("main li")).to_have_count(2)

    record.write_text(good, encoding="utf-8")
    expect(page.get_by_role("heading", level=1)).to_have_text("介護する家族のための 相談先・つどいの場", timeout=WAIT)
    page.goto(url + "r/tobetsu/kaigosha-no-tsudoi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("当別町介護者のつどい「ほっとひと息の会」")
    assert page.outside_requests == []  # type: ignore[attr-defined]


def test_a_record_page_that_breaks_while_open_comes_back_by_itself(page: Page, served: tuple[Path, str]) -> None:
    project, url = served
    record = project / RECORD
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace(GOOD_PHONE, BAD_PHONE), encoding="utf-8")
    assert "data-cd-preview-errors" in fetch_until(url, "data-cd-preview-errors", 90)
    page.goto(url + "r/tobetsu/kaigosha-no-tsudoi/")  # served as the 404 page while the data is wrong
    expect(page.locator("main li")).to_have_text(check_lines(project)[1:])
    record.write_text(good, encoding="utf-8")
    expect(page.get_by_role("heading", level=1)).to_have_text("当別町介護者のつどい「ほっとひと息の会」", timeout=WAIT)


def test_mkdocs_build_still_fails_on_a_wrong_record(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    record = project / RECORD
    record.write_text(record.read_text(encoding="utf-8").replace(GOOD_PHONE, BAD_PHONE), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", strict=False)
    assert result.returncode != 0
    assert check_lines(project)[1] in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()
