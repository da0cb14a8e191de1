"""Where the server's time goes: py-spy sampling the server process under load.

`py-spy record --format raw` writes collapsed stacks; the summary splits the
samples by the package of the innermost frame (self time) and lists the
functions with the most inclusive time.
"""

import re
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.server import Server

FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
# Where a request's CPU goes, by the first matching frame of a sample's stack
# (SQLAlchemy's greenlets start their own stacks, matched by their first frame).
CATEGORIES = [
    (
        "sign-in: token, principal query, rate limit",
        ("current_principal", "load_principal", "RateLimits", "MemoryStorage"),
        ("Session.scalar", "AsyncSession.scalar"),
    ),
    (
        "directory query: SQLAlchemy Core + driver, rows",
        ("get_school_detail", "page (api/directory/service", "KeysetQuery.fetch"),
        ("Connection.execute", "AsyncConnection.execute", "Session.connection"),
    ),
    ("session open/close", ("get_session", "Session.close", "AsyncSession.close"), ()),
    ("response: JSON, ETag, Link", ("page_response", "record_response", ".render"), ()),
    ("FastAPI dependencies and parameters", ("solve_dependencies",), ()),
    (
        "routing, middleware, FastAPI/Starlette",
        ("FastAPI.__call__", "Router.__call__"),
        (),
    ),
    ("uvicorn HTTP, event loop, other", ("",), ("",)),
]
PACKAGES = [
    ("sqlalchemy", "sqlalchemy"),
    ("asyncpg", "asyncpg"),
    ("aiosqlite", "aiosqlite"),
    ("sqlite3", "sqlite3"),
    ("pydantic", "pydantic"),
    ("fastapi", "fastapi"),
    ("starlette", "starlette"),
    ("uvicorn", "uvicorn"),
    ("httptools", "uvicorn"),
    ("uvloop", "asyncio/uvloop"),
    ("asyncio", "asyncio/uvloop"),
    ("/api/", "trellis (api/)"),
    ("orjson", "orjson"),
    ("anyio", "anyio"),
]


def py_spy() -> list[str]:
    found = shutil.which("py-spy") or (
        str(Path.home() / ".local/bin/py-spy")
        if (Path.home() / ".local/bin/py-spy").exists()
        else None
    )
    if found:
        return [found]
    return [shutil.which("uv") or str(Path.home() / ".local/bin/uv"), "tool", "run", "py-spy"]


def profile_server(
    server: Server, prefix: Path, run_load: Callable[[], Any], seconds: float
) -> dict[str, Any]:
    raw = prefix.with_suffix(".txt")
    command = [
        *py_spy(),
        "record",
        "--pid",
        str(server.python_pid()),
        "--rate",
        "200",
        "--duration",
        str(max(1, round(seconds))),
        "--format",
        "raw",
        # Only the thread holding the GIL: without it, a sandbox where py-spy cannot
        # tell idle threads shows every thread waiting in epoll or a lock as busy.
        "--gil",
        "--nonblocking",
        "--output",
        str(raw),
    ]
    spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(0.5)
    run_load()
    try:
        _, err = spy.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        spy.kill()
        _, err = spy.communicate()
    if not raw.exists():
        return {"error": (err or b"").decode(errors="replace")[-500:]}
    summary = summarise(raw)
    prefix.with_suffix(".summary.txt").write_text(render(summary))
    return {"raw": str(raw), **summary}


def _frames(stack: str) -> list[tuple[str, str]]:
    frames = []
    for part in stack.split(";"):
        match = FRAME.match(part.strip())
        if match:
            frames.append((match["function"], match["file"]))
        else:
            frames.append((part.strip(), ""))
    return frames


def _package(file: str) -> str:
    for needle, name in PACKAGES:
        if needle in file:
            return name
    return "other (stdlib, ...)"


def summarise(raw: Path, top: int = 30) -> dict[str, Any]:
    self_by_package: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = _frames(stack)
        total += count
        if frames:
            self_by_package[_package(frames[-1][1])] += count
            categories[_category(frames)] += count
        seen = set()
        for function, file in frames:
            key = f"{function} ({_short(file)})"
            if key not in seen:
                seen.add(key)
                inclusive[key] += count
    return {
        "samples": total,
        "categories": {k: round(100 * v / total, 1) for k, v in categories.most_common()}
        if total
        else {},
        "self_by_package": {k: round(100 * v / total, 1) for k, v in self_by_package.most_common()}
        if total
        else {},
        "inclusive_top": {k: round(100 * v / total, 1) for k, v in inclusive.most_common(top)}
        if total
        else {},
    }


def _category(frames: list[tuple[str, str]]) -> str:
    names = [f"{function} ({file})" for function, file in frames]
    for label, anywhere, first in CATEGORIES:
        if any(needle in name for needle in anywhere for name in names):
            return label
        if first and any(names[0].startswith(needle) for needle in first if needle):
            return label
    return CATEGORIES[-1][0]


def _short(file: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def render(summary: dict[str, Any]) -> str:
    lines = [f"samples: {summary['samples']}", "where a request's CPU goes (%):"]
    lines += [f"  {v:5.1f}  {k}" for k, v in summary.get("categories", {}).items()]
    lines.append("self time by package (%):")
    lines += [f"  {v:5.1f}  {k}" for k, v in summary["self_by_package"].items()]
    lines.append("inclusive time, top functions (%):")
    lines += [f"  {v:5.1f}  {k}" for k, v in summary["inclusive_top"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    for name in sys.argv[1:]:
        print(render(summarise(Path(name))))
