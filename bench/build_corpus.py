"""Ingest and build the whole corpus (~19k papers, plus the seed) in a scratch folder.

Usage: .venv/bin/python bench/build_corpus.py [--corpus ../shared/corpus/papers.jsonl]
       [--workdir DIR] [--keep]

Each stage runs as its own process so its wall time (s) and peak resident memory
(MB, from ``wait4``) are its own: ingest of the seed and the corpus, the generator
(load, check, enrich, render, write build/docs: ``papersite build --no-mkdocs``), and
MkDocs alone on the generated pages. Then reports the site's size, file count and
search-index bytes (raw and gzip), and how many corpus records became pages or were
reported in ingest-report.txt.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, scratch_project

SEED = REPO / "content" / "listings" / "2025-03-11_trending_000_11fad8b4e5eb1f7b.txt"


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``command``; return (wall seconds, peak RSS in MB). Raises on failure."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def size_mb(folder: Path) -> tuple[float, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpus/papers.jsonl")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    root = args.workdir or Path(tempfile.mkdtemp(prefix="papersite-corpus-"))
    root.mkdir(parents=True, exist_ok=True)
    scratch_project(root, content=False)
    papersite = [sys.executable, "-m", "generator", "--quiet"]
    where = ["--root", str(root)]
    stages = {
        "ingest seed": [*papersite, "ingest", str(SEED), *where],
        "ingest corpus": [*papersite, "ingest", str(args.corpus.resolve()), *where],
        "generator (build --no-mkdocs)": [*papersite, "build", "--no-mkdocs", *where],
        "mkdocs build": [
            *(sys.executable, "-m", "mkdocs", "build", "--quiet"),
            *("--config-file", str(root / "mkdocs.yml")),
        ],
    }
    # Run from the repository: the scratch folder's generator/ holds only the MkDocs hook
    # and would shadow the package for "python -m generator".
    results = {name: run(command, REPO) for name, command in stages.items()}
    papers = len(list((root / "content" / "papers").glob("*.md")))
    records = sum(1 for line in args.corpus.open(encoding="utf-8") if line.strip())
    report = (root / "ingest-report.txt").read_text(encoding="utf-8")
    skipped = report.count("\nskipped: ")
    site_mb, site_files = size_mb(root / "site")
    index = (root / "site" / "search" / "search_index.json").read_bytes()

    print(f"corpus records: {records}; papers: {papers}; reported as skipped: {skipped}")
    for name, (seconds, memory) in results.items():
        print(f"{name:32s} {seconds:7.1f} s  peak {memory:6.0f} MB")
    total = sum(seconds for seconds, _ in results.values())
    print(f"{'total':32s} {total:7.1f} s")
    print(f"site: {site_mb:.0f} MB in {site_files} files")
    packed = len(gzip.compress(index))
    print(f"search index: {len(index) / 1e6:.1f} MB raw, {packed / 1e6:.1f} MB gzip")
    print(f"scratch folder: {root}" if args.keep else "")
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
