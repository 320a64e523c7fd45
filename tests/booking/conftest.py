import pytest

from tests.booking.mailserver import MailServer, free_port


@pytest.fixture
def smtp(settings):
    """A running aiosmtpd server that Django's SMTP backend sends to. Stop and start it to
    simulate an outage."""
    server = MailServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()
