"""Titles and abstracts from issue 16's attack on the build: each page still works.

A built site with a paper titled ``__config`` (Material's own element id), a tag named
``__drawer``, TeX that reads or writes files in a title, a rule KaTeX would draw
400em wide, and URLs whose host no URL parser reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import markdown
import pytest

from generator import pipeline
from generator.config import Project
from generator.model import Listing, Paper
from generator.render import cite
from generator.render.escape import html_text, md_text
from generator.sources import store
from generator.urls import heading_id
from tests.conftest import copy_project

DAY = date(2025, 3, 11)
PAPERS = (
    Paper(slug="config", title="__config", abstract="A paper named like Material's config.",
          listed=(DAY,), tags=("drawer",)),
    Paper(slug="tex-input", title=r"Reading $\input{/etc/passwd}$ and $\write18{rm -rf ~}$",
          abstract="A title that would run commands in LaTeX.", listed=(DAY,)),
    Paper(slug="big-rule", title="A big rule",
          abstract=r"The rule $\rule{400em}{400em}$ would cover the page.", listed=(DAY,)),
    Paper(slug="bracket-url", title="An unclosed IPv6 bracket",
          abstract="Code at http://[x and http://a]b/ (urlsplit raises on both).", listed=(DAY,)),
)  # fmt: skip
TAG = "- id: drawer\n  name: __drawer\n  description: A tag named like Material's drawer.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("hostile-pages"), content=False)
    with project.tags_file.open("a", encoding="utf-8") as stream:
        stream.write(TAG)
    for paper in PAPERS:
        store.save_paper(project.papers_dir, paper)
    store.save_day(project.days_dir, Listing(DAY, tuple(paper.slug for paper in PAPERS)))
    pipeline.build(project, strict=True)
    return project


def page(project: Project, path: str) -> str:
    return (project.site_dir / path / "index.html").read_text(encoding="utf-8")


def test_an_abstract_url_with_an_unclosed_ipv6_bracket_builds_as_text(site: Project) -> None:
    built = page(site, "papers/bracket-url")
    assert "Code at http://[x and http://a]b/" in built
    assert 'href="http://[x' not in built and 'href="http://a]b' not in built


@pytest.mark.parametrize("path", ["papers/config", "tags/drawer"])
def test_a_title_named_like_a_material_element_leaves_its_id_to_material(
    site: Project, path: str
) -> None:
    html = page(site, path)
    ids = re.findall(r'\bid="([^"]*)"', html)
    assert ids.count("__config") == 1 and ids.count("__drawer") == 1
    # The one __config is Material's JSON configuration, which its script parses.
    assert re.search(r'<script id="__config" type="application/json">', html)
    assert "<h1" in html and not re.search(r'<h1 id="_', html)


@pytest.mark.parametrize("title", ["__config", "__search", "_x", "__"])
def test_heading_ids_never_start_with_an_underscore(title: str) -> None:
    assert not heading_id(title, "-").startswith("_")


def test_carriage_return_in_a_title_starts_no_markdown_block() -> None:
    title = "Title\r    indented like code\r- like a list item\r# like a heading"
    html = markdown.markdown(f"# {md_text(title)}")
    assert html.count("<") == 2 and html.startswith("<h1>")  # one heading, nothing else
    assert "\r" not in html_text(title)


def test_tex_that_reads_or_writes_files_is_escaped_in_bibtex(site: Project) -> None:
    entry = cite.bibtex(PAPERS[1], "key")
    assert r"\input{" not in entry and r"\write18{" not in entry
    assert r"\textbackslash{}input\textbraceleft{}/etc/passwd\textbraceright{}" in entry
    # The page's Cite block carries the same entry.
    block = re.search(r'<pre class="paper-bibtex".*?</pre>', page(site, "papers/tex-input"), re.S)
    assert block and "textbackslash{}input" in block.group() and r"\input{" not in block.group()


@pytest.mark.parametrize(
    "title",
    [r"$\immediate\write18{ls}$", r"$x^{\csname input\endcsname{f}}$", r"$x^^5cinput{f}$"],
)
def test_unknown_tex_commands_in_math_are_escaped_in_bibtex(title: str) -> None:
    value = cite.tex_text(title)
    assert "$" not in value.replace(r"\$", "")  # the span is text, not math
    assert not re.search(r"(?<!\\textbackslash)\{\}(?:write|csname|input)", value)


def test_ordinary_math_stays_math_in_bibtex() -> None:
    assert cite.tex_text(r"$\mathcal{O}(n \log n)$ time, $\nabla^2$DFT") == (
        r"$\mathcal{O}(n \log n)$ time, $\nabla^2$DFT"
    )


@pytest.mark.browser
def test_katex_caps_a_400em_rule_to_a_small_box(
    browser: object, site: Project, serve_site: Callable[..., str]
) -> None:
    page_ = browser.new_page()
    try:
        page_.goto(serve_site(site.site_dir) + "papers/big-rule/")
        page_.wait_for_selector("article span.arithmatex .katex")
        box = page_.locator("article span.arithmatex").first.bounding_box()
        viewport = page_.viewport_size
        assert box["width"] < viewport["width"] / 2 and box["height"] < viewport["height"] / 2
    finally:
        page_.close()


@pytest.mark.browser
def test_material_search_works_on_a_page_titled_config(
    browser: object, site: Project, serve_site: Callable[..., str]
) -> None:
    page_ = browser.new_page()
    errors: list[str] = []
    page_.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page_.goto(serve_site(site.site_dir) + "papers/config/")
        page_.wait_for_load_state("networkidle")
        config = page_.evaluate("JSON.parse(document.getElementById('__config').textContent)")
        assert "base" in config
        assert errors == []
    finally:
        page_.close()
