"""What `mkdocs serve` shows while the data is invalid: one page listing every problem.

`mkdocs build` fails on invalid data, so nothing wrong is published. Under `mkdocs serve` a
failed build used to leave the browser waiting with no answer; there, instead, the hooks keep
the `InvalidData`, build no pages, and this module writes one page as the site's index and
404 page, so whatever address the browser was showing gets the list. The page lists the
problems exactly as `python -m carerdir check` prints them, and reloads itself once the
address it shows is the real page again (the fix rebuilt the site).
"""

from __future__ import annotations

from pathlib import Path

from .problems import InvalidData
from .render import make_environment, render

TEMPLATE = "preview-errors.html"
# Present only on the error page: its script reloads once a fetch of the page lacks it.
MARKER = "data-cd-preview-errors"
PAGES = ("index.html", "404.html")


def error_page(error: InvalidData, templates: Path, site_name: str) -> str:
    """The error page's HTML (autoescaped: the messages quote the files' text)."""
    header, *lines = error.report().splitlines()
    return render(make_environment(templates), TEMPLATE, header=header, lines=lines, site_name=site_name,
                  marker=MARKER)


def write_error_site(site_dir: Path, html: str) -> None:
    """Write the error page over the site's index and 404 page."""
    site_dir.mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        (site_dir / name).write_text(html, encoding="utf-8")
