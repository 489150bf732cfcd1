"""Every path and address of the site, decided here and nowhere else.

Three kinds of location, each its own type so that mypy catches a mix-up:

* :data:`SourcePath`: a page's Markdown file under ``build/docs``, as MkDocs names it
  (``papers/<slug>.md``); Markdown links between pages use these.
* :data:`Url`: where a page or file is published, relative to the site root
  (``papers/<slug>/``, ``feeds/papers.xml``; the home page is ``""``); HTML links,
  feeds, data files and the search index use these.
* :data:`ContentFile`: the file a contributor edits (``content/papers/<slug>.md``),
  which "edit this page" opens.

Page URLs follow MkDocs' ``use_directory_urls`` (on by default, as in ``mkdocs.yml``):
``x.md`` is published as ``x/``, ``x/index.md`` as ``x/``
(https://www.mkdocs.org/user-guide/configuration/#use_directory_urls). A paper's slug
is chosen once, at ingest (:mod:`generator.sources.slugs`); this module only places it.
"""

from __future__ import annotations

from datetime import date
from typing import NewType

from markdown.extensions.toc import slugify as toc_slugify

SourcePath = NewType("SourcePath", str)
Url = NewType("Url", str)
ContentFile = NewType("ContentFile", str)

HOME = SourcePath("index.md")
ABOUT = SourcePath("about.md")
READING_LIST = SourcePath("reading-list.md")
DAYS_INDEX = SourcePath("days/index.md")
TAGS_INDEX = SourcePath("tags/index.md")
# The index of the weeks' and months' top papers (in the navigation).
TOP_INDEX = SourcePath("top/index.md")
# The folder of paper pages: a paper's URL is PAPERS + slug + "/".
PAPERS = Url("papers/")
ROOT = Url("")  # the home page

# The data files next to the pages: the site's feed and the feeds' sitemap (Material's
# JavaScript treats every <link rel="alternate"> as a translation of the site and fetches
# "sitemap.xml" next to its URL; an empty one answers it), papers.json and tags.json,
# and the folder of papersite's search index.
SITE_FEED, FEEDS_SITEMAP = Url("feeds/papers.xml"), Url("feeds/sitemap.xml")
PAPERS_JSON, TAGS_JSON = Url("papers.json"), Url("tags.json")
SEARCH_INDEX = Url("papersite-search")

TAGS_FILE = ContentFile("content/tags.yml")

# Names a page of the site already has in the folder a slug or tag id goes into:
# ``papers/index.md`` and ``tags/index.md`` are the folders' own pages.
RESERVED_SLUGS = frozenset({"index"})


def paper_page(slug: str) -> SourcePath:
    """Return the Markdown file of a paper's page: ``papers/<slug>.md``."""
    return SourcePath(f"{PAPERS}{slug}.md")


def tag_page(tag_id: str) -> SourcePath:
    """Return the Markdown file of a tag's page: ``tags/<id>.md``."""
    return SourcePath(f"tags/{tag_id}.md")


def day_page(day: date) -> SourcePath:
    """Return the Markdown file of a listing day's page: ``days/<YYYY-MM-DD>.md``."""
    return SourcePath(f"days/{day.isoformat()}.md")


def week_name(day: date) -> str:
    """Return the ISO 8601 name of the week holding ``day``: ``2025-W11`` (weeks start on
    Monday; a week belongs to the year of its Thursday, so 2024-12-30 is ``2025-W01``)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_name(day: date) -> str:
    """Return the name of the month holding ``day``: ``2025-03``."""
    return f"{day.year}-{day.month:02d}"


def week_page(day: date) -> SourcePath:
    """Return the Markdown file of the top papers of the ISO week holding ``day``:
    ``weeks/<YYYY-Www>.md``."""
    return SourcePath(f"weeks/{week_name(day)}.md")


def month_page(day: date) -> SourcePath:
    """Return the Markdown file of the top papers of the month holding ``day``:
    ``months/<YYYY-MM>.md``."""
    return SourcePath(f"months/{month_name(day)}.md")


def page_key(page: SourcePath) -> str:
    """Return what names a page in its folder: the slug, tag id or day of
    ``papers/<slug>.md``, ``tags/<id>.md`` or ``days/<day>.md``."""
    return page.rpartition("/")[2].removesuffix(".md")


def url(page: SourcePath) -> Url:
    """Return where MkDocs publishes ``page``: ``x.md`` -> ``x/``, ``x/index.md`` -> ``x/``,
    ``index.md`` -> ``""`` (``use_directory_urls``)."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return Url(stem.removesuffix("index"))
    return Url(stem + "/")


def paper_url(slug: str) -> Url:
    """Return a paper page's URL: ``papers/<slug>/``."""
    return Url(f"{PAPERS}{slug}/")


def paper_url_parts() -> tuple[str, str]:
    """Return what comes before and after the slug in :func:`paper_url`, for scripts
    that make a paper's URL from its slug (the search worker, via its manifest)."""
    before, _, after = paper_url("\0").partition("\0")
    return before, after


def paper_link_parts(page: Url) -> tuple[str, str]:
    """Return what comes before and after a slug in the link from ``page`` to a paper:
    ``("../", "/")`` from another paper, ``("../../papers/", "/")`` from a tag page.

    Computed once a page, so a list of thousands of papers costs no call per link.
    """
    before, after = paper_url_parts()
    return href(Url(before), page), after


def tag_url(tag_id: str) -> Url:
    """Return a tag page's URL: ``tags/<id>/``."""
    return url(tag_page(tag_id))


def day_url(day: date) -> Url:
    """Return a listing day's URL: ``days/<YYYY-MM-DD>/``."""
    return url(day_page(day))


def week_url(day: date) -> Url:
    """Return the URL of the top papers of the week holding ``day``: ``weeks/<YYYY-Www>/``."""
    return url(week_page(day))


def month_url(day: date) -> Url:
    """Return the URL of the top papers of the month holding ``day``: ``months/<YYYY-MM>/``."""
    return url(month_page(day))


def week_feed(day: date) -> Url:
    """Return the Atom feed of the top papers of the week holding ``day``:
    ``feeds/week-<YYYY-Www>.xml``."""
    return Url(f"feeds/week-{week_name(day)}.xml")


def month_feed(day: date) -> Url:
    """Return the Atom feed of the top papers of the month holding ``day``:
    ``feeds/month-<YYYY-MM>.xml``."""
    return Url(f"feeds/month-{month_name(day)}.xml")


def tag_feed(tag_id: str) -> Url:
    """Return a tag's Atom feed: ``feeds/tag-<id>.xml``.

    Feeds share one folder, so one :data:`FEEDS_SITEMAP` serves them all.
    """
    return Url(f"feeds/tag-{tag_id}.xml")


def paper_file(slug: str) -> ContentFile:
    """Return the file a contributor edits for a paper: ``content/papers/<slug>.md``."""
    return ContentFile(f"content/papers/{slug}.md")


def day_file(day: date) -> ContentFile:
    """Return the file of a listing day: ``content/days/<YYYY-MM-DD>.yml``."""
    return ContentFile(f"content/days/{day.isoformat()}.yml")


def href(target: Url, page: Url) -> str:
    """Return the link from the page at ``page`` to ``target``, relative to the page's
    URL: from ``papers/a/`` to ``papers/b/`` is ``../b/``, to ``tags/t/`` ``../../tags/t/``.

    Relative links keep a site working under any path (``/<repo>/`` on GitHub Pages).
    """
    return _relative(page.split("/")[:-1], target.split("/")) or "./"


def root_of(page: Url) -> str:
    """Return the relative path from ``page`` up to the site root: ``../`` per folder."""
    return "../" * page.count("/")


def md_link(target: SourcePath, page: SourcePath) -> str:
    """Return the Markdown link from the file ``page`` to the file ``target``, relative
    to ``page``'s folder (MkDocs resolves it and checks it exists): from
    ``tags/a.md`` to ``papers/b.md`` is ``../papers/b.md``."""
    return _relative(page.split("/")[:-1], target.split("/"))


def _relative(folders: list[str], parts: list[str]) -> str:
    """Return the path ``parts`` as seen from the folder ``folders`` (both from the root)."""
    shared = 0
    while shared < min(len(folders), len(parts) - 1) and parts[shared] == folders[shared]:
        shared += 1
    return "../" * (len(folders) - shared) + "/".join(parts[shared:])


def absolute(site_url: str, target: Url) -> str:
    """Return the published address of ``target`` under ``site_url``, or ``""`` when the
    site has no ``site_url`` (``mkdocs.yml``)."""
    if not site_url:
        return ""
    return f"{site_url.rstrip('/')}/{target}"


def heading_id(text: str, separator: str) -> str:
    """Return the ``id`` of a page heading: Python-Markdown's ``toc`` slug of ``text``
    without leading underscores (MkDocs' ``toc`` extension calls it, see mkdocs.yml).

    Material names its own elements ``__config``, ``__drawer``, ``__search`` ...; a paper
    titled ``__config`` would otherwise own the id Material's script parses as its
    configuration, and search and the theme would die on that page.
    """
    return toc_slugify(text, separator).lstrip("_")
