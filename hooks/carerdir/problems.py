"""A problem found in a data file, worded for the staff member who has to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: where, which field, what, and an example of right."""

    path: str
    line: int
    field: str
    message: str
    example: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        return f"{text}（正しい例: {self.example}）" if self.example else text


class InvalidData(Exception):
    """Raised with every problem found, so staff can fix them all in one go."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        header = f"データに {len(lines)} 件の問題があります (invalid data: {len(lines)} problems). " \
                 "サイトは公開されません。次の箇所を直してください:"
        return "\n".join([header, *lines])
