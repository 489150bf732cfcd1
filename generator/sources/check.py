"""Cross-file checks of the content tree; per-file rules live in ``schema`` and ``store``.

Every problem is located as ``path:line`` with a hint, and all are reported at once.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from generator.enrich.links import resolve_wiki_links, title_index
from generator.enrich.tagging import Matcher, tag_paper
from generator.model import Listing, Paper, Problem, Tag
from generator.sources.limits import MAX_TAGS_PER_PAPER
from generator.sources.store import abstracts_match, title_key


def _line(path: str, needle: str, after: str = "") -> int:
    """Return the first line of ``path`` containing ``needle`` (after a line with ``after``)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except OSError:
        return 1
    started = not after
    for number, line in enumerate(lines, 1):
        started = started or after in line
        if started and needle in line:
            return number
    return 1


def check_papers(
    papers: Mapping[str, Paper], paths: Mapping[str, str], tags: Iterable[Tag]
) -> list[Problem]:
    """Check what one paper file cannot know alone: tags, duplicates, links, URLs."""
    problems: list[Problem] = []
    known = sorted(tag.id for tag in tags)
    known_set = frozenset(known)
    titles = title_index(papers)
    matcher = Matcher.compile(tags) if any(p.not_tags for p in papers.values()) else None
    for slug, paper in papers.items():
        path = paths[slug]
        if matcher is not None and paper.not_tags:
            problems += _needless_not_tags(paper, path, matcher)
        if len(paper.tags) > MAX_TAGS_PER_PAPER:
            problems.append(
                Problem(
                    path,
                    _line(path, "tags:"),
                    f"{len(paper.tags)} tags; a paper names at most {MAX_TAGS_PER_PAPER}",
                    "keep the tags that say what the paper is about; "
                    "tags matched from the abstract need no entry",
                )
            )
        for key in ("tags", "not_tags"):
            for tag in getattr(paper, key):
                if tag not in known_set:
                    close = difflib.get_close_matches(tag, known, n=1)
                    hint = f"did you mean '{close[0]}'?" if close else "see content/tags.yml"
                    problems.append(
                        Problem(path, _line(path, tag, f"{key}:"), f"unknown tag '{tag}'", hint)
                    )
        for tag in sorted(set(paper.tags) & set(paper.not_tags)):
            problems.append(
                Problem(
                    path,
                    _line(path, tag, "not_tags:"),
                    f"tag '{tag}' is both added and suppressed",
                    "keep it in 'tags' or in 'not_tags', not both",
                )
            )
        for url in paper.code:
            if not _is_web_url(url):
                problems.append(
                    Problem(
                        path,
                        _line(path, url, "code:"),
                        f"malformed code URL '{url}'",
                        "use a full http(s) address such as https://github.com/owner/repo",
                    )
                )
        for text in resolve_wiki_links(paper.notes, papers, titles)[1]:
            problems.append(
                Problem(
                    path,
                    _line(path, f"[[{text}"),
                    f"broken link [[{text}]]",
                    "link to a paper by its slug (file name) or its exact title; "
                    "[[slug|shown text]] sets the text",
                )
            )
    problems += _duplicates(papers, paths)
    return problems


def missing_ids(papers: Mapping[str, Paper], paths: Mapping[str, str]) -> list[Problem]:
    """Return a note (:attr:`Problem.note`) for each paper without an arXiv id, at its
    ``title:`` line, saying how to add one: its page can then link arXiv's abstract and
    PDF, and its citation take arXiv's year instead of none.

    Notes stop nothing: the seed's papers have no ids, and a listing may not give one.
    """
    return [
        Problem(
            paths[slug],
            _line(paths[slug], "title:"),
            "no arXiv id: the page can only offer title searches, and the citation has no year",
            "find the paper with its page's arXiv title search, then add its id without "
            "the version to the front matter, like `arxiv_id: 2003.10555`",
            warning=True,
            note=True,
        )
        for slug, paper in sorted(papers.items())
        if not paper.arxiv_id
    ]


def _is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host (``https://[x`` has none: an
    unclosed IPv6 bracket, on which ``urlsplit`` raises ``ValueError``)."""
    try:
        parts = urlsplit(url)
        return parts.scheme in {"http", "https"} and bool(parts.hostname)
    except ValueError:
        return False


def _needless_not_tags(paper: Paper, path: str, matcher: Matcher) -> list[Problem]:
    """Warn of ``not_tags`` entries the paper would not get anyway: a typo, or a tag
    whose phrases changed, and the wrong tag it meant to remove may be back."""
    automatic = {a.tag for a in tag_paper(replace(paper, not_tags=()), matcher)}
    known = {tag.id for tag in matcher.tags}
    return [
        Problem(
            path,
            _line(path, tag, "not_tags:"),
            f"not_tags: the paper does not get tag '{tag}' anyway",
            "remove it from not_tags, or check which tag is wrong on the paper's page",
            warning=True,
        )
        for tag in paper.not_tags
        if tag in known and tag not in automatic
    ]


def _duplicates(papers: Mapping[str, Paper], paths: Mapping[str, str]) -> list[Problem]:
    """Report a second file for one paper: same arXiv id, or same title with matching
    abstracts and without two ids."""
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for slug, paper in sorted(papers.items()):
        if title_key(paper.title):
            by_key[("title", title_key(paper.title))].append(slug)
        if paper.arxiv_id:
            by_key[("arXiv id", paper.arxiv_id)].append(slug)
    problems = []
    for (kind, _), slugs in sorted(by_key.items()):
        for slug in slugs[1:]:
            first, other = papers[slugs[0]].arxiv_id, papers[slug].arxiv_id
            if kind == "title" and first and other and first != other:
                continue  # two arXiv ids are two papers, whatever their titles
            if kind == "title" and not abstracts_match(
                papers[slugs[0]].abstract, papers[slug].abstract
            ):
                continue  # one title, two abstracts: two papers (as ingest decides)
            problems.append(
                Problem(
                    paths[slug],
                    _line(paths[slug], "title:" if kind == "title" else "arxiv_id:"),
                    f"same {kind} as {Path(paths[slugs[0]]).name}: two files for one paper",
                    "keep the file whose URL is published, merge the other into it, delete it",
                )
            )
    return problems


def check_days(
    listings: Mapping[date, Listing],
    papers: Mapping[str, Paper],
    days_dir: Path,
    paths: Mapping[str, str] | None = None,
    unreadable: Collection[str] = (),
) -> list[Problem]:
    """Check that listing days and papers agree.

    Every paper a day file names must exist, and a paper ``listed`` on a day must be in
    that day's file (else its page would link to a day page that does not exist). A
    slug in ``unreadable`` has a file whose own problems are reported: not "unknown".
    """
    problems = []
    for slug, paper in sorted(papers.items()):
        for day in paper.listed:
            if slug in (listings[day].papers if day in listings else ()):
                continue
            path = (paths or {}).get(slug, slug)
            day_file = f"content/days/{day.isoformat()}.yml"
            problems.append(
                Problem(
                    path,
                    _line(path, day.isoformat(), "listed:"),
                    f"listed on {day.isoformat()}, but {day_file} does not list this paper",
                    f"remove the day from 'listed', or add '{slug}' to {day_file}",
                )
            )
    for day, listing in listings.items():
        path = str(days_dir / f"{day.isoformat()}.yml")
        for slug in listing.papers:
            if slug not in papers and slug not in unreadable:
                problems.append(
                    Problem(
                        path,
                        _line(path, slug),
                        f"unknown paper '{slug}'",
                        "each entry must be the file name of a paper in content/papers/",
                    )
                )
    return problems
