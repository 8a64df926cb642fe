"""Previews under `mkdocs serve` (carerdir/preview.py): a rebuild redoes only what an edit changed,
and gives the same site as a cold build of the edited data."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from carerdir.preview import HOLD, KeptSite, Memo, Preview, Same
from sitebuild import copy_project

SERVE_URL = "http://127.0.0.1:8000/"


class ServeSession:
    """MkDocs's serve loop without the web server: the same config loading, hook events and
    build calls as `mkdocs serve` (commands/serve.py), into one site folder."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        config = self.config()
        config.plugins.on_startup(command="serve", dirty=False)
        self.hooks = config.plugins  # MkDocs loads the hook module once per process
        build(config, serve_url=SERVE_URL)

    def config(self) -> MkDocsConfig:
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> None:
        build(self.config(), serve_url=SERVE_URL)

    def made(self) -> int:
        """How many page bodies and feeds the last rebuild made rather than reused."""
        preview = self.hook_module()._preview
        return preview.memo.made_last

    def hook_module(self):  # noqa: ANN201 - the hook file, as MkDocs loaded it
        return next(iter(self.config().hooks.values()))


def cold_build(project: Path, site: Path) -> None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    config.plugins.on_startup(command="build", dirty=False)
    build(config, serve_url=SERVE_URL)


def differences(left: Path, right: Path) -> list[str]:
    """Files only in one site, or different in both (relative paths)."""
    found = []
    for root, _, names in os.walk(left):
        for name in names:
            path = Path(root) / name
            rel = path.relative_to(left)
            other = right / rel
            if not other.exists():
                found.append(f"only in serve: {rel}")
            elif not filecmp.cmp(path, other, shallow=False):
                found.append(f"differs: {rel}")
    for root, _, names in os.walk(right):
        for name in names:
            rel = (Path(root) / name).relative_to(right)
            if not (left / rel).exists():
                found.append(f"only in cold build: {rel}")
    return found


@pytest.fixture()
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ServeSession:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("CARERDIR_TODAY", "2026-12-03")
    project = copy_project(tmp_path / "project")
    (project / "node_modules").symlink_to(Path(__file__).resolve().parents[1] / "node_modules")
    return ServeSession(project, tmp_path / "serve-site")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_preview_after_edits_is_the_site_a_cold_build_makes(session: ServeSession, tmp_path: Path) -> None:
    resources = session.project / "resources"
    record = resources / "tobetsu" / "kaigosha-no-tsudoi.yml"
    edit(record, "ほっとひと息の会", "ほっとふた息の会")
    session.rebuild()
    page = session.site / "r" / "tobetsu" / "kaigosha-no-tsudoi" / "index.html"
    assert "ほっとふた息の会" in page.read_text(encoding="utf-8")
    # a new record, and one deleted: its page, feed and print entries must go
    shutil.copy(record, resources / "tobetsu" / "atarashii-tsudoi.yml")
    deleted = sorted((resources / "sapporo-chuo").glob("*.yml"))[0]
    deleted.unlink()
    session.rebuild()
    assert (session.site / "r" / "tobetsu" / "atarashii-tsudoi" / "index.html").exists()
    assert not (session.site / "r" / "sapporo-chuo" / deleted.stem).exists()

    cold_build(session.project, tmp_path / "cold-site")
    assert differences(session.site, tmp_path / "cold-site") == []


def test_editing_one_record_remakes_its_pages_not_the_others(session: ServeSession) -> None:
    record = session.project / "resources" / "tobetsu" / "kaigosha-no-tsudoi.yml"
    everything = session.made()  # the first build made every piece
    session.rebuild()  # nothing changed
    assert session.made() == 0
    edit(record, "ほっとひと息の会", "ほっとふた息の会")
    session.rebuild()
    # its page and feed; its town's page, print sheet, calendar and feed; its kind's page; its
    # cards, its town's groups in the guide blocks, search entry and the search files that list it,
    # map feature and rows of the open data: about 30 of the site's hundreds
    assert 8 <= session.made() <= 40 < everything // 10


def test_a_saved_template_shows_in_the_next_rebuild(session: ServeSession) -> None:
    # Templates compiled by earlier rebuilds are kept (preview.CompiledTemplates), the
    # directory's and Material's: a saved one must be compiled again, not served from the kept code.
    edit(session.project / "overrides" / "directory" / "record.html", "{% from", "<p>テンプレートを編集</p>\n{% from")
    edit(session.project / "overrides" / "main.html", "{% block extrahead %}",
         '{% block extrahead %}<meta name="cd-edited" content="1">')
    session.rebuild()
    page = (session.site / "r" / "tobetsu" / "kaigosha-no-tsudoi" / "index.html").read_text(encoding="utf-8")
    assert "<p>テンプレートを編集</p>" in page and '<meta name="cd-edited" content="1">' in page
    assert '<meta name="cd-edited"' in (session.site / "index.html").read_text(encoding="utf-8")  # Material's own


def test_a_preview_shows_invalid_data_then_comes_back_whole(session: ServeSession, tmp_path: Path) -> None:
    record = session.project / "resources" / "tobetsu" / "kaigosha-no-tsudoi.yml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("kind: salon", "kind: party"), encoding="utf-8")
    session.rebuild()
    assert "kind" in (session.site / "index.html").read_text(encoding="utf-8")
    assert not (session.site / "r").exists()  # the error page is the site; no stale page is served
    record.write_text(good, encoding="utf-8")
    session.rebuild()
    assert not (session.site / HOLD).exists()
    cold_build(session.project, tmp_path / "cold-site")
    assert differences(session.site, tmp_path / "cold-site") == []


def test_the_memo_keeps_only_what_the_last_rebuild_used() -> None:
    memo = Memo()
    assert memo.get("a", lambda: 1) == 1 and memo.get("b", lambda: 2) == 2
    memo.end_build()
    assert memo.get("a", lambda: 99) == 1  # reused, not made again
    memo.end_build()  # "b" was not used by that rebuild: dropped
    assert memo.get("b", lambda: 3) == 3
    assert memo.reuse("a") is True  # used by the last rebuild: carried over without making it
    memo.end_build()
    memo.end_build()  # a rebuild that used nothing
    assert memo.reuse("a") is False and memo.get("a", lambda: 4) == 4


def test_records_are_the_same_only_when_they_are_the_same_objects() -> None:
    one, two = ["x"], ["x"]
    assert Same([one]) == Same([one]) and hash(Same([one])) == hash(Same([one]))
    assert Same([one]) != Same([two])  # equal values, other objects: a changed file


def test_a_rebuild_that_failed_half_way_keeps_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "r").mkdir(parents=True)
    (site / "r" / "a.html").write_text("a")
    kept = KeptSite()
    kept.restore(site, {"r/a.html"})
    kept.end_build()
    kept.hold(site)  # a rebuild starts, and fails before restoring
    assert (site / HOLD / "r" / "a.html").exists() and not (site / "r").exists()
    kept.hold(site)  # the next one finds the folder left over: nothing is trusted
    assert not (site / HOLD).exists() and not kept.holds("r/a.html")


def test_collecting_waits_until_the_server_is_idle_after_a_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc
    import time

    from carerdir import preview

    monkeypatch.setattr(preview, "COLLECT_WHEN_IDLE", 0.2)
    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda *args: collected.append(1) or 0)
    watch = Preview()
    try:
        watch.start_build()
        assert not gc.isenabled()
        watch.stop_build()
        assert not gc.isenabled() and collected == []  # not with the next rebuild's first allocations
        watch.start_build()  # a save came before the server was idle: no collecting during its rebuild
        time.sleep(0.4)
        assert collected == [] and not gc.isenabled()
        watch.stop_build()
        time.sleep(0.4)
        assert collected == [1] and gc.isenabled()
    finally:
        gc.enable()
