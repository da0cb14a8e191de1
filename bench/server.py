"""The real server, as deployed: `trellis serve`, one worker, in a subprocess; or,
with `peer=True`, the same app and uvicorn options with the benchmark's peer
route added (`bench.peer`)."""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

from bench.credentials import SERVER_ENV

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, database_url: str, log_path: Path, *, peer: bool = False) -> None:
        self.peer = peer
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "Server":
        uv = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
        env = os.environ | {
            "TRELLIS_DATABASE_URL": self.database_url,
            "TRELLIS_ACCESS_LOG": "false",
            "TRELLIS_LOG_LEVEL": "WARNING",
            **SERVER_ENV,
        }
        serve = ["python", "-m", "bench.peer"] if self.peer else ["trellis", "serve"]
        command = [uv, "run", "--frozen", *serve, "--port", str(self.port)]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_ready(timeout=60)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"the server exited; see {self.log_path}")
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                connection.request("GET", "/readyz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            finally:
                connection.close()
            time.sleep(0.2)
        raise RuntimeError(f"the server was not ready in {timeout:.0f} s; see {self.log_path}")

    def python_pid(self) -> int:
        """The interpreter serving requests (`uv run` starts it as a child)."""
        assert self.process is not None
        pid = self.process.pid
        for _ in range(3):
            # A child is listed under the thread that started it, not always the main one.
            kids = [
                int(kid) for task in Path(f"/proc/{pid}/task").glob("*") for kid in children(task)
            ]
            if not kids:
                return pid
            pid = kids[0]
        return pid

    def cpu_seconds(self) -> float:
        """CPU time the serving interpreter has used so far (user + system)."""
        fields = Path(f"/proc/{self.python_pid()}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def children(task: Path) -> list[str]:
    """The processes a thread started; none when the thread ended while we looked."""
    try:
        return (task / "children").read_text().split()
    except FileNotFoundError:
        return []
