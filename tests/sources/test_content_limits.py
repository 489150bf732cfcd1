"""Hostile content files fail `papersite check` clearly, never slowly, never with a traceback.

Each case is a content file from issue 16's attack on the build; each must give a
``path:line: message`` while every other file is still checked.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import Project
from generator.model import Listing, Paper
from generator.sources import store
from generator.sources.limits import MAX_CONTENT_BYTES
from generator.sources.tree import load_content
from tests.conftest import FIXTURES, copy_project, write_tree

# A typo elsewhere in the tree: every test checks it is still reported.
TYPO = "content/papers/other.md:5: unknown tag 'federated-lerning'"
GOOD = Paper(
    slug="good", title="A Good Paper", abstract="An abstract.", listed=(date(2025, 3, 11),)
)


def project_with(tmp_path: Path, files: dict[str, str | bytes]) -> Project:
    """A small content tree (one good paper, one with a typo) plus ``files``."""
    project = copy_project(tmp_path, content=False)
    store.save_paper(project.papers_dir, GOOD)
    store.save_day(project.days_dir, Listing(date(2025, 3, 11), ("good",)))
    write_tree(
        tmp_path,
        {
            "content/papers/other.md": "---\ntitle: Other\nslug: other\ntags:\n"
            "- federated-lerning\n---\n\nAn abstract.\n",
            **files,
        },
    )
    return project


def check(project: Project) -> list[str]:
    """Run `papersite check`; return its error lines (without the hints)."""
    result = CliRunner().invoke(main, ["check", "--root", str(project.root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(TYPO) for line in lines)  # the rest is still checked
    return [line.split(" (hint:")[0] for line in lines]


def paper_file(front: str, body: str = "An abstract.") -> str:
    return f"---\ntitle: Bad\nslug: bad\n{front}---\n\n{body}\n"


# A "billion laughs" in 324 bytes: nine levels of nine aliases each (9^9 references).
ALIAS_BOMB = (
    "a: &a ["
    + ",".join(["lol"] * 9)
    + "]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8)
    )
)


@pytest.mark.parametrize(
    "name",
    ["content/papers/bad.md", "content/days/2025-03-12.yml", "content/tags.yml"],
)
def test_yaml_alias_bomb_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    text = paper_file(ALIAS_BOMB) if name.endswith(".md") else ALIAS_BOMB
    project = project_with(tmp_path, {name: text})
    errors = check(project)
    first_alias = 5 if name.endswith(".md") else 2
    assert f"{name}:{first_alias}: YAML alias '*a' is not allowed in content files" in errors
    assert len([error for error in errors if error.startswith(name)]) == 1


def test_yaml_python_tag_is_a_located_problem_not_a_traceback(tmp_path: Path) -> None:
    bad = paper_file("notes: !!python/object/apply:os.system ['echo owned']\n")
    errors = check(project_with(tmp_path, {"content/papers/bad.md": bad}))
    assert (
        "content/papers/bad.md:4: YAML tag '!!python/object/apply:os.system' "
        "is not allowed in content files"
    ) in errors


@pytest.mark.parametrize("nested", ["[" * 1000 + "]" * 1000, "{a: " * 1000 + "1" + "}" * 1000])
def test_yaml_1000_deep_nesting_is_a_located_problem(tmp_path: Path, nested: str) -> None:
    bad = paper_file(f"notes: {nested}\n")
    errors = check(project_with(tmp_path, {"content/papers/bad.md": bad}))
    assert "content/papers/bad.md:4: YAML nested more than 20 levels deep" in errors


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("title", r'"Control\x01character"', "U+0001"),
        ("title", r'"Carriage\rreturn"', "U+000D"),
        ("notes", r'"Escape \e[31m red"', "U+001B"),
        ("title", '"evil\u202egnirts"', "U+202E"),
        ("title", '"zero\u200bwidth"', "U+200B"),
        ("authors", '["Iso\u2066late"]', "U+2066"),
    ],
)
def test_invisible_and_control_characters_fail_check(
    tmp_path: Path, field: str, value: str, code: str
) -> None:
    front = f"{field}: {value}\n" if field != "title" else ""
    text = paper_file(front).replace(
        "title: Bad", f"title: {value}" if field == "title" else "title: Bad"
    )
    errors = check(project_with(tmp_path, {"content/papers/bad.md": text}))
    line = 2 if field == "title" else 4
    assert any(
        error.startswith(f"content/papers/bad.md:{line}: {field}: invisible character {code}")
        for error in errors
    ), errors


def test_invisible_characters_in_the_abstract_fail_check_at_their_line(tmp_path: Path) -> None:
    text = paper_file("", "First paragraph.\n\nSecond \u202e paragraph.")
    errors = check(project_with(tmp_path, {"content/papers/bad.md": text}))
    assert "content/papers/bad.md:8: abstract: invisible character U+202E" in " ".join(errors)


@pytest.mark.parametrize(("day", "line"), [("2106-02-08", 1), ("1970-01-01", 1), ("9999-12-31", 1)])
def test_listing_day_outside_1990_to_next_year_fails_check(
    tmp_path: Path, day: str, line: int
) -> None:
    files = {f"content/days/{day}.yml": f"day: {day}\npapers:\n- good\n"}
    errors = check(project_with(tmp_path, files))
    assert any(
        error.startswith(f"content/days/{day}.yml:{line}: listing day {day} is not between 1990")
        for error in errors
    ), errors


def test_listing_day_of_next_year_is_accepted(tmp_path: Path) -> None:
    day = date(date.today().year + 1, 1, 1).isoformat()
    project = project_with(tmp_path, {f"content/days/{day}.yml": f"day: {day}\npapers:\n- good\n"})
    assert not any("listing day" in error for error in check(project))


def test_ingest_refuses_a_listing_dated_2106(tmp_path: Path) -> None:
    project = copy_project(tmp_path, content=False)
    listing = tmp_path / "trending.txt"
    small = (FIXTURES / "listings" / "2024-06-03_small.txt").read_text(encoding="utf-8")
    listing.write_text(small.replace("Jun 3\n", "Feb 8, 2106\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(listing), "--root", str(project.root)])
    assert result.exit_code == 1
    assert "listing day 2106-02-08 is not between 1990" in result.stderr
    assert not list(project.papers_dir.glob("*.md"))


@pytest.mark.parametrize("name", ["content/days/x.yml", "content/papers/x.md", "content/tags.yml"])
def test_content_file_that_is_a_symlink_to_dev_zero_is_refused(tmp_path: Path, name: str) -> None:
    project = project_with(tmp_path, {})
    target = tmp_path / name
    target.unlink(missing_ok=True)
    os.symlink("/dev/zero", target)
    errors = check(project) if name != "content/tags.yml" else check_without_typo(project)
    assert f"{name}:1: not a regular file" in errors


def test_content_file_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    os.mkfifo(project.days_dir / "x.yml")
    assert "content/days/x.yml:1: not a regular file" in check(project)


def check_without_typo(project: Project) -> list[str]:
    """Problems of a tree whose vocabulary is unreadable (so every tag is unknown)."""
    _, problems = load_content(project)
    return [str(problem).split(" (hint:")[0] for problem in problems]


@pytest.mark.parametrize("name", ["content/papers/big.md", "content/days/2025-03-12.yml"])
def test_content_file_over_1_mb_is_refused(tmp_path: Path, name: str) -> None:
    big = "---\ntitle: Big\nslug: big\n---\n\n" + "word " * (MAX_CONTENT_BYTES // 5 + 1)
    text = (
        big if name.endswith(".md") else "day: 2025-03-12\npapers: []\n#" + "x" * MAX_CONTENT_BYTES
    )
    errors = check(project_with(tmp_path, {name: text}))
    assert f"{name}:1: the file is larger than 1 MB" in errors


def test_a_paper_of_almost_1_mb_is_accepted(tmp_path: Path) -> None:
    body = "word " * ((MAX_CONTENT_BYTES - 100) // 5)
    text = paper_file("", body).replace("slug: bad", "slug: big")
    project = project_with(tmp_path, {"content/papers/big.md": text})
    errors = check(project)
    assert not any(error.startswith("content/papers/big.md") for error in errors)


def test_a_lone_surrogate_in_a_json_lines_record_is_dropped_not_fatal(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site", content=False)
    listing = tmp_path / "2025-03-11_papers.jsonl"
    listing.write_text(
        '{"title": "Bad \\ud800 title", "abstract": "Its abstract \\udfff here.", '
        '"authors": ["Ann \\ud800"], "github": "https://github.com/a/b\\ud800", '
        '"listing_date": "2025-03-11"}\n'
        '{"title": "Good title", "abstract": "A fine abstract.", "listing_date": "2025-03-11"}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["ingest", str(listing), "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    papers = {path.stem: path.read_text(encoding="utf-8") for path in project.papers_dir.iterdir()}
    assert set(papers) == {"bad-title", "good-title"}
    assert "\ntitle: Bad  title\n" in papers["bad-title"]  # the character goes, nothing else
    assert "github.com/a/b" not in papers["bad-title"]


def test_a_paper_naming_thousands_of_tags_is_refused_at_its_tags_line(tmp_path: Path) -> None:
    ids = [f"t{i}" for i in range(1000)]
    vocabulary = "".join(f"- id: t{i}\n  name: T{i}\n  description: A tag.\n" for i in range(1000))
    seed_tags = (FIXTURES.parent.parent / "content" / "tags.yml").read_text(encoding="utf-8")
    project = project_with(
        tmp_path,
        {
            "content/tags.yml": seed_tags + vocabulary,
            "content/papers/bad.md": paper_file("tags:\n" + "".join(f"- {i}\n" for i in ids)),
        },
    )
    assert "content/papers/bad.md:4: 1000 tags; a paper names at most 30" in check(project)


def test_a_paper_naming_thirty_tags_passes_check(tmp_path: Path) -> None:
    seed_tags = (FIXTURES.parent.parent / "content" / "tags.yml").read_text(encoding="utf-8")
    ids = [line[len("- id: ") :] for line in seed_tags.splitlines() if line.startswith("- id: ")]
    project = project_with(
        tmp_path,
        {"content/papers/bad.md": paper_file("tags:\n" + "".join(f"- {i}\n" for i in ids[:30]))},
    )
    assert not [line for line in check(project) if "bad.md" in line]
