"""The workspace is used on a phone: no page is wider than a 390 px screen, and the main
tasks work there in real Chromium."""

import pytest
from django.urls import reverse

from tests import factories
from workspace.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-123"


@pytest.fixture
def phone_page(page):
    """The shared phone-sized Chromium page (tests/conftest.py)."""
    return page


def test_workspace_pages_fit_a_phone_and_capacity_error_is_shown(live_server, phone_page):
    membership = factories.MembershipFactory(role=Membership.Role.OWNER)
    tour = factories.TourFactory(company=membership.company, title="Æbler og pærer")
    slot = factories.SlotFactory(tour=tour, capacity=10)
    factories.book(slot, party_size=4, name="Anne Hansen med et meget langt navn")
    page = phone_page
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", membership.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main [type=submit]")
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
