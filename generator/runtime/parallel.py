"""Run work in forked processes while the caller goes on: the build machine has cores.

A child inherits the parent's memory (copy on write), so a job's inputs are not
pickled; only its result comes back through a pipe. :class:`Background` runs one job;
:func:`split_map` cuts a list into one part per core and maps each part in its own
process, the first in the caller's.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")
Item = TypeVar("Item")


class Background(Generic[Result]):
    """``function()`` running in a forked child; :meth:`result` waits for its value.

    Where ``fork`` is unavailable (Windows) the function runs in :meth:`result` instead.
    """

    def __init__(self, function: Callable[..., Result], *args: Any) -> None:
        """Start ``function(*args)`` in a child."""
        if args:
            function = functools.partial(function, *args)
        self._function: Callable[[], Result] | None = function
        self._process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)

        def child() -> None:
            try:
                sender.send((True, function()))
            except BaseException:  # the parent re-raises it; the child must not hang
                sender.send((False, traceback.format_exc()))

        self._process = context.Process(target=child, daemon=True)
        # The child's garbage collector must not touch the objects it inherits: marking
        # them would copy every page they sit on (the parent's whole heap) into the child.
        # https://docs.python.org/3/library/gc.html#gc.freeze
        gc.freeze()
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        sender.close()
        self._function = None  # the parent lets go of what only the child needs

    def __enter__(self) -> Background[Result]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop the child if its result was never asked for (the caller failed first)."""
        if self._process is not None and self._process.exitcode is None:
            self._process.terminate()
            self._process.join()
            self._receiver.close()

    def result(self) -> Result:
        """Return the function's value; raise ``RuntimeError`` (with the child's
        traceback) if it raised, or if the child died without an answer."""
        if self._process is None:
            assert self._function is not None
            return self._function()
        try:
            ok, value = self._receiver.recv()
        except EOFError:
            ok, value = False, "the worker process ended without an answer"
        self._process.join()
        self._receiver.close()
        self._process = None
        if not ok:
            raise RuntimeError(f"background job failed:\n{value}")
        return value  # type: ignore[no-any-return]


def cpu_count() -> int:
    """Return the number of cores this process may run on (at least 1)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # no sched_getaffinity (macOS, Windows)
        return os.cpu_count() or 1


def split_map(
    function: Callable[[Sequence[Item]], list[Result]],
    items: Sequence[Item],
    parts: int | None = None,
) -> list[Result]:
    """Return ``function(items)``, computed as ``function`` of contiguous parts of
    ``items`` in parallel and concatenated in order.

    ``function`` must map a list to a list of the same length, each result depending
    only on its own item (and on state the children inherit). ``parts`` defaults to
    :func:`cpu_count`; the first part runs in the calling process. Raises
    ``RuntimeError`` (with the child's traceback) if a part failed in a child.
    """
    parts = min(parts or cpu_count(), len(items))
    if parts <= 1:
        return function(items)
    bounds = [len(items) * index // parts for index in range(parts + 1)]
    chunks = [items[start:end] for start, end in itertools.pairwise(bounds)]
    with contextlib.ExitStack() as stack:
        jobs = [stack.enter_context(Background(function, chunk)) for chunk in chunks[1:]]
        results = list(function(chunks[0]))
        for job in jobs:
            results.extend(job.result())
    return results
