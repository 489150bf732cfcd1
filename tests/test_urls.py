"""generator.urls: every page's path and address, table-driven (after Quartz's path.test.ts)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator import urls
from generator.urls import SourcePath, Url

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("index.md", ""),
        ("about.md", "about/"),
        ("reading-list.md", "reading-list/"),
        ("days/index.md", "days/"),
        ("days/2025-03-11.md", "days/2025-03-11/"),
        ("tags/index.md", "tags/"),
        ("tags/llm.md", "tags/llm/"),
        ("papers/lofit.md", "papers/lofit/"),
        # A slug that ends in "index" is no folder index.
        ("papers/reindex.md", "papers/reindex/"),
    ],
)
def test_a_page_is_published_at_its_directory_url(page: str, expected: str) -> None:
    assert urls.url(SourcePath(page)) == expected


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("papers/b/", "papers/a/", "../b/"),
        ("tags/llm/", "papers/a/", "../../tags/llm/"),
        ("days/2025-03-11/", "papers/a/", "../../days/2025-03-11/"),
        ("papers/a/", "tags/llm/", "../../papers/a/"),
        ("feeds/papers.xml", "about/", "../feeds/papers.xml"),
        ("papers.json", "about/", "../papers.json"),
        ("papers/a/", "", "papers/a/"),
        ("", "about/", "../"),
        ("papers/a/", "papers/a/", "./"),
    ],
)
def test_html_links_are_relative_to_the_page_url(target: str, page: str, expected: str) -> None:
    assert urls.href(Url(target), Url(page)) == expected


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("papers/b.md", "index.md", "papers/b.md"),
        ("tags/llm.md", "index.md", "tags/llm.md"),
        ("tags/b.md", "tags/a.md", "b.md"),
        ("days/2025-03-12.md", "days/2025-03-11.md", "2025-03-12.md"),
        ("papers/b.md", "tags/a.md", "../papers/b.md"),
        ("reading-list.md", "about.md", "reading-list.md"),
    ],
)
def test_markdown_links_are_relative_to_the_page_file(
    target: str, page: str, expected: str
) -> None:
    assert urls.md_link(SourcePath(target), SourcePath(page)) == expected


def test_each_kind_of_page_has_its_place() -> None:
    day = date(2025, 3, 11)
    assert urls.paper_page("lofit") == "papers/lofit.md"
    assert urls.paper_url("lofit") == urls.url(urls.paper_page("lofit"))
    assert urls.tag_url("llm") == "tags/llm/"
    assert urls.day_url(day) == "days/2025-03-11/"
    assert urls.tag_feed("llm") == "feeds/tag-llm.xml"
    assert urls.paper_file("lofit") == "content/papers/lofit.md"
    assert urls.day_file(day) == "content/days/2025-03-11.yml"
    before, after = urls.paper_url_parts()
    assert before + "lofit" + after == urls.paper_url("lofit")


def test_absolute_urls_need_a_site_url() -> None:
    assert urls.absolute("", Url("papers/a/")) == ""
    assert urls.absolute("https://x.org/site/", Url("papers/a/")) == "https://x.org/site/papers/a/"


def test_a_source_path_given_for_a_url_is_a_type_error(tmp_path: Path) -> None:
    """mypy tells a page's file from its address: the mix-up the types exist for."""
    snippet = tmp_path / "mixup.py"
    snippet.write_text(
        "from generator import urls\nurls.href(urls.paper_page('a'), urls.paper_url('b'))\n",
        encoding="utf-8",
    )
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--follow-imports=silent",
            str(snippet),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert checked.returncode == 1, checked.stdout
    assert 'incompatible type "SourcePath"; expected "Url"' in checked.stdout
