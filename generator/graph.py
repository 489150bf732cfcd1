"""A paper's local graph (related papers, mentions, backlinks) drawn as SVG at build time.

Pure functions, no I/O and no script on the page: :func:`local_graph` chooses and places
the neighbours of one paper, :func:`graph_html` writes the ``<figure>`` shown on its
page. The layout depends only on the links, so two builds draw the same bytes.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from generator.links import short_name
from generator.model import Link, Paper

# Edge kinds, in the order a neighbour is placed and its edge is styled: a paper the
# abstract names is the strongest tie, text similarity next, a link from elsewhere last.
KINDS = ("mentions", "related", "backlinks")
KIND_CAPTIONS = {
    "mentions": "Mentioned here",
    "related": "Related",
    "backlinks": "Linking here",
}
# More neighbours than this make labels collide on a phone; the full lists stay in the
# page's Related papers and Backlinks sections.
MAX_NEIGHBOURS = 12
LABEL_CHARS = 26
WIDTH, HEIGHT = 800, 420
CENTRE_X, CENTRE_Y = WIDTH / 2, HEIGHT / 2
# An ellipse leaves room for labels left and right, where they run horizontally.
RADIUS_X, RADIUS_Y = 210, 150
NODE_RADIUS, CENTRE_RADIUS = 9, 14
LABEL_GAP = 14


@dataclass(frozen=True)
class Node:
    """A paper placed on the drawing: ``kinds`` are its edge kinds (empty for the centre)."""

    slug: str
    title: str
    label: str
    kinds: tuple[str, ...]
    x: float
    y: float


@dataclass(frozen=True)
class Graph:
    """One paper (``centre``) and up to ``MAX_NEIGHBOURS`` linked papers around it."""

    centre: Node
    neighbours: tuple[Node, ...]


def short_label(title: str, limit: int = LABEL_CHARS) -> str:
    """Return a label for a node: the title's short name ("LoFiT"), else its first words.

    Cut at a word to at most ``limit`` characters plus "…". ``title`` is plain text.
    """
    title = " ".join(title.split())
    name = short_name(title) or title
    if len(name) <= limit:
        return name
    cut = name[:limit].rsplit(" ", 1)[0] if " " in name[:limit] else name[:limit]
    return cut.rstrip(",;:-") + "…"


def neighbour_kinds(
    slug: str, outgoing: Sequence[Link], incoming: Sequence[Link]
) -> dict[str, tuple[str, ...]]:
    """Return ``{neighbour slug: kinds}`` in placement order, at most ``MAX_NEIGHBOURS``.

    ``outgoing`` are ``slug``'s links (kinds ``related``, ``mention``, ``contributor``;
    a contributor's ``[[link]]`` counts as a mention), ``incoming`` its backlinks.
    Order: strongest kind first (see ``KINDS``), then the order the links come in
    (related papers by score), then slug; a neighbour's kinds are in ``KINDS`` order.
    """
    found: dict[str, set[str]] = {}
    for link in outgoing:
        kind = "related" if link.kind == "related" else "mentions"
        found.setdefault(link.target, set()).add(kind)
    for link in incoming:
        found.setdefault(link.source, set()).add("backlinks")
    found.pop(slug, None)
    arrival = {other: position for position, other in enumerate(found)}
    ordered = sorted(
        found,
        key=lambda other: (min(KINDS.index(k) for k in found[other]), arrival[other], other),
    )
    return {
        other: tuple(kind for kind in KINDS if kind in found[other])
        for other in ordered[:MAX_NEIGHBOURS]
    }


def local_graph(
    slug: str,
    papers: Mapping[str, Paper],
    outgoing: Mapping[str, Sequence[Link]],
    backlinks: Mapping[str, Sequence[Link]],
) -> Graph:
    """Place ``slug`` in the centre and its neighbours evenly on an ellipse around it.

    The first neighbour is at the top, the rest follow clockwise; coordinates are in
    SVG user units (``WIDTH`` x ``HEIGHT``), rounded to 0.1 so the output is stable.
    Raises ``KeyError`` when ``slug`` (or a linked slug) is not in ``papers``.
    """
    paper = papers[slug]
    kinds = neighbour_kinds(slug, outgoing.get(slug, ()), backlinks.get(slug, ()))
    centre = Node(slug, paper.title, short_label(paper.title), (), CENTRE_X, CENTRE_Y)
    nodes = []
    for index, (other, its_kinds) in enumerate(kinds.items()):
        angle = -math.pi / 2 + 2 * math.pi * index / len(kinds)
        x = round(CENTRE_X + RADIUS_X * math.cos(angle), 1)
        y = round(CENTRE_Y + RADIUS_Y * math.sin(angle), 1)
        title = papers[other].title
        nodes.append(Node(other, title, short_label(title), its_kinds, x, y))
    return Graph(centre, tuple(nodes))


def _text(value: str) -> str:
    """Escape scraped text for HTML/SVG text and attributes (``&``, ``<``, ``>``, quotes)."""
    return html.escape(" ".join(value.split()), quote=True)


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _label(node: Node) -> str:
    """The node's ``<text>``: beside it, away from the centre, anchored so it never
    runs back over the edges."""
    dx, dy = node.x - CENTRE_X, node.y - CENTRE_Y
    distance = math.hypot(dx, dy) or 1.0
    x = node.x + LABEL_GAP * dx / distance
    y = node.y + LABEL_GAP * dy / distance
    anchor = "start" if dx > 40 else "end" if dx < -40 else "middle"
    if anchor == "middle":
        y += 6 if dy > 0 else -4  # below a bottom node, above a top one
    else:
        y += 4  # optical centring on the node
    return (
        f'<text x="{_number(x)}" y="{_number(y)}" text-anchor="{anchor}">{_text(node.label)}</text>'
    )


def graph_svg(graph: Graph, href: Callable[[str], str]) -> str:
    """Return the ``<svg>`` of ``graph`` on one line; ``href(slug)`` gives each node's link.

    Each neighbour is an ``<a>`` holding a ``<title>`` (its full title and kinds, shown
    on hover), a circle and a short label; edges carry ``graph-edge--<kind>`` classes for
    the stylesheet. The drawing is ``aria-hidden``: its links are repeated as text by
    :func:`graph_html`, so node links are out of the tab order (``tabindex="-1"``).
    """
    parts = [
        f'<svg class="paper-graph__svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'aria-hidden="true" focusable="false">'
    ]
    for node in graph.neighbours:
        parts.append(
            f'<line class="graph-edge graph-edge--{node.kinds[0]}" '
            f'x1="{_number(CENTRE_X)}" y1="{_number(CENTRE_Y)}" '
            f'x2="{_number(node.x)}" y2="{_number(node.y)}"></line>'
        )
    for node in graph.neighbours:
        kinds = ", ".join(KIND_CAPTIONS[kind].lower() for kind in node.kinds)
        parts.append(
            f'<a class="graph-node graph-node--{node.kinds[0]}" href="{_text(href(node.slug))}" '
            f'tabindex="-1"><title>{_text(node.title)} ({_text(kinds)})</title>'
            f'<circle cx="{_number(node.x)}" cy="{_number(node.y)}" r="{NODE_RADIUS}"></circle>'
            f"{_label(node)}</a>"
        )
    centre = graph.centre
    parts.append(
        f'<g class="graph-node graph-node--centre"><title>{_text(centre.title)}</title>'
        f'<circle cx="{_number(centre.x)}" cy="{_number(centre.y)}" r="{CENTRE_RADIUS}"></circle>'
        f'<text x="{_number(centre.x)}" y="{_number(centre.y + CENTRE_RADIUS + 16)}" '
        f'text-anchor="middle">{_text(centre.label)}</text></g>'
    )
    parts.append("</svg>")
    return "".join(parts)


def graph_html(graph: Graph, href: Callable[[str], str]) -> str:
    """Return a ``<figure>`` with the drawing and a caption listing the same links by kind.

    The result is a raw-HTML block for Markdown: one element, no blank line inside,
    every scraped text HTML-escaped. An empty string when the paper has no neighbour.
    """
    if not graph.neighbours:
        return ""
    lines = []
    for kind in KINDS:
        members = [node for node in graph.neighbours if kind in node.kinds]
        if members:
            links = ", ".join(
                f'<a href="{_text(href(node.slug))}">{_text(node.title)}</a>' for node in members
            )
            lines.append(
                f'<span class="graph-key graph-key--{kind}">{KIND_CAPTIONS[kind]}:</span> {links}.'
            )
    caption = "<br>".join(lines)
    return (
        '<figure class="paper-graph" data-search-exclude>'
        f"{graph_svg(graph, href)}"
        f"<figcaption>{caption}</figcaption></figure>"
    )
