"""Scraped text as Markdown or HTML that shows it as typed: the page templates' filters.

Scraped text is data: every title, abstract and name goes through :func:`md_text` (in
Markdown) or :func:`html_text` (in raw HTML), which turn each character Markdown or
HTML could interpret into a character reference, so ``<script>`` or ``*stars*`` in an
abstract is shown as typed. TeX math is marked for KaTeX the same way.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from generator.text.texmath import math_spans

# ASCII characters with a meaning in Python-Markdown, its extensions, or HTML.
_MD_SPECIAL = frozenset("\\`*_{}[]()#+-!<>&|:~^=$\"'")
_LIST_NUMBER = re.compile(r"^(\d+)\.", re.MULTILINE)

# A line end inside a value would start a Markdown block (a list, a code block): a space.
_MD_ESCAPES = {char: f"&#{ord(char)};" for char in _MD_SPECIAL} | {
    "\t": "&#9;",
    "\n": " ",
    "\r": " ",
}
# A regex finds the few special characters and a dict replaces them: five times faster
# than str.translate with multi-character replacements, which looks up every character.
_MD_SPECIAL_RE = re.compile("[" + re.escape("".join(sorted(_MD_ESCAPES))) + "]")


_LEADING_SPACES = re.compile(r"^ +")


def md_text(text: str) -> str:
    """Return ``text`` escaped so Markdown renders it literally, on one line per paragraph."""
    escaped = _MD_SPECIAL_RE.sub(lambda match: _MD_ESCAPES[match.group()], text)
    # Four leading spaces would make a code block (hypothesis found "    $").
    escaped = _LEADING_SPACES.sub(lambda match: "&#32;" * len(match.group()), escaped)
    return _LIST_NUMBER.sub(r"\1&#46;", escaped)


def html_text(text: str) -> str:
    """Return ``text`` escaped for HTML text or a quoted attribute value, on one line.

    For raw-HTML blocks of a page, which Python-Markdown passes through without inline
    processing (so Markdown syntax in them is text already); a newline becomes a space
    because a blank line would end the block.
    """
    return html.escape(text, quote=True).replace("\n", " ").replace("\r", " ")


def math_markup(tex: str, display: bool = False, escape: Callable[[str], str] = md_text) -> str:
    """Return TeX math as an ``arithmatex`` span for KaTeX: ``<span class="arithmatex">\\(...\\)``.

    The TeX is escaped like any scraped text (``escape``: :func:`md_text` in Markdown,
    :func:`html_text` in raw HTML): the browser shows it as typed until the KaTeX
    script (``site_templates/assets/math.js``) renders the span.
    """
    opening, closing = ("\\[", "\\]") if display else ("\\(", "\\)")
    return f'<span class="arithmatex">{escape(opening + tex + closing)}</span>'


def math_html(tex: str, display: bool = False) -> str:
    """Return TeX math as an ``arithmatex`` span like :func:`math_markup`, for raw HTML."""
    return math_markup(tex, display, html_text)


def _with_math(text: str, escape: Callable[[str], str]) -> str:
    out, position = [], 0
    for span in math_spans(text):
        out += [escape(text[position : span.start]), math_markup(span.tex, span.display, escape)]
        position = span.end
    out.append(escape(text[position:]))
    return "".join(out)


def md_math(text: str) -> str:
    """Return ``text`` escaped like :func:`md_text`, its math spans marked for KaTeX.

    Which ``$...$`` is math is decided by :func:`generator.text.texmath.math_spans`.
    """
    return _with_math(text, md_text)


def html_math(text: str) -> str:
    """Return ``text`` escaped like :func:`html_text`, its math spans marked for KaTeX."""
    return _with_math(text, html_text)


def md_href(url: str) -> str:
    """Return an http(s) URL safe inside an HTML attribute, or ``#`` for any other scheme."""
    if urlsplit(url).scheme not in {"http", "https"}:
        return "#"
    return html.escape(url, quote=True)
