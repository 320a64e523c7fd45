"""The e-mails themselves, rendered when the worker sends them, and the registry of who
renders which kind.

Each kind of mail has one renderer, registered by the app that owns the kind with
`@renders(kind, ...)` (booking/mail.py, events/mail.py, imported by their AppConfigs): it
builds the message from the rows the mail is about as they are *now*, or returns None when
the mail has become moot (it is then SKIPPED). This app never imports the apps above it.

Invitations are iMIP messages (RFC 6047): a multipart/alternative of text/plain
(and text/html when given) and `text/calendar; method=...; charset=UTF-8`, plus the same
calendar as an `invite.ics` attachment. The calendar parts are base64, so their CRLF line
ends reach the client byte for byte.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import MIMEPart
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from core.addresses import ascii_address
from core.ical import system_address
from notify.models import OutboundMail

Renderer = Callable[[OutboundMail], EmailMessage | None]
_RENDERERS: dict[str, Renderer] = {}


def renders(*kinds: str) -> Callable[[Renderer], Renderer]:
    """Registers the decorated function as the renderer of these kinds of mail."""

    def register(renderer: Renderer) -> Renderer:
        for kind in kinds:
            if _RENDERERS.setdefault(kind, renderer) is not renderer:
                raise ValueError(f"mail kind {kind!r} already has a renderer")
        return renderer

    return register


def mail_message(mail: OutboundMail) -> EmailMessage | None:
    """The message to send for `mail`, with its stable Message-ID, or None when it is moot.
    Raises ValueError (a permanent failure) for a kind nobody renders."""
    renderer = _RENDERERS.get(mail.kind)
    if renderer is None:
        raise ValueError(f"no renderer for mail kind {mail.kind!r}")
    message = renderer(mail)
    if message is not None:
        message.extra_headers["Message-ID"] = message_id(mail)
    return message


def message_id(mail: OutboundMail) -> str:
    """Stable per mail: if a retry repeats a delivery the server already accepted, clients
    can tell it is the same message. Carries no personal data."""
    domain = system_address().rpartition("@")[2] or "localhost"
    return f"<mail-{mail.pk}.{mail.created:%Y%m%d%H%M%S%f}@{domain}>"


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def display_name(value: str) -> str:
    """A name for an address header: one line, whatever was stored. (Django refuses header
    values with newlines; a name from the database must not make a mail unsendable.)"""
    return " ".join(_CONTROL.sub(" ", value).split())


def mail_address(name: str, address: str) -> str:
    """`Name <address>` for a header: the name on one line, an internationalised domain
    IDNA-encoded (core.addresses; formataddr itself refuses a non-ASCII address)."""
    return formataddr((display_name(name), ascii_address(address)))


@dataclass(frozen=True)
class InlineImage:
    """An image carried inside the mail and shown by the HTML part as `<img src="cid:...">`
    (RFC 2392), so the client fetches nothing from anywhere."""

    cid: str
    content: bytes
    filename: str
    subtype: str = "png"


class HtmlMessage(EmailMultiAlternatives):
    """A mail whose text/html alternative may carry inline images: that alternative becomes a
    multipart/related of the HTML and the images (RFC 2387)."""

    def __init__(self, *args, images: Sequence[InlineImage] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.images = list(images)

    def _add_bodies(self, msg):
        msg = super()._add_bodies(msg)
        if self.images:
            html = msg.get_body(preferencelist=("html",))
            if html is None:
                raise ValueError("inline images need a text/html alternative")
            for image in self.images:
                html.add_related(
                    image.content,
                    maintype="image",
                    subtype=image.subtype,
                    cid=f"<{image.cid}>",
                    disposition="inline",
                    filename=image.filename,
                )
        return msg


class InvitationMessage(HtmlMessage):
    """An e-mail whose last alternative is an iTIP calendar object, also attached as .ics.
    The text/calendar part's `method=` equals the object's METHOD (RFC 6047 §2.4)."""

    def __init__(self, *args, ics: bytes, method: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ics, self.method = ics, method
        attachment = MIMEPart()
        attachment.set_content(
            ics,
            maintype="application",
            subtype="ics",
            cte="base64",
            disposition="attachment",
            filename="invite.ics",
        )
        self.attach(attachment)

    def _add_bodies(self, msg):
        msg = super()._add_bodies(msg)
        # Bytes, not str: the email package would rewrite CRLF to the policy's line end.
        msg.add_alternative(
            self.ics,
            maintype="text",
            subtype="calendar",
            cte="base64",
            params={"method": self.method, "charset": "UTF-8"},
        )
        return msg


def render_text(template: str, context: dict) -> tuple[str, str]:
    """The subject (one line) and body of `<template>_subject.txt` and `<template>.txt`."""
    # The "text" engine does not HTML-escape: a subject is plain text ("Kaffe & kage", not
    # "Kaffe &amp; kage").
    subject = render_to_string(f"{template}_subject.txt", context, using="text")
    body = render_to_string(f"{template}.txt", context, using="text")
    return " ".join(subject.split()), body


def plain_message(
    *,
    template: str,
    language: str,
    context: dict,
    to: str,
    reply_to: str,
    html: bool = False,
    images: Sequence[InlineImage] = (),
) -> HtmlMessage:
    """A mail from <template>_subject.txt and <template>.txt (and, when `html`, the
    alternative <template>.html showing `images`), rendered in `language`, from
    DEFAULT_FROM_EMAIL."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject, body = render_text(template, context)
        html_body = render_to_string(f"{template}.html", context) if html else None
    message = HtmlMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
        images=images,
    )
    if html_body is not None:
        message.attach_alternative(html_body, "text/html")
    return message
