"""Meeting and opening schedules written the way Japanese town leaflets write them.

A phrase such as 「毎月第2・第4水曜日 13:30〜15:30（祝日は休み）」 is parsed into a
:class:`Rule` whose fields mirror an iCalendar RRULE, plus the exceptions leaflets
add (national holidays, 年末年始, closed months).  A rule can be turned back into
plain Japanese (:func:`describe`), expanded into dated occurrences
(:func:`occurrences`, :func:`next_occurrences`) and exported as RRULE parts
(:func:`to_rrule`, :func:`ics_exception_dates`).

Anything the phrase grammar cannot express is written in the structured form,
a mapping read from YAML (:func:`rule_from_mapping`)::

    {freq: monthly, byday: [2WE, 4WE], start: "13:30", end: "15:30", holidays: closed}

National holidays always come from the ``jpholiday`` library.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

import jpholiday

__all__ = [
    "HOLIDAY_POLICIES",
    "Occurrence",
    "Rule",
    "ScheduleError",
    "describe",
    "ics_exception_dates",
    "next_occurrences",
    "normalize",
    "occurrences",
    "parse_phrase",
    "parse_schedule",
    "rule_from_mapping",
    "to_rrule",
    "to_rrule_string",
]

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


# ---------------------------------------------------------------------------
# Normalisation of phrases
# ---------------------------------------------------------------------------

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_NUMBER_RE = re.compile(r"[〇零一二三四五六七八九十]+")
_ISO_DATE_RE = re.compile(r"(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})")
_SLASH_MONTH_DAY_RE = re.compile(r"(?<![\d:/])(\d{1,2})/(\d{1,2})(?![\d/])")
_ALWAYS_RANGE_RE = re.compile(r"\s*[~〜∼‐−–—―]\s*")
_CONTEXT_RANGE_RE = re.compile(r"([\d月火水木金土日曜分半時])\s*[-ー]\s*")
_PAREN_WEEKDAY_RE = re.compile(r"\(([月火水木金土日])(?:曜日?)?\)")
_SPACES_RE = re.compile(r"\s+")


def _kanji_number(run: str) -> str:
    """'十五' -> '15', '二〇二七' -> '2027'; unusual forms are left untouched."""
    if "十" not in run:
        return "".join(str(_KANJI_DIGITS[c]) for c in run)
    tens, _, ones = run.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return run
    return str((_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0))


def normalize(text: str) -> str:
    """NFKC plus leaflet-specific clean-up: kanji numerals, one range sign (〜), dates as 年月日.

    '-' and 'ー' only count as range signs right after a digit or a weekday, so
    katakana words keep their long vowel mark.
    """
    s = unicodedata.normalize("NFKC", text)
    s = _KANJI_NUMBER_RE.sub(lambda m: _kanji_number(m.group()), s)
    s = s.replace("正午", "12時")
    s = _ISO_DATE_RE.sub(r"\1年\2月\3日", s)
    s = _SLASH_MONTH_DAY_RE.sub(r"\1月\2日", s)
    s = _ALWAYS_RANGE_RE.sub("〜", s)
    s = _CONTEXT_RANGE_RE.sub(r"\1〜", s)
    s = _PAREN_WEEKDAY_RE.sub(r"\1", s)
    return _SPACES_RE.sub(" ", s).strip()


# ---------------------------------------------------------------------------
# Phrase parsing: a draft filled in by one extractor per kind of clause
# ---------------------------------------------------------------------------


@dataclass
class _DayGroup:
    """'第1・第3月・木曜日' = ordinals [1, 3] x weekdays [0, 3]; ordinals empty for 毎週."""

    ordinals: list[int] = field(default_factory=list)
    weekdays: list[int] = field(default_factory=list)


@dataclass
class _Draft:
    """What has been read from a phrase so far."""

    freq: str | None = None
    interval: int | None = None
    every_day: bool = False
    weekdays_only: bool = False  # 平日
    include_holidays: bool = False  # 土日祝
    groups: list[_DayGroup] = field(default_factory=list)
    month_days: list[int] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    start_time: time | None = None
    end_time: time | None = None
    anchor: date | None = None
    until: date | None = None
    holiday_clause: HolidayPolicy | None = None
    closed_periods: list[Period] = field(default_factory=list)
    closed_months: list[int] = field(default_factory=list)
    closed_weekdays: list[int] = field(default_factory=list)
    note: str = ""


def _contradiction(what: str) -> ScheduleError:
    return ScheduleError(f"{what}が矛盾しています（同じ項目に違う指定が2つあります）")


def _set_once(draft: _Draft, name: str, value: object, what: str) -> None:
    """Set a draft field, refusing a second, different value."""
    current = getattr(draft, name)
    if current is not None and current != value:
        raise _contradiction(what)
    setattr(draft, name, value)


def parse_phrase(text: str) -> Rule:
    """Read a leaflet-style schedule phrase into a Rule.

    >>> describe(parse_phrase("第２・第４水曜日　１３：３０～１５：３０（祝日は休み）"))
    '毎月第2・第4水曜日 13:30〜15:30（祝日は休み）'

    Raises ScheduleError (with a Japanese message) for anything it cannot read.
    """
    if not isinstance(text, str):
        raise ScheduleError(f"日時は文字列で書いてください（{type(text).__name__} は読めません）")
    source = text.strip()
    try:
        return _parse(source)
    except ScheduleError as exc:
        raise ScheduleError(exc.reason, source=source or text, hint=exc.hint) from None


def _parse(source: str) -> Rule:
    draft = _Draft()
    body, draft.note = _split_note(source)
    s = normalize(body)
    if not s:
        raise ScheduleError("日時が空です。例: 「毎月第2水曜日 13:30〜15:30」")
    _refuse_irregular(s)
    for extract in _EXTRACTORS:
        s = extract(s, draft)
    _read_day_tokens(s, draft)
    return _draft_to_rule(draft)


def _split_note(text: str) -> tuple[str, str]:
    """Everything after the first ※ is a free-text note."""
    body, mark, note = text.partition("※")
    return body, note.strip() if mark else ""


_IRREGULAR_RE = re.compile(r"不定期|随時|要問い?合わ?せ|問い?合わ?せ|未定|応相談|決まり次第|その都度")


def _refuse_irregular(s: str) -> None:
    found = _IRREGULAR_RE.search(s)
    if found:
        raise ScheduleError(
            f"「{found.group()}」のような決まった日程のない書き方は読み取れません", hint=NOTE_HINT
        )


# --- closures: 年末年始・8月・土日祝 … は休み ------------------------------------

_MD = r"(\d{1,2})月(\d{1,2})日"
_MD_RE = re.compile(_MD)
_CLOSED_SUFFIX = r"\s*(?:は|を)?\s*(?:お?休み|休館|休業|休所|休会|休止|除く|定休日?)(?:です)?"
_CLOSURE_ITEM = (
    rf"年末年始(?:\s*\(\s*{_MD}\s*〜\s*{_MD}\s*\))?"
    rf"|{_MD}(?:\s*〜\s*{_MD})?"
    r"|\d{1,2}月?(?!曜)"
    r"|[月火水木金土日](?:曜日?)?(?:[月火水木金土日](?:曜日?)?)*"
    r"|祝(?:休|祭)?日|祝"
)
_CLOSURE_RE = re.compile(
    rf"(?<![\d:第毎隔曜祝平数週年])((?:{_CLOSURE_ITEM})(?:(?:\s*[・、,と]\s*)?(?:{_CLOSURE_ITEM}))*){_CLOSED_SUFFIX}"
)
_CLOSURE_ITEM_RE = re.compile(_CLOSURE_ITEM)


def _take_closures(s: str, draft: _Draft) -> str:
    """「年末年始（12月29日〜1月3日）を除く」「1月・8月は休み」「土日祝は休み」."""
    return _CLOSURE_RE.sub(lambda m: _record_closure(m.group(1), draft), s)


def _record_closure(items_text: str, draft: _Draft) -> str:
    pending_numbers: list[int] = []
    for item in _CLOSURE_ITEM_RE.finditer(items_text):
        text = item.group()
        if text.isdigit():
            pending_numbers.append(int(text))
            continue
        if pending_numbers and not re.fullmatch(r"\d{1,2}月", text):
            raise ScheduleError(f"休みの指定の数字「{pending_numbers[0]}」の意味が分かりません")
        _record_closure_item(text, draft, pending_numbers)
        pending_numbers = []
    if pending_numbers:
        raise ScheduleError(f"休みの指定の数字「{pending_numbers[0]}」の意味が分かりません")
    return " "


def _record_closure_item(text: str, draft: _Draft, pending_numbers: list[int]) -> None:
    if text.startswith("年末年始"):
        draft.closed_periods.append(_period_from_text(text) or NEW_YEAR_PERIOD)
    elif _MD_RE.match(text):
        draft.closed_periods.append(_period_from_text(text))
    elif text.startswith("祝"):
        _set_once(draft, "holiday_clause", "closed", "祝日の扱い")
    elif text.endswith("月") and text[:-1].isdigit():
        draft.closed_months.extend(_month_number(n) for n in [*pending_numbers, int(text[:-1])])
    else:
        draft.closed_weekdays.extend(WEEKDAY_CHARS.index(c) for c in text if c in WEEKDAY_CHARS)


def _period_from_text(text: str) -> Period | None:
    found = [(int(m), int(d)) for m, d in _MD_RE.findall(text)]
    for month, day in found:
        _check_calendar_day(month, day)
    if not found:
        return None
    return found[0], found[-1]


# --- first / last dates: （2027年1月6日から） ----------------------------------

_YMD = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_DATE_RANGE_RE = re.compile(rf"{_YMD}\s*(?:〜|から|より)\s*{_YMD}\s*(?:まで)?")
_DATE_FROM_RE = re.compile(rf"{_YMD}\s*(?:から|より|以降|開始|〜)")
_DATE_UNTIL_RE = re.compile(rf"{_YMD}\s*(?:まで|迄|終了)")
_DATE_ANY_RE = re.compile(_YMD)
_YEARLESS_LIMIT_RE = re.compile(r"\d{1,2}月\d{1,2}日\s*(?:から|より|以降|まで|迄)")


def _make_date(year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ScheduleError(f"{year}年{month}月{day}日という日付はありません") from None


def _take_dates(s: str, draft: _Draft) -> str:
    """「2027年1月6日から」「2028年3月31日まで」 and ranges of both."""

    def both(m: re.Match[str]) -> str:
        _set_once(draft, "anchor", _make_date(*m.groups()[:3]), "開始日")
        _set_once(draft, "until", _make_date(*m.groups()[3:]), "終了日")
        return " "

    def first(m: re.Match[str]) -> str:
        _set_once(draft, "anchor", _make_date(*m.groups()), "開始日")
        return " "

    def last(m: re.Match[str]) -> str:
        _set_once(draft, "until", _make_date(*m.groups()), "終了日")
        return " "

    s = _DATE_RANGE_RE.sub(both, s)
    s = _DATE_FROM_RE.sub(first, s)
    s = _DATE_UNTIL_RE.sub(last, s)
    yearless = _YEARLESS_LIMIT_RE.search(s)
    if yearless:
        raise ScheduleError(f"「{yearless.group()}」には年も書いてください（例: 2027年1月6日から）")
    stray = _DATE_ANY_RE.search(s)
    if stray:
        raise ScheduleError(f"日付「{stray.group()}」が開始日（から）か終了日（まで）か分かりません")
    return s


# --- holiday clauses: 祝日の場合は翌週 / 祝日も開催 ------------------------------

_HOLIDAY_WORD = r"(?:国民の)?祝(?:休|祭)?日"
_NEXT_WEEK_RE = re.compile(
    rf"{_HOLIDAY_WORD}\s*(?:の場合|のとき|の時|に当たる場合|にあたる場合|と重なる場合|と重なったとき)?\s*は?\s*"
    r"翌週(?:の同じ曜日)?(?:に(?:変更|延期|振替|振り替え))?(?:します)?"
)
_OPEN_RE = re.compile(rf"{_HOLIDAY_WORD}\s*(?:も|でも)\s*(?:開催|実施|開館|開所|営業|あり)(?:します)?")


def _take_holiday_clauses(s: str, draft: _Draft) -> str:
    """「祝日の場合は翌週」 (move one week) and 「祝日も開催」 (explicitly no effect)."""

    def next_week(_: re.Match[str]) -> str:
        _set_once(draft, "holiday_clause", "next_week", "祝日の扱い")
        return " "

    def open_(_: re.Match[str]) -> str:
        _set_once(draft, "holiday_clause", "open", "祝日の扱い")
        return " "

    return _OPEN_RE.sub(open_, _NEXT_WEEK_RE.sub(next_week, s))


# --- times: 13:30〜15:30 / 午後1時30分から3時まで / 13時半〜15時 ---------------


def _time_pattern(p: str) -> str:
    return (
        rf"(?:(?P<{p}ampm>午前|午後)\s*)?"
        rf"(?:(?P<{p}h>\d{{1,2}}):(?P<{p}m>\d{{2}})"
        rf"|(?P<{p}kh>\d{{1,2}})時(?:\s*(?P<{p}km>\d{{1,2}})分|(?P<{p}half>半))?)"
    )


_TIME_RANGE_RE = re.compile(
    _time_pattern("s_") + r"\s*(?:〜|から)\s*(?:" + _time_pattern("e_") + r"\s*(?:まで)?)?"
)
_TIME_SINGLE_RE = re.compile(_time_pattern("s_"))


def _take_times(s: str, draft: _Draft) -> str:
    """At most one time range (or a start time alone) per phrase."""
    found = list(_TIME_RANGE_RE.finditer(s)) or list(_TIME_SINGLE_RE.finditer(s))
    if not found:
        return s
    if len(found) > 1:
        raise ScheduleError("時間帯が複数あります。時間帯ごとに別の日時として書いてください")
    match = found[0]
    rest = s[: match.start()] + " " + s[match.end() :]
    if _TIME_SINGLE_RE.search(rest):
        raise ScheduleError("時間帯が複数あります。時間帯ごとに別の日時として書いてください")
    draft.start_time, end_ampm_inherited = _time_from_match(match, "s_", None)
    if "e_h" in match.re.groupindex and (match.group("e_h") or match.group("e_kh")):
        draft.end_time, _ = _time_from_match(match, "e_", end_ampm_inherited)
    return rest


def _time_from_match(m: re.Match[str], p: str, inherited: str | None) -> tuple[time, str | None]:
    """Build a time from one side of a range; returns it and the 午前/午後 that carries over."""
    ampm = m.group(f"{p}ampm")
    zero_padded = False
    if m.group(f"{p}h") is not None:
        hour, minute = int(m.group(f"{p}h")), int(m.group(f"{p}m"))
        zero_padded = len(m.group(f"{p}h")) == 2
    else:
        hour = int(m.group(f"{p}kh"))
        minute = 30 if m.group(f"{p}half") else int(m.group(f"{p}km") or 0)
    if ampm:
        hour = _apply_explicit_ampm(ampm, hour, f"{ampm}{hour}時")
    elif inherited:
        hour = _apply_inherited_ampm(inherited, hour)
    elif hour < EARLIEST_UNMARKED_HOUR and not zero_padded:
        raise ScheduleError(
            f"「{hour}時」は午前か午後か分かりません。「午後{hour}時」「{hour + 12}:00」"
            f"または24時間表記で「{hour:02d}:00」のように書いてください"
        )
    return _make_time(hour, minute), ampm or inherited


def _apply_explicit_ampm(ampm: str, hour: int, text: str) -> int:
    if hour > 12 or (ampm == "午後" and hour == 12):
        raise ScheduleError(f"「{text}」は時刻として正しくありません（午前・午後は0〜11時、正午は12:00）")
    return hour + 12 if ampm == "午後" else hour


def _apply_inherited_ampm(ampm: str, hour: int) -> int:
    """午後 of the start carries to an end written without it: 午後1時から3時 = 13:00〜15:00."""
    return hour + 12 if ampm == "午後" and hour < 12 else hour


def _make_time(hour: int, minute: int) -> time:
    if not 0 <= hour <= 23:
        raise ScheduleError(f"{hour}時という時刻はありません（0〜23時です）")
    if not 0 <= minute <= 59:
        raise ScheduleError(f"{minute}分という時刻はありません（0〜59分です）")
    return time(hour, minute)


_EXTRACTORS = (_take_closures, _take_dates, _take_holiday_clauses, _take_times)


# --- day tokens: 毎月 第2・第4 水曜日, 奇数月, 平日, 土日祝, 15日 ------------------

_TOKEN_PATTERNS = (
    ("sep", r"[\s・、,と/()\[\]「」]+|まで|の"),
    ("week_ordinal", r"第\d+週目?|最終週"),
    ("freq", r"毎週|隔週|毎月|隔月|毎年|隔年|毎日"),
    ("n_weeks", r"(\d+)週間?(?:ごと|毎)"),
    ("n_months", r"(\d+)[かヶケカヵ箇]月(?:ごと|毎)"),
    ("n_years", r"(\d+)年(?:ごと|毎)"),
    ("parity", r"奇数月|偶数月"),
    ("weekdays", r"平日"),
    ("month_end", r"最終日(?!曜)|末日|月末|末"),
    ("ordinal", r"第(\d+)|最終|最後の?"),
    ("month", r"(\d+)月(?!曜)"),
    ("month_day", r"(\d+)日(?!曜)"),
    ("number", r"(\d+)"),
    ("weekday", r"([月火水木金土日])(?:曜日|曜)?"),
    ("holiday", r"祝(?:休|祭)?日|祝"),
    ("range", r"〜|から"),
)
_TOKEN_RES = tuple((kind, re.compile(pattern)) for kind, pattern in _TOKEN_PATTERNS)
_FREQ_WORDS = {
    "毎週": ("weekly", 1),
    "隔週": ("weekly", 2),
    "毎月": ("monthly", 1),
    "隔月": ("monthly", 2),
    "毎年": ("yearly", 1),
    "隔年": ("yearly", 2),
}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    number: int | None = None


def _tokenize(s: str) -> list[_Token]:
    """Split what is left of a phrase into day tokens; separators are dropped."""
    tokens: list[_Token] = []
    pos = 0
    while pos < len(s):
        token, pos = _next_token(s, pos)
        if token.kind != "sep":
            tokens.append(token)
    return tokens


def _next_token(s: str, pos: int) -> tuple[_Token, int]:
    for kind, regex in _TOKEN_RES:
        m = regex.match(s, pos)
        if m:
            number = next((int(g) for g in m.groups() if g and g.isdigit()), None)
            return _Token(kind, m.group(), number), m.end()
    unknown = re.match(r"[^\s()、・,]+", s[pos:])
    fragment = unknown.group() if unknown else s[pos]
    raise ScheduleError(f"「{fragment}」の部分が読み取れません", hint=f"{NOTE_HINT}。{STRUCTURED_HINT}")


@dataclass
class _TokenState:
    """Context while reading tokens left to right."""

    pending_numbers: list[int] = field(default_factory=list)
    previous: str | None = None
    range_open: bool = False


def _read_day_tokens(s: str, draft: _Draft) -> None:
    state = _TokenState()
    for token in _tokenize(s):
        _TOKEN_HANDLERS[token.kind](draft, state, token)
        state.previous = token.kind
    if state.pending_numbers:
        raise ScheduleError(f"数字「{state.pending_numbers[0]}」の意味が分かりません（月・日・第何かを付けてください）")
    if state.range_open:
        raise ScheduleError("「〜」の後に曜日がありません")


def _refuse_pending(state: _TokenState, token: _Token) -> None:
    """Tokens that cannot follow a bare number or an open 〜."""
    if state.pending_numbers:
        raise ScheduleError(f"数字「{state.pending_numbers[0]}」と「{token.text}」のつながりが分かりません")
    _refuse_open_range(state, token)


def _refuse_open_range(state: _TokenState, token: _Token) -> None:
    if state.range_open:
        raise ScheduleError(f"「〜」の後の「{token.text}」が曜日ではありません")


def _on_week_ordinal(draft: _Draft, state: _TokenState, token: _Token) -> None:
    raise ScheduleError(
        f"「{token.text}」は第何週か第何曜日か曖昧です。「第2水曜日」「最終金曜日」のように書いてください"
    )


def _on_freq(draft: _Draft, state: _TokenState, token: _Token) -> None:
    _refuse_pending(state, token)
    if token.text == "毎日":
        _set_once(draft, "freq", "weekly", "繰り返し（毎週・毎月など）")
        _set_once(draft, "interval", 1, "繰り返しの間隔")
        draft.every_day = True
        return
    freq, interval = _FREQ_WORDS[token.text]
    _set_freq(draft, freq, interval)


def _set_freq(draft: _Draft, freq: str, interval: int) -> None:
    _set_once(draft, "freq", freq, "繰り返し（毎週・毎月など）")
    _set_once(draft, "interval", interval, "繰り返しの間隔")


def _on_n_weeks(draft: _Draft, state: _TokenState, token: _Token) -> None:
    _refuse_pending(state, token)
    _set_freq(draft, "weekly", _positive(token))


def _on_n_months(draft: _Draft, state: _TokenState, token: _Token) -> None:
    _refuse_pending(state, token)
    _set_freq(draft, "monthly", _positive(token))


def _on_n_years(draft: _Draft, state: _TokenState, token: _Token) -> None:
    _refuse_pending(state, token)
    _set_freq(draft, "yearly", _positive(token))


def _positive(token: _Token) -> int:
    if not token.number:
        raise ScheduleError(f"「{token.text}」の間隔は1以上にしてください")
    return token.number


def _on_parity(draft: _Draft, state: _TokenState, token: _Token) -> None:
    _refuse_pending(state, token)
    if draft.months:
        raise _contradiction("月の指定")
    draft.months.extend(ODD_MONTHS if token.text == "奇数月" else EVEN_MONTHS)


def _on_weekdays(draft: _Draft, state: _TokenState, token: _Token) -> None:
    _refuse_pending(state, token)
    draft.weekdays_only = True


def _on_ordinal(draft: _Draft, state: _TokenState, token: _Token) -> None:
    _refuse_pending(state, token)
    ordinal = LAST if token.number is None else _ordinal_number(token.number)
    if not draft.groups or draft.groups[-1].weekdays:
        draft.groups.append(_DayGroup())
    draft.groups[-1].ordinals.append(ordinal)


def _ordinal_number(n: int) -> int:
    if not 1 <= n <= 5:
        raise ScheduleError(f"「第{n}」の曜日はありません（第1〜第5か最終です）")
    return n


def _on_number(draft: _Draft, state: _TokenState, token: _Token) -> None:
    """A bare number: '第2・4水曜日' (ordinal) or '5・20日' / '7・8月' (waits for its unit)."""
    assert token.number is not None
    group = draft.groups[-1] if draft.groups else None
    if state.previous == "ordinal" and group and not group.weekdays and not state.pending_numbers:
        group.ordinals.append(_ordinal_number(token.number))
        return
    state.pending_numbers.append(token.number)


def _on_month(draft: _Draft, state: _TokenState, token: _Token) -> None:
    _refuse_open_range(state, token)
    if draft.months and state.previous != "month" and not state.pending_numbers:
        raise _contradiction("月の指定")
    assert token.number is not None
    draft.months.extend(_month_number(n) for n in [*state.pending_numbers, token.number])
    state.pending_numbers.clear()


def _month_number(n: int) -> int:
    if not 1 <= n <= 12:
        raise ScheduleError(f"{n}月はありません（1〜12月です）")
    return n


def _on_month_day(draft: _Draft, state: _TokenState, token: _Token) -> None:
    _refuse_open_range(state, token)
    assert token.number is not None
    for n in [*state.pending_numbers, token.number]:
        if not 1 <= n <= 31:
            raise ScheduleError(f"{n}日はありません（1〜31日です）")
        draft.month_days.append(n)
    state.pending_numbers.clear()


def _on_month_end(draft: _Draft, state: _TokenState, token: _Token) -> None:
    _refuse_pending(state, token)
    draft.month_days.append(MONTH_END)


def _on_weekday(draft: _Draft, state: _TokenState, token: _Token) -> None:
    """Weekdays join the current group: 第1・第3月・木曜日 is one group of two weekdays."""
    if state.pending_numbers:
        _refuse_pending(state, token)
    weekday = WEEKDAY_CHARS.index(token.text[0])
    continues_group = state.previous in ("ordinal", "number", "weekday", "range")
    if not draft.groups or (draft.groups[-1].ordinals and not continues_group):
        draft.groups.append(_DayGroup())
    group = draft.groups[-1]
    if state.range_open:
        group.weekdays.extend(_weekday_range(group.weekdays[-1], weekday)[1:])
        state.range_open = False
    else:
        group.weekdays.append(weekday)


def _weekday_range(first: int, last: int) -> list[int]:
    """月〜金 -> [0..4]; wraps round the week (金〜月 -> 金土日月)."""
    return [(first + i) % 7 for i in range((last - first) % 7 + 1)]


def _on_holiday(draft: _Draft, state: _TokenState, token: _Token) -> None:
    _refuse_pending(state, token)
    draft.include_holidays = True


def _on_range(draft: _Draft, state: _TokenState, token: _Token) -> None:
    if state.previous != "weekday" or state.range_open:
        raise ScheduleError("「〜」の前後が曜日になっていません（例: 月〜金）")
    state.range_open = True


_TOKEN_HANDLERS = {
    "week_ordinal": _on_week_ordinal,
    "freq": _on_freq,
    "n_weeks": _on_n_weeks,
    "n_months": _on_n_months,
    "n_years": _on_n_years,
    "parity": _on_parity,
    "weekdays": _on_weekdays,
    "ordinal": _on_ordinal,
    "number": _on_number,
    "month": _on_month,
    "month_day": _on_month_day,
    "month_end": _on_month_end,
    "weekday": _on_weekday,
    "holiday": _on_holiday,
    "range": _on_range,
}


# --- draft -> Rule ----------------------------------------------------------


def _draft_to_rule(draft: _Draft) -> Rule:
    freq, interval = _resolve_freq(draft)
    byday = _resolve_byday(draft, freq)
    return Rule(
        freq=freq,
        interval=interval,
        byday=byday,
        bymonthday=tuple(draft.month_days),
        bymonth=tuple(draft.months),
        start_time=draft.start_time,
        end_time=draft.end_time,
        anchor=draft.anchor,
        until=draft.until,
        holidays=_resolve_holidays(draft),
        closed_periods=tuple(draft.closed_periods),
        closed_months=tuple(draft.closed_months),
        note=draft.note,
    )


def _has_ordinals(draft: _Draft) -> bool:
    return any(g.ordinals for g in draft.groups)


def _plain_weekdays(draft: _Draft) -> list[int]:
    return [w for g in draft.groups if not g.ordinals for w in g.weekdays]


def _resolve_freq(draft: _Draft) -> tuple[str, int]:
    """Explicit 毎週/毎月/… wins; otherwise 第N or N日 means monthly, weekdays weekly."""
    monthly_days = _has_ordinals(draft) or bool(draft.month_days)
    weekly_days = bool(_plain_weekdays(draft)) or draft.weekdays_only or draft.every_day
    if draft.freq is not None:
        return draft.freq, draft.interval or 1
    if monthly_days:
        return "monthly", 1
    if weekly_days or draft.include_holidays:
        return "weekly", 1
    raise ScheduleError("曜日や日付が見つかりません。例: 「毎週金曜日 10:00〜12:00」「毎月15日」")


def _resolve_byday(draft: _Draft, freq: str) -> tuple[ByDay, ...]:
    if draft.weekdays_only and (draft.groups or draft.every_day):
        raise _contradiction("「平日」と曜日の指定")
    if draft.every_day and draft.groups:
        raise _contradiction("「毎日」と曜日の指定")
    if freq != "weekly" and (draft.weekdays_only or draft.every_day):
        raise _contradiction("「平日」「毎日」と毎月・毎年の指定")
    if draft.groups and not draft.groups[-1].weekdays:
        raise ScheduleError("「第2」などの後に曜日がありません（例: 第2水曜日）")
    byday = _collect_byday(draft)
    return _remove_closed_weekdays(byday, draft.closed_weekdays, freq)


def _collect_byday(draft: _Draft) -> list[ByDay]:
    if draft.weekdays_only:
        return [(None, w) for w in WEEKDAYS_MON_FRI]
    if draft.every_day:
        return [(None, w) for w in range(7)]
    byday: list[ByDay] = []
    for group in draft.groups:
        ordinals: list[int | None] = list(group.ordinals) or [None]
        byday.extend((o, w) for o in ordinals for w in group.weekdays)
    return byday


def _remove_closed_weekdays(byday: list[ByDay], closed: list[int], freq: str) -> tuple[ByDay, ...]:
    """「月〜土（日曜は休み）」: a closed weekday just drops out of a weekly rule."""
    if not closed:
        return tuple(byday)
    if freq != "weekly":
        raise ScheduleError("「土日は休み」のような曜日の休みは毎週の予定にだけ使えます")
    kept = tuple((o, w) for o, w in byday if w not in closed)
    if not kept:
        raise ScheduleError("休みの曜日を除くと開催日が残りません")
    return kept


def _resolve_holidays(draft: _Draft) -> HolidayPolicy:
    clause = draft.holiday_clause
    if draft.weekdays_only and clause not in (None, "closed"):
        raise _contradiction("「平日」（祝日を除く）と祝日の扱い")
    if draft.include_holidays:
        if clause not in (None, "open"):
            raise _contradiction("「祝日も開催」（土日祝など）と祝日の扱い")
        return "include"
    if draft.weekdays_only:
        return "closed"
    return clause or "open"


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


# ---------------------------------------------------------------------------
# Describing a rule in plain Japanese
# ---------------------------------------------------------------------------


def describe(rule: Rule) -> str:
    """Plain Japanese for a rule, e.g. 「毎月第2・第4水曜日 13:30〜15:30（祝日は休み）」.

    For every rule that parse_phrase can produce, parse_phrase(describe(rule)) == rule.
    """
    if rule.freq is None:
        return rule.note
    text = _describe_days(rule) + _describe_time(rule)
    text += "".join(f"（{part}）" for part in _describe_exceptions(rule))
    return f"{text} ※{rule.note}" if rule.note else text


def _describe_days(rule: Rule) -> str:
    if rule.freq == "weekly":
        return _describe_weekly(rule)
    if rule.freq == "monthly":
        return _describe_monthly(rule)
    return _describe_yearly(rule)


def _month_prefix(months: Sequence[int]) -> str:
    if tuple(months) == ODD_MONTHS:
        return "奇数月"
    if tuple(months) == EVEN_MONTHS:
        return "偶数月"
    return "・".join(f"{m}月" for m in months)


def _describe_weekly(rule: Rule) -> str:
    weekdays = [w for _, w in rule.byday]
    prefix = f"{_month_prefix(rule.bymonth)} " if rule.bymonth else ""
    word = {1: "毎週", 2: "隔週"}.get(rule.interval, f"{rule.interval}週ごとの")
    if rule.interval == 1 and len(weekdays) == 7 and rule.holidays != "include":
        return prefix + "毎日"
    if _is_weekdays_form(rule):
        return prefix + ("平日" if rule.interval == 1 else f"{word}平日")
    if tuple(weekdays) == (5, 6) and rule.holidays == "include" and rule.interval == 1:
        return prefix + "土日祝"
    days = _weekday_list(weekdays)
    return prefix + word + days + ("・祝日" if rule.holidays == "include" else "")


def _weekday_list(weekdays: Sequence[int]) -> str:
    """[0,1,2,3,4] -> 月〜金曜日, [0,3] -> 月・木曜日 (runs of 3+ use 〜)."""
    parts = []
    for run in _consecutive_runs(sorted(set(weekdays))):
        if len(run) >= 3:
            parts.append(f"{WEEKDAY_CHARS[run[0]]}〜{WEEKDAY_CHARS[run[-1]]}")
        else:
            parts.extend(WEEKDAY_CHARS[w] for w in run)
    return "・".join(parts) + "曜日"


def _consecutive_runs(values: Sequence[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for v in values:
        if runs and runs[-1][-1] == v - 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    return runs


def _describe_monthly(rule: Rule) -> str:
    if rule.bymonth:
        lead = f"{_month_prefix(rule.bymonth)} "
    else:
        lead = {1: "毎月", 2: "隔月"}.get(rule.interval, f"{rule.interval}か月ごとの")
    return lead + _describe_month_days(rule)


def _describe_yearly(rule: Rule) -> str:
    word = {1: "毎年", 2: "隔年"}.get(rule.interval, f"{rule.interval}年ごとの")
    return word + _month_prefix(rule.bymonth) + _describe_month_days(rule)


def _describe_month_days(rule: Rule) -> str:
    if rule.bymonthday:
        days = [f"{d}日" for d in rule.bymonthday if d != MONTH_END]
        return "・".join(days + (["末日"] if MONTH_END in rule.bymonthday else []))
    return "・".join(_ordinal_groups(rule.byday))


def _ordinal_groups(byday: Sequence[ByDay]) -> list[str]:
    """Weekdays sharing the same ordinals are written together: 第1・第3月・木曜日."""
    by_weekday: dict[int, list[int]] = {}
    for ordinal, weekday in byday:
        by_weekday.setdefault(weekday, []).append(ordinal if ordinal is not None else 0)
    grouped: dict[tuple[int, ...], list[int]] = {}
    for weekday, ordinals in by_weekday.items():
        grouped.setdefault(tuple(ordinals), []).append(weekday)
    return [_ordinal_text(ords) + _weekday_list(days) for ords, days in grouped.items()]


def _ordinal_text(ordinals: Sequence[int]) -> str:
    return "・".join("最終" if o == LAST else f"第{o}" for o in ordinals)


def _format_time(value: time) -> str:
    """8:45, 13:30; early hours keep their leading zero (06:30) so they are not read as 午後."""
    hour = f"{value.hour:02d}" if value.hour < EARLIEST_UNMARKED_HOUR else str(value.hour)
    return f"{hour}:{value.minute:02d}"


def _format_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _describe_time(rule: Rule) -> str:
    if rule.start_time is None:
        return ""
    end = _format_time(rule.end_time) if rule.end_time else ""
    return f" {_format_time(rule.start_time)}〜{end}"


def _describe_exceptions(rule: Rule) -> list[str]:
    parts = []
    if rule.holidays == "closed" and not _is_weekdays_form(rule):
        parts.append("祝日は休み")
    elif rule.holidays == "next_week":
        parts.append("祝日の場合は翌週")
    parts.extend(_describe_period(p) for p in rule.closed_periods)
    if rule.closed_months:
        parts.append("・".join(f"{m}月" for m in rule.closed_months) + "は休み")
    dates = _describe_date_limits(rule)
    return parts + ([dates] if dates else [])


def _is_weekdays_form(rule: Rule) -> bool:
    """True when describe() writes the rule as 平日, which already means 'closed on holidays'."""
    weekdays = tuple(w for _, w in rule.byday)
    return rule.freq == "weekly" and weekdays == WEEKDAYS_MON_FRI and rule.holidays == "closed"


def _describe_period(period: Period) -> str:
    if period == NEW_YEAR_PERIOD:
        return "年末年始を除く"
    (m1, d1), (m2, d2) = period
    if period[0] == period[1]:
        return f"{m1}月{d1}日は休み"
    return f"{m1}月{d1}日〜{m2}月{d2}日は休み"


def _describe_date_limits(rule: Rule) -> str:
    first = f"{_format_date(rule.anchor)}から" if rule.anchor else ""
    last = f"{_format_date(rule.until)}まで" if rule.until else ""
    return first + last


# ---------------------------------------------------------------------------
# Occurrences
# ---------------------------------------------------------------------------


def occurrences(rule: Rule, start: date, end: date) -> list[Occurrence]:
    """Every meeting between start and end (both inclusive), sorted.

    Applies national holidays (jpholiday) according to ``rule.holidays``, then
    closed periods (which may span the new year) and closed months.  A meeting
    moved by 祝日の場合は翌週 keeps moving while it still lands on a holiday.
    """
    return list(_occurrences(rule, start, end))


# Rules are values, and a directory repeats the same few (平日 8:45〜17:15, 毎月第2水曜日 …)
# thousands of times over one build's window: compute each once.
@functools.lru_cache(maxsize=8192)
def _occurrences(rule: Rule, start: date, end: date) -> tuple[Occurrence, ...]:
    if rule.freq is None or end < start:
        return ()
    lookback = timedelta(days=7 * MAX_HOLIDAY_SHIFTS) if rule.holidays == "next_week" else timedelta(0)
    days = _apply_holiday_policy(rule, _series_dates(rule, start - lookback, end), start, end)
    kept = {d for d in days if start <= d <= end and _within_limits(rule, d) and not _is_closed(rule, d)}
    return tuple(Occurrence(d, rule.start_time, rule.end_time) for d in sorted(kept))


def next_occurrences(rule: Rule, today: date, count: int = 3) -> list[Occurrence]:
    """The next ``count`` meetings from today (inclusive); fewer if the rule ends."""
    found: list[Occurrence] = []
    window_start = today
    for _ in range(10 * max(1, rule.interval)):
        if len(found) >= count or (rule.until and window_start > rule.until):
            break
        window_end = window_start + timedelta(days=365)
        found.extend(occurrences(rule, window_start, window_end))
        window_start = window_end + timedelta(days=1)
    return found[:count]


def _within_limits(rule: Rule, day: date) -> bool:
    return (rule.anchor is None or day >= rule.anchor) and (rule.until is None or day <= rule.until)


def _is_closed(rule: Rule, day: date) -> bool:
    if day.month in rule.closed_months:
        return True
    return any(_in_period(day, period) for period in rule.closed_periods)


def _in_period(day: date, period: Period) -> bool:
    """Month-day periods; (12,29)-(1,3) wraps round the new year."""
    first, last = period
    md = (day.month, day.day)
    if first <= last:
        return first <= md <= last
    return md >= first or md <= last


def _apply_holiday_policy(rule: Rule, days: list[date], start: date, end: date) -> list[date]:
    if rule.holidays == "closed":
        return [d for d in days if not _is_holiday(d)]
    if rule.holidays == "next_week":
        return [moved for d in days if (moved := _skip_holiday_weeks(d)) is not None]
    if rule.holidays == "include":
        return days + [d for d in _holidays_between(start, end) if _month_allowed(rule, d)]
    return days


def _skip_holiday_weeks(day: date) -> date | None:
    for _ in range(MAX_HOLIDAY_SHIFTS):
        if not _is_holiday(day):
            return day
        day += timedelta(days=7)
    return None


@functools.cache
def _year_holidays(year: int) -> frozenset[date]:
    """A year's national holidays; cached because jpholiday recomputes them on every call
    and a build asks about the same days for thousands of records."""
    return frozenset(d for d, _ in jpholiday.year_holidays(year))


def _is_holiday(day: date) -> bool:
    return day in _year_holidays(day.year)


def _holidays_between(start: date, end: date) -> list[date]:
    days = []
    for year in range(start.year, end.year + 1):
        days.extend(d for d in _year_holidays(year) if start <= d <= end)
    return days


def _month_allowed(rule: Rule, day: date) -> bool:
    return not rule.bymonth or day.month in rule.bymonth


def _series_dates(rule: Rule, start: date, end: date) -> list[date]:
    """The plain RRULE expansion (no holidays, no closures) between start and end."""
    lo = max(start, rule.anchor) if rule.anchor else start
    hi = min(end, rule.until) if rule.until else end
    if hi < lo:
        return []
    if rule.freq == "weekly":
        return _weekly_dates(rule, lo, hi)
    days = []
    for year, month in _months_between(lo, hi):
        if _month_allowed(rule, date(year, month, 1)) and _period_in_phase(rule, year, month):
            days.extend(d for d in _dates_in_month(rule, year, month) if lo <= d <= hi)
    return days


def _weekly_dates(rule: Rule, lo: date, hi: date) -> list[date]:
    days = []
    for weekday in {w for _, w in rule.byday}:
        day = lo + timedelta(days=(weekday - lo.weekday()) % 7)  # the first such weekday
        while day <= hi:
            if _month_allowed(rule, day) and _week_in_phase(rule, day):
                days.append(day)
            day += timedelta(days=7)
    return sorted(days)


def _week_in_phase(rule: Rule, day: date) -> bool:
    """Weeks start on Monday (RRULE WKST=MO); the anchor's week is week 0."""
    if rule.interval == 1 or rule.anchor is None:
        return True
    monday = day - timedelta(days=day.weekday())
    anchor_monday = rule.anchor - timedelta(days=rule.anchor.weekday())
    return ((monday - anchor_monday).days // 7) % rule.interval == 0


def _period_in_phase(rule: Rule, year: int, month: int) -> bool:
    if rule.interval == 1 or rule.anchor is None:
        return True
    if rule.freq == "yearly":
        return (year - rule.anchor.year) % rule.interval == 0
    return ((year * 12 + month) - (rule.anchor.year * 12 + rule.anchor.month)) % rule.interval == 0


def _months_between(lo: date, hi: date) -> Iterator[tuple[int, int]]:
    year, month = lo.year, lo.month
    while (year, month) <= (hi.year, hi.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _dates_in_month(rule: Rule, year: int, month: int) -> list[date]:
    last_day = calendar.monthrange(year, month)[1]
    days = [date(year, month, last_day if d == MONTH_END else d) for d in rule.bymonthday if d <= last_day]
    for ordinal, weekday in rule.byday:
        found = _nth_weekday(year, month, ordinal or 1, weekday)
        if found:
            days.append(found)
    return days


def _nth_weekday(year: int, month: int, ordinal: int, weekday: int) -> date | None:
    """The ordinal-th weekday of a month (LAST = the last one), or None."""
    last_day = calendar.monthrange(year, month)[1]
    if ordinal == LAST:
        last = date(year, month, last_day)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + 7 * (ordinal - 1)
    return date(year, month, day) if day <= last_day else None


# ---------------------------------------------------------------------------
# iCalendar export
# ---------------------------------------------------------------------------


def to_rrule(rule: Rule) -> dict[str, str]:
    """RRULE parts as strings, e.g. {"FREQ": "MONTHLY", "INTERVAL": "1", "BYDAY": "2WE,4WE"}.

    Holidays and closures are not part of the RRULE: export them as EXDATE/RDATE
    from :func:`ics_exception_dates`.  Use the rule's first occurrence as DTSTART
    (RFC 5545 counts DTSTART as an occurrence even if it does not match).  UNTIL
    is a DATE (YYYYMMDD); with a DATE-TIME DTSTART turn it into a UTC DATE-TIME.
    WKST=MO is given for weekly rules with an interval, matching :func:`occurrences`.
    An irregular rule (freq None) has no RRULE: the result is empty.
    """
    if rule.freq is None:
        return {}
    parts = {"FREQ": rule.freq.upper(), "INTERVAL": str(rule.interval)}
    if rule.byday:
        parts["BYDAY"] = ",".join(f"{o if o is not None else ''}{RRULE_DAYS[w]}" for o, w in rule.byday)
    if rule.bymonthday:
        parts["BYMONTHDAY"] = ",".join(map(str, rule.bymonthday))
    if rule.bymonth:
        parts["BYMONTH"] = ",".join(map(str, rule.bymonth))
    if rule.until:
        parts["UNTIL"] = rule.until.strftime("%Y%m%d")
    if rule.freq == "weekly" and rule.interval > 1:
        parts["WKST"] = "MO"
    return parts


def to_rrule_string(rule: Rule) -> str:
    """'FREQ=MONTHLY;INTERVAL=1;BYDAY=2WE,4WE' (empty for an irregular rule)."""
    return ";".join(f"{key}={value}" for key, value in to_rrule(rule).items())


@functools.lru_cache(maxsize=8192)
def ics_exception_dates(rule: Rule, start: date, end: date) -> tuple[list[date], list[date]]:
    """(EXDATE, RDATE) dates making the plain RRULE agree with :func:`occurrences`.

    EXDATE: RRULE dates with no meeting (holidays, closures, moved meetings);
    RDATE: meetings the RRULE does not produce (moved meetings, 土日祝's holidays).
    """
    plain = set(_series_dates(rule, start, end)) if rule.freq else set()
    actual = {o.day for o in occurrences(rule, start, end)}
    return sorted(plain - actual), sorted(actual - plain)
