"""docs/octo.md's curl flow, run as written against a live server: the blocks between
<!-- octo-flow --> and <!-- /octo-flow --> are one shell script, and it prints what the page
says it prints."""

import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from booking.models import Booking, MailKind
from octo import keys
from tests.factories import SlotFactory, TourFactory
from tests.outbox import mails_about

DOC = Path(__file__).resolve().parents[2] / "docs" / "octo.md"

pytestmark = pytest.mark.django_db(transaction=True)


def _flow_script() -> str:
    text = DOC.read_text(encoding="utf-8")
    flow = text.split("<!-- octo-flow -->", 1)[1].split("<!-- /octo-flow -->", 1)[0]
    return "\n".join(re.findall(r"```sh\n(.*?)```", flow, flags=re.S))


@pytest.mark.skipif(
    not (shutil.which("curl") and shutil.which("jq")), reason="the documented flow uses curl and jq"
)
def test_the_documented_curl_flow_runs_against_a_live_server(live_server):
    tour = TourFactory(cancellation_deadline=timedelta(hours=24))
    SlotFactory(tour=tour, start=timezone.now() + timedelta(days=2, hours=3), capacity=1)
    roomy = SlotFactory(tour=tour, start=timezone.now() + timedelta(days=3), capacity=10)
    issued = keys.reseller_create(name="Visit Lolland")
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", _flow_script()],
        env={**os.environ, "BASE": f"{live_server.url}/octo", "KEY": issued.key},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split()
    expected_id = roomy.start.astimezone(timezone.get_default_timezone()).isoformat()
    assert lines == [
        "Klyngebesøg",
        "person",
        expected_id,  # the first departure too small for two is skipped
        "ON_HOLD",
        "ON_HOLD",
        "CONFIRMED",
        "QRCODE",
        "true",
        "CANCELLED",
    ], result.stdout
    booking = Booking.objects.get()
    assert (booking.channel, booking.status, booking.language) == ("octo", "cancelled", "de")
    kinds = set(mails_about(booking).values_list("kind", flat=True))
    assert {MailKind.CONFIRMED, MailKind.COMPANY_NEW, MailKind.CANCELLED} <= kinds
