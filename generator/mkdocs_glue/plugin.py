"""MkDocs wiring only, as a plugin whose instance lives for one build; the decisions
live in the generator.

* The generator sets each page's edit link in its front matter (``edit_url``; empty
  hides the button), so no page can point at a generated file under ``build/``.
* The generator has cleaned every raw-HTML block of its pages with nh3 already
  (``generator.render.prerendered.clean_blocks``); the rest of a page is Markdown of escaped
  text. (Cleaning each finished page here cost MkDocs 14 s at 20,000 papers.)
* The finished page loses the theme's indentation (``generator.mkdocs_glue.htmlspace``).
* The generator's data files (search index, feeds, ``papers.json``) are in
  ``build/data``, next to ``build/docs``: copied into the site after the build, unless
  ``papersite build`` (``extra.papersite_publish_data: false``) does it itself.
* ``papersite build`` runs MkDocs on every core (``generator.mkdocs_glue.split``); the
  split's state is this instance's, for one build.
* ``papersite serve``: MkDocs and the generator take turns with ``build/docs``.

Registered as the ``papersite`` plugin (``pyproject.toml``'s ``mkdocs.plugins`` entry
point) and listed last in ``mkdocs.yml``, so it runs after the search plugin, as the
hooks file it replaces did (https://www.mkdocs.org/dev-guide/plugins/).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin

from generator import urls
from generator.mkdocs_glue import split
from generator.mkdocs_glue.htmlspace import collapse_whitespace
from generator.publish.output import PUBLISH_DATA, publish_data

# mkdocs.yml ``extra`` key the theme reads the site feed's URL from (site_templates/main.html).
SITE_FEED = "papersite_site_feed"


class PapersitePlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Routes MkDocs' events to the generator's functions; holds one build's split."""

    def __init__(self) -> None:
        super().__init__()
        self.split: split.Split | None = None

    def on_config(self, config: Any) -> Any:
        """Give the theme the URLs it links that the generator decides (``generator.urls``)."""
        config.extra[SITE_FEED] = urls.SITE_FEED
        return config

    def on_nav(self, nav: Any, /, *, config: Any, files: Any) -> Any:
        """Fork the build when ``papersite build`` asks for it (``split.split``)."""
        self.split = split.split(config, files, nav)
        return nav

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        """Keep the theme's environment for the sitemap of a split build."""
        if self.split is not None:
            self.split.env = env
        return env

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
        """Set ``page.edit_url`` from the page's front matter."""
        page.edit_url = page.meta.get("edit_url") or None
        return markdown

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        """Drop the indentation of the theme's templates from the page's HTML."""
        return collapse_whitespace(output)

    def on_post_build(self, *, config: Any) -> None:
        """Copy the generator's data files into the site (in the process that goes on)."""
        state, self.split = self.split, None
        if state is not None and state.is_child:
            state.leave(config)
        if state is not None:
            state.join(config)
        if config.extra.get(PUBLISH_DATA, True):
            publish_data(Path(config.docs_dir).with_name("data"), Path(config.site_dir))

    def on_serve(self, server: Any, /, *, config: Any, builder: Callable[..., Any]) -> Any:
        """Under ``papersite serve``, rebuild only while the generator is not writing
        ``build/docs`` (``generator.mkdocs_glue.watch.BUILD_LOCK``)."""
        from generator.mkdocs_glue.watch import BUILD_LOCK

        rebuild = server.builder

        def rebuild_in_turn() -> None:
            with BUILD_LOCK:
                rebuild()

        server.builder = rebuild_in_turn
        return server

    def on_build_error(self, *, error: Exception) -> None:
        """A forked process ends here on an error, never in its parent's code; the first
        process waits for the others."""
        state, self.split = self.split, None
        if state is not None and state.is_child:
            state.leave(None, failed=True)
        if state is not None:
            state.abandon()
