"""The plain, frozen data the pipeline passes around. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Paper:
    """One paper, as stored in ``content/papers/<slug>.md``.

    ``title`` and ``abstract`` are scraped text (data, never markup).
    ``listed`` holds the days of every listing that showed the paper, sorted.
    ``tags`` are tag ids a contributor added; ``not_tags`` suppress automatic tags.
    ``notes`` is free contributor text that may hold ``[[slug]]`` or ``[[Title]]`` links.
    ``published`` is the arXiv/HF publication day; ``upvotes`` the count when first listed.
    ``organization`` is the institution Hugging Face names for it; ``ai_summary`` Hugging
    Face's one-sentence AI summary (scraped text). ``arxiv_category`` is arXiv's primary
    category (``cs.CL``); ``doi`` and ``journal`` (the journal reference) when published.
    """

    slug: str
    title: str
    abstract: str
    listed: tuple[date, ...] = ()
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    not_tags: tuple[str, ...] = ()
    notes: str = ""
    published: date | None = None
    project_page: str | None = None
    upvotes: int | None = None
    organization: str | None = None
    ai_summary: str | None = None
    arxiv_category: str | None = None
    doi: str | None = None
    journal: str | None = None


@dataclass(frozen=True)
class Listing:
    """One listing day: which papers were shown on ``day``, in their original order.

    Stored in ``content/days/<day>.yml``; ``sources`` are the listing files it came from;
    ``listed_as`` pairs each slug with the title the listing gave it.
    """

    day: date
    papers: tuple[str, ...]
    sources: tuple[str, ...] = ()
    listed_as: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Tag:
    """One entry of the controlled vocabulary in ``content/tags.yml``."""

    id: str
    name: str
    description: str
    phrases: tuple[str, ...]
    group: str = "Topics"


@dataclass(frozen=True)
class TagAssignment:
    """A tag on a paper and why: the phrase that matched, or a contributor's choice."""

    tag: str
    reason: str
    by_contributor: bool = False


@dataclass(frozen=True)
class RelatedPaper:
    """A neighbour of a paper by text similarity.

    ``score`` is cosine similarity of TF-IDF vectors plus a shared-tag bonus, in [0, ~1.2];
    ``terms`` are the words that contribute most to the similarity, ``tags`` the shared tags.
    """

    slug: str
    score: float
    terms: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """An outgoing link from one paper page to another, with its kind.

    ``kind`` is ``"related"``, ``"mention"`` (the abstract names the target) or
    ``"contributor"`` (a ``[[link]]`` in the notes); ``text`` is the text that links.
    """

    source: str
    target: str
    kind: str
    text: str = ""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as ``path:line``.

    A ``warning`` is worth a person's look but stops nothing (a paper whose abstract
    is missing still gets its page); every other problem stops a build. A ``note`` is a
    warning about something worth adding, not something wrong (a paper without its
    arXiv id): only ``papersite check`` lists notes.
    """

    path: str
    line: int
    message: str
    hint: str = ""
    warning: bool = False
    note: bool = False

    def __str__(self) -> str:
        kind = "note: " if self.note else "warning: " if self.warning else ""
        text = f"{self.path}:{self.line}: {kind}{self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


@dataclass
class ProblemList:
    """Problems gathered while reading; work goes on, and the caller reports them all."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, message: str, hint: str = "") -> None:
        self.items.append(Problem(path, line, message, hint))

    def __bool__(self) -> bool:
        return bool(self.items)
