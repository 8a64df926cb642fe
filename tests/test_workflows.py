"""GitHub's side of the project: the workflows (actionlint and what they must run) and the pull request
and issue templates. The `check --github` annotations they rely on are tested in test_cli.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from carerdir.schema import KINDS

PROJECT = Path(__file__).resolve().parents[1]
GITHUB = PROJECT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))


def actionlint() -> str:
    """The actionlint of the venv (a pip package of requirements.txt carries the binary)."""
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is missing: install the pinned actionlint package of requirements.txt "
                    "(bash scripts/setup)")
    return found


def run_actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    # Files are named explicitly, so it works in a copy without .git too.
    return subprocess.run([actionlint(), "-no-color", *map(str, files)], cwd=PROJECT, capture_output=True,
                          text=True, check=False)


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` block (YAML 1.1 reads the bare key `on` as true)."""
    return workflow.get("on", workflow.get(True))


def steps_run(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def uses(workflow: dict[str, Any]) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "uses" in step]


# ---------------------------------------------------------------- workflows

def test_there_are_the_two_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["check.yml", "deploy.yml"]


def test_workflows_pass_actionlint() -> None:
    done = run_actionlint(*WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_does_find_mistakes(tmp_path: Path) -> None:
    """A control: a workflow with a wrong permission value must fail, or the test above proves nothing."""
    broken = tmp_path / "broken.yml"
    broken.write_text((GITHUB / "workflows" / "deploy.yml").read_text(encoding="utf-8")
                      .replace("pages: write", "pages: writ"), encoding="utf-8")
    done = run_actionlint(broken)
    assert done.returncode == 1 and '"writ" is invalid' in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_major_tag(path: Path) -> None:
    for action in uses(load(path)):
        assert re.fullmatch(r"actions/[a-z-]+@v\d+", action), action


def test_check_runs_on_every_pull_request_and_push_to_main() -> None:
    workflow = load(GITHUB / "workflows" / "check.yml")
    on = triggers(workflow)
    assert "pull_request" in on and on["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}


def test_check_validates_with_annotations_then_builds_strictly() -> None:
    records = load(GITHUB / "workflows" / "check.yml")["jobs"]["records"]
    runs = steps_run(records)
    check = next(i for i, run in enumerate(runs) if "-m carerdir check --github" in run)
    build = next(i for i, run in enumerate(runs) if "mkdocs build --strict" in run)
    assert check < build
    assert any("scripts/setup" in run for run in runs[:check])


def test_check_runs_the_test_suite_in_debian() -> None:
    tests = load(GITHUB / "workflows" / "check.yml")["jobs"]["tests"]
    container = tests["container"]
    image = container["image"] if isinstance(container, dict) else container
    assert image == "python:3.11-bookworm"  # scripts/test apt-gets Debian's chromium there
    assert any(run.startswith("bash scripts/test") for run in steps_run(tests))


def test_deploy_publishes_to_pages_from_main() -> None:
    workflow = load(GITHUB / "workflows" / "deploy.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["group"] == "pages"
    actions = [u.split("@")[0] for u in uses(workflow)]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(actions)
    build = workflow["jobs"]["build"]
    assert any("mkdocs build --strict" in run for run in steps_run(build))
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"


# ---------------------------------------------------------------- pull request and issue templates

def test_pull_request_template_has_the_checklist() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for item in ("verified", "電話番号", "個人の名前", "sample: true", "チェック"):
        assert re.search(rf"^- \[ \] .*{re.escape(item)}", text, re.MULTILINE), item


def form_fields(path: Path) -> dict[str, dict[str, Any]]:
    form = load(path)
    assert form["name"] and form["description"] and form["body"]
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert len(fields) == len([item for item in form["body"] if "id" in item]), "duplicate id"
    return fields


def test_correction_form_has_a_record_input_that_a_link_can_prefill() -> None:
    # The record page links to issues/new?template=correction.yml&record=<town>/<slug>: GitHub
    # prefills the field whose id equals the query parameter, and only an input or a textarea.
    form = load(GITHUB / "ISSUE_TEMPLATE" / "correction.yml")
    assert form["name"] == "情報の訂正"
    fields = form_fields(GITHUB / "ISSUE_TEMPLATE" / "correction.yml")
    assert fields["record"]["type"] == "input"
    required = {i for i, f in fields.items() if f.get("validations", {}).get("required")}
    assert {"record", "wrong", "correct", "how"} <= required
    assert "contact" in fields and "contact" not in required


def test_listing_form_offers_every_kind() -> None:
    form = load(GITHUB / "ISSUE_TEMPLATE" / "listing.yml")
    assert form["name"] == "掲載の依頼"
    fields = form_fields(GITHUB / "ISSUE_TEMPLATE" / "listing.yml")
    assert fields["kind"]["attributes"]["options"][:len(KINDS)] == list(KINDS.values())
    assert "contact" in fields and not fields["contact"].get("validations", {}).get("required")


def test_issue_chooser_config_parses() -> None:
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)
