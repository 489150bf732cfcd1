"""The forked background job used by the build: its value, its errors, no leftovers."""

from __future__ import annotations

import os

import pytest

from generator.runtime.parallel import Background, split_map


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


@pytest.mark.parametrize("parts", [1, 2, 3, 7])
def test_split_map_keeps_the_order_and_uses_other_processes(parts: int) -> None:
    items = list(range(10))
    results = split_map(lambda part: [(item * item, os.getpid()) for item in part], items, parts)
    assert [square for square, _ in results] == [item * item for item in items]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids  # the first part runs here
    assert len(pids) == parts


def test_split_map_raises_a_failed_part() -> None:
    def fail_on_nine(part: list[int]) -> list[int]:
        if 9 in part:
            raise ValueError("nine")
        return part

    with pytest.raises(RuntimeError, match="ValueError: nine"):
        split_map(fail_on_nine, list(range(10)), 2)


def test_split_map_of_few_items() -> None:
    assert split_map(lambda part: [x + 1 for x in part], [], 4) == []
    assert split_map(lambda part: [x + 1 for x in part], [1], 4) == [2]
