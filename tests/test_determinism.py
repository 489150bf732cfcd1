"""Same input, byte-identical output: two builds of the same content agree."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from generator import pipeline
from generator.config import Project
from tests.conftest import copy_project


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path: Path, seed_project: Project) -> None:
    other = copy_project(tmp_path / "again")
    pipeline.build(other, strict=True)
    assert tree(other.docs_dir) == tree(seed_project.docs_dir)
    first, second = tree(seed_project.site_dir), tree(other.site_dir)
    assert set(first) == set(second)
    # The sitemap included: MkDocs dates it by the latest listing day, not the build's.
    assert {name for name in first if first[name] != second[name]} == set()
    assert "<lastmod>2025-03-11</lastmod>" in first["sitemap.xml"].decode()


def test_a_rebuild_rewrites_only_what_changed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site")
    pipeline.build(project, run_mkdocs=False)
    report = pipeline.build(project, run_mkdocs=False)
    assert report.written == 0 and report.removed == 0
    paper = project.papers_dir / "pointer-networks.md"
    paper.write_text(paper.read_text().replace("Pointer Networks", "Pointer Networks (fixed)", 1))
    report = pipeline.build(project, run_mkdocs=False)
    # The paper's own page, plus pages that show its title (related, backlinks, tags, day).
    assert 1 <= report.written < 20
    assert (
        "Pointer Networks (fixed)" in (project.docs_dir / "papers/pointer-networks.md").read_text()
    )


def test_a_plain_mkdocs_build_makes_the_same_site(tmp_path: Path, seed_project: Project) -> None:
    """``papersite build --no-mkdocs`` then ``mkdocs build``: the hook publishes the data
    files (search index, feeds, papers.json) that ``papersite build`` copies itself."""
    other = copy_project(tmp_path / "plain")
    pipeline.build(other, run_mkdocs=False)
    docs = tree(other.docs_dir)
    assert "papers.json" not in docs and not any(n.startswith("papersite-search/") for n in docs)
    assert "papers.json" in tree(other.data_dir)
    epoch = int(datetime(2025, 3, 11, tzinfo=UTC).timestamp())  # the latest listing day
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet"],
        cwd=other.root,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)},
        check=True,
    )
    plain, ours = tree(other.site_dir), tree(seed_project.site_dir)
    assert sorted(plain) == sorted(ours)
    assert {name for name in plain if plain[name] != ours[name]} == set()
