"""The glossary data and `mark_terms`, which explains the first use of each term on a page."""

from __future__ import annotations

from pathlib import Path

import pytest

from carerdir.glossary import GlossaryError, Term, glossary_terms, load_glossary, mark_terms

CENTRE = Term("houkatsu", "地域包括支援センター", "ちいきほうかつしえんせんたー", "高齢の方の相談所です。")
CARER = Term("carer", "ケアラー", "けあらー", "介護している人です。")
YOUNG = Term("young-carer", "ヤングケアラー", "やんぐけあらー", "お世話をしている子どもです。")
MANAGER = Term("care-manager", "ケアマネジャー", "けあまねじゃー", "計画をつくる人です。", also=("ケアマネ",))
TERMS = (CENTRE, CARER, YOUNG, MANAGER)


def marked(html: str, terms: tuple[Term, ...] = TERMS) -> str:
    return mark_terms(html, "../glossary/", terms)


def test_the_glossary_has_the_terms_the_guide_needs() -> None:
    words = {t.term for t in glossary_terms()}
    assert {"地域包括支援センター", "ケアマネジャー", "要介護認定", "レスパイト", "認知症カフェ", "介護者サロン"} <= words
    assert all(t.text and "<" not in t.text for t in glossary_terms())


def test_a_term_becomes_a_link_to_its_entry_with_a_hidden_tooltip() -> None:
    html = marked("<p>まず地域包括支援センターへ。</p>")
    assert html == (
        '<p>まず<span class="cd-term-wrap"><a class="cd-term" href="../glossary/#term-houkatsu" '
        'aria-describedby="cd-tip-houkatsu">地域包括支援センター</a><span class="cd-term__tip" '
        'id="cd-tip-houkatsu" role="tooltip" hidden>高齢の方の相談所です。</span></span>へ。</p>')


def test_only_the_first_use_on_a_page_is_marked() -> None:
    html = marked("<p>ケアラーとケアラー</p><ul><li>ケアラー</li></ul>")
    assert html.count('class="cd-term-wrap"') == 1
    assert html.index("cd-term-wrap") < html.index("</p>")


def test_the_longest_term_wins_and_other_spellings_count_as_the_same_term() -> None:
    html = marked("<p>ヤングケアラーとケアマネとケアマネジャー</p>")
    assert 'href="../glossary/#term-young-carer"' in html and "#term-carer" not in html
    assert html.count("#term-care-manager") == 1 and ">ケアマネ</a>" in html


@pytest.mark.parametrize("html", [
    '<p><a href="x">ケアラー</a></p>',
    "<h2>ケアラー</h2>",
    "<h3><span>ケアラー</span></h3>",
    "<p><code>ケアラー</code></p>",
    "<pre>ケアラー</pre>",
    "<label><input type=checkbox> ケアラー</label>",
    "<fieldset><legend>ケアラー</legend></fieldset>",
    "<p><button>ケアラー</button></p>",
    '<div class="x" data-no-terms><p>ケアラー</p></div>',
    '<p data-no-terms="">ケアラー</p>',
    "<p><ruby>介<rt>ケアラー</rt></ruby></p>",
    '<p title="ケアラー">ほか</p>',
    '<img alt="ケアラー">',
    "<!-- ケアラー -->",
    "<script>const s = '<b>ケアラー';</script>",
])
def test_links_headings_code_controls_and_attributes_are_left_alone(html: str) -> None:
    assert marked(html) == html


def test_marking_resumes_after_a_skipped_element_and_survives_stray_tags() -> None:
    html = marked('<h2>ケアラー</h2><p>a<br>b<img src="x"/></span>ケアラー</p>')
    assert html.startswith("<h2>ケアラー</h2><p>a<br>b")
    assert html.count("cd-term-wrap") == 1


def test_explanations_and_the_link_are_escaped() -> None:
    hostile = Term("x", "ケアラー", "けあらー", '<img src=x onerror=alert(1)> & "')
    html = mark_terms("<p>ケアラー</p>", '"><script>', (hostile,))
    assert "<img" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;" in html
    assert 'href="&#34;&gt;&lt;script&gt;#term-x"' in html


def test_a_page_without_terms_is_unchanged() -> None:
    html = '<p class="a">介護のこと &amp; くらし</p>\n<table><tr><td>1</td></tr></table>'
    assert marked(html) == html


@pytest.mark.parametrize("entry, problem", [
    ("- {id: Carer, term: ケアラー, reading: けあらー, text: 説明}", "id"),
    ("- {id: carer, term: ケアラー, reading: ケアラー, text: 説明}", "reading"),
    ("- {id: carer, term: ケアラー, reading: けあらー}", "項目"),
    ("- {id: carer, term: ケアラー, reading: けあらー, text: 説明, also: ケアラ}", "also"),
    ("- {id: a, term: ケアラー, reading: けあらー, text: 説明}\n- {id: b, term: ケアラー, reading: けあらー, text: 説明}",
     "重なって"),
])
def test_a_wrong_glossary_file_is_refused_with_a_message(tmp_path: Path, entry: str, problem: str) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text(entry, encoding="utf-8")
    with pytest.raises(GlossaryError, match=problem):
        load_glossary(path)
