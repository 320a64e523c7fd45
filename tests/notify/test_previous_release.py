"""While a new release migrates, processes of the previous one keep writing mail: their
INSERT does not name the columns this release added, and must still succeed."""

import pytest
from django.db import connection

from notify import outbox
from notify.models import OutboundMail

pytestmark = pytest.mark.django_db


def test_a_mail_written_without_the_new_column_is_accepted_and_claimed(mailoutbox):
    previous = [
        f for f in OutboundMail._meta.local_concrete_fields if f.name not in ("id", "claimed_by")
    ]
    mail = OutboundMail(kind="booking_link", recipient="anne@example.com", about="x:1")
    values = [f.get_db_prep_save(f.pre_save(mail, True), connection) for f in previous]
    q = connection.ops.quote_name
    columns = ", ".join(q(f.column) for f in previous)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(OutboundMail._meta.db_table)} ({columns})"  # noqa: S608
            f" VALUES ({', '.join(['%s'] * len(previous))})",
            values,
        )
    written = OutboundMail.objects.get()
    assert written.claimed_by == ""
    done = outbox.mails_deliver_due(worker="w1")
    written.refresh_from_db()
    assert written.claimed_by == "w1" and list(done) == [str(written.pk)]
