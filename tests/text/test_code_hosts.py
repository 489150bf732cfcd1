"""Code hosts: one list decides which links are code and how a page names their host."""

from __future__ import annotations

import pytest

from generator.text.code_hosts import CODE_HOSTS, REPOSITORY_HOSTS, code_host, is_code_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/a/b", True),
        ("https://www.github.com/a/b", True),
        ("https://GitHub.com/a/b", True),
        ("http://gitlab.com/a/b", True),
        ("https://codeberg.org/a/b", True),
        ("https://huggingface.co/a/b", False),
        ("https://arxiv.org/abs/2401.00001", False),
        ("https://github.com.evil.org/a", False),
        ("https://notgithub.com/a", False),
        ("not a url", False),
    ],
)
def test_is_code_url(url: str, expected: bool) -> None:
    assert is_code_url(url) is expected


def test_every_repository_host_has_a_shown_name() -> None:
    """Issue 17: the hosts taken as code are a part of the hosts a page names, so the two
    lists cannot drift apart again."""
    assert set(CODE_HOSTS) > REPOSITORY_HOSTS
    for host in REPOSITORY_HOSTS:
        assert code_host(f"https://{host}/owner/repo") == (CODE_HOSTS[host], "owner/repo")


def test_an_unknown_host_is_shown_as_its_domain() -> None:
    assert code_host("https://www.Example.org/x/y?z=1") == ("example.org", "x/y?z=1")
