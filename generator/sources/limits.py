"""Limits every content file must respect, so bad input fails clearly and never slowly.

Each check returns :class:`~generator.model.Problem` values located at ``path:line``;
callers report them with everything else they found. The limits:

* a content file is a regular file of at most :data:`MAX_CONTENT_BYTES` (a symlink to
  ``/dev/zero`` or a FIFO would be read forever);
* its YAML has no aliases (an alias bomb of a few hundred bytes expands to
  gigabytes), no tags beyond YAML's core schema (``!!python/...``) and nests at most
  :data:`MAX_YAML_DEPTH` levels;
* its text holds no character that XML 1.0 cannot carry, no bidirectional control and
  no invisible space (:data:`HIDDEN`);
* a listing day lies between :data:`FIRST_YEAR` and next year;
* a paper names at most :data:`MAX_TAGS_PER_PAPER` tags (each tag named is a page and a
  feed, so a paper naming thousands would make one file cost a build minutes).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import yaml

from generator.model import Problem

# The largest paper file of the 19k-paper corpus is 12 KB; 1 MiB leaves room for any
# real abstract and keeps a mistaken file from costing a build minutes.
MAX_CONTENT_BYTES = 1 << 20
# A paper file needs two levels (mapping -> list), tags.yml three.
MAX_YAML_DEPTH = 20
FIRST_YEAR = 1990
# Automatic tagging gives a corpus paper at most 10 of the 128 seed tags; a contributor
# adding a few more stays far below this.
MAX_TAGS_PER_PAPER = 30
# Tags of YAML's core schema (https://yaml.org/spec/1.2.2/#103-core-schema) and the
# timestamps PyYAML's safe loader reads; any other tag names a constructor.
CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
# What XML 1.0 cannot carry (section 2.2 "Characters": C0 controls but tab and newline,
# DEL and C1 controls, U+FFFE/U+FFFF, lone surrogates), bidirectional overrides,
# embeddings and isolates (U+202A-202E, U+2066-2069; CVE-2021-42574 "Trojan Source")
# and the invisible U+200B / U+FEFF: the set the listing readers remove.
HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u200b\u202a-\u202e\u2066-\u2069\ufeff]"
)


class ContentFileError(Exception):
    """A content file that is not read: ``problem`` says why, at ``path:1``."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def read_content_file(file: Path) -> str:
    """Return the UTF-8 text of the content file ``file``.

    Raises ``ContentFileError`` when it is not a regular file (device, FIFO, folder),
    is larger than :data:`MAX_CONTENT_BYTES`, or is not UTF-8; ``FileNotFoundError``
    when it does not exist. Never reads more than the limit.
    """
    path = str(file)
    # stat before open: opening a FIFO would wait for a writer.
    if not stat.S_ISREG(os.stat(file).st_mode):
        raise ContentFileError(
            Problem(path, 1, "not a regular file", "content files are plain text files")
        )
    with open(file, "rb") as stream:
        data = stream.read(MAX_CONTENT_BYTES + 1)
    if len(data) > MAX_CONTENT_BYTES:
        raise ContentFileError(
            Problem(
                path,
                1,
                f"the file is larger than {MAX_CONTENT_BYTES // (1 << 20)} MB",
                "a paper's abstract is a few KB: is this the right file?",
            )
        )
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentFileError(Problem(path, line, f"not UTF-8 text: {error.reason}")) from None


def yaml_structure_problems(text: str, path: str, offset: int, loader: type) -> list[Problem]:
    """Return the problems of YAML ``text`` (starting on file line ``offset``) that make
    it unsafe to load: aliases, non-core tags, nesting deeper than
    :data:`MAX_YAML_DEPTH`. Reads the event stream once (linear time); a syntax error
    is left to the caller's parse.
    """
    problems: list[Problem] = []
    depth = aliases = 0
    line = offset
    try:
        for event in yaml.parse(text, Loader=loader):
            line = event.start_mark.line + offset if event.start_mark else line
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases == 1:  # one problem a file: a bomb holds hundreds
                    problems.append(
                        Problem(
                            path,
                            line,
                            f"YAML alias '*{event.anchor}' is not allowed in content files",
                            "write the value out in full instead of '&name' and '*name'",
                        )
                    )
                continue
            tag = getattr(event, "tag", None)
            if tag not in (None, "!") and _full_tag(tag) not in CORE_TAGS:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"YAML tag '{_short_tag(tag)}' is not allowed in content files",
                        "remove the tag: values are plain text, numbers, dates and lists",
                    )
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    problems.append(_too_deep(path, line))
                    return problems
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        # libyaml's own nesting limit; any other syntax error the caller's parse reports.
        if "nesting depth" in str(getattr(error, "problem", "")):
            mark = getattr(error, "problem_mark", None)
            problems.append(_too_deep(path, mark.line + offset if mark else line))
        return problems
    except RecursionError:  # PyYAML's pure-Python parser recurses per nesting level
        problems.append(_too_deep(path, line))
    return problems


def _too_deep(path: str, line: int) -> Problem:
    return Problem(
        path,
        line,
        f"YAML nested more than {MAX_YAML_DEPTH} levels deep",
        "content files hold keys, values and lists of values",
    )


def _full_tag(tag: str) -> str:
    return "tag:yaml.org,2002:" + tag[2:] if tag.startswith("!!") else tag


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


def hidden_characters(text: str, path: str, line: int, field: str) -> Iterator[Problem]:
    """Yield a problem for each kind of :data:`HIDDEN` character in ``text``, a value of
    ``field`` whose text starts on file line ``line`` (a multi-line value adds its
    newlines). Tab and newline are allowed; a carriage return is not (it starts
    Markdown blocks on a page).
    """
    seen: set[str] = set()
    for match in HIDDEN.finditer(text):
        char = match.group()
        if char in seen:
            continue
        seen.add(char)
        name = unicodedata.name(char, "a control character")
        yield Problem(
            path,
            line + text.count("\n", 0, match.start()),
            f"{field}: invisible character U+{ord(char):04X} ({name})",
            "delete it: it cannot be shown, or it changes how the text around it reads",
        )


def day_problem(day: date, path: str, line: int, today: date | None = None) -> Problem | None:
    """Return a problem when the listing day ``day`` is before :data:`FIRST_YEAR` or after
    next year (``today``: the build's date, default the system's), else None.

    A day in 2106 or later cannot even be written as a gzip timestamp
    (``SOURCE_DATE_EPOCH``, 32 bits).
    """
    last = (today or date.today()).year + 1
    if FIRST_YEAR <= day.year <= last:
        return None
    return Problem(
        path,
        line,
        f"listing day {day.isoformat()} is not between {FIRST_YEAR} and {last}",
        "write the day the listing was published, as YYYY-MM-DD",
    )
