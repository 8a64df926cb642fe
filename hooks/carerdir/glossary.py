"""The guide's glossary: terms read once from glossary.yml, explained where they are first used.

The same data renders the 用語集 page (blocks/glossary.html, as build.glossary) and marks
the first use of each term on every written page (`mark_terms`). Without JavaScript a marked
term is a link to its entry on the 用語集 page; guide.js turns it into a button with a tooltip.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup

GLOSSARY_FILE = Path(__file__).with_name("glossary.yml")
GLOSSARY_URI = "guide/glossary.md"  # the 用語集 page, as a src_uri of docs_dir

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
READING = re.compile(r"^[\u3041-\u3096ー]+$")
KANJI = re.compile(r"[\u3400-\u9fff]")
MAX_TEXT = 200
REQUIRED = {"id", "term", "reading", "text"}


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    reading: str  # ひらがな, for sorting and for showing how kanji are read
    text: str  # plain text, never HTML
    also: tuple[str, ...] = ()

    @property
    def has_kanji(self) -> bool:
        return bool(KANJI.search(self.term))


class GlossaryError(ValueError):
    """glossary.yml is not as its header describes."""


def load_glossary(path: Path = GLOSSARY_FILE) -> tuple[Term, ...]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise GlossaryError(f"{path}: 用語のリスト（- id: ...）にしてください")
    terms, ids, words = [], set(), set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: {number}番目の用語"
        if not isinstance(entry, dict) or not REQUIRED <= set(entry) <= REQUIRED | {"also"}:
            raise GlossaryError(f"{where}: 項目は id, term, reading, text（と、あれば also）です")
        if not isinstance(entry.get("also", []), list):
            raise GlossaryError(f"{where}: also は [ケアマネ, 介護支援専門員] のようなリストにしてください")
        term = Term(**{**entry, "also": tuple(entry.get("also", ()))})
        if not (isinstance(term.id, str) and ID.match(term.id)) or term.id in ids:
            raise GlossaryError(f"{where}: id は英小文字・数字・ハイフンで、ほかと重ならないものにしてください")
        if not (isinstance(term.reading, str) and READING.match(term.reading)):
            raise GlossaryError(f"{where}: reading はひらがなで書いてください")
        if not (isinstance(term.text, str) and 0 < len(term.text) <= MAX_TEXT):
            raise GlossaryError(f"{where}: text は {MAX_TEXT} 文字以内で書いてください")
        for word in (term.term, *term.also):
            if not (isinstance(word, str) and word.strip()) or word in words:
                raise GlossaryError(f"{where}: 「{word}」が空か、ほかの用語と重なっています")
            words.add(word)
        ids.add(term.id)
        terms.append(term)
    return tuple(terms)


@functools.lru_cache(maxsize=1)
def _load_cached(mtime_ns: int) -> tuple[Term, ...]:
    return load_glossary()


def glossary_terms() -> tuple[Term, ...]:
    """The terms of glossary.yml, re-read when the file changes (as under `mkdocs serve`)."""
    return _load_cached(GLOSSARY_FILE.stat().st_mtime_ns)


# HTML is split into comments, doctypes, tags (quoted attributes may hold ">") and text.
TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
# No explanation inside these: links and controls must not hold a button, headings stay plain,
# code is literal, and <rt> is a reading. Any element with data-no-terms is left alone too.
SKIP_TAGS = frozenset("a button label legend select option textarea summary h1 h2 h3 h4 h5 h6 "
                      "code pre kbd samp script style svg math rt rp title".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
NO_TERMS = re.compile(r"\sdata-no-terms\b")


def term_html(term: Term, word: str, glossary_url: str) -> Markup:
    """A term that is a link to the 用語集 without JavaScript, with its explanation as a tooltip."""
    return Markup('<span class="cd-term-wrap"><a class="cd-term" href="{url}#term-{id}" '
                  'aria-describedby="cd-tip-{id}">{word}</a><span class="cd-term__tip" id="cd-tip-{id}" '
                  'role="tooltip" hidden>{text}</span></span>').format(
        url=glossary_url, id=term.id, word=word, text=term.text)


def mark_terms(html: str, glossary_url: str, terms: Sequence[Term] | None = None) -> str:
    """`html` with the first use of each glossary term explained; only text outside links,
    headings, code and controls is touched. `glossary_url` is the 用語集 page, relative."""
    by_word = {word: term for term in (glossary_terms() if terms is None else terms)
               for word in (term.term, *term.also)}
    if not by_word:
        return html
    # Longest first, so ヤングケアラー is one term and not ヤング + ケアラー.
    words = re.compile("|".join(map(re.escape, sorted(by_word, key=len, reverse=True))))
    done: set[str] = set()

    def explain(match: re.Match[str]) -> str:
        term = by_word[match.group()]
        if term.id in done:
            return match.group()
        done.add(term.id)
        return term_html(term, match.group(), glossary_url)

    out: list[str] = []
    open_tags: list[tuple[str, bool]] = []  # open elements, and whether each one stops marking
    position = 0
    for token in TOKEN.finditer(html):
        text = html[position:token.start()]
        out.append(text if any(skip for _, skip in open_tags) else words.sub(explain, text))
        out.append(token.group())
        position = token.end()
        closing, name, attributes = token.group(1), (token.group(2) or "").lower(), token.group(3) or ""
        if not name:
            continue  # a comment or doctype
        if closing:
            if any(tag == name for tag, _ in open_tags):  # tolerate stray end tags
                while open_tags.pop()[0] != name:
                    pass
        elif name not in VOID_TAGS and not attributes.rstrip().endswith("/"):
            open_tags.append((name, name in SKIP_TAGS or bool(NO_TERMS.search(attributes))))
    rest = html[position:]
    out.append(rest if any(skip for _, skip in open_tags) else words.sub(explain, rest))
    return "".join(out)
