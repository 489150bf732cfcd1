"""Regenerate ``build/docs`` when ``content/`` changes, for ``papersite serve``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator import pipeline
from generator.config import Project
from generator.errors import PapersiteError

log = logging.getLogger("papersite")
DEBOUNCE_SECONDS = 0.2
# Held while the generator writes build/docs and while MkDocs builds from it
# (PapersitePlugin.on_serve), so neither sees the other half done: a dirty MkDocs build
# that met a page rewritten under it crashed ("can only concatenate str (not
# "NoneType") to str" in Material's search) when a file was saved twice in 2 s.
# Two regenerations (saves a debounce apart) also take turns on it.
BUILD_LOCK = threading.Lock()
CHANGES = frozenset({"created", "modified", "deleted", "moved"})


class _Regenerate(FileSystemEventHandler):
    def __init__(self, project: Project) -> None:
        self.project = project
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Reading content (as a build does) raises "opened"/"closed" events: only a
        # change counts, or every build would trigger the next.
        if event.event_type not in CHANGES or event.is_directory or "/." in str(event.src_path):
            return
        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(DEBOUNCE_SECONDS, self.run)
            self.timer.start()

    def run(self) -> None:
        try:
            with BUILD_LOCK:
                pipeline.build(self.project, run_mkdocs=False)
        except PapersiteError as error:
            for problem in error.problems:
                log.error("%s", problem)


@contextmanager
def watch_content(project: Project) -> Iterator[None]:
    """While the block runs, rewrite ``build/docs`` shortly after any content file changes."""
    observer = Observer()
    observer.schedule(_Regenerate(project), str(project.content), recursive=True)
    observer.start()
    try:
        yield
    finally:
        observer.stop()
        observer.join()
