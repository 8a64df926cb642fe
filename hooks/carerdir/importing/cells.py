"""One spreadsheet cell into the value a record field holds: the inverse of columns.cell_text.

Reads what the open-data export writes (Japanese labels, lists joined by "; ", YYYY-MM-DD,
はい, schedule rules as YAML flow mappings) and what staff type: vocabulary keys or staff words
(要, 不要, サロン…, from columns.yml), full-width digits, ～ for 〜, numbers Excel stored as
numbers (a phone or postal code that lost its leading zero), dates Excel stored as dates.
Whatever still does not fit is passed on unchanged, so the validator explains it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from typing import Any

import phonenumbers
import yaml

from ..columns import TRUE_TEXT, normalise_heading, value_words
from ..rules import normalise
from ..schedules import ScheduleError, parse_phrase
from ..schema import BOOL, DATE, EMAIL, ENUM, ENUM_LIST, KANA, LINE, PHONE, POSTAL, TEXT, TOWN_LIST, URL, Field

# Full-width digits and Latin letters, the ideographic space and half-width katakana are what
# Japanese input gives by accident; NFKC on the whole text would also change （）and ～.
_ACCIDENTAL_WIDTH = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\uff61-\uff9f]+")
_CLOCK_COLON = re.compile(r"(\d)：(\d)")
_DIGIT_DASH = re.compile(r"(?<=\d)[‐‑‒–—―−ｰー－](?=\d)")
# Controls (YAML cannot hold most, and reads NEL as a line break), surrogates, U+FFFE/FFFF:
# invisible in a cell, so dropped.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t]+")
_LIST_SPLIT = re.compile(r"\s*[;；\n、,，]\s*")
_SCHEDULE_SPLIT = re.compile(r"\s*(?:;|；|\n)\s*")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_PHONE_IN_TEXT = re.compile(r"0\d{1,4}-?\d{1,4}-?\d{3,4}")
TRUE_WORDS = {TRUE_TEXT, "TRUE", "YES", "○", "〇", "1", "Y"}
FALSE_WORDS = {"いいえ", "FALSE", "NO", "×", "0", "N"}


class CellError(ValueError):
    """A cell that cannot become a value, with a message and a right example in Japanese."""

    def __init__(self, message: str, example: str = "") -> None:
        super().__init__(message)
        self.message, self.example = message, example


def text_of(cell: Any) -> str:
    """A cell as text the way Excel shows it: 12.0 as 12, a date as YYYY-MM-DD."""
    if cell is None or isinstance(cell, bool) and not cell:
        return ""
    if isinstance(cell, bool):
        return TRUE_TEXT
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time(0) else cell.strftime("%Y-%m-%d %H:%M")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, time):
        return f"{cell.hour}:{cell.minute:02d}"
    return str(cell)


def tidy(text: str, one_line: bool = True) -> str:
    """Accidental full-width characters to half-width, runs of spaces to one, no blank ends."""
    text = _UNPRINTABLE.sub("", text)
    text = _ACCIDENTAL_WIDTH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("～", "〜")
    text = _CLOCK_COLON.sub(r"\1:\2", text)  # 13：30
    text = _DIGIT_DASH.sub("-", text)  # 061－0213, 32ー2
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return " ".join(x for x in lines if x) if one_line else "\n".join(lines).strip()


def is_empty(cell: Any) -> bool:
    return tidy(text_of(cell)) == ""


def field_value(field: Field, cell: Any) -> Any:
    """The record value of `cell` for `field` (None for an empty cell); CellError if it cannot be."""
    if is_empty(cell):
        return None
    reader = _READERS.get(field.shape, _line)
    return reader(field, cell)


def _line(field: Field, cell: Any) -> str:
    return tidy(text_of(cell))


def _text(field: Field, cell: Any) -> str:
    return tidy(text_of(cell), one_line=False)


def _kana(field: Field, cell: Any) -> str:
    return unicodedata.normalize("NFKC", tidy(text_of(cell)))


def term(field: Field, text: str) -> str:
    words = value_words(field.name)
    found = words.get(normalise_heading(text))
    if found is None:
        assert field.vocabulary is not None
        allowed = "、".join(field.vocabulary.values())
        raise CellError(f"「{text}」は{field.label}として読めません。使える値: {allowed}",
                        next(iter(field.vocabulary.values())))
    return found


def _enum(field: Field, cell: Any) -> str:
    return term(field, tidy(text_of(cell)))


def _enum_list(field: Field, cell: Any) -> list[str]:
    items = [item for item in _LIST_SPLIT.split(tidy(text_of(cell), one_line=False)) if item]
    return list(dict.fromkeys(term(field, item) for item in items))


def _town_list(field: Field, cell: Any) -> list[str]:
    return [item for item in _LIST_SPLIT.split(tidy(text_of(cell), one_line=False)) if item]


def schedule_items(cell: Any) -> list[str | dict[str, Any]]:
    """A schedule cell's items: phrases as written (tidied), structured rules as mappings."""
    items: list[str | dict[str, Any]] = []
    for item in _SCHEDULE_SPLIT.split(tidy(text_of(cell), one_line=False)):
        if item.startswith("{"):
            try:
                rule = yaml.safe_load(item)
            except yaml.YAMLError:
                rule = None
            if not isinstance(rule, dict):
                raise CellError(f"「{item}」を日時の決まりとして読めません。{{ }} の中を確かめてください",
                                "{freq: weekly, byday: [WE], start: \"13:30\", end: \"15:30\"}")
            items.append(rule)
        elif item:
            items.append(item)
    return items


def readable(item: str | dict[str, Any]) -> bool:
    """Whether the schedule parser understands a phrase (structured rules are left to the validator)."""
    if isinstance(item, dict):
        return True
    try:
        parse_phrase(item)
    except ScheduleError:
        return False
    return True


def _date(field: Field, cell: Any) -> date | str:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = tidy(text_of(cell))
    match = _DATE.match(text)
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            pass  # an impossible date: the validator says which
    return text


def _bool(field: Field, cell: Any) -> bool:
    text = normalise_heading(tidy(text_of(cell)))
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(f"「{text_of(cell)}」は はい か 空欄 にしてください", TRUE_TEXT)


def _phone(field: Field, cell: Any) -> str:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        text = "0" + text_of(cell)  # Excel keeps a typed 0133232111 as the number 133232111
    else:
        text = normalise(tidy(text_of(cell)))
    found = _PHONE_IN_TEXT.findall(text)
    number = found[0] if len(found) == 1 else text
    try:
        parsed = phonenumbers.parse(number, "JP")
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_valid_number(parsed):
        return text
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def _postal(field: Field, cell: Any) -> str:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        digits = text_of(cell).zfill(7)  # 0610213 stored as a number
    else:
        digits = normalise(tidy(text_of(cell))).lstrip("〒").strip()
    if re.fullmatch(r"\d{7}", digits):
        return f"{digits[:3]}-{digits[3:]}"
    return digits


def _address_like(field: Field, cell: Any) -> str:
    return unicodedata.normalize("NFKC", tidy(text_of(cell)))


def coordinate(cell: Any) -> float | None:
    """A latitude or longitude cell as a number; CellError if it holds something else."""
    if is_empty(cell):
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    text = unicodedata.normalize("NFKC", tidy(text_of(cell)))
    try:
        return float(text)
    except ValueError:
        raise CellError(f"「{text}」は数ではありません。緯度・経度は 43.2237 のような数で書いてください",
                        "43.2237") from None


_READERS = {
    LINE: _line, TEXT: _text, KANA: _kana, ENUM: _enum, ENUM_LIST: _enum_list, TOWN_LIST: _town_list,
    DATE: _date, BOOL: _bool, PHONE: _phone, POSTAL: _postal, EMAIL: _address_like, URL: _address_like,
}
