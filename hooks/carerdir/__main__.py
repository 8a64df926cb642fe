"""Command line: `python -m carerdir check` validates the data without building the site.

    python -m carerdir check [resources] [--github]    check every record; exit 1 listing the problems
    python -m carerdir schema [resources]              rewrite resources/record.schema.json
    python -m carerdir new TOWN KIND SLUG [--resources DIR]    start resources/TOWN/SLUG.yml
    python -m carerdir import FILE [--town SLUG] [--kind KIND] [--sheet NAME] [--columns map.yml]
                              [--resources DIR] [--dry-run]    a town's spreadsheet into records
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .loading import load_directory
from .problems import InvalidData, Problem
from .scaffold import ScaffoldError, new_record
from .schema import KINDS, SCHEMA_FILE, json_schema


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    # GitHub's workflow-command rules: these would end or corrupt the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """An `::error` workflow command, so GitHub marks the problem on the file's line in a pull request."""
    message = f"{problem.message}（正しい例: {problem.example}）" if problem.example else problem.message
    return f"::error file={_escape_property(problem.path)},line={problem.line}," \
           f"title={_escape_property(problem.field)}::{_escape_data(message)}"


def check(resources: Path, github: bool = False) -> int:
    try:
        directory = load_directory(resources)
    except InvalidData as error:
        print(error.report(), file=sys.stderr)
        if github:
            print("\n".join(github_annotation(p) for p in error.problems))
        return 1
    print(f"OK: {len(directory.records)} 件の記録、{len(directory.municipalities)} 市町村 (all valid)")
    return 0


def new(resources: Path, town: str, kind: str, slug: str) -> int:
    try:
        path = new_record(resources, town, kind, slug)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(path)
    return 0


def import_sheet(args: argparse.Namespace) -> int:
    from .importing import ImportOptions, run_import  # pykakasi and calamine only when importing

    options = ImportOptions(args.resources, args.town, args.kind, args.sheet, args.columns, args.dry_run)
    report = run_import(args.file, options)
    print(report.text(args.dry_run), file=sys.stderr if report.problems else sys.stdout)
    return 1 if report.problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m carerdir", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    checking, schema = commands.add_parser("check"), commands.add_parser("schema")
    for command in (checking, schema):
        command.add_argument("resources", nargs="?", type=Path, default=Path("resources"))
    checking.add_argument("--github", action="store_true", help="also print GitHub Actions annotations (::error)")
    scaffold = commands.add_parser("new", help="start a record file from the template of its kind")
    scaffold.add_argument("town", help="slug in resources/municipalities.yml, e.g. tobetsu")
    scaffold.add_argument("kind", help=" / ".join(KINDS))
    scaffold.add_argument("slug", help="file name without .yml, e.g. kaigosha-tsudoi")
    scaffold.add_argument("--resources", type=Path, default=Path("resources"))
    importing = commands.add_parser("import", help="records from a town's spreadsheet (.xlsx .xls .ods .csv)")
    importing.add_argument("file", type=Path, help="the list: .xlsx, .xls, .ods or .csv (UTF-8 or Shift_JIS)")
    importing.add_argument("--town", help="slug in resources/municipalities.yml, when the sheet has no code column")
    importing.add_argument("--kind", help="kind of rows without a 種別 column: " + " / ".join(KINDS))
    importing.add_argument("--sheet", help="read only this sheet (default: every sheet with a header row)")
    importing.add_argument("--columns", type=Path, help="YAML map of extra headings to fields, e.g. 会場の名前: venue")
    importing.add_argument("--resources", type=Path, default=Path("resources"))
    importing.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    args = parser.parse_args(argv)
    if args.command == "import":
        return import_sheet(args)
    if args.command == "schema":
        (args.resources / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
        return 0
    if args.command == "new":
        return new(args.resources, args.town, args.kind, args.slug)
    return check(args.resources, args.github)


if __name__ == "__main__":
    sys.exit(main())
