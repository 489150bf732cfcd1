"""Issue 16: every record of a listing becomes the right page or a report line.

Each test ingests a small listing into an empty project, as a maintainer would, and
looks at the paper files, the day file, the ingest report and the built pages.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator import pipeline
from generator.config import Project
from generator.errors import PapersiteError
from generator.ingest.listing import INGEST_REPORT
from generator.model import Listing
from generator.sources import store
from tests.conftest import FIXTURES, copy_project, write_tree

SUSPECT = FIXTURES / "raw" / "suspect_abstracts.jsonl"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "site", content=False)


def listing(project: Project, name: str, text: str) -> Path:
    return write_tree(project.root, {f"content/listings/{name}": text})[f"content/listings/{name}"]


def day_papers(project: Project, day: str) -> list[str]:
    data = yaml.safe_load((project.days_dir / f"{day}.yml").read_text(encoding="utf-8"))
    return list(data["papers"])


def report_text(project: Project) -> str:
    return (project.root / INGEST_REPORT).read_text(encoding="utf-8")


def page(project: Project, slug: str) -> str:
    return (project.docs_dir / "papers" / f"{slug}.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- one paper per real paper


def test_a_title_match_with_another_abstract_is_a_new_paper_with_its_own_slug(
    project: Project,
) -> None:
    first = listing(
        project,
        "2025-04-01_a.txt",
        "Apr 1\n\nFuseChat: Knowledge Fusion of Chat Models\n\n"
        "We fuse chat models of different architectures into one by knowledge fusion.\n",
    )
    second = listing(
        project,
        "2025-04-02_b.txt",
        "Apr 2\n\nFuseChat: knowledge fusion of chat models\n\n"
        "A merging method for pairwise fusion of source LLMs into a target model.\n",
    )
    pipeline.ingest(project, first)
    report = pipeline.ingest(project, second)
    assert len(report.new) == 1 and report.merged == []
    assert day_papers(project, "2025-04-01") != day_papers(project, "2025-04-02")
    assert len(list(project.papers_dir.glob("fusechat-*.md"))) == 2


def test_the_same_title_and_abstract_on_another_day_is_the_same_paper(project: Project) -> None:
    abstract = "We fuse chat models of different architectures into one by knowledge fusion."
    pipeline.ingest(
        project, listing(project, "2025-04-01_a.txt", f"Apr 1\n\nFuseChat\n\n{abstract}\n")
    )
    report = pipeline.ingest(
        project, listing(project, "2025-04-02_b.txt", f"Apr 2\n\nFuseChat\n\n{abstract}\n")
    )
    assert report.new == [] and report.updated == ["fusechat"]
    assert day_papers(project, "2025-04-02") == ["fusechat"]


def test_listed_as_in_a_day_file_does_not_merge_a_new_paper_silently(project: Project) -> None:
    pipeline.ingest(
        project,
        listing(project, "2025-04-01_a.txt", "Apr 1\n\nOld Name\n\nAn abstract about graphs.\n"),
    )
    # A day file says the listing called this paper "Pointer Networks".
    day = project.days_dir / "2025-04-01.yml"
    data = yaml.safe_load(day.read_text())
    data["listed_as"] = {"old-name": "Pointer Networks"}
    day.write_text(store.dump_yaml(data))
    report = pipeline.ingest(
        project,
        listing(
            project,
            "2025-04-02_b.txt",
            "Apr 2\n\nPointer Networks\n\nOutputs that are positions in the input sequence.\n",
        ),
    )
    assert report.new == ["pointer-networks"]
    assert report.merged == []


def test_an_arxiv_id_set_by_a_person_merges_a_new_record_only_with_a_report_line(
    project: Project,
) -> None:
    pipeline.ingest(
        project,
        listing(project, "2025-04-01_a.txt", "Apr 1\n\nOld Name\n\nAn abstract about graphs.\n"),
    )
    path = project.papers_dir / "old-name.md"
    path.write_text(
        path.read_text().replace("slug: old-name\n", "slug: old-name\narxiv_id: '2405.17258'\n")
    )
    record = {
        "title": "Trans-LoRA: Towards Data-free Transferable Parameter Efficient Finetuning",
        "abstract": "Low-rank adapters enable parameter-efficient fine-tuning.",
        "arxiv_id": "2405.17258",
        "listing_date": "2025-04-02",
    }
    source = listing(project, "records.jsonl", json.dumps(record) + "\n")
    report = pipeline.ingest(project, source)
    assert report.new == []
    (merged,) = report.merged
    # Both places: the record's line and the paper file it was taken as.
    assert (merged.path, merged.line) == (str(source), 1)
    assert "content/papers/old-name.md:2" in merged.message
    assert "the same arXiv id" in merged.message
    assert f"merged: {source}:1: " in report_text(project)


# ---------------------------------------------------------------- days


def test_a_listing_without_a_day_is_refused(project: Project) -> None:
    """The HF trending markdown export saved without a date in its name."""
    source = listing(
        project,
        "trending.md",
        "### [A Paper](https://huggingface.co/papers/2501.00001)\n\nIts summary.\n",
    )
    with pytest.raises(PapersiteError) as error:
        pipeline.ingest(project, source)
    (problem,) = error.value.problems
    assert (problem.path, problem.line) == (str(source), 1)
    assert "no day" in problem.message and "file name" in problem.hint
    assert not project.papers_dir.exists() or not any(project.papers_dir.iterdir())


def test_a_record_without_a_day_in_a_dated_file_is_reported(project: Project) -> None:
    records = [
        {"title": "Dated", "abstract": "An abstract.", "listing_date": "2025-04-01"},
        {"title": "Undated", "abstract": "Another abstract."},
    ]
    source = listing(project, "records.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    report = pipeline.ingest(project, source)
    assert report.new == ["dated"]
    (skipped,) = report.skipped
    assert (skipped.line, "no listing day" in skipped.message) == (2, True)


UNDATED_AND_DATED = "".join(
    json.dumps(record) + "\n"
    for record in [
        {"title": "Undated", "abstract": "An abstract about graphs and their uses."},
        {"title": "Dated", "abstract": "An abstract about trees.", "listing_date": "2025-04-01"},
    ]
)


def test_a_json_lines_record_without_a_day_takes_the_date_in_the_file_name(
    project: Project,
) -> None:
    """As every single-day layout: the day in the name is the listing's day."""
    source = listing(project, "2025-04-03_papers.jsonl", UNDATED_AND_DATED)
    report = pipeline.ingest(project, source)
    assert sorted(report.new) == ["dated", "undated"] and report.skipped == []
    assert report.days == [date(2025, 4, 1), date(2025, 4, 3)]
    assert day_papers(project, "2025-04-03") == ["undated"]
    assert day_papers(project, "2025-04-01") == ["dated"]
    assert report_text(project).splitlines()[0].endswith("days 2025-04-01, 2025-04-03")


def test_a_multi_day_json_lines_listing_ingested_again_changes_nothing(
    project: Project,
) -> None:
    source = listing(project, "2025-04-03_papers.jsonl", UNDATED_AND_DATED)
    pipeline.ingest(project, source)
    before = {path.name: path.read_bytes() for path in project.content.rglob("*.*")}
    report = pipeline.ingest(project, source)
    assert report.new == report.updated == [] and sorted(report.unchanged) == ["dated", "undated"]
    assert {path.name: path.read_bytes() for path in project.content.rglob("*.*")} == before


def test_reingesting_a_text_listing_with_another_year_adds_no_second_day(
    project: Project,
) -> None:
    source = listing(project, "trending.txt", "Mar 11\n\nA Paper\n\nAn abstract.\n")
    pipeline.ingest(project, source, year=2025)
    with pytest.raises(PapersiteError) as error:
        pipeline.ingest(project, source, year=2024)
    (problem,) = error.value.problems
    assert "2025-03-11" in problem.message and "--year 2025" in problem.hint
    assert sorted(path.name for path in project.days_dir.iterdir()) == ["2025-03-11.yml"]
    pipeline.ingest(project, source, year=2025)  # the same year again is fine


def test_a_second_day_file_for_one_day_is_an_error(tmp_path: Path) -> None:
    files = write_tree(
        tmp_path,
        {
            "days/2025-03-11.yml": "day: 2025-03-11\npapers:\n- a\n- b\n",
            "days/zz-shadow.yml": "day: 2025-03-11\npapers:\n- b\n- a\n",
        },
    )
    listings, problems = store.load_days(tmp_path / "days")
    assert listings[next(iter(listings))] == Listing(listings[next(iter(listings))].day, ("a", "b"))
    (problem,) = problems
    assert (problem.path, problem.line) == (str(files["days/zz-shadow.yml"]), 1)
    assert "2025-03-11.yml" in problem.message


# ---------------------------------------------------------------- missing and suspect abstracts


def test_a_title_without_abstract_gets_a_page_that_says_so(project: Project) -> None:
    source = listing(
        project,
        "2025-04-01_a.txt",
        "Apr 1\n\nFirst Paper\n\nThe first abstract.\n\nNo Abstract Paper\n\n"
        "Third Paper\n\nThe third abstract.\n",
    )
    report = pipeline.ingest(project, source)
    assert day_papers(project, "2025-04-01") == ["first-paper", "no-abstract-paper", "third-paper"]
    (line,) = report.no_abstract
    assert (line.path, line.line) == (str(source), 7)
    pipeline.build(project, run_mkdocs=False)
    text = page(project, "no-abstract-paper")
    assert "The abstract is missing." in text
    edit = project.edit_url("content/papers/no-abstract-paper.md")
    assert edit and f'<a href="{edit}">edit content/papers/no-abstract-paper.md</a>' in text
    assert "The abstract is missing." not in page(project, "first-paper")
    day_page = (project.docs_dir / "days" / "2025-04-01.md").read_text()
    positions = [
        day_page.find(f"../../papers/{slug}/") for slug in day_papers(project, "2025-04-01")
    ]
    assert -1 not in positions and positions == sorted(positions)


def test_suspect_abstracts_are_flagged_in_the_report_and_on_the_page(project: Project) -> None:
    """Records of the corpus (``abstract_suspect``, comments, links) as test data."""
    report = pipeline.ingest(project, SUSPECT)
    flagged = {p.line for p in report.suspect}
    # 1: empty (missing, not suspect); 8: a real abstract.
    assert flagged == {2, 3, 4, 5, 6, 7, 9}
    assert {p.line for p in report.no_abstract} == {1}
    text = report_text(project)
    assert f"suspect abstract: {SUSPECT}:9: " in text and "very short" in text
    pipeline.build(project, run_mkdocs=False)
    records = [json.loads(line) for line in SUSPECT.read_text(encoding="utf-8").splitlines()]
    papers, _, _ = store.load_papers(project.papers_dir)
    slug_of = {paper.arxiv_id: slug for slug, paper in papers.items()}
    for number, record in enumerate(records, 1):
        shown = page(project, slug_of[record["arxiv_id"]])
        assert ("This may not be the paper's abstract" in shown) == (number in flagged), number


# ---------------------------------------------------------------- TeX in titles


def test_tex_text_macros_in_titles_show_as_text_on_the_page_and_in_the_url(
    project: Project,
) -> None:
    title = r"\textsc{AIEV-Instruct}: Code with $\mathrm{LLM}$ \emph{Agents}"
    source = listing(project, "2025-04-01_a.txt", f"Apr 1\n\n{title}\n\nAn abstract.\n")
    report = pipeline.ingest(project, source)
    assert report.new == ["aiev-instruct-code-with-llm-agents"]
    pipeline.build(project, run_mkdocs=False)
    text = page(project, "aiev-instruct-code-with-llm-agents")
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    assert "textsc" not in heading and "emph" not in heading
    assert "AIEV" in heading and "Agents" in heading
    # Search shows the title as text too.
    titles = "".join(path.read_text(encoding="utf-8") for path in project.data_dir.rglob("*.json"))
    assert "AIEV-Instruct: Code with" in titles and "textsc" not in titles


def test_index_is_refused_as_a_tag_id(tmp_path: Path) -> None:
    path = write_tree(
        tmp_path,
        {"tags.yml": "- id: index\n  name: Index\n  description: A tag.\n  phrases: [index]\n"},
    )["tags.yml"]
    tags, problems = store.load_tags(path)
    assert tags == ()
    (problem,) = problems
    assert problem.line == 1 and re.search(
        r"'index' is the name of the folder's own page", problem.message
    )
