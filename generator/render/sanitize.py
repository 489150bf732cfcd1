"""Defence in depth: the HTML MkDocs renders from generated pages is cleaned with nh3.

``render.md_text`` already escapes every scraped character, so nothing in a listing
can become markup. If that ever failed, this allow-list still drops scripts, event
handler attributes, iframes and ``javascript:``/``data:`` URLs before a page is written.
"""

from __future__ import annotations

import functools

import nh3

# What Python-Markdown (with attr_list, md_in_html, toc) makes of our templates.
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "details",
        "div",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "li",
        "nav",
        "ol",
        "p",
        "pre",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
# The paper graph (generator/render/graph.py): a figure whose data assets/graph.js draws.
GRAPH_TAGS = frozenset({"figure", "figcaption"})
GRAPH_ATTRIBUTES = {"figure": {"data-graph", "data-paper-link", "hidden"}}
# A tag's trend (generator/render/charts.py): an SVG of rects or a line, named by its
# title and desc, and its numbers as a table in a disclosure.
CHART_TAGS = frozenset(
    {"svg", "title", "desc", "g", "rect", "polyline", "details", "summary", "caption"}
)
CHART_ATTRIBUTES = {
    "svg": {
        "role",
        "viewBox",
        "preserveAspectRatio",
        "width",
        "height",
        "aria-label",
        "aria-labelledby",
    },
    "rect": {"x", "y", "width", "height"},
    "polyline": {"points"},
    "th": {"scope"},
}
# What assets/reader.js reads: a paper's data (generator/render/pages.py, data_attributes).
READER_ATTRIBUTES = {"data-paper", "data-title", "data-listed"}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "data-search-exclude", *READER_ATTRIBUTES},
    "a": {"href", "rel"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@functools.cache
def _cleaner() -> nh3.Cleaner:
    # Built once: nh3.clean converts the allow-lists to Rust sets on every call, which
    # took half the time of cleaning a page's blocks.
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    for tag, names in (GRAPH_ATTRIBUTES | CHART_ATTRIBUTES).items():
        attributes.setdefault(tag, set()).update(names)
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS | GRAPH_TAGS | CHART_TAGS),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def clean_html(html: str) -> str:
    """Return ``html`` with only allow-listed tags, attributes and URL schemes.

    Relative links (to other pages of the site) are kept. Raises nothing.
    """
    return _cleaner().clean(html)
