"""What content files may contain, as pydantic models: the single source of field rules."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from generator.urls import RESERVED_SLUGS

# An arXiv identifier without version: new style (2405.17258) or old style
# (hep-th/9901001). Source: arXiv's "Understanding the arXiv identifier" help page.
ARXIV_ID = r"\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}"

# What generator.sources.slugs writes (python-slugify, ASCII): lower-case words joined by hyphens.
# Slugs go into URLs, file names and page markup unescaped, so nothing else is allowed.
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# arXiv's category names: archive, then an optional subject class (cs.CL, math.AG,
# hep-th, q-bio.NC). Source: arXiv's category taxonomy page.
ARXIV_CATEGORY = r"[a-z][a-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?"
# A DOI: "10.", a registrant code, "/", a suffix without spaces. Source: the DOI
# Handbook, section 2.2 (syntax), and Crossref's advice on matching modern DOIs.
DOI = r"10\.\d{4,9}/\S+"

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=False)


def _not_reserved(value: str) -> str:
    if value in RESERVED_SLUGS:
        raise ValueError(
            f"'{value}' is the name of the folder's own page (papers/, tags/): choose another"
        )
    return value


# A slug or tag id: a name in a folder of the site, never the folder's own page.
InFolderName = Annotated[str, AfterValidator(_not_reserved)]


class PaperFrontMatter(BaseModel):
    """Front matter of ``content/papers/<slug>.md``; the abstract is the body."""

    model_config = _STRICT

    title: str = Field(min_length=1, description="The paper's title, exactly as published.")
    slug: InFolderName = Field(
        min_length=1,
        pattern=SLUG,
        description="Permanent URL part; equals the file name: lower-case words and hyphens.",
    )
    arxiv_id: str | None = Field(
        None,
        pattern=rf"^(?:{ARXIV_ID})$",
        description="arXiv id without version: 2405.17258, or old style hep-th/9901001.",
    )
    authors: list[str] = Field(default_factory=list, description="Author names, in order.")
    listed: list[date] = Field(default_factory=list, description="Days of listings showing it.")
    code: list[str] = Field(default_factory=list, description="Code repository URLs.")
    tags: list[str] = Field(default_factory=list, description="Tag ids added by a person.")
    not_tags: list[str] = Field(default_factory=list, description="Automatic tags to suppress.")
    notes: str = Field("", description="Contributor notes; may hold [[slug]] links.")
    published: date | None = Field(None, description="Day of first publication.")
    project_page: str | None = Field(None, description="URL of the project's web page.")
    upvotes: int | None = Field(None, ge=0, description="Upvotes when first listed.")
    organization: str | None = Field(
        None, min_length=1, description="Institution Hugging Face names for the paper."
    )
    ai_summary: str | None = Field(
        None, min_length=1, description="Hugging Face's one-sentence AI summary."
    )
    arxiv_category: str | None = Field(
        None,
        pattern=rf"^(?:{ARXIV_CATEGORY})$",
        description="arXiv's primary category, e.g. cs.CL (BibTeX primaryClass).",
    )
    doi: str | None = Field(
        None, pattern=rf"^(?:{DOI})$", description="DOI of the published version."
    )
    journal: str | None = Field(
        None, min_length=1, description="Journal reference of the published version."
    )

    @field_validator("arxiv_id", mode="before")
    @classmethod
    def _arxiv_id_without_version(cls, value: object) -> object:
        if isinstance(value, str) and re.fullmatch(r"\d{4}\.\d{4,5}v\d+", value):
            raise ValueError(f"drop the version: write '{value.rsplit('v', 1)[0]}'")
        return value

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the title is empty")
        return value


class DayFile(BaseModel):
    """``content/days/<YYYY-MM-DD>.yml``: one listing day and its papers in order."""

    model_config = _STRICT

    day: date
    papers: list[str]
    sources: list[str] = Field(default_factory=list)
    listed_as: dict[str, str] = Field(
        default_factory=dict,
        description="Title each paper had in the listing (slug -> title), kept by ingest so "
        "that a paper whose title was corrected is still recognised.",
    )


class TagEntry(BaseModel):
    """One entry of ``content/tags.yml``."""

    model_config = _STRICT

    id: InFolderName = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    group: str = "Topics"
    description: str = Field(min_length=1)
    phrases: list[str] = Field(default_factory=list)

    @field_validator("phrases")
    @classmethod
    def _phrases_have_words(cls, value: list[str]) -> list[str]:
        for phrase in value:
            if not any(char.isalnum() for char in phrase):
                raise ValueError(f"the phrase {phrase!r} has no letter or digit")
        return value


FIELD_NAMES = tuple(PaperFrontMatter.model_fields)
# The single-valued facts of a paper a listing may give (all optional), in file order:
# store writes them after the lists, readers carry them in each Entry.
FACT_FIELDS = FIELD_NAMES[FIELD_NAMES.index("published") :]
