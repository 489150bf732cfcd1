"""The forked background job used by the build: its value, its errors, no leftovers."""

from __future__ import annotations

import os

import pytest

from generator.parallel import Background


def test_result_comes_from_another_process() -> None:
    job = Background(os.getpid)
    assert job.result() != os.getpid()


def test_inputs_are_inherited_not_pickled() -> None:
    unpicklable = lambda: 41  # noqa: E731  (a lambda cannot be pickled)
    assert Background(lambda: unpicklable() + 1).result() == 42


def test_an_error_in_the_job_is_raised_with_its_traceback() -> None:
    def fail() -> None:
        raise ValueError("bad input")

    with pytest.raises(RuntimeError, match="ValueError: bad input"):
        Background(fail).result()


def test_leaving_early_stops_the_job() -> None:
    import time

    with pytest.raises(KeyError), Background(lambda: time.sleep(60)) as job:
        raise KeyError("caller failed first")
    assert job._process is not None and job._process.exitcode is not None
