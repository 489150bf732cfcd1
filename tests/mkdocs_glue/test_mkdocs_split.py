"""papersite build runs MkDocs on every core: same site, and a failure in any process fails it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator import pipeline
from generator.mkdocs_glue import split as mkdocs_split
from generator.mkdocs_glue.run import run_mkdocs_build
from tests.conftest import copy_project
from tests.end_to_end.test_determinism import tree


def test_three_processes_make_the_one_process_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    split, one = copy_project(tmp_path / "split"), copy_project(tmp_path / "one")
    for project in (split, one):
        pipeline.build(project, run_mkdocs=False)
    forks: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    run_mkdocs_build(one, strict=True, processes=1)
    assert forks == []
    run_mkdocs_build(split, strict=True, processes=3)
    assert len(forks) == 2
    ours, whole = tree(split.site_dir), tree(one.site_dir)
    assert sorted(ours) == sorted(whole)
    assert {name for name in ours if ours[name] != whole[name]} == set()
    # Every paper is in the sitemap, written again once every process had finished.
    sitemap = ours["sitemap.xml"].decode()
    assert all(f"papers/{p.stem}/" in sitemap for p in split.papers_dir.glob("*.md"))


def test_a_warning_in_a_forked_process_fails_a_strict_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "warned")
    pipeline.build(project, run_mkdocs=False)
    papers = sorted((project.docs_dir / "papers").glob("*.md"))
    for paper in papers:  # in every process's share
        paper.write_text(paper.read_text() + "\n[a broken link](no-such-page.md)\n")
    # The first process's own warnings would abort after this: the forked one's did.
    with pytest.raises(Abort, match="1 of the MkDocs processes failed"):
        run_mkdocs_build(project, strict=True, processes=2)
    assert mkdocs_split._split is None
    run_mkdocs_build(project, strict=False, processes=2)  # a warning, not an error
    assert all((project.site_dir / "papers" / p.stem / "index.html").is_file() for p in papers)


def test_an_error_in_a_split_build_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "broken")
    pipeline.build(project, run_mkdocs=False)

    def broken(env: object) -> None:
        raise RuntimeError("theme environment")

    monkeypatch.setattr(mkdocs_split, "remember_env", broken)
    with pytest.raises(RuntimeError, match="theme environment"):
        run_mkdocs_build(project, strict=True, processes=2)
    assert mkdocs_split._split is None  # the forked process was waited for
    monkeypatch.undo()
    run_mkdocs_build(project, strict=True, processes=1)
    assert (project.site_dir / "sitemap.xml").is_file()
