"""Open data (/data/): every file read back the way its users read it, from a real build.

CSV with Python's csv module in utf-8-sig (as Excel's UTF-8 files are), JSON with jsonschema,
HSDS against Open Referral's own schemas (tests/hsds-3.0/), GeoJSON with the geojson package,
the .ics feeds with icalendar.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from dataclasses import fields, make_dataclass
from datetime import date
from pathlib import Path

import geojson
import icalendar
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from carerdir import schema
from carerdir.agenda import GATHERING_KINDS, agenda
from carerdir.directory import Directory, Record
from carerdir.exports.catalogue import open_data
from carerdir.exports.hsds import NAMESPACE, services
from carerdir.exports.hsds import schedule as hsds_schedule
from carerdir.exports.records_csv import records_csv
from carerdir.exports.records_json import records_json, records_schema
from carerdir.exports.streams import joined_array
from carerdir.exports.values import Publication
from carerdir.loading import load_directory
from carerdir.schedules import describe, parse_schedule
from sitebuild import ROOT, copy_project, mkdocs_build

TODAY = "2026-11-25"
HSDS = Path(__file__).with_name("hsds-3.0")
# The column lists, as the national 自治体標準オープンデータセット names them.
RECORDS_HEADER = ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "種別", "住所", "方書", "緯度",
                  "経度", "電話番号", "内線番号", "メールアドレス", "URL", "開催日時", "参加費", "予約", "対象", "運営",
                  "説明", "確認日", "備考"]
EVENTS_HEADER = ["都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "イベント名", "イベント名_カナ",
                 "イベント名_英語", "開始日", "終了日", "開始時間", "終了時間", "開始日時特記事項", "説明", "料金(基本)",
                 "料金(詳細)", "連絡先名称", "連絡先電話番号", "連絡先内線番号", "主催者", "場所名称", "住所", "方書", "緯度",
                 "経度", "アクセス方法", "駐車場情報", "定員", "参加申込終了日", "参加申込終了時間", "参加申込方法", "URL",
                 "備考"]
PUBLICATION = Publication("テスト", "テスト町", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/",
                          date.fromisoformat(TODAY))


def build(tmp_path: Path, block: str = "") -> Path:
    """Build the sample project, with lines added to its extra.directory block."""
    project = copy_project(tmp_path / "project")
    if block:
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        config = re.sub(r"    towns: \[\].*\n    subprefectures: \[\].*\n", block, config)
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", today=TODAY)
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("opendata"))


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory(ROOT / "resources", date.fromisoformat(TODAY))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def csv_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return next(csv.reader(file))


def test_records_csv_opens_as_utf8_with_bom_and_the_national_columns_first(site: Path, directory: Directory) -> None:
    path = site / "data" / "records.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8, not Shift_JIS
    header = csv_header(path)
    assert header[:len(RECORDS_HEADER)] == RECORDS_HEADER
    assert set(header[len(RECORDS_HEADER):]) == {"郵便番号", "相談できること", "参加のしかた", "バリアフリー", "情報源",
                                                "ほかの対象地域", "サンプルデータ", "活動の状況", "休止の補足"}
    rows = {row["ID"]: row for row in read_csv(path)}
    assert set(rows) == {r.id for r in directory.records}  # the samples are shown, so they are exported
    salon = rows["tobetsu/kaigosha-no-tsudoi"]
    assert salon["全国地方公共団体コード"] == "013030" and salon["地方公共団体名"] == "当別町"
    assert salon["種別"] == "介護者サロン・介護者のつどい" and salon["予約"] == "予約は不要"
    assert salon["開催日時"] == "毎月第2水曜日 13:30〜15:30"  # as written, not as re-described
    assert (salon["緯度"], salon["経度"]) == ("43.2217", "141.5098") and salon["確認日"] == "2026-09-12"
    assert salon["説明"].splitlines()[1] == "話すだけでも少し楽になります。途中の参加・退出も自由です。"
    assert salon["方書"] == salon["内線番号"] == "" and salon["サンプルデータ"] == "はい"


def test_records_json_validates_against_the_schema_published_beside_it(site: Path, directory: Directory) -> None:
    data = json.loads((site / "data" / "records.json").read_bytes())
    published = json.loads((site / "data" / "records.schema.json").read_bytes())
    assert published == records_schema()
    errors = list(Draft202012Validator(published, format_checker=FormatChecker()).iter_errors(data))
    assert not errors, [e.message for e in errors[:5]]
    assert data["meta"] == {"title": "北海道 ケアラー支援ガイド", "publisher": "北海道 ケアラー支援ガイド",
                            "licence": "CC BY 4.0", "licence_url": "https://creativecommons.org/licenses/by/4.0/deed.ja",
                            "built": TODAY, "count": len(directory.records), "schema": "records.schema.json"}
    salon = next(r for r in data["records"] if r["id"] == "tobetsu/kaigosha-no-tsudoi")
    assert salon["page_url"] == "r/tobetsu/kaigosha-no-tsudoi/" and (site / salon["page_url"] / "index.html").is_file()
    assert salon["town_code"] == "013030" and salon["subprefecture"] == "石狩振興局"
    assert salon["kind"] == "salon" and salon["kind_label"] == "介護者サロン・介護者のつどい"
    assert salon["schedule"] == ["毎月第2水曜日 13:30〜15:30"] and salon["location"] == {"lat": 43.2217, "lon": 141.5098}
    assert salon["next_dates"][0] == {"date": "2026-12-09", "start": "13:30", "end": "15:30"}


def test_a_bad_records_json_fails_its_schema(site: Path) -> None:
    """The schema really checks: a wrong kind, a missing id and an unknown key are errors."""
    data = json.loads((site / "data" / "records.json").read_bytes())
    validator = Draft202012Validator(records_schema(), format_checker=FormatChecker())
    data["records"][0]["kind"] = "party"
    del data["records"][1]["id"]
    data["records"][2]["colour"] = "blue"
    assert len(list(validator.iter_errors(data))) == 3


def test_each_exported_record_is_a_valid_record_file_without_the_export_properties(site: Path) -> None:
    data = json.loads((site / "data" / "records.json").read_bytes())
    record_schema = json.loads((ROOT / "resources" / "record.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(record_schema, format_checker=FormatChecker())
    export_only = set(records_schema()["properties"]["records"]["items"]["properties"]) - set(schema.FIELDS)
    for entry in data["records"]:
        as_file = {key: value for key, value in entry.items() if key not in export_only}
        assert not list(validator.iter_errors(as_file)), entry["id"]


def test_a_field_added_to_the_schema_is_exported_without_touching_the_exporters(
        monkeypatch: pytest.MonkeyPatch, directory: Directory) -> None:
    monkeypatch.setitem(schema.FIELDS, "parking_note", schema.Field(
        "parking_note", "駐車場の案内", schema.LINE, "parking_note: 役場の駐車場をお使いください", max_length=100))
    extended = make_dataclass("ExtendedRecord", [("parking_note", str, "")], bases=(Record,), frozen=True)
    base = next(r for r in directory.records if r.id == "tobetsu/kaigosha-no-tsudoi")
    record = extended(**{f.name: getattr(base, f.name) for f in fields(Record)}, parking_note="役場の駐車場をどうぞ")
    small = Directory(directory.municipalities, (record,))
    data = json.loads(bytes(records_json(small, date.fromisoformat(TODAY), PUBLICATION, lambda i: f"r/{i}/")))
    assert data["records"][0]["parking_note"] == "役場の駐車場をどうぞ"
    assert not list(Draft202012Validator(records_schema()).iter_errors(data))
    (row,) = csv.DictReader(io.StringIO(bytes(records_csv(small)).decode("utf-8-sig")))
    assert row["駐車場の案内"] == "役場の駐車場をどうぞ"


def test_a_structured_schedule_is_exported_as_written(directory: Directory) -> None:
    """The importer reads a structured rule back from its YAML flow mapping (columns.py)."""
    base = next(r for r in directory.records if r.id == "tobetsu/kaigosha-no-tsudoi")
    written = ("毎週水曜日 10:00〜12:00", {"freq": "weekly", "byday": ["MO", "TH"], "start": "06:00"})
    small = Directory(directory.municipalities, (Record(**{**{f.name: getattr(base, f.name) for f in fields(Record)},
                                                          "schedule_text": written}),))
    (row,) = csv.DictReader(io.StringIO(bytes(records_csv(small)).decode("utf-8-sig")))
    assert row["開催日時"] == "毎週水曜日 10:00〜12:00; {byday: [MO, TH], freq: weekly, start: '06:00'}"
    entry = json.loads(bytes(records_json(small, date.fromisoformat(TODAY), PUBLICATION, str)))["records"][0]
    assert entry["schedule"] == list(written)


def test_events_csv_has_a_row_per_upcoming_gathering_in_the_national_columns(site: Path, directory: Directory) -> None:
    path = site / "data" / "events.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and csv_header(path) == EVENTS_HEADER
    rows = read_csv(path)
    expected = [(day, entry.record.name) for day, entries in agenda(directory, date.fromisoformat(TODAY))
                for entry in entries]
    assert [(date.fromisoformat(r["開始日"]), r["イベント名"]) for r in rows] == expected
    assert [r["NO"] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    gatherings = {r.name for r in directory.records if r.kind in GATHERING_KINDS}
    assert {r["イベント名"] for r in rows} <= gatherings
    for row in rows:
        assert row["終了日"] == row["開始日"] and row["都道府県名"] == "北海道"
        assert all(re.fullmatch(r"([0-9]{2}:[0-9]{2})?", row[k]) for k in ("開始時間", "終了時間"))
    tsudoi = [r for r in rows if r["イベント名"] == "当別町介護者のつどい「ほっとひと息の会」"]
    assert [r["開始日"] for r in tsudoi] == ["2026-12-09", "2027-01-13"]
    assert tsudoi[0]["開始時間"] == "13:30" and tsudoi[0]["終了時間"] == "15:30"
    assert tsudoi[0]["イベント名_カナ"] == "トウベツチョウカイゴシャノツドイ ホットヒトイキノカイ"
    assert tsudoi[0]["市区町村名"] == "当別町" and tsudoi[0]["都道府県コード又は市区町村コード"] == "013030"
    assert tsudoi[0]["駐車場情報"] == "駐車場あり" and tsudoi[0]["参加申込方法"] == "予約は不要"


@pytest.fixture(scope="module")
def hsds_validator() -> Draft202012Validator:
    """service.json with every schema it refers to ("phone.json", ...) from tests/hsds-3.0/, offline."""
    schemas = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in HSDS.glob("*.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(contents, default_specification=DRAFT202012)) for name, contents in schemas.items())
    return Draft202012Validator(schemas["service.json"], registry=registry, format_checker=FormatChecker())


def test_every_hsds_service_validates_against_open_referral_service_json(
        site: Path, directory: Directory, hsds_validator: Draft202012Validator) -> None:
    items = json.loads((site / "data" / "hsds" / "services.json").read_bytes())
    assert len(items) == len(directory.records)
    for item in items:
        errors = list(hsds_validator.iter_errors(item))
        assert not errors, (item["name"], [e.message for e in errors[:3]])
    broken = {**items[0], "status": "open", "id": "not-a-uuid"}
    assert len(list(hsds_validator.iter_errors(broken))) == 2  # the validator does check values and formats


def test_hsds_services_carry_the_record_with_stable_ids(site: Path) -> None:
    items = {s["name"]: s for s in json.loads((site / "data" / "hsds" / "services.json").read_bytes())}
    salon = items["当別町介護者のつどい「ほっとひと息の会」"]
    # The id is uuid5 of the record id under a fixed namespace: the same in every build, for ever.
    assert NAMESPACE == uuid.UUID("285f3172-8fd5-4b47-9382-9897b2050e30")
    assert salon["id"] == str(uuid.uuid5(NAMESPACE, "service:tobetsu/kaigosha-no-tsudoi"))
    assert salon["status"] == "active" and salon["fees_description"] == "100円（お茶代）"
    assert salon["assured_date"] == "2026-09-12" and salon["eligibility_description"] == "介護している家族"
    assert salon["organization"]["name"] == "当別町社会福祉協議会" and salon["organization_id"] == salon["organization"]["id"]
    (schedule,) = salon["schedules"]
    assert {k: schedule[k] for k in ("freq", "interval", "byday", "opens_at", "closes_at", "timezone")} == {
        "freq": "MONTHLY", "interval": 1, "byday": "2WE", "opens_at": "13:30+09:00", "closes_at": "15:30+09:00",
        "timezone": 9}
    assert schedule["description"] == "毎月第2水曜日 13:30〜15:30"
    (place,) = salon["service_at_locations"]
    (address,) = place["location"]["addresses"]
    assert address["city"] == "当別町" and address["postal_code"] == "061-0213" and address["country"] == "JP"
    assert salon["phones"][0]["number"] == "0133-23-8174"
    # One organization per operator in a town: records of the same operator share its id.
    by_operator: dict[str, set[str]] = {}
    for item in items.values():
        if "organization" in item:
            by_operator.setdefault(item["organization"]["name"], set()).add(item["organization_id"])
    assert all(len(ids) == 1 for ids in by_operator.values())


def test_an_hsds_schedule_says_in_words_what_its_rrule_fields_cannot(directory: Directory) -> None:
    """HSDS has no YEARLY and no BYMONTH: such rules keep their description, without a misleading freq."""
    record = next(r for r in directory.records if r.id == "tobetsu/kaigosha-no-tsudoi")
    winter = parse_schedule({"freq": "weekly", "byday": ["MO", "TH"], "bymonth": [11, 12, 1], "start": "06:00"})
    yearly = parse_schedule({"freq": "yearly", "bymonth": [8], "bymonthday": [15], "start": "10:00"})
    fortnightly = parse_schedule({"freq": "weekly", "interval": 2, "byday": ["WE"], "from": "2026-12-02",
                                  "until": "2027-03-31"})
    for rule in (winter, yearly):
        item = hsds_schedule(record, 0, rule, "x")
        assert "freq" not in item and "byday" not in item and item["description"] == describe(rule)
    assert hsds_schedule(record, 0, winter, "x")["opens_at"] == "06:00+09:00"
    item = hsds_schedule(record, 0, fortnightly, "x")
    assert {k: item[k] for k in ("freq", "interval", "byday", "wkst", "dtstart", "until", "valid_from", "valid_to")} == {
        "freq": "WEEKLY", "interval": 2, "byday": "WE", "wkst": "MO", "dtstart": "2026-12-02", "until": "2027-03-31",
        "valid_from": "2026-12-02", "valid_to": "2027-03-31"}


def test_exports_are_the_same_bytes_from_the_same_data(directory: Directory) -> None:
    again = load_directory(ROOT / "resources", date.fromisoformat(TODAY))
    made = [open_data(d, date.fromisoformat(TODAY), PUBLICATION, str, lambda i: "", {}, joined_array([]))
            for d in (directory, again)]
    assert [(f.uri, bytes(f.content)) for f in made[0]] == [(f.uri, bytes(f.content)) for f in made[1]]
    assert services(directory, str)[0]["id"] == services(again, str)[0]["id"]


def test_the_map_data_is_valid_geojson(site: Path, directory: Directory) -> None:
    collection = geojson.loads((site / "data" / "directory.geojson").read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    assert len(collection["features"]) == sum(1 for r in directory.records if r.location)


def test_the_calendar_index_lists_each_town_feed_which_icalendar_reads(site: Path, directory: Directory) -> None:
    index = json.loads((site / "data" / "calendars.json").read_bytes())
    assert index["meta"]["licence"] == "CC BY 4.0" and index["meta"]["count"] == len(index["calendars"])
    assert {c["town"] for c in index["calendars"]} == {slug for slug in directory.towns
                                                    if any(r.has_dates for r in directory.available_to(slug))}
    for entry in index["calendars"]:
        calendar = icalendar.Calendar.from_ical((site / entry["url"]).read_bytes())
        assert len(calendar.walk("VEVENT")) >= entry["records"] > 0


def test_the_data_page_lists_every_file_with_its_size_and_licence(site: Path) -> None:
    page = (site / "data" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)" download>', page)
    assert links == ["records.json", "records.schema.json", "records.csv", "events.csv", "hsds/services.json",
                     "directory.geojson", "calendars.json"]
    sizes = [int(n) for n in re.findall(r'data-bytes="(\d+)"', page)]
    assert sizes == [(site / "data" / link).stat().st_size for link in links]
    assert "出典: 北海道 ケアラー支援ガイド" in page and "CC BY 4.0" in page
    assert 'href="../towns/tobetsu/calendar.ics"' in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="data/" class="md-nav__link">\s*<span class="md-ellipsis">\s*オープンデータ\s*<', home)


def test_a_one_town_site_names_its_licence_publisher_and_coded_csv(tmp_path: Path) -> None:
    site = build(tmp_path, "    title: 当別町 ケアラー支援ガイド\n    towns: [tobetsu]\n    subprefectures: []\n"
                           "    licence: CC BY-SA 4.0\n    licence_url: https://creativecommons.org/licenses/by-sa/4.0/\n"
                           "    publisher: 当別町 福祉課\n")
    coded = site / "data" / "013030_carer_support.csv"
    assert coded.read_bytes() == (site / "data" / "records.csv").read_bytes()
    assert {row["地方公共団体名"] for row in read_csv(coded)} == {"当別町"}
    meta = json.loads((site / "data" / "records.json").read_bytes())["meta"]
    assert (meta["title"], meta["publisher"], meta["licence"]) == ("当別町 ケアラー支援ガイド", "当別町 福祉課", "CC BY-SA 4.0")
    page = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert "出典: 当別町 福祉課" in page and 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in page
    assert "013030_carer_support.csv" in page


def test_a_suspended_place_is_temporarily_closed_and_has_no_dates_in_open_data(site: Path) -> None:
    name = "認知症カフェ「おかのうえ」第2会場"  # the sample with status: suspended
    services = {s["name"]: s for s in json.loads((site / "data" / "hsds" / "services.json").read_bytes())}
    assert services[name]["status"] == "temporarily closed"
    records = {r["name"]: r for r in json.loads((site / "data" / "records.json").read_bytes())["records"]}
    assert records[name]["status"] == "suspended" and records[name]["next_dates"] == []
    assert all(row["イベント名"] != name for row in read_csv(site / "data" / "events.csv"))
