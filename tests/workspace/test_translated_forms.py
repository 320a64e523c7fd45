"""Staff write the visitors' texts in Danish, English and German side by side; what they
write in each language is what that language's pages show."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.workspace.test_views import _tour_data
from tours.models import Company, Tour

pytestmark = pytest.mark.django_db


def test_the_tour_form_has_every_text_in_every_language_side_by_side(client, world):
    client.force_login(world.staff_a)
    html = client.get(reverse("workspace:tour_create")).content.decode()
    for field in ("title", "description", "meeting_point"):
        for language in ("da", "en", "de"):
            assert f'name="{field}_{language}"' in html
    assert "Title (Danish)" in html or "Titel (Dansk)" in html
    assert 'class="col-lg-4' in html


def test_a_tour_written_in_three_languages_reads_in_each(client, world):
    client.force_login(world.staff_a)
    data = _tour_data(
        title_en="Apple tour",
        title_de="Apfelführung",
        meeting_point_de="Scheune",
        published="on",
    )
    assert client.post(reverse("workspace:tour_create"), data).status_code == 302
    tour = Tour.objects.get(title_da="Ny rundvisning")
    assert (tour.title_en, tour.title_de, tour.meeting_point_de) == (
        "Apple tour",
        "Apfelführung",
        "Scheune",
    )
    with translation.override("de"):
        german = client.get(tour.get_absolute_url()).content.decode()
    assert "Apfelführung" in german and "Scheune" in german


def test_the_danish_title_is_required_and_the_others_are_not(client, world):
    client.force_login(world.staff_a)
    response = client.post(reverse("workspace:tour_create"), _tour_data(title_da=""))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title_da"}


def test_editing_in_english_keeps_the_danish_text(client, world):
    """Staff on /en/workspace/ edit the English column they see, never the Danish one."""
    client.force_login(world.staff_a)
    tour = world.tour_a
    danish = tour.title_da
    with translation.override("en"):
        url = reverse("workspace:tour_edit", kwargs={"pk": tour.pk})
    form = client.get(url).context["form"]
    data = {k: v if v is not None else "" for k, v in form.initial.items()}
    data.update(title_en="Apple tour", duration="90", booking_cutoff="120")
    data.update(cancellation_deadline="1440", reminder_before="1440")
    assert client.post(url, data).status_code == 302
    tour.refresh_from_db()
    assert (tour.title_da, tour.title_en) == (danish, "Apple tour")


def test_company_texts_side_by_side(client, world):
    client.force_login(world.owner_a)
    url = reverse("workspace:company_edit", kwargs={"slug": world.company_a.slug})
    form = client.get(url).context["form"]
    data = {k: v if v is not None else "" for k, v in form.initial.items()}
    data.update(parking_da="Ved laden", parking_de="An der Scheune", accessibility_en="Level")
    data.update(latitude="54.8", longitude="11.5")
    assert client.post(url, data).status_code == 302
    company = Company.objects.get(pk=world.company_a.pk)
    assert (company.parking_da, company.parking_de, company.accessibility_en) == (
        "Ved laden",
        "An der Scheune",
        "Level",
    )
