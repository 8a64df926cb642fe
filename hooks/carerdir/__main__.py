"""Command line: `python -m carerdir check` validates the data without building the site.

    python -m carerdir check [resources]     check every record; exit 1 listing the problems
    python -m carerdir schema [resources]    rewrite resources/record.schema.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .loading import load_directory
from .problems import InvalidData
from .schema import SCHEMA_FILE, json_schema


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def check(resources: Path) -> int:
    try:
        directory = load_directory(resources)
    except InvalidData as error:
        print(error.report(), file=sys.stderr)
        return 1
    print(f"OK: {len(directory.records)} 件の記録、{len(directory.municipalities)} 市町村 (all valid)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m carerdir", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["check", "schema"])
    parser.add_argument("resources", nargs="?", type=Path, default=Path("resources"))
    args = parser.parse_args(argv)
    if args.command == "schema":
        (args.resources / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
        return 0
    return check(args.resources)


if __name__ == "__main__":
    sys.exit(main())
