"""When the build hands work to worker processes: checking a prefecture's records (loading.py)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.context import BaseContext

PARALLEL_FROM = 1000  # jobs; a town's hundred are done here quicker than a process starts


def fork_workers(jobs: int) -> int:
    """How many processes (one per CPU) may share `jobs`; below 2, do the work in this process.

    Forking is safe only while this is the one thread (mkdocs build, carerdir check): under
    mkdocs serve, whose server threads may hold locks, the work stays here.
    """
    if jobs < PARALLEL_FROM or threading.active_count() > 1:
        return 1
    return len(os.sched_getaffinity(0))


def fork_context() -> BaseContext:
    return multiprocessing.get_context("fork")
