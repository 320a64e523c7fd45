"""A real SMTP server (aiosmtpd) on localhost that can be stopped and started again on the
same port, and a way to run the real task worker until the queue is empty."""

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.core.management import call_command


class Inbox:
    """aiosmtpd handler: keeps every message it accepts, with its envelope."""

    def __init__(self) -> None:
        self.envelopes: list[tuple[str, list[str], bytes]] = []
        self.refuse: set[str] = set()  # addresses answered with a permanent 550

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default) for _f, _t, raw in self.envelopes]

    def to(self, address: str) -> list[EmailMessage]:
        """The messages whose envelope went to `address` (and to nobody else)."""
        return [
            message_from_bytes(raw, policy=policy.default)
            for _f, rcpt, raw in self.envelopes
            if rcpt == [address]
        ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        # A new controller each time: aiosmtpd's event loop does not survive stop().
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def is_up(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0


def run_worker() -> None:
    """The production worker command, once through everything that is due, then exit."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0)
