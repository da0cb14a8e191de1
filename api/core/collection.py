"""Pausing Python's cycle collector over a stretch of plain computation.

Replaying a batch of 5,000 rows builds tens of thousands of dicts and lists that all
stay alive until the batch is written: the collector, triggered by every 700 new
objects, ran again and again over a growing heap and freed nothing, a third of the
batch's time. Whatever cycles the stretch leaves are collected once it is over.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """For synchronous code only: across an await it would pause it for other requests."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
