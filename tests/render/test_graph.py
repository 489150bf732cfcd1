"""The paper graph: which neighbours, their data on the page, and the drawing a browser makes."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from generator.config import Project
from generator.model import Link, Paper
from generator.render import graph

HOSTILE_TITLE = "<script>alert(1)</script> & \"quotes\" 'too' *stars*"


def graph_nodes(data: str) -> list[tuple[str, str, str]]:
    """``(key, kinds, label)`` of each neighbour line of a figure's ``data-graph``."""
    return [tuple(line.split(" ", 2)) for line in data.split("\n")[1:]]  # type: ignore[misc]


def resolved(key: str, page: BeautifulSoup) -> list[str]:
    """The distinct paper links ``../<slug>/`` of the page's article that ``key`` starts."""
    hrefs = [a["href"] for a in page.select("article a[href^='../']")]
    paper = re.compile(r"^\.\./[a-z0-9][a-z0-9-]*/$")
    return sorted({h for h in hrefs if paper.match(h) and h.startswith(f"../{key}")})


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


def test_same_links_same_bytes() -> None:
    corpus = papers("p", "a", "b", "c")
    outgoing = {"p": [Link("p", "a", "related"), Link("p", "b", "mention", "B")]}
    backlinks = {"p": [Link("c", "p", "related")]}
    first = graph.graph_html(graph.local_graph("p", corpus, outgoing, backlinks), "abc", "../*/")
    second = graph.graph_html(
        graph.local_graph("p", dict(reversed(corpus.items())), outgoing, backlinks), "cba", "../*/"
    )
    assert first == second


def test_no_neighbour_no_figure() -> None:
    drawn = graph.local_graph("p", papers("p"), {}, {})
    assert graph.graph_html(drawn, (), "../*/") == ""


def test_figure_carries_data_and_text_stays_text() -> None:
    corpus = papers("p", "evil", "r", titles={"evil": HOSTILE_TITLE, "p": "Centre: <b>bold</b>"})
    outgoing = {"p": [Link("p", "evil", "mention", "x"), Link("p", "r", "related")]}
    drawn = graph.local_graph("p", corpus, outgoing, {"p": [Link("r", "p", "related")]})
    figure_html = graph.graph_html(drawn, {"evil", "r", "e2"}, "../*/")
    assert "\n\n" not in figure_html  # no blank line: one block of HTML
    soup = BeautifulSoup(figure_html, "html.parser")
    assert not soup.select("script, b, img, svg")
    figure = soup.figure
    assert figure.has_attr("hidden")  # shown once assets/graph.js has drawn it
    assert figure["data-graph"].split("\n") == [
        "Centre: <b>bold</b>",
        f"ev mentions {graph.short_label(HOSTILE_TITLE)}",
        "r related,backlinks Paper r",
    ]
    caption = " ".join(figure.figcaption.get_text().split())
    assert caption.startswith("Mentioned here 1 · Related 1 · Linking here 1")


def test_a_link_key_is_the_shortest_start_no_other_link_shares() -> None:
    linked = {"pointer-networks", "pointer-networks-2", "pixel", "pointnet"}
    assert graph.link_key("pixel", linked) == "pi"
    assert graph.link_key("pointnet", linked) == "pointn"
    assert graph.link_key("pointer-networks-2", linked) == "pointer-networks-"
    assert graph.link_key("pointer-networks", linked) == "pointer-networks/"
    assert graph.link_key("alone", {"alone"}) == "a"


def test_short_labels() -> None:
    assert graph.short_label("LoFiT: Localized Fine-tuning on LLM Representations") == "LoFiT"
    assert graph.short_label("Pointer Networks") == "Pointer Networks"
    long = graph.short_label("Understanding In-Context Learning in Transformers and LLMs")
    assert long.endswith("…") and len(long) <= graph.LABEL_CHARS + 1
    assert graph.short_label("Supercalifragilisticexpialidocious" * 2).endswith("…")


def test_every_linked_paper_page_has_its_graph(seed_project: Project) -> None:
    pages = sorted((seed_project.site_dir / "papers").glob("*/index.html"))
    assert len(pages) == 64
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        figure = page.select_one("figure.paper-graph")
        assert figure is not None, path  # every seed paper has related papers
        # Each key names exactly one paper the page links to: the drawing adds no link
        # the page lacks (its related papers, backlinks, the papers its abstract names).
        found = [resolved(key, page) for key, _, _ in graph_nodes(figure["data-graph"])]
        assert all(len(hrefs) == 1 for hrefs in found), (path, found)
        nodes = [hrefs[0] for hrefs in found]
        assert nodes and len(nodes) == len(set(nodes)) <= graph.MAX_NEIGHBOURS
        for href in nodes:
            assert (path.parent / href / "index.html").resolve().exists(), (path, href)


@pytest.mark.browser
def test_the_graph_is_drawn_in_the_browser(
    seed_project: Project, browser: object, serve_site: Callable[..., str]
) -> None:
    base = serve_site(seed_project.site_dir)
    path = next(
        p
        for p in sorted((seed_project.site_dir / "papers").glob("*/index.html"))
        if len(graph_nodes(BeautifulSoup(p.read_text(), "html.parser").figure["data-graph"])) >= 4
    )
    soup = BeautifulSoup(path.read_text(), "html.parser")
    data = graph_nodes(soup.figure["data-graph"])
    page = browser.new_page()
    try:
        page.goto(f"{base}papers/{path.parent.name}/")
        drawing = page.locator("figure.paper-graph svg")
        drawing.wait_for()
        assert page.locator("figure.paper-graph").is_visible()
        assert drawing.get_attribute("aria-hidden") == "true"
        nodes = drawing.evaluate(
            """svg => [...svg.querySelectorAll('a')].map(a => ({
                href: a.getAttribute('href'), tabindex: a.getAttribute('tabindex'),
                x: +a.querySelector('circle').getAttribute('cx'),
                y: +a.querySelector('circle').getAttribute('cy'),
                label: a.querySelector('text').textContent,
                title: a.querySelector('title').textContent}))"""
        )
        assert [n["href"] for n in nodes] == [resolved(key, soup)[0] for key, _, _ in data]
        assert [n["label"] for n in nodes] == [label for _, _, label in data]
        assert {n["tabindex"] for n in nodes} == {"-1"}
        # An even ring around the centre (400, 210), starting at the top.
        assert (nodes[0]["x"], nodes[0]["y"]) == (400, 60)
        for node in nodes:
            dx, dy = (node["x"] - 400) / 180, (node["y"] - 210) / 150
            assert math.isclose(dx * dx + dy * dy, 1.0, abs_tol=2e-3)
        assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)
        # Every label ends inside the drawing (viewBox 0 0 800 420).
        boxes = drawing.evaluate(
            "svg => [...svg.querySelectorAll('text')].map(t => { const b = t.getBBox();"
            " return [b.x, b.x + b.width]; })"
        )
        assert all(left >= 0 and right <= 800 for left, right in boxes), boxes
        # A related paper's tooltip is its full title, as the Related papers list shows it.
        related = soup.select("h2#related + ol a")[0]
        node = next(n for n in nodes if n["href"] == related["href"])
        assert node["title"].startswith(" ".join(related.get_text().split()))
        # Each kind's edges are one path, one segment per neighbour of that kind.
        segments = drawing.evaluate(
            "svg => [...svg.querySelectorAll('path.graph-edge')]"
            ".map(p => p.getAttribute('d').split('M').length - 1)"
        )
        assert sum(segments) == len(nodes)
        page.locator(f"figure.paper-graph a[href='{nodes[0]['href']}'] circle").click()
        page.wait_for_url(f"**/papers/{nodes[0]['href'].strip('./')}/")
    finally:
        page.close()
