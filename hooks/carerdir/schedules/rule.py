"""The schedule model: constants, :class:`Rule`, :class:`Occurrence`, :class:`ScheduleError`.

A Rule's fields mirror an iCalendar RRULE plus the exceptions leaflets add (national
holidays, 年末年始, closed months). Rules normalise and check themselves on creation, so
every Rule that exists is meaningful; the checks live here too.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

WEEKDAY_CHARS = "月火水木金土日"  # index = datetime.weekday()
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQS = ("weekly", "monthly", "yearly")
HOLIDAY_POLICIES = ("open", "closed", "next_week", "include")
WEEKDAYS_MON_FRI = (0, 1, 2, 3, 4)
ODD_MONTHS = (1, 3, 5, 7, 9, 11)
EVEN_MONTHS = (2, 4, 6, 8, 10, 12)
NEW_YEAR_PERIOD = ((12, 29), (1, 3))
LAST = -1  # ordinal meaning 最終 (the last such weekday of the month)
MONTH_END = -1  # bymonthday meaning 末日 (the last day of the month)
VALID_ORDINALS = (1, 2, 3, 4, 5, LAST)
EARLIEST_UNMARKED_HOUR = 7  # "1時" without 午前/午後 is refused as ambiguous
MAX_HOLIDAY_SHIFTS = 8  # 祝日の場合は翌週: give up after this many holiday weeks in a row

STRUCTURED_EXAMPLE = '{freq: monthly, byday: [2WE], start: "13:30", end: "15:30"}'
NOTE_EXAMPLE = '{note: "不定期（日程は電話でお問い合わせください）"}'
STRUCTURED_HINT = f"定型の書き方で表せない場合は構造化形式で書いてください（例: {STRUCTURED_EXAMPLE}）"
NOTE_HINT = (
    "決まった日程がない場合や補足は、構造化形式の note に書いてください"
    f"（例: {NOTE_EXAMPLE}）。補足は「毎週水曜日 10:00〜12:00 ※要予約」のように※の後にも書けます"
)
MAPPING_HINT = (
    "構造化形式の例: {freq: weekly, interval: 2, byday: [WE], from: 2027-01-06, "
    'start: "13:30", end: "15:30", holidays: closed, closed: [{from: "12-29", to: "01-03"}, 8]}'
)

HolidayPolicy = Literal["open", "closed", "next_week", "include"]
MonthDay = tuple[int, int]
Period = tuple[MonthDay, MonthDay]
ByDay = tuple[int | None, int]  # (ordinal or None, weekday 0=Mon)


# ---------------------------------------------------------------------------
# Errors and data types
# ---------------------------------------------------------------------------


class ScheduleError(ValueError):
    """A schedule that cannot be read or makes no sense; the message is Japanese.

    ``reason`` is the bare explanation, ``source`` the phrase or field it is
    about, and the full message always ends with a hint showing the structured form.
    """

    def __init__(self, reason: str, *, source: str | None = None, hint: str | None = None) -> None:
        self.reason = reason
        self.source = source
        self.hint = STRUCTURED_HINT if hint is None else hint
        text = reason if source is None else f"「{source}」: {reason}"
        super().__init__(f"{text}。{self.hint}" if self.hint else text)


@dataclass(frozen=True)
class Occurrence:
    """One dated meeting; ``start``/``end`` are None when the time is not stated.

    Not orderable on purpose (None times do not compare): sort with ``key=lambda o: o.day``.
    """

    day: date
    start: time | None = None
    end: time | None = None


@dataclass(frozen=True)
class Rule:
    """A recurring schedule, RRULE-compatible plus leaflet-style exceptions.

    Fields are normalised on creation (lists become sorted tuples) and validated,
    so every ``Rule`` that exists is meaningful.  ``freq`` None means "no regular
    schedule": only ``note`` is set and there are no occurrences.

    ``holidays``: ``open`` (holidays change nothing), ``closed`` (no meeting on a
    holiday), ``next_week`` (a meeting on a holiday moves one week later) or
    ``include`` (holidays are meeting days too, as in 土日祝; weekly rules only).
    ``anchor`` is the first possible date (RRULE DTSTART); ``until`` the last.
    """

    freq: str | None
    interval: int = 1
    byday: tuple[ByDay, ...] = ()
    bymonthday: tuple[int, ...] = ()
    bymonth: tuple[int, ...] = ()
    start_time: time | None = None
    end_time: time | None = None
    anchor: date | None = None
    until: date | None = None
    holidays: HolidayPolicy = "open"
    closed_periods: tuple[Period, ...] = ()
    closed_months: tuple[int, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        _normalise_rule_fields(self)
        _validate_rule(self)


# ---------------------------------------------------------------------------
# Rule normalisation and validation
# ---------------------------------------------------------------------------


def _byday_sort_key(item: ByDay) -> tuple[int, int]:
    ordinal, weekday = item
    return weekday, 0 if ordinal is None else (6 if ordinal < 0 else ordinal)


def _normalise_rule_fields(rule: Rule) -> None:
    """Turn list-ish fields into sorted, de-duplicated tuples (equality is canonical)."""
    try:
        values = {
            "byday": tuple(sorted({(o, w) for o, w in rule.byday}, key=_byday_sort_key)),
            "bymonthday": tuple(sorted(set(rule.bymonthday))),
            "bymonth": tuple(sorted(set(rule.bymonth))),
            "closed_periods": tuple(sorted({(tuple(a), tuple(b)) for a, b in rule.closed_periods})),
            "closed_months": tuple(sorted(set(rule.closed_months))),
            "note": (rule.note or "").strip(),
        }
    except (TypeError, ValueError) as exc:
        raise ScheduleError(f"項目の形が正しくありません（{exc}）") from None
    for name, value in values.items():
        object.__setattr__(rule, name, value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate_rule(rule: Rule) -> None:
    """Raise ScheduleError if the rule is impossible or self-contradictory."""
    if rule.freq is None:
        _check_irregular(rule)
        return
    _check_scalars(rule)
    _check_value_ranges(rule)
    _check_shape(rule)
    _check_times(rule.start_time, rule.end_time)
    _check_dates(rule)
    _check_holiday_policy(rule)
    _check_closures(rule)


def _check_irregular(rule: Rule) -> None:
    if not rule.note:
        raise ScheduleError("繰り返し（freq）がありません", hint=NOTE_HINT)
    if rule.byday or rule.bymonthday or rule.bymonth or rule.start_time or rule.anchor:
        raise ScheduleError("freq がないのに曜日・日付・時刻が指定されています")


def _check_scalars(rule: Rule) -> None:
    if rule.freq not in FREQS:
        raise ScheduleError(f"freq は weekly・monthly・yearly のどれかです（「{rule.freq}」は使えません）")
    if not _is_int(rule.interval) or rule.interval < 1:
        raise ScheduleError(f"interval は1以上の整数です（「{rule.interval}」は使えません）")
    if rule.holidays not in HOLIDAY_POLICIES:
        raise ScheduleError(
            f"holidays は closed・open・next_week・include のどれかです（「{rule.holidays}」は使えません）"
        )


def _check_value_ranges(rule: Rule) -> None:
    for ordinal, weekday in rule.byday:
        if not _is_int(weekday) or not 0 <= weekday <= 6:
            raise ScheduleError(f"曜日の番号「{weekday}」は0（月）〜6（日）の範囲外です")
        if ordinal is not None and (not _is_int(ordinal) or ordinal not in VALID_ORDINALS):
            raise ScheduleError(
                f"「{ordinal}{RRULE_DAYS[weekday]}」は使えません（第1〜第5は 1〜5、最終は -1 です）"
            )
    for day in rule.bymonthday:
        _check_month_day_number(day)
    for month in (*rule.bymonth, *rule.closed_months):
        _check_month_number(month)


def _check_month_number(month: object) -> None:
    if not _is_int(month) or not 1 <= month <= 12:
        raise ScheduleError(f"{month}月はありません（1〜12月です）")


def _check_month_day_number(day: object) -> None:
    if not _is_int(day) or not (1 <= day <= 31 or day == MONTH_END):
        raise ScheduleError(f"{day}日はありません（1〜31日、月末は -1 です）")


def _check_shape(rule: Rule) -> None:
    """Each freq needs its own kind of day specification."""
    ordinals = {o is not None for o, _ in rule.byday}
    if rule.freq == "weekly":
        if not rule.byday:
            raise ScheduleError("毎週の予定に曜日がありません")
        if True in ordinals or rule.bymonthday:
            raise ScheduleError("「毎週」と「第2水曜日」や「15日」のような月単位の指定は同時に使えません")
        return
    if rule.byday and rule.bymonthday:
        raise ScheduleError("「第2水曜日」のような曜日の指定と「15日」のような日付の指定は同時に使えません")
    if not rule.byday and not rule.bymonthday:
        raise ScheduleError("毎月・毎年の予定には「第2水曜日」や「15日」のような指定が必要です")
    if False in ordinals:
        raise ScheduleError("毎月・毎年の予定の曜日には「第2」や「最終」が必要です（毎週なら freq: weekly）")
    if rule.freq == "yearly" and not rule.bymonth:
        raise ScheduleError("毎年の予定には月（bymonth、例「毎年4月」）が必要です")
    if rule.freq == "monthly" and rule.interval > 1 and rule.bymonth:
        raise ScheduleError("「隔月」などの間隔と月の指定（奇数月・4月など）は同時に使えません")
    _check_month_days_exist(rule)


def _check_month_days_exist(rule: Rule) -> None:
    months = rule.bymonth or tuple(range(1, 13))
    longest = max(calendar.monthrange(2024, m)[1] for m in months)  # 2024: leap year
    for day in rule.bymonthday:
        if day != MONTH_END and day > longest:
            names = "・".join(f"{m}月" for m in months)
            raise ScheduleError(f"{names}に{day}日はありません")


def _check_times(start: time | None, end: time | None) -> None:
    if end is not None and start is None:
        raise ScheduleError("終了時刻だけがあり、開始時刻がありません")
    for value in (start, end):
        if value is not None and not isinstance(value, time):
            raise ScheduleError(f"時刻「{value}」が読めません（例: 13:30）")
    if start is not None and end is not None and end <= start:
        raise ScheduleError(
            f"終了時刻 {_format_time(end)} が開始時刻 {_format_time(start)} と同じか、それより前です"
        )


def _check_dates(rule: Rule) -> None:
    for name, value in (("開始日", rule.anchor), ("終了日", rule.until)):
        if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
            raise ScheduleError(f"{name}「{value}」は日付ではありません（例: 2027-01-06）")
    if rule.anchor and rule.until and rule.until < rule.anchor:
        raise ScheduleError(f"終了日 {_format_date(rule.until)} が開始日 {_format_date(rule.anchor)} より前です")
    if rule.interval > 1 and rule.anchor is None:
        word = {"weekly": "隔週", "monthly": "隔月", "yearly": "隔年"}[rule.freq or "weekly"]
        raise ScheduleError(
            f"{word}など間隔のある予定には基準になる初回の日付が必要です"
            f"（例: 「隔週水曜日（2027年1月6日から）」、構造化形式なら from: 2027-01-06）"
        )
    if rule.freq == "weekly" and rule.interval > 1 and rule.anchor is not None:
        weekdays = {w for _, w in rule.byday}
        if rule.anchor.weekday() not in weekdays:
            actual = WEEKDAY_CHARS[rule.anchor.weekday()]
            raise ScheduleError(
                f"基準日 {_format_date(rule.anchor)} は{actual}曜日で、予定の曜日と合いません"
            )


def _check_holiday_policy(rule: Rule) -> None:
    if rule.holidays == "include" and rule.freq != "weekly":
        raise ScheduleError("「祝日も開催日」（土日祝など）は毎週の予定にだけ使えます")


def _check_closures(rule: Rule) -> None:
    for period in rule.closed_periods:
        for month, day in period:
            _check_calendar_day(month, day)
    months = set(rule.bymonth or range(1, 13))
    if months <= set(rule.closed_months):
        raise ScheduleError("予定のある月がすべて休みになっています")


def _check_calendar_day(month: int, day: int) -> None:
    _check_month_number(month)
    if not _is_int(day) or not 1 <= day <= calendar.monthrange(2024, month)[1]:
        raise ScheduleError(f"{month}月{day}日はありません")



def _format_time(value: time) -> str:
    """8:45, 13:30; early hours keep their leading zero (06:30) so they are not read as 午後."""
    hour = f"{value.hour:02d}" if value.hour < EARLIEST_UNMARKED_HOUR else str(value.hour)
    return f"{hour}:{value.minute:02d}"


def _format_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"
