"""Writing build/docs: only changed files are written, stale files and empty folders go."""

from __future__ import annotations

import os
from pathlib import Path

from generator.publish.output import WriteReport, write_docs

OLD_NS = 1_000_000_000_000_000_000


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, contents in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(contents, encoding="utf-8")


def tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def age(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD_NS, OLD_NS))


PAGES = {
    "index.md": "# Home\n",
    "papers/a.md": "# A\n",
    "papers/b.md": "# B ✓\n",
    "tags/index.md": "# Tags\n",
}


def test_first_write_creates_every_page(tmp_path: Path) -> None:
    docs = tmp_path / "build" / "docs"
    assert write_docs(docs, PAGES) == WriteReport(written=4, unchanged=0, removed=0)
    assert tree(docs) == PAGES


def test_unchanged_pages_are_not_touched(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_docs(docs, PAGES)
    age(docs)
    changed = {**PAGES, "papers/b.md": "# B, corrected\n"}
    assert write_docs(docs, changed) == WriteReport(written=1, unchanged=3, removed=0)
    assert tree(docs) == changed
    mtimes = {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    assert mtimes.pop("papers/b.md") != OLD_NS
    assert set(mtimes.values()) == {OLD_NS}


def test_rewriting_the_same_pages_changes_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_docs(docs, PAGES)
    age(docs)
    assert write_docs(docs, PAGES) == WriteReport(written=0, unchanged=4, removed=0)
    assert {p.stat().st_mtime_ns for p in docs.rglob("*.md")} == {OLD_NS}


def test_stale_files_and_empty_folders_are_removed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_tree(
        docs,
        {
            **PAGES,
            "papers/renamed.md": "# old\n",
            "days/2020-01-01.md": "# old day\n",
            "old/deeper/still/x.md": "x",
            "tags/.hidden": "x",
        },
    )
    (docs / "empty" / "nested").mkdir(parents=True)
    assert write_docs(docs, PAGES) == WriteReport(written=0, unchanged=4, removed=4)
    assert tree(docs) == PAGES
    assert folders(docs) == ["papers", "tags"]


def test_no_pages_empties_the_folder_but_keeps_it(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_tree(docs, PAGES)
    assert write_docs(docs, {}) == WriteReport(written=0, unchanged=0, removed=4)
    assert docs.is_dir()
    assert list(docs.iterdir()) == []


def test_nothing_outside_the_docs_folder_is_touched(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/papers/a.md": "keep", "site/index.html": "keep"})
    write_docs(tmp_path / "build" / "docs", PAGES)
    assert tree(tmp_path / "content") == {"papers/a.md": "keep"}
    assert tree(tmp_path / "site") == {"index.html": "keep"}
