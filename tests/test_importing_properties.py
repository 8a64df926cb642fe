"""Property tests (hypothesis): whatever staff feed in, no traceback and no half-written import.

Random headings (known synonyms and noise), random cells (text, numbers, dates, phone-like and
kana strings), random sheet shapes (title rows, blank rows) in random formats and encodings go
through the importer: it either reports problems and leaves resources/ exactly as it was, or
writes files that the loader accepts. Random bytes as a CSV and random YAML (text and
record-shaped mappings) go to the loader: problems are reported, never raised as anything else.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from carerdir.columns import synonyms
from carerdir.importing import ImportOptions, run_import
from carerdir.importing.yamlwrite import record_yaml
from carerdir.loading import load_directory
from carerdir.problems import InvalidData
from carerdir.schema import FIELDS
from carerdir.yamlfile import parse_yaml
from sheetfiles import empty_resources, write_csv, write_ods, write_xlsx

TODAY = date(2026, 11, 25)
KNOWN_HEADINGS = sorted({h for headings in synonyms().values() for h in headings})
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

phrases = st.sampled_from([
    "毎月第2水曜日 13:30〜15:30", "年3回 不定期", "毎月1回", "第６金曜日", "月〜金 8:45〜17:15", "{freq: weekly}",
    "{freq: [", "0133-23-2111", "０１３３－２３－２１１１", "061-0213", "〒061-0213 北海道石狩郡当別町西町32番地2",
    "サロン", "認知症カフェ", "要", "不要", "はい", "43.2237", "141.5171", "013030", "13030", "tobetsu/x",
    "ほっとさろん", "カタカナ", "※ 注意", "", " ", "介護している家族; 認知症", "https://example.jp/", "2026-02-30",
])
cells = st.one_of(phrases, st.text(max_size=30), st.integers(-10**12, 10**12),
                  st.floats(allow_nan=False, allow_infinity=False), st.dates(), st.none())
headings = st.one_of(st.sampled_from(KNOWN_HEADINGS), st.text(max_size=8))


@st.composite
def sheets(draw: st.DrawFn) -> list[list[Any]]:
    width = draw(st.integers(1, 8))
    header = draw(st.lists(headings, min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=width + 1), max_size=5))
    title = draw(st.lists(st.lists(phrases, max_size=2), max_size=3))
    return [*title, header, *rows]


GOOD_HEADER = ["名称", "住所", "郵便番号", "電話番号", "開催日時", "予約"]
GOOD_ROW = ["介護者のつどい", "北海道石狩郡当別町西町32番地2", "061-0213", "0133-23-8174", "毎月第2水曜日 13:30〜15:30", "不要"]


@st.composite
def nearly_right_sheets(draw: st.DrawFn) -> list[list[Any]]:
    """A right list with a few cells changed, so both outcomes (written, refused) are explored."""
    names = draw(st.lists(st.sampled_from(["つどい", "サロン", "カフェ", "ほっと", "ひだまり", "白樺"]),
                          min_size=1, max_size=4))
    rows = [[f"{name}の会", *GOOD_ROW[1:]] for name in names]
    for _ in range(draw(st.integers(0, 3))):
        row, column = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(GOOD_ROW) - 1))
        rows[row][column] = draw(cells)
    title = draw(st.lists(st.lists(phrases, max_size=2), max_size=3))
    return [*title, list(GOOD_HEADER), *rows]


def clean(value: Any, xml: bool) -> Any:
    """What each format can hold: no NUL in CSV, no control characters in XML."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) if xml else value.replace("\x00", "")
    return "" if value is None and not xml else value


def write(folder: Path, rows: list[list[Any]], form: str) -> Path:
    if form == "xlsx":
        return write_xlsx(folder / "list.xlsx", {"一覧": [[clean(c, True) for c in r] for r in rows]})
    if form == "ods":
        return write_ods(folder / "list.ods", {"一覧": [[clean(c, True) for c in r] for r in rows]})
    text_rows = [[str(clean(c, False)) for c in r] for r in rows]
    try:
        return write_csv(folder / "list.csv", text_rows, form)
    except UnicodeEncodeError:  # Shift_JIS cannot hold every character: Excel would have saved UTF-8
        return write_csv(folder / "list.csv", text_rows, "utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def imports_valid_records_or_writes_nothing(rows: list[list[Any]], form: str, town: str | None,
                                            kind: str | None) -> bool:
    """The property itself; True when files were written (so the tests can see both outcomes)."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        resources = empty_resources(folder / "resources")
        before = snapshot(resources)
        report = run_import(write(folder, rows, form), ImportOptions(resources, town, kind, today=TODAY))
        assert report.text()  # the report itself never fails either
        if report.problems:
            assert snapshot(resources) == before
            return False
        directory = load_directory(resources, today=TODAY)
        assert len(directory.records) == len(report.planned)
        return True


FORMS = st.sampled_from(["xlsx", "ods", "utf-8", "utf-8-sig", "cp932"])


@SETTINGS
@given(rows=sheets(), form=FORMS, town=st.sampled_from([None, "tobetsu"]),
       kind=st.sampled_from([None, "salon", "サロン"]))
def test_any_sheet_either_imports_valid_records_or_writes_nothing(
        rows: list[list[Any]], form: str, town: str | None, kind: str | None) -> None:
    imports_valid_records_or_writes_nothing(rows, form, town, kind)


WRITTEN: list[bool] = []


@SETTINGS
@given(rows=nearly_right_sheets(), form=FORMS, kind=st.sampled_from(["salon", "サロン", "認知症カフェ"]))
def test_a_nearly_right_sheet_either_imports_valid_records_or_writes_nothing(
        rows: list[list[Any]], form: str, kind: str) -> None:
    WRITTEN.append(imports_valid_records_or_writes_nothing(rows, form, "tobetsu", kind))


def test_the_nearly_right_sheets_reach_both_outcomes() -> None:
    if not WRITTEN:  # run on its own (-k): explore here
        test_a_nearly_right_sheet_either_imports_valid_records_or_writes_nothing()
    assert True in WRITTEN and False in WRITTEN, "the strategy no longer explores both writing and refusing"


@SETTINGS
@given(content=st.binary(max_size=400))
def test_any_bytes_as_a_csv_end_in_a_report(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as work:
        resources = empty_resources(Path(work) / "resources")
        sheet = Path(work) / "list.csv"
        sheet.write_bytes(content)
        before = snapshot(resources)
        report = run_import(sheet, ImportOptions(resources, "tobetsu", "salon", today=TODAY))
        assert report.problems or report.planned
        if report.problems:
            assert snapshot(resources) == before


values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                st.text(max_size=20), phrases),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                      max_leaves=8)
records = st.dictionaries(st.sampled_from(sorted(FIELDS)) | st.text(max_size=6), values, max_size=10)


def loads(text: bytes) -> None:
    """Load a resources/ holding `text` as one record: a Directory or InvalidData, nothing else."""
    with tempfile.TemporaryDirectory() as work:
        resources = empty_resources(Path(work) / "resources")
        (resources / "tobetsu").mkdir()
        (resources / "tobetsu" / "record.yml").write_bytes(text)
        try:
            load_directory(resources, today=TODAY)
        except InvalidData as error:
            assert error.problems and all(p.path == "resources/tobetsu/record.yml" for p in error.problems)


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_text_as_a_record_file_ends_in_problems_not_a_crash(text: str) -> None:
    loads(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=records)
def test_any_record_shaped_yaml_ends_in_problems_not_a_crash(data: dict[str, Any]) -> None:
    loads(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


YAML_PRINTABLE = st.characters(blacklist_categories=["Cs"], blacklist_characters="\ufeff\n\r")


@SETTINGS
@given(text=st.text(YAML_PRINTABLE, min_size=1, max_size=40).map(str.strip).filter(bool)
       | st.sampled_from(["a\x85b", "a\u2028b", "\x7f", "yes", "2026-10-01", "- x", "a: b", "0133"]),
       phone=st.text(YAML_PRINTABLE, min_size=1, max_size=12).map(str.strip).filter(bool))
def test_the_writer_writes_text_that_reads_back_as_the_same_text(text: str, phone: str) -> None:
    data = {"name": text, "phone": phone, "description": f"{text}\n{text}", "schedule": [text]}
    read, problems = parse_yaml(record_yaml(data), "record.yml")
    assert not problems
    assert read["description"].removesuffix("\n") == data["description"]  # a `|` block ends with a line end
    assert {**read, "description": data["description"]} == data
