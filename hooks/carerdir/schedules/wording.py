"""Describing a Rule in plain Japanese (「毎月第2・第4水曜日 13:30〜15:30（祝日は休み）」).

For every rule that parse_phrase can produce, parse_phrase(describe(rule)) == rule.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from .rule import (
    EVEN_MONTHS,
    LAST,
    MONTH_END,
    NEW_YEAR_PERIOD,
    ODD_MONTHS,
    WEEKDAY_CHARS,
    WEEKDAYS_MON_FRI,
    ByDay,
    Period,
    Rule,
    _format_date,
    _format_time,
)

# ---------------------------------------------------------------------------
# Describing a rule in plain Japanese
# ---------------------------------------------------------------------------


# Every record page, feed and export describes its rules, and many records share one rule.
@functools.lru_cache(maxsize=4096)
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
