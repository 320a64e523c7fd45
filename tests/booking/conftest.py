import pytest

from tests.booking.mailserver import MailServer, free_port


@pytest.fixture
def smtp(settings):
    """A running aiosmtpd server that Django's SMTP backend sends to. Stop and start it to
    simulate an outage."""
    server = MailServer(free_port())
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    server.start()
    yield server
    server.stop()
