"""The workspace's widget page: owners list the websites (checked), see the snippets;
other companies' pages are not theirs."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, TourFactory, coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    membership = MembershipFactory(role="owner")
    client.force_login(membership.user)
    return membership


def test_the_owner_saves_websites_and_sees_the_snippet(client, owner):
    company = owner.company
    tour = TourFactory(company=company)
    url = reverse("workspace:company_widget", args=[company.slug])
    response = client.post(url, {"widget_origins": "HTTPS://www.Gaard.dk/\nhttps://gaard.dk:443"})
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.widget_origin_list == ["https://www.gaard.dk", "https://gaard.dk"]
    html = client.get(url).content.decode()
    assert f"data-company=&quot;{company.slug}&quot;" in html
    assert f"data-tour=&quot;{tour.pk}&quot;" in html
    assert "/static/js/widget.js" in html and "&lt;iframe" in html


def test_a_page_address_is_refused_with_a_message(client, owner):
    url = reverse("workspace:company_widget", args=[owner.company.slug])
    response = client.post(url, {"widget_origins": "www.gaard.dk/besoeg"})
    assert response.status_code == 400
    assert "www.gaard.dk/besoeg" in response.content.decode()


def test_staff_who_are_not_owners_are_refused(client):
    membership = MembershipFactory(role="staff")
    client.force_login(membership.user)
    url = reverse("workspace:company_widget", args=[membership.company.slug])
    assert client.get(url).status_code == 403


def test_another_companys_page_is_not_found(client, owner):
    other = MembershipFactory(role="owner").company
    assert client.get(reverse("workspace:company_widget", args=[other.slug])).status_code == 404


def test_the_coordinator_also_sees_the_cluster_snippet(client):
    user = coordinator()
    client.force_login(user)
    company = MembershipFactory(role="owner").company
    html = client.get(reverse("workspace:company_widget", args=[company.slug])).content.decode()
    assert "/widget/&quot;" in html or 'src="' in html
    assert html.count("widget.js") >= 2
