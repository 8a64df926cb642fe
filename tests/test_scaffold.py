"""`python -m carerdir new` and the per-kind templates it writes (record_templates/*.yml).

An untouched template must fail the check on exactly the lines staff have to fill in, and the
same file with those lines filled in must pass: that is the promise CONTRIBUTING.md makes.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from carerdir.loading import load_directory
from carerdir.problems import InvalidData
from carerdir.scaffold import TEMPLATES, ScaffoldError, new_record, template_text
from carerdir.schema import ENUM, ENUM_LIST, FIELDS, KINDS
from carerdir.yamlfile import parse_yaml

PROJECT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 25)
SCHEMA_LINE = "# yaml-language-server: $schema=../record.schema.json\n"


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    """An empty resources/ with only the reference data."""
    folder = tmp_path / "resources"
    folder.mkdir()
    for name in ("municipalities.yml", "record.schema.json"):
        shutil.copy(PROJECT / "resources" / name, folder / name)
    return folder


def blanks(text: str) -> dict[str, int]:
    """Keys left for staff to fill in (an empty value, or a location without numbers), with their lines."""
    data, problems = parse_yaml(text, "template")
    assert not problems, problems
    return {key: data.line_of(key) for key, value in data.items()
            if value is None or (isinstance(value, dict) and None in value.values())}


def comment_example(lines: list[str], line: int) -> str | None:
    """The value after 「例: 」 in the comment block right above `line` (1-based), if it gives one."""
    index = line - 2
    while index >= 0 and lines[index].startswith("#"):
        if "例: " in lines[index]:
            return lines[index].rsplit("例: ", 1)[1].rstrip("\n")
        index -= 1
    return None


def filled_in(text: str) -> str:
    """Every blank filled in with the example its comment shows (else the schema's example):
    what staff copy from the comments must itself be a right value."""
    lines = text.splitlines(keepends=True)
    for key, line in blanks(text).items():
        example = comment_example(lines, line)
        lines[line - 1] = (f"{key}: {example}" if example else FIELDS[key].example) + "\n"
    return "".join(lines)


def test_there_is_one_template_per_kind_and_nothing_else() -> None:
    assert sorted(p.name for p in TEMPLATES.iterdir()) == sorted(f"{kind}.yml" for kind in KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_template_is_a_record_of_its_kind_with_known_fields(kind: str) -> None:
    text = template_text(kind)
    assert text.startswith(SCHEMA_LINE)
    data, problems = parse_yaml(text, kind)
    assert not problems
    assert data["kind"] == kind
    assert set(data) <= set(FIELDS), set(data) - set(FIELDS)
    assert {name for name, field in FIELDS.items() if field.required} <= set(data)
    assert data["verified"] is None, "verified is left empty: staff write the day they checked"
    assert text.count("\nverified:") == 1
    # Every blank says in a comment what goes there: the line above it is a comment.
    lines = text.splitlines()
    for key, line in blanks(text).items():
        assert lines[line - 2].startswith("#"), f"{kind}: no comment above {key}"


@pytest.mark.parametrize("kind", KINDS)
def test_template_comments_list_every_term_with_its_label(kind: str) -> None:
    text = template_text(kind)
    data, _ = parse_yaml(text, kind)
    for name in data:
        field = FIELDS[name]
        if field.shape in (ENUM, ENUM_LIST) and name != "kind":
            assert field.vocabulary is not None
            missing = [f"{t}（{label}）" for t, label in field.vocabulary.items() if f"{t}（{label}）" not in text]
            assert not missing, f"{kind}.yml: add to the comment above {name}: {missing}"


@pytest.mark.parametrize("kind", KINDS)
def test_new_writes_the_template_with_todays_date(resources: Path, kind: str) -> None:
    path = new_record(resources, "tobetsu", kind, "atarashii-kiroku", today=TODAY)
    assert path == resources / "tobetsu" / "atarashii-kiroku.yml"
    assert path.read_text(encoding="utf-8") == \
        template_text(kind).replace("\nverified:\n", "\nverified: 2026-11-25\n")


@pytest.mark.parametrize("kind", KINDS)
def test_untouched_file_fails_only_on_the_blanks(resources: Path, kind: str) -> None:
    path = new_record(resources, "tobetsu", kind, "mada-kaiteinai", today=TODAY)
    with pytest.raises(InvalidData) as raised:
        load_directory(resources, today=TODAY)
    where = {(p.field, p.line) for p in raised.value.problems}
    assert where == set(blanks(path.read_text(encoding="utf-8")).items())
    assert all("空になっています" in p.message or p.field == "location" for p in raised.value.problems)


@pytest.mark.parametrize("kind", KINDS)
def test_file_with_the_blanks_filled_in_is_valid(resources: Path, kind: str) -> None:
    path = new_record(resources, "tobetsu", kind, "kakiowatta", today=TODAY)
    path.write_text(filled_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    (record,) = load_directory(resources, today=TODAY).records
    assert (record.id, record.kind, record.verified) == ("tobetsu/kakiowatta", kind, TODAY)


def test_online_file_is_valid_without_the_place_lines(resources: Path) -> None:
    path = new_record(resources, "tobetsu", "salon", "online-tsudoi", today=TODAY)
    text = filled_in(path.read_text(encoding="utf-8")).replace("format: in_person", "format: online")
    kept = [line for line in text.splitlines(keepends=True)
            if not line.startswith(("address:", "postal_code:", "location:"))]
    path.write_text("".join(kept), encoding="utf-8")
    (record,) = load_directory(resources, today=TODAY).records
    assert (record.format, record.location) == ("online", None)


@pytest.mark.parametrize(("town", "kind", "slug", "says"), [
    ("toubetsu", "salon", "tsudoi", "「tobetsu」ではありませんか"),
    ("当別町", "salon", "tsudoi", "「tobetsu」ではありませんか"),
    ("tokyo", "salon", "tsudoi", "市町村の slug ではありません"),
    ("tobetsu", "cafe", "tsudoi", "種類「cafe」はありません"),
    ("tobetsu", "認知症カフェ", "tsudoi", "「dementia_cafe」ではありませんか"),
    ("tobetsu", "salon", "Kaigosha_Tsudoi", "英小文字・数字・ハイフン"),
    ("tobetsu", "salon", "../tsudoi", "英小文字・数字・ハイフン"),
    ("tobetsu", "salon", "つどい", "英小文字・数字・ハイフン"),
])
def test_new_refuses_with_a_message(resources: Path, town: str, kind: str, slug: str, says: str) -> None:
    with pytest.raises(ScaffoldError, match=says):
        new_record(resources, town, kind, slug, today=TODAY)
    assert sorted(p.name for p in resources.iterdir()) == ["municipalities.yml", "record.schema.json"]


def test_new_never_overwrites(resources: Path) -> None:
    path = new_record(resources, "tobetsu", "salon", "tsudoi", today=TODAY)
    path.write_text("kind: salon\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="もうあります"):
        new_record(resources, "tobetsu", "counter", "tsudoi.yml", today=TODAY)
    assert path.read_text(encoding="utf-8") == "kind: salon\n"
