"""MkDocs wiring only; the decisions live in the generator.

* The generator sets each page's edit link in its front matter (``edit_url``; empty
  hides the button), so no page can point at a generated file under ``build/``.
* Page HTML goes through ``generator.sanitize.clean_html`` (nh3) as defence in depth.
* The finished page loses the theme's indentation (``generator.htmlspace``).
"""

from __future__ import annotations

from typing import Any

from generator.htmlspace import collapse_whitespace
from generator.sanitize import clean_html


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Set ``page.edit_url`` from the page's front matter."""
    page.edit_url = page.meta.get("edit_url") or None
    return markdown


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    """Sanitise the page's rendered HTML before themes and search see it."""
    return clean_html(html)


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    """Drop the indentation of the theme's templates from the page's HTML."""
    return collapse_whitespace(output)
