"""Each town's part of a long guide block, kept out of the page for a file of its own."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from carerdir.config import read_config
from carerdir.loading import load_directory
from carerdir.maps import Maps
from carerdir.template_context import BuildContext
from carerdir.town_parts import parts_folder
from sitebuild import ROOT

TODAY = date(2026, 11, 25)


def test_a_town_group_in_a_part_is_kept_for_its_file_and_left_out_of_the_page() -> None:
    directory = load_directory(ROOT / "resources", TODAY)
    context = BuildContext(directory, read_config({"directory": {}}), TODAY, Maps(directory, read_config({}).map, TODAY))

    def group(body, block, town, records, level, several) -> Markup:  # noqa: ANN001 - as the macro is called
        return Markup('<div data-town="{}">{}</div>\n').format(town.slug, body(town, records, level))

    def body(town, records, level) -> Markup:  # noqa: ANN001
        return Markup("<h{0}>{1}</h{0}>{2}件").format(level, town.name, len(records))

    town, records = directory.towns["tobetsu"], directory.in_town("tobetsu")
    on_page = context.town_group(group, body, "guide-counters", "guide/checklist/", town, records, 4, True, False)
    assert on_page == f'<div data-town="tobetsu"><h4>当別町</h4>{len(records)}件</div>\n' and context.parts == {}
    in_part = context.town_group(group, body, "guide-counters", "guide/checklist/", town, records, 4, True, True)
    assert in_part == "" and context.parts == {("guide-counters", "tobetsu"): on_page}


def test_parts_of_each_page_have_their_own_folder() -> None:
    assert parts_folder("guide/checklist.md") == "parts/guide/checklist/"
    assert parts_folder("guide/work-care.md") != parts_folder("guide/care-services.md")
