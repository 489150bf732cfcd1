"""The whole content tree at once: every file read and checked, every problem located."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from generator.config import Project
from generator.model import Listing, Paper, Problem, Tag
from generator.sources import check, store


@dataclass(frozen=True)
class Content:
    """The content tree as read: papers, their files, tags and listing days."""

    papers: dict[str, Paper]
    paths: dict[str, str]
    tags: tuple[Tag, ...]
    listings: dict[date, Listing]


def load_content(project: Project) -> tuple[Content, list[Problem]]:
    """Read and validate the whole content tree; return it with every problem found
    (warnings included: see ``Problem.warning``), sorted by path and line."""
    tags, problems = store.load_tags(project.tags_file)
    papers, paths, paper_problems = store.load_papers(project.papers_dir)
    listings, day_problems = store.load_days(project.days_dir)
    problems += paper_problems + day_problems
    problems += check.check_papers(papers, paths, tags)
    unreadable = {path.stem for path in project.papers_dir.glob("*.md")} - set(papers)
    problems += check.check_days(listings, papers, project.days_dir, paths, unreadable)
    located = sorted(
        {replace(p, path=project.relative(Path(p.path))) for p in problems},
        key=lambda p: (p.path, p.line, p.message),
    )
    return Content(papers, paths, tags, listings), located


def content_notes(project: Project, content: Content) -> list[Problem]:
    """Return the notes ``papersite check`` adds (:func:`check.missing_ids`), located
    like :func:`load_content`'s problems. A build leaves them out: they ask for more
    data, and a seed of 64 papers without ids would log 64 lines on every build."""
    return [
        replace(note, path=project.relative(Path(note.path)))
        for note in check.missing_ids(content.papers, content.paths)
    ]
