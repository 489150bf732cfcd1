"""Readers for the real listing layouts in tests/fixtures/raw/ (copies of shared/corpus/raw).

Expected values are read off the raw files independently (json, regular expressions
over the text, or by eye with the line quoted in a comment), never from a reader.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import PapersiteError
from generator.readers import READERS, Reader, ReadListing, detect_reader, read_listing
from generator.readers.details_digest import DetailsDigestReader
from generator.readers.hf_daily_json import HfDailyJsonReader
from generator.readers.hf_trending_markdown import HfTrendingMarkdownReader
from generator.readers.jekyll_paper import JekyllPaperReader
from generator.readers.papers_jsonl import PapersJsonlReader
from tests.conftest import FIXTURES, SEED_LISTING

RAW = FIXTURES / "raw"
HF_JSON = (
    RAW / "2404589803_hf-daily-paper-newsletter-chinese_Paper_metadata_download_2024-05-27.json"
)
HF_REPR = (
    RAW / "2404589803_hf-daily-paper-newsletter-chinese_Paper_metadata_download_2025-01-10.json"
)
HF_PAGE = RAW / "firefighter-eric_ai-wiki_raw_text_Hugging_Face_-_2026_-_Trending_Papers.EXCERPT.md"
DIGEST = RAW / "AtharvaDomale_Daily-HuggingFace-AI-Papers_README.md"
JEKYLL = RAW / (
    "shiyibihua_arxiv-daily_docs_cs-CL_2025-12-16_papers_"
    "250623979-tap-a-taxonomy-guided-framework-for-automated-and-scalable-preference-.md"
)
JSONL = RAW / "papers.sample.jsonl"

LAYOUTS = {
    HF_JSON: HfDailyJsonReader.name,
    HF_REPR: HfDailyJsonReader.name,
    HF_PAGE: HfTrendingMarkdownReader.name,
    DIGEST: DetailsDigestReader.name,
    JEKYLL: JekyllPaperReader.name,
    JSONL: PapersJsonlReader.name,
    SEED_LISTING: "trending-text",
}


def unwrap(text: str) -> str:
    """Join hard-wrapped lines with one space: an independent clean_abstract for one paragraph."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", text.strip())


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize("path", list(LAYOUTS), ids=lambda path: path.name[:40])
def test_exactly_one_reader_claims_each_real_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    claimed = [reader.name for reader in READERS if reader.detect(text)]
    assert claimed == [LAYOUTS[path]]


@pytest.mark.parametrize("path", list(LAYOUTS), ids=lambda path: path.name[:40])
def test_layout_comes_from_the_content_not_the_file_name(path: Path, tmp_path: Path) -> None:
    neutral = tmp_path / "listing.txt"
    shutil.copy(path, neutral)
    text = neutral.read_text(encoding="utf-8")
    assert detect_reader(text, str(neutral)).name == LAYOUTS[path]
    if LAYOUTS[path] != "trending-text":  # the seed's day line needs a year from the name
        assert len(read_listing(neutral).entries) == len(read_listing(path).entries)


UNKNOWN = {
    "prose": "It was a bright cold day in April, and the clocks were striking thirteen.\n",
    "json-object": '{"name": "papersite", "version": 3}\n',
    "json-wrapper-without-data": '{"status": "success", "date": "2025-01-10"}\n',
    "json-list-of-other-objects": '[{"title": "A paper", "summary": "An abstract"}]\n',
    "jsonl-of-other-objects": '{"name": "a"}\n{"name": "b"}\n',
    "markdown-with-arxiv-headings": "### [A Title](https://arxiv.org/abs/2401.00001)\n\nVote: 3\n",
    "front-matter-without-abstract": "---\ntitle: A\n---\n\nNo link, no quote.\n",
    "details-without-numbered-cards": "<details><summary>Click</summary>\n\nhidden\n</details>\n",
}


@pytest.mark.parametrize("contents", ["", "\n  \n"])
def test_an_empty_listing_says_so(tmp_path: Path, contents: str) -> None:
    path = tmp_path / "2025-01-10_listing.txt"
    path.write_text(contents, encoding="utf-8")
    with pytest.raises(PapersiteError) as error:
        read_listing(path)
    (problem,) = error.value.problems
    assert (problem.path, problem.line, problem.message) == (str(path), 1, "the listing is empty")


@pytest.mark.parametrize("contents", list(UNKNOWN.values()), ids=list(UNKNOWN))
def test_unknown_layout_is_an_error_naming_the_file(tmp_path: Path, contents: str) -> None:
    path = tmp_path / "2025-01-10_listing.dat"
    path.write_text(contents, encoding="utf-8")
    with pytest.raises(PapersiteError) as error:
        read_listing(path)
    (problem,) = error.value.problems
    assert (problem.path, problem.line) == (str(path), 1)
    assert "unknown listing layout" in problem.message
    assert all(reader.name in problem.hint for reader in READERS)


# ---------------------------------------------------------------- 1. HF daily-papers JSON


@pytest.fixture(scope="module")
def hf_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(HF_JSON.read_text(encoding="utf-8"))
    return items


def test_hf_json_reads_every_item_with_the_file_names_day(
    hf_items: list[dict[str, Any]],
) -> None:
    listing = read_listing(HF_JSON)
    assert listing.day == date(2024, 5, 27)
    assert listing.problems == ()
    assert len(listing.entries) == len(hf_items) == 13
    # The display titles, not the arXiv ones with their "\n  " wraps.
    assert [e.title for e in listing.entries] == [item["title"] for item in hf_items]
    papers = [item["paper"] for item in hf_items]
    assert [e.arxiv_id for e in listing.entries] == [p["id"] for p in papers]
    assert [e.upvotes for e in listing.entries] == [p["upvotes"] for p in papers]
    assert [e.abstract for e in listing.entries] == [unwrap(p["summary"]) for p in papers]
    # Every item opens with "    {" in the pretty-printed file.
    lines = HF_JSON.read_text(encoding="utf-8").split("\n")
    assert [e.line for e in listing.entries] == [n for n, s in enumerate(lines, 1) if s == "    {"]
    assert all(e.day is None for e in listing.entries)


def test_hf_json_first_item_in_detail() -> None:
    first = read_listing(HF_JSON).entries[0]
    assert first.title == (
        "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models"
    )
    assert first.arxiv_id == "2405.15738"
    assert first.line == 2
    assert first.published == date(2024, 5, 24)  # paper.publishedAt 2024-05-24T17:34:15.000Z
    assert first.upvotes == 32
    assert first.authors == (
        "Chunjiang Ge",
        "Sijie Cheng",
        "Ziming Wang",
        "Jiale Yuan",
        "Yuan Gao",
        "Jun Song",
        "Shiji Song",
        "Gao Huang",
        "Bo Zheng",
    )
    assert first.abstract.startswith(
        "High-resolution Large Multimodal Models (LMMs) encounter the challenges of "
        "excessive visual tokens"
    )
    assert first.abstract.endswith("https://github.com/alibaba/conv-llava.")
    assert first.code == () and first.project_page is None


def test_hf_json_keeps_latex_in_the_display_title() -> None:
    titles = [entry.title for entry in read_listing(HF_JSON).entries]
    assert "AutoCoder: Enhancing Code Large Language Model with \\textsc{AIEV-Instruct}" in titles


def test_hf_json_takes_github_and_project_page(tmp_path: Path) -> None:
    item = {
        "paper": {
            "id": "2503.01785v2",
            "title": "Visual-RFT: Visual Reinforcement Fine-Tuning",
            "summary": "Reinforcement Fine-Tuning (RFT)\nin Large Reasoning Models.",
            "authors": [{"name": "Ziyu Liu"}, {"name": " Zeyi  Sun\n"}, {"_id": "x"}],
            "publishedAt": "2025-03-03T18:16:32.000Z",
            "upvotes": 24,
            "githubRepo": "https://github.com/Liuziyu77/Visual-RFT",
            "projectPage": "https://example.org/visual-rft",
        },
        "title": "Visual-RFT: Visual Reinforcement Fine-Tuning",
    }
    path = tmp_path / "2025-03-04.json"
    path.write_text(json.dumps([item], indent=2), encoding="utf-8")
    (entry,) = read_listing(path).entries
    assert entry.arxiv_id == "2503.01785"
    assert entry.code == ("https://github.com/Liuziyu77/Visual-RFT",)
    assert entry.project_page == "https://example.org/visual-rft"
    assert entry.authors == ("Ziyu Liu", "Zeyi  Sun")
    assert entry.abstract == "Reinforcement Fine-Tuning (RFT) in Large Reasoning Models."


def test_hf_json_without_a_date_in_the_name_has_no_day(tmp_path: Path) -> None:
    path = tmp_path / "daily_papers.json"
    shutil.copy(HF_JSON, path)
    assert read_listing(path).day is None


# ---------------------------------------------------------------- 2. its broken variant


def test_hf_repr_wrapper_items_are_read_safely() -> None:
    wrapper = json.loads(HF_REPR.read_text(encoding="utf-8"))
    expected = [ast.literal_eval(item) for item in wrapper["data"]]
    listing = read_listing(HF_REPR)
    assert listing.day == date(2025, 1, 10)
    assert listing.problems == ()
    assert len(listing.entries) == wrapper["count"] == 9
    assert [e.title for e in listing.entries] == [item["title"] for item in expected]
    assert [e.arxiv_id for e in listing.entries] == [item["paper"]["id"] for item in expected]
    # One item a line, from line 6 (after '{', status, date, count and '"data": [').
    assert [e.line for e in listing.entries] == list(range(6, 15))
    first = listing.entries[0]
    assert first.title == "The GAN is dead; long live the GAN! A Modern GAN Baseline"
    assert first.upvotes == 51
    assert first.published == date(2025, 1, 9)
    assert first.authors == ("Yiwen Huang", "Aaron Gokaslan", "Volodymyr Kuleshov", "James Tompkin")
    assert listing.entries[-1].authors[0] == "Şaziye Betül Özateş"


def test_hf_repr_wrapper_date_wins_over_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "2025-01-11.json"
    shutil.copy(HF_REPR, path)
    assert read_listing(path).day == date(2025, 1, 10)


def test_hf_mixed_list_skips_unreadable_items_with_their_line(tmp_path: Path) -> None:
    good_dict = json.loads(HF_JSON.read_text(encoding="utf-8"))[0]
    good_repr = json.loads(HF_REPR.read_text(encoding="utf-8"))["data"][0]
    marker = tmp_path / "pwned"
    items = [
        good_dict,
        good_repr,
        "{'paper': {'id': '2501.00001', 'publishedAt': datetime(2025, 1, 1)}}",
        f"{{'paper': __import__('os').system('touch {marker}')}}",
        42,
        {"paper": {"id": "2501.00002", "title": "No abstract", "summary": None}},
    ]
    path = tmp_path / "2024-12-11.json"
    path.write_text("[\n" + ",\n".join(json.dumps(item) for item in items) + "\n]\n", "utf-8")
    listing = read_listing(path)
    assert [e.arxiv_id for e in listing.entries] == ["2405.15738", "2501.05441", "2501.00002"]
    assert [e.line for e in listing.entries] == [2, 3, 7]
    assert listing.entries[2].abstract == ""  # a paper without abstract is still a paper
    assert [p.line for p in listing.problems] == [4, 5, 6]
    assert all(p.path == str(path) for p in listing.problems)
    assert "not a readable Python literal" in listing.problems[0].message
    assert not marker.exists()
    assert listing.day == date(2024, 12, 11)


def test_hf_json_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = HF_JSON.read_text(encoding="utf-8")
    broken = text.replace('"upvotes": 32', '"upvotes": 32,,', 1)
    line = text[: text.index('"upvotes": 32')].count("\n") + 1
    path = tmp_path / "2024-05-27.json"
    path.write_text(broken, encoding="utf-8")
    # A broken file no longer looks like JSON of any layout...
    assert not HfDailyJsonReader().detect(broken)
    # ...and read directly it says where.
    with pytest.raises(PapersiteError) as error:
        HfDailyJsonReader().read(broken, str(path), None)
    (problem,) = error.value.problems
    assert (problem.path, problem.line) == (str(path), line)
    assert "not valid JSON" in problem.message


# ---------------------------------------------------------------- 3. HF trending page markdown


@pytest.fixture(scope="module")
def hf_page() -> ReadListing:
    return read_listing(HF_PAGE)


def test_hf_page_reads_each_duplicated_card_once(hf_page: ReadListing) -> None:
    text = HF_PAGE.read_text(encoding="utf-8")
    headings = re.findall(r"^### \[.*\]\(https://huggingface\.co/papers/(\S+)\)$", text, re.M)
    assert len(headings) == 10
    assert [e.arxiv_id for e in hf_page.entries] == list(dict.fromkeys(headings))
    assert len(hf_page.entries) == 5
    assert hf_page.problems == ()
    # The first of each pair of "### [" lines.
    assert [e.line for e in hf_page.entries] == [53, 104, 153, 222, 277]


def test_hf_page_entries(hf_page: ReadListing) -> None:
    assert [e.title for e in hf_page.entries] == [
        "Kandinsky 6.0 Video: Foundation Models for Synchronized Video and Audio Generation",
        "The Other Half of the Memory Wall: Serving 35B MoEs from SSD with Trained Routing "
        "Prediction",
        "TradingAgents: Multi-Agents LLM Financial Trading Framework",
        "UniMate: One Unified Model to Animate Diverse Skeletons",
        "VisionHOPE: Visual Backbones as Self-Modifying Learning Systems",
    ]
    # "[Upvote\n\n117](...)" and so on.
    assert [e.upvotes for e in hf_page.entries] == [117, 25, 149, 22, 323]
    # "· Published on Oct 4, 2026" and so on.
    assert [e.published for e in hf_page.entries] == [
        date(2026, 10, 4),
        date(2026, 9, 16),
        date(2024, 12, 28),
        date(2026, 9, 4),
        date(2026, 9, 27),
    ]
    assert [e.code for e in hf_page.entries] == [
        ("https://github.com/kandinskylab/kandinsky-6",),
        ("https://github.com/Edge0-AI/edge0",),
        ("https://github.com/tauricresearch/tradingagents",),
        ("https://github.com/Friedrich-M/UniMate",),
        ("https://github.com/PSRben/VisionHOPE",),
    ]
    assert hf_page.day is None  # "2026" in the name is a year, not a day
    assert all(e.day is None for e in hf_page.entries)


def test_hf_page_abstracts_are_the_card_paragraph_only(hf_page: ReadListing) -> None:
    trading = hf_page.entries[2]
    assert trading.abstract == (
        "A multi-agent framework using large language models for stock trading simulates "
        "real-world trading firms, improving performance metrics like cumulative returns "
        "and Sharpe ratio."
    )
    # The Edge0 abstract is wrapped once in the page.
    assert "On a single 24GB machine, Edge0 serves a 35B MoE" in hf_page.entries[1].abstract
    for entry in hf_page.entries:
        assert "图片" not in entry.abstract and "图片" not in entry.title
        assert "Published on" not in entry.abstract
        assert "Upvote" not in entry.abstract


# Two copies of a card from later in the original page, where the link text wraps
# onto a second line; the abstract is shortened, and the mobile copy's count changed
# to show that the first copy's value is kept.
WRAPPED_CARDS = """\
<a id="source-section-15"></a>

### [OpenDevin: An Open Platform for AI Software Developers as Generalist
Agents](https://huggingface.co/papers/2407.16741)


OpenDevin is a platform for developing AI agents that interact with the world.


- [图片：无替代文本]

- 24 authors

· Published on Jul 23, 2024


[Upvote

90](https://huggingface.co/login?next=%2Fpapers%2F2407.16741)

[GitHub 90.1k](https://github.com/opendevin/opendevin) [arXiv Page](https://arxiv.org/abs/2407.16741)


<a id="source-section-16"></a>

### [OpenDevin: An Open Platform for AI Software Developers as Generalist
Agents](https://huggingface.co/papers/2407.16741)


OpenDevin is a platform for developing AI agents that interact with the world.


· Jul 23, 2024


[Upvote

1.2k](https://huggingface.co/login?next=%2Fpapers%2F2407.16741)
"""


def test_hf_page_title_wrapped_inside_the_link() -> None:
    source = "2026-10-05_trending.md"
    listing = detect_reader(WRAPPED_CARDS, source).read(WRAPPED_CARDS, source, None)
    (entry,) = listing.entries
    assert entry.title == (
        "OpenDevin: An Open Platform for AI Software Developers as Generalist Agents"
    )
    assert entry.line == 3
    assert entry.arxiv_id == "2407.16741"
    assert entry.upvotes == 90  # the first card's count
    assert entry.code == ("https://github.com/opendevin/opendevin",)
    assert listing.day == date(2026, 10, 5)


@pytest.mark.parametrize(
    ("shown", "count"), [("117", 117), ("3.29k", 3290), ("1,204", 1204), ("2M", 2_000_000)]
)
def test_upvote_counts_as_the_page_shows_them(shown: str, count: int) -> None:
    text = f"### [T](https://huggingface.co/papers/2501.00001)\n\nA.\n\n[Upvote\n\n{shown}](x)\n"
    (entry,) = HfTrendingMarkdownReader().read(text, "page.md", None).entries
    assert entry.upvotes == count


def test_hf_page_card_without_abstract_is_a_paper_without_abstract() -> None:
    text = (
        "### [Empty Card](https://huggingface.co/papers/2501.00001)\n\n- 3 authors\n\n"
        "### [Full Card](https://huggingface.co/papers/2501.00002)\n\nIts summary.\n"
    )
    listing = HfTrendingMarkdownReader().read(text, "page.md", None)
    assert [(e.title, e.abstract, e.line) for e in listing.entries] == [
        ("Empty Card", "", 1),
        ("Full Card", "Its summary.", 5),
    ]
    assert listing.problems == ()


# ---------------------------------------------------------------- 4. <details> digest


@pytest.fixture(scope="module")
def digest() -> ReadListing:
    return read_listing(DIGEST)


def test_digest_reads_every_card(digest: ReadListing) -> None:
    text = DIGEST.read_text(encoding="utf-8")
    summaries = re.findall(r"^<summary><b>\d+\. (.*)</b> ⭐ (\d+)</summary>$", text, re.M)
    assert len(summaries) == 26
    # Two cards say "> No abstract available.": papers without abstract, at their lines.
    no_abstract = {
        "EXIMO: VLM Guided Exploration of VLA Policies",
        "Listening Forward: Next Patch Embedding Prediction Enables Scalable Audio Learners",
    }
    expected = [(title, int(stars)) for title, stars in summaries]
    assert [(e.title, e.upvotes) for e in digest.entries] == expected
    assert {e.title: e.line for e in digest.entries if not e.abstract} == {
        title: line for title, line in zip(sorted(no_abstract), (264, 441), strict=True)
    }
    assert digest.problems == ()
    # "**Last Updated:** August 22, 2026"
    assert digest.day == date(2026, 8, 22)


def test_digest_first_card(digest: ReadListing) -> None:
    first = digest.entries[0]
    assert first.title == "EnvHarness: Awakening Static Worlds for Agent Learning"
    assert first.line == 121
    assert first.upvotes == 66
    assert first.arxiv_id == "2608.19880"
    # The scraper's placeholder "https://github.com/huggingface" is no repository.
    assert first.code == ("https://github.com/google-research/envharness",)
    assert first.abstract == "webpage: https://envharness.com/ code are all released."
    assert first.authors == ()


def test_digest_authors_and_unicode(digest: ReadListing) -> None:
    by_title = {e.title.split(":")[0]: e for e in digest.entries}
    assert by_title["GOAG"].authors == (
        "Liming Chen",
        "Mathieu Grossard",
        "Boris Meden",
        "JulienMERAND",
    )
    tau = by_title["τ_0-VLA"]
    assert tau.upvotes == 514
    assert tau.abstract.startswith("🤖 What if a robot could compare possible futures")
    assert tau.code == ("https://github.com/sii-research/tau-0-vla",)


def test_digest_unescapes_entities() -> None:
    text = (
        "<details>\n<summary><b>1. Q&amp;A &lt;Bench&gt; &#8212; done</b> ⭐ 1,204</summary>\n\n"
        "**🔗 Links:** [🤗 HuggingFace](https://huggingface.co/papers/2501.00003)\n\n"
        "**🌐 Project:** [Page](https://example.org/qa)\n\n"
        "> A &quot;quoted&quot; blurb\n> on two lines.\n\n</details>\n"
    )
    (entry,) = DetailsDigestReader().read(text, "README.md", None).entries
    assert entry.title == "Q&A <Bench> — done"
    assert entry.upvotes == 1204
    assert entry.abstract == 'A "quoted" blurb on two lines.'
    assert entry.project_page == "https://example.org/qa"
    assert entry.arxiv_id == "2501.00003"


# ---------------------------------------------------------------- 5. Jekyll paper page


TAP_TITLE = "TaP: A Taxonomy-Guided Framework for Automated and Scalable Preference Data Generation"


def test_jekyll_page() -> None:
    listing = read_listing(JEKYLL)
    (entry,) = listing.entries
    assert entry.title == TAP_TITLE
    assert entry.line == 3  # "title: TaP: ..." (not valid YAML, read as typed)
    assert entry.arxiv_id == "2506.23979"
    assert entry.published == date(2025, 12, 18)  # "**发布日期**: 2025-12-18"
    assert listing.day == date(2025, 12, 16)  # docs/cs-CL/2025-12-16/... in the path
    text = JEKYLL.read_text(encoding="utf-8")
    authors = re.search(r"^\*\*作者\*\*: (.*)$", text, re.M)
    assert authors is not None
    assert entry.authors == tuple(authors[1].split(", "))
    assert len(entry.authors) == 12
    quote = re.search(r"^> (.*)$", text, re.M)
    assert quote is not None
    assert entry.abstract == quote[1]
    assert "\\underline{\\textbf{Ta}}xonomy-Guided \\underline{\\textbf{P}}reference" in (
        entry.abstract
    )


def test_jekyll_page_agrees_with_the_corpus_record() -> None:
    (page,) = read_listing(JEKYLL).entries
    (record,) = [e for e in read_listing(JSONL).entries if e.arxiv_id == "2506.23979"]
    assert (page.title, page.abstract, page.authors) == (
        record.title,
        record.abstract,
        record.authors,
    )


def test_jekyll_day_from_a_dated_folder_or_the_front_matter(tmp_path: Path) -> None:
    text = JEKYLL.read_text(encoding="utf-8")
    folder = tmp_path / "docs" / "cs-CL" / "2025-12-16" / "papers"
    folder.mkdir(parents=True)
    (folder / "250623979-tap.md").write_text(text, encoding="utf-8")
    assert read_listing(folder / "250623979-tap.md").day == date(2025, 12, 16)
    dated = text.replace("layout: default\n", "layout: default\ndate: 2025-12-20\n", 1)
    (folder / "dated.md").write_text(dated, encoding="utf-8")
    assert read_listing(folder / "dated.md").day == date(2025, 12, 20)
    (tmp_path / "undated.md").write_text(text, encoding="utf-8")
    assert read_listing(tmp_path / "undated.md").day is None


def test_jekyll_valid_yaml_and_crlf_read_alike(tmp_path: Path) -> None:
    text = JEKYLL.read_text(encoding="utf-8")
    quoted = text.replace(f"title: {TAP_TITLE}", f'title: "{TAP_TITLE}"', 1)
    path = tmp_path / "2025-12-16_tap.md"
    path.write_bytes(quoted.replace("\n", "\r\n").encode("utf-8"))
    (entry,) = read_listing(path).entries
    (original,) = read_listing(JEKYLL).entries
    assert entry == replace(original, source=str(path))


def test_jekyll_page_without_abstract_is_a_paper_without_abstract(tmp_path: Path) -> None:
    text = JEKYLL.read_text(encoding="utf-8")
    # An empty quote where the abstract was: the page is still this layout.
    cut = re.sub(r"^> .*$", ">", text, flags=re.M)
    path = tmp_path / "2025-12-16_tap.md"
    path.write_text(cut, encoding="utf-8")
    (entry,) = read_listing(path).entries
    assert (entry.line, entry.abstract) == (3, "")


# ---------------------------------------------------------------- 6. JSON Lines corpus


@pytest.fixture(scope="module")
def corpus() -> ReadListing:
    return read_listing(JSONL)


def jsonl_records() -> dict[int, dict[str, Any]]:
    """The fixture's decodable object lines by line number, read with json."""
    records = {}
    for number, line in enumerate(JSONL.read_text(encoding="utf-8").split("\n"), 1):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            records[number] = value
    return records


def test_jsonl_counts_and_problems(corpus: ReadListing) -> None:
    assert corpus.day is None
    assert len(corpus.entries) == 30
    # 4: a record cut mid-way; 23: a JSON list.
    assert [p.line for p in corpus.problems] == [4, 23]
    assert "not valid JSON" in corpus.problems[0].message
    assert "not an object" in corpus.problems[1].message
    # 25, 31: abstract null; 29: abstract "": papers whose pages say it is missing.
    assert [e.line for e in corpus.entries if not e.abstract] == [25, 29, 31]


def test_jsonl_fields_match_the_records(corpus: ReadListing) -> None:
    records = jsonl_records()
    by_line = {e.line: e for e in corpus.entries}
    assert set(by_line) == set(records)
    for number, entry in by_line.items():
        record = records[number]
        assert entry.arxiv_id == record["arxiv_id"]
        assert entry.authors == tuple(record["authors"])
        assert entry.upvotes == record.get("upvotes")
        listing_date = record.get("listing_date")
        assert entry.day == (date.fromisoformat(listing_date) if listing_date else None)
        published = record.get("published")
        assert entry.published == (date.fromisoformat(published[:10]) if published else None)
        assert "\n" not in entry.title


def test_jsonl_messy_records(corpus: ReadListing) -> None:
    by_id = {e.arxiv_id: e for e in corpus.entries}
    # An arXiv hard wrap in the title: "...with Sparse\n  Autoencoders".
    assert by_id["2503.03601"].title == (
        "Feature-Level Insights into Artificial Text Detection with Sparse Autoencoders"
    )
    assert by_id["2405.17258"].title.startswith("$\\textit{Trans-LoRA}$: towards data-free")
    assert by_id["2406.07496"].title == 'TextGrad: Automatic "Differentiation" via Text'
    # U+0002 inside "audio\u0002text" is dropped; nothing else is touched.
    assert "HeartCLAP, an audiotext alignment model" in by_id["2601.10547"].abstract
    assert not any(ord(c) < 32 and c != "\n" for e in corpus.entries for c in e.abstract)
    # An emoji ZWJ sequence stays whole.
    assert by_id["2601.12937"].abstract.startswith("🧑\u200d⚖️📄 This paper shows")
    # No listing_date (PaperExplorer): no day.
    assert by_id["2402.16107"].day is None
    assert by_id["2402.16107"].published == date(2024, 2, 25)


def test_jsonl_code_and_project_pages(corpus: ReadListing) -> None:
    by_id = {e.arxiv_id: e for e in corpus.entries}
    assert by_id["2503.01785"].code == ("https://github.com/Liuziyu77/Visual-RFT",)
    assert by_id["2503.01785"].project_page == "https://github.com/Liuziyu77/Visual-RFT"
    # code_links [{"url": "https://jcorsetti.github.io/oryon", "type": "project_page"}]
    assert by_id["2312.00690"].code == ()
    assert by_id["2312.00690"].project_page == "https://jcorsetti.github.io/oryon"
    assert by_id["2608.19880"].code == ("https://github.com/google-research/envharness",)
    assert by_id["2608.19880"].project_page == "https://envharness.com/"


def test_jsonl_keeps_organisation_ai_summary_and_category(corpus: ReadListing) -> None:
    records = jsonl_records()
    by_id = {e.arxiv_id: e for e in corpus.entries}
    for number, entry in {e.line: e for e in corpus.entries}.items():
        assert entry.organization == records[number].get("organization")
        assert entry.ai_summary == records[number].get("ai_summary")
    assert by_id["2512.13961"].organization == "Ai2"
    assert by_id["2312.00690"].arxiv_category == "cs.CV"
    assert by_id["2506.23979"].arxiv_category == "cs.CL"
    assert by_id["2312.00690"].doi is None


def test_jsonl_doi_journal_and_primary_category() -> None:
    record = {
        "title": "T",
        "abstract": "A",
        "arxiv_id": "2201.00001",
        "categories": ["cs.RO", "cs.CV"],
        "doi": "https://doi.org/10.1109/LRA.2022.3141829",
        "journal_ref": "IEEE Robotics and Automation Letters,\n vol. 7",
    }
    (entry,) = PapersJsonlReader().read(json.dumps(record), "x.jsonl", None).entries
    # arXiv lists the primary category first.
    assert entry.arxiv_category == "cs.RO"
    assert entry.doi == "10.1109/LRA.2022.3141829"
    assert entry.journal == "IEEE Robotics and Automation Letters, vol. 7"
    odd = {**record, "categories": "not a category!", "doi": "10.12/has space"}
    (entry,) = PapersJsonlReader().read(json.dumps(odd), "x.jsonl", None).entries
    assert (entry.arxiv_category, entry.doi) == (None, None)


def test_hf_json_takes_organisation_and_ai_summary(tmp_path: Path) -> None:
    item = {
        "paper": {
            "id": "2505.15277",
            "title": "Web-Shepherd",
            "summary": "S.",
            "ai_summary": " One sentence\nof summary. ",
            "organization": {"_id": "o", "name": "ByteDance-Seed", "fullname": "ByteDance Seed"},
        },
        "title": "Web-Shepherd",
    }
    path = tmp_path / "2025-05-22.json"
    handle_only = {**item, "paper": {**item["paper"], "organization": {"name": "Ai2"}}}
    path.write_text(json.dumps([item, handle_only]), encoding="utf-8")
    first, second = read_listing(path).entries
    assert (first.organization, first.ai_summary) == ("ByteDance Seed", "One sentence of summary.")
    assert second.organization == "Ai2"


def test_jsonl_odd_values_are_problems_or_ignored() -> None:
    lines = [
        {"title": "A", "abstract": "B", "listing_date": "2025-02-30"},
        {"title": "C", "abstract": ["not", "text"]},
        {"title": "", "abstract": "D"},
        {
            "title": "E",
            "abstract": "F",
            "arxiv_id": "not an id",
            "authors": "Ann",
            "upvotes": True,
            "github": "https://github.com/huggingface",
            "code_links": [{"url": "https://github.com/a/b", "type": "github"}, "junk"],
        },
    ]
    text = "\n".join(json.dumps(line) for line in lines) + "\n"
    listing = PapersJsonlReader().read(text, "corpus.jsonl", None)
    assert [p.line for p in listing.problems] == [1, 2, 3]
    (entry,) = listing.entries
    assert (entry.arxiv_id, entry.authors, entry.upvotes) == (None, (), None)
    assert entry.code == ("https://github.com/a/b",)


def test_jsonl_reads_twenty_thousand_records_quickly(tmp_path: Path) -> None:
    line = JSONL.read_text(encoding="utf-8").split("\n")[0]
    path = tmp_path / "big.jsonl"
    path.write_text((line + "\n") * 20_000, encoding="utf-8")
    start = time.perf_counter()
    listing = read_listing(path)
    elapsed = time.perf_counter() - start
    assert len(listing.entries) == 20_000
    # The real 19,275-line corpus reads in about a second; this leaves room for slow CI.
    assert elapsed < 10


# ---------------------------------------------------------------- any input at all


def check_result(result: ReadListing, text: str, source: str) -> None:
    """Assert what every ReadListing promises, whatever the input was."""
    line_count = len(re.split(r"\r\n|\r|\n", text))
    assert result.source == source
    for entry in result.entries:
        assert entry.source == source
        assert 1 <= entry.line <= line_count
        assert entry.title and "\n" not in entry.title and entry.title == entry.title.strip()
        assert entry.abstract == entry.abstract.strip()
    for problem in result.problems:
        assert problem.path == source and 1 <= problem.line <= line_count


FRAGMENTS = [
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    '"paper"',
    '"title"',
    '"summary"',
    '"data"',
    '"date"',
    '"status"',
    '"2025-01-10"',
    '"x"',
    "null",
    "42",
    "{'paper': {'id': '2501.05441', 'summary': 'S', 'title': 'T'}}",
    "\"{'paper': {}}\"",
    '{"title": "T", "abstract": "A", "listing_date": "2025-01-10"}',
    "### [",
    "](https://huggingface.co/papers/2412.20138)",
    "[Upvote\n\n",
    "· Published on Oct 4, 2026",
    "[图片：无替代文本]",
    "<details>",
    "</details>",
    "<summary><b>1. ",
    "</b> ⭐ 3</summary>",
    "> ",
    "&amp;",
    "<![ x ]>",
    "---\n",
    "title: A: B\n",
    "date: 2025-13-45\n",
    "https://arxiv.org/abs/2506.23979",
    "**作者**: A, B",
    "Mar 11",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "Title",
    "\x00",
    "\u2028",
]
layout_like = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_text = st.one_of(st.text(), layout_like)


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.name)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text)
def test_every_reader_reads_or_refuses_any_text(reader: Reader, text: str) -> None:
    source = "2025-01-10_listing.txt"
    try:
        result = reader.read(text, source, None)
    except PapersiteError as error:
        assert error.problems and all(p.path == source for p in error.problems)
        return
    check_result(result, text, source)


REAL_TEXTS = {path.name: path.read_text(encoding="utf-8") for path in LAYOUTS}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_real_files_are_read_or_refused(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(REAL_TEXTS)))
    text = REAL_TEXTS[name]
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 400)))
    damaged = text[:start] + data.draw(any_text) + text[end:]
    source = f"2025-01-10_{name}"
    try:
        reader = detect_reader(damaged, source)
        result = reader.read(damaged, source, None)
    except PapersiteError as error:
        assert error.problems and all(p.path == source for p in error.problems)
        return
    check_result(result, damaged, source)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text)
def test_detect_reader_returns_a_reader_or_refuses(text: str) -> None:
    try:
        reader = detect_reader(text, "listing.txt")
    except PapersiteError as error:
        (problem,) = error.problems
        assert (problem.path, problem.line) == ("listing.txt", 1)
        return
    assert reader in READERS
    assert reader.detect(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contents=st.one_of(st.binary(), layout_like.map(lambda text: text.encode("utf-8"))))
def test_read_listing_of_any_bytes_reads_or_refuses(contents: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2025-01-10_listing.txt"
        path.write_bytes(contents)
        try:
            result = read_listing(path)
        except PapersiteError as error:
            assert error.problems and all(p.path == str(path) for p in error.problems)
            return
        check_result(result, contents.decode("utf-8-sig"), str(path))
