"""Bad records stop the site with a message staff can act on: the file, the line, the field,
what is wrong in Japanese and an example of a right value, and never a Python traceback.

The corpus is tests/bad_records/: one mistake per file, each a copy of `VALID_RECORD` with one
thing broken. `CASES` says where each file is placed and what staff must be told. A few cases
also go through the real `mkdocs build --strict` and `python -m carerdir check`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from carerdir.loading import load_directory
from carerdir.problems import InvalidData, Problem
from carerdir.schema import json_schema
from sitebuild import copy_project, mkdocs_build

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "bad_records"
# A fixed "today", so the future-date case and the records' dates do not move with the clock.
TODAY = date(2026, 11, 25)

# Every corpus file is this record with one mistake (当別町役場's real address and position).
VALID_RECORD = """\
# yaml-language-server: $schema=../record.schema.json
kind: salon
name: 当別町介護者のつどい
name_kana: とうべつちょうかいごしゃのつどい
address: 北海道石狩郡当別町白樺町58番地9
postal_code: "061-0292"
location: {lat: 43.22382, lon: 141.517128}
phone: "0133-23-2111"
audience: [carers]
format: in_person
verified: 2026-10-01
sample: true
"""

VALID_ONLINE = """\
# yaml-language-server: $schema=../record.schema.json
kind: salon
name: オンライン介護者のつどい
name_kana: おんらいんかいごしゃのつどい
url: https://example.jp/tobetsu/online-tsudoi
audience: [carers, working_carers]
format: online
verified: 2026-10-01
sample: true
"""


@dataclass(frozen=True)
class Case:
    name: str  # tests/bad_records/<name>.yml
    line: int
    field: str
    says: str  # Japanese text the message must contain
    town: str = "tobetsu"  # the folder under resources/ it is placed in
    placed_as: str = ""  # its file name there, when not <name>.yml
    encoding: str = "utf-8"  # how the (UTF-8) corpus text is saved there
    example: bool = True  # the message shows a right value (正しい例)
    problems: int = 1  # how many problems the file has in all

    @property
    def shown(self) -> str:
        """The file as messages name it."""
        return f"resources/{self.town}/{self.placed_as or self.name + '.yml'}"


CASES = [
    # The file cannot be read as a record at all.
    Case("yaml-syntax-error", 9, "(YAML)", "かっこの対応"),  # the line of the unclosed "[", not the next
    Case("unclosed-quote", 8, "(YAML)", "引用符"),  # the line of the unclosed '"', not the end of the file
    Case("tab-indentation", 11, "(YAML)", "タブ文字は使えません"),
    Case("full-width-colon", 3, "(YAML)", "「：」が全角です"),
    Case("duplicate-key", 13, "(YAML)", "「name」が2回書かれています（3行目にもあります）", example=False),
    Case("two-documents", 13, "(YAML)", "記録は1つ"),
    Case("list-not-mapping", 1, "(ファイル)", "中身がリストです"),
    Case("empty", 1, "(ファイル)", "中身が空です"),
    Case("scalar", 1, "(ファイル)", "中身が1つの値です"),
    Case("alias", 10, "(YAML)", "エイリアス", example=False),
    Case("alias-bomb", 14, "(YAML)", "エイリアス", example=False),
    Case("python-tag", 3, "(YAML)", "タグ"),
    Case("map-tag-on-text", 3, "(YAML)", "「!!map」のような「!」で始まるタグは使えません", example=False),
    Case("seq-tag-on-text", 3, "(YAML)", "「!!seq」のような「!」で始まるタグは使えません", example=False),
    Case("deep-nesting", 12, "(YAML)", "入れ子が深すぎます", example=False),
    Case("huge-number", 3, "(YAML)", "数字が長すぎます", example=False),
    Case("control-character", 3, "(ファイル)", "制御文字（U+0007）", example=False),
    Case("shift-jis", 3, "(ファイル)", "「UTF-8」を選んで保存し直してください", encoding="shift_jis",
         example=False),
    # Where the file is.
    Case("town-folder-unknown", 1, "(フォルダ)", "「tobetsu」ではありませんか", town="toubetsu"),
    Case("town-folder-japanese", 1, "(フォルダ)", "「tobetsu」ではありませんか", town="当別町"),
    Case("nested-folder", 1, "(ファイル)", "フォルダの中にさらにフォルダは作れません", town="tobetsu/2026"),
    Case("file-name-upper-case", 1, "(ファイル名)", "英小文字", placed_as="Kaigosha-Tsudoi.yml"),
    Case("file-name-yaml-extension", 1, "(ファイル名)", ".yml にしてください", placed_as="kaigosha-tsudoi.yaml"),
    # Keys.
    Case("unknown-key-adress", 5, "adress", "「address」の書き間違いではありませんか", problems=2),
    Case("missing-name", 2, "name", "「name」（名称）が必要です"),
    Case("missing-address", 2, "address", "会場がある場合は「address」"),
    Case("missing-postal-code", 2, "postal_code", "会場がある場合は「postal_code」"),
    Case("counter-without-phone", 2, "phone", "相談窓口には「phone」"),
    # Types.
    Case("name-number", 3, "name", "文字で書いてください"),
    Case("audience-string", 9, "audience", "リストで書いてください（今は 文字 です）"),
    Case("location-string", 7, "location", "{lat: …, lon: …} の形"),
    Case("sample-yes-string", 12, "sample", "true か false"),
    Case("empty-string", 3, "name", "空になっています"),
    Case("empty-value", 11, "verified", "空になっています"),
    # Vocabularies.
    Case("kind-outside-vocabulary", 2, "kind", "「cafe」は使えません"),
    Case("kind-japanese-label", 2, "kind", "「counter」ではありませんか"),
    Case("audience-outside-vocabulary", 9, "audience", "「family」は使えません"),
    Case("serves-unknown-slug", 12, "serves", "「tokyo」という市町村はありません"),
    Case("serves-nested-list", 12, "serves", "という市町村はありません"),
    # Values.
    Case("date-impossible", 11, "verified", "「2026-02-30」という日付はありません"),
    Case("date-future", 11, "verified", "未来の日付"),
    Case("date-slashes", 11, "verified", "年-月-日 の形"),
    Case("date-reiwa", 11, "verified", "年-月-日 の形"),
    Case("phone-too-short", 8, "phone", "日本の電話番号として正しくありません"),
    Case("phone-letters", 8, "phone", "日本の電話番号として正しくありません"),
    Case("phone-unquoted", 8, "phone", "\"…\" で囲んでください"),
    Case("postal-code-no-hyphen", 6, "postal_code", "3けた-4けた"),
    Case("postal-code-unquoted", 6, "postal_code", "\"…\" で囲んで書いてください（今は 数 です）"),
    Case("email-bad", 9, "email", "メールアドレスの形になっていません"),
    Case("url-javascript", 9, "url", "http:// か https:// で始めてください"),
    Case("url-ftp", 9, "url", "http:// か https:// で始めてください"),
    # Schedules: the line of the very item, what is impossible, and the structured way out.
    Case("schedule-sixth-wednesday", 15, "schedule", "「第6」の曜日はありません"),
    Case("schedule-25-oclock", 13, "schedule", "25時という時刻はありません"),
    Case("schedule-end-before-start", 14, "schedule", "終了時刻 13:00 が開始時刻 15:00 と同じか、それより前"),
    Case("schedule-irregular", 14, "schedule", "構造化形式の note に書いてください"),
    Case("schedule-structured-unknown-key", 14, "schedule", "知らない項目 begin"),
    Case("location-tokyo", 7, "location", "北海道の外"),
    Case("location-swapped", 7, "location", "逆になっています"),
    Case("location-kushiro", 7, "location", "この位置は釧路市です。当別町（resources/tobetsu/）の場所なら"),
    # 江別市役所, 13 km from 当別町役場: within the old 60 km rule, in the wrong municipality.
    Case("location-neighbour-city-ebetsu", 7, "location",
         "この位置は江別市です。当別町（resources/tobetsu/）の場所なら位置を直してください。"
         "江別市にある場所なら resources/ebetsu/ に置き、当別町の人も使えるなら serves: [tobetsu] と書いてください"),
    Case("location-ishikari-bay", 7, "location", "この位置は海の上です"),
    Case("location-aomori-oma", 7, "location", "この位置は大間町で、北海道の外です"),  # inside Hokkaido's box
    Case("name-too-long", 3, "name", "80 文字以内"),
    Case("description-too-long", 12, "description", "2000 文字以内"),
    Case("name-kana-kanji", 4, "name_kana", "ひらがな・カタカナ"),
    Case("status-note-without-suspended", 12, "status_note", "status: suspended"),
    Case("file-name-upper-case-and-errors", 1, "(ファイル名)", "英小文字", placed_as="Tsudoi.yml", problems=3),
]

# Two files with several mistakes each, reported together: (file, [(line, field), ...]).
MANY_ERRORS = {
    "resources/tobetsu/many-errors-salon.yml": [
        (2, "address"), (4, "name_kana"), (5, "adress"), (7, "location"), (8, "audience"), (10, "verified")],
    "resources/kushiro/many-errors-counter.yml": [
        (2, "kind"), (6, "postal_code"), (7, "location"), (8, "url"), (11, "verified")],
}

# Cases that also go through a real build and the check command: one of each family.
BUILD_CASES = ("yaml-syntax-error", "shift-jis", "alias-bomb", "deep-nesting", "town-folder-japanese",
               "unknown-key-adress", "serves-nested-list", "location-kushiro")


def place(resources: Path, files: dict[str, bytes]) -> Path:
    """A fresh `resources` folder: the real municipalities.yml plus `files` (relative path: bytes)."""
    if resources.exists():
        shutil.rmtree(resources)
    resources.mkdir(parents=True)
    shutil.copy(PROJECT / "resources" / "municipalities.yml", resources)
    for relative, content in files.items():
        (resources / relative).parent.mkdir(parents=True, exist_ok=True)
        (resources / relative).write_bytes(content)
    return resources


def corpus_file(case: Case) -> dict[str, bytes]:
    text = (CORPUS / f"{case.name}.yml").read_text(encoding="utf-8")
    return {case.shown.removeprefix("resources/"): text.encode(case.encoding)}


def many_error_files() -> dict[str, bytes]:
    return {shown.removeprefix("resources/"): (CORPUS / Path(shown).name).read_bytes() for shown in MANY_ERRORS}


def problems_of(resources: Path) -> list[Problem]:
    with pytest.raises(InvalidData) as raised:
        load_directory(resources, today=TODAY)
    return raised.value.problems


def report(problems: list[Problem]) -> str:
    return "\n".join(map(str, problems))


# ---------------------------------------------------------------- the loader, in process

def test_every_corpus_file_has_a_case() -> None:
    named = [c.name for c in CASES] + [Path(f).stem for f in MANY_ERRORS]
    assert len(named) == len(set(named)), "a corpus file is listed twice"
    assert sorted(p.stem for p in CORPUS.iterdir()) == sorted(named)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_record_is_reported_with_file_line_and_field(case: Case, tmp_path: Path) -> None:
    resources = place(tmp_path / "resources", corpus_file(case))
    started = time.perf_counter()
    problems = problems_of(resources)
    # Alias bombs and deep nesting are refused at once, not after minutes of expansion.
    assert time.perf_counter() - started < 2
    assert {p.path for p in problems} == {case.shown}
    assert len(problems) == case.problems, report(problems)
    found = [p for p in problems if (p.line, p.field) == (case.line, case.field)]
    assert found, f"expected {case.shown}:{case.line}: {case.field}:, got\n{report(problems)}"
    assert case.says in found[0].message
    if case.example:
        assert "正しい例: " in str(found[0])


def test_all_errors_of_all_files_are_reported_together(tmp_path: Path) -> None:
    problems = problems_of(place(tmp_path / "resources", many_error_files()))
    expected = sorted((path, line, field) for path, where in MANY_ERRORS.items() for line, field in where)
    assert sorted((p.path, p.line, p.field) for p in problems) == expected, report(problems)


WORKERS_AGAINST_ONE = """
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from carerdir import loading, workers
from carerdir.problems import InvalidData

def outcome(resources):
    try:
        return loading.load_directory(Path(resources), today=date(2026, 11, 25)), None
    except InvalidData as error:
        return None, error.report()

good, bad = sys.argv[1:]
in_process = outcome(good), outcome(bad)
workers.PARALLEL_FROM, loading.PART_SIZE = 1, 4
workers.os.sched_getaffinity = lambda pid: {0, 1}  # even on one CPU
pools = []

class CountedPool(ProcessPoolExecutor):
    def __init__(self, workers, **options):
        pools.append(workers)
        super().__init__(workers, **options)

loading.ProcessPoolExecutor = CountedPool
assert (outcome(good), outcome(bad)) == in_process
assert pools == [2, 2], pools
assert len(in_process[0][0].records) > 40 and in_process[1][1].count("\\n") > 5
print("same")
"""


def test_worker_processes_find_the_same_records_and_problems_in_the_same_order(tmp_path: Path) -> None:
    """A prefecture's files are checked in worker processes; a town's in this one. Same results.
    (In a fresh process: forking is only done while a process has one thread.)"""
    files = {str(p.relative_to(PROJECT / "resources")): p.read_bytes()
             for p in (PROJECT / "resources").glob("*/*.yml")}
    good = place(tmp_path / "good", files)
    bad = place(tmp_path / "bad", files | many_error_files())
    result = subprocess.run([sys.executable, "-c", WORKERS_AGAINST_ONE, str(good), str(bad)],
                            capture_output=True, text=True, check=False)
    assert result.stdout == "same\n", result.stderr


def test_broken_municipalities_list_is_named_as_on_github_and_alone(tmp_path: Path) -> None:
    # A broken list must not also turn every town folder into an "unknown folder" error.
    resources = place(tmp_path / "resources", {"tobetsu/tsudoi.yml": VALID_RECORD.encode()})
    text = (resources / "municipalities.yml").read_text(encoding="utf-8")
    (resources / "municipalities.yml").write_text(text.replace("- code: '011002'", "- code: ['011002'"),
                                                  encoding="utf-8")
    problems = problems_of(resources)
    assert [(p.path, p.line, p.field) for p in problems] == [("resources/municipalities.yml", 6, "(YAML)")]


def test_the_record_the_corpus_is_made_from_is_valid(tmp_path: Path) -> None:
    directory = load_directory(place(tmp_path / "resources", {"tobetsu/tsudoi.yml": VALID_RECORD.encode()}),
                               today=TODAY)
    assert [r.id for r in directory.records] == ["tobetsu/tsudoi"]


def test_utf8_with_bom_is_accepted(tmp_path: Path) -> None:
    # Windows Notepad saves "UTF-8 (BOM付き)"; the BOM must not turn `kind` into an unknown key.
    files = {"tobetsu/tsudoi.yml": VALID_RECORD.encode("utf-8-sig")}
    (record,) = load_directory(place(tmp_path / "resources", files), today=TODAY).records
    assert (record.kind, record.name) == ("salon", "当別町介護者のつどい")


def with_location(lat: float, lon: float) -> bytes:
    return VALID_RECORD.replace("{lat: 43.22382, lon: 141.517128}", f"{{lat: {lat}, lon: {lon}}}").encode()


def test_a_point_just_over_the_border_is_accepted(tmp_path: Path) -> None:
    # 当別町 meets 江別市 at about 43.1680 on this meridian: 200 m south is 江別市, within the
    # tolerance a geocoded address needs; 350 m south is refused.
    near, far = with_location(43.1663, 141.5171), with_location(43.1648, 141.5171)
    (record,) = load_directory(place(tmp_path / "near", {"tobetsu/tsudoi.yml": near}), today=TODAY).records
    assert record.location is not None and record.location.lat == 43.1663
    (problem,) = problems_of(place(tmp_path / "far", {"tobetsu/tsudoi.yml": far}))
    assert problem.field == "location" and "この位置は江別市です" in problem.message


def test_a_ward_folder_is_checked_against_its_city(tmp_path: Path) -> None:
    # Boundaries know 札幌市 as one city: a place in 北区 filed under 中央区 is not refused, but
    # one in 江別市 filed under a ward is, and is told to use a ward folder for Sapporo.
    kita = with_location(43.0909, 141.3409)
    load_directory(place(tmp_path / "ward", {"sapporo-chuo/tsudoi.yml": kita}), today=TODAY)
    sapporo_in_tobetsu = problems_of(place(tmp_path / "city", {"tobetsu/tsudoi.yml": kita}))
    assert "札幌市にある場所なら 札幌市の区のフォルダ（resources/sapporo-chuo/ など）に置き" in \
        sapporo_in_tobetsu[0].message


def test_a_reading_may_have_digits_latin_letters_spaces_and_long_vowels(tmp_path: Path) -> None:
    readings = ["だい2つどいのいえ", "だい２つどいのいえ", "NPOほうじん ささえあい", "ＪＡきょうさい・かふぇ", "ケアラーズ　カフェ"]
    files = {f"tobetsu/tsudoi-{i}.yml": VALID_RECORD.replace("とうべつちょうかいごしゃのつどい", kana).encode()
             for i, kana in enumerate(readings)}
    directory = load_directory(place(tmp_path / "resources", files), today=TODAY)
    assert sorted(r.name_kana for r in directory.records) == sorted(readings)
    # Editors validating with the JSON Schema agree, and still refuse kanji.
    kana = jsonschema.Draft202012Validator(json_schema()["properties"]["name_kana"])
    assert all(kana.is_valid(r) for r in readings) and not kana.is_valid("当別ちょう")


def test_online_record_needs_no_address(tmp_path: Path) -> None:
    files = {"tobetsu/online-tsudoi.yml": VALID_ONLINE.encode()}
    (record,) = load_directory(place(tmp_path / "resources", files), today=TODAY).records
    assert (record.format, record.address, record.postal_code, record.location) == ("online", "", "", None)


def test_a_place_without_location_is_valid_with_its_address(tmp_path: Path) -> None:
    # Town lists have addresses but rarely coordinates: such a place is published, off the map.
    without = "".join(line for line in VALID_RECORD.splitlines(keepends=True) if not line.startswith("location:"))
    (record,) = load_directory(place(tmp_path / "resources", {"tobetsu/tsudoi.yml": without.encode()}),
                               today=TODAY).records
    assert (record.location, record.address) == (None, "北海道石狩郡当別町白樺町58番地9")


# ---------------------------------------------------------------- the real commands

def build(project: Path) -> tuple[int, str]:
    """`mkdocs build --strict` into project/site: exit code and everything printed."""
    done = mkdocs_build(project, project / "site")
    return done.returncode, done.stdout + done.stderr


def check(resources: Path) -> tuple[int, str]:
    """`python -m carerdir check`: exit code and everything printed."""
    done = subprocess.run([sys.executable, "-m", "carerdir", "check", str(resources)], capture_output=True,
                          text=True, encoding="utf-8", env={**os.environ, "PYTHONUTF8": "1"}, check=False)
    return done.returncode, done.stdout + done.stderr


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("resources/")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the project for every build below; each test replaces its resources/."""
    return copy_project(tmp_path_factory.mktemp("project"), with_samples=False)


@pytest.mark.parametrize("case", [c for c in CASES if c.name in BUILD_CASES], ids=lambda c: c.name)
def test_build_and_check_fail_with_the_message_and_no_traceback(case: Case, project: Path) -> None:
    resources = place(project / "resources", corpus_file(case))
    site = project / "site"  # the site published last time must stay as it was
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    (site / "index.html").write_text("<p>前回公開したサイト</p>", encoding="utf-8")
    published = snapshot(site)
    where = f"{case.shown}:{case.line}: {case.field}:"

    code, output = build(project)
    assert code != 0, output
    assert "Traceback" not in output
    assert where in output and case.says in output, output
    assert snapshot(site) == published

    check_code, check_output = check(resources)
    assert check_code == 1, check_output
    assert "Traceback" not in check_output
    assert problem_lines(check_output) == problem_lines(output)


def test_build_and_check_report_every_error_of_every_file(project: Path) -> None:
    resources = place(project / "resources", many_error_files())
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    expected = [f"{path}:{line}: {field}:" for path, where in MANY_ERRORS.items() for line, field in where]

    code, output = build(project)
    assert code != 0 and "Traceback" not in output, output
    assert all(any(line.startswith(e) for line in problem_lines(output)) for e in expected), output
    assert len(problem_lines(output)) == len(expected), output
    assert not site.exists()

    check_code, check_output = check(resources)
    assert check_code == 1 and "Traceback" not in check_output
    assert problem_lines(check_output) == problem_lines(output)
