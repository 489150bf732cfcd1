"""MkDocs wiring only; the decisions live in the generator.

* The generator sets each page's edit link in its front matter (``edit_url``; empty
  hides the button), so no page can point at a generated file under ``build/``.
* The generator has cleaned every raw-HTML block of its pages with nh3 already
  (``generator.render.prerendered.clean_blocks``); the rest of a page is Markdown of escaped
  text. (Cleaning each finished page here cost MkDocs 14 s at 20,000 papers.)
* The finished page loses the theme's indentation (``generator.mkdocs_glue.htmlspace``).
* The generator's data files (search index, feeds, ``papers.json``) are in
  ``build/data``, next to ``build/docs``: copied into the site after the build, unless
  ``papersite build`` (``extra.papersite_publish_data: false``) does it itself.
* ``papersite build`` runs MkDocs on every core (``generator.mkdocs_glue.split``).
* ``papersite serve``: MkDocs and the generator take turns with ``build/docs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import urls
from generator.mkdocs_glue import split as mkdocs_split
from generator.mkdocs_glue.htmlspace import collapse_whitespace
from generator.publish.output import PUBLISH_DATA, publish_data

# mkdocs.yml ``extra`` key the theme reads the site feed's URL from (site_templates/main.html).
SITE_FEED = "papersite_site_feed"


def on_config(config: Any, **kwargs: Any) -> Any:
    """Give the theme the URLs it links that the generator decides (``generator.urls``)."""
    config.extra[SITE_FEED] = urls.SITE_FEED
    return config


def on_nav(nav: Any, config: Any, files: Any, **kwargs: Any) -> Any:
    """Fork the build when ``papersite build`` asks for it (``mkdocs_split.split``)."""
    mkdocs_split.split(config, files, nav)
    return nav


def on_env(env: Any, **kwargs: Any) -> Any:
    """Keep the theme's environment for the sitemap of a forked build."""
    mkdocs_split.remember_env(env)
    return env


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Set ``page.edit_url`` from the page's front matter."""
    page.edit_url = page.meta.get("edit_url") or None
    return markdown


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    """Drop the indentation of the theme's templates from the page's HTML."""
    return collapse_whitespace(output)


def on_post_build(config: Any, **kwargs: Any) -> None:
    """Copy the generator's data files into the site (in the process that goes on)."""
    if mkdocs_split.is_child():
        mkdocs_split.leave(config)
    mkdocs_split.join(config)
    if config.extra.get(PUBLISH_DATA, True):
        publish_data(Path(config.docs_dir).with_name("data"), Path(config.site_dir))


def on_serve(server: Any, **kwargs: Any) -> Any:
    """Under ``papersite serve``, rebuild only while the generator is not writing
    ``build/docs`` (``generator.mkdocs_glue.watch.BUILD_LOCK``)."""
    from generator.mkdocs_glue.watch import BUILD_LOCK

    rebuild = server.builder

    def rebuild_in_turn() -> None:
        with BUILD_LOCK:
            rebuild()

    server.builder = rebuild_in_turn
    return server


def on_build_error(error: Exception, **kwargs: Any) -> None:
    """A forked process ends here on an error, never in its parent's code."""
    if mkdocs_split.is_child():
        mkdocs_split.leave(None, failed=True)
    mkdocs_split.abandon()
