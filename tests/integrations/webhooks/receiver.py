"""A real HTTP receiver on the loopback interface, in a thread, that keeps what it is sent."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def data(self) -> dict[str, object]:
        payload: dict[str, object] = orjson.loads(self.body)["data"]
        return payload


@dataclass
class Receiver:
    url: str = ""
    fail_first: int = 0  # answer 500 to this many requests first
    fail_always: bool = False
    pause_seconds: float = 0.0  # how long each answer takes
    requests: list[Received] = field(default_factory=list)  # every request, failed ones too
    accepted: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, received: Received) -> int:
        time.sleep(self.pause_seconds)
        with self.lock:
            self.requests.append(received)
            if self.fail_always or len(self.requests) <= self.fail_first:
                return 500
            self.accepted.append(received)
            return 204


class ListeningReceiver(ThreadingHTTPServer):
    # socketserver's default backlog is 5: the workers' hundred-odd concurrent requests
    # would have their connections dropped and retried by TCP for seconds, past the
    # delivery timeout, and be sent again.
    request_queue_size = 1024


@contextmanager
def running_receiver(**options: object) -> Iterator[Receiver]:
    receiver = Receiver(**options)  # type: ignore[arg-type]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            received = Received(dict(self.headers.items()), self.rfile.read(length))
            self.send_response(receiver.answer(received))
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ListeningReceiver(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
