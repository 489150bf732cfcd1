"""A paper's local graph (related papers, mentions, backlinks): which papers, and their data.

Pure functions, no I/O: :func:`local_graph` chooses the neighbours of one paper and
:func:`graph_html` writes the ``<figure>`` of its page, whose ``data-graph`` the page's
script ``assets/graph.js`` draws as SVG. The drawing was once written here, 5.6 KB on
each of 20,000 pages; every link in it is also on the page already (related papers,
backlinks, mentions in the abstract), so the page carries only slugs, labels and kinds.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.enrich.links import short_name
from generator.model import Link, Paper
from generator.text.cut import cut_at_word

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


@dataclass(frozen=True)
class Node:
    """A paper of the graph: ``kinds`` are its edge kinds (empty for the centre). Its
    full title is not needed: graph.js reads it from the page's own lists."""

    slug: str
    label: str
    kinds: tuple[str, ...]


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
    return cut_at_word(name, limit, trailing=",;:-")


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
    """Return ``slug`` as the centre and its neighbours in placement order.

    assets/graph.js puts the first neighbour at the top and the rest clockwise.
    Raises ``KeyError`` when ``slug`` (or a linked slug) is not in ``papers``.
    """
    paper = papers[slug]
    kinds = neighbour_kinds(slug, outgoing.get(slug, ()), backlinks.get(slug, ()))
    centre = Node(slug, short_label(paper.title), ())
    nodes = tuple(
        Node(other, short_label(papers[other].title), its_kinds)
        for other, its_kinds in kinds.items()
    )
    return Graph(centre, nodes)


def link_key(slug: str, linked: Iterable[str]) -> str:
    """Return the shortest start of ``slug`` that no other slug of ``linked`` starts with.

    ``linked`` are the papers the page links to (``../<slug>/``); ``slug`` is one of them.
    When ``slug`` starts another of them, the key is ``slug + "/"``. A graph names each
    neighbour by its key, which assets/graph.js completes from the page's own links:
    the full slugs were 14 MB over 20,000 pages.
    """
    others = [other for other in linked if other != slug]
    for end in range(1, len(slug) + 1):
        if not any(other.startswith(slug[:end]) for other in others):
            return slug[:end]
    return slug + "/"


def graph_data(graph: Graph, linked: Iterable[str]) -> str:
    """Return the text that assets/graph.js draws: the centre's label on the first line,
    then one line per neighbour, ``<key> <kind>[,<kind>...] <label>``.

    ``linked``: every paper the page links to, a superset of the neighbours; each
    neighbour's key is its :func:`link_key` among them. Lines, not JSON: in an HTML
    attribute every JSON quote becomes ``&quot;``. Keys and kinds hold no space and
    labels no line break (:func:`short_label`). The script links a node to the page's
    link to a paper (``../<slug>/``) whose slug starts with the key, and takes its full
    title from the page's lists.
    """
    linked = set(linked)
    lines = [graph.centre.label]
    lines += [
        f"{link_key(node.slug, linked)} {','.join(node.kinds)} {node.label}"
        for node in graph.neighbours
    ]
    return "\n".join(lines)


def graph_html(graph: Graph, linked: Iterable[str], paper_link: str) -> str:
    """Return the ``<figure>`` of the graph, or an empty string when there is no neighbour.

    One block of HTML without a blank line, every scraped text HTML-escaped: the data in
    ``data-graph`` (see :func:`graph_data` for ``linked``), the page's link to a paper
    with ``*`` for the slug (``paper_link``, ``../*/``: the script finds the page's links
    of that form) and a caption counting the neighbours of each kind. The figure is
    ``hidden`` until the script has drawn it, so a page read without scripts shows no
    empty frame; the same papers are linked in its lists and abstract either way.
    """
    if not graph.neighbours:
        return ""
    counts = []
    for kind in KINDS:
        count = sum(1 for node in graph.neighbours if kind in node.kinds)
        if count:
            counts.append(
                f'<span class="graph-key graph-key--{kind}">{KIND_CAPTIONS[kind]}</span> {count}'
            )
    caption = " · ".join(counts) + ": each is also linked in the text or lists above."
    return (
        f'<figure class="paper-graph" data-search-exclude hidden '
        f'data-graph="{html.escape(graph_data(graph, linked), quote=True)}" '
        f'data-paper-link="{html.escape(paper_link, quote=True)}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )
