"""The structured form of a schedule: a mapping read from YAML, for what phrases cannot say.

    {freq: monthly, byday: [2WE, 4WE], start: "13:30", end: "15:30", holidays: closed}

:func:`parse_schedule` takes whichever form a record holds (a phrase or a mapping).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from .phrases import _make_time, parse_phrase
from .rule import (
    MAPPING_HINT,
    NEW_YEAR_PERIOD,
    RRULE_DAYS,
    ByDay,
    MonthDay,
    Period,
    Rule,
    ScheduleError,
    _check_calendar_day,
    _is_int,
)

# ---------------------------------------------------------------------------
# Structured form
# ---------------------------------------------------------------------------

_MAPPING_KEYS = (
    "freq", "interval", "byday", "bymonthday", "bymonth", "start", "end",
    "from", "until", "holidays", "closed", "note",
)
_BYDAY_RE = re.compile(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)")
_TIME_TEXT_RE = re.compile(r"(\d{1,2}):(\d{2})")
_MONTH_DAY_TEXT_RE = re.compile(r"(\d{1,2})-(\d{1,2})")


def rule_from_mapping(data: Mapping[str, Any]) -> Rule:
    """Build a Rule from the structured form (a mapping read from YAML).

    Keys: freq, interval, byday, bymonthday, bymonth, start, end, from, until,
    holidays, closed, note.  Raises ScheduleError with a Japanese message.
    """
    try:
        return _rule_from_mapping(data)
    except ScheduleError as exc:
        raise ScheduleError(exc.reason, source=exc.source, hint=MAPPING_HINT) from None


def _rule_from_mapping(data: Mapping[str, Any]) -> Rule:
    if not isinstance(data, Mapping):
        raise ScheduleError("構造化形式は「キー: 値」の組で書いてください")
    unknown = [str(k) for k in data if k not in _MAPPING_KEYS]
    if unknown:
        raise ScheduleError(f"知らない項目 {', '.join(unknown)} があります（使える項目: {', '.join(_MAPPING_KEYS)}）")
    periods, months = _closed_from_mapping(data.get("closed"))
    freq = data.get("freq")
    return Rule(
        freq=freq.lower() if isinstance(freq, str) else freq,
        interval=data.get("interval", 1),
        byday=tuple(_byday_item(v) for v in _as_list(data.get("byday"))),
        bymonthday=tuple(_int_item(v, "bymonthday") for v in _as_list(data.get("bymonthday"))),
        bymonth=tuple(_int_item(v, "bymonth") for v in _as_list(data.get("bymonth"))),
        start_time=_time_value(data.get("start"), "start"),
        end_time=_time_value(data.get("end"), "end"),
        anchor=_date_value(data.get("from"), "from"),
        until=_date_value(data.get("until"), "until"),
        holidays=data.get("holidays", "open"),
        closed_periods=periods,
        closed_months=months,
        note=_note_value(data.get("note")),
    )


def _as_list(value: Any) -> list[Any]:
    """None -> [], a scalar -> [it], 'a,b' -> ['a', 'b'], a list stays."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _byday_item(value: Any) -> ByDay:
    m = _BYDAY_RE.fullmatch(str(value).strip().upper())
    if not m:
        raise ScheduleError(f"byday の「{value}」が読めません（例: WE、2WE、-1FR）")
    ordinal = int(m.group(1)) if m.group(1) else None
    return ordinal, RRULE_DAYS.index(m.group(2))


def _int_item(value: Any, key: str) -> int:
    if _is_int(value):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise ScheduleError(f"{key} の「{value}」は整数ではありません")


def _time_value(value: Any, key: str) -> time | None:
    if value is None or isinstance(value, time):
        return value
    if _is_int(value):
        raise ScheduleError(f'{key} は "13:30" のように引用符で囲んでください（YAML が数として読んでしまいます）')
    m = _TIME_TEXT_RE.fullmatch(unicodedata.normalize("NFKC", str(value)).strip())
    if not m:
        raise ScheduleError(f'{key} の「{value}」が時刻として読めません（例: "13:30"）')
    return _make_time(int(m.group(1)), int(m.group(2)))


def _date_value(value: Any, key: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ScheduleError(f"{key} の「{value}」が日付として読めません（例: 2027-01-06）") from None


def _note_value(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ScheduleError("note は文章で書いてください")
    return value


def _closed_from_mapping(value: Any) -> tuple[tuple[Period, ...], tuple[int, ...]]:
    """closed: [{from: "12-29", to: "01-03"}, 8, 年末年始]."""
    periods: list[Period] = []
    months: list[int] = []
    for item in _as_list(value) if not isinstance(value, str) else [value]:
        if _is_int(item):
            months.append(item)
        elif isinstance(item, Mapping):
            periods.append(_period_from_mapping(item))
        elif isinstance(item, str) and item.strip() == "年末年始":
            periods.append(NEW_YEAR_PERIOD)
        else:
            raise ScheduleError(f'closed の「{item}」が読めません（例: {{from: "12-29", to: "01-03"}} や 8）')
    return tuple(periods), tuple(months)


def _period_from_mapping(item: Mapping[str, Any]) -> Period:
    if set(item) - {"from", "to"} or "from" not in item:
        raise ScheduleError('closed の期間は {from: "12-29", to: "01-03"} のように書いてください')
    first = _month_day_value(item["from"])
    last = _month_day_value(item.get("to", item["from"]))
    return first, last


def _month_day_value(value: Any) -> MonthDay:
    m = _MONTH_DAY_TEXT_RE.fullmatch(str(value).strip())
    if not m:
        raise ScheduleError(f'月日「{value}」が読めません（例: "12-29"。YAML では引用符で囲んでください）')
    month, day = int(m.group(1)), int(m.group(2))
    _check_calendar_day(month, day)
    return month, day


def parse_schedule(value: str | Mapping[str, Any]) -> Rule:
    """A phrase (str) or the structured form (mapping), whichever the YAML holds."""
    if isinstance(value, Mapping):
        return rule_from_mapping(value)
    return parse_phrase(value)
