"""`papersite serve` regenerates build/docs when content changes, and only then."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator import pipeline
from generator.mkdocs_glue import watch
from tests.conftest import copy_project


def wait_for(condition: object, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_a_corrected_paper_is_regenerated_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "site")
    pipeline.build(project, run_mkdocs=False)
    builds: list[float] = []
    real_build = pipeline.build

    def counting_build(*args: object, **kwargs: object) -> object:
        builds.append(time.monotonic())
        return real_build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(watch.pipeline, "build", counting_build)
    page = project.docs_dir / "papers" / "pointer-networks.md"
    with watch.watch_content(project):
        time.sleep(0.3)
        paper = project.papers_dir / "pointer-networks.md"
        paper.write_text(paper.read_text().replace("title: Pointer Networks", "title: Fixed", 1))
        assert wait_for(lambda: "# Fixed" in page.read_text())
        time.sleep(1.0)  # a build reads every content file: that must not start another
    assert len(builds) == 1
