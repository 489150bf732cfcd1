"""Reader for Hugging Face's ``api/daily_papers`` JSON, as archived day by day.

Layout: a JSON list of items ``{"paper": {"id", "title", "summary", "authors":
[{"name"}], "publishedAt", "upvotes", "githubRepo"?, "projectPage"?, "ai_summary"?,
"organization"?: {"name", "fullname"}}, "title",
"publishedAt", ...}``, the top-level ``title`` being HF's cleaned display title.

Broken variants from one archive: items that are Python ``repr`` strings
(``{'paper': {... 'isPro': False}}``) mixed into the list, and a wrapper
``{"status", "date", "count", "data": [...]}`` around such a list.
"""

from __future__ import annotations

import ast
import json
import re
from datetime import date

from generator.errors import PapersiteError
from generator.model import Problem
from generator.readers import fields
from generator.readers.base import Entry, ReadListing
from generator.readers.text import date_from_file_name

# strict=False: a raw control character inside a string is scraped noise that
# clean_title/clean_abstract remove, not a reason to lose the whole file.
_DECODER = json.JSONDecoder(strict=False)
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_REPR_ITEM = re.compile(r"\s*\{\s*['\"]paper['\"]\s*:")

# (character offset of the item in the file, the item as decoded)
Item = tuple[int, object]


class _Layout:
    """The decoded file: its items with their offsets, and the wrapper's fields if any."""

    def __init__(self, items: list[Item], wrapper: dict[str, object] | None) -> None:
        self.items = items
        self.wrapper = wrapper


def _skip(text: str, position: int) -> int:
    match = _WHITESPACE.match(text, position)
    return match.end() if match else position


def _array(text: str, position: int) -> tuple[list[Item], int]:
    """Decode the JSON array at ``position`` item by item; return the items and the end.

    Raises ``json.JSONDecodeError`` where the array is malformed.
    """
    items: list[Item] = []
    position = _skip(text, position + 1)
    if text.startswith("]", position):
        return items, position + 1
    while True:
        value, end = _DECODER.raw_decode(text, position)
        items.append((position, value))
        position = _skip(text, end)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
        elif text.startswith("]", position):
            return items, position + 1
        else:
            raise json.JSONDecodeError("expected ',' or ']' after an item", text, position)


def _object(text: str, position: int) -> tuple[dict[str, object], list[Item] | None, int]:
    """Decode the JSON object at ``position``; its ``data`` list keeps item offsets.

    Returns the members (``data`` left out), the ``data`` items or ``None``, and the end.
    Raises ``json.JSONDecodeError`` where the object is malformed.
    """
    members: dict[str, object] = {}
    data: list[Item] | None = None
    position = _skip(text, position + 1)
    if text.startswith("}", position):
        return members, data, position + 1
    while True:
        if not text.startswith('"', position):
            raise json.JSONDecodeError("expected a member name in double quotes", text, position)
        key, end = _DECODER.raw_decode(text, position)
        position = _skip(text, end)
        if not text.startswith(":", position):
            raise json.JSONDecodeError("expected ':' after the member name", text, position)
        position = _skip(text, position + 1)
        if key == "data" and text.startswith("[", position):
            data, end = _array(text, position)
        else:
            members[str(key)], end = _DECODER.raw_decode(text, position)
        position = _skip(text, end)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
        elif text.startswith("}", position):
            return members, data, position + 1
        else:
            raise json.JSONDecodeError("expected ',' or '}' after a member", text, position)


def _decode(text: str) -> _Layout | None:
    """Return the items of a daily-papers list or wrapper, ``None`` for any other JSON.

    Raises ``json.JSONDecodeError`` (or ``RecursionError`` for absurd nesting) when
    ``text`` is not JSON at all.
    """
    position = _skip(text, 0)
    if text.startswith("[", position):
        items, end = _array(text, position)
        wrapper = None
    elif text.startswith("{", position):
        wrapper, data, end = _object(text, position)
        if data is None:
            return None
        items = data
    else:
        raise json.JSONDecodeError("expected '[' or '{'", text, position)
    end = _skip(text, end)
    if end != len(text):
        raise json.JSONDecodeError("extra data after the JSON value", text, end)
    return _Layout(items, wrapper)


def _looks_like_item(value: object) -> bool:
    if isinstance(value, dict):
        return isinstance(value.get("paper"), dict)
    return isinstance(value, str) and _REPR_ITEM.match(value) is not None


def _detected(layout: _Layout) -> bool:
    # A wrapper is known by its keys even on a day without papers; a bare list
    # only by its items, since any JSON list would do otherwise.
    if layout.wrapper is not None and {"status", "date"} & layout.wrapper.keys():
        return True
    return any(_looks_like_item(value) for _, value in layout.items)


class HfDailyJsonReader:
    """Hugging Face daily-papers API JSON: a list (or wrapper) of ``{"paper": ...}`` items."""

    name = "hf-daily-json"

    def detect(self, text: str) -> bool:
        """Return True for a daily-papers list or wrapper holding at least one paper item."""
        # Cheap first: a JSON Lines file must not be parsed to its end to be refused.
        if text[_skip(text, 0) : _skip(text, 0) + 1] not in ("[", "{"):
            return False
        try:
            layout = _decode(text)
        except (ValueError, RecursionError):
            return False
        return layout is not None and _detected(layout)

    def read(self, text: str, source: str, year: int | None) -> ReadListing:
        """Parse the listing; ``year`` is unused (the day is in the wrapper or file name).

        Raises ``PapersiteError`` when the file is not JSON or not a daily-papers
        list; an item that cannot be read becomes a ``Problem`` and is skipped.
        """
        try:
            layout = _decode(text)
        except json.JSONDecodeError as error:
            raise PapersiteError.at(
                source, error.lineno, f"not valid JSON: {error.msg}", "fix the JSON syntax"
            ) from None
        except (ValueError, RecursionError):
            raise PapersiteError.at(source, 1, "not valid JSON") from None
        if layout is None or not _detected(layout):
            raise PapersiteError.at(
                source,
                1,
                "not a Hugging Face daily-papers list",
                'expected a list of {"paper": {...}} items or a {"data": [...]} wrapper',
            )
        lines = fields.LineIndex(text)
        return fields.listing(
            source,
            self._day(layout, source),
            (_item(value, source, lines.line(offset)) for offset, value in layout.items),
        )

    @staticmethod
    def _day(layout: _Layout, source: str) -> date | None:
        """Return the wrapper's ``date``, else the file name's full date, else ``None``."""
        if layout.wrapper is not None:
            day = fields.iso_day(layout.wrapper.get("date"))
            if day is not None:
                return day
        from_name = date_from_file_name(source)
        return from_name[1] if from_name else None


def _item(value: object, source: str, line: int) -> Entry | Problem:
    """Return the entry for one list item, or why it was skipped."""
    if isinstance(value, str):
        try:
            # literal_eval only builds literals: a repr string cannot run code.
            value = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return Problem(
                source,
                line,
                "the item is a string that is not a readable Python literal",
                "replace it with the JSON object it stands for",
            )
    if not isinstance(value, dict) or not isinstance(value.get("paper"), dict):
        return Problem(
            source,
            line,
            'the item has no "paper" object',
            'each item must look like {"paper": {"id": ..., "summary": ...}, "title": ...}',
        )
    paper: dict[object, object] = value["paper"]
    display_title = value.get("title")
    title = display_title if isinstance(display_title, str) and display_title.strip() else None
    authors = paper.get("authors")
    return fields.entry(
        source,
        line,
        title or paper.get("title"),
        paper.get("summary"),
        arxiv=fields.arxiv_id(paper.get("id")),
        authors=fields.names(
            author.get("name") for author in authors or () if isinstance(author, dict)
        )
        if isinstance(authors, list)
        else (),
        code=fields.unique([fields.code_url(paper.get("githubRepo"))]),
        published=fields.iso_day(paper.get("publishedAt"))
        or fields.iso_day(value.get("publishedAt")),
        project_page=fields.web_url(paper.get("projectPage")),
        upvotes=fields.count(paper.get("upvotes")),
        organization=_organization(paper.get("organization") or value.get("organization")),
        ai_summary=fields.one_line(paper.get("ai_summary")),
    )


def _organization(value: object) -> str | None:
    """HF's ``organization`` object ``{"name", "fullname", ...}``: its full name, else its
    handle; a plain string as it is."""
    if isinstance(value, dict):
        return fields.one_line(value.get("fullname")) or fields.one_line(value.get("name"))
    return fields.one_line(value)
