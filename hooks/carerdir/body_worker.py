"""Render the generated pages' bodies in a forked worker process while MkDocs builds pages.

A prefecture has 10,000 record pages; their bodies (our templates, ~1 ms each) and Material's
page templates (~4 ms each) used to take turns on one CPU. The worker renders the bodies in
the order MkDocs asks for them and sends each through a pipe; the page build takes them as
it goes. The pipe's small buffer keeps the worker only a few pages ahead, so memory does
not grow. With one CPU, a few pages, or other threads running (see workers.py) the bodies
are rendered in this process as before.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection

from mkdocs.exceptions import PluginError

from .workers import fork_context, fork_workers

class BodyWorker:
    """Bodies of `src_uris` from `render`, rendered ahead in a child process when worthwhile."""

    def __init__(self, render: Callable[[str], str], src_uris: list[str]) -> None:
        self._render, self._src_uris = render, src_uris
        self._ready: dict[str, str] = {}
        self._pipe: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None

    def start(self) -> None:
        if fork_workers(len(self._src_uris)) < 2:
            return
        receiving, sending = multiprocessing.Pipe(duplex=False)
        self._process = fork_context().Process(target=self._run, args=(sending,), daemon=True)
        self._process.start()
        sending.close()
        self._pipe = receiving

    def _run(self, pipe: Connection) -> None:
        try:
            for src_uri in self._src_uris:
                pipe.send((src_uri, self._render(src_uri)))
        except Exception as error:  # reported by the page build, which then stops
            pipe.send((None, f"{src_uri}: {type(error).__name__}: {error}"))
        finally:
            pipe.close()

    def body(self, src_uri: str) -> str:
        """The body of one page: from the worker if it runs, else rendered now."""
        if self._pipe is None:
            return self._render(src_uri)
        while src_uri not in self._ready:
            try:
                done, html = self._pipe.recv()
            except EOFError:
                raise PluginError(f"{src_uri}: ページの本文を作る処理が止まりました (the body worker ended)") from None
            if done is None:
                raise PluginError(html)
            self._ready[done] = html
        return self._ready.pop(src_uri)

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process = None
            self._pipe = None
