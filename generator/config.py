"""Project settings the generator needs from ``mkdocs.yml``: one typed place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import urls


class _ConfigLoader(yaml.SafeLoader):
    """Safe loader that understands MkDocs' ``!ENV`` tag and ignores ``!!python`` ones."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = values[:-1], values[-1]
    for name in names:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return default


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    """Paths and settings of one papersite project.

    ``root``: the folder holding ``mkdocs.yml`` and ``content/``.
    ``repo_url``: the repository readers' corrections go to (``https://github.com/o/r``).
    ``edit_uri``: path under ``repo_url`` that opens a file for editing (``edit/main/``).
    ``site_url``: the published address, ending in ``/``.
    ``search_engine``: ``papersite`` (a prebuilt, sharded lunr index; the default) or
    ``material`` (Material's own search, which indexes every page in the browser),
    from ``extra.search_engine`` in ``mkdocs.yml``.
    """

    root: Path
    site_name: str = "papersite"
    repo_url: str = ""
    edit_uri: str = "edit/main/"
    site_url: str = ""
    search_engine: str = "papersite"

    # Where each part of the project lives, made from ``root`` once (README's "Layout").
    content: Path = field(init=False)  # the contributors' source of truth
    papers_dir: Path = field(init=False)  # one <slug>.md per paper
    days_dir: Path = field(init=False)  # one <YYYY-MM-DD>.yml per listing day
    listings_dir: Path = field(init=False)  # listings as they came, kept for provenance
    tags_file: Path = field(init=False)  # the tag vocabulary
    docs_dir: Path = field(init=False)  # generated Markdown for MkDocs (disposable)
    # Generated files published as they are (search index, feeds, papers.json): next to
    # docs_dir, so MkDocs never reads them; copied into the site after it.
    data_dir: Path = field(init=False)
    site_dir: Path = field(init=False)  # the built static site

    def __post_init__(self) -> None:
        content, build = self.root / "content", self.root / "build"
        places = {
            "content": content,
            "papers_dir": content / "papers",
            "days_dir": content / "days",
            "listings_dir": content / "listings",
            "tags_file": content / "tags.yml",
            "docs_dir": build / "docs",
            "data_dir": build / "data",
            "site_dir": self.root / "site",
        }
        for name, path in places.items():
            object.__setattr__(self, name, path)  # frozen: each is set once, here

    def relative(self, path: Path) -> str:
        """Return ``path`` relative to the project (as contributors see it), else its name."""
        try:
            # The folder resolved, not the file: a symlinked file is named as it is in content/.
            return (path.parent.resolve() / path.name).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.name

    def page_url(self, target: urls.Url) -> str:
        """Return the published URL of ``target`` (``papers/<slug>/``), or '' with no site_url."""
        return urls.absolute(self.site_url, target)

    def edit_url(self, relative: urls.ContentFile) -> str:
        """Return the URL that opens ``relative`` (a file under content/) for editing."""
        if not self.repo_url:
            return ""
        return f"{self.repo_url.rstrip('/')}/{self.edit_uri.strip('/')}/{relative}"

    @classmethod
    def load(cls, root: Path) -> Project:
        """Read ``root/mkdocs.yml`` (a missing file gives the defaults)."""
        try:
            text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(root=root)
        data = yaml.load(text, Loader=_ConfigLoader) or {}
        return cls(
            root=root,
            site_name=str(data.get("site_name") or "papersite"),
            repo_url=str(data.get("repo_url") or ""),
            edit_uri=str(data.get("edit_uri") or "edit/main/"),
            site_url=str(data.get("site_url") or ""),
            search_engine=str((data.get("extra") or {}).get("search_engine") or "papersite"),
        )
