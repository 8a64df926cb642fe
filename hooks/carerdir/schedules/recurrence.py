"""A Rule's dates: occurrences (with holidays and closures applied) and its RRULE export.

The plain series is expanded by dateutil.rrule, the maintained implementation of RFC 5545
recurrence, so our dates and a calendar app's come from the same rules. National holidays
always come from the ``jpholiday`` library.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta

import jpholiday
from dateutil.rrule import FR, MO, MONTHLY, SA, SU, TH, TU, WE, WEEKLY, YEARLY, rrule

from .rule import MAX_HOLIDAY_SHIFTS, RRULE_DAYS, Occurrence, Period, Rule

_DATEUTIL_DAYS = (MO, TU, WE, TH, FR, SA, SU)
_DATEUTIL_FREQS = {"weekly": WEEKLY, "monthly": MONTHLY, "yearly": YEARLY}

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
    # An interval counts weeks/months/years from the anchor; without one any start will do.
    first = rule.anchor if rule.anchor and rule.interval > 1 else lo
    found = _recurrence(rule, first).between(_midnight(lo), _midnight(hi), inc=True)
    return [moment.date() for moment in found]


@functools.lru_cache(maxsize=8192)
def _recurrence(rule: Rule, first: date) -> rrule:
    """The rule as a dateutil rrule from `first` (WKST=MO, as :func:`to_rrule` says)."""
    assert rule.freq is not None
    byweekday = [_DATEUTIL_DAYS[w] if o is None else _DATEUTIL_DAYS[w](o) for o, w in rule.byday]
    return rrule(_DATEUTIL_FREQS[rule.freq], dtstart=_midnight(first), interval=rule.interval, wkst=MO,
                 byweekday=byweekday or None, bymonthday=rule.bymonthday or None,
                 bymonth=open_months(rule) or None)


def open_months(rule: Rule) -> tuple[int, ...]:
    """BYMONTH with the closed months (「8月は休み」) left out; () means every month.

    A closed month is part of the series, not an exception to it, so a calendar app that
    is never refreshed still skips every August.
    """
    if not rule.closed_months:
        return rule.bymonth
    return tuple(m for m in rule.bymonth or range(1, 13) if m not in rule.closed_months)


def has_dated_exceptions(rule: Rule) -> bool:
    """Whether the rule skips or moves meetings on particular dates (holidays, closed periods),
    which an RRULE cannot say: a feed lists them as EXDATE/RDATE and must end where they end."""
    return rule.holidays != "open" or bool(rule.closed_periods)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


# ---------------------------------------------------------------------------
# iCalendar export
# ---------------------------------------------------------------------------


def to_rrule(rule: Rule) -> dict[str, str]:
    """RRULE parts as strings, e.g. {"FREQ": "MONTHLY", "INTERVAL": "1", "BYDAY": "2WE,4WE"}.

    Closed months are part of BYMONTH; holidays and closed periods are not part of the
    RRULE: export them as EXDATE/RDATE from :func:`ics_exception_dates`, and end the
    series (UNTIL) where those lists end (:func:`has_dated_exceptions`).  Use the rule's first occurrence as DTSTART
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
    if open_months(rule):
        parts["BYMONTH"] = ",".join(map(str, open_months(rule)))
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
