"""qrcodes.py: the QR codes on the print sheet and record pages, their address under a sub-path
or from the deploy workflow's environment, and that every code reads back with a real decoder.
What a build without site_url says is tested with the print sheet (test_print_sheet.py)."""

from __future__ import annotations

import io

import numpy
import pytest
import zxingcpp
from markupsafe import Markup
from PIL import Image

from carerdir.loading import load_directory
from carerdir.qrcodes import QRCodes, qr_code
from sitebuild import ROOT


def test_a_qr_code_names_its_page_and_uses_the_site_address_under_a_sub_path() -> None:
    codes = QRCodes("https://owner.github.io/repo/", {"towns/tobetsu.md": "towns/tobetsu/"})
    assert codes.full_url("towns/tobetsu.md") == "https://owner.github.io/repo/towns/tobetsu/"
    svg = codes.svg("towns/tobetsu.md", "<当別町>のページ")
    assert isinstance(svg, Markup)
    assert svg.startswith('<svg role="img" aria-label="&lt;当別町&gt;のページ" viewBox=')
    assert QRCodes(None, {"towns/tobetsu.md": "towns/tobetsu/"}).svg("towns/tobetsu.md", "x") == ""


def test_the_deploy_workflow_can_give_the_address_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARERDIR_SITE_URL", "https://owner.github.io/repo")  # as configure-pages gives it
    codes = QRCodes(None, {"r/tobetsu/a.md": "r/tobetsu/a/"})
    assert codes.full_url("r/tobetsu/a.md") == "https://owner.github.io/repo/r/tobetsu/a/"
    monkeypatch.setenv("CARERDIR_SITE_URL", "")
    assert QRCodes(None, {}).site_url is None
    monkeypatch.setenv("CARERDIR_SITE_URL", "owner.github.io/repo")  # no scheme: not an address to print
    assert QRCodes(None, {}).site_url is None
    assert QRCodes("https://town.example.jp/", {}).site_url == "https://town.example.jp/"  # mkdocs.yml wins


def test_every_sample_page_code_decodes_despite_the_fixed_mask() -> None:
    """The codes skip segno's choice of mask (for build time): each must still read back."""
    base = "https://an-organisation-name.github.io/carer-support-directory/"
    directory = load_directory(ROOT / "resources")
    addresses = [f"{base}r/{r.id}/" for r in directory.records]
    addresses += [f"{base}towns/{slug}/" for slug in {r.town for r in directory.records}]
    for address in addresses:
        png = io.BytesIO()
        qr_code(address).save(png, kind="png", scale=4, border=4)
        image = numpy.asarray(Image.open(png).convert("L"))
        assert [found.text for found in zxingcpp.read_barcodes(image)] == [address]
