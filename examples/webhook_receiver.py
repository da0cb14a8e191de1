"""A small receiver of Trellis webhooks that checks every signature before trusting a byte.

    WEBHOOK_SECRET=whsec_... python examples/webhook_receiver.py --port 9000

Then subscribe it: POST /api/v1/webhooks {"url": "https://your.host:9000/", ...}
(a loopback URL like http://127.0.0.1:9000/ needs TRELLIS_WEBHOOK_ALLOW_PRIVATE=true
on the server, for trying things out). Each verified event is printed as one JSON line.

It uses only the standard library and `standardwebhooks`, the Standard Webhooks
reference library; any Standard Webhooks or Svix library verifies the same way. It
answers 2xx only once an event is handled, so Trellis retries everything else; and it
remembers the `webhook-id`s it has handled, since a delivery may arrive again (a retry
after a lost answer, or a manual redelivery).
"""

import argparse
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError

MAX_BODY = 1024 * 1024


class Receiver(ThreadingHTTPServer):
    def __init__(self, address: tuple[str, int], secret: str) -> None:
        super().__init__(address, Handler)
        self.webhook = Webhook(secret)
        self.seen: set[str] = set()
        self.lock = threading.Lock()

    def handle_event(self, message_id: str, payload: dict[str, object]) -> None:
        """Apply the event; here, print it once."""
        with self.lock:
            if message_id in self.seen:
                return
            self.seen.add(message_id)
            print(json.dumps({"webhook_id": message_id, **payload}), flush=True)


class Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        if length > MAX_BODY:
            self.answer(413)
            return
        body = self.rfile.read(length)
        try:
            payload = self.server.webhook.verify(body, dict(self.headers.items()))
        except WebhookVerificationError as error:
            print(f"refused: {error}", file=sys.stderr, flush=True)
            self.answer(401)
            return
        self.server.handle_event(self.headers["webhook-id"], payload)
        self.answer(204)

    def answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9000)
    args = parser.parse_args()
    secret = os.environ.get("WEBHOOK_SECRET")
    if not secret:
        parser.error("set WEBHOOK_SECRET to the secret shown when you subscribed")
    server = Receiver((args.host, args.port), secret)
    print(
        f"listening on http://{args.host}:{server.server_address[1]}/", file=sys.stderr, flush=True
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
