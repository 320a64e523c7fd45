"""The innovation relay of the demo data: a published event with three stops on Lolland,
on a weekday two to four weeks ahead. Idempotent: an upcoming demo relay is left alone."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.errors import DomainError
from core.roles import ORGANISERS_GROUP
from events import services
from events.models import Event
from tours.models import Company

TITLE = "Innovationsstafetten på Lolland"
DESCRIPTION = (
    "Stafetten går fra virksomhed til virksomhed: i 2010 var den hos Vineriet Frederiksdal. "
    "I år besøger vi tre af klyngens medlemmer og hører, hvordan de udvikler nye produkter "
    "af frugten fra Lolland."
)
# The same in English and German (docs/i18n.md).
TEXTS = {
    "title_en": "The innovation relay on Lolland",
    "title_de": "Der Innovationsstaffellauf auf Lolland",
    "description_en": (
        "The relay travels from company to company: in 2010 it visited Vineriet Frederiksdal. "
        "This year we visit three of the cluster's members and hear how they develop new "
        "products from the fruit of Lolland."
    ),
    "description_de": (
        "Die Staffel wandert von Betrieb zu Betrieb: 2010 war sie bei Vineriet Frederiksdal. "
        "In diesem Jahr besuchen wir drei Mitglieder des Clusters und hören, wie sie aus dem "
        "Obst von Lolland neue Produkte entwickeln."
    ),
    "meeting_point_en": "Maribo station, Stationsvej 2, 4930 Maribo",
    "meeting_point_de": "Bahnhof Maribo, Stationsvej 2, 4930 Maribo",
}
# What happens at each stop, in English and German, by company slug.
STOP_TEXTS = {
    "vineriet-frederiksdal": (
        "Cherry wine from orchard to bottle.",
        "Kirschwein von der Plantage bis in die Flasche.",
    ),
    "lolle-frugt": (
        "Lunch in the orchard and new apple varieties.",
        "Mittagessen in der Plantage und neue Apfelsorten.",
    ),
    "bandholm-frugtplantage": (
        "Jam and juice: from fruit to shelf.",
        "Marmelade und Saft: von der Frucht bis ins Regal.",
    ),
}
# (company slug, start, end, what happens). Gaps leave room for the drive (about 27 and
# 9 minutes by the planning aid) and for lunch at Lolle Frugt.
STOPS = (
    ("vineriet-frederiksdal", time(10, 0), time(11, 30), "Kirsebærvin fra plantage til flaske."),
    ("lolle-frugt", time(12, 15), time(13, 45), "Frokost i plantagen og nye æblesorter."),
    (
        "bandholm-frugtplantage",
        time(14, 15),
        time(15, 30),
        "Marmelade og saft: fra råvare til hylde.",
    ),
)
# Tuesdays and Thursdays from two weeks ahead; a later one is tried if a host is booked.
CANDIDATE_DAYS = (14, 28)


def _organiser():
    User = get_user_model()
    # Logs in at /accounts/login/ with the e-mail address; no admin access.
    user, created = User.objects.get_or_create(
        username="arrangoer",
        defaults={
            "email": "arrangoer@klyngebesog.dk",
            "first_name": "Erhvervsudvikling",
        },
    )
    if created:
        # A log-in on development machines only; elsewhere the account cannot log in.
        if settings.DEBUG:
            user.set_password("klynge-demo")
        else:
            user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name=ORGANISERS_GROUP)[0])
    return user


def _candidate_days(today: date):
    for offset in range(CANDIDATE_DAYS[0], CANDIDATE_DAYS[1] + 1):
        day = today + timedelta(days=offset)
        if day.weekday() in (1, 3):
            yield day


def _stops(day: date, companies: dict[str, Company]) -> list[services.StopData]:
    tz = ZoneInfo(settings.TIME_ZONE)
    return [
        services.StopData(
            company=companies[slug],
            start=datetime.combine(day, start, tzinfo=tz),
            end=datetime.combine(day, end, tzinfo=tz),
            activity=activity,
            activity_en=STOP_TEXTS[slug][0],
            activity_de=STOP_TEXTS[slug][1],
        )
        for slug, start, end, activity in STOPS
    ]


def load_demo_relay() -> Event | None:
    """Creates and publishes the demo relay unless an upcoming one exists. Must not be
    called inside a transaction (the reservation takes its own durable one)."""
    upcoming = Event.objects.filter(
        title=TITLE, status=Event.Status.PUBLISHED, stops__start__gt=timezone.now()
    )
    if upcoming.exists():
        return None
    companies = Company.objects.in_bulk([slug for slug, *_ in STOPS], field_name="slug")
    if len(companies) < len(STOPS):
        return None
    organiser = _organiser()
    for day in _candidate_days(timezone.localdate()):
        event = services.event_create(
            organiser=organiser,
            title=TITLE,
            description=DESCRIPTION,
            capacity=40,
            registration_deadline=datetime.combine(
                day - timedelta(days=2), time(12, 0), tzinfo=ZoneInfo(settings.TIME_ZONE)
            ),
            meeting_point="Maribo Station, Stationsvej 2, 4930 Maribo",
            travel=Event.Travel.BUS,
            **TEXTS,
        )
        try:
            first, *_ = services.programme_save(event=event, stops=_stops(day, companies))
        except DomainError:
            event.delete()
            continue
        services.stop_answer(stop=first, accept=True)  # the 2010 host says yes at once
        return services.event_publish(event=event)
    return None
