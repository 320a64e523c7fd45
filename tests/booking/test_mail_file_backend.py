"""The development backend (`make run` without EMAIL_HOST) writes each mail as a .eml file:
the invitation in it must be as good as the one sent by SMTP."""

from email import message_from_bytes, policy

import pytest

from notify.models import OutboundMail
from tests.booking.icalcheck import assert_wire_format, vobject_read
from tests.booking.mailserver import run_worker
from tests.factories import SlotFactory, book
from tests.outbox import mails_about

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_writes_the_invitation_to_an_eml_file(settings, tmp_path):
    settings.MAILERS = {
        "default": {
            "BACKEND": "config.mail.EmlFileBackend",
            "OPTIONS": {"file_path": str(tmp_path / "mail")},
        }
    }
    booking = book(SlotFactory())
    run_worker()
    assert set(mails_about(booking).values_list("state", flat=True)) == {OutboundMail.State.SENT}
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    raw = [f.read_bytes() for f in files]
    (invitation,) = [
        message_from_bytes(r, policy=policy.default) for r in raw if b"text/calendar" in r
    ]
    (part,) = [p for p in invitation.walk() if p.get_content_type() == "text/calendar"]
    ics = part.get_payload(decode=True)
    assert_wire_format(ics)
    assert vobject_read(ics)["events"][0]["uid"] == str(booking.uid)
