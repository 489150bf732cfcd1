"""A page's front matter and the ``<meta>`` tags of its head, as the theme prints them."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from generator.render.escape import html_text

# Material inserts these into <title>, <meta> and the header without escaping them
# (MkDocs' Jinja environment has autoescape off), so they are written as HTML text.
HTML_META_KEYS = ("title", "description")


# Characters YAML does not allow unescaped in a stream (YAML 1.1, section 5.1), which
# json.dumps(ensure_ascii=False) leaves as they are.
_YAML_NON_PRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _yaml_json(value: Any) -> str:
    """Return ``value`` as JSON that is also a valid YAML scalar or flow collection."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _YAML_NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def front_matter(data: dict[str, Any]) -> str:
    """Return a YAML front-matter block for a generated page.

    Each value is written as JSON, which is valid YAML (YAML 1.2 is a superset of
    JSON): a generated page is never edited by hand, and this is ten times faster
    than a YAML emitter at 20,000 pages. ``title`` and ``description`` are
    HTML-escaped: the theme outputs them verbatim.
    """
    lines = [
        f"{key}: " + _yaml_json(html.escape(value, quote=True) if key in HTML_META_KEYS else value)
        for key, value in data.items()
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def head_meta(names: list[tuple[str, str]], properties: dict[str, str]) -> str:
    """Return the ``<meta>`` tags of a page head, one per line, as HTML.

    ``names`` become ``<meta name=...>`` (Highwire ``citation_*``), ``properties``
    ``<meta property=...>`` (Open Graph); empty values are left out, and
    ``twitter:card`` is ``summary``. Values are plain text, HTML-escaped here: the page
    carries one string in its front matter (``head_html``), which
    ``site_templates/main.html`` prints as it is. One string, not a list of triples,
    because MkDocs builds Python objects from front matter node by node (9 s of a
    20,000-paper build for the triples).
    """
    tags = [("name", key, value) for key, value in names if value]
    tags += [("property", key, value) for key, value in properties.items() if value]
    tags.append(("name", "twitter:card", "summary"))
    return "\n".join(
        f'<meta {attribute}="{html_text(key)}" content="{html_text(value)}">'
        for attribute, key, value in tags
    )
