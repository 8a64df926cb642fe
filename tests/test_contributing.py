"""CONTRIBUTING.md stays true: every field, label and vocabulary term of schema.py is in its
tables, its templates are the files `python -m carerdir new` writes, and its error examples are
what `python -m carerdir check` prints today for the mistakes it shows.

When a test here fails after a change to the schema, the templates or a message, update
CONTRIBUTING.md with the text the failure shows.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from carerdir.__main__ import main
from carerdir.scaffold import template_text
from carerdir.schema import FIELDS, KINDS, PLACE_FIELDS

PROJECT = Path(__file__).resolve().parents[1]
CONTRIBUTING = PROJECT / "CONTRIBUTING.md"

# The record CONTRIBUTING.md's error examples start from (当別町役場's address and position).
VALID_RECORD = """\
# yaml-language-server: $schema=../record.schema.json
kind: salon
name: 当別町介護者のつどい
name_kana: とうべつちょうかいごしゃのつどい
address: 北海道石狩郡当別町白樺町58番地9
postal_code: "061-0292"
location: {lat: 43.2237, lon: 141.5171}
phone: "0133-23-2111"
audience: [carers]
format: in_person
verified: 2026-10-01
"""

# Each example of CONTRIBUTING.md: its file under resources/ and the edits that make the mistake.
EXAMPLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "typo": ("tobetsu/kaigosha-no-tsudoi.yml", [("address: ", "adress: ")]),
    "blank": ("tobetsu/kaigosha-no-tsudoi.yml", [("name: 当別町介護者のつどい", "name:")]),
    "label": ("tobetsu/kaigosha-no-tsudoi.yml", [("audience: [carers]", "audience: [家族]")]),
    "full-width-colon": ("tobetsu/kaigosha-no-tsudoi.yml", [("name: ", "name：")]),
    "no-space": ("tobetsu/kaigosha-no-tsudoi.yml", [("name: ", "name:")]),
    "date": ("tobetsu/kaigosha-no-tsudoi.yml", [("verified: 2026-10-01", "verified: 2026/10/01")]),
    "swapped": ("tobetsu/kaigosha-no-tsudoi.yml",
                [("location: {lat: 43.2237, lon: 141.5171}", "location: {lat: 141.5171, lon: 43.2237}")]),
    "counter": ("tobetsu/soudan-madoguchi.yml", [("kind: salon", "kind: counter"), ('phone: "0133-23-2111"\n', "")]),
}


@pytest.fixture(scope="module")
def text() -> str:
    return CONTRIBUTING.read_text(encoding="utf-8")


def bad_record(edits: list[tuple[str, str]]) -> str:
    record = VALID_RECORD
    for old, new in edits:
        assert old in record
        record = record.replace(old, new, 1)
    return record


def checker_says(tmp_path: Path, file: str, record: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The problem lines `python -m carerdir check` prints for `record` placed at resources/`file`."""
    resources = tmp_path / "resources"
    (resources / file).parent.mkdir(parents=True)
    shutil.copy(PROJECT / "resources" / "municipalities.yml", resources)
    (resources / file).write_text(record, encoding="utf-8")
    assert main(["check", str(resources)]) == 1
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("resources/")]


def required_cell(name: str) -> str:
    if FIELDS[name].required:
        return "○"
    return "会場があれば○" if name in PLACE_FIELDS else "相談窓口は○" if name == "phone" else ""


@pytest.mark.parametrize("name", FIELDS)
def test_field_table_has_every_field_with_its_label_requirement_and_example(text: str, name: str) -> None:
    field = FIELDS[name]
    row = re.search(rf"^\| `{name}` \|.*$", text, re.MULTILINE)
    assert row, f"add a row to the field table: | `{name}` | {field.label} | {required_cell(name)} | … |"
    cells = [cell.strip() for cell in row[0].strip("|").split("|")]
    assert cells[1:3] == [field.label, required_cell(name)], f"row of {name}: {cells}"
    assert f"`{field.example}`" in cells, f"row of {name} should show the example `{field.example}`"


def test_field_table_has_nothing_the_schema_does_not_know(text: str) -> None:
    listed = re.findall(r"^\| `([a-z_]+)` \| [^|]+ \| [^|]* \| [^|]+ \| `", text, re.MULTILINE)
    assert sorted(listed) == sorted(FIELDS)


@pytest.mark.parametrize("name", [n for n, f in FIELDS.items() if f.vocabulary])
def test_every_vocabulary_term_is_listed_with_its_label(text: str, name: str) -> None:
    vocabulary = FIELDS[name].vocabulary
    assert vocabulary is not None
    missing = [f"| `{term}` | {label} |" for term, label in vocabulary.items() if f"| `{term}` | {label} |" not in text]
    assert not missing, f"add to the table of {name}:\n" + "\n".join(missing)


@pytest.mark.parametrize("kind", KINDS)
def test_template_of_each_kind_is_the_file_the_scaffold_writes(text: str, kind: str) -> None:
    assert f"```yaml\n{template_text(kind)}```\n" in text, \
        f"CONTRIBUTING.md must show hooks/carerdir/record_templates/{kind}.yml exactly, in a ```yaml block"


@pytest.mark.parametrize("name", EXAMPLES)
def test_error_example_is_what_the_checker_prints(text: str, name: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    file, edits = EXAMPLES[name]
    record = bad_record(edits)
    says = checker_says(tmp_path, file, record, capsys)
    assert says
    for line in says:
        assert line in text, f"CONTRIBUTING.md should show the message as printed now:\n{line}"
    for line in set(record.splitlines()) - set(VALID_RECORD.splitlines()):
        assert line in text, f"CONTRIBUTING.md should show the wrong line: {line}"


def test_message_format_is_explained(text: str) -> None:
    assert "ファイル:行: 項目: 内容（正しい例: …）" in text


def test_web_editor_steps_name_the_buttons(text: str) -> None:
    for button in ("Add file", "Create new file", "Commit changes", "Propose changes", "Create pull request",
                   "Edit this file", "Files changed", "Details"):
        assert button in text, button
