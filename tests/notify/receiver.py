"""A real HTTP webhook receiver (http.server in a thread) that verifies every delivery with
the `standardwebhooks` library, as a partner would, and can be stopped and started again on
the same port to play an outage."""

import contextlib
import http.server
import json
import socket
import threading
import time
from dataclasses import dataclass, field

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: bool
    payload: dict | None


@dataclass
class Behaviour:
    """What the receiver answers: statuses in turn (then 200), and a delay before answering."""

    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0
    location: str = ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Receiver:
    def __init__(self, secret: str, port: int | None = None) -> None:
        self.secret = secret
        self.port = port or free_port()
        self.received: list[Received] = []
        self.behaviour = Behaviour()
        self._server: http.server.ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def _handler(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    payload = Webhook(receiver.secret).verify(body, headers)
                    verified = True
                except WebhookVerificationError:
                    payload, verified = None, False
                with receiver._lock:
                    receiver.received.append(Received(self.path, headers, body, verified, payload))
                    statuses = receiver.behaviour.statuses
                    status = statuses.pop(0) if statuses else 200
                if receiver.behaviour.delay:
                    time.sleep(receiver.behaviour.delay)
                self.send_response(status)
                if receiver.behaviour.location:
                    self.send_header("Location", receiver.behaviour.location)
                answer = json.dumps({"ok": 200 <= status < 300}).encode()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the sender timed out and hung up
                    self.wfile.write(answer)

            def log_message(self, *args) -> None:
                pass

        return Handler

    def start(self) -> "Receiver":
        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def ids(self) -> list[str]:
        return [r.headers["webhook-id"] for r in self.received]
