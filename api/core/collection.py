"""Pausing Python's cycle collector while a bulk write runs.

Replaying a batch of 5,000 rows builds tens of thousands of dicts and lists that all
stay alive until the batch is written: the collector, triggered by every 700 new
objects, ran again and again over a growing heap and freed nothing, a third of the
batch's time. Reference counting still frees what the process drops meanwhile; the
cycles it leaves are collected once the last pause is over.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    """Pauses may overlap (two bulk writes awaiting the database at once): the collector
    resumes when the last one ends, and only if it ran before the first."""

    def __init__(self) -> None:
        self.active = 0
        self.resume = False

    def begin(self) -> None:
        if self.active == 0:
            self.resume = gc.isenabled()
            gc.disable()
        self.active += 1

    def end(self) -> None:
        self.active -= 1
        if self.active == 0 and self.resume:
            gc.enable()


PAUSES = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    PAUSES.begin()
    try:
        yield
    finally:
        PAUSES.end()
