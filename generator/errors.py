"""The project's own error type: every message names the file and line."""

from __future__ import annotations

from collections.abc import Iterable

from generator.model import Problem


class PapersiteError(Exception):
    """Bad input or content. ``problems`` lists every ``path:line: message`` found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: str, line: int, message: str, hint: str = "") -> PapersiteError:
        """Build an error for a single problem at ``path:line``."""
        return cls([Problem(path, line, message, hint)])
