"""An organiser plans the relay in real Chromium, a participant registers for it."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from events.models import Event, Registration, Stop
from tests.factories import CompanyFactory, SlotFactory, TourFactory, organiser
from tours.models import Slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _day():
    day = timezone.localdate() + timedelta(days=14)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_organiser_plans_publishes_and_a_participant_registers(live_server, page, tmp_path):
    organiser("planner")
    maribo = CompanyFactory(name="Lolle Frugt", latitude="54.77640", longitude="11.50120")
    CompanyFactory(name="Nakskov Vin", latitude="54.83060", longitude="11.13530")
    day = _day()
    start = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
    slot = SlotFactory(
        tour=TourFactory(company=maribo),
        start=start + timedelta(hours=10),
        end=start + timedelta(hours=11),
    )

    page.goto(f"{live_server.url}/en/events/organise/")
    page.locator("#id_username").fill("planner@klyngebesog.dk")
    page.locator("#id_password").fill("secret-pass-123")
    page.locator("input[type=submit]").click()
    page.get_by_role("link", name="New event").click()
    page.get_by_label("Title (Danish)").fill("Innovation relay")
    page.get_by_label("Participant places").fill("20")
    page.get_by_label("Registration closes").fill(f"{(day - timedelta(days=2)).isoformat()}T12:00")
    page.get_by_label("Meeting point (Danish)").fill("Maribo Station")
    page.get_by_role("button", name="Save").click()

    page.locator("select[name=stops-0-company]").select_option(label="Lolle Frugt")
    page.locator("input[name=stops-0-day]").fill(day.isoformat())
    page.locator("input[name=stops-0-start_time]").fill("10:00")
    page.locator("input[name=stops-0-end_time]").fill("11:00")
    page.get_by_role("button", name="Check").click()
    page.locator("select[name=stops-1-company]").select_option(label="Nakskov Vin")
    page.get_by_role("button", name="Propose start").click()
    assert page.locator("input[name=stops-1-start_time]").input_value() == "11:35"
    assert "32 min" in page.locator("[data-legs]").inner_text()
    page.get_by_role("button", name="Save and reserve").click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("published and open for registration").wait_for()
    page.screenshot(path=tmp_path / "organiser.png", full_page=True)

    event = Event.objects.get()
    assert event.status == Event.Status.PUBLISHED
    assert Stop.objects.filter(event=event).count() == 2
    assert Slot.objects.get(pk=slot.pk).status == Slot.Status.CLOSED

    page.context.clear_cookies()
    with translation.override("da"):  # the unprefixed path, whatever an earlier test activated
        path = event.get_absolute_url()
    page.goto(f"{live_server.url}/en{path}")
    page.get_by_label("Number of people").fill("2")
    page.get_by_label("Your name").fill("Jørgen Müller")
    page.get_by_role("textbox", name="E-mail").fill("jorgen@example.com")
    page.get_by_role("button", name="Register").click()
    page.get_by_text("You are registered.").first.wait_for()
    registration = Registration.objects.get()
    assert (registration.name, registration.party_size) == ("Jørgen Müller", 2)
