"""Long work reports progress: plain lines when not on a terminal, nothing with --quiet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO, SEED_LISTING, copy_project


def papersite(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)


def test_build_and_ingest_log_counts_and_rates(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site", content=False)
    ingest = papersite("ingest", str(SEED_LISTING), "--root", str(project.root))
    assert "ingesting papers: 64 in " in ingest.stderr and "/s)" in ingest.stderr
    build = papersite("build", "--no-mkdocs", "--root", str(project.root))
    for stage in ("load and check content", "tagging", "related papers", "rendering pages"):
        assert f"{stage}: " in build.stderr
    tags = len(yaml.safe_load(project.tags_file.read_text()))
    pages = 4 + 1 + tags + 64  # home, about, two indexes; one day; the tags; the papers
    assert f"rendering pages: {pages} in " in build.stderr


def test_quiet_silences_progress(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site", content=False)
    ingest = papersite("--quiet", "ingest", str(SEED_LISTING), "--root", str(project.root))
    build = papersite("--quiet", "build", "--no-mkdocs", "--root", str(project.root))
    assert ingest.stderr == "" and build.stderr == ""
