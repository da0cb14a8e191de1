"""examples/webhook_receiver.py against a live `trellis serve` and `trellis worker`: events
arrive verified, in order, once; a forged request is refused; the worker stops on SIGTERM."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]
TRELLIS = str(Path(sys.executable).parent / "trellis")
RECEIVER = str(ROOT / "examples" / "webhook_receiver.py")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


def printed_lines(path: Path, count: int, seconds: float = 30) -> list[str]:
    """The first `count` lines a process writes to `path`, waiting for them."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        lines = path.read_text().splitlines()
        if len(lines) >= count:
            return lines
        time.sleep(0.1)
    raise AssertionError(f"{path.name} has {path.read_text()!r}")


@contextmanager
def started(command: list[str], env: dict[str, str], out: Path) -> Iterator[subprocess.Popen[str]]:
    with out.open("w") as output:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.DEVNULL, text=True
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)


def test_the_example_receiver_verifies_what_a_live_worker_sends(
    fresh_database_url: str, tmp_path: Path
) -> None:
    env = os.environ | {
        "TRELLIS_DATABASE_URL": fresh_database_url,
        "TRELLIS_ENVIRONMENT": "test",
        "TRELLIS_WEBHOOK_ALLOW_PRIVATE": "true",
        "TRELLIS_WEBHOOK_FIRST_RETRY_SECONDS": "0.2",
        "TRELLIS_LOG_LEVEL": "WARNING",
        "TRELLIS_ACCESS_LOG": "false",
    }
    made = subprocess.run(
        [TRELLIS, "create-client", "--name", "e2e", "--role", "admin"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fields = dict(line.split(":", 1) for line in made.splitlines() if line.startswith("client_"))
    api_port, receiver_port = free_port(), free_port()
    base = f"http://127.0.0.1:{api_port}/api/v1"
    with (
        started([TRELLIS, "serve", "--port", str(api_port)], env, tmp_path / "serve.out"),
        httpx.Client(base_url=base) as api,
    ):
        wait_for_port(api_port)
        token = api.post(
            "/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": fields["client_id"].strip(),
                "client_secret": fields["client_secret"].strip(),
            },
        ).json()["access_token"]
        api.headers["Authorization"] = f"Bearer {token}"
        hook = api.post(
            "/webhooks",
            json={"url": f"http://127.0.0.1:{receiver_port}/", "event_types": ["districts.*"]},
        )
        assert hook.status_code == 201, hook.text
        receiver_env = env | {"WEBHOOK_SECRET": hook.json()["secret"]}
        receiver_command = [sys.executable, RECEIVER, "--port", str(receiver_port)]
        printed = tmp_path / "receiver.out"
        with (
            started(receiver_command, receiver_env, printed) as receiver,
            started([TRELLIS, "worker"], env, tmp_path / "worker.out") as worker,
        ):
            wait_for_port(receiver_port)
            district = api.post("/districts", json={"name": "Live District", "state": "NV"})
            assert district.status_code == 201, district.text
            renamed = api.patch(f"/districts/{district.json()['id']}", json={"name": "Renamed"})
            assert renamed.status_code == 200, renamed.text
            events = [json.loads(line) for line in printed_lines(printed, 2)]
            assert [e["type"] for e in events] == ["districts.create", "districts.update"]
            assert {e["data"]["resource_id"] for e in events} == {district.json()["id"]}
            assert [e["data"]["version"] for e in events] == [1, 2]

            forged = httpx.post(
                f"http://127.0.0.1:{receiver_port}/",
                content=json.dumps({"type": "districts.delete"}),
                headers={
                    "webhook-id": events[0]["webhook_id"],
                    "webhook-timestamp": str(int(time.time())),
                    "webhook-signature": "v1,bm90IGEgc2lnbmF0dXJl",
                },
            )
            assert forged.status_code == 401
            log = api.get(f"/webhooks/{hook.json()['id']}/deliveries").json()["items"]
            assert [entry["status"] for entry in log] == ["delivered", "delivered"]

            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=15) == 0
            assert receiver.poll() is None
            assert len(printed.read_text().splitlines()) == 2  # each event once
