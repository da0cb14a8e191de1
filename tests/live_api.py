"""The API served for real: `trellis serve` in its own process on a database of the test's,
so concurrent requests meet the real pool, real transactions and real locks."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

TRELLIS = Path(sys.executable).parent / "trellis"
# Generous: the machine running the suite may be loaded; the server answers in well under it.
STARTUP_SECONDS = 180
QUIET = {
    "environment": "test",
    "access_log": "false",
    "log_level": "CRITICAL",
    "api_rate_limit": "10000000/minute",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(database_url: str, **settings: str) -> Iterator[str]:
    """The base URL of an API process on `database_url`, stopped on exit."""
    port = _free_port()
    chosen = QUIET | settings | {"database_url": database_url}
    env = os.environ | {f"TRELLIS_{name.upper()}": value for name, value in chosen.items()}
    process = subprocess.Popen(
        [str(TRELLIS), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(base):
            assert process.poll() is None, "the API process exited on start"
            assert time.monotonic() < deadline, "the API did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz").status_code == 200
    except httpx.TransportError:
        return False
