"""Ingest and build the whole corpus (~19k papers, plus the seed); measure build and search.

Usage: .venv/bin/python bench/build_corpus.py [--corpus ../shared/corpus/papers.jsonl]
       [--workdir DIR] [--keep] [--reuse] [--repeat N] [--no-material] [--no-browser]

Each stage runs as its own process: ingest of the seed and the corpus, then
``papersite build`` (load, check, enrich, render, MkDocs, with the search index and
feeds built during MkDocs; its stages' times come from its log), then a plain
``mkdocs build`` of the same generated pages into another folder: the generator should
cost little next to it. For each: wall time (s), the peak resident memory of its
largest process (MB, from ``wait4``) and the peak of the process tree's summed PSS
(proportional set size: pages shared by forked processes are counted once, in shares),
sampled every 0.1 s. Then the site's size and file count, the search-index bytes (raw
and gzip) and how many corpus records became pages or were reported in
ingest-report.txt.

The two builds are timed in runs of their own, without the memory sampler: reading a
process's PSS walks its page tables (15-20 ms of CPU for a 1 GB process), and ten times
a second over the four processes of ``papersite build`` that took a fifth of a core
from a build using both cores, while the one-process plain build left the sampler a
free core. ``--repeat N`` times N pairs (each a cold ``papersite build``, then the plain
build) and reports each pair's ratio and the median: this machine's speed drifts by a
quarter within minutes, so only a pair's ratio is comparable. A last pair, sampled,
gives the PSS columns.

The same pages are then built again with Material's own search
(``extra.search_engine: material``, in ``DIR-material``) and both sites are measured
in headless Chromium by ``search_browser.py``, with Pagefind indexing the papersite
site's articles (cold first results, per keystroke, bytes, JS memory, recall on
``bench/queries/search.jsonl`` and ``bench/queries/user.jsonl``). ``--reuse`` skips the
ingest when ``DIR`` already holds the ingested corpus.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import REPO, scratch_project

SEED = REPO / "content" / "listings" / "2025-03-11_trending_000_11fad8b4e5eb1f7b.txt"


# "tagging: 15.4 s", and the progress line "rendering pages: 20022 in 29.8 s (672/s)".
STAGE_LINE = re.compile(r"^([a-zA-Z][\w ,]+): (?:\d+ in )?([0-9.]+) s(?: \(.*\))?$")


def tree_pss_mb(root_pid: int) -> float:
    """Summed PSS (MB) of ``root_pid`` and its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(
            int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")
        )
    return total / 1024


class TreeMemory(threading.Thread):
    """Samples :func:`tree_pss_mb` of a process every 0.1 s; ``peak`` is the largest."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            self.peak = max(self.peak, tree_pss_mb(self.pid))


def run(
    command: list[str], cwd: Path, log: list[str] | None = None, sample: bool = True
) -> tuple[float, float, float]:
    """Run ``command``; return (wall seconds, peak RSS of its largest process in MB,
    peak summed PSS of its process tree in MB, or 0 when not ``sample``d). Raises on
    failure.

    With ``log``, the command's stderr lines are collected there (else shown).
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stderr=subprocess.PIPE if log is not None else None, text=True
    )
    memory = TreeMemory(process.pid)
    if sample:
        memory.start()
    if log is not None and process.stderr:
        log.extend(line.rstrip("\n") for line in process.stderr)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if sample:
        memory.done.set()
        memory.join()
    if os.waitstatus_to_exitcode(status) != 0:
        print("\n".join(log or []), file=sys.stderr)
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024, memory.peak


def cold(root: Path) -> None:
    """Remove what a build made: the next one is cold, as on a fresh clone after ingest."""
    for name in ("build", "site"):
        shutil.rmtree(root / name, ignore_errors=True)


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


CJK_PAPERS = REPO / "bench" / "queries" / "cjk_papers.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpus/papers.jsonl")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--reuse", action="store_true", help="DIR holds the ingested corpus")
    parser.add_argument(
        "--repeat", type=int, default=1, help="time N pairs of builds (median ratio)"
    )
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
        # The corpus has no paper with a Chinese, Japanese or Korean title.
        stages["ingest cjk"] = [*papersite, "ingest", str(CJK_PAPERS), *where]
    else:
        cold(root)
        for name in ("mkdocs.yml", "site_templates", "generator"):
            shutil.rmtree(root / name, ignore_errors=True)
            (root / name).unlink(missing_ok=True)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "site_templates", root / "site_templates")
    stages["papersite build"] = [sys.executable, "-m", "generator", "build", *where]
    # The same generated pages, MkDocs alone (the papersite plugin copies build/data as well).
    stages["plain mkdocs build"] = [
        *(sys.executable, "-m", "mkdocs", "build", "--quiet"),
        *("--config-file", str(root / "mkdocs.yml"), "--site-dir", str(root / "site-plain")),
    ]
    # Run from the repository, as a contributor does.
    builds = ("papersite build", "plain mkdocs build")
    results = {name: run(command, REPO) for name, command in stages.items() if name not in builds}
    log: list[str] = []
    timed: list[dict[str, tuple[float, float, float]]] = []
    for attempt in range(args.repeat + 1):
        sampled = attempt == args.repeat  # the last pair measures memory only
        if attempt:
            cold(root)
        timed.append(
            {
                name: run(
                    stages[name],
                    REPO,
                    log if name == builds[0] and attempt == 0 else None,
                    sample=sampled,
                )
                for name in builds
            }
        )
        shutil.rmtree(root / "site-plain")
    ratios = [pair[builds[0]][0] / pair[builds[1]][0] for pair in timed[:-1]]
    for name in builds:
        walls = sorted(pair[name][0] for pair in timed[:-1])
        largest = max(pair[name][1] for pair in timed)
        results[name] = (statistics.median(walls), largest, timed[-1][name][2])
    generator_stages = [m.groups() for line in log if (m := STAGE_LINE.match(line))]
    material = None
    if not args.no_material:
        material = material_variant(root)
        there = ["--root", str(material)]
        results["material: papersite build"] = run([*papersite, "build", *there], REPO)
    papers = len(list((root / "content" / "papers").glob("*.md")))
    records = sum(1 for line in args.corpus.open(encoding="utf-8") if line.strip())
    report = (root / "ingest-report.txt").read_text(encoding="utf-8")
    skipped = report.count("\nskipped: ")
    site_mb, site_files = size_mb(root / "site")

    print(f"corpus records: {records}; papers: {papers}; reported as skipped: {skipped}")
    print(f"{'stage':32s} {'wall':>9s}  {'largest process':>15s}  {'process tree PSS':>16s}")
    for name, (seconds, largest, tree) in results.items():
        print(f"{name:32s} {seconds:7.1f} s  {largest:12.0f} MB  {tree:13.0f} MB")
        if name == "papersite build":
            for stage, took in generator_stages:
                print(f"  {stage:30s} {float(took):7.1f} s")
    build, plain = results["papersite build"][0], results["plain mkdocs build"][0]
    print(
        f"papersite build: median {build:.1f} s, plain mkdocs build: median {plain:.1f} s "
        f"(timed unsampled; PSS from one more sampled pair)"
    )
    print(
        f"papersite build / plain mkdocs build, pair by pair: "
        f"{' '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f} x"
    )
    total = build + sum(s for name, (s, _, _) in results.items() if name.startswith("ingest"))
    print(f"{'whole pipeline (ingest + build)':32s} {total:7.1f} s")
    print(f"site: {site_mb:.0f} MB in {site_files} files")
    raw, packed = folder_bytes(root / "site" / "papersite-search")
    shards = len(list((root / "site" / "papersite-search").glob("*/shards/*.json")))
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
        command += ["--site", str(root / "site"), "--pagefind"]
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
