"""A record's upcoming dates, as record pages, the search index and the map show them."""

from __future__ import annotations

from datetime import date, time

from carerdir.directory import Record
from carerdir.schedules import parse_phrase
from carerdir.when import upcoming


def test_two_rules_meeting_at_the_same_hour_come_out_in_a_fixed_order() -> None:
    # Both rules meet on 2026-12-03 at 13:30; the order must not depend on set hashing,
    # which differs between processes, or two builds of the same data would differ.
    record = Record(id="ashoro/salon", town="ashoro", slug="salon", path="resources/ashoro/salon.yml",
                    kind="salon", name="サロン", name_kana="さろん", audience=("carers",), format="in_person",
                    verified=date(2026, 10, 1),
                    schedule=(parse_phrase("毎月第1木曜日 13:30〜15:30"), parse_phrase("毎月第1木曜日 13:30〜15:00")))
    first_two = upcoming(record, date(2026, 12, 1))[:2]
    assert [(o.day, o.start, o.end) for o in first_two] == [
        (date(2026, 12, 3), time(13, 30), time(15, 0)), (date(2026, 12, 3), time(13, 30), time(15, 30))]
