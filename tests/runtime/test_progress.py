"""Long work reports progress: plain lines when not on a terminal, nothing with --quiet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
    pages = len(list(project.docs_dir.rglob("*.md")))  # what the build wrote
    assert f"rendering pages: {pages} in " in build.stderr


def test_quiet_silences_progress(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site", content=False)
    ingest = papersite("--quiet", "ingest", str(SEED_LISTING), "--root", str(project.root))
    build = papersite("--quiet", "build", "--no-mkdocs", "--root", str(project.root))
    assert ingest.stderr == "" and build.stderr == ""
