"""How to cite a paper: BibTeX entries, citation keys, Highwire tags, schema.org JSON-LD,
and the links a reader follows.

Pure functions over :class:`~generator.model.Paper`; no I/O.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from datetime import date
from urllib.parse import quote, urlencode

from slugify import slugify

from generator.model import Paper
from generator.text.texmath import SYMBOL_COMMANDS, math_spans, plain_text

# Title words a citation key skips, as Google Scholar's keys do ("vinyals2015pointer").
_SKIPPED_WORDS = frozenset(
    "a an the on of in for to towards toward with and by from is are via at as".split()
)
# Characters with a meaning in (La)TeX, as BibTeX-safe text. Braces become commands
# because BibTeX counts every brace, escaped or not, and they must balance.
_TEX_TEXT = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
}
# arXiv ids start with YYMM ("2405.17258"), or end with it ("hep-th/9901001").
_ID_YEAR = re.compile(r"^(\d{2})\d{2}\.|/(\d{2})\d{5}$")


def arxiv_links(arxiv_id: str) -> dict[str, str]:
    """Return the reader links of an arXiv id: ``abstract``, ``pdf`` and ``huggingface`` URLs."""
    return {
        "abstract": f"https://arxiv.org/abs/{arxiv_id}",
        "pdf": f"https://arxiv.org/pdf/{arxiv_id}",
        "huggingface": f"https://huggingface.co/papers/{arxiv_id}",
    }


def title_searches(title: str) -> dict[str, str]:
    """Return title searches for a paper without an arXiv id: ``arxiv`` and
    ``semantic_scholar`` URLs, the title (as plain text, one line) URL-encoded.

    arXiv's search form (``/search/?query=...&searchtype=title``; ``/a/`` is an author
    page) and Semantic Scholar's (``/search?q=...``), as their own search boxes send them.
    """
    query = plain_text(" ".join(title.split()))
    return {
        "arxiv": "https://arxiv.org/search/?"
        + urlencode({"query": query, "searchtype": "title"}, quote_via=quote),
        "semantic_scholar": "https://www.semanticscholar.org/search?"
        + urlencode({"q": query}, quote_via=quote),
    }


def paper_year(paper: Paper) -> int | None:
    """Return the year a paper appeared: its publication day's, else its arXiv id's
    (``YYMM``), else ``None``.

    Never a listing day's: a listing shows papers of any age (ELECTRA, 2020, trended in
    2025), and a reference manager stores whatever year the page gives.
    """
    if paper.published:
        return paper.published.year
    match = _ID_YEAR.search(paper.arxiv_id or "")
    if match:
        two_digits = int(match.group(1) or match.group(2))
        return (1900 if two_digits >= 91 else 2000) + two_digits
    return None


def citation_date(paper: Paper) -> str:
    """Return the publication date as ISO 8601: the day (``2020-03-23``) when known,
    else the year (``2020``, see :func:`paper_year`), else ``""``."""
    if paper.published:
        return paper.published.isoformat()
    year = paper_year(paper)
    return str(year) if year else ""


@functools.lru_cache(maxsize=65536)
def _ascii_word(text: str) -> str:
    # Names and title words repeat across papers; slugify is the slow part of a key.
    return slugify(text, separator="")


def _key_base(paper: Paper) -> str:
    surname = _ascii_word(paper.authors[0].split()[-1]) if paper.authors else ""
    title = paper.title
    for span in reversed(math_spans(title)):  # "$\nabla^2$DFT" -> "DFT"
        title = title[: span.start] + title[span.end :]
    words = (_ascii_word(word) for word in title.split())
    word = next((w for w in words if w and w not in _SKIPPED_WORDS), "")
    year = paper_year(paper)
    base = f"{surname or 'anon'}{year or ''}{word}"
    return base[:60]


def citation_keys(papers: Mapping[str, Paper]) -> dict[str, str]:
    """Return a unique BibTeX key per slug: ``<surname><year><first title word>``.

    Keys are ASCII (``[a-z0-9]``). Papers sharing a key are ordered by first listing
    day, then slug: the first keeps it, the next get ``b``, ``c``, ... (Google Scholar's
    convention), so a paper listed later never changes an earlier paper's key.
    """

    def order(slug: str) -> tuple[date, str]:
        listed = papers[slug].listed
        return (listed[0] if listed else date.max, slug)

    keys: dict[str, str] = {}
    taken: set[str] = set()
    for slug in sorted(papers, key=order):
        base = _key_base(papers[slug])
        key, suffix = base, 1
        while key in taken:
            suffix += 1
            key = base + _letters(suffix)
        keys[slug] = key
        taken.add(key)
    return {slug: keys[slug] for slug in sorted(keys)}


def _letters(number: int) -> str:
    """2 -> ``b``, 26 -> ``z``, 27 -> ``aa``: spreadsheet column letters (1 is ``a``)."""
    out = ""
    while number:
        number, digit = divmod(number - 1, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[digit] + out
    return out


def _balanced(tex: str) -> bool:
    """True when braces nest and balance, counting escaped ones too, as BibTeX does."""
    depth = 0
    for char in tex:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


# Commands a math span kept verbatim may use: symbols, fonts, accents and layout of
# ordinary formulas. Any other (\input, \write18, \def, \csname ...) can read or write
# files or redefine TeX when the entry is typeset, so its span is escaped as text.
_MATH_COMMANDS = SYMBOL_COMMANDS | frozenset(
    """
    mathcal mathbf mathrm mathit mathsf mathtt mathbb mathfrak mathscr boldsymbol bm
    text textit textbf textrm textsf texttt textsc emph operatorname
    frac dfrac tfrac sqrt hat bar tilde vec dot ddot widehat widetilde overline underline
    left right big Big bigg Bigg cdots ldots dots vdots ddots log exp max min arg sup inf
    lim int iint oint prime mid vert Vert langle rangle lfloor rfloor lceil rceil
    forall exists neg land lor oplus otimes subset subseteq supset supseteq cup cap
    mapsto Rightarrow Leftarrow leftrightarrow Leftrightarrow uparrow downarrow
    equiv propto ll gg perp parallel top bot dagger hbar Re Im aleph square triangle
    varrho vartheta varsigma varpi Upsilon mathring check breve acute grave
    """.split()
)
_TEX_COMMAND = re.compile(r"\\([A-Za-z]+|.)")


def _safe_math(tex: str) -> bool:
    """True when every command of ``tex`` is in :data:`_MATH_COMMANDS` and it holds no
    ``^^`` (TeX's character-code notation: ``\\^^69nput`` is ``\\input``)."""
    return "^^" not in tex and all(name in _MATH_COMMANDS for name in _TEX_COMMAND.findall(tex))


def tex_text(text: str) -> str:
    """Return ``text`` as a BibTeX field value: TeX specials escaped, math kept as typed.

    A ``$...$`` math span (see :mod:`generator.text.texmath`) is kept verbatim when its braces
    balance and it uses only ordinary math commands (:data:`_MATH_COMMANDS`); any other
    character TeX interprets is written as a command or escape, so ``\\input{...}`` or
    ``\\write18{...}`` in a title is text, never run by LaTeX.
    """
    out, position = [], 0
    spans = [span for span in math_spans(text) if _balanced(span.tex) and _safe_math(span.tex)]
    for span in spans:
        out.append(_escape_tex(text[position : span.start]))
        delimiter = "$$" if span.display else "$"
        out.append(f"{delimiter}{span.tex}{delimiter}")
        position = span.end
    out.append(_escape_tex(text[position:]))
    return " ".join("".join(out).split())


def _escape_tex(text: str) -> str:
    return "".join(_TEX_TEXT.get(char, char) for char in text)


def bibtex(paper: Paper, key: str, page_url: str = "") -> str:
    """Return a BibTeX entry for ``paper`` (ends with a newline).

    arXiv's own export (``https://arxiv.org/bibtex/<id>``): ``@misc`` with ``title``,
    ``author`` (joined by ``and``), ``year``, ``eprint``, ``archivePrefix = {arXiv}``,
    ``primaryClass`` and ``url``; papersite adds ``doi`` and ``journal`` when known.
    Without an arXiv id, ``url`` is the site's ``page_url``. The year is
    :func:`paper_year`'s, left out when unknown. Every value is :func:`tex_text` (URLs
    percent-encoded instead); the title is double-braced so styles keep its capitals.
    """
    fields: list[tuple[str, str]] = [("title", "{" + tex_text(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(tex_text(name) for name in paper.authors)))
    year = paper_year(paper)
    if year:
        fields.append(("year", str(year)))
    if paper.arxiv_id:
        fields += [("eprint", tex_text(paper.arxiv_id)), ("archivePrefix", "arXiv")]
        if paper.arxiv_category:
            fields.append(("primaryClass", tex_text(paper.arxiv_category)))
    if paper.doi:
        fields.append(("doi", tex_text(paper.doi)))
    if paper.journal:
        fields.append(("journal", tex_text(paper.journal)))
    url = paper_url(paper, page_url)
    if url:
        fields.append(("url", _bib_url(url)))
    lines = [f"@misc{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines) + "\n"


def paper_url(paper: Paper, page_url: str = "") -> str:
    """Return the address a citation gives: arXiv's abstract page when the id is known,
    else ``page_url`` (the paper's page on the site, ``""`` when the site has no URL)."""
    return arxiv_links(paper.arxiv_id)["abstract"] if paper.arxiv_id else page_url


def _bib_url(url: str) -> str:
    """Return ``url`` with the characters that would unbalance BibTeX braces encoded."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def highwire_meta(paper: Paper, page_url: str = "") -> list[tuple[str, str]]:
    """Return ``(name, content)`` pairs of Highwire Press ``citation_*`` meta tags.

    The tags Zotero and Google Scholar read (https://scholar.google.com/intl/en/scholar/
    inclusion.html#indexing): title, one ``citation_author`` per author, the publication
    date as ``YYYY/MM/DD`` or the year alone (as that page allows) from
    :func:`citation_date`, DOI and journal when known, and the arXiv id, PDF and abstract
    URLs when the id is known. No listing day: Zotero would take it for the paper's date.
    Values are plain text, not yet HTML-escaped.
    """
    meta = [("citation_title", plain_text(" ".join(paper.title.split())))]
    meta += [("citation_author", author) for author in paper.authors]
    day = citation_date(paper)
    if day:
        meta.append(("citation_publication_date", day.replace("-", "/")))
    if paper.doi:
        meta.append(("citation_doi", paper.doi))
    if paper.journal:
        meta.append(("citation_journal_title", paper.journal))
    if paper.arxiv_id:
        links = arxiv_links(paper.arxiv_id)
        meta += [
            ("citation_arxiv_id", paper.arxiv_id),
            ("citation_pdf_url", links["pdf"]),
            ("citation_abstract_html_url", links["abstract"]),
        ]
    elif page_url:
        meta.append(("citation_abstract_html_url", page_url))
    return meta


def json_ld(paper: Paper, page_url: str = "") -> str:
    """Return a schema.org ``ScholarlyArticle`` as a ``<script type="application/ld+json">``
    element (HTML), agreeing with :func:`bibtex` and :func:`highwire_meta`.

    ``name`` (the title as plain text), ``author`` (a ``Person`` per name),
    ``datePublished`` (:func:`citation_date`), ``identifier`` (the arXiv id and the
    DOI, each a ``PropertyValue``), ``url`` (:func:`paper_url`), ``sameAs`` (the site's page)
    and ``isPartOf`` (the journal) when known. Schema: https://schema.org/ScholarlyArticle.
    Every ``<``, ``>`` and ``&`` is a JSON ``\\u`` escape, so no scraped ``</script>`` or
    ``<!--`` can end the element early (HTML's script data rules).
    """
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": plain_text(" ".join(paper.title.split())),
    }
    if paper.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in paper.authors]
    if citation_date(paper):
        data["datePublished"] = citation_date(paper)
    identifiers = []
    if paper.arxiv_id:
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.arxiv_id}
        )
    if paper.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi})
    if identifiers:
        data["identifier"] = identifiers
    url = paper_url(paper, page_url)
    if url:
        data["url"] = url
    if page_url and page_url != url:
        data["sameAs"] = page_url
    if paper.journal:
        data["isPartOf"] = {"@type": "Periodical", "name": paper.journal}
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return f'<script type="application/ld+json">{text}</script>'
