"""Build time of hostile input against ordinary input of the same size (issue 16, rule 6).

Each build shape is a small site (three papers) whose one paper has a 1 MB abstract of
that shape; the baseline has a 1 MB abstract of ordinary prose. Each ingest shape is a
real listing (tests/fixtures/raw) with 1 MB of hostile text, against the same listing
with 1 MB of prose. Every case runs as the command a maintainer types, in a fresh
process (``papersite build`` / ``papersite ingest``), in ``--repeat`` rounds that each
run every case once (a change of load touches all cases alike); the median is
reported with its ratio to the baseline. Target: every ratio <= 2.

The content limits are timed too: ``papersite check`` on a YAML alias bomb (9^9 references),
on a day file that is a symlink to /dev/zero, and on a 1000-deep nesting.

    .venv/bin/python bench/hostile_inputs.py [--repeat 5] [--only url-brackets]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import REPO, scratch_project
from generator.model import Listing, Paper
from generator.sources import store
from generator.sources.limits import MAX_TAGS_PER_PAPER
from tests.sources.test_content_limits import ALIAS_BOMB  # 324 bytes, 9^9 references

SIZE = 1_000_000  # characters of each abstract or hostile run (a content file is <= 1 MiB)
DAY = date(2025, 3, 11)
PAPERSITE = str(Path(sys.executable).with_name("papersite"))
PROSE = (
    "We study how large language models generalise to long inputs, and propose a "
    "simple method that improves retrieval over documents of a million tokens. "
    "Experiments on six benchmarks show consistent gains over strong baselines.\n\n"
)
NEIGHBOURS = (
    Paper(slug="lofit", title="LoFiT: Localized Fine-Tuning on LLM Representations",
          abstract="Localized fine-tuning of attention heads.", listed=(DAY,),
          arxiv_id="2406.01563"),
    Paper(slug="ref", title="A Referenced Paper", abstract="Referenced by others.",
          listed=(DAY,), arxiv_id="2401.00001"),
)  # fmt: skip


def fill(shape: str, size: int = SIZE) -> str:
    """``shape`` repeated to ``size`` characters."""
    return (shape * (size // len(shape) + 1))[:size]


# name -> the hostile paper's abstract (and the contributor tags it carries)
BUILD_SHAPES: dict[str, Callable[[], str]] = {
    "ordinary": lambda: fill(PROSE),
    "url-brackets": lambda: "See http://a.b/" + ")" * (SIZE - 15),
    "many-urls": lambda: fill("see http://a.b/c and "),
    "many-math": lambda: fill("with $x^2$ and "),
    "many-mentions": lambda: fill("unlike LoFiT, "),
    "mentions-and-ids": lambda: fill("LoFiT (2401.00001) and "),
}
# The "thousands of tags" shape: check refuses a paper naming more than
# MAX_TAGS_PER_PAPER (a limit case below); the build is timed with a paper at the limit.
TAG_COUNT = MAX_TAGS_PER_PAPER
HOSTILE_TAG_COUNT = 1000

HF_PAGE = "firefighter-eric_ai-wiki_raw_text_Hugging_Face_-_2026_-_Trending_Papers.EXCERPT.md"
DIGEST = "AtharvaDomale_Daily-HuggingFace-AI-Papers_README.md"
JEKYLL = (
    "shiyibihua_arxiv-daily_docs_cs-CL_2025-12-16_papers_250623979-tap-a-taxonomy-guided-"
    "framework-for-automated-and-scalable-preference-.md"
)
# name -> (listing, where the 1 MB goes, the hostile text)
INGEST_SHAPES: dict[str, tuple[str, str, str]] = {
    "hf-card-headings": (HF_PAGE, "start", "### [a\n"),
    "hf-github-links": (HF_PAGE, "end", "[GitHub"),
    "details-tags": (DIGEST, "start", "<details"),
    "details-links": (DIGEST, "end", "[a](x"),
    "jekyll-heading": (JEKYLL, "heading", " #"),
}


def run_seconds(command: list[str], prepare: Callable[[], None]) -> float:
    """Wall time of one run of ``command`` after ``prepare``.

    Exits when the command fails: a time of a failed run means nothing.
    """
    prepare()
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0 and "check" not in command:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return seconds


def interleaved_medians(
    cases: dict[str, tuple[list[str], Callable[[], None]]], repeat: int, label: str
) -> dict[str, float]:
    """Median seconds of each case's command over ``repeat`` rounds; each round runs
    every case once, so a change of the machine's load touches all cases alike."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for round_ in range(repeat):
        for name, (command, prepare) in cases.items():
            times[name].append(run_seconds(command, prepare))
            print(f"  {label} {name} #{round_ + 1}: {times[name][-1]:.2f} s", file=sys.stderr)
    return {name: statistics.median(found) for name, found in times.items()}


def add_tags(root: Path, count: int) -> tuple[str, ...]:
    """Add ``count`` tags to the vocabulary of the project at ``root``; return their ids."""
    tag_ids = tuple(f"bench-tag-{i}" for i in range(count))
    with (root / "content" / "tags.yml").open("a", encoding="utf-8") as stream:
        for tag_id in tag_ids:
            stream.write(f"- id: {tag_id}\n  name: Tag {tag_id}\n  description: A tag.\n")
    return tag_ids


def build_site(root: Path, abstract: str, tags: int = 0) -> None:
    """A three-paper site whose paper ``hostile`` has ``abstract`` (and ``tags`` tags)."""
    scratch_project(root, content=False)
    tag_ids = add_tags(root, tags)
    hostile = Paper(slug="hostile", title="Hostile", abstract=abstract, listed=(DAY,), tags=tag_ids)
    papers_dir = root / "content" / "papers"
    for paper in (*NEIGHBOURS, hostile):
        store.save_paper(papers_dir, paper)
    slugs = tuple(paper.slug for paper in (*NEIGHBOURS, hostile))
    store.save_day(root / "content" / "days", Listing(DAY, slugs))


def ingest_listing(path: Path, listing: str, where: str, payload: str) -> None:
    """Write the real listing ``listing`` with ``payload`` added at ``where`` to ``path``."""
    text = (REPO / "tests" / "fixtures" / "raw" / listing).read_text(encoding="utf-8")
    if where == "start":
        text = payload + "\n\n" + text
    elif where == "heading":
        text = text.replace("\n# ", "\n# " + payload + "x ", 1)
    else:
        text = text + "\n" + payload
    path.write_text(text, encoding="utf-8")


def clear_build(root: Path) -> Callable[[], None]:
    def prepare() -> None:
        subprocess.run(["rm", "-rf", str(root / "build"), str(root / "site")], check=True)

    return prepare


def bench_builds(work: Path, repeat: int, only: set[str]) -> list[tuple[str, float]]:
    shapes: dict[str, tuple[Callable[[], str], int]] = {
        name: (make, 0) for name, make in BUILD_SHAPES.items()
    }
    shapes[f"{TAG_COUNT}-tags"] = (lambda: fill(PROSE), TAG_COUNT)
    cases = {}
    for name, (make, tags) in shapes.items():
        if only and name not in only and name != "ordinary":
            continue
        root = work / f"build-{name}"
        build_site(root, make(), tags)
        command = [PAPERSITE, "--quiet", "build", "--root", str(root)]
        cases[name] = (command, clear_build(root))
    return list(interleaved_medians(cases, repeat, "build").items())


def bench_ingests(work: Path, repeat: int, only: set[str]) -> list[tuple[str, float, float]]:
    cases = {}
    for name, (listing, where, shape) in INGEST_SHAPES.items():
        if only and name not in only:
            continue
        for kind, payload in (("ordinary", fill(PROSE)), ("hostile", fill(shape))):
            root = work / f"ingest-{name}-{kind}"
            scratch_project(root, content=False)
            # Dated as a maintainer saves it: a listing with no day is refused.
            path = root / f"{DAY.isoformat()}_{listing}"
            ingest_listing(path, listing, where, payload)

            def prepare(root: Path = root) -> None:
                for folder in ("papers", "days"):
                    for file in (root / "content" / folder).iterdir():
                        file.unlink()

            command = [PAPERSITE, "--quiet", "ingest", str(path), "--root", str(root)]
            cases[f"{name} {kind}"] = (command, prepare)
    medians = interleaved_medians(cases, repeat, "ingest")
    return [
        (name, medians[f"{name} ordinary"], medians[f"{name} hostile"])
        for name in INGEST_SHAPES
        if f"{name} ordinary" in medians
    ]


def bench_limits(work: Path, repeat: int) -> list[tuple[str, float]]:
    cases: dict[str, Callable[[Path], None]] = {
        "alias bomb (9^9) in a paper": lambda root: (
            root / "content" / "papers" / "bomb.md"
        ).write_text("---\ntitle: Bomb\nslug: bomb\n" + ALIAS_BOMB + "---\n\nText.\n"),
        "day file -> /dev/zero": lambda root: os.symlink(
            "/dev/zero", root / "content" / "days" / "x.yml"
        ),
        f"a paper naming {HOSTILE_TAG_COUNT} tags": lambda root: store.save_paper(
            root / "content" / "papers",
            Paper(slug="tagged", title="Tagged", abstract="A.", tags=add_tags(root, 1000)),
        ),
        "1000-deep nesting": lambda root: (root / "content" / "papers" / "deep.md").write_text(
            "---\ntitle: Deep\nslug: deep\nnotes: " + "[" * 1000 + "]" * 1000 + "\n---\n\nT.\n"
        ),
    }
    results = []
    for name, make in cases.items():
        root = work / f"limit-{len(results)}"
        scratch_project(root, content=False)
        make(root)
        command = [PAPERSITE, "check", "--root", str(root)]
        times = [run_seconds(command, lambda: None) for _ in range(repeat)]
        results.append((name, statistics.median(times)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (median)")
    parser.add_argument("--only", action="append", default=[], help="run only these shapes")
    args = parser.parse_args()
    only = set(args.only)
    with tempfile.TemporaryDirectory(prefix="papersite-hostile-") as folder:
        work = Path(folder)
        builds = bench_builds(work, args.repeat, only)
        ingests = bench_ingests(work, args.repeat, only)
        limits = bench_limits(work, args.repeat) if not only else []
    load = os.getloadavg()
    print(f"hostile inputs, 1 MB each, median of {args.repeat} interleaved rounds "
          f"(load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")  # fmt: skip
    base = dict(builds)["ordinary"]
    print(f"{'papersite build':<28} {'seconds':>8} {'x ordinary':>10}")
    for name, seconds in builds:
        print(f"{name:<28} {seconds:8.2f} {seconds / base:10.2f}")
    if ingests:
        print(f"{'papersite ingest':<28} {'ordinary':>8} {'hostile':>8} {'ratio':>6}")
        for name, ordinary, hostile in ingests:
            print(f"{name:<28} {ordinary:8.2f} {hostile:8.2f} {hostile / ordinary:6.2f}")
    if limits:
        print(f"{'papersite check (refused)':<34} {'seconds':>8}")
        for name, seconds in limits:
            print(f"{name:<34} {seconds:8.2f}")
    worst = max([s / base for _, s in builds] + [h / o for _, o, h in ingests])
    print(f"worst ratio {worst:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
