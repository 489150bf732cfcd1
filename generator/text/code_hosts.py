"""Code hosts: which links are a paper's code, and how a page names their host."""

from __future__ import annotations

from urllib.parse import urlsplit

# Domain -> the name a page shows.
CODE_HOSTS = {
    "github.com": "GitHub",
    "gitlab.com": "GitLab",
    "gitee.com": "Gitee",
    "bitbucket.org": "Bitbucket",
    "huggingface.co": "Hugging Face",
    "codeberg.org": "Codeberg",
    "sourceforge.net": "SourceForge",
}
# Hosts whose links are taken as code when an abstract gives them, and whose owner and
# repository a search finds. Hugging Face is named when a contributor lists it, but its
# links in abstracts are mostly models, datasets and paper pages.
REPOSITORY_HOSTS = frozenset(CODE_HOSTS) - {"huggingface.co"}


def host_of(url: str) -> str:
    """Return the host of ``url`` in lower case without ``www.`` ("" for none)."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def is_code_url(url: str) -> bool:
    """Return True when ``url`` points at a repository host (GitHub, GitLab, ...)."""
    return host_of(url) in REPOSITORY_HOSTS


def code_host(url: str) -> tuple[str, str]:
    """Return ``(host name, path)`` of a code URL: ``("GitHub", "owner/repo")``.

    Known hosts get their usual name; any other host is shown as its domain.
    """
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = (parts.path + (f"?{parts.query}" if parts.query else "")).strip("/")
    return CODE_HOSTS.get(host, host), path
