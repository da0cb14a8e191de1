"""The API process's resident memory while a benchmark loads it."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.server import Server


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Peak:
    peak_mb: float = 0.0


@contextmanager
def peak_rss(server: Server, every: float = 0.1) -> Iterator[Peak]:
    """The highest resident memory the server reaches while the block runs, sampled `every`
    seconds (a spike between two samples may be missed; a leak or a buffered response is not)."""
    pid, peak, stop = server.python_pid(), Peak(), threading.Event()

    def sample() -> None:
        while True:
            try:
                peak.peak_mb = max(peak.peak_mb, rss_mb(pid))
            except OSError:
                return
            if stop.wait(every):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        stop.set()
        sampler.join()
