"""The paper graph: which neighbours, where, and an SVG that shows scraped text as text."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup

from generator import graph
from generator.config import Project
from generator.model import Link, Paper

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_TITLE = "<script>alert(1)</script> & \"quotes\" 'too' *stars*"


def papers(*slugs: str, titles: dict[str, str] | None = None) -> dict[str, Paper]:
    titles = titles or {}
    return {slug: Paper(slug, titles.get(slug, f"Paper {slug}"), "Abstract.") for slug in slugs}


def test_kinds_order_and_merge() -> None:
    outgoing = [
        Link("p", "r1", "related"),
        Link("p", "r2", "related"),
        Link("p", "m", "mention", "M"),
        Link("p", "c", "contributor", "C"),
        Link("p", "r2", "mention", "R2"),
    ]
    incoming = [Link("b", "p", "mention"), Link("r1", "p", "related"), Link("p", "p", "related")]
    kinds = graph.neighbour_kinds("p", outgoing, incoming)
    # Mentioned papers first (a contributor's [[link]] is a mention), then related ones,
    # then backlinks; within a group, in the order the links come (related by score).
    assert list(kinds) == ["r2", "m", "c", "r1", "b"]
    assert kinds["r2"] == ("mentions", "related")
    assert kinds["r1"] == ("related", "backlinks")
    assert kinds["b"] == ("backlinks",)
    assert "p" not in kinds  # never a node linked to itself


def test_at_most_max_neighbours() -> None:
    incoming = [Link(f"b{i:02}", "p", "related") for i in range(30)]
    kinds = graph.neighbour_kinds("p", [], incoming)
    assert list(kinds) == [f"b{i:02}" for i in range(graph.MAX_NEIGHBOURS)]


def test_layout_is_an_even_ring_starting_at_the_top() -> None:
    slugs = [f"n{i}" for i in range(6)]
    drawn = graph.local_graph(
        "p",
        papers("p", *slugs),
        {"p": [Link("p", s, "related") for s in slugs]},
        {},
    )
    assert (drawn.centre.x, drawn.centre.y) == (graph.CENTRE_X, graph.CENTRE_Y)
    first = drawn.neighbours[0]
    assert (first.x, first.y) == (graph.CENTRE_X, graph.CENTRE_Y - graph.RADIUS_Y)
    for node in drawn.neighbours:
        dx = (node.x - graph.CENTRE_X) / graph.RADIUS_X
        dy = (node.y - graph.CENTRE_Y) / graph.RADIUS_Y
        assert math.isclose(dx * dx + dy * dy, 1.0, abs_tol=1e-3)
        assert 0 <= node.x <= graph.WIDTH and 0 <= node.y <= graph.HEIGHT
    assert len({(node.x, node.y) for node in drawn.neighbours}) == 6


def test_same_links_same_bytes() -> None:
    corpus = papers("p", "a", "b", "c")
    outgoing = {"p": [Link("p", "a", "related"), Link("p", "b", "mention", "B")]}
    backlinks = {"p": [Link("c", "p", "related")]}
    first = graph.graph_html(graph.local_graph("p", corpus, outgoing, backlinks), "../{}/".format)
    second = graph.graph_html(
        graph.local_graph("p", dict(reversed(corpus.items())), outgoing, backlinks),
        "../{}/".format,
    )
    assert first == second


def test_no_neighbour_no_figure() -> None:
    drawn = graph.local_graph("p", papers("p"), {}, {})
    assert graph.graph_html(drawn, "../{}/".format) == ""


def test_svg_is_well_formed_and_text_stays_text() -> None:
    corpus = papers("p", "evil", titles={"evil": HOSTILE_TITLE, "p": "Centre: <b>bold</b>"})
    drawn = graph.local_graph("p", corpus, {"p": [Link("p", "evil", "mention", "x")]}, {})
    figure = graph.graph_html(drawn, "../{}/".format)
    assert "\n" not in figure  # one raw-HTML block for Markdown
    svg = ET.fromstring(graph.graph_svg(drawn, "../{}/".format))  # parses as XML
    tags = {element.tag.removeprefix(SVG) for element in svg.iter()}
    assert tags <= {"svg", "line", "a", "title", "circle", "text", "g"}
    titles = [element.text for element in svg.iter("title")]
    assert f"{HOSTILE_TITLE} (mentioned here)" in titles
    assert "Centre: <b>bold</b>" in titles
    soup = BeautifulSoup(figure, "html.parser")
    assert not soup.select("script, b, img")
    caption_links = [(a["href"], a.get_text()) for a in soup.select("figcaption a")]
    assert caption_links == [("../evil/", HOSTILE_TITLE)]
    assert [a["href"] for a in soup.select("svg a")] == ["../evil/"]


def test_short_labels() -> None:
    assert graph.short_label("LoFiT: Localized Fine-tuning on LLM Representations") == "LoFiT"
    assert graph.short_label("Pointer Networks") == "Pointer Networks"
    long = graph.short_label("Understanding In-Context Learning in Transformers and LLMs")
    assert long.endswith("…") and len(long) <= graph.LABEL_CHARS + 1
    assert graph.short_label("Supercalifragilisticexpialidocious" * 2).endswith("…")


def test_every_linked_paper_page_draws_its_graph(seed_project: Project) -> None:
    pages = sorted((seed_project.site_dir / "papers").glob("*/index.html"))
    assert len(pages) == 64
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        figure = page.select_one("figure.paper-graph")
        assert figure is not None, path  # every seed paper has related papers
        nodes = [a["href"] for a in figure.select("svg a")]
        assert nodes and len(nodes) == len(set(nodes)) <= graph.MAX_NEIGHBOURS
        assert {a["href"] for a in figure.select("figcaption a")} == set(nodes)
        for href in nodes:
            assert (path.parent / href / "index.html").resolve().exists(), (path, href)
        # Every neighbour drawn is one the page lists as related or as a backlink,
        # or one its abstract mentions.
        in_text = {
            a["href"] for a in page.select("article a[href^='../']") if not a.find_parent("figure")
        }
        assert set(nodes) <= in_text, (path, set(nodes) - in_text)
        assert figure.select_one("svg")["aria-hidden"] == "true"
        assert all(a["tabindex"] == "-1" for a in figure.select("svg a"))
