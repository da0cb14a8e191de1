"""A PostgreSQL cluster of our own: `initdb` into a temporary folder, served on its own
port on 127.0.0.1, so it can be stopped and started without touching the machine's
shared server. As root (initdb refuses root) it runs as the `postgres` OS user."""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

CLUSTER_USER = "postgres"


def postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl are, or None when this machine has no PostgreSQL server."""
    try:
        found = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if (Path(found) / "initdb").exists():
            return Path(found)
    except (OSError, subprocess.CalledProcessError):
        pass
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major_version)
    return Path(candidates[-1]).parent if candidates else None


def _major_version(path: str) -> int:
    version = Path(path).parent.parent.name
    return int(version) if version.isdigit() else 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateCluster:
    """`with PrivateCluster() as cluster:` a running cluster; `stop()`/`start()` at will."""

    def __init__(self, *, max_connections: int = 200) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise RuntimeError("no PostgreSQL server binaries (initdb) on this machine")
        self.bindir = bindir
        self.port = free_port()
        self.max_connections = max_connections
        self.as_root = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="trellis-cluster-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.as_root:
            command = ["runuser", "-u", CLUSTER_USER, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def __enter__(self) -> "PrivateCluster":
        if self.as_root:
            shutil.chown(self.folder, CLUSTER_USER, CLUSTER_USER)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        try:
            if self.running():
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            f"-c max_connections={self.max_connections}"
        )
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, database: str = "postgres", driver: str = "postgresql") -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; its SQLAlchemy (asyncpg) URL."""
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name, driver="postgresql+asyncpg")

    def wait_accepting(self, timeout: float = 30) -> float:
        """Seconds until a connection succeeds."""
        started = time.monotonic()
        while True:
            try:
                with psycopg.connect(self.url(), connect_timeout=2):
                    return time.monotonic() - started
            except psycopg.OperationalError:
                if time.monotonic() - started > timeout:
                    raise
                time.sleep(0.05)


def migrated_database(cluster: PrivateCluster, name: str = "trellis") -> str:
    """A new database on the cluster at the newest schema; its asyncpg URL."""
    from api.migrate import upgrade

    url = cluster.create_database(name)
    upgrade(url)
    return url


class TrellisProcess:
    """`trellis serve` or `trellis worker` as a child process, started again at will and
    killed with SIGKILL when asked, on a fixed port so clients follow it."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.args = args
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        # The installed entry point itself, not `uv run`: a signal reaches the server.
        trellis = Path(sys.executable).parent / "trellis"
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [str(trellis), *self.args],
                env=os.environ | self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


def wait_ready(base_url: str, timeout: float = 180) -> float:
    """Seconds until `/readyz` answers 200."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{base_url} was not ready in {timeout:.0f} s")
