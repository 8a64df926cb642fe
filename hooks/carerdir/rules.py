"""Check one record's fields against the schema and turn it into a typed `Record`.

Every check adds a `Problem` (file, line, field, what is wrong in Japanese, an example of a
right value) and goes on, so staff see every mistake of a file at once.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from typing import Any, Callable
from urllib.parse import urlsplit

import phonenumbers

from .boundaries import Area, area_at, city_code, lies_in
from .directory import Location, Municipality, Record
from .problems import Problem
from .schema import (FIELDS, HOKKAIDO_LAT, HOKKAIDO_LON, KANA_ALLOWED, KANA_PATTERN, PHONE_PATTERN, PLACE_FIELDS,
                     POSTAL_PATTERN, Field)
from .schedules import Rule, ScheduleError, parse_schedule
from .yamlfile import Mapping, Sequence

DASHES = re.compile("[‐‑‒–—―−ｰー－]")  # hyphen look-alikes staff paste from documents
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class RecordCheck:
    """Collects the problems of one record file while converting its values."""

    def __init__(self, data: Mapping, path: str, town: Municipality,
                 municipalities: dict[str, Municipality], today: date) -> None:
        self.data, self.path, self.town = data, path, town
        self.municipalities, self.today = municipalities, today
        self.problems: list[Problem] = []

    def problem(self, name: str, message: str, example: str | None = None, line: int | None = None) -> None:
        field = FIELDS.get(name)
        shown_example = example if example is not None else (field.example if field else "")
        self.problems.append(Problem(self.path, line or self.data.line_of(name), name, message, shown_example))

    def run(self, record_id: str) -> Record | None:
        self.check_keys()
        values: dict[str, Any] = {}
        for name, value in self.data.items():
            if name in FIELDS and value is None:  # `name:` with nothing after it
                self.problem(name, "空になっています。値を書くか、この行を消してください (empty)")
            elif name in FIELDS:
                converted = CHECKS[FIELDS[name].shape](self, FIELDS[name], value)
                if converted is not None:
                    values[name] = converted
        self.check_required(values)
        if "location" in values:
            self.check_location(values["location"])
        if "status_note" in values and values.get("status") != "suspended":
            self.problem("status_note", "休止の補足は、休止中の場所（status: suspended）にだけ書きます。"
                                        "休止中なら status: suspended の行を書き足してください", "status: suspended")
        if self.problems:
            return None
        town, slug = record_id.split("/")
        if "schedule" in values:
            values["schedule_text"] = tuple(_plain(item) for item in self.data["schedule"])
        return Record(id=record_id, town=town, slug=slug, path=self.path, **values)

    def check_keys(self) -> None:
        for key in self.data:
            if key not in FIELDS:
                near = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.6)
                hint = f"「{near[0]}」の書き間違いではありませんか" if near else \
                    "使える項目名は CONTRIBUTING.md の一覧を見てください"
                self.problem(key, f"「{key}」という項目はありません。{hint} (unknown field)",
                             FIELDS[near[0]].example if near else "")

    def check_required(self, values: dict[str, Any]) -> None:
        names = [f.name for f in FIELDS.values() if f.required]
        if values.get("format", self.data.get("format")) != "online":
            names += [n for n in PLACE_FIELDS]
        if values.get("kind", self.data.get("kind")) == "counter":
            names.append("phone")
        for name in names:
            if name not in self.data:
                why = "会場がある場合は" if name in PLACE_FIELDS else "相談窓口には" if name == "phone" else ""
                self.problem(name, f"{why}「{name}」（{FIELDS[name].label}）が必要です (required)。"
                                   "この項目を書き足してください", line=self.data.line)

    def check_location(self, where: Location) -> None:
        line = self.data.line_of("location")
        in_lat = HOKKAIDO_LAT[0] <= where.lat <= HOKKAIDO_LAT[1]
        in_lon = HOKKAIDO_LON[0] <= where.lon <= HOKKAIDO_LON[1]
        if not (in_lat and in_lon):
            swapped = HOKKAIDO_LAT[0] <= where.lon <= HOKKAIDO_LAT[1] and \
                HOKKAIDO_LON[0] <= where.lat <= HOKKAIDO_LON[1]
            message = "緯度（lat）と経度（lon）が逆になっています。入れ替えてください" if swapped else \
                "北海道の外の位置です。地図で位置を確かめてください (outside Hokkaido)"
            self.problem("location", message, self._office_example(), line)
        elif not lies_in(where.lat, where.lon, self.town):
            self.problem("location", self._elsewhere_message(area_at(where.lat, where.lon)),
                         self._office_example(), line)

    def _elsewhere_message(self, area: Area) -> str:
        """Where the point is, and the two ways out: move the point, or move the file and say
        whom the place serves."""
        here = f"{self.town.name}（resources/{self.town.slug}/）"
        if area.at_sea:
            return f"この位置は海の上です。{here}の場所なら、地図で位置を確かめて直してください (at sea)"
        if not area.in_hokkaido:
            return f"この位置は{area.name}で、北海道の外です。地図で位置を確かめてください (outside Hokkaido)"
        found = next((t for t in self.municipalities.values() if t.code[:5] == area.local_code), None)
        if found is None:  # a municipality the reference list does not have (北方領土の村)
            return f"この位置は{area.name}です。{here}の場所なら位置を直してください (wrong municipality)"
        # Our name, not the boundary's: JMA splits a few towns in parts (釧路市釧路, 釧路市音別).
        name, folder = found.name, f"resources/{found.slug}/ "
        wards = [t for t in self.municipalities.values() if t is not found and city_code(t) == area.local_code]
        if wards:
            folder = f"{name}の区のフォルダ（resources/{wards[0].slug}/ など）"
        return (f"この位置は{name}です。{here}の場所なら位置を直してください。"
                f"{name}にある場所なら {folder}に置き、{self.town.name}の人も使えるなら "
                f"serves: [{self.town.slug}] と書いてください (wrong municipality)")

    def _office_example(self) -> str:
        return f"location: {{lat: {self.town.lat:.4f}, lon: {self.town.lon:.4f}}}（{self.town.name}役場の位置）"


def _plain(value: Any) -> Any:
    """A YAML value without the line-keeping Mapping/Sequence types (plain dicts and lists)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.strip() if isinstance(value, str) else value


def normalise(text: str) -> str:
    """Full-width digits and letters to half-width, hyphen look-alikes to '-'."""
    return DASHES.sub("-", unicodedata.normalize("NFKC", text)).strip()


def _text(check: RecordCheck, field: Field, value: Any, one_line: bool = True) -> str | None:
    if not isinstance(value, str):
        check.problem(field.name, f"文字で書いてください（今は {_shown(value)} になっています）。"
                                  "数字だけのときは \"…\" で囲みます (expected text)")
        return None
    text = value.strip()
    if not text:
        check.problem(field.name, "空になっています。値を書くか、この行を消してください (empty)")
    elif one_line and "\n" in text:
        check.problem(field.name, "1行で書いてください（改行は使えません）")
    elif field.max_length and len(text) > field.max_length:
        check.problem(field.name, f"{len(text)} 文字あります。{field.max_length} 文字以内にしてください (too long)")
    else:
        return text
    return None


def _shown(value: Any) -> str:
    kinds = {str: "文字", bool: "真偽値（true/false）", int: "数", float: "数", list: "リスト", dict: "項目の組",
             Mapping: "項目の組", type(None): "空"}
    return kinds.get(type(value), type(value).__name__)


def check_line(check: RecordCheck, field: Field, value: Any) -> str | None:
    return _text(check, field, value)


def check_text(check: RecordCheck, field: Field, value: Any) -> str | None:
    return _text(check, field, value, one_line=False)


def check_kana(check: RecordCheck, field: Field, value: Any) -> str | None:
    text = _text(check, field, value)
    if text is not None and not re.match(KANA_PATTERN, text):
        check.problem(field.name, f"{KANA_ALLOWED}。漢字は使えません。検索と並べ替えに使います")
        return None
    return text


def _term(check: RecordCheck, field: Field, value: Any, line: int | None = None) -> str | None:
    assert field.vocabulary is not None
    if isinstance(value, str) and value in field.vocabulary:
        return value
    allowed = "、".join(f"{k}（{v}）" for k, v in field.vocabulary.items())
    by_label = [k for k, v in field.vocabulary.items() if isinstance(value, str) and value and value in v]
    near = by_label or difflib.get_close_matches(str(value), field.vocabulary, n=1, cutoff=0.6)
    hint = f"「{near[0]}」ではありませんか。" if near else ""
    check.problem(field.name, f"「{value}」は使えません。{hint}使える値: {allowed}", line=line)
    return None


def check_enum(check: RecordCheck, field: Field, value: Any) -> str | None:
    return _term(check, field, value)


def _list(check: RecordCheck, field: Field, value: Any) -> list[Any] | None:
    if not isinstance(value, list):
        check.problem(field.name, f"リストで書いてください（今は {_shown(value)} です）。[ ] で囲み、"
                                  "値を「,」で区切ります (expected a list)")
        return None
    if not value:
        check.problem(field.name, "リストが空です。値を書くか、この項目を消してください")
        return None
    return value


def check_enum_list(check: RecordCheck, field: Field, value: Any) -> tuple[str, ...] | None:
    items = _list(check, field, value)
    if items is None:
        return None
    terms = [_term(check, field, item) for item in items]
    return tuple(dict.fromkeys(t for t in terms if t)) if all(terms) else None


def check_schedule(check: RecordCheck, field: Field, value: Any) -> tuple[Rule, ...] | None:
    """Each item a phrase staff write (毎月第2水曜日 13:30〜15:30) or the structured form."""
    items = _list(check, field, value)
    if items is None:
        return None
    lines = items.lines if isinstance(items, Sequence) else [check.data.line_of(field.name)] * len(items)
    rules = []
    for item, line in zip(items, lines):
        if not isinstance(item, (str, dict)) or (isinstance(item, str) and not item.strip()):
            check.problem(field.name, "日時は「毎月第2水曜日 13:30〜15:30」のような文で書いてください", line=line)
            continue
        try:
            rules.append(parse_schedule(item))
        except ScheduleError as error:
            check.problem(field.name, str(error), line=line)
    return tuple(rules) if len(rules) == len(items) else None


def check_town_list(check: RecordCheck, field: Field, value: Any) -> tuple[str, ...] | None:
    items = _list(check, field, value)
    if items is None:
        return None
    unknown = [str(s) for s in items if not isinstance(s, str) or s not in check.municipalities]
    if unknown:
        check.problem(field.name, f"「{'」「'.join(unknown)}」という市町村はありません。"
                                  "resources/municipalities.yml の slug を書いてください")
        return None
    return tuple(items)


def check_date(check: RecordCheck, field: Field, value: Any) -> date | None:
    match = ISO_DATE.match(normalise(value)) if isinstance(value, str) else None
    if not match:
        check.problem(field.name, f"日付は 年-月-日 の形で書いてください（今は「{value}」）")
        return None
    try:
        day = date(*map(int, match.groups()))
    except ValueError:
        check.problem(field.name, f"「{value}」という日付はありません。月と日を確かめてください (impossible date)")
        return None
    if day > check.today:
        check.problem(field.name, f"{day.isoformat()} は未来の日付です。実際に確認した日を書いてください")
        return None
    return day


def check_bool(check: RecordCheck, field: Field, value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    check.problem(field.name, "true か false で書いてください")
    return None


def check_location(check: RecordCheck, field: Field, value: Any) -> Location | None:
    if not isinstance(value, dict) or set(value) != {"lat", "lon"}:
        check.problem(field.name, "緯度 lat と経度 lon の2つを {lat: …, lon: …} の形で書いてください")
        return None
    numbers = [value[k] for k in ("lat", "lon")]
    if not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers):
        check.problem(field.name, "緯度と経度は数で書いてください（例: 43.2237）")
        return None
    return Location(float(numbers[0]), float(numbers[1]))


def check_phone(check: RecordCheck, field: Field, value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        check.problem(field.name, "電話番号は \"…\" で囲んでください（囲まないと先頭の 0 が消えます）")
        return None
    text = _text(check, field, value)
    if text is None:
        return None
    number = normalise(text)
    try:
        valid = re.match(PHONE_PATTERN, number) is not None and \
            phonenumbers.is_valid_number(phonenumbers.parse(number, "JP"))
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        check.problem(field.name, f"「{text}」は日本の電話番号として正しくありません。"
                                  "市外局番から、ハイフン区切りで書いてください")
        return None
    return number


def check_postal(check: RecordCheck, field: Field, value: Any) -> str | None:
    text = normalise(value) if isinstance(value, str) else ""
    if not re.match(POSTAL_PATTERN, text):
        # Unquoted, 0600001 is read as an octal number: showing that would only confuse.
        now = f"（今は「{value}」）" if isinstance(value, str) else f"（今は {_shown(value)} です）"
        check.problem(field.name, f"郵便番号は 3けた-4けた で、\"…\" で囲んで書いてください{now}")
        return None
    return text


def check_email(check: RecordCheck, field: Field, value: Any) -> str | None:
    text = _text(check, field, value)
    if text is not None and not EMAIL.match(text):
        check.problem(field.name, f"「{text}」はメールアドレスの形になっていません")
        return None
    return text


def check_url(check: RecordCheck, field: Field, value: Any) -> str | None:
    text = _text(check, field, value)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        check.problem(field.name, "ホームページのアドレスは http:// か https:// で始めてください"
                                  f"（「{text[:40]}」は使えません）")
        return None
    return text


CHECKS: dict[str, Callable[[RecordCheck, Field, Any], Any]] = {
    "line": check_line, "text": check_text, "kana": check_kana, "enum": check_enum,
    "enum_list": check_enum_list, "town_list": check_town_list,
    "schedule": check_schedule,
    "date": check_date, "bool": check_bool, "location": check_location, "phone": check_phone,
    "postal": check_postal, "email": check_email, "url": check_url,
}
