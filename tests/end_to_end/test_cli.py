"""The command line: ingest, check and build on scratch projects."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import main
from generator.readers.trending_text import HEADER_LINES
from generator.sources.store import load_papers
from tests.conftest import FIXTURES, REPO, SEED_LISTING, copy_project, write_tree

LISTINGS = FIXTURES / "listings"
PAPERSITE = REPO / ".venv" / "bin" / "papersite"
OLD_NS = 1_000_000_000_000_000_000

VOCABULARY = """\
- id: graphs
  name: Graphs
  description: Learning on graphs.
  phrases: [graph neural network, graph]
- id: llm
  name: LLMs
  description: Large language models.
  phrases: [large language model, LLM]
"""


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` with its bytes and modification time."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def age(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD_NS, OLD_NS))


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def seed_titles() -> list[str]:
    """The seed's titles, read independently of the readers."""
    lines = [line.strip() for line in SEED_LISTING.read_text().splitlines() if line.strip()]
    lines = [line for line in lines if line.lower() not in HEADER_LINES]
    return lines[1::2]


# ---------------------------------------------------------------- ingest


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, Path, Result]:
    """A scratch project after one ingest of the seed listing."""
    listing = tmp_path / "content" / "listings" / SEED_LISTING.name
    listing.parent.mkdir(parents=True)
    shutil.copy(SEED_LISTING, listing)
    return tmp_path, listing, run("ingest", str(listing), "--root", str(tmp_path))


def test_ingest_prints_counts_and_writes_papers(seeded: tuple[Path, Path, Result]) -> None:
    root, listing, result = seeded
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"{listing}: 64 new, 0 updated, 0 unchanged papers; 0 skipped; days 2025-03-11\n"
    )
    papers, _, problems = load_papers(root / "content" / "papers")
    assert problems == []
    assert len(papers) == 64
    assert sorted(p.title for p in papers.values()) == sorted(seed_titles())
    assert all(p.listed == (date(2025, 3, 11),) for p in papers.values())
    assert {"lofit-localized-fine-tuning-on-llm-representations", "pointer-networks"} <= set(papers)
    day = yaml.safe_load((root / "content" / "days" / "2025-03-11.yml").read_text())
    assert day["day"] == date(2025, 3, 11)
    assert [papers[slug].title for slug in day["papers"]] == seed_titles()
    assert day["sources"] == [f"content/listings/{SEED_LISTING.name}"]


def test_reingest_changes_no_byte(seeded: tuple[Path, Path, Result]) -> None:
    root, listing, _ = seeded
    age(root / "content")
    before = snapshot(root / "content")
    result = run("ingest", str(listing), "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "0 new, 0 updated, 64 unchanged papers" in result.stdout
    assert snapshot(root / "content") == before


def test_reingest_keeps_corrections_and_makes_no_duplicate(
    seeded: tuple[Path, Path, Result],
) -> None:
    root, listing, _ = seeded
    papers_dir = root / "content" / "papers"
    paper = papers_dir / "pointer-networks.md"
    corrected = paper.read_text().replace(
        "title: Pointer Networks\n", "title: Pointer Networks (NeurIPS 2015)\n"
    )
    assert corrected != paper.read_text()
    paper.write_text(corrected)
    lofit = papers_dir / "lofit-localized-fine-tuning-on-llm-representations.md"
    front, _ = lofit.read_text().rsplit("\n---\n", 1)
    lofit.write_text(f"{front}\n---\n\nAn abstract a person rewrote.\n")
    age(root / "content")
    before = snapshot(root / "content")
    result = run("ingest", str(listing), "--root", str(root))
    assert result.exit_code == 0, result.output
    assert snapshot(root / "content") == before
    assert len(list(papers_dir.glob("*.md"))) == 64


def test_ingest_a_second_day_adds_the_day_to_known_papers(tmp_path: Path) -> None:
    first = write_tree(
        tmp_path,
        {"2024-06-03_a.txt": "Jun 3\n\nShared Paper\n\nAbstract.\n\nOnly First\n\nOne.\n"},
    )["2024-06-03_a.txt"]
    second = write_tree(tmp_path, {"2024-06-04_b.txt": "Jun 4\n\nshared paper\n\nAbstract.\n"})[
        "2024-06-04_b.txt"
    ]
    assert "2 new" in run("ingest", str(first), "--root", str(tmp_path)).stdout
    result = run("ingest", str(second), "--root", str(tmp_path))
    assert result.stdout.endswith(
        "0 new, 1 updated, 0 unchanged papers; 0 skipped; days 2024-06-04\n"
    )
    papers, _, _ = load_papers(tmp_path / "content" / "papers")
    assert papers["shared-paper"].title == "Shared Paper"
    assert papers["shared-paper"].listed == (date(2024, 6, 3), date(2024, 6, 4))
    assert papers["only-first"].listed == (date(2024, 6, 3),)


def test_ingest_year_option(tmp_path: Path) -> None:
    listing = LISTINGS / "undated_small.txt"
    failed = run("ingest", str(listing), "--root", str(tmp_path))
    assert failed.exit_code == 1
    assert f"{listing}:1: " in failed.stderr
    assert "no year" in failed.stderr
    assert not (tmp_path / "content").exists()
    result = run("ingest", str(listing), "--year", "2023", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "2 new, 0 updated, 0 unchanged papers; 0 skipped; days 2023-06-03\n"
    )
    assert (tmp_path / "content" / "days" / "2023-06-03.yml").is_file()


def test_a_title_without_abstract_becomes_a_paper_that_check_warns_about(
    tmp_path: Path,
) -> None:
    listing = LISTINGS / "2024-06-03_missing_abstract.txt"
    result = run("ingest", str(listing), "--root", str(tmp_path))
    assert result.exit_code == 0
    assert "2 new, 0 updated, 0 unchanged papers; 0 skipped" in result.stdout
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("no abstract: ")]
    assert line.startswith(f"no abstract: {listing}:7: 'A Title Without Its Abstract'")
    assert "content/papers/a-title-without-its-abstract.md" in line
    assert f"{listing}:7: " in (tmp_path / "ingest-report.txt").read_text()
    day = yaml.safe_load((tmp_path / "content" / "days" / "2024-06-03.yml").read_text())
    assert day["papers"] == ["sparse-mixture-of-experts-at-scale", "a-title-without-its-abstract"]
    shutil.copy(REPO / "content" / "tags.yml", tmp_path / "content" / "tags.yml")
    checked = run("check", "--root", str(tmp_path))
    assert checked.exit_code == 0
    warnings = [line for line in checked.stderr.splitlines() if ": note: " not in line]
    assert warnings == [
        "content/papers/a-title-without-its-abstract.md:7: warning: the abstract is missing "
        "(hint: paste it from the paper's arXiv page after the '---')"
    ]
    # Neither listed paper had an arXiv id: a note each, which fails nothing.
    assert checked.stdout == "content/ is valid (1 warning, 2 notes).\n"


def test_ingest_of_an_unreadable_listing_fails_and_writes_nothing(tmp_path: Path) -> None:
    listing = tmp_path / "2024-06-03_bad.txt"
    listing.write_text("Jun 3\n\nTwo lines\nof no paper\n")
    result = run("ingest", str(listing), "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].startswith(f"{listing}:3: ")
    assert result.stderr.splitlines()[-1] == "1 problem found."
    assert not (tmp_path / "content").exists()


def test_ingest_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("ingest", str(tmp_path / "nope.txt"), "--root", str(tmp_path))
    assert result.exit_code == 2


# ---------------------------------------------------------------- check and build

GOOD_TREE = {
    "content/tags.yml": VOCABULARY,
    "content/papers/good.md": (
        "---\ntitle: 'Graph Networks: A Good Paper'\nslug: good\narxiv_id: '2401.00001'\n"
        "listed:\n- 2025-03-11\n"
        "tags:\n- graphs\n---\n\nGraph networks for molecules.\n"
    ),
    "content/papers/second.md": (
        "---\ntitle: A Large Language Model Paper\nslug: second\narxiv_id: '2401.00002'\n"
        "listed:\n- 2025-03-11\n"
        "notes: Compare [[good]].\n---\n\nAn LLM reads graphs of molecules.\n"
    ),
    "content/days/2025-03-11.yml": "day: 2025-03-11\npapers:\n- good\n- second\nsources: []\n",
}

BROKEN_TREE = {
    "content/tags.yml": VOCABULARY,
    "content/papers/good.md": GOOD_TREE["content/papers/good.md"],
    "content/papers/yaml-error.md": (
        "---\nslug: yaml-error\ntitle: Broken: unquoted colon\n---\n\nText.\n"
    ),
    "content/papers/typo.md": "---\ntitle: Typo Paper\nslug: typo\ntittle: x\n---\n\nText.\n",
    "content/papers/bad-tag.md": (
        "---\ntitle: Bad Tag Paper\nslug: bad-tag\ntags:\n- graphs\n- grahps\n---\n\nText.\n"
    ),
    "content/papers/broken-link.md": (
        "---\ntitle: Broken Link Paper\nslug: broken-link\n"
        "notes: See [[good]] and [[nowhere]].\n---\n\nText.\n"
    ),
    "content/papers/empty-abstract.md": "---\ntitle: Empty\nslug: empty-abstract\n---\n",
    "content/papers/wrong-name.md": "---\ntitle: Wrong Name\nslug: other\n---\n\nText.\n",
    "content/days/2025-03-11.yml": (
        "day: 2025-03-11\npapers:\n- good\n- missing-paper\nsources: []\n"
    ),
}
BROKEN_AT = {
    ("content/papers/yaml-error.md", 3),
    ("content/papers/typo.md", 4),
    ("content/papers/bad-tag.md", 6),
    ("content/papers/broken-link.md", 4),
    ("content/papers/empty-abstract.md", 5),
    ("content/papers/wrong-name.md", 3),
    ("content/days/2025-03-11.yml", 4),
}
PROBLEM_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.+)$")


def reported(stderr: str, root: Path) -> set[tuple[str, int]]:
    found = set()
    for line in stderr.splitlines():
        match = PROBLEM_LINE.match(line)
        if match:
            # Paths may be printed absolute or relative to the project folder.
            path = root / match["path"]
            relative = path.resolve().relative_to(root.resolve()).as_posix()
            found.add((relative, int(match["line"])))
    return found


def test_check_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    write_tree(tmp_path, BROKEN_TREE)
    result = run("check", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert reported(result.stderr, tmp_path) == BROKEN_AT
    # The missing abstract is a warning: the paper still gets its page.
    errors = len(BROKEN_AT) - 1
    assert result.stderr.splitlines()[-1] == f"{errors} problems found, 1 warning."
    assert "did you mean 'title'?" in result.stderr
    assert "did you mean 'graphs'?" in result.stderr
    assert "[[nowhere]]" in result.stderr
    assert "missing-paper" in result.stderr


def test_check_accepts_a_good_tree(tmp_path: Path) -> None:
    write_tree(tmp_path, GOOD_TREE)
    result = run("check", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "content/ is valid.\n"
    assert result.stderr == ""


def test_check_reports_a_mistyped_date_instead_of_crashing(tmp_path: Path) -> None:
    write_tree(tmp_path, GOOD_TREE)
    write_tree(
        tmp_path,
        {
            "content/papers/bad-date.md": "---\ntitle: D\nslug: bad-date\nlisted:\n- 2025-02-30\n"
            "---\n\nText.\n"
        },
    )
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert reported(result.stderr, tmp_path) == {("content/papers/bad-date.md", 5)}


def test_build_refuses_a_broken_tree(tmp_path: Path) -> None:
    write_tree(tmp_path, BROKEN_TREE)
    result = run("build", "--no-mkdocs", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert reported(result.stderr, tmp_path) == BROKEN_AT
    assert not (tmp_path / "build" / "docs").exists()


def test_build_no_mkdocs_writes_build_docs(tmp_path: Path) -> None:
    write_tree(tmp_path, GOOD_TREE)
    result = run("build", "--no-mkdocs", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Built in" in result.stdout
    docs = tmp_path / "build" / "docs"
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) == [
        "about.md",
        "days/2025-03-11.md",
        "days/index.md",
        "index.md",
        "months/2025-03.md",
        "papers/good.md",
        "papers/second.md",
        "reading-list.md",
        "tags/graphs.md",
        "tags/index.md",
        "tags/llm.md",
        "top/index.md",
        "weeks/2025-W11.md",
    ]
    assert not (tmp_path / "site").exists()
    good = (docs / "papers" / "good.md").read_text()
    assert "# Graph Networks&#58; A Good Paper" in good
    assert 'href="../second/"' in good  # the backlink from [[good]] in second's notes


def test_rebuild_changes_no_byte(tmp_path: Path) -> None:
    write_tree(tmp_path, GOOD_TREE)
    assert run("build", "--no-mkdocs", "--root", str(tmp_path)).exit_code == 0
    age(tmp_path / "build")
    before = snapshot(tmp_path / "build")
    assert run("build", "--no-mkdocs", "--root", str(tmp_path)).exit_code == 0
    assert snapshot(tmp_path / "build") == before


def test_ingest_then_build_the_seed(seeded: tuple[Path, Path, Result]) -> None:
    root, _, _ = seeded
    write_tree(root, {"content/tags.yml": VOCABULARY})
    result = run("build", "--no-mkdocs", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert len(list((root / "build" / "docs" / "papers").glob("*.md"))) == 64


def test_installed_command_reports_problems_on_stderr(tmp_path: Path) -> None:
    write_tree(tmp_path, BROKEN_TREE)
    done = subprocess.run(
        [str(PAPERSITE), "check", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert reported(done.stderr, tmp_path) == BROKEN_AT
    assert done.stdout == ""


def test_serve_on_a_taken_port_says_so(tmp_path: Path) -> None:
    import socket

    project = copy_project(tmp_path / "site").root
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--root", str(project)])
    assert result.exit_code == 1
    assert f"port {port} is already in use" in result.output
    assert "Traceback" not in result.output
