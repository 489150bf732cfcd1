"""Ingest and build the whole corpus (~19k papers, plus the seed); measure build and search.

Usage: .venv/bin/python bench/build_corpus.py [--corpus ../shared/corpus/papers.jsonl]
       [--workdir DIR] [--keep] [--reuse] [--no-material] [--no-browser]

Each stage runs as its own process so its wall time (s) and peak resident memory
(MB, from ``wait4``) are its own: ingest of the seed and the corpus, the generator
(load, check, enrich, render, search index, write build/docs: ``papersite build
--no-mkdocs``, with its stages' times from its log), and MkDocs alone on the generated
pages (a plain ``mkdocs build``: the generator should cost little next to it). Then
the site's size and file count, the search-index bytes (raw and gzip) and how many
corpus records became pages or were reported in ingest-report.txt.

The same pages are then built again with Material's own search
(``extra.search_engine: material``, in ``DIR-material``) and both sites are measured
in headless Chromium by ``search_browser.py`` (cold first results, per keystroke,
bytes, JS memory, recall on ``bench/queries/search.jsonl``). ``--reuse`` skips the
ingest when ``DIR`` already holds the ingested corpus.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, scratch_project

SEED = REPO / "content" / "listings" / "2025-03-11_trending_000_11fad8b4e5eb1f7b.txt"


# "tagging: 15.4 s", and the progress line "rendering pages: 20022 in 29.8 s (672/s)".
STAGE_LINE = re.compile(r"^([a-zA-Z][\w ,]+): (?:\d+ in )?([0-9.]+) s(?: \(.*\))?$")


def run(command: list[str], cwd: Path, log: list[str] | None = None) -> tuple[float, float]:
    """Run ``command``; return (wall seconds, peak RSS in MB). Raises on failure.

    With ``log``, the command's stderr lines are collected there (else shown).
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stderr=subprocess.PIPE if log is not None else None, text=True
    )
    if log is not None and process.stderr:
        log.extend(line.rstrip("\n") for line in process.stderr)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        print("\n".join(log or []), file=sys.stderr)
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def folder_bytes(folder: Path) -> tuple[int, int]:
    """(raw, gzip) bytes of every file under ``folder``."""
    raw = packed = 0
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            raw += len(data)
            packed += len(gzip.compress(data, compresslevel=6))
    return raw, packed


def material_variant(root: Path) -> Path:
    """Lay out ``root-material``: the same content, built with Material's own search."""
    other = root.with_name(root.name + "-material")
    if other.exists():
        shutil.rmtree(other)
    scratch_project(other, content=False)
    shutil.rmtree(other / "content")
    (other / "content").symlink_to(root / "content")
    config = (other / "mkdocs.yml").read_text(encoding="utf-8")
    (other / "mkdocs.yml").write_text(config + "\nextra:\n  search_engine: material\n")
    return other


def size_mb(folder: Path) -> tuple[float, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpus/papers.jsonl")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--reuse", action="store_true", help="DIR holds the ingested corpus")
    parser.add_argument("--no-material", action="store_true", help="skip Material's search")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser part")
    args = parser.parse_args()
    root = (args.workdir or Path(tempfile.mkdtemp(prefix="papersite-corpus-"))).resolve()
    papersite = [sys.executable, "-m", "generator", "--quiet"]
    where = ["--root", str(root)]
    stages: dict[str, list[str]] = {}
    if not args.reuse:
        if root.exists():
            shutil.rmtree(root)
        scratch_project(root, content=False)
        stages["ingest seed"] = [*papersite, "ingest", str(SEED), *where]
        stages["ingest corpus"] = [*papersite, "ingest", str(args.corpus.resolve()), *where]
    else:
        # A cold build, as on a fresh clone after ingest: nothing generated or built yet.
        for name in ("build", "site"):
            shutil.rmtree(root / name, ignore_errors=True)
        for name in ("mkdocs.yml", "site_templates", "generator"):
            shutil.rmtree(root / name, ignore_errors=True)
            (root / name).unlink(missing_ok=True)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "site_templates", root / "site_templates")
        (root / "generator").mkdir()
        shutil.copy(REPO / "generator" / "mkdocs_hooks.py", root / "generator")
    stages["generator (build --no-mkdocs)"] = [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--no-mkdocs",
        *where,
    ]
    stages["mkdocs build"] = [
        *(sys.executable, "-m", "mkdocs", "build", "--quiet"),
        *("--config-file", str(root / "mkdocs.yml")),
    ]
    # Run from the repository: the scratch folder's generator/ holds only the MkDocs hook
    # and would shadow the package for "python -m generator".
    log: list[str] = []
    results = {
        name: run(command, REPO, log if name.startswith("generator") else None)
        for name, command in stages.items()
    }
    generator_stages = [m.groups() for line in log if (m := STAGE_LINE.match(line))]
    material = None
    if not args.no_material:
        material = material_variant(root)
        there = ["--root", str(material)]
        results["material: generator"] = run([*papersite, "build", "--no-mkdocs", *there], REPO)
        results["material: mkdocs build"] = run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(material / "mkdocs.yml")],
            REPO,
        )
    papers = len(list((root / "content" / "papers").glob("*.md")))
    records = sum(1 for line in args.corpus.open(encoding="utf-8") if line.strip())
    report = (root / "ingest-report.txt").read_text(encoding="utf-8")
    skipped = report.count("\nskipped: ")
    site_mb, site_files = size_mb(root / "site")

    print(f"corpus records: {records}; papers: {papers}; reported as skipped: {skipped}")
    for name, (seconds, memory) in results.items():
        print(f"{name:32s} {seconds:7.1f} s  peak {memory:6.0f} MB")
        if name.startswith("generator"):
            for stage, took in generator_stages:
                print(f"  {stage:30s} {float(took):7.1f} s")
    ours = [
        seconds
        for name, (seconds, _) in results.items()
        if not name.startswith(("material", "ingest"))
    ]
    mkdocs_seconds = results["mkdocs build"][0]
    print(
        f"build (generator + MkDocs): {sum(ours):.1f} s = "
        f"{sum(ours) / mkdocs_seconds:.2f} x the plain mkdocs build ({mkdocs_seconds:.1f} s)"
    )
    total = sum(s for name, (s, _) in results.items() if not name.startswith("material"))
    print(f"{'whole pipeline (ingest + build)':32s} {total:7.1f} s")
    print(f"site: {site_mb:.0f} MB in {site_files} files")
    raw, packed = folder_bytes(root / "site" / "papersite-search")
    shards = len(list((root / "site" / "papersite-search" / "shards").glob("*.json")))
    print(
        f"papersite search index: {raw / 1e6:.1f} MB raw, {packed / 1e6:.1f} MB gzip "
        f"in all ({shards} shards; a query loads a few)"
    )
    if material:
        index = (material / "site" / "search" / "search_index.json").read_bytes()
        packed_index = len(gzip.compress(index))
        material_mb, material_files = size_mb(material / "site")
        print(
            f"material search index: {len(index) / 1e6:.1f} MB raw, "
            f"{packed_index / 1e6:.1f} MB gzip (loaded whole); "
            f"material site: {material_mb:.0f} MB in {material_files} files"
        )
    sys.stdout.flush()
    if not args.no_browser:
        command = [sys.executable, str(REPO / "bench" / "search_browser.py")]
        command += ["--site", str(root / "site")]
        if material:
            command += ["--material-site", str(material / "site")]
        subprocess.run(command, check=True)
    print(f"scratch folder: {root}" if args.keep else "")
    if not args.keep:
        shutil.rmtree(root)
        if material:
            shutil.rmtree(material)


if __name__ == "__main__":
    main()
