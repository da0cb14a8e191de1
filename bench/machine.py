"""What the benchmark ran on, and how busy the whole machine was."""

import os
import platform
import subprocess
from pathlib import Path
from typing import Any


def machine_busy() -> float:
    """CPU-seconds the whole machine has been busy (all processes, all CPUs)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(x) for x in fields]
    idle = ticks[3] + ticks[4]
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def describe_machine(wrk: str | None, root: Path) -> dict[str, Any]:
    def output(command: list[str]) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=10, cwd=root)
            return (done.stdout or done.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "wrk": output([wrk, "--version"]) if wrk else None,
        "git": output(["git", "rev-parse", "--short", "HEAD"]),
    }
