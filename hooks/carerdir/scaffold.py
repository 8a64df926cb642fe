"""`python -m carerdir new <town> <kind> <slug>`: start a record file from its kind's template.

The templates in record_templates/ are the single copy of the text staff start from: this
command writes them out and CONTRIBUTING.md shows them for copying in GitHub's web editor
(tests/test_contributing.py keeps the two equal). Lines staff must fill in are left empty on
purpose, so a file nobody finished fails the check on exactly those lines ("空になっています")
instead of publishing a placeholder. Only `verified` is filled in here, with today's date.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path

from .loading import MUNICIPALITIES_FILE, RECORD_FILE, unknown_town_message, load_municipalities, today_in_japan
from .problems import InvalidData, Problem
from .schema import KINDS

TEMPLATES = Path(__file__).resolve().parent / "record_templates"
VERIFIED_LINE = re.compile(r"^verified:.*$", re.MULTILINE)


class ScaffoldError(Exception):
    """Why no file was written, worded for staff (Japanese)."""


def template_path(kind: str) -> Path:
    return TEMPLATES / f"{kind}.yml"


def template_text(kind: str) -> str:
    """The template of `kind` exactly as stored (and as shown in CONTRIBUTING.md)."""
    return template_path(kind).read_text(encoding="utf-8")


def record_text(kind: str, today: date) -> str:
    """The template with `verified` set to `today`: the day a record is written is a day it was checked."""
    text, count = VERIFIED_LINE.subn(f"verified: {today.isoformat()}", template_text(kind))
    assert count == 1, f"{template_path(kind)} must have exactly one verified: line"
    return text


def new_record(resources: Path, town: str, kind: str, slug: str, today: date | None = None) -> Path:
    """Write resources/<town>/<slug>.yml from the template of `kind`; raise ScaffoldError if it can't."""
    check_kind(kind)
    file_name = slug if slug.endswith(".yml") else f"{slug}.yml"
    if not RECORD_FILE.match(file_name):
        raise ScaffoldError(f"記録の名前「{slug}」は使えません。英小文字・数字・ハイフンで書いてください"
                            "（例: kaigosha-tsudoi）")
    check_town(resources, town)
    path = resources / town / file_name
    path.parent.mkdir(exist_ok=True)
    try:
        # "x" refuses to overwrite, even if the file appeared after any earlier look.
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(record_text(kind, today or today_in_japan()))
    except FileExistsError:
        raise ScaffoldError(f"{path} はもうあります。別の名前にするか、そのファイルを直してください") from None
    return path


def check_kind(kind: str) -> None:
    if kind in KINDS:
        return
    by_label = [k for k, label in KINDS.items() if kind and kind in label]
    near = by_label or difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.6)
    hint = f"「{near[0]}」ではありませんか。" if near else ""
    allowed = "、".join(f"{k}（{label}）" for k, label in KINDS.items())
    raise ScaffoldError(f"種類「{kind}」はありません。{hint}使える種類: {allowed}")


def check_town(resources: Path, town: str) -> None:
    """`town` must be a slug of municipalities.yml; the message suggests the nearest one."""
    problems: list[Problem] = []
    towns = load_municipalities(resources / MUNICIPALITIES_FILE, problems)
    if problems:
        raise ScaffoldError(InvalidData(problems).report())
    if town not in towns:
        raise ScaffoldError(unknown_town_message(town, towns))
