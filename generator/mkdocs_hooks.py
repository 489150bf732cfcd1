"""MkDocs wiring only: the generator decides each page's edit link in its front matter.

A page whose front matter has ``edit_url`` gets exactly that link (an empty value
hides the edit button); no page may point at a generated file under ``build/``.
"""

from __future__ import annotations

from typing import Any


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Set ``page.edit_url`` from the page's front matter."""
    page.edit_url = page.meta.get("edit_url") or None
    return markdown
