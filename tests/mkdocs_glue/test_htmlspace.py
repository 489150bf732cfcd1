"""generator.mkdocs_glue.htmlspace: indentation goes, what a browser shows stays."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from generator.mkdocs_glue.htmlspace import collapse_whitespace

PAGE = """<!doctype html>
<html>
  <body>
    <nav>
      <a href="x">
        Home
      </a>
    </nav>
    <pre class="paper-bibtex"><code>@misc{k,
  title = {T},

  year = {2024},
}</code></pre>
    <textarea>
  kept
    as typed</textarea>
    <p>one
       two</p>
  </body>
</html>
"""


def visible_text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def test_indentation_is_removed() -> None:
    compact = collapse_whitespace(PAGE)
    assert '<nav>\n<a href="x">\nHome\n</a>\n</nav>' in compact
    assert len(compact) < len(PAGE)


def test_pre_and_textarea_keep_their_whitespace() -> None:
    compact = collapse_whitespace(PAGE)
    assert "@misc{k,\n  title = {T},\n\n  year = {2024},\n}" in compact
    assert "<textarea>\n  kept\n    as typed</textarea>" in compact


def test_visible_text_is_unchanged() -> None:
    assert visible_text(collapse_whitespace(PAGE)) == visible_text(PAGE)


words = st.text(alphabet="ab <>/\n\t", max_size=60)


@given(st.lists(st.tuples(words, words), max_size=5))
def test_whitespace_runs_only_shrink(chunks: list[tuple[str, str]]) -> None:
    html = "".join(f"{outside}<pre>{inside}</pre>" for outside, inside in chunks)
    compact = collapse_whitespace(html)
    # Same text once each whitespace run is one space, and every <pre> verbatim.
    assert re.sub(r"\s+", " ", compact) == re.sub(r"\s+", " ", html)
    for _, inside in chunks:
        if "</pre>" not in inside and "<pre" not in inside:
            assert f"<pre>{inside}</pre>" in compact
