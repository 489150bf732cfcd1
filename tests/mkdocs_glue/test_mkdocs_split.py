"""papersite build runs MkDocs on every core: same site, and a failure in any process fails it."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator import pipeline
from generator.mkdocs_glue import plugin as plugin_module
from generator.mkdocs_glue import split as mkdocs_split
from generator.mkdocs_glue.plugin import PapersitePlugin
from generator.mkdocs_glue.run import run_mkdocs_build
from generator.mkdocs_glue.split import Split
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
    run_mkdocs_build(project, strict=False, processes=2)  # a warning, not an error
    assert all((project.site_dir / "papers" / p.stem / "index.html").is_file() for p in papers)


def test_an_error_in_a_split_build_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "broken")
    pipeline.build(project, run_mkdocs=False)

    def broken(self: PapersitePlugin, env: object, /, **kwargs: object) -> None:
        raise RuntimeError("theme environment")

    forks: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(PapersitePlugin, "on_env", broken)
    monkeypatch.setattr(os, "fork", counted)
    with pytest.raises(RuntimeError, match="theme environment"):
        run_mkdocs_build(project, strict=True, processes=2)
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):  # the forked process was waited for already
        os.waitpid(forks[0], os.WNOHANG)
    monkeypatch.undo()
    run_mkdocs_build(project, strict=True, processes=1)
    assert (project.site_dir / "sitemap.xml").is_file()


def test_a_split_build_keeps_no_state_in_a_module(tmp_path: Path) -> None:
    """Issue 17: the split's state belongs to the plugin instance of one build, so
    nothing is left in the split module (or the plugin module) after a build."""
    project = copy_project(tmp_path / "stateless")
    pipeline.build(project, run_mkdocs=False)
    run_mkdocs_build(project, strict=True, processes=2)
    for module in (mkdocs_split, plugin_module):
        assert not [name for name, value in vars(module).items() if isinstance(value, Split)]


def test_the_split_uses_no_private_mkdocs_function() -> None:
    """Issue 17: MkDocs' private functions may change in any release; the sitemap is
    written with its public ones (the byte-identical site above shows they suffice)."""
    tree_ = ast.parse(Path(mkdocs_split.__file__).read_text(encoding="utf-8"))
    imported = [
        alias.name
        for node in ast.walk(tree_)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs")
        for alias in node.names
    ]
    assert imported and not [name for name in imported if name.startswith("_")]
