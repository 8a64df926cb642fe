"""made_file.py: a made file lands where MkDocs would write it, whole, whatever the site folder
held before: a new folder, nothing, or a longer file from the last preview rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from carerdir.exports.streams import Chunks
from carerdir.made_file import MadeFile


@pytest.fixture
def config(tmp_path: Path) -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    return config.plugins.on_config(config)  # as in a build: File.generated asks who is running


def test_a_page_is_written_into_folders_that_do_not_exist_yet(config: MkDocsConfig) -> None:
    file = MadeFile.made(config, "r/tobetsu/salon.md", lambda _: "つどい".encode())
    file.copy_file()
    assert Path(config.site_dir, "r/tobetsu/salon/index.html").read_text(encoding="utf-8") == "つどい"
    beside = MadeFile.made(config, "r/tobetsu/salon/calendar.ics", lambda _: b"BEGIN:VCALENDAR")
    beside.copy_file()  # into the folder the page made
    assert Path(config.site_dir, "r/tobetsu/salon/calendar.ics").read_bytes() == b"BEGIN:VCALENDAR"


def test_a_shorter_file_written_over_a_longer_one_is_cut_to_its_own_length(config: MkDocsConfig) -> None:
    target = Path(config.site_dir, "data/records.csv")
    target.parent.mkdir(parents=True)
    target.write_bytes(b"x" * 1000)  # the last rebuild's, longer
    MadeFile.holding(config, "data/records.csv", Chunks([b"id,", b"name\r\n"])).copy_file()
    assert target.read_bytes() == b"id,name\r\n"
    MadeFile.holding(config, "data/records.csv", b"id,name,phone\r\n").copy_file()  # and longer again
    assert target.read_bytes() == b"id,name,phone\r\n"


def test_an_unchanged_file_is_neither_made_nor_written(config: MkDocsConfig) -> None:
    def make(_: MadeFile) -> bytes:
        raise AssertionError("made although unchanged")

    MadeFile.made(config, "towns/tobetsu.ics", make, unchanged=lambda _: True).copy_file()
    assert not Path(config.site_dir, "towns/tobetsu.ics").exists()
