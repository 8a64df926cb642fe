"""loading.py: which files under resources/ are records, found in a stable order."""

from __future__ import annotations

from pathlib import Path

from carerdir.loading import _files_under


def test_files_are_found_as_sorted_rglob_finds_them_less_hidden_ones(tmp_path: Path) -> None:
    # "a-x" sorts before "a/…" as text but after it as a path: the order is the path order
    # (messages come in it), and hidden files and folders are left out.
    for name in ["a/b.yml", "a-x/c.yml", "a/z/deep.yml", "top.yml", ".git/config", "a/.hidden.yml",
                 "a/.x/in-hidden.yml", "ab/c.yml", "A/c.yml"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    expected = [p.relative_to(tmp_path).parts for p in sorted(tmp_path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(tmp_path).parts)]
    assert _files_under(tmp_path) == expected
    assert ("a", "b.yml") in expected and ("a-x", "c.yml") in expected and len(expected) == 6
