"""Moving each town's part of a long guide block out of the page."""

from __future__ import annotations

from carerdir.town_parts import parts_folder, take_parts


def test_marked_parts_leave_the_page_and_the_rest_stays() -> None:
    html = ('<div data-town-groups>\n<select>…</select>\n'
            '<!-- part:guide-first/tobetsu -->\n<div data-town="tobetsu">当別</div>\n<!-- /part -->\n'
            '<!-- part:guide-first/niki -->\n<div data-town="niki">仁木</div>\n<!-- /part -->\n</div>')
    page, parts = take_parts(html)
    assert page == "<div data-town-groups>\n<select>…</select>\n</div>"
    assert parts == {("guide-first", "tobetsu"): '<div data-town="tobetsu">当別</div>\n',
                     ("guide-first", "niki"): '<div data-town="niki">仁木</div>\n'}
    assert take_parts("<p>短いリスト</p>") == ("<p>短いリスト</p>", {})


def test_parts_of_each_page_have_their_own_folder() -> None:
    assert parts_folder("guide/checklist.md") == "parts/guide/checklist/"
    assert parts_folder("guide/work-care.md") != parts_folder("guide/care-services.md")
