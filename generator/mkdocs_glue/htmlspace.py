"""Indentation out of a rendered page: Material's templates indent every line, about a
tenth of a paper page at 20,000 papers.

A newline followed by any whitespace becomes one newline, outside ``<pre>`` and
``<textarea>``, whose whitespace is their content. HTML renders a whitespace run as one
space (CSS 2.2, 16.6.1 "white-space"), so a page looks the same; the markup is
otherwise untouched. minify-html would save about 5 % more, but rewrites the markup
(unquoted attributes, omitted tags), which the tests and contributors read.
"""

from __future__ import annotations

import re

# Elements whose whitespace is content; a non-greedy match up to the first closing
# tag, as neither may contain itself.
_VERBATIM = re.compile(r"(<pre[\s>].*?</pre>|<textarea[\s>].*?</textarea>)", re.DOTALL)
_INDENT = re.compile(r"\n\s+")


def collapse_whitespace(html: str) -> str:
    """Return ``html`` with each newline-plus-whitespace run outside pre/textarea as ``\\n``."""
    parts = _VERBATIM.split(html)
    # split() with one group alternates outside, verbatim, outside, ...
    parts[::2] = [_INDENT.sub("\n", part) for part in parts[::2]]
    return "".join(parts)
