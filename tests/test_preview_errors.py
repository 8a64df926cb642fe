"""preview_errors.py: under `mkdocs serve`, invalid data becomes one page of problems, as text.
The page in a browser, under a real serve, is browser/test_fixing_a_record_while_previewing.py."""

from __future__ import annotations

from pathlib import Path

from carerdir.preview_errors import MARKER, error_page, write_error_site
from carerdir.problems import InvalidData, Problem
from sitebuild import ROOT

TEMPLATES = ROOT / "overrides" / "directory"


def test_the_preview_error_page_lists_every_problem_as_text(tmp_path: Path) -> None:
    problems = [Problem("resources/tobetsu/a.yml", 3, "name", "<script>alert(1)</script>", "name: 例"),
                Problem("resources/tobetsu/b.yml", 1, "phone", "電話番号 & <b>")]
    error = InvalidData(problems)
    html = error_page(error, TEMPLATES, "当別町 <ガイド>")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "電話番号 &amp; &lt;b&gt;" in html and "当別町 &lt;ガイド&gt;" in html
    assert html.count("<li><code>") == 2 and MARKER in html
    write_error_site(tmp_path / "site", html)
    assert {p.name for p in (tmp_path / "site").iterdir()} == {"index.html", "404.html"}
