"""What the browser matrix visits: a small cluster built with the project's factories (one
company with an open tour and a group visit, bookings, a full departure with a waiting list,
a season pattern, a published relay event with a registration and a host link), and every
public, workspace and organiser page, named, with the role that sees it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests import factories

ROLES = ("anonymous", "staff", "owner", "organiser", "coordinator")


def _weekday_in(days: int):
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _at(day, hour: int):
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())) + (
        timedelta(hours=hour)
    )


def build_world() -> SimpleNamespace:
    """The data, written (committed) through the factories and the real services, with the
    lengths and letters real content has: long Danish compounds, æøå, long e-mail addresses."""
    from booking import services, waitlist
    from events.services import event_publish
    from workspace.models import Membership
    from workspace.schedules import PatternPlan
    from workspace.services import pattern_create

    company = factories.CompanyFactory(
        name="Engvang Frugt & Specialiteter",
        slug="engvang-frugt",
        address="Engvangsvej 117",
        postal_code="4990",
        city="Sakskøbing",
        description="Frugtplantage og mosteri på Lolland med æbler, pærer, blommer og "
        "kirsebær. Vi presser most og laver frugtvin og specialiteter af egen frugt.",
        email="besoeg@engvangfrugt.dk",
        website="https://www.engvangfrugt.dk",
        parking="Gratis parkering ved gårdbutikken, også plads til busser.",
        accessibility="Rundvisningen foregår på græsstier; kørestol kan følge de faste stier.",
        facilities="Toilet og gårdbutik. Hunde i snor er velkomne.",
        # Part translated, as companies' texts are: the rest shows in Danish, with the note.
        description_de="Obstplantage und Mosterei auf Lolland mit Äpfeln, Birnen, Pflaumen "
        "und Kirschen.",
        parking_en="Free parking by the farm shop, with room for coaches.",
    )
    other = factories.CompanyFactory(
        name="Nakskov Vin", slug="nakskov-vin", latitude="54.83060", longitude="11.13530"
    )
    tour = factories.TourFactory(
        company=company,
        title="Åben rundvisning i frugtplantagen med smagning af most",
        description="En guidet tur mellem træerne: sorterne, beskæringen, bierne og høsten.",
        languages=["da", "en", "de"],
        meeting_point="Gårdbutikken, Engvangsvej 117",
        title_en="Open tour of the orchard with a cider tasting",
        title_de="Offene Führung durch die Obstplantage mit Mostverkostung",
        description_en="A guided walk among the trees: the varieties, pruning, bees and harvest.",
        description_de="Ein geführter Rundgang zwischen den Bäumen: Sorten, Schnitt, Bienen "
        "und Ernte.",
        meeting_point_de="Hofladen, Engvangsvej 117",
        # Before you come: a tour's own texts beside the company's, part translated.
        what_to_bring="Fodtøj der tåler vådt græs, varmt tøj efter vejret og gerne en "
        "kurv eller pose, hvis I vil plukke med hjem.",
        what_to_bring_de="Schuhe für nasses Gras, dem Wetter entsprechende Kleidung und gern "
        "einen Korb, wenn Sie Obst mitnehmen möchten.",
        accessibility="Turen går ad græsstier mellem rækkerne; en kørestol kan følge den "
        "faste sti til smagningen ved gårdbutikken.",
        meeting_latitude=Decimal("54.78012"),
        meeting_longitude=Decimal("11.49987"),
    )
    group_tour = factories.GroupTourFactory(
        company=company,
        title="Gruppebesøg: frugtvinsproduktion og kvalitetskontrol",
        price=Decimal("1500"),
    )
    day = _weekday_in(3)
    slot = factories.SlotFactory(tour=tour, start=_at(day, 10), capacity=25)
    full = factories.SlotFactory(tour=tour, start=_at(day, 14), capacity=2)
    group_slot = factories.SlotFactory(tour=group_tour, start=_at(day, 13))
    # A later departure the booking below can move to (the move page's confirmation).
    later = factories.SlotFactory(tour=tour, start=_at(day + timedelta(days=7), 11), capacity=25)
    booking = factories.book(
        slot,
        party_size=3,
        name="Anne-Marie Østergaard Christiansen",
        email="anne-marie.christiansen@oestergaard-landbrug.dk",
    )
    jorgen = factories.book(
        slot, party_size=2, name="Jørgen Müller", email="jm@example.de", language="de"
    )
    # Cancelled: its visitor may erase their data (the erase page).
    cancelled = services.booking_cancel(booking=jorgen)
    # A departure's visitor list as a farm has it: several parties with long names, long
    # organisations and notes, and a caller booked by phone without an e-mail address.
    factories.book(
        slot,
        party_size=6,
        name="Marie-Louise Frederiksen-Højgaard",
        email="marie-louise.frederiksen-hoejgaard@vordingborg-kommune.dk",
        phone="+45 55 36 36 36",
        organisation="Vordingborg Kommune, Center for Sundhed og Omsorg",
        note="Vi kommer med 2 kørestolsbrugere og har brug for en rampe ved indgangen.",
    )
    factories.book(
        slot,
        party_size=4,
        name="Christoffer Bjørnholdt-Vestergaard",
        email="christoffer@example.com",
        language="en",
        organisation="Landbrugsskolen Bygholm",
    )
    services.booking_create(
        slot_id=slot.pk,
        visitor=factories.visitor(
            name="Karl-Heinz Schmidtbauer-Oberhausen",
            email="",
            phone="+49 170 1234567",
            language="de",
        ),
        party_size=2,
        source="phone",
    )
    factories.book(full, party_size=2, name="Bo Berg", email="bo@example.com", language="en")
    entry = waitlist.waitlist_join(
        slot_id=full.pk,
        visitor=factories.visitor(name="Klaus Schäfer", email="klaus@example.de", language="de"),
        party_size=2,
    )
    pattern, _ = pattern_create(
        tour=tour,
        plan=PatternPlan(
            weekdays=(2, 5),
            times=(
                timezone.datetime(2000, 1, 1, 10).time(),
                timezone.datetime(2000, 1, 1, 14).time(),
            ),
            first_day=day + timedelta(days=1),
            last_day=day + timedelta(days=28),
            capacity=20,
        ),
    )
    staff = factories.MembershipFactory(company=company, user__username="staff@engvangfrugt.dk")
    owner = factories.MembershipFactory(
        company=company, role=Membership.Role.OWNER, user__username="ejer@engvangfrugt.dk"
    )
    organiser = factories.organiser("arrangoer")
    cluster_coordinator = factories.coordinator(username="koordinator@klynge.dk")
    forgetful = factories.UserFactory(username="glemsom@engvangfrugt.dk")

    event = factories.EventFactory(
        organiser=organiser,
        title="Innovationsstafetten: frugt, grønt og fødevareteknologi",
        slug="innovationsstafetten-2026",
    )
    event_day = _weekday_in(14)
    factories.plan_stops(
        event,
        (company, _at(event_day, 10), _at(event_day, 11), "Rundvisning og smagning"),
        (other, _at(event_day, 12), _at(event_day, 13), "Vinkælderen"),
    )
    event_publish(event=event)
    registration = factories.register(event, party_size=2, name="Hanne Sørensen")
    stop = event.stops.get(company=company)
    # Photos: the company's, and three of the open tour (the tour page's gallery); the group
    # visit has none (it shows the company's) and the other company none (its drawing).
    from tests.photos import upload
    from tours import photos

    photos.company_photo_add(
        company=company,
        upload=upload(),
        alts={
            "da": "Gårdbutikken og mosteriet set fra plantagen en solrig eftermiddag i september",
            "en": "The farm shop and the cider house seen from the orchard on a sunny afternoon",
            "de": "Hofladen und Mosterei, von der Obstplantage aus gesehen, an einem sonnigen "
            "Septembernachmittag",
        },
    )
    for n, size in enumerate(((1600, 1000), (1200, 1600), (800, 600)), start=1):
        photos.tour_photo_add(
            tour=tour,
            upload=upload(size=size),
            alts={
                "da": f"Æbletræer i rækker under rundvisningen, billede {n}",
                "en": f"Rows of apple trees on the tour, photo {n}",
                "de": f"Apfelbaumreihen während der Führung, Foto {n}",
            },
        )

    # Later today (23:00, so not started whenever the matrix runs): a party to check in.
    from booking import services

    today_slot = factories.SlotFactory(tour=tour, start=_at(timezone.localdate(), 23))
    arriving = services.booking_create(
        slot_id=today_slot.pk,
        visitor=factories.visitor(name="Sønderby Pensionistforening", email="sp@example.dk"),
        party_size=4,
        now=today_slot.start - timedelta(hours=12),
    )
    # A day plan (dayplan): the open tour at 10, then a farm 27 km away at 11:45 (its drive
    # is longer than the time between: the warning), by its shared link.
    wine = factories.TourFactory(
        company=other,
        title="Vinsmagning i vinkælderen med historien om frugtvinene fra Lolland",
        title_en="Wine tasting in the cellar",
        duration=timedelta(hours=1),
    )
    plan_slot = factories.SlotFactory(tour=wine, start=_at(day, 11) + timedelta(minutes=45))
    return SimpleNamespace(
        plan_visits=f"{slot.pk},{plan_slot.pk}",
        company=company,
        arriving=arriving,
        tour=tour,
        group_tour=group_tour,
        slot=slot,
        full=full,
        group_slot=group_slot,
        later=later,
        day=day,
        booking=booking,
        entry=entry,
        pattern=pattern,
        users={
            "staff": staff.user,
            "owner": owner.user,
            "organiser": organiser,
            "coordinator": cluster_coordinator,
        },
        cancelled=cancelled,
        reset_uid=urlsafe_base64_encode(force_bytes(forgetful.pk)),
        reset_token=default_token_generator.make_token(forgetful),
        event=event,
        registration=registration,
        stop=stop,
    )


@dataclass(frozen=True)
class Page:
    id: str
    role: str
    # (view name, kwargs from the world); reversed in the page's language.
    view: str
    kwargs: Callable[[SimpleNamespace], dict] = lambda w: {}
    # The view name an intended redirect lands on (with the same kwargs), if any.
    lands_on: tuple[str, Callable[[SimpleNamespace], dict]] | None = None
    axe: bool = True
    # The answer meant: an error page's own status.
    status: int = 200
    # A path no view has (the 404 page), in place of `view`; prefixed by the language.
    path: str = ""
    # Pages outside the language prefixes that take the language as ?lang= (the widget).
    lang_query: bool = False
    # A query string from the world (a GET form's answer, e.g. the phone booking's search).
    query: Callable[[SimpleNamespace], str] | None = None

    def url(self, world: SimpleNamespace, lang: str) -> str:
        if self.path:
            return self.path if lang == "da" else f"/{lang}{self.path}"
        with translation.override(lang):
            url = reverse(self.view, kwargs=self.kwargs(world))
        if self.query is not None:
            return f"{url}?{self.query(world)}"
        return f"{url}?lang={lang}" if self.lang_query else url

    def landing(self, world: SimpleNamespace, lang: str) -> str | None:
        if self.lands_on is None:
            return None
        view, kwargs = self.lands_on
        with translation.override(lang):
            return reverse(view, kwargs=kwargs(world))


def _pk(name: str):
    return lambda w: {"pk": getattr(w, name).pk}


def _token(name: str):
    return lambda w: {"token": getattr(w, name).token}


def _checkin(booking) -> dict:
    from booking.checkin import checkin_secret

    return {"reference": booking.reference, "secret": checkin_secret(booking)}


PAGES: tuple[Page, ...] = (
    # Public: what visitors see, without an account.
    Page("home", "anonymous", "catalogue:home"),
    Page("company", "anonymous", "catalogue:company", lambda w: {"slug": w.company.slug}),
    # Finding a visit (docs/finding.md): every filter, the cards; nothing found with a bad date.
    Page("visits", "anonymous", "catalogue:visits"),
    Page(
        "visits_filtered",
        "anonymous",
        "catalogue:visits",
        query=lambda w: urlencode(
            {
                "q": "most",
                "date": w.day.isoformat(),
                "people": 4,
                "kind": "open",
                "area": w.company.municipality,
                "language": "de",
                "day": w.day.isoweekday(),
            }
        ),
    ),
    Page(
        "visits_none_bad_date",
        "anonymous",
        "catalogue:visits",
        query=lambda w: "date=31-12-2026&people=4&kind=group&language=de&q=jordb%C3%A6r",
    ),
    Page("tour_open", "anonymous", "catalogue:tour", _pk("tour")),
    Page("tour_group", "anonymous", "catalogue:tour", _pk("group_tour")),
    # The month calendar with a day chosen (its full departure's waiting list among them), and
    # the list view beside it (docs/calendar.md).
    Page(
        "tour_calendar_day",
        "anonymous",
        "catalogue:tour",
        _pk("tour"),
        query=lambda w: f"month={w.day:%Y-%m}&day={w.day.isoformat()}",
    ),
    Page("tour_list", "anonymous", "catalogue:tour", _pk("tour"), query=lambda w: "view=list"),
    Page("book_open", "anonymous", "booking:book", lambda w: {"slot_id": w.slot.pk}),
    Page("book_group", "anonymous", "booking:book", lambda w: {"slot_id": w.group_slot.pk}),
    Page("book_full_waitlist", "anonymous", "booking:book", lambda w: {"slot_id": w.full.pk}),
    Page("booking_manage", "anonymous", "booking:manage", _token("booking")),
    Page("booking_cancel", "anonymous", "booking:cancel", _token("booking")),
    # Moving a booking: the calendar, and a time chosen with its confirmation.
    Page("booking_move", "anonymous", "booking:move", _token("booking")),
    Page(
        "booking_move_confirm",
        "anonymous",
        "booking:move",
        _token("booking"),
        query=lambda w: f"slot={w.later.pk}",
    ),
    Page("waitlist_entry", "anonymous", "booking:waitlist", _token("entry")),
    Page("find_my_booking", "anonymous", "booking:lost_link"),
    Page("day_plan_empty", "anonymous", "dayplan:plan"),
    Page("day_plan", "anonymous", "dayplan:plan", query=lambda w: f"visits={w.plan_visits}"),
    # The booking widget, as a page other websites frame (docs/widget.md).
    Page(
        "widget_departures",
        "anonymous",
        "widget:company",
        lambda w: {"slug": w.company.slug},
        lang_query=True,
    ),
    Page("widget_cluster", "anonymous", "widget:cluster", lang_query=True),
    Page(
        "widget_book", "anonymous", "widget:book", lambda w: {"slot_id": w.slot.pk}, lang_query=True
    ),
    Page("privacy", "anonymous", "catalogue:privacy"),
    Page("booking_erase", "anonymous", "booking:erase", _token("cancelled")),
    Page("booking_erased", "anonymous", "booking:erased"),
    Page("events", "anonymous", "events:list"),
    Page("event_detail", "anonymous", "events:detail", lambda w: {"slug": w.event.slug}),
    Page("event_registration", "anonymous", "events:registration", _token("registration")),
    Page("host_answer", "anonymous", "events:host", lambda w: {"token": w.stop.host_token}),
    Page("login", "anonymous", "login"),
    Page("password_reset", "anonymous", "password_reset"),
    Page("password_reset_sent", "anonymous", "password_reset_done"),
    Page(
        "password_reset_set",
        "anonymous",
        "password_reset_confirm",
        lambda w: {"uidb64": w.reset_uid, "token": w.reset_token},
        lands_on=(
            "password_reset_confirm",
            lambda w: {"uidb64": w.reset_uid, "token": "set-password"},
        ),
    ),
    Page("password_reset_complete", "anonymous", "password_reset_complete"),
    # The workspace, as company staff (the company profile as its owner).
    Page("ws_dashboard", "staff", "workspace:dashboard"),
    Page("ws_tours", "staff", "workspace:tours"),
    Page("ws_tour_new", "staff", "workspace:tour_create"),
    Page("ws_tour", "staff", "workspace:tour", _pk("tour")),
    Page("ws_tour_edit", "staff", "workspace:tour_edit", _pk("tour")),
    Page("ws_pattern_new", "staff", "workspace:pattern_new", lambda w: {"tour_pk": w.tour.pk}),
    Page("ws_pattern", "staff", "workspace:pattern", _pk("pattern")),
    Page("ws_slot", "staff", "workspace:slot", _pk("slot")),
    Page("ws_slot_full", "staff", "workspace:slot", _pk("full")),  # with its waiting list
    Page("ws_slot_book", "staff", "workspace:slot_book", _pk("slot")),
    Page("ws_phone_booking", "staff", "workspace:phone_booking"),
    Page(
        "ws_phone_booking_found",
        "staff",
        "workspace:phone_booking",
        query=lambda w: f"tour={w.tour.pk}&day={w.day.isoformat()}",
    ),
    Page("ws_slot_cancel", "staff", "workspace:slot_cancel", _pk("slot")),
    Page("ws_slot_move", "staff", "workspace:slot_move", _pk("slot")),
    Page("ws_slot_print", "staff", "workspace:slot_print", _pk("slot")),
    Page(
        "ws_today",
        "staff",
        "workspace:today",
        lands_on=("workspace:day", lambda w: {"day": timezone.localdate().isoformat()}),
    ),
    Page("ws_day", "staff", "workspace:day", lambda w: {"day": w.day.isoformat()}),
    Page("ws_day_print", "staff", "workspace:day_print", lambda w: {"day": w.day.isoformat()}),
    Page("ws_booking_change", "staff", "workspace:booking_change", _pk("booking")),
    Page("ws_booking_cancel", "staff", "workspace:booking_cancel", _pk("booking")),
    Page(
        "ws_arrivals_day", "staff", "workspace:arrivals_day", lambda w: {"day": w.day.isoformat()}
    ),
    Page("ws_figures", "staff", "workspace:figures"),
    Page("ws_webhooks", "coordinator", "workspace:webhooks"),
    Page("ws_api_token", "staff", "workspace:api_token"),
    Page("ws_personal_data", "coordinator", "workspace:personal_data"),
    # Arrival (issue 15): the board on the visit's day and on the day ahead, the page a
    # booking's QR code opens, and the figures, as the company and as the coordinator.
    Page(
        "ws_arrivals_today",
        "staff",
        "workspace:arrivals_day",
        lambda w: {"day": timezone.localdate().isoformat()},
    ),
    Page("ws_arrivals", "staff", "workspace:arrivals_day", lambda w: {"day": w.day.isoformat()}),
    Page("ws_checkin", "staff", "checkin", lambda w: _checkin(w.arriving)),
    Page("ws_checkin_wrong_day", "staff", "checkin", lambda w: _checkin(w.booking)),
    Page("ws_checkin_other", "coordinator", "checkin", lambda w: _checkin(w.arriving), status=404),
    Page("ws_figures", "staff", "workspace:figures"),
    Page("ws_figures_coordinator", "coordinator", "workspace:figures"),
    Page("ws_password_change", "staff", "password_change"),
    Page("ws_dashboard_owner", "owner", "workspace:dashboard"),
    Page("ws_companies_owner", "owner", "workspace:companies"),
    Page(
        "ws_company_widget",
        "owner",
        "workspace:company_widget",
        lambda w: {"slug": w.company.slug},
    ),
    Page(
        "ws_company_edit_owner",
        "owner",
        "workspace:company_edit",
        lambda w: {"slug": w.company.slug},
    ),
    # Photos (issue 14): a tour's with three, one with none, and the company's.
    Page("ws_tour_photos", "staff", "workspace:tour_photos", _pk("tour")),
    Page("ws_tour_photos_empty", "staff", "workspace:tour_photos", _pk("group_tour")),
    Page(
        "ws_company_photos",
        "owner",
        "workspace:company_photos",
        lambda w: {"slug": w.company.slug},
    ),
    # Where each role lands after log-in, and the project's own error pages.
    Page("start_organiser", "organiser", "account_start"),
    Page("start_staff", "staff", "account_start"),
    Page("error_404", "anonymous", "", path="/no-such-page/", status=404),
    Page("error_403_organiser", "organiser", "workspace:dashboard", status=403),
    # The event organiser's pages.
    Page("org_list", "organiser", "events:organiser_list"),
    Page("org_create", "organiser", "events:create"),
    Page("org_event", "organiser", "events:organise", _pk("event")),
    Page("org_edit", "organiser", "events:edit", _pk("event")),
    Page("org_programme", "organiser", "events:programme", _pk("event")),
)
