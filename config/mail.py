"""A development mail backend: one readable .eml file per message."""

import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    """Writes each message to `file_path` as `<timestamp>-<random>.eml`, which any mail
    program opens."""

    def __init__(self, *, file_path: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.file_path = Path(file_path)

    def send_messages(self, email_messages) -> int:
        self.file_path.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
            path = self.file_path / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            mime = message.message()
            path.write_bytes(mime.as_bytes(policy=mime.policy.clone(linesep="\r\n")))
        return len(email_messages)
