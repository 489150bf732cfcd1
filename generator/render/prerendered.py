"""A Python-Markdown extension: HTML blocks the generator rendered pass through unparsed.

Most of a generated page is HTML the generator built with every scraped value escaped
(``render.html_text``). Python-Markdown and MkDocs would otherwise run that HTML
through ``html.parser`` twice (Python-Markdown's raw-HTML block finder and MkDocs'
anchor collector) to learn what they already pass through unchanged: at 20,000 papers
that was a third of ``mkdocs build``. A block between the two marker lines::

    <!-- papersite:html -->
    <ul>...</ul>
    <!-- /papersite:html -->

is stored in Python-Markdown's raw-HTML stash as it is, the way the built-in HTML
block preprocessor stores a block it parsed (``markdown.util.HtmlStash``). Without the
extension the markers are ordinary HTML comments and the block is parsed as usual, so
the page renders the same either way. The generator cleans every block with nh3 as it
writes the page (:func:`clean_blocks`), so what passes through unparsed is allow-listed
HTML; scraped text cannot make a marker (``<`` is escaped everywhere).

Enable it in ``mkdocs.yml`` as ``generator.render.prerendered``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

START = "<!-- papersite:html -->"
END = "<!-- /papersite:html -->"
# After whitespace normalisation (30), before fenced code (25), MkDocs' anchor
# collector (21) and the HTML block preprocessor (20): none of them sees the block.
PRIORITY = 28


def wrap(html: str) -> str:
    """Return ``html`` between the marker lines, as a block of Markdown source.

    ``html`` must be trusted markup (scraped text escaped) and must not contain the
    end marker on a line of its own; blank lines in it are fine.
    """
    return f"{START}\n{html}\n{END}"


_BLOCK = re.compile(rf"^{re.escape(START)}\n(.*?)\n{re.escape(END)}$", re.MULTILINE | re.DOTALL)


def clean_blocks(source: str, clean: Callable[[str], str]) -> str:
    """Return Markdown ``source`` with the HTML of each marked block passed through
    ``clean`` (``generator.render.sanitize.clean_html``, which also drops HTML comments, so a
    cleaned block never holds a marker line)."""
    return _BLOCK.sub(lambda match: wrap(clean(match.group(1))), source)


class PrerenderedHtmlPreprocessor(Preprocessor):
    """Replace each marked block with one raw-HTML stash placeholder."""

    def run(self, lines: list[str]) -> list[str]:
        """Return ``lines`` with each marked block replaced by a placeholder paragraph.

        A start marker without an end marker is left as it is (an HTML comment).
        """
        if START not in lines:
            return lines
        out: list[str] = []
        position = 0
        while True:
            try:
                start = lines.index(START, position)
                end = lines.index(END, start + 1)
            except ValueError:
                out.extend(lines[position:])
                return out
            out.extend(lines[position:start])
            placeholder = self.md.htmlStash.store("\n".join(lines[start + 1 : end]))
            out.extend(["", placeholder, ""])
            position = end + 1


class PrerenderedHtmlExtension(Extension):
    """Register :class:`PrerenderedHtmlPreprocessor` on a Markdown instance."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(PrerenderedHtmlPreprocessor(md), "papersite_html", PRIORITY)


def makeExtension(**kwargs: Any) -> PrerenderedHtmlExtension:
    """Return the extension; Python-Markdown calls this for ``generator.render.prerendered``."""
    return PrerenderedHtmlExtension(**kwargs)
