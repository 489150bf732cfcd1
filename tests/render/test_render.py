"""Rendering: scraped text is data. Whatever a title or abstract holds, the page shows it
as typed and no Markdown or HTML in it takes effect."""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import Project
from generator.enrich import corpus
from generator.model import Listing, Paper, Tag
from generator.readers.text import clean_title
from generator.render.escape import html_text, md_href, md_text
from generator.render.pages import Renderer
from generator.render.prerendered import wrap
from generator.text.english import excerpt, long_date


def mkdocs_markdown_extensions() -> list[str]:
    """The ``markdown_extensions`` of the repository's mkdocs.yml, which the site uses."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda loader, node: None)  # type: ignore[no-untyped-call]
    loader.add_multi_constructor(  # type: ignore[no-untyped-call]
        "tag:yaml.org,2002:python/", lambda loader, suffix, node: None
    )
    config = yaml.load(
        (Path(__file__).parents[2] / "mkdocs.yml").read_text(encoding="utf-8"), loader
    )
    return [
        name if isinstance(name, str) else next(iter(name))
        for name in config["markdown_extensions"]
    ]


EXTENSIONS = mkdocs_markdown_extensions()


class _Collector(HTMLParser):
    """Collects the text (entities decoded) and the tag names of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(md: str) -> _Collector:
    collector = _Collector()
    collector.feed(markdown.markdown(md, extensions=EXTENSIONS))
    collector.close()
    return collector


def squash(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- md_text

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- comment -->",
    "<div markdown>*x*</div>",
    "*x*",
    "**bold** and __bold__",
    "_under_score_",
    "1. item",
    "2024. A year to remember",
    "1) item",
    "# h",
    "## Heading {: #id .cls }",
    "---",
    "***",
    "===",
    "- item",
    "+ item",
    "> quote",
    "| a | b |",
    "[x](y)",
    "![alt](https://evil.example/x.png)",
    "[x]: https://evil.example",
    "<https://evil.example>",
    "`code`",
    "``double``",
    "```fenced```",
    "~~~",
    "\\*escaped\\*",
    "&amp; &lt; &#42; &copy;",
    "[TOC]",
    "{: .class }",
    "{#id}",
    "a  b\tc",
    "Price: $5 ^ 2 ~ 3 = 9 % 4 @ you",
    "LoRA: Low-Rank Adaptation",
    "He said \"hi\" and 'bye'",
    "emoji 🚀 and ümlauts",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_shows_text_as_typed(text: str) -> None:
    page = render(md_text(text))
    assert page.tags == ["p"]
    assert page.attrs == []
    assert squash("".join(page.text)) == squash(text)


def test_md_text_keeps_one_line_per_paragraph() -> None:
    escaped = md_text("first line\n1. second line\n# third")
    assert "\n" not in escaped
    page = render(escaped)
    assert page.tags == ["p"]
    assert squash("".join(page.text)) == "first line 1. second line # third"


def test_md_text_leaves_plain_words_alone() -> None:
    assert md_text("Plain words, numbers 42 and é.") == "Plain words, numbers 42 and é."


# Titles and abstracts as readers produce them: cleaned, one paragraph, no line break.
PARAGRAPHS = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=80
).map(clean_title)
MARKUP = (
    st.lists(
        st.sampled_from(
            [
                "*",
                "_",
                "`",
                "#",
                "1.",
                "<",
                ">",
                "&",
                "[",
                "]",
                "(",
                ")",
                "!",
                "|",
                "-",
                "+",
                "=",
                "{",
                "}",
                ":",
                "\\",
                "~",
                "^",
                "$",
                '"',
                "'",
                " ",
                "    ",
                "\t",
                "a",
                "1",
                "&#42;",
                "&amp;",
                "<b>",
                "</b>",
                "<!--",
                "-->",
                "http://x.org",
                "[TOC]",
                ".cls",
            ]
        ),
        max_size=20,
    )
    .map("".join)
    .map(clean_title)
)


@settings(max_examples=300)
@given(st.one_of(PARAGRAPHS, MARKUP))
def test_md_text_round_trips_through_markdown(text: str) -> None:
    page = render(md_text(text))
    assert set(page.tags) <= {"p"}
    assert page.attrs == []
    assert squash("".join(page.text)) == squash(text)


@settings(max_examples=300)
@given(st.one_of(PARAGRAPHS, MARKUP))
def test_html_text_in_a_raw_html_block_round_trips_through_markdown(text: str) -> None:
    """Paper pages are mostly raw-HTML blocks: Markdown must not read anything into them."""
    page = render(f"<p>{html_text(text)}</p>")
    assert set(page.tags) <= {"p"}
    assert page.attrs == []
    assert squash("".join(page.text)) == squash(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_shows_hostile_text_as_typed(text: str) -> None:
    page = render(f'<div class="x">\n<p>{html_text(text)}</p>\n</div>')
    assert page.tags == ["div", "p"]
    assert squash("".join(page.text)) == squash(text)


# ---------------------------------------------------------------- md_href


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/a/b", "https://github.com/a/b"),
        ("http://example.org/x", "http://example.org/x"),
        ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
        ("https://x.org/?a=1&b=2", "https://x.org/?a=1&amp;b=2"),
        ('https://x.org/"onmouseover="alert(1)', "https://x.org/&quot;onmouseover=&quot;alert(1)"),
        ("https://x.org/<script>", "https://x.org/&lt;script&gt;"),
        ("javascript:alert(1)", "#"),
        ("JavaScript:alert(1)", "#"),
        (" javascript:alert(1)", "#"),
        ("java\tscript:alert(1)", "#"),
        ("data:text/html,<script>alert(1)</script>", "#"),
        ("vbscript:msgbox", "#"),
        ("file:///etc/passwd", "#"),
        ("ftp://example.org/x", "#"),
        ("//evil.example/x", "#"),
        ("/relative/path", "#"),
        ("mailto:a@b.c", "#"),
        ("", "#"),
    ],
)
def test_md_href(url: str, expected: str) -> None:
    assert md_href(url) == expected


@given(st.text(max_size=60))
def test_md_href_is_safe_in_a_quoted_attribute(url: str) -> None:
    href = md_href(url)
    # Browsers drop leading C0 controls and spaces from an href, as urlsplit does.
    shown = href.lower().lstrip("".join(map(chr, range(0x21))))
    assert href == "#" or shown.startswith(("http:", "https:"))
    assert '"' not in href and "<" not in href and ">" not in href


# ---------------------------------------------------------------- excerpt and dates


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("One sentence. Another one.", 220, "One sentence."),
        ("Question? Answer!", 220, "Question?"),
        ("Wow! Such text.", 220, "Wow!"),
        ("No split at 3.5 percent. Next.", 220, "No split at 3.5 percent."),
        ("lower case after. the same sentence", 220, "lower case after. the same sentence"),
        ("  Hard\nwrapped\n\n  text. Next.", 220, "Hard wrapped text."),
        ("alpha beta gamma delta", 12, "alpha beta…"),
        ("alpha, beta gamma delta", 8, "alpha…"),
        ("abcdefghij", 4, "abcd…"),
        ("exactly ten", 11, "exactly ten"),
        ("", 220, ""),
    ],
)
def test_excerpt(text: str, limit: int, expected: str) -> None:
    assert excerpt(text, limit) == expected


@given(st.text(max_size=400), st.integers(min_value=1, max_value=300))
def test_excerpt_is_bounded(text: str, limit: int) -> None:
    result = excerpt(text, limit)
    assert len(result) <= limit + 1
    assert "\n" not in result


def whole_text_excerpt(text: str, limit: int) -> str:
    """The excerpt as its docstring defines it, read from the whole text."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(text.split()), maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@given(
    st.lists(
        st.sampled_from(["word", "A", "b.", "Cc?", ",", " ", "  ", "\n", "\t\n "]), max_size=300
    ),
    st.integers(min_value=1, max_value=40),
)
def test_an_excerpt_read_from_the_start_of_a_text_is_the_whole_texts(
    parts: list[str], limit: int
) -> None:
    text = "".join(parts)
    assert excerpt(text, limit) == whole_text_excerpt(text, limit)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2025, 3, 11), "11 March 2025"), (date(1999, 12, 1), "1 December 1999"), (None, "")],
)
def test_long_date(day: date | None, expected: str) -> None:
    assert long_date(day) == expected


# ---------------------------------------------------------------- pages

HOSTILE_PAPER = Paper(
    slug="hostile",
    title="<script>alert(1)</script> *Bold* [link](https://evil.example)",
    abstract=(
        "1. Not a list <img src=x onerror=alert(1)> and `code`.\n\n"
        "# Not a heading | a | b | see https://github.com/o/r."
    ),
    listed=(date(2025, 3, 11),),
    authors=("<b>Mallory</b>", "*Eve*"),
)
PLAIN_PAPER = Paper(
    slug="plain",
    title="Plain: a plain paper about graphs",
    abstract="Graph networks for molecules. We cite 2401.00001 and nothing else.",
    listed=(date(2025, 3, 11),),
    arxiv_id="2402.00002",
)
TAGS = (Tag("graphs", "Graphs <&>", "Graph learning.", ("graph",)),)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(root=tmp_path, repo_url="https://github.com/o/r", edit_uri="edit/main/")


def page_parts(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body


def enriched(*papers: Paper) -> corpus.LinkedCorpus:
    listing = Listing(date(2025, 3, 11), ("plain", "hostile", "odd"))
    return corpus.link(corpus.tag({p.slug: p for p in papers}, TAGS, {listing.day: listing}))


def test_paper_page_shows_scraped_text_as_typed(project: Project) -> None:
    renderer = Renderer(enriched(HOSTILE_PAPER, PLAIN_PAPER), project)
    meta, body = page_parts(renderer.paper("hostile"))
    # The theme prints the title unescaped, so the front matter holds it as HTML text.
    assert meta["title"] == html.escape(HOSTILE_PAPER.title)
    assert meta["edit_url"] == "https://github.com/o/r/edit/main/content/papers/hostile.md"
    page = render(body)
    assert "script" not in page.tags
    assert "img" not in page.tags
    assert "b" not in page.tags
    assert "em" not in page.tags
    assert "ol" not in page.tags[: page.tags.index("h2")]
    text = squash("".join(page.text))
    assert squash(HOSTILE_PAPER.title) in text
    assert "1. Not a list <img src=x onerror=alert(1)> and `code`." in text
    assert "<b>Mallory</b>, *Eve*" in text
    hrefs = [value for name, value in page.attrs if name == "href"]
    assert "https://evil.example" not in hrefs
    assert "https://github.com/o/r" in hrefs


def test_paper_page_escapes_the_arxiv_id(project: Project) -> None:
    """``arxiv_id`` comes from listings and contributors too: it is data like the title."""
    odd = Paper("odd", "Odd", "Text.", arxiv_id="<img src=x onerror=alert(1)>")
    _, body = page_parts(Renderer(enriched(odd, PLAIN_PAPER), project).paper("odd"))
    assert "img" not in render(body).tags


def test_every_page_is_rendered_and_deterministic(project: Project) -> None:
    first = dict(Renderer(enriched(HOSTILE_PAPER, PLAIN_PAPER), project).pages())
    second = dict(Renderer(enriched(PLAIN_PAPER, HOSTILE_PAPER), project).pages())
    assert first == second
    assert sorted(first) == [
        "about.md",
        "days/2025-03-11.md",
        "days/index.md",
        "index.md",
        "months/2025-03.md",
        "papers/hostile.md",
        "papers/plain.md",
        "reading-list.md",
        "tags/graphs.md",
        "tags/index.md",
        "top/index.md",
        "weeks/2025-W11.md",
    ]
    for name, text in first.items():
        meta, body = page_parts(text)
        assert isinstance(meta, dict), name
        assert "script" not in render(body).tags, name
    assert re.search(r"^# Plain&#58; a plain paper about graphs$", first["papers/plain.md"], re.M)


def test_data_attributes_carry_scraped_text_as_text() -> None:
    from generator.render.pages import data_attributes

    title = "<script>alert(1)</script> \"q\" 'a' & *b* `c` \\d {e} [f](g) 1. h"
    paper = Paper(
        "evil",
        title,
        "Abstract.",
        listed=(date(2025, 3, 11), date(2025, 3, 12)),
        arxiv_id="2405.17258",
        authors=('Ann "X" <O>', "Bo & Co"),
    )
    # Where the templates write them: a card's Markdown-in-HTML start tag, and a list
    # entry inside a prerendered HTML block.
    for markup in (
        f"<div class='card' markdown {data_attributes(paper)}>\ntext\n</div>",
        wrap(f"<ul>\n<li><a href='u/'>t</a><span {data_attributes(paper)}></span></li>\n</ul>"),
    ):
        rendered = render(markup)
        assert "script" not in rendered.tags
        attrs = dict(rendered.attrs)
        assert attrs["data-title"] == title
        assert attrs["data-paper"] == "evil"
        assert attrs["data-listed"] == "2025-03-11 2025-03-12"
        # The BibTeX entry is the page's Cite block: no paper data to make one again.
        assert not {"data-authors", "data-arxiv", "data-year"} & set(attrs)
