"""`python -m carerdir import`: the lists town staff really keep become valid record files.

Each fixture is shaped like a real town list and made here: an Excel file with a merged title
row, full-width digits and a 種別 cell merged over several rows; a LibreOffice .ods; a CSV saved
as Shift_JIS by Excel; a CSV with coordinates and a 全国地方公共団体コード column. The expected
files are written out in full, so a change in what staff get is a visible change here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from carerdir.__main__ import main
from carerdir.loading import load_directory
from sheetfiles import PROJECT, empty_resources, write_csv, write_ods, write_xlsx

TODAY = "2026-11-25"
TITLE = ["当別町 介護者サロン・認知症カフェ一覧（令和8年度）"]
HEADINGS = ["No.", "種別", "名称", "所在地", "開催場所", "電話番号", "開催日時", "参加費", "予約", "担当"]
SALON_ROWS = [
    [1, "サロン", "当別町介護者のつどい", "〒０６１－０２１３ 北海道石狩郡当別町西町３２番地２", "総合福祉センター",
     "０１３３－２３－８１７４", "毎月第２水曜日　１３：３０～１５：３０", "１００円", "不要", "福祉課"],
    [2, None, "白樺サロン", "〒061-0292 北海道石狩郡当別町白樺町58番地9", "", "0133-23-2111",
     "年3回 不定期", "無料", "要", "福祉課"],
    [3, "認知症カフェ", "オレンジカフェひだまり", "〒061-0228 北海道石狩郡当別町末広118番地6", "",
     "0133-23-2111", "毎月第4金曜日 13:30〜15:00", "100円（コーヒー代）", "予約制", ""],
]
NOTE = ["※ 開催日は変更になることがあります"]

FIRST_FILE = """\
# yaml-language-server: $schema=../record.schema.json
kind: salon
name: 当別町介護者のつどい
name_kana: とうべつまちかいごもののつどい
address: 北海道石狩郡当別町西町32番地2（総合福祉センター）
postal_code: "061-0213"
phone: "0133-23-8174"
fee: 100円
reservation: not_required
audience:
  - carers
schedule:
  - "毎月第2水曜日 13:30〜15:30"
format: in_person
verified: 2026-11-25
source: 当別町サロン一覧.xlsx
"""


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARERDIR_TODAY", TODAY)


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    return empty_resources(tmp_path / "resources")


def town_xlsx(folder: Path, rows: list[list[object]] | None = None) -> Path:
    """The town's Excel list: title merged over the row, a blank row, the header on row 3,
    種別 サロン merged down over the first two rows, a note under the table."""
    data = rows if rows is not None else SALON_ROWS
    return write_xlsx(folder / "当別町サロン一覧.xlsx", {"サロン・カフェ": [TITLE, [], HEADINGS, *data, [], NOTE]},
                      {"サロン・カフェ": ["A1:J1", "B4:B5"]})


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["import", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_excel_list_with_a_title_row_and_full_width_digits_becomes_records(
        tmp_path: Path, resources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, town_xlsx(tmp_path), "--town", "tobetsu", "--resources", resources)

    assert code == 0, err
    files = sorted(p.name for p in (resources / "tobetsu").iterdir())
    assert files == ["orenjikafehidamari.yml", "shirakabasaron.yml", "toubetsumachikaigomononotsudoi.yml"]
    assert (resources / "tobetsu" / "toubetsumachikaigomononotsudoi.yml").read_text(encoding="utf-8") == FIRST_FILE
    records = {r.slug: r for r in load_directory(resources, today=date(2026, 11, 25)).records}
    shirakaba = records["shirakabasaron"]
    assert shirakaba.kind == "salon"  # the merged 種別 cell covers this row too
    assert (shirakaba.reservation, shirakaba.schedule, shirakaba.schedule_note) == ("required", (), "年3回 不定期")
    cafe = records["orenjikafehidamari"]
    assert (cafe.kind, cafe.name_kana, cafe.audience) == ("dementia_cafe", "おれんじかふぇひだまり", ("dementia", "carers"))
    assert cafe.location is None and cafe.address == "北海道石狩郡当別町末広118番地6"
    assert "新規 3" in out and "サロン・カフェ!8（注記）" in out
    assert "当別町介護者のつどい → とうべつまちかいごもののつどい" in out  # guessed, listed for checking
    assert "オレンジカフェひだまり →" not in out  # a kana name is its own reading
    assert "当別町サロン一覧.xlsx:サロン・カフェ!5: 「年3回 不定期」" in out
    assert "「No.」（取り込む項目がわかりません）" in out and "「担当」" in out


def test_an_ods_file_with_several_sheets_is_read_sheet_by_sheet(
        tmp_path: Path, resources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = write_ods(tmp_path / "当別町.ods", {
        "表紙": [["当別町 ケアラー支援の資源"], ["令和8年4月"]],
        "相談窓口": [["相談窓口一覧"], ["窓口名", "ふりがな", "住所", "郵便番号", "電話", "受付時間"],
                   ["当別町地域包括支援センター", "とうべつちょうちいきほうかつしえんせんたー", "北海道石狩郡当別町白樺町58番地9",
                    610292, "0133-23-2111", "月〜金 8:45〜17:15（祝日・年末年始を除く）"]],
        "サロン": [["名称", "よみがな", "住所", "郵便番号", "種別"],
                 ["介護者のつどい", "カイゴシャノツドイ", "北海道石狩郡当別町西町32番地2", "061-0213", "介護者サロン"]],
    })
    code, out, err = run(capsys, sheet, "--town", "tobetsu", "--kind", "相談窓口", "--resources", resources)

    assert code == 0, err
    records = {r.name: r for r in load_directory(resources, today=date(2026, 11, 25)).records}
    counter = records["当別町地域包括支援センター"]
    assert (counter.kind, counter.postal_code, counter.phone) == ("counter", "061-0292", "0133-23-2111")
    assert [r.start_time.isoformat() for r in counter.schedule] == ["08:45:00"]
    salon = records["介護者のつどい"]
    assert (salon.kind, salon.name_kana) == ("salon", "カイゴシャノツドイ")  # a reading column is taken as written
    assert "見出しの行がないため読まなかったシート" in out and "「表紙」" in out

    code, out, err = run(capsys, sheet, "--town", "tobetsu", "--sheet", "サロン", "--resources", resources)
    assert code == 0 and "1 件の記録（新規 0、変更 0、変更なし 1）" in out  # only the sheet asked for


def test_a_shift_jis_csv_from_excel_is_read(tmp_path: Path, resources: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["認知症カフェ一覧"], [], ["カフェ名", "ヨミガナ", "会場住所", "郵便番号", "日時", "利用料", "申込", "対象"],
            ["オレンジカフェ・ひだまり", "オレンジカフェ・ヒダマリ", "北海道石狩郡当別町末広１１８番地６", "061-0228",
             "毎月第４金曜日　13時30分～15時", "100円", "必要", "認知症の方と家族、どなたでも"]]
    sheet = write_csv(tmp_path / "cafe.csv", rows, "cp932")
    code, out, err = run(capsys, sheet, "--town", "tobetsu", "--kind", "dementia_cafe", "--resources", resources)

    assert code == 0, err
    (record,) = load_directory(resources, today=date(2026, 11, 25)).records
    assert (record.name, record.address) == ("オレンジカフェ・ひだまり", "北海道石狩郡当別町末広118番地6")
    assert (record.reservation, record.audience, record.fee) == ("required", ("dementia", "anyone"), "100円")
    assert record.schedule and record.schedule[0].start_time.isoformat() == "13:30:00"


def test_a_csv_with_coordinates_and_a_town_code_needs_no_town_option(
        tmp_path: Path, resources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["全国地方公共団体コード", "名称", "名称_カナ", "種別", "住所", "郵便番号", "緯度", "経度", "電話番号"],
            ["13030", "当別町地域包括支援センター", "とうべつちょうちいきほうかつしえんせんたー", "相談窓口",
             "北海道石狩郡当別町白樺町58番地9", "061-0292", "４３.２２３８", "141.5171", "0133-23-2111"],
            ["012068", "釧路市中部地域包括支援センター", "くしろしちゅうぶちいきほうかつしえんせんたー", "相談窓口",
             "北海道釧路市末広町6丁目3番地2", "085-0014", "42.9843", "144.3852", "0154-25-8316"]]
    sheet = write_csv(tmp_path / "houkatsu.csv", rows, "utf-8-sig")
    code, out, err = run(capsys, sheet, "--resources", resources)

    assert code == 0, err
    records = {r.town: r for r in load_directory(resources, today=date(2026, 11, 25)).records}
    assert sorted(records) == ["kushiro", "tobetsu"]  # 13030 is 013030 after Excel dropped the 0
    assert (records["tobetsu"].location.lat, records["tobetsu"].location.lon) == (43.2238, 141.5171)
    assert (resources / "kushiro" / "kushiroshichuubuchiikihoukatsushiensenta.yml").exists()


def test_a_bad_phone_is_reported_with_file_sheet_row_and_column_and_nothing_is_written(
        tmp_path: Path, resources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [list(r) for r in SALON_ROWS]
    rows[2][5] = "0133-23"
    rows[1][6] = "毎月第6水曜日 13:30〜15:30"  # 第6 parses as a phrase the parser refuses: a note, not an error
    rows[0][8] = "たぶん"
    before = snapshot(resources)
    code, out, err = run(capsys, town_xlsx(tmp_path, rows), "--town", "tobetsu", "--resources", resources)

    assert code == 1 and out == ""
    assert snapshot(resources) == before
    lines = err.splitlines()
    assert lines[0].startswith("取り込めません: 当別町サロン一覧.xlsx に 2 件の問題があります。ファイルは1つも書いていません")
    phone = "当別町サロン一覧.xlsx:サロン・カフェ!6: 列「電話番号」: 「0133-23」は日本の電話番号として正しくありません。" \
            "市外局番から、ハイフン区切りで書いてください（正しい例: 0133-23-2111）"
    assert phone in lines
    assert f"\n{phone}\n" in (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")  # the example staff read
    assert any(line.startswith("当別町サロン一覧.xlsx:サロン・カフェ!4: 列「予約」: 「たぶん」は予約として読めません")
               for line in lines)
    assert "Traceback" not in err


def test_reimporting_the_same_sheet_updates_the_same_files(tmp_path: Path, resources: Path,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = town_xlsx(tmp_path)
    assert run(capsys, sheet, "--town", "tobetsu", "--resources", resources)[0] == 0
    first = snapshot(resources)

    monkeypatch.setenv("CARERDIR_TODAY", "2026-11-30")
    code, out, _ = run(capsys, sheet, "--town", "tobetsu", "--resources", resources)
    assert code == 0 and "新規 0、変更 0、変更なし 3" in out
    assert snapshot(resources) == first  # not even the verified date moves

    # Staff pick the point on a map and correct the guessed reading by hand; then the list changes.
    cafe = resources / "tobetsu" / "toubetsumachikaigomononotsudoi.yml"
    cafe.write_text(cafe.read_text(encoding="utf-8").replace("とうべつまちかいごもののつどい", "とうべつちょうかいごしゃのつどい")
                    .replace('phone: "0133-23-8174"\n', 'phone: "0133-23-8174"\nlocation: {lat: 43.2217, lon: 141.5098}\n'),
                    encoding="utf-8")
    rows = [list(r) for r in SALON_ROWS]
    rows[0][7] = "200円"
    code, out, _ = run(capsys, town_xlsx(tmp_path, rows), "--town", "tobetsu", "--resources", resources)

    assert code == 0 and "新規 0、変更 1、変更なし 2" in out
    assert sorted(p.name for p in (resources / "tobetsu").iterdir()) == sorted(first_name.split("/")[-1]
                                                                                for first_name in first
                                                                                if first_name.startswith("tobetsu/"))
    text = cafe.read_text(encoding="utf-8")
    assert "fee: 200円" in text and "verified: 2026-11-30" in text
    assert "name_kana: とうべつちょうかいごしゃのつどい" in text and "location: {lat: 43.2217, lon: 141.5098}" in text


def test_rows_whose_readings_make_the_same_slug_get_numbered_files_that_stay(
        tmp_path: Path, resources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["名称", "ふりがな", "住所", "郵便番号"],
            ["ほっとサロン", "ほっとさろん", "北海道石狩郡当別町西町32番地2", "061-0213", "", "第2会場"],
            ["ほっとサロン", "ほっとさろん", "北海道石狩郡当別町末広118番地6", "061-0228"],
            ["ホットサロン", "ほっとさろん", "北海道石狩郡当別町白樺町58番地9", "061-0292"]]
    sheet = write_csv(tmp_path / "salons.csv", rows)
    for _ in range(2):
        code, out, err = run(capsys, sheet, "--town", "tobetsu", "--kind", "salon", "--resources", resources)
        assert code == 0, err
        by_file = {p.stem: p.read_text(encoding="utf-8") for p in (resources / "tobetsu").iterdir()}
        assert sorted(by_file) == ["hottosaron", "hottosaron-2", "hottosaron-3"]
        assert "西町" in by_file["hottosaron"] and "末広" in by_file["hottosaron-2"] and "白樺町" in by_file["hottosaron-3"]
    assert "変更なし 3" in out
    assert "salons.csv:salons!1: F列（見出しなし）" in out  # data under no heading is named, not dropped


def test_dry_run_prints_the_files_and_writes_nothing(tmp_path: Path, resources: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(resources)
    code, out, _ = run(capsys, town_xlsx(tmp_path), "--town", "tobetsu", "--resources", resources, "--dry-run")

    assert code == 0 and snapshot(resources) == before
    assert "--dry-run のため、何も書いていません" in out
    assert f"----- resources/tobetsu/toubetsumachikaigomononotsudoi.yml\n{FIRST_FILE}" in out


def test_numbered_empty_rows_of_a_template_are_skipped_and_listed(tmp_path: Path, resources: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["No.", "名称", "住所", "郵便番号"], [1, "介護者のつどい", "北海道石狩郡当別町西町32番地2", "061-0213"],
            [2, "", "", ""], [3, "", "", ""]]
    code, out, err = run(capsys, write_xlsx(tmp_path / "list.xlsx", {"一覧": rows}), "--town", "tobetsu",
                         "--kind", "salon", "--resources", resources)
    assert code == 0, err
    assert "1 件の記録" in out and "list.xlsx:一覧!3（取り込む列が空）" in out and "list.xlsx:一覧!4（取り込む列が空）" in out


def test_a_town_heading_map_covers_headings_of_its_own(tmp_path: Path, resources: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["サロンの名前", "住所", "〒", "お茶代"],
            ["介護者のつどい", "北海道石狩郡当別町西町32番地2", "0610213", "100円"]]
    sheet = write_csv(tmp_path / "list.csv", rows)
    extra = tmp_path / "map.yml"
    extra.write_text("サロンの名前: name\nお茶代: fee\n", encoding="utf-8")
    code, out, err = run(capsys, sheet, "--town", "tobetsu", "--kind", "salon", "--columns", extra,
                         "--resources", resources)

    assert code == 0, err
    (record,) = load_directory(resources, today=date(2026, 11, 25)).records
    assert (record.name, record.fee, record.postal_code) == ("介護者のつどい", "100円", "061-0213")


@pytest.mark.parametrize("content, args, says", [
    ("名称,住所\nつどい,北海道\n".encode("utf-16"), ["--town", "tobetsu"], "UTF-8 でも Shift_JIS（CP932）でもありません"),
    ("名称,住所\nつどい,北海道石狩郡当別町\n".encode(), ["--town", "toubetsu"], "「tobetsu」ではありませんか"),
    ("名称,住所\nつどい,北海道石狩郡当別町\n".encode(), ["--town", "tobetsu", "--kind", "cafe"], "種類として読めません"),
    ("名称,住所\nつどい,北海道石狩郡当別町\n".encode(), ["--kind", "salon"], "どの市町村の情報かわかりません"),
    ("店,場所\nつどい,北海道\n".encode(), ["--town", "tobetsu"], "見出しの行が見つかりません"),
    ("名称,住所\nつどい,北海道石狩郡当別町\n".encode(), ["--town", "tobetsu", "--sheet", "サロン"], "シート「サロン」がありません"),
    (b"", ["--town", "tobetsu"], "見出しの行が見つかりません"),
])
def test_a_file_that_cannot_be_imported_gets_one_clear_message(
        tmp_path: Path, resources: Path, capsys: pytest.CaptureFixture[str],
        content: bytes, args: list[str], says: str) -> None:
    sheet = tmp_path / "list.csv"
    sheet.write_bytes(content)
    before = snapshot(resources)
    code, out, err = run(capsys, sheet, *args, "--resources", resources)
    assert code == 1 and says in err and "Traceback" not in err
    assert snapshot(resources) == before


def test_a_damaged_or_unknown_file_is_refused_in_japanese(tmp_path: Path, resources: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "list.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert run(capsys, broken, "--town", "tobetsu", "--resources", resources)[2].count("表計算ファイルとして読めません") == 1
    text = tmp_path / "list.txt"
    text.write_text("名称\n", encoding="utf-8")
    assert "読めない形式です" in run(capsys, text, "--town", "tobetsu", "--resources", resources)[2]
    assert "見つかりません" in run(capsys, tmp_path / "none.csv", "--town", "tobetsu", "--resources", resources)[2]
