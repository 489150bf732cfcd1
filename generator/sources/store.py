"""Read and write the content tree: papers, listing days and the tag vocabulary.

Only this module and ``output`` touch the disk. Writes are atomic (temp file +
``os.replace``) and skipped when the bytes would not change, so re-ingesting a
listing leaves ``git status`` clean. The merge rules for a paper seen again live
here: fill what is missing, never change a value a person may have corrected.
"""

from __future__ import annotations

import contextlib
import difflib
import itertools
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.model import Listing, Paper, Problem, Tag
from generator.runtime.parallel import split_map
from generator.sources import limits
from generator.sources.schema import (
    FACT_FIELDS,
    FIELD_NAMES,
    DayFile,
    PaperFrontMatter,
    TagEntry,
)
from generator.text.texmath import text_macros

FRONT_MATTER_FENCE = "---"
# libyaml's parser when PyYAML has it (the same safe rules, ~10x faster at 19k files).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# ---------------------------------------------------------------- writing


# libyaml's emitter likewise: the same bytes for all 19k corpus papers, 5x faster.
_SAFE_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SAFE_DUMPER):  # type: ignore[valid-type,misc]
    """Safe YAML whose multi-line strings use the readable ``|`` style when exact."""

    def ignore_aliases(self, data: Any) -> bool:
        """Write a value used twice out twice: content files may not hold aliases."""
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """Return ``data`` as block YAML that ``yaml.safe_load`` reads back identical."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def write_text_atomic(path: Path, text: str, durable: bool = True) -> bool:
    """Write ``text`` to ``path`` atomically; return False (and write nothing) if unchanged.

    ``durable`` also syncs the file to disk before it replaces the old one: wanted for
    content people wrote, not for derived files a build can write again.
    """
    temp = _temp_copy(path, text, durable)
    if temp is None:
        return False
    try:
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def _temp_copy(path: Path, text: str, durable: bool) -> str | None:
    """Write ``text`` to a new temporary file beside ``path`` and return its name, or
    None when ``path`` already holds exactly ``text``; ``durable`` fsyncs the copy."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return None
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return temp


class StagedWrites:
    """Atomic, durable writes of many files with two disk syncs in all, not one per file.

    :meth:`write` puts the new text in a temporary file beside its target; leaving the
    ``with`` block syncs every file system once, renames each temporary file over its
    target (atomic, as :func:`write_text_atomic`) and syncs again, so no target is ever
    a partly written file. An ingest of 19,000 papers spent 10 s in per-file fsync. If
    the block raises, the temporary files are removed and no target changes.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[str, Path]] = []

    def __enter__(self) -> StagedWrites:
        return self

    def write(self, path: Path, text: str) -> bool:
        """Stage ``text`` for ``path``; return False (staging nothing) if unchanged."""
        temp = _temp_copy(path, text, durable=False)  # synced all at once on exit
        if temp is None:
            return False
        self._staged.append((temp, path))
        return True

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        if exc_type is not None:
            for temp, _ in self._staged:
                Path(temp).unlink(missing_ok=True)
            return
        _sync([temp for temp, _ in self._staged])
        for done, (temp, path) in enumerate(self._staged):
            try:
                os.replace(temp, path)
            except BaseException:  # interrupted: each file is old or new, none partial
                for left, _ in self._staged[done:]:
                    Path(left).unlink(missing_ok=True)
                raise
        _sync([str(path.parent) for path in {path.parent: path for _, path in self._staged}])


def _sync(paths: list[str]) -> None:
    """Flush ``paths`` (files, or folders holding renames) to disk: one ``sync()`` where
    the system has it, else an fsync of each."""
    if not paths:
        return
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:  # pragma: no cover - systems without sync() (Windows)
        with contextlib.suppress(OSError), open(path, "rb") as stream:
            os.fsync(stream.fileno())


def paper_text(paper: Paper) -> str:
    """Return the file text of ``content/papers/<slug>.md`` for ``paper``."""
    data: dict[str, Any] = {"title": paper.title, "slug": paper.slug}
    if paper.arxiv_id:
        data["arxiv_id"] = paper.arxiv_id
    if paper.authors:
        data["authors"] = list(paper.authors)
    data["listed"] = sorted(paper.listed)
    for key in ("code", "tags", "not_tags"):
        if getattr(paper, key):
            data[key] = list(getattr(paper, key))
    for key in FACT_FIELDS:
        if getattr(paper, key) is not None:
            data[key] = getattr(paper, key)
    if paper.notes:
        data["notes"] = paper.notes
    return f"---\n{dump_yaml(data)}---\n\n{paper.abstract}\n"


def save_paper(
    papers_dir: Path, paper: Paper, write: Callable[[Path, str], bool] = write_text_atomic
) -> bool:
    """Write ``paper`` to ``papers_dir/<slug>.md`` with ``write`` (atomic; or
    :meth:`StagedWrites.write`); return True if the file changed."""
    return write(papers_dir / f"{paper.slug}.md", paper_text(paper))


def save_day(
    days_dir: Path, listing: Listing, write: Callable[[Path, str], bool] = write_text_atomic
) -> bool:
    """Write ``listing`` to ``days_dir/<day>.yml`` with ``write``; return True if changed."""
    data: dict[str, Any] = {
        "day": listing.day,
        "papers": list(listing.papers),
        "sources": list(listing.sources),
    }
    if listing.listed_as:
        data["listed_as"] = dict(sorted(listing.listed_as))
    return write(days_dir / f"{listing.day.isoformat()}.yml", dump_yaml(data))


# ---------------------------------------------------------------- reading


def _key_lines(node: yaml.Node | None, offset: int) -> dict[tuple[Any, ...], int]:
    """Map pydantic-style locations (key, index) to 1-based file lines."""
    lines: dict[tuple[Any, ...], int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        key = key_node.value
        lines[(key,)] = key_node.start_mark.line + offset
        if isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                lines[(key, index)] = item.start_mark.line + offset
    return lines


def _validation_problems(
    error: ValidationError,
    path: str,
    lines: dict[tuple[Any, ...], int],
    default_line: int,
    fields: tuple[str, ...] = FIELD_NAMES,
) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        line = lines.get(loc) or lines.get(loc[:1]) or default_line
        field = ".".join(str(part) for part in loc) or "front matter"
        if item["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(loc[0]), fields, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(fields)}"
            problems.append(Problem(path, line, f"unknown key '{loc[0]}'", hint))
        elif item["type"] == "missing":
            problems.append(Problem(path, line, f"missing required key '{field}'"))
        elif item["type"] == "string_too_short":
            problems.append(Problem(path, line, f"{field}: is empty"))
        elif item["type"] == "string_type" and isinstance(item["input"], int | float):
            problems.append(
                Problem(
                    path,
                    line,
                    f"{field}: {item['msg']}",
                    "put the value in quotes ('...'): unquoted, YAML reads it as a number",
                )
            )
        elif item["type"] == "list_type":
            problems.append(
                Problem(
                    path,
                    line,
                    f"{field}: {item['msg']}",
                    f"write one '- value' line per item under '{loc[0]}:', even for one item",
                )
            )
        elif loc[-1:] in {("slug",), ("id",)} and item["type"] == "string_pattern_mismatch":
            problems.append(
                Problem(
                    path,
                    line,
                    f"{field}: '{item['input']}' is not lower-case words joined by hyphens",
                    "use letters a-z, digits and single hyphens (and the same file name)",
                )
            )
        else:
            message = item["msg"].removeprefix("Value error, ")
            problems.append(Problem(path, line, f"{field}: {message}"))
    return problems


def _load_yaml(text: str, path: str, offset: int) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Parse ``text`` (which starts on file line ``offset``) as YAML.

    Returns the data, the node tree (for line numbers) and problems: syntax errors,
    what :func:`limits.yaml_structure_problems` refuses (aliases, tags, deep nesting;
    the data is None then), impossible dates (PyYAML raises ``ValueError`` for
    ``2025-02-30``), keys given twice in one mapping (PyYAML silently keeps the last)
    and :data:`limits.HIDDEN` characters in values.
    """
    refused = limits.yaml_structure_problems(text, path, offset, _LOADER)
    if refused:
        return None, None, refused
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as fast_error:
        # Report with the pure-Python parser: same message whether or not libyaml is there.
        try:
            yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            return None, None, [_yaml_problem(error, path, offset)]
        except RecursionError:  # the pure-Python parser recurses per nesting level
            pass
        return None, None, [_yaml_problem(fast_error, path, offset)]
    problems = _duplicate_keys(node, path, offset) + _hidden_in_values(node, path, offset)
    try:
        data = yaml.load(text, Loader=_LOADER)  # a safe loader: C or Python
    except ValueError as error:
        line = _bad_timestamp_line(node, offset)
        return None, node, [*problems, Problem(path, line, f"not a real date: {error}")]
    return data, node, problems


def _walk(node: yaml.Node | None) -> Iterator[tuple[yaml.Node, str]]:
    """Yield every node under ``node`` (itself first) with the key it is the value of.

    Iterative: a deep tree is refused earlier, but recursion is not needed anyway.
    """
    stack: list[tuple[yaml.Node, str]] = [(node, "value")] if node is not None else []
    while stack:
        current, key = stack.pop()
        yield current, key
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in reversed(current.value):
                stack.append((value_node, str(key_node.value)))
                stack.append((key_node, "key"))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, key) for item in reversed(current.value))


def _duplicate_keys(node: yaml.Node | None, path: str, offset: int) -> list[Problem]:
    problems = []
    for mapping, _ in _walk(node):
        if not isinstance(mapping, yaml.MappingNode):
            continue
        seen: set[Any] = set()
        for key, _ in mapping.value:
            if key.value in seen:
                problems.append(
                    Problem(
                        path,
                        key.start_mark.line + offset,
                        f"key '{key.value}' is given twice",
                        "keep one of them",
                    )
                )
            seen.add(key.value)
    return problems


def _hidden_in_values(node: yaml.Node | None, path: str, offset: int) -> list[Problem]:
    """Problems for :data:`limits.HIDDEN` characters in any scalar (escapes included)."""
    problems: list[Problem] = []
    for scalar, key in _walk(node):
        if isinstance(scalar, yaml.ScalarNode) and limits.HIDDEN.search(scalar.value):
            line = scalar.start_mark.line + offset
            # A block scalar's text starts on the line after its '|' or '>'.
            first = line + 1 if scalar.style in ("|", ">") else line
            problems += limits.hidden_characters(scalar.value, path, first, key)
    return problems


def _bad_timestamp_line(node: yaml.Node | None, offset: int) -> int:
    loader = yaml.SafeLoader("")
    for scalar, _ in _walk(node):
        if isinstance(scalar, yaml.ScalarNode) and scalar.tag == "tag:yaml.org,2002:timestamp":
            try:
                loader.construct_yaml_timestamp(scalar)
            except ValueError:
                return int(scalar.start_mark.line) + offset
    return offset


def _yaml_problem(error: yaml.YAMLError, path: str, offset: int) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + offset if mark is not None else offset
    reason = getattr(error, "problem", None) or str(error)
    return Problem(
        path,
        line,
        f"YAML syntax error: {reason}",
        "quote a value that contains ': ' or starts with a special character",
    )


# A value in single quotes with a lone apostrophe inside: 'Don't Stop Pretraining'.
_APOSTROPHE_IN_QUOTES = re.compile(r"^\s*(?:-\s+|[\w-]+:\s+)'(?:[^']|'')*'(?!')\S")


def _apostrophe_hint(problem: Problem, lines: list[str]) -> Problem:
    """Give a YAML syntax error on a single-quoted value with an apostrophe inside the
    hint that fixes it: in YAML's single quotes an apostrophe is written twice
    (YAML 1.2, section 7.3.2 "Single-Quoted Style")."""
    line = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
    if not problem.message.startswith("YAML syntax error") or not _APOSTROPHE_IN_QUOTES.match(line):
        return problem
    return replace(
        problem,
        hint="inside '...' write an apostrophe twice, as in 'Don''t Stop', "
        'or quote the value with "..." instead',
    )


def parse_paper(text: str, path: str) -> tuple[Paper | None, list[Problem]]:
    """Parse the text of a paper file.

    Returns the paper (None when it cannot be built) and every problem found,
    each located at its ``path:line``.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FRONT_MATTER_FENCE:
        return None, [Problem(path, 1, "the file must start with '---' and YAML front matter")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == FRONT_MATTER_FENCE)
    except StopIteration:
        return None, [Problem(path, 1, "the front matter is not closed by a '---' line")]
    front = "\n".join(lines[1:end]) + "\n"
    body = "\n".join(lines[end + 1 :]).strip()
    data, node, problems = _load_yaml(front, path, offset=2)
    problems = [_apostrophe_hint(problem, lines) for problem in problems]
    if data is None and problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(path, 2, "the front matter must be a mapping of keys to values")]
    key_lines = _key_lines(node, offset=2)
    problems += limits.hidden_characters("\n".join(lines[end + 1 :]), path, end + 2, "abstract")
    if not body:
        # The listing had none: the paper still gets its page, which says so.
        problems.append(
            Problem(
                path,
                end + 2,
                "the abstract is missing",
                "paste it from the paper's arXiv page after the '---'",
                warning=True,
            )
        )
    try:
        front_matter = PaperFrontMatter.model_validate(data)
    except ValidationError as error:
        problems += _validation_problems(error, path, key_lines, 2)
        # Check the rest of the file too (tags, links, ...): all problems in one round.
        bad = {item["loc"][0] for item in error.errors() if item["loc"]}
        try:
            front_matter = PaperFrontMatter.model_validate(
                {key: value for key, value in data.items() if key not in bad}
            )
        except ValidationError:
            return None, problems
    paper = Paper(
        slug=front_matter.slug,
        title=front_matter.title,
        abstract=body,
        listed=tuple(sorted(set(front_matter.listed))),
        arxiv_id=front_matter.arxiv_id or None,
        authors=tuple(front_matter.authors),
        code=tuple(front_matter.code),
        tags=tuple(front_matter.tags),
        not_tags=tuple(front_matter.not_tags),
        notes=front_matter.notes,
        published=front_matter.published,
        project_page=front_matter.project_page,
        upvotes=front_matter.upvotes,
        organization=front_matter.organization,
        ai_summary=front_matter.ai_summary,
        arxiv_category=front_matter.arxiv_category,
        doi=front_matter.doi,
        journal=front_matter.journal,
    )
    return paper, problems


def load_papers(papers_dir: Path) -> tuple[dict[str, Paper], dict[str, str], list[Problem]]:
    """Read every ``*.md`` in ``papers_dir``.

    Returns papers by slug, the file path of each slug, and every problem of every
    file (a bad file never hides the others).
    """
    papers: dict[str, Paper] = {}
    paths: dict[str, str] = {}
    problems: list[Problem] = []
    # Parsing is most of a build's loading time: every core reads a share of the files.
    files = sorted(path for path in papers_dir.glob("*.md") if not path.is_dir())
    for file, (paper, found) in zip(files, split_map(_read_papers, files), strict=True):
        problems += found
        if paper is not None:
            papers[file.stem] = paper
            paths[file.stem] = str(file)
    return papers, paths, problems


def _read_papers(files: Sequence[Path]) -> list[tuple[Paper | None, list[Problem]]]:
    """Parse each paper file: its paper (slug from the file name) or None, and its problems."""
    return [_read_paper(file) for file in files]


def _read_paper(file: Path) -> tuple[Paper | None, list[Problem]]:
    path = str(file)
    try:
        text = limits.read_content_file(file)
    except limits.ContentFileError as error:
        return None, [error.problem]
    except OSError as error:  # a dangling symlink, a file without read permission
        return None, [Problem(path, 1, f"cannot read the file: {error.strerror}")]
    paper, problems = parse_paper(text, path)
    if paper is None:
        return None, problems
    if paper.slug != file.stem:
        problems.append(
            Problem(
                path,
                _line_of(text, "slug:"),
                f"slug '{paper.slug}' does not match the file name '{file.stem}'",
                "the slug is the permanent URL: rename nothing, set slug to the file name",
            )
        )
    return replace(paper, slug=file.stem), problems


def _line_of(text: str, prefix: str) -> int:
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith(prefix):
            return number
    return 1


_DAY_NAME = re.compile(r"\d{4}-\d{2}-\d{2}")


def load_days(days_dir: Path) -> tuple[dict[date, Listing], list[Problem]]:
    """Read every ``<day>.yml`` in ``days_dir``; return listings by day and problems.

    A second file for one day is a problem (the first, named after its day, is kept).
    """
    listings: dict[date, Listing] = {}
    problems: list[Problem] = []
    first_file: dict[date, Path] = {}
    # The file named after its day comes first: it is the one ingest writes.
    files = sorted(days_dir.glob("*.yml"), key=lambda f: (not _DAY_NAME.fullmatch(f.stem), f))
    for file in files:
        path = str(file)
        try:
            text = limits.read_content_file(file)
        except limits.ContentFileError as error:
            problems.append(error.problem)
            continue
        except OSError as error:
            problems.append(Problem(path, 1, f"cannot read the file: {error.strerror}"))
            continue
        data, node, found = _load_yaml(text, path, offset=1)
        problems += found
        if data is None and found:
            continue
        try:
            day_file = DayFile.model_validate(data)
        except ValidationError as error:
            problems += _validation_problems(
                error, path, _key_lines(node, 1), 1, tuple(DayFile.model_fields)
            )
            continue
        out_of_range = limits.day_problem(day_file.day, path, _key_lines(node, 1).get(("day",), 1))
        if out_of_range:
            problems.append(out_of_range)
            continue
        if day_file.day in first_file:
            problems.append(
                Problem(
                    path,
                    _key_lines(node, 1).get(("day",), 1),
                    f"day {day_file.day.isoformat()} already has its file "
                    f"{first_file[day_file.day].name}: a second one would replace its order",
                    "keep one file per day, named <day>.yml: move this file's papers "
                    "into it and delete this one",
                )
            )
            continue
        first_file[day_file.day] = file
        listings[day_file.day] = Listing(
            day_file.day,
            tuple(day_file.papers),
            tuple(day_file.sources),
            tuple(sorted(day_file.listed_as.items())),
        )
    return listings, problems


def load_tags(tags_file: Path) -> tuple[tuple[Tag, ...], list[Problem]]:
    """Read the vocabulary in ``tags_file`` (a YAML list of tags); return tags and problems."""
    path = str(tags_file)
    try:
        text = limits.read_content_file(tags_file)
    except FileNotFoundError:
        return (), [Problem(path, 1, "the tag vocabulary is missing")]
    except limits.ContentFileError as error:
        return (), [error.problem]
    except OSError as error:
        return (), [Problem(path, 1, f"cannot read the file: {error.strerror}")]
    data, node, problems = _load_yaml(text, path, offset=1)
    if data is None and problems:
        return (), problems
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        return (), [Problem(path, 1, "the vocabulary must be a YAML list of tags")]
    tags: list[Tag] = []
    seen: dict[str, int] = {}
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        try:
            entry = TagEntry.model_validate(item)
        except ValidationError as error:
            problems += _validation_problems(
                error, path, _key_lines(item_node, 1), line, tuple(TagEntry.model_fields)
            )
            continue
        if entry.id in seen:
            problems.append(
                Problem(path, line, f"tag id '{entry.id}' is already used on line {seen[entry.id]}")
            )
            continue
        seen[entry.id] = line
        tags.append(Tag(entry.id, entry.name, entry.description, tuple(entry.phrases), entry.group))
    return tuple(tags), problems


# ---------------------------------------------------------------- merging

# "+" and "#" tell "C", "C++" and "C#" apart; other punctuation is noise in a title.
_PUNCTUATION = re.compile(r"[^\w+#]+|_+")


def title_key(title: str) -> str:
    """Return the title normalised for identity: TeX text macros as their text, NFKC,
    case-folded, punctuation and whitespace collapsed. Two papers with the same key
    and matching abstracts (:func:`abstracts_match`) are the same paper."""
    folded = unicodedata.normalize("NFKC", text_macros(title, in_math=True)).casefold()
    return _PUNCTUATION.sub(" ", folded).strip()


# Share of word pairs two abstracts of one paper have in common at least, counted
# against the shorter: a typo fixed, a sentence added or a cut blurb completed keeps
# them far above it; FuseChat 2402.16107 and 2408.07990 (one title, two papers)
# share 0.41 of theirs.
ABSTRACT_OVERLAP = 0.6


def _word_pairs(text: str) -> set[tuple[str, ...]]:
    words = _PUNCTUATION.sub(" ", text.casefold()).split()
    return set(itertools.pairwise(words)) or {(word,) for word in words}


def abstracts_match(first: str, second: str) -> bool:
    """Return True when two abstracts may be the same paper's: one is missing, or
    the share of the shorter one's word pairs (case-folded) the other has too is at
    least :data:`ABSTRACT_OVERLAP`.

    Linear in the texts' length. Used with :func:`title_key` for identity.
    """
    if not first.strip() or not second.strip():
        return True
    pairs, others = _word_pairs(first), _word_pairs(second)
    if not pairs or not others:
        return pairs == others  # text of punctuation alone
    return len(pairs & others) / min(len(pairs), len(others)) >= ABSTRACT_OVERLAP


def merge_paper(existing: Paper, listed: Iterable[date], **found: Any) -> Paper:
    """Return ``existing`` with new listing days added and empty fields filled from ``found``.

    A field that already has a value is never changed: it may be a person's correction.
    """
    changes: dict[str, Any] = {"listed": tuple(sorted(set(existing.listed) | set(listed)))}
    for key, value in found.items():
        if value not in (None, "", ()) and getattr(existing, key) in (None, "", ()):
            changes[key] = value
    return replace(existing, **changes)
