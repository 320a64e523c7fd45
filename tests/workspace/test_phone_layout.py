"""The workspace is used on a phone: no page is wider than a 390 px screen, and the main
tasks work there in real Chromium."""

import os

import pytest
from django.urls import reverse

from tests import factories
from workspace.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-123"


@pytest.fixture
def phone_page(live_server):
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM

    # Playwright's sync API keeps an event loop in this thread, which makes Django refuse
    # ORM calls here; the test's own set-up queries are plain synchronous ones, so that
    # guard is lifted for the test. The live server answers from its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_workspace_pages_fit_a_phone_and_capacity_error_is_shown(live_server, phone_page):
    membership = factories.MembershipFactory(role=Membership.Role.OWNER)
    tour = factories.TourFactory(company=membership.company, title="Æbler og pærer")
    slot = factories.SlotFactory(tour=tour, capacity=10)
    factories.book(slot, party_size=4, name="Anne Hansen med et meget langt navn")
    page = phone_page
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", membership.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url(f"**{reverse('workspace:dashboard')}")
    assert "4/10" in page.content()
    urls = [
        reverse("workspace:dashboard"),
        reverse("workspace:tours"),
        reverse("workspace:tour", kwargs={"pk": tour.pk}),
        reverse("workspace:tour_edit", kwargs={"pk": tour.pk}),
        reverse("workspace:pattern_new", kwargs={"tour_pk": tour.pk}),
        reverse("workspace:slot", kwargs={"pk": slot.pk}),
        reverse("workspace:slot_book", kwargs={"pk": slot.pk}),
        reverse("workspace:companies"),
        reverse("workspace:company_edit", kwargs={"slug": membership.company.slug}),
    ]
    for url in urls:
        page.goto(live_server.url + url)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, (url, width)
    page.goto(live_server.url + reverse("workspace:slot", kwargs={"pk": slot.pk}))
    page.fill("input[name=capacity]", "3")
    page.click("form[action$='/capacity/'] [type=submit]")
    assert page.locator(".invalid-feedback, .alert-danger").first.is_visible()
    assert "4" in page.locator(".invalid-feedback, .alert-danger").first.inner_text()
