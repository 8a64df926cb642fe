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

One module per job: ``rule`` (the model and its checks), ``phrases`` (reading Japanese
phrases), ``structured`` (the structured form), ``wording`` (describing a rule in Japanese)
and ``recurrence`` (occurrences and RRULE). Import from this package, not the modules.
"""

from .phrases import normalize, parse_phrase
from .recurrence import (
    has_dated_exceptions,
    ics_exception_dates,
    next_occurrences,
    occurrences,
    open_months,
    to_rrule,
    to_rrule_string,
)
from .rule import (
    EARLIEST_UNMARKED_HOUR,
    EVEN_MONTHS,
    FREQS,
    HOLIDAY_POLICIES,
    LAST,
    MAX_HOLIDAY_SHIFTS,
    MONTH_END,
    NEW_YEAR_PERIOD,
    ODD_MONTHS,
    RRULE_DAYS,
    VALID_ORDINALS,
    WEEKDAY_CHARS,
    WEEKDAYS_MON_FRI,
    ByDay,
    HolidayPolicy,
    MonthDay,
    Occurrence,
    Period,
    Rule,
    ScheduleError,
)
from .structured import parse_schedule, rule_from_mapping
from .wording import describe

__all__ = [
    "HOLIDAY_POLICIES",
    "Occurrence",
    "Rule",
    "ScheduleError",
    "describe",
    "has_dated_exceptions",
    "ics_exception_dates",
    "next_occurrences",
    "normalize",
    "occurrences",
    "open_months",
    "parse_phrase",
    "parse_schedule",
    "rule_from_mapping",
    "to_rrule",
    "to_rrule_string",
]
