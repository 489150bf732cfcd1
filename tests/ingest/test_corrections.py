"""Corrections by pull request survive every ingest and build; edit links open sources."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from generator import pipeline
from generator.config import Project
from generator.ingest.listing import INGEST_REPORT
from generator.sources.store import parse_paper
from tests.conftest import REPO, SEED_LISTING, copy_project

LOFIT = "lofit-localized-fine-tuning-on-llm-representations"


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def ingested(tmp_path: Path) -> Project:
    project = copy_project(tmp_path / "site", content=False)
    pipeline.ingest(project, SEED_LISTING)
    return project


def test_same_listing_twice_changes_nothing(ingested: Project) -> None:
    before = files(ingested.content)
    mtimes = {p: p.stat().st_mtime_ns for p in ingested.content.rglob("*") if p.is_file()}
    report = pipeline.ingest(ingested, SEED_LISTING)
    assert report.new == [] and report.updated == []
    assert files(ingested.content) == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_reingest_of_the_repository_leaves_git_status_clean(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "repo")
    git = ["git", "-C", str(project.root), "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "content"], check=True)
    listing = project.listings_dir / SEED_LISTING.name
    pipeline.ingest(project, listing)
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""


def test_corrections_survive_reingest_and_build(ingested: Project) -> None:
    path = ingested.papers_dir / f"{LOFIT}.md"
    text = path.read_text()
    corrected = (
        text.replace("title: 'LoFiT: Localized", "title: 'LoFiT (corrected): Localized")
        .replace("Recent work in interpretability", "Recent work in mechanistic interpretability")
        .replace("listed:", "code:\n- https://github.com/example/lofit\ntags:\n- survey\nlisted:")
    )
    assert corrected != text
    path.write_text(corrected)
    for _ in range(2):
        report = pipeline.ingest(ingested, SEED_LISTING)
        assert report.new == []
        pipeline.build(ingested, strict=True)
    assert path.read_text() == corrected
    assert len(list(ingested.papers_dir.glob("*.md"))) == 64
    page = BeautifulSoup(
        (ingested.site_dir / "papers" / LOFIT / "index.html").read_text(), "html.parser"
    )
    assert page.h1.get_text() == "LoFiT (corrected): Localized Fine-tuning on LLM Representations"
    assert "mechanistic interpretability" in page.get_text()
    assert page.find("a", href="https://github.com/example/lofit")
    assert page.find("a", href="../../tags/survey/")


def test_new_listing_day_is_added_and_empty_fields_filled(ingested: Project) -> None:
    second = ingested.listings_dir / "2025-03-12_trending.txt"
    second.parent.mkdir(parents=True, exist_ok=True)
    lines = SEED_LISTING.read_text().replace("Mar 11", "Mar 12")
    second.write_text(lines)
    path = ingested.papers_dir / f"{LOFIT}.md"
    corrected = path.read_text().replace("LoFiT: Localized", "LoFiT: Localised")
    path.write_text(corrected)
    report = pipeline.ingest(ingested, second)
    assert report.new == []
    paper, problems = parse_paper(path.read_text(), str(path))
    assert not problems and paper is not None
    assert paper.title == "LoFiT: Localised Fine-tuning on LLM Representations"
    assert [d.isoformat() for d in paper.listed] == ["2025-03-11", "2025-03-12"]
    assert (ingested.days_dir / "2025-03-12.yml").exists()


def test_interrupted_ingest_leaves_every_file_old_or_new(
    ingested: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = ingested.listings_dir / "2025-03-12_trending.txt"
    second.parent.mkdir(parents=True, exist_ok=True)
    second.write_text(SEED_LISTING.read_text().replace("Mar 11", "Mar 12"))
    before = files(ingested.content)
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == 10:
            raise KeyboardInterrupt("interrupted")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(KeyboardInterrupt):
        pipeline.ingest(ingested, second)
    monkeypatch.undo()
    after = files(ingested.content)
    assert set(after) == set(before), "no temporary or partial file is left behind"
    changed = [name for name in after if after[name] != before[name]]
    assert len(changed) == 9
    for name in changed:
        assert b"2025-03-12" in after[name] and after[name].startswith(before[name][:40])
    pipeline.ingest(ingested, second)
    assert all(b"2025-03-12" in files(ingested.papers_dir)[n] for n in files(ingested.papers_dir))


def edit_link(page: BeautifulSoup) -> str | None:
    link = page.find("a", rel="edit")
    return link["href"] if link else None


def test_edit_links_open_the_source_file(seed_project: Project) -> None:
    site = seed_project.site_dir
    base = "https://github.com/papersite/papersite/edit/main/"

    def page(path: str) -> BeautifulSoup:
        return BeautifulSoup((site / path / "index.html").read_text(), "html.parser")

    assert edit_link(page(f"papers/{LOFIT}")) == f"{base}content/papers/{LOFIT}.md"
    assert edit_link(page("tags/federated-learning")) == f"{base}content/tags.yml"
    assert edit_link(page("tags")) == f"{base}content/tags.yml"
    assert edit_link(page("days/2025-03-11")) == f"{base}content/days/2025-03-11.yml"
    for generated in ("", "days", "about"):
        assert edit_link(page(generated)) is None
    for html in site.rglob("*.html"):
        link = edit_link(BeautifulSoup(html.read_text(), "html.parser"))
        assert link is None or "/build/" not in link


def test_report_a_problem_names_the_paper(seed_project: Project) -> None:
    html = (seed_project.site_dir / "papers" / LOFIT / "index.html").read_text()
    link = BeautifulSoup(html, "html.parser").find("a", string="Report a problem with this paper")
    assert link is not None
    url = urlsplit(link["href"])
    assert url.netloc == "github.com" and url.path == "/papersite/papersite/issues/new"
    query = parse_qs(url.query)
    assert query["title"] == ["Correction: LoFiT: Localized Fine-tuning on LLM Representations"]
    assert query["page-url"][0].endswith(f"/papers/{LOFIT}/")
    assert query["source-file"] == [f"content/papers/{LOFIT}.md"]
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE" / query["template"][0]).read_text())
    fields = {item["id"] for item in form["body"] if "id" in item}
    assert set(query) - {"template", "title"} <= fields, "GitHub fills only the form's fields"


def test_titles_differing_in_case_stay_two_papers(tmp_path: Path) -> None:
    """Rule 1 of issue 16: a title match alone is no merge; the abstract must match too."""
    project = copy_project(tmp_path / "site", content=False)
    listing = tmp_path / "2025-04-01_lang.txt"
    papers = [
        ("Programming Models in C++", "About C plus plus."),
        ("Programming Models in C#", "About C sharp."),
        ("Programming Models in C", "About C."),
        ("🚀🚀🚀", "Rockets only."),
        ("!!! ???", "Symbols only."),
        ("Programming models in C", "The same title in other case, another paper."),
        ("Programming Models in C!", "About C."),
    ]
    listing.write_text("Apr 1\n\n" + "\n\n".join(f"{t}\n\n{a}" for t, a in papers) + "\n")
    report = pipeline.ingest(project, listing)
    assert len(report.new) == 6
    files = sorted(project.papers_dir.glob("*.md"))
    assert len(files) == 6
    bodies = {parse_paper(f.read_text(), str(f))[0].abstract for f in files}  # type: ignore[union-attr]
    assert "The same title in other case, another paper." in bodies
    # The last record has the title and abstract of line 11: one paper, and said so.
    (merged,) = report.merged
    assert merged.line == 27 and "line 11" in merged.message
    assert "merged: " in (project.root / INGEST_REPORT).read_text()
    day = yaml.safe_load((project.days_dir / "2025-04-01.yml").read_text())
    assert len(day["papers"]) == 6
    pipeline.build(project, run_mkdocs=False)
    assert len(list((project.docs_dir / "papers").glob("programming-models-in-c*.md"))) == 4
