"""Filters on town and kind pages (filters.js), checked against the sample records themselves."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hooks"))

from carerdir.directory import Record  # noqa: E402
from carerdir.loading import load_directory  # noqa: E402

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@pytest.fixture(scope="module")
def records() -> tuple[Record, ...]:
    return load_directory(RESOURCES).records


def shown(page: Page) -> list[str]:
    return sorted(page.locator(".cd-card").filter(visible=True).locator(".cd-card__name").all_inner_texts())


def expected(records: tuple[Record, ...], town: str, keep: Callable[[Record], bool]) -> list[str]:
    return sorted(r.name for r in records if r.town == town and keep(r))


def weekdays(record: Record) -> set[int]:
    return {weekday for rule in record.schedule for _, weekday in rule.byday}


CASES: dict[str, tuple[Callable[[Page], None], Callable[[Record], bool]]] = {
    "free": (lambda p: p.get_by_label("無料").check(), lambda r: "無料" in r.fee),
    "no reservation": (lambda p: p.get_by_label("予約なしで行ける").check(),
                       lambda r: r.reservation == "not_required"),
    "wednesday": (lambda p: p.get_by_label("曜日").select_option("水曜日"), lambda r: 2 in weekdays(r)),
    "online": (lambda p: p.get_by_label("参加のしかた").select_option("オンライン"),
               lambda r: r.format in ("online", "both")),
    "in person": (lambda p: p.get_by_label("参加のしかた").select_option("会場で"),
                  lambda r: r.format in ("in_person", "both")),
    "young carers": (lambda p: p.get_by_label("対象").select_option("ヤングケアラー"),
                     lambda r: bool({"young_carers", "anyone"} & set(r.audience))),
}


@pytest.mark.parametrize("town", ["tobetsu", "sapporo-chuo"])
@pytest.mark.parametrize("case", CASES, ids=CASES.keys())
def test_each_filter_shows_exactly_the_matching_cards(page: Page, site_url: str, records: tuple[Record, ...],
                                                      town: str, case: str) -> None:
    choose, keep = CASES[case]
    page.goto(site_url + f"towns/{town}/")
    everything = shown(page)
    assert everything == expected(records, town, lambda r: True)
    choose(page)
    want = expected(records, town, keep)
    assert shown(page) == want
    count = page.locator(".cd-filters__count")
    expect(count).to_contain_text(f"{len(want)}件を表示" if len(want) < len(everything) else f"全{len(everything)}件")
    page.get_by_role("button", name="条件をクリア").click()
    expect(count).to_have_text(f"全{len(everything)}件")
    assert shown(page) == everything


def test_filters_combine_and_say_when_nothing_is_left(page: Page, site_url: str,
                                                     records: tuple[Record, ...]) -> None:
    page.goto(site_url + "towns/tobetsu/")
    page.get_by_label("無料").check()
    page.get_by_label("予約なしで行ける").check()
    assert shown(page) == expected(records, "tobetsu", lambda r: "無料" in r.fee and r.reservation == "not_required")
    page.get_by_label("参加のしかた").select_option("オンライン")
    assert shown(page) == []
    expect(page.locator(".cd-filters__count")).to_contain_text("条件を減らしてみてください")
    # Headings of emptied groups go too, so the page does not read as a list of empty sections.
    expect(page.locator("section[aria-labelledby^=kind-]").filter(visible=True)).to_have_count(0)


def test_filters_work_on_kind_pages(page: Page, site_url: str, records: tuple[Record, ...]) -> None:
    page.goto(site_url + "kinds/salon/")
    page.get_by_label("参加のしかた").select_option("オンライン")
    assert shown(page) == sorted(r.name for r in records if r.kind == "salon" and r.format in ("online", "both"))
    assert page.outside_requests == []  # type: ignore[attr-defined]


def test_without_javascript_the_full_list_is_shown(browser: Browser, site_url: str,
                                                   records: tuple[Record, ...]) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "towns/tobetsu/")
    expect(page.locator(".cd-filters")).to_be_hidden()
    assert shown(page) == expected(records, "tobetsu", lambda r: True)
    context.close()
