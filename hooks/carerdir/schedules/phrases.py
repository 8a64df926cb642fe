"""Reading leaflet-style Japanese phrases (「毎月第2・第4水曜日 13:30〜15:30（祝日は休み）」) into a Rule.

:func:`normalize` cleans a phrase up (widths, kanji numerals, range signs); :func:`parse_phrase`
fills a draft with one extractor per kind of clause, then reads the remaining day tokens.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time

from .rule import (
    EARLIEST_UNMARKED_HOUR,
    EVEN_MONTHS,
    LAST,
    MONTH_END,
    NEW_YEAR_PERIOD,
    NOTE_HINT,
    ODD_MONTHS,
    STRUCTURED_HINT,
    WEEKDAY_CHARS,
    WEEKDAYS_MON_FRI,
    ByDay,
    HolidayPolicy,
    Period,
    Rule,
    ScheduleError,
    _check_calendar_day,
)

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


# Phrases repeat across files (平日 8:45〜17:15 in hundreds of counters); a Rule is immutable, so
# each distinct phrase is read once. Errors are not cached: a wrong phrase is read again.
@functools.lru_cache(maxsize=4096)
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

_MD = r"(?<!\d)(\d{1,2})月(\d{1,2})日"  # whole numbers only: see _CLOSURE_ITEM
_MD_RE = re.compile(_MD)
_CLOSED_SUFFIX = r"\s*(?:は|を)?\s*(?:お?休み|休館|休業|休所|休会|休止|除く|定休日?)(?:です)?"
_CLOSURE_ITEM = (
    rf"年末年始(?:\s*\(\s*{_MD}\s*〜\s*{_MD}\s*\))?"
    rf"|{_MD}(?:\s*〜\s*{_MD})?"
    # A run of digits is one item, whole (never "12" + "34"): splitting runs every way made a
    # long number take exponential time to refuse (found by the importer's property test).
    r"|(?<!\d)\d{1,2}(?!\d)月?(?!曜)"
    # A run of weekdays is one item too (月火水 is never 月 + 火水), for the same reason.
    r"|[月火水木金土日](?:曜日?)?(?:[月火水木金土日](?:曜日?)?)*(?![月火水木金土日])"
    r"|祝(?:休|祭)?日|祝"
)
_CLOSURE_RE = re.compile(
    # `*+` (possessive): the items are read once, longest first, and never split again when the
    # suffix does not follow; trying every split took exponential time on long invalid cells.
    rf"(?<![\d:第毎隔曜祝平数週年])((?:{_CLOSURE_ITEM})(?:(?:\s*[・、,と]\s*)?(?:{_CLOSURE_ITEM}))*+){_CLOSED_SUFFIX}"
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
