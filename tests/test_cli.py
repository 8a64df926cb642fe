"""The command line, `python -m carerdir` (`__main__.py`): what each command prints and its exit
code, as staff and CI run it. What `import` makes of a sheet is in test_importing.py, what `new`
writes in test_scaffold.py, what `check` reports for each mistake in test_validation.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from carerdir.__main__ import github_annotation, main
from carerdir.problems import Problem
from sheetfiles import PROJECT, empty_resources, write_csv

ANNOTATION = re.compile(r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),title=(?P<title>[^,:]+)::(?P<message>.+)$")


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    return empty_resources(tmp_path / "resources")


# ---------------------------------------------------------------- check --github

BAD_RECORD = """\
# yaml-language-server: $schema=../record.schema.json
kind: salon
name: 当別町介護者のつどい
name_kana: とうべつちょうかいごしゃのつどい
adress: 北海道石狩郡当別町白樺町58番地9
postal_code: "061-0292"
location: {lat: 43.22382, lon: 141.517128}
audience: [family]
format: in_person
verified: 2026-10-01
"""


def test_check_github_prints_an_annotation_per_problem(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    (resources / "tobetsu").mkdir(parents=True)
    shutil.copy(PROJECT / "resources" / "municipalities.yml", resources)
    (resources / "tobetsu" / "tsudoi.yml").write_text(BAD_RECORD, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "carerdir", "check", "--github", str(resources)],
                          capture_output=True, text=True, encoding="utf-8", check=False,
                          env={**os.environ, "PYTHONUTF8": "1"})
    assert done.returncode == 1
    annotations = [ANNOTATION.match(line) for line in done.stdout.splitlines()]
    assert all(annotations), done.stdout
    where = [(a["file"], a["line"], a["title"]) for a in annotations if a]
    assert where == [("resources/tobetsu/tsudoi.yml", "2", "address"),
                     ("resources/tobetsu/tsudoi.yml", "5", "adress"),
                     ("resources/tobetsu/tsudoi.yml", "8", "audience")]
    assert annotations[1] and annotations[1]["message"] == \
        "「adress」という項目はありません。「address」の書き間違いではありませんか (unknown field)" \
        "（正しい例: address: 北海道石狩郡当別町白樺町58番地9）"  # ":" needs no escape in the message
    # The report for people is still there, on stderr, one line per problem.
    assert "resources/tobetsu/tsudoi.yml:5: adress:" in done.stderr
    assert "::error" not in done.stderr


def test_check_github_prints_nothing_extra_when_all_is_well(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(PROJECT / "resources", resources)
    done = subprocess.run([sys.executable, "-m", "carerdir", "check", "--github", str(resources)],
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK: ") and "::" not in done.stdout


def test_annotation_escapes_what_would_break_the_command() -> None:
    problem = Problem("resources/a,b:c.yml", 3, "x,y:z", "100% 違う\r\n次の行", "name: 当別町")
    assert github_annotation(problem) == \
        "::error file=resources/a%2Cb%3Ac.yml,line=3,title=x%2Cy%3Az::100%25 違う%0D%0A次の行（正しい例: name: 当別町）"


def test_annotation_without_an_example() -> None:
    assert github_annotation(Problem("resources/x/y.yml", 1, "(YAML)", "読めません")) == \
        "::error file=resources/x/y.yml,line=1,title=(YAML)::読めません"


# ---------------------------------------------------------------- import and new


def test_the_command_runs_as_staff_type_it(tmp_path: Path, resources: Path) -> None:
    rows = [["名称", "住所", "郵便番号", "電話番号"], ["介護者のつどい", "北海道石狩郡当別町西町32番地2", "061-0213", "0133-23"]]
    sheet = write_csv(tmp_path / "list.csv", rows, "cp932")
    command = [sys.executable, "-m", "carerdir", "import", str(sheet), "--town", "tobetsu", "--kind", "salon",
               "--resources", str(resources)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "list.csv:list!2: 列「電話番号」: 「0133-23」は日本の電話番号として正しくありません" in result.stderr


def test_command_prints_the_path_or_the_refusal(resources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "tobetsu", "hub", "ibasho", "--resources", str(resources)]) == 0
    assert capsys.readouterr().out.strip() == str(resources / "tobetsu" / "ibasho.yml")
    assert main(["new", "tobetsu", "hub", "ibasho", "--resources", str(resources)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, "もうあります" in captured.err, "Traceback" in captured.err) == ("", True, False)


def test_schema_rewrites_the_file_editors_read_to_what_the_code_says(resources: Path) -> None:
    schema_file = resources / "record.schema.json"
    schema_file.write_text("{}\n", encoding="utf-8")
    assert main(["schema", str(resources)]) == 0
    assert schema_file.read_bytes() == (PROJECT / "resources" / "record.schema.json").read_bytes()


def test_a_command_staff_mistype_gets_usage_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["chek"])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "usage: python -m carerdir" in err and "check" in err and "Traceback" not in err
