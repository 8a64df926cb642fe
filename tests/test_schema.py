"""The JSON Schema editors use agrees with the validator, is up to date, and the sample data is
complete enough to show every kind of page."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from carerdir.__main__ import schema_text
from carerdir.loading import load_directory
from carerdir.problems import InvalidData
from carerdir.schema import KINDS

PROJECT = Path(__file__).resolve().parents[1]
RESOURCES = PROJECT / "resources"
CORPUS = Path(__file__).resolve().parent / "bad_records"
SCHEMA_LINE = "# yaml-language-server: $schema=../record.schema.json"
RECORD_FILES = sorted(p for p in RESOURCES.glob("*/*.yml"))
TODAY = date(2026, 11, 25)


def as_json(value: Any) -> Any:
    """A record as the editor's YAML extension sees it: dates are text in JSON."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def read_record(path: Path) -> Any:
    return as_json(yaml.safe_load(path.read_text(encoding="utf-8")))


class _DatesAsText(yaml.SafeLoader):
    """YAML 1.2, as editors read it, has no dates; safe_load would raise on 2026-02-30."""


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", _DatesAsText.construct_yaml_str)


def read_bad_record(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsText)  # noqa: S506 - a SafeLoader


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads((RESOURCES / "record.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_committed_schema_is_generated_from_the_current_code() -> None:
    committed = (RESOURCES / "record.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), \
        "resources/record.schema.json is out of date: run `python -m carerdir schema` and commit it"


def test_there_are_sample_records_to_check() -> None:
    assert len(RECORD_FILES) >= 40


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_record_is_valid_by_the_json_schema(path: Path, validator: Draft202012Validator) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(read_record(path))]
    assert not errors


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_record_file_points_editors_to_the_schema(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


# Bad records from the validation corpus, with the field both checks must object to.
REJECTED_BY_BOTH = {
    "unknown-key-adress": "adress",
    "kind-outside-vocabulary": "kind",
    "counter-without-phone": "phone",
    "url-javascript": "url",
    "url-ftp": "url",
    "audience-outside-vocabulary": "audience",
    "postal-code-no-hyphen": "postal_code",
    "location-tokyo": "location",
    "date-impossible": "verified",
    "name-kana-kanji": "name_kana",
    "name-too-long": "name",
    "missing-address": "address",
    "sample-yes-string": "sample",
}


@pytest.mark.parametrize("name, field", REJECTED_BY_BOTH.items(), ids=list(REJECTED_BY_BOTH))
def test_schema_and_validator_reject_the_same_mistake(name: str, field: str, tmp_path: Path,
                                                       validator: Draft202012Validator) -> None:
    path = CORPUS / f"{name}.yml"
    errors = list(validator.iter_errors(read_bad_record(path)))
    assert any(field in [*e.path, *e.relative_path] or f"'{field}'" in e.message for e in errors), \
        [e.message for e in errors]

    resources = tmp_path / "resources"
    (resources / "tobetsu").mkdir(parents=True)
    shutil.copy(RESOURCES / "municipalities.yml", resources)
    shutil.copy(path, resources / "tobetsu")
    with pytest.raises(InvalidData) as raised:
        load_directory(resources, today=TODAY)
    assert field in {p.field for p in raised.value.problems}


def test_sample_directory_shows_every_kind_in_several_towns() -> None:
    directory = load_directory(RESOURCES)
    records = directory.records
    assert len(records) >= 40
    assert len({r.town for r in records}) >= 6
    assert {r.kind for r in records} == set(KINDS)
    assert all(r.sample for r in records), "made-up records must say `sample: true`"
