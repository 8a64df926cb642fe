"""QR codes that lead a printed page back to its live page, made at build time as inline SVG.

A code needs the site's public address: `site_url` in mkdocs.yml, or else the environment
variable CARERDIR_SITE_URL, which the deploy workflow sets to the GitHub Pages address. Without
either, pages leave the codes out and the build says once how to set it (on our own logger, so
that `mkdocs build --strict` still publishes). segno makes the codes: no request to any service.
"""

from __future__ import annotations

import os
from urllib.parse import urljoin, urlsplit

import segno
from markupsafe import Markup, escape

from .report import log

# Medium error correction survives a smudged or folded leaflet. A fixed mask skips segno's
# choice among eight (pure Python, 5 ms a code): 10,000 record pages would spend a minute on it,
# and any mask is a valid code that every reader decodes.
ERROR, MASK = "m", 0
BORDER = 4  # the quiet zone readers need around the code, in modules
SITE_URL_VARIABLE = "CARERDIR_SITE_URL"

NO_SITE_URL = ("サイトの公開アドレス（site_url）が分からないため、印刷用ページの QR コードを省きました。"
               "QR コードを入れるには mkdocs.yml に site_url: https://OWNER.github.io/REPO/ のように書くか、"
               "環境変数 CARERDIR_SITE_URL に設定してください（GitHub Actions の deploy では自動で設定されます）")


class QRCodes:
    """The full address and the QR code of a site's pages, from their src_uri."""

    def __init__(self, site_url: str | None, urls: dict[str, str]) -> None:
        self.site_url = site_url or _from_environment()
        self._urls = urls  # src_uri -> URL relative to the site root, filled in as files are added
        # A gathering's code is on its record page and on its town's sheet: made once a build.
        self._svgs: dict[tuple[str, str], Markup] = {}

    def full_url(self, src_uri: str) -> str:
        """The page's public address, or "" without site_url."""
        if not self.site_url:
            return ""
        return urljoin(self.site_url.rstrip("/") + "/", self._urls[src_uri])

    def svg(self, src_uri: str, label: str) -> Markup:
        """An inline SVG QR code of the page's public address, named `label` for screen readers;
        empty without site_url."""
        address = self.full_url(src_uri)
        if not address:
            return Markup("")
        svg = self._svgs.get((address, label))
        if svg is None:
            svg = self._svgs[address, label] = qr_svg(address, label)
        return svg

    def report_missing(self) -> None:
        if not self.site_url:
            log.info(NO_SITE_URL)


def qr_code(data: str) -> segno.QRCode:
    return segno.make_qr(data, error=ERROR, mask=MASK, boost_error=False)


def _from_environment() -> str | None:
    """CARERDIR_SITE_URL, if it is a web address (mkdocs.yml's site_url is checked by MkDocs)."""
    value = os.environ.get(SITE_URL_VARIABLE, "").strip()
    if value and urlsplit(value).scheme not in ("http", "https"):
        log.warning("環境変数 %s の値「%s」は https:// で始まるアドレスではないため、使いません。",
                    SITE_URL_VARIABLE, value)
        return None
    return value or None


def qr_svg(data: str, label: str) -> Markup:
    svg = qr_code(data).svg_inline(scale=1, border=BORDER, omitsize=True, dark="#000", light="#fff")
    # svg_inline starts with "<svg "; the code is an image with a name, not decoration.
    return Markup('<svg role="img" aria-label="{}" ').format(escape(label)) + Markup(svg[len("<svg "):])
