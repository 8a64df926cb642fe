"""report.py: the build's notices for staff (stale records, places off the map) go to the
`carerdir` logger as warnings MkDocs does not count, so `--strict` still publishes. What a
real build prints is tested in test_coverage.py and browser/test_places_off_the_map.py."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from carerdir.loading import load_directory
from carerdir.report import report_off_the_map, report_stale
from sitebuild import ROOT


class Caught(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def caught() -> Iterator[list[logging.LogRecord]]:
    handler, logger = Caught(), logging.getLogger("carerdir")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def test_stale_records_are_one_warning_naming_each_file_outside_mkdocs_logger(
        caught: list[logging.LogRecord]) -> None:
    directory = load_directory(ROOT / "resources", date(2026, 11, 25))
    records = [r for r in directory.records if r.id in ("tobetsu/kaigo-youhin-shikyu", "kushiro/hidamari-terrace")]
    report_stale(records)
    assert [(r.name, r.levelno) for r in caught] == [("carerdir", logging.WARNING)]
    assert not logging.getLogger("carerdir").propagate  # never reaches mkdocs' strict-mode counter
    message = caught[0].getMessage()
    assert message.startswith("確認から1年以上たった情報が 2 件あります")
    assert "resources/tobetsu/kaigo-youhin-shikyu.yml: 確認日 2025-06-15" in message


def test_places_off_the_map_are_named_and_nothing_is_said_when_all_are_placed(
        caught: list[logging.LogRecord]) -> None:
    directory = load_directory(ROOT / "resources", date(2026, 11, 25))
    report_off_the_map([])
    report_stale([])
    assert caught == []
    place = replace(next(r for r in directory.records if r.location), location=None)
    report_off_the_map([place])
    assert len(caught) == 1 and f"  {place.path}（{place.name}）" in caught[0].getMessage()
    assert "地図の位置（location）がない場所が 1 件" in caught[0].getMessage()
