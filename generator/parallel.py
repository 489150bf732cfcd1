"""Run one job in a forked process while the caller goes on: the build has two cores.

The child inherits the parent's memory (copy on write), so the job's inputs are not
pickled; only its result comes back through a pipe.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

Result = TypeVar("Result")


class Background(Generic[Result]):
    """``function()`` running in a forked child; :meth:`result` waits for its value.

    Where ``fork`` is unavailable (Windows) the function runs in :meth:`result` instead.
    """

    def __init__(self, function: Callable[[], Result]) -> None:
        self._function = function
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
        self._process.start()
        sender.close()

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
