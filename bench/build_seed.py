"""Cold build time of the embedded seed site.

Usage: .venv/bin/python bench/build_seed.py [--runs 3]

Each run copies the project into a fresh scratch folder and times a new
``papersite build`` process from start to finish (ingest is not included: the seed
papers are committed). Reports wall time per run and the median, in seconds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, scratch_project


def cold_build(scratch: Path) -> float:
    """Copy the project into ``scratch`` and time one ``papersite build`` there (seconds)."""
    scratch_project(scratch)
    command = [sys.executable, "-m", "generator", "--quiet", "build", "--root", str(scratch)]
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=REPO)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            times.append(cold_build(Path(folder)))
    papers = len(list((REPO / "content" / "papers").glob("*.md")))
    runs = ", ".join(f"{t:.2f}" for t in times)
    median = statistics.median(times)
    print(f"seed site: {papers} papers; cold build {runs} s; median {median:.2f} s")


if __name__ == "__main__":
    main()
