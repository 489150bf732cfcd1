"""generator.render.prerendered: marked HTML blocks pass through Python-Markdown unparsed, and a
page renders the same with or without the extension."""

from __future__ import annotations

import re
from html import unescape

import markdown
import pytest

from generator.render.escape import md_text
from generator.render.prerendered import END, START, wrap

BASE = ["attr_list", "md_in_html", "toc"]


def convert(source: str, prerendered: bool = True) -> str:
    extensions = [*BASE, "generator.render.prerendered"] if prerendered else BASE
    return markdown.markdown(source, extensions=extensions)


def squash(html: str) -> str:
    """Whitespace between tags and the marker comments (nh3 drops comments) removed."""
    without_markers = html.replace(START, "").replace(END, "")
    return re.sub(r">\s+<", "><", without_markers.strip())


META = '<div class="paper-meta">\n<p class="paper-authors">Ann &amp; Bo</p>\n</div>'
ABSTRACT = "<p>First &lt;script&gt; paragraph with *stars*.</p>\n<p>Second.</p>"
BIBTEX = '<pre class="paper-bibtex"><code>@misc{k,\n\n  title = {T},\n}</code></pre>'
PAGE = f"""# Title

{wrap(META)}

## Abstract

{wrap(ABSTRACT)}

## Cite {{ #cite }}

{wrap(BIBTEX)}

Some *markdown* after.
"""


def test_a_page_renders_the_same_with_and_without_the_extension() -> None:
    with_extension = convert(PAGE)
    assert squash(with_extension) == squash(convert(PAGE, prerendered=False))
    assert START not in with_extension and END not in with_extension


def test_markdown_between_blocks_is_still_markdown() -> None:
    html = convert(PAGE)
    assert '<h2 id="abstract">Abstract</h2>' in html
    assert '<h2 id="cite">Cite</h2>' in html
    assert "<p>Some <em>markdown</em> after.</p>" in html


def test_a_block_is_kept_byte_for_byte_with_its_blank_lines() -> None:
    block = '<pre class="paper-bibtex"><code>@misc{k,\n\n  title = {*T*},\n}</code></pre>'
    assert block in convert(wrap(block))


def test_markdown_syntax_inside_a_block_is_text() -> None:
    html = convert(wrap("<p>*not emphasis* and [not](a-link)</p>"))
    assert "<p>*not emphasis* and [not](a-link)</p>" in html


def test_an_unterminated_marker_is_an_ordinary_comment() -> None:
    source = f"{START}\n<p>kept</p>\n\nText *after*."
    html = convert(source)
    assert "<p>kept</p>" in html
    assert "<em>after</em>" in html


def test_a_marker_in_scraped_text_is_escaped_and_has_no_effect() -> None:
    scraped = md_text(f"{START} *x* {END}")
    html = convert(f"Text {scraped}\n")
    assert "<!--" not in html
    assert unescape(html) == f"<p>Text {START} *x* {END}</p>"


@pytest.mark.parametrize("blocks", [1, 3])
def test_each_block_is_one_stash_entry(blocks: int) -> None:
    md = markdown.Markdown(extensions=[*BASE, "generator.render.prerendered"])
    source = "\n\n".join(wrap(f"<p>block {n}</p>") for n in range(blocks))
    html = md.convert(source)
    assert md.htmlStash.html_counter == blocks
    assert [f"<p>block {n}</p>" in html for n in range(blocks)] == [True] * blocks


def test_clean_blocks_cuts_each_block_to_the_allow_list() -> None:
    from generator.render.prerendered import clean_blocks
    from generator.render.sanitize import clean_html

    source = (
        "# Title <b>kept as Markdown</b>\n\n"
        + wrap('<p onclick="x()">a<script>alert(1)</script> <a href="javascript:y()">b</a></p>')
        + "\n\n## Next\n\n"
        + wrap("<ul>\n<li>ok</li>\n</ul>")
    )
    cleaned = clean_blocks(source, clean_html)
    assert "script" not in cleaned and "onclick" not in cleaned and "javascript" not in cleaned
    assert cleaned.count(START) == cleaned.count(END) == 2
    assert "# Title <b>kept as Markdown</b>" in cleaned  # only the blocks are cleaned
    assert "<ul>\n<li>ok</li>\n</ul>" in convert(cleaned)
