"""Tests for carerdir.schedules: leaflet-style schedule phrases.

Expected dates live in schedule_cases.yml and were worked out by hand from the
2027 calendar (see the comments there), never by running the code under test.
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
import yaml
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from carerdir.schedules import (
    Occurrence,
    Rule,
    ScheduleError,
    describe,
    ics_exception_dates,
    next_occurrences,
    occurrences,
    parse_phrase,
    parse_schedule,
    rule_from_mapping,
    to_rrule,
    to_rrule_string,
)

CASES = yaml.safe_load((Path(__file__).parent / "schedule_cases.yml").read_text(encoding="utf-8"))
ACCEPTED: list[dict[str, Any]] = CASES["accepted"]
REJECTED: list[dict[str, Any]] = CASES["rejected"]
EQUIVALENT: list[list[str]] = CASES["equivalent"]
ALL_ACCEPTED_PHRASES = [c["phrase"] for c in ACCEPTED] + [p for group in EQUIVALENT for p in group]

YEAR_START, YEAR_END = date(2027, 1, 1), date(2027, 12, 31)
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _days_2027(phrase: str) -> list[date]:
    return [o.day for o in occurrences(parse_phrase(phrase), YEAR_START, YEAR_END)]


def _time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text.zfill(5))


# ---------------------------------------------------------------------------
# The table itself
# ---------------------------------------------------------------------------


def test_table_is_big_enough() -> None:
    assert len(ACCEPTED) >= 40
    assert len(REJECTED) >= 12
    assert len({c["phrase"] for c in ACCEPTED}) == len(ACCEPTED)


# ---------------------------------------------------------------------------
# Occurrences over 2027
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", ACCEPTED, ids=[c["phrase"] for c in ACCEPTED])
def test_occurrences_2027(case: dict[str, Any]) -> None:
    days = _days_2027(case["phrase"])
    assert days == sorted(set(days)), "sorted, without duplicates"
    assert all(YEAR_START <= d <= YEAR_END for d in days)
    if "dates" in case:
        assert days == case["dates"]
    if "count" in case:
        assert len(days) == case["count"]
    if "first" in case:
        assert days[: len(case["first"])] == case["first"]
    if "last" in case:
        assert days[-1] == case["last"]
    for day in case.get("include", []):
        assert day in days, f"{day} should be a meeting day"
    for day in case.get("exclude", []):
        assert day not in days, f"{day} should not be a meeting day"


@pytest.mark.parametrize("case", ACCEPTED, ids=[c["phrase"] for c in ACCEPTED])
def test_occurrence_times(case: dict[str, Any]) -> None:
    rule = parse_phrase(case["phrase"])
    start, end = case["time"] if case["time"] else (None, None)
    found = occurrences(rule, YEAR_START, YEAR_END)
    assert found
    assert {(o.start, o.end) for o in found} == {(_time(start), _time(end))}


@pytest.mark.parametrize(
    "case", [c for c in ACCEPTED if "describe" in c], ids=[c["phrase"] for c in ACCEPTED if "describe" in c]
)
def test_describe_is_plain_japanese(case: dict[str, Any]) -> None:
    assert describe(parse_phrase(case["phrase"])) == case["describe"]


@pytest.mark.parametrize(
    "case", [c for c in ACCEPTED if "rrule" in c], ids=[c["phrase"] for c in ACCEPTED if "rrule" in c]
)
def test_rrule_parts(case: dict[str, Any]) -> None:
    assert to_rrule_string(parse_phrase(case["phrase"])) == case["rrule"]


def test_range_is_inclusive_and_may_cross_years() -> None:
    rule = parse_phrase("毎週金曜日")
    assert [o.day for o in occurrences(rule, date(2027, 12, 31), date(2028, 1, 7))] == [
        date(2027, 12, 31),
        date(2028, 1, 7),
    ]
    assert occurrences(rule, date(2027, 1, 2), date(2027, 1, 7)) == []
    assert occurrences(rule, date(2027, 2, 1), date(2027, 1, 1)) == []


def test_new_year_closure_spans_the_turn_of_the_year() -> None:
    days = [o.day for o in occurrences(parse_phrase("毎日（年末年始を除く）"), date(2027, 12, 27), date(2028, 1, 5))]
    assert days == [date(2027, 12, 27), date(2027, 12, 28), date(2028, 1, 4), date(2028, 1, 5)]


def test_moved_meeting_is_found_at_the_start_of_a_window() -> None:
    # 2027-08-11 (山の日) moves to 08-18; a window starting on 08-12 must still see it.
    rule = parse_phrase("毎月第2水曜日（祝日の場合は翌週）")
    assert [o.day for o in occurrences(rule, date(2027, 8, 12), date(2027, 8, 31))] == [date(2027, 8, 18)]


def test_occurrence_is_a_frozen_value() -> None:
    occ = occurrences(parse_phrase("毎月15日 14:00〜16:00"), date(2027, 1, 1), date(2027, 1, 31))
    assert occ == [Occurrence(date(2027, 1, 15), time(14, 0), time(16, 0))]
    with pytest.raises(AttributeError):
        occ[0].day = date(2027, 1, 16)  # type: ignore[misc]


# ---------------------------------------------------------------------------
# next_occurrences
# ---------------------------------------------------------------------------


def test_next_occurrences_includes_today() -> None:
    rule = parse_phrase("毎月第2水曜日 13:30〜15:30")
    assert [o.day for o in next_occurrences(rule, date(2027, 8, 11))] == [
        date(2027, 8, 11),
        date(2027, 9, 8),
        date(2027, 10, 13),
    ]


def test_next_occurrences_across_the_year_end() -> None:
    # 2028-01-01 is a Saturday; 2028 is a leap year, so 2028-03-01 is a Wednesday.
    rule = parse_phrase("毎月第2水曜日")
    assert [o.day for o in next_occurrences(rule, date(2027, 12, 9), count=3)] == [
        date(2028, 1, 12),
        date(2028, 2, 9),
        date(2028, 3, 8),
    ]


def test_next_occurrences_stops_at_until() -> None:
    rule = parse_phrase("毎週水曜日（2027年1月6日から2027年1月20日まで）")
    assert [o.day for o in next_occurrences(rule, date(2027, 1, 10), count=5)] == [
        date(2027, 1, 13),
        date(2027, 1, 20),
    ]


def test_next_occurrences_of_a_yearly_rule() -> None:
    rule = parse_phrase("毎年4月第3土曜日")
    # 2028-04-01 is a Saturday -> third Saturday 04-15; 2029-04-01 is a Sunday -> 04-21.
    assert [o.day for o in next_occurrences(rule, date(2027, 4, 18), count=2)] == [
        date(2028, 4, 15),
        date(2029, 4, 21),
    ]


# ---------------------------------------------------------------------------
# Round trip and equivalence
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", ALL_ACCEPTED_PHRASES)
def test_round_trip(phrase: str) -> None:
    rule = parse_phrase(phrase)
    text = describe(rule)
    assert parse_phrase(text) == rule
    assert describe(parse_phrase(text)) == text


@pytest.mark.parametrize("group", EQUIVALENT, ids=[g[0] for g in EQUIVALENT])
def test_variants_are_equivalent(group: list[str]) -> None:
    first = parse_phrase(group[0])
    for phrase in group[1:]:
        assert parse_phrase(phrase) == first, phrase


def test_full_width_times_and_ordinals() -> None:
    assert parse_phrase("第２・第４水曜日 １３：３０～１５：３０") == parse_phrase("第2、第4水曜日 13:30〜15:30")
    rule = parse_phrase("第２・第４水曜日 １３：３０～１５：３０")
    assert rule.start_time == time(13, 30) and rule.end_time == time(15, 30)
    assert rule.byday == ((2, 2), (4, 2))


def test_note_after_reference_mark_round_trips() -> None:
    rule = parse_phrase("毎週水曜日 10:00〜12:00 ※要予約（電話 0123-45-6789）")
    assert rule.note == "要予約（電話 0123-45-6789）"
    assert describe(rule) == "毎週水曜日 10:00〜12:00 ※要予約（電話 0123-45-6789）"
    assert parse_phrase(describe(rule)) == rule


def test_early_hours_keep_their_leading_zero() -> None:
    rule = parse_phrase("毎週土曜日 06:30〜08:00")
    assert rule.start_time == time(6, 30)
    assert describe(rule) == "毎週土曜日 06:30〜8:00"
    assert parse_phrase(describe(rule)) == rule


def test_seeded_random_phrases_raise_only_schedule_error_and_round_trip() -> None:
    pieces = [
        "毎週", "隔週", "毎月", "隔月", "毎年", "毎日", "第", "最終", "1", "2", "5", "6", "0", "12", "15", "31",
        "月", "火", "水", "木", "金", "土", "日", "曜日", "・", "、", "〜", "-", "ー", " ", "（", "）", "祝日",
        "は休み", "を除く", "の場合は翌週", "平日", "土日祝", "奇数月", "年末年始", "10:00", "13:30", "午後",
        "時", "分", "半", "から", "まで", "2027年1月6日", "※メモ", "8月", "週", "ごと", "末日", "１", "：",
    ]
    rng = random.Random(2027)
    accepted = 0
    for _ in range(3000):
        phrase = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        try:
            rule = parse_phrase(phrase)
        except ScheduleError:
            continue
        accepted += 1
        assert parse_phrase(describe(rule)) == rule, phrase
        occurrences(rule, date(2026, 12, 1), date(2028, 1, 31))
    assert accepted > 50


# ---------------------------------------------------------------------------
# Rejections
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", REJECTED, ids=[c["phrase"] or "(empty)" for c in REJECTED])
def test_rejected_phrases(case: dict[str, Any]) -> None:
    with pytest.raises(ScheduleError) as info:
        parse_phrase(case["phrase"])
    message = str(info.value)
    assert type(info.value) is ScheduleError
    assert isinstance(info.value, ValueError)
    assert case["says"] in message
    assert JAPANESE.search(info.value.reason), "the reason is written in Japanese"
    assert "構造化形式" in message, "the message points to the structured form"
    assert "{" in message and "}" in message, "the message shows an example of the structured form"


@pytest.mark.parametrize("phrase", ["不定期", "要問い合わせ", "随時"])
def test_irregular_phrases_suggest_a_note(phrase: str) -> None:
    with pytest.raises(ScheduleError) as info:
        parse_phrase(phrase)
    assert "note" in str(info.value) and "構造化形式" in str(info.value)


@pytest.mark.parametrize("value", [None, 12, ["毎週水曜日"]])
def test_non_strings_are_rejected(value: Any) -> None:
    with pytest.raises(ScheduleError):
        parse_phrase(value)


# ---------------------------------------------------------------------------
# Structured form
# ---------------------------------------------------------------------------


def test_mapping_equals_phrase() -> None:
    data = yaml.safe_load(
        '{freq: monthly, byday: [2WE, 4WE], start: "13:30", end: "15:30", holidays: closed}'
    )
    assert isinstance(data, dict)
    assert rule_from_mapping(data) == parse_phrase("毎月第2・第4水曜日 13:30〜15:30（祝日は休み）")
    assert parse_schedule(data) == parse_schedule("第2・第4水曜日 13:30〜15:30 祝日は休み")


def test_mapping_with_everything() -> None:
    data = yaml.safe_load(
        """
        freq: weekly
        interval: 2
        byday: [WE]
        from: 2027-01-13
        until: 2027-12-31
        start: "10:00"
        end: "11:30"
        holidays: next_week
        closed: [{from: "12-29", to: "01-03"}, 8]
        note: 会場は2階
        """
    )
    rule = rule_from_mapping(data)
    assert rule == Rule(
        freq="weekly",
        interval=2,
        byday=((None, 2),),
        start_time=time(10, 0),
        end_time=time(11, 30),
        anchor=date(2027, 1, 13),
        until=date(2027, 12, 31),
        holidays="next_week",
        closed_periods=(((12, 29), (1, 3)),),
        closed_months=(8,),
        note="会場は2階",
    )
    assert describe(rule) == (
        "隔週水曜日 10:00〜11:30（祝日の場合は翌週）（年末年始を除く）（8月は休み）"
        "（2027年1月13日から2027年12月31日まで） ※会場は2階"
    )
    assert parse_phrase(describe(rule)) == rule
    days = [o.day for o in occurrences(rule, YEAR_START, YEAR_END)]
    # 26 fortnightly Wednesdays from 01-13, minus 08-11 (moved to 08-18, but August is
    # closed), 08-25 (August) and 12-29 (年末年始).
    assert len(days) == 23
    assert date(2027, 5, 12) in days and date(2027, 5, 5) not in days
    assert not [d for d in days if d.month == 8]
    assert days[-1] == date(2027, 12, 15)


def test_irregular_mapping_has_only_a_note() -> None:
    rule = rule_from_mapping({"note": "不定期（要問い合わせ）"})
    assert rule.freq is None
    assert describe(rule) == "不定期（要問い合わせ）"
    assert occurrences(rule, YEAR_START, YEAR_END) == []
    assert next_occurrences(rule, YEAR_START) == []
    assert to_rrule(rule) == {}


def test_rule_fields_are_normalised() -> None:
    a = Rule(freq="monthly", byday=[(4, 2), (2, 2)], bymonth=[8, 4, 8])  # type: ignore[arg-type]
    b = Rule(freq="monthly", byday=((2, 2), (4, 2)), bymonth=(4, 8))
    assert a == b and a.byday == ((2, 2), (4, 2))


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"freq": "daily", "byday": ["WE"]}, "freq"),
        ({"freq": "weekly", "byday": ["2WE"]}, "毎週"),
        ({"freq": "weekly", "interval": 2, "byday": ["WE"]}, "from"),
        ({"freq": "weekly", "interval": 0, "byday": ["WE"]}, "interval"),
        ({"freq": "weekly", "byday": ["WE"], "start": 810}, "引用符"),
        ({"freq": "weekly", "byday": ["WE"], "colour": "red"}, "colour"),
        ({"freq": "monthly", "byday": ["6WE"]}, "6WE"),
        ({"freq": "monthly", "bymonthday": [32]}, "32日"),
        ({"freq": "monthly", "byday": ["2WE"], "bymonth": [13]}, "13月"),
        ({"freq": "weekly", "byday": ["XX"]}, "XX"),
        ({"freq": "weekly", "byday": ["WE"], "holidays": "sometimes"}, "holidays"),
        ({"freq": "weekly", "byday": ["WE"], "start": "25:00"}, "25時"),
        ({"freq": "weekly", "byday": ["WE"], "start": "15:00", "end": "14:00"}, "終了時刻"),
        ({"freq": "weekly", "byday": ["WE"], "from": "2027-02-30"}, "from"),
        ({"freq": "monthly", "byday": ["2WE"], "closed": [{"from": "13-01"}]}, "13月"),
        ({"freq": "monthly", "byday": ["2WE"], "holidays": "include"}, "毎週"),
        ({}, "freq"),
        (["freq", "weekly"], "キー"),
    ],
)
def test_bad_mappings(data: Any, says: str) -> None:
    with pytest.raises(ScheduleError) as info:
        rule_from_mapping(data)
    assert type(info.value) is ScheduleError
    assert says in str(info.value)
    assert "構造化形式の例" in str(info.value)


def test_seeded_random_mappings_round_trip_through_describe() -> None:
    rng = random.Random(5)
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    checked = 0
    for _ in range(1500):
        freq = rng.choice(["weekly", "monthly", "yearly"])
        policy = rng.choice(["open", "closed", "next_week", "include"])
        data: dict[str, Any] = {"freq": freq, "holidays": policy}
        if freq == "weekly":
            data["byday"] = rng.sample(days, rng.randint(1, 7))
        elif rng.random() < 0.5:
            ordinals = [rng.choice([1, 2, 3, 4, 5, -1]) for _ in range(rng.randint(1, 3))]
            data["byday"] = [f"{o}{rng.choice(days)}" for o in ordinals]
        else:
            data["bymonthday"] = rng.sample([*range(1, 29), -1], rng.randint(1, 3))
        if freq == "yearly" or rng.random() < 0.3:
            data["bymonth"] = rng.sample(range(1, 13), rng.randint(1, 4))
        if rng.random() < 0.3:
            data["interval"] = rng.randint(2, 4)
            data["from"] = date(2027, 3, 1)
        if rng.random() < 0.5:
            data["start"], data["end"] = "9:30", "11:00"
        if rng.random() < 0.3:
            data["closed"] = [{"from": "12-29", "to": "01-03"}, rng.randint(1, 12)]
        try:
            rule = rule_from_mapping(data)
        except ScheduleError:
            continue
        checked += 1
        assert parse_phrase(describe(rule)) == rule, data
    assert checked > 300


# ---------------------------------------------------------------------------
# iCalendar export
# ---------------------------------------------------------------------------


def test_to_rrule_parts() -> None:
    rule = parse_phrase("隔週水曜日（2027年1月6日から2027年6月30日まで）")
    assert to_rrule(rule) == {
        "FREQ": "WEEKLY",
        "INTERVAL": "2",
        "BYDAY": "WE",
        "UNTIL": "20270630",
        "WKST": "MO",
    }


PLAIN_RULE_PHRASES = [
    c["phrase"]
    for c in ACCEPTED
    if not re.search(r"祝|年末年始|休み|平日", c["phrase"])
]


@pytest.mark.parametrize("phrase", PLAIN_RULE_PHRASES)
def test_plain_rules_agree_with_dateutil(phrase: str) -> None:
    """Without holidays or closures, our dates are exactly dateutil's RRULE expansion."""
    rule = parse_phrase(phrase)
    dtstart = rule.anchor or YEAR_START
    text = f"DTSTART:{dtstart:%Y%m%d}\nRRULE:{to_rrule_string(rule)}"
    window = (datetime(2027, 1, 1), datetime(2027, 12, 31))
    expected = [d.date() for d in rrulestr(text).between(*window, inc=True)]
    assert _days_2027(phrase) == expected


def test_ics_exception_dates() -> None:
    exdates, rdates = ics_exception_dates(parse_phrase("毎月第2水曜日（祝日の場合は翌週）"), YEAR_START, YEAR_END)
    assert (exdates, rdates) == ([date(2027, 8, 11)], [date(2027, 8, 18)])
    exdates, rdates = ics_exception_dates(parse_phrase("平日"), YEAR_START, YEAR_END)
    assert len(exdates) == 16 and rdates == []
    exdates, rdates = ics_exception_dates(parse_phrase("土日祝"), YEAR_START, YEAR_END)
    assert exdates == [] and len(rdates) == 16 and date(2027, 1, 11) in rdates


# Cells a spreadsheet may hold: long runs of what closure phrases are made of. Each is refused at
# once; they used to make the closure pattern try every split of the run (exponential time).
LONG_RUNS = ["70850421010850723472233441239386655290604650496", "月火水木金土日" * 4 + "x",
             "12月1日" * 25 + "x", "1月1日・" * 25 + "x", "8月・" * 25 + "x"]


@pytest.mark.timeout(30)  # a hang guard, not a speed test: each takes about a millisecond
@pytest.mark.parametrize("text", LONG_RUNS)
def test_a_long_run_of_numbers_or_weekdays_is_refused_without_hanging(text: str) -> None:
    with pytest.raises(ScheduleError):
        parse_phrase(text)


@pytest.mark.timeout(120)
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789月火水木金土日曜祝・、〜年末始はを休み除く第毎週 :（）", max_size=80))
def test_any_phrase_of_schedule_words_is_read_or_refused(text: str) -> None:
    try:
        parse_phrase(text)
    except ScheduleError:
        pass
