"""Plain text from YAML as HTML: escaped, paragraphs and line breaks kept, web addresses linked."""

from __future__ import annotations

from carerdir.render import plain_text


def test_paragraphs_and_line_breaks_are_kept() -> None:
    assert plain_text("一行目\n二行目\n\n\n次の段落 ") == "<p>一行目<br>二行目</p><p>次の段落</p>"


def test_markup_is_shown_as_text() -> None:
    html = plain_text('<script>alert("x")</script>\n<b onclick=\'y\'>&amp;</b>')
    assert "<script" not in html and "<b " not in html
    assert html == ("<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;<br>"
                    "&lt;b onclick=&#39;y&#39;&gt;&amp;amp;&lt;/b&gt;</p>")


def test_web_addresses_become_links_and_only_http_ones() -> None:
    html = plain_text("詳しくは https://example.jp/a?b=1&c=2 をご覧ください。javascript:alert(1) ftp://x.jp")
    assert html == ('<p>詳しくは <a href="https://example.jp/a?b=1&amp;c=2" rel="noopener">'
                    "https://example.jp/a?b=1&amp;c=2</a> をご覧ください。javascript:alert(1) ftp://x.jp</p>")


def test_a_quote_ends_a_web_address() -> None:
    html = plain_text('"https://example.jp/"onmouseover="alert(1)"')
    assert '<a href="https://example.jp/" rel="noopener">' in html and "onmouseover=&#34;" in html
