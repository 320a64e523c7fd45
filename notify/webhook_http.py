"""Sending one webhook request safely: the target's address is checked when the request is
made, not only when the URL was saved, and the connection goes to exactly the address that
was checked, so a name that resolves to a public address at the check and to 127.0.0.1 a
moment later (DNS rebinding) cannot reach the inside.

Refused targets: loopback, private (RFC 1918, fc00::/7), link-local (169.254/16, where cloud
metadata lives, and fe80::/10), shared, multicast, reserved and unspecified addresses,
anything that is not a global unicast address. Tests and local development allow them with
the WEBHOOK_ALLOW_PRIVATE_TARGETS setting (off by default).

The client is the standard library's http.client: it follows no redirects (a 3xx is not
2xx, so it counts as a failed attempt), and every socket operation times out after
WEBHOOK_TIMEOUT_SECONDS (15). Only the start of the answer is read and kept for the log.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Kept in the delivery log; a receiver's answer is not ours to store in full.
RESPONSE_KEPT = 1000
_LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa")


class TargetRefused(Exception):
    """The URL may not be called: not http(s), or its address is not a public one."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def allow_private() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE_TARGETS", False))


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def url_problem(url: str) -> str | None:
    """What is wrong with a URL as a webhook target, judged without the network (for the
    form that saves it): a scheme other than http(s), a local name or a non-public address
    literal. The address a name resolves to is checked again at every send."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return str(_("The address must start with https:// (or http://) and name a host."))
    if allow_private():
        return None
    host = parts.hostname.lower().rstrip(".")
    if host == _LOCAL_NAMES[0] or host.endswith(_LOCAL_NAMES[1:]):
        return str(_("Local host names cannot receive webhooks."))
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not _is_public(str(literal)):
        return str(_("Private, loopback and link-local addresses cannot receive webhooks."))
    return None


def resolve_target(host: str, port: int) -> str:
    """The address to connect to: the first the name resolves to, if every one of them is
    public (one private answer among public ones refuses the whole name)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise TargetRefused(f"cannot resolve {host}: {error}") from error
    addresses = [info[4][0] for info in infos]
    if not allow_private():
        refused = [a for a in addresses if not _is_public(a)]
        if refused or not addresses:
            raise TargetRefused(f"{host} resolves to a non-public address ({refused[0]})")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to `address`, whatever `host` resolves to now; Host header from `host`."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """As _PinnedHTTP, with TLS verified against `host` (SNI and certificate name)."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Answer:
    """POSTs `body` to `url` and returns the answer, whatever its status. Raises
    TargetRefused for a target that may not be called, OSError (timeouts included) or
    http.client.HTTPException when no answer came."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise TargetRefused(f"not an http(s) URL: {url}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = resolve_target(parts.hostname, port)
    timeout = float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 15))
    connection_class = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = connection_class(parts.hostname, port, address=address, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(RESPONSE_KEPT).decode("utf-8", "replace")
        return Answer(status=response.status, body=text)
    finally:
        connection.close()
