"""One data row of a sheet into a record's fields, with where each value came from.

The row's cells are read by cells.py; this module decides the town, the kind, the reading,
the schedule (phrases the parser cannot read go to schedule_note) and the venue (kept with the
address), and records every guess for the report. Problems carry the column heading, so
staff see 列「電話番号」 rather than a YAML key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..directory import Municipality
from ..schema import FIELDS, KINDS, LOCATION, SCHEDULE
from .cells import CellError, coordinate, field_value, is_empty, readable, schedule_items, term, text_of, tidy
from .headings import Columns
from .readings import reading

NOTE_ROW = re.compile(r"^\s*[※＊*]|^\s*[（(]?注[)）:：\s]")
POSTAL_IN_ADDRESS = re.compile(r"^〒?\s*(\d{3})-?(\d{4})\s*")


@dataclass(frozen=True)
class RowProblem:
    where: str  # FILE:SHEET!ROW
    heading: str
    message: str
    example: str = ""

    def __str__(self) -> str:
        text = f"{self.where}: 列「{self.heading}」: {self.message}"
        return f"{text}（正しい例: {self.example}）" if self.example else text


@dataclass
class RowRecord:
    """A row read: the record's fields so far and the heading each came from."""

    where: str
    values: dict[str, Any] = field(default_factory=dict)  # None: the sheet has the column, empty
    origin: dict[str, str] = field(default_factory=dict)  # field -> heading
    town: Municipality | None = None
    slug: str | None = None  # from an ID column
    guessed_kana: bool = False
    derived: set[str] = field(default_factory=set)  # fields not from a cell: a file's own value wins
    failed: set[str] = field(default_factory=set)  # fields whose cell is already a problem
    unread_schedule: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.values.get("name") or "")


@dataclass(frozen=True)
class Context:
    """What every row of an import shares."""

    towns: dict[str, Municipality]
    town: Municipality | None  # --town
    kind: str | None  # --kind, as a vocabulary key


def is_skipped(row: list[Any], columns: Columns) -> str | None:
    """Why a row is not a record: blank (in every column the import reads) or a note (※…)."""
    cells = [tidy(text_of(c)) for c in row if not is_empty(c)]
    if cells and NOTE_ROW.match(cells[0]):
        return "注記"
    if all(index >= len(row) or is_empty(row[index]) for index in columns.targets.values()):
        return "空白" if not cells else "取り込む列が空"
    return None


def read_row(row: list[Any], columns: Columns, where: str, context: Context,
             problems: list[RowProblem]) -> RowRecord:
    record = RowRecord(where)
    cell = {target: row[index] if index < len(row) else "" for target, index in columns.targets.items()}
    for target, value in cell.items():
        spec = FIELDS.get(target)
        if spec is None or spec.shape in (LOCATION, SCHEDULE) or target == "kind":
            continue
        try:
            record.values[target] = field_value(spec, value)
        except CellError as error:
            problems.append(RowProblem(where, columns.heading_of(target) or "", error.message, error.example))
            record.failed.add(target)
            continue
        record.origin[target] = columns.heading_of(target) or spec.label
    _kind(record, cell, columns, context, problems)
    _town(record, cell, columns, context, problems)
    _place(record, cell, columns, problems)
    _schedule(record, cell, columns, problems)
    _extension(record, cell, columns)
    _reading(record, columns, problems)
    return record


def _kind(record: RowRecord, cell: dict[str, Any], columns: Columns, context: Context,
          problems: list[RowProblem]) -> None:
    heading = columns.heading_of("kind")
    if heading and not is_empty(cell["kind"]):
        try:
            record.values["kind"] = term(FIELDS["kind"], tidy(text_of(cell["kind"])))
            record.origin["kind"] = heading
        except CellError as error:
            problems.append(RowProblem(record.where, heading, error.message, error.example))
            record.failed.add("kind")
        return
    if context.kind:
        record.values["kind"] = context.kind
        record.derived.add("kind")
        return
    record.failed.add("kind")
    problems.append(RowProblem(record.where, heading or FIELDS["kind"].label,
                               "種類がわかりません。種別の列に書くか、--kind で指定してください",
                               f"--kind salon（{'・'.join(KINDS.values())}）"))


def _town(record: RowRecord, cell: dict[str, Any], columns: Columns, context: Context,
          problems: list[RowProblem]) -> None:
    record_id = tidy(text_of(cell["id"])) if "id" in cell else ""
    if record_id:
        record.slug = record_id.split("/")[-1].strip()
    by_code = {t.code: t for t in context.towns.values()}
    code_heading = columns.heading_of("town_code")
    if code_heading and not is_empty(cell["town_code"]):
        record.town = town_by_code(tidy(text_of(cell["town_code"])), by_code)
        if record.town is None:
            problems.append(RowProblem(record.where, code_heading,
                                       f"「{text_of(cell['town_code'])}」は北海道の市町村のコードではありません",
                                       "013030（当別町）"))
        return
    name_heading = columns.heading_of("town_name")
    if name_heading and not is_empty(cell["town_name"]):
        name = tidy(text_of(cell["town_name"])).removeprefix("北海道")
        record.town = next((t for t in context.towns.values() if name in (t.name, t.slug)), None)
        if record.town is None:
            problems.append(RowProblem(record.where, name_heading, f"「{name}」という市町村はありません", "当別町"))
        return
    if "/" in record_id:
        record.town = context.towns.get(record_id.split("/")[0].strip())
    record.town = record.town or context.town
    if record.town is None:
        problems.append(RowProblem(record.where, code_heading or "全国地方公共団体コード",
                                   "どの市町村の情報かわかりません。--town で指定するか、"
                                   "全国地方公共団体コードの列を足してください", "--town tobetsu"))


def town_by_code(text: str, by_code: dict[str, Municipality]) -> Municipality | None:
    """A 6-digit code (with check digit) or a 5-digit one, also after Excel dropped the leading 0."""
    digits = unicodedata.normalize("NFKC", text).strip()
    if not digits.isdigit():
        return None
    if len(digits) == 5 and not digits.startswith("0"):
        digits = "0" + digits  # 013030 stored as the number 13030
    elif len(digits) == 4:
        digits = "0" + digits  # 01421 stored as the number 1421
    if len(digits) == 6:
        return by_code.get(digits)
    return next((t for code, t in by_code.items() if code[:5] == digits), None) if len(digits) == 5 else None


def _place(record: RowRecord, cell: dict[str, Any], columns: Columns, problems: list[RowProblem]) -> None:
    """The venue kept with the address, a postal code in front of the address, the point."""
    address = record.values.get("address") or ""
    venue = tidy(text_of(cell["venue"])) if "venue" in cell else ""
    found = POSTAL_IN_ADDRESS.match(address)
    if found:
        address = address[found.end():]
        if not record.values.get("postal_code"):
            record.values["postal_code"] = f"{found[1]}-{found[2]}"
            record.origin["postal_code"] = record.origin["address"]
    if venue and venue not in address:
        address = f"{address}（{venue}）" if address else venue
        record.origin.setdefault("address", columns.heading_of("venue") or "")
    if address or "address" in record.values:
        record.values["address"] = address or None
    lat_heading, lon_heading = columns.heading_of("location.lat"), columns.heading_of("location.lon")
    if not (lat_heading or lon_heading):
        return
    point = {}
    for axis, heading in (("lat", lat_heading), ("lon", lon_heading)):
        try:
            point[axis] = coordinate(cell.get(f"location.{axis}", ""))
        except CellError as error:
            problems.append(RowProblem(record.where, heading or "", error.message, error.example))
            record.failed.add("location")
            return
    if point["lat"] is None and point["lon"] is None:
        record.values["location"] = None
    elif None in point.values():
        record.failed.add("location")
        missing = lat_heading if point["lat"] is None else lon_heading
        problems.append(RowProblem(record.where, missing or ("緯度" if point["lat"] is None else "経度"),
                                   "緯度と経度は両方書くか、両方空けてください", "43.2237"))
    else:
        record.values["location"] = point
    record.origin["location"] = lat_heading or lon_heading or ""


def _schedule(record: RowRecord, cell: dict[str, Any], columns: Columns, problems: list[RowProblem]) -> None:
    heading = columns.heading_of("schedule")
    if not heading:
        return
    try:
        items = schedule_items(cell["schedule"])
    except CellError as error:
        problems.append(RowProblem(record.where, heading, error.message, error.example))
        record.failed.add("schedule")
        return
    read = [readable(item) for item in items]
    rules = [item for item, ok in zip(items, read) if ok]
    record.unread_schedule = [str(item) for item, ok in zip(items, read) if not ok]
    record.values["schedule"] = rules or None
    record.origin["schedule"] = heading
    if record.unread_schedule:
        note = " ".join(x for x in [record.values.get("schedule_note") or "", *record.unread_schedule] if x)
        record.values["schedule_note"] = note
        record.origin["schedule_note"] = heading


def _extension(record: RowRecord, cell: dict[str, Any], columns: Columns) -> None:
    """内線 has no field of its own; it is kept in the description, where callers read it."""
    if "extension" in cell and not is_empty(cell["extension"]):
        line = f"電話の内線: {tidy(text_of(cell['extension']))}"
        record.values["description"] = "\n".join(x for x in (record.values.get("description"), line) if x)
        record.origin.setdefault("description", columns.heading_of("extension") or "")


def _reading(record: RowRecord, columns: Columns, problems: list[RowProblem]) -> None:
    if record.values.get("name_kana"):
        return
    if not record.name:  # the missing name is the problem to report, not its reading
        record.failed.add("name_kana")
        return
    kana, guessed = reading(record.name)
    heading = columns.heading_of("name_kana") or columns.heading_of("name") or ""
    if not kana:
        record.failed.add("name_kana")
        problems.append(RowProblem(record.where, heading, f"「{record.name}」のよみがなを推測できません。"
                                   "表に「ふりがな」の列を足して、ひらがなで書いてください", "とうべつちょうかいごしゃのつどい"))
        return
    record.values["name_kana"], record.guessed_kana = kana, guessed
    record.derived.add("name_kana")
    record.origin["name_kana"] = heading
