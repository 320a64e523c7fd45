"""The demo data: the cluster's member companies from the project document
(Fra Clutter til Cluster, fase 2), with tours and eight weeks of slots."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

D = Decimal


@dataclass(frozen=True)
class TourPlan:
    title: str
    kind: str
    description: str
    meeting_point: str
    price: Decimal
    price_per: str
    weekdays: tuple[int, ...]  # Monday is 0
    times: tuple[time, ...]
    capacity: int
    duration: timedelta = timedelta(hours=1, minutes=30)
    languages: tuple[str, ...] = ("da",)
    min_group: int = 1
    max_group: int = 1
    cutoff: timedelta = timedelta(hours=2)
    # English and German texts: {"en": {"title": ..., "description": ..., ...}, "de": {...}}.
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CompanyPlan:
    slug: str
    name: str
    municipality: str
    address: str
    postal_code: str
    city: str
    latitude: Decimal
    longitude: Decimal
    description: str
    email: str
    phone: str
    website: str = ""
    parking: str = ""
    accessibility: str = ""
    facilities: str = ""
    tours: tuple[TourPlan, ...] = field(default_factory=tuple)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


OPEN, GROUP = "open", "group"
PERSON, WHOLE = "person", "group"

COMPANIES: tuple[CompanyPlan, ...] = (
    CompanyPlan(
        slug="lolle-frugt",
        name="Lolle Frugt",
        municipality="Lolland Kommune",
        address="Frugtvej 12",
        postal_code="4930",
        city="Maribo",
        latitude=D("54.77640"),
        longitude=D("11.50120"),
        description="Frugtplantage på Lolland med æbler, pærer og blommer. Tag med på en af de "
        "åbne rundvisninger, eller bestil en privat rundvisning for din gruppe.",
        email="besoeg@lollefrugt.dk",
        phone="+45 54 78 12 34",
        website="https://www.lollefrugt.dk",
        parking="Gratis parkering ved gårdbutikken, også plads til busser.",
        accessibility="Rundvisningen foregår på græsstier; kørestol kan følge de faste stier.",
        facilities="Toilet og gårdbutik. Hunde i snor er velkomne.",
        translations={
            "en": {
                "description": "An orchard on Lolland growing apples, pears and plums. Join one of "
                "the open tours, or book a private tour for your group.",
                "parking": "Free parking by the farm shop, with room for coaches.",
                "accessibility": "The tour follows grass paths; a wheelchair can use the firm "
                "paths.",
                "facilities": "Toilet and farm shop. Dogs on a lead are welcome.",
            },
            "de": {
                "description": "Obstplantage auf Lolland mit Äpfeln, Birnen und Pflaumen. Kommen "
                "Sie mit auf eine der offenen Führungen, oder buchen Sie eine "
                "private Führung für Ihre Gruppe.",
                "parking": "Kostenlose Parkplätze am Hofladen, auch für Busse.",
                "accessibility": "Die Führung verläuft auf Graswegen; mit dem Rollstuhl sind die "
                "befestigten Wege befahrbar.",
                "facilities": "Toilette und Hofladen. Hunde an der Leine sind willkommen.",
            },
        },
        tours=(
            TourPlan(
                title="Åben rundvisning i frugtplantagen",
                kind=OPEN,
                description="En guidet tur mellem træerne: sorterne, beskæringen, bierne og "
                "høsten. Vi slutter med smagsprøver i gårdbutikken.",
                meeting_point="Gårdbutikken",
                price=D("75"),
                price_per=PERSON,
                weekdays=(2, 5, 6),
                times=(time(10), time(14)),
                capacity=25,
                languages=("da", "en", "de"),
                translations={
                    "en": {
                        "title": "Open tour of the orchard",
                        "description": "A guided walk among the trees: the varieties, pruning, the "
                        "bees and the harvest. We finish with tastings in the farm "
                        "shop.",
                        "meeting_point": "The farm shop",
                    },
                    "de": {
                        "title": "Offene Führung durch die Obstplantage",
                        "description": "Ein geführter Rundgang zwischen den Bäumen: Sorten, "
                        "Baumschnitt, Bienen und Ernte. Zum Schluss gibt es "
                        "Kostproben im Hofladen.",
                        "meeting_point": "Der Hofladen",
                    },
                },
            ),
            TourPlan(
                title="Privat gruppe-rundvisning",
                kind=GROUP,
                description="Hele rundvisningen for jeres gruppe: skoleklasse, forening eller "
                "firmaudflugt. Vi tilpasser turen til gruppen.",
                meeting_point="Gårdbutikken",
                price=D("1500"),
                price_per=WHOLE,
                weekdays=(0, 1, 3, 4),
                times=(time(10), time(13)),
                capacity=40,
                duration=timedelta(hours=2),
                languages=("da", "en", "de"),
                min_group=10,
                max_group=40,
                cutoff=timedelta(days=2),
                translations={
                    "en": {
                        "title": "Private group tour",
                        "description": "The whole tour for your group: a school class, a club or a "
                        "company outing. We fit the tour to the group.",
                        "meeting_point": "The farm shop",
                    },
                    "de": {
                        "title": "Private Gruppenführung",
                        "description": "Die ganze Führung für Ihre Gruppe: Schulklasse, Verein "
                        "oder Betriebsausflug. Wir passen die Führung an die Gruppe "
                        "an.",
                        "meeting_point": "Der Hofladen",
                    },
                },
            ),
        ),
    ),
    CompanyPlan(
        slug="varpelev-tomater",
        name="Varpelev Tomater",
        municipality="Stevns Kommune",
        address="Varpelevvej 8",
        postal_code="4660",
        city="Store Heddinge",
        latitude=D("55.37720"),
        longitude=D("12.29310"),
        description="Drivhusgartneri på Stevns med snacktomater, blommetomater og chutney. "
        "Se drivhuset og lær at lave en appetizer af dagens tomater.",
        email="info@varpelevtomater.dk",
        phone="+45 56 50 22 11",
        parking="Parkering på gårdspladsen.",
        accessibility="Drivhuset har jævne, brede gange; trin ved indgangen til smagerummet.",
        facilities="Toilet. Ingen hunde i drivhuset.",
        translations={
            "en": {
                "description": "A greenhouse nursery on Stevns growing snack tomatoes and plum "
                "tomatoes and making chutney. See the greenhouse and learn to make "
                "an appetiser from the day's tomatoes.",
                "parking": "Parking in the farmyard.",
                "accessibility": "The greenhouse has level, wide aisles; a step at the entrance to "
                "the tasting room.",
                "facilities": "Toilet. No dogs in the greenhouse.",
            },
            "de": {
                "description": "Gewächshausgärtnerei auf Stevns mit Snacktomaten, Flaschentomaten "
                "und Chutney. Sehen Sie das Gewächshaus und lernen Sie, aus den "
                "Tomaten des Tages eine Vorspeise zu machen.",
                "parking": "Parkplätze auf dem Hof.",
                "accessibility": "Das Gewächshaus hat ebene, breite Gänge; eine Stufe am Eingang "
                "zum Verkostungsraum.",
                "facilities": "Toilette. Keine Hunde im Gewächshaus.",
            },
        },
        tours=(
            TourPlan(
                title="Fra drivhus til appetizer",
                kind=OPEN,
                description="Rundvisning i drivhuset og en lille workshop: snacktomater, tomat-"
                "chutney og ovnbagte blommetomater.",
                meeting_point="Indgangen til drivhuset",
                price=D("95"),
                price_per=PERSON,
                weekdays=(3, 5),
                times=(time(11),),
                capacity=16,
                duration=timedelta(hours=2),
                languages=("da", "de"),
                translations={
                    "en": {
                        "title": "From greenhouse to appetiser",
                        "description": "A tour of the greenhouse and a small workshop: snack "
                        "tomatoes, tomato chutney and oven-baked plum tomatoes.",
                        "meeting_point": "The greenhouse entrance",
                    },
                    "de": {
                        "title": "Vom Gewächshaus zur Vorspeise",
                        "description": "Führung durch das Gewächshaus und ein kleiner Workshop: "
                        "Snacktomaten, Tomatenchutney und ofengebackene "
                        "Flaschentomaten.",
                        "meeting_point": "Eingang zum Gewächshaus",
                    },
                },
            ),
        ),
    ),
    CompanyPlan(
        slug="bandholm-frugtplantage",
        name="Bandholm Frugtplantage",
        municipality="Lolland Kommune",
        address="Havnevej 40",
        postal_code="4941",
        city="Bandholm",
        latitude=D("54.83300"),
        longitude=D("11.48600"),
        description="Frugtplantage ved Bandholm, der laver marmelader med æbler som basis. "
        "Anne Albrektsen viser, hvordan marmeladerne bliver til.",
        email="kontakt@bandholmfrugt.dk",
        phone="+45 54 70 40 40",
        parking="Parkering ved marmeladekøkkenet.",
        accessibility="Marmeladekøkkenet ligger i stueplan uden trin.",
        facilities="Toilet og salg af marmelade.",
        translations={
            "en": {
                "description": "An orchard near Bandholm making jams with apples as their base. "
                "Anne Albrektsen shows how the jams are made.",
                "parking": "Parking by the jam kitchen.",
                "accessibility": "The jam kitchen is on the ground floor with no steps.",
                "facilities": "Toilet; jam for sale.",
            },
            "de": {
                "description": "Obstplantage bei Bandholm, die Marmeladen auf Apfelbasis "
                "herstellt. Anne Albrektsen zeigt, wie die Marmeladen entstehen.",
                "parking": "Parkplätze an der Marmeladenküche.",
                "accessibility": "Die Marmeladenküche liegt ebenerdig, ohne Stufen.",
                "facilities": "Toilette und Verkauf von Marmelade.",
            },
        },
        tours=(
            TourPlan(
                title="Gruppebesøg i marmeladekøkkenet",
                kind=GROUP,
                description="Se og hør, hvordan æblemarmeladerne laves, og smag årets udgaver. "
                "For foreninger, firmaer og skoler.",
                meeting_point="Marmeladekøkkenet",
                price=D("1200"),
                price_per=WHOLE,
                weekdays=(1, 3),
                times=(time(10), time(14)),
                capacity=30,
                languages=("da", "en"),
                min_group=8,
                max_group=30,
                cutoff=timedelta(days=3),
                translations={
                    "en": {
                        "title": "Group visit to the jam kitchen",
                        "description": "See and hear how the apple jams are made, and taste this "
                        "year's batches. For clubs, companies and schools.",
                        "meeting_point": "The jam kitchen",
                    },
                    "de": {
                        "title": "Gruppenbesuch in der Marmeladenküche",
                        "description": "Sehen und hören Sie, wie die Apfelmarmeladen entstehen, "
                        "und kosten Sie die Sorten dieses Jahres. Für Vereine, "
                        "Firmen und Schulen.",
                        "meeting_point": "Die Marmeladenküche",
                    },
                },
            ),
        ),
    ),
    CompanyPlan(
        slug="honningpigen",
        name="Honningpigen",
        municipality="Ringsted Kommune",
        address="Bivej 3",
        postal_code="4100",
        city="Ringsted",
        latitude=D("55.44260"),
        longitude=D("11.79000"),
        description="Betinna Woller driver en bigård på Midtsjælland. Hør hvordan sæsonen "
        "forløber, og hvordan man lever af at være lidt god ved bierne.",
        email="honningpigen@example.dk",
        phone="+45 57 61 30 30",
        parking="Parkering langs indkørslen.",
        accessibility="Bigården ligger på græs; dragter udleveres. Ikke egnet for kørestol.",
        facilities="Toilet. Ingen hunde i bigården.",
        translations={
            "en": {
                "description": "Betinna Woller keeps bees in Mid-Zealand. Hear how the season "
                "goes, and how you make a living by being a little kind to the "
                "bees.",
                "parking": "Parking along the drive.",
                "accessibility": "The apiary is on grass; bee suits are provided. Not suitable for "
                "wheelchairs.",
                "facilities": "Toilet. No dogs in the apiary.",
            },
            "de": {
                "description": "Betinna Woller betreibt eine Imkerei in Mittelseeland. Hören Sie, "
                "wie das Bienenjahr verläuft und wie man davon lebt, ein bisschen "
                "gut zu den Bienen zu sein.",
                "parking": "Parkplätze entlang der Einfahrt.",
                "accessibility": "Der Bienengarten liegt auf Gras; Schutzanzüge werden gestellt. "
                "Nicht für Rollstühle geeignet.",
                "facilities": "Toilette. Keine Hunde im Bienengarten.",
            },
        },
        tours=(
            TourPlan(
                title="En eftermiddag i bigården",
                kind=OPEN,
                description="Kig ind i stadet i bidragt, hør om biernes år og smag forskellen "
                "på forårs- og sommerhonning.",
                meeting_point="Honningboden ved indkørslen",
                price=D("85"),
                price_per=PERSON,
                weekdays=(5,),
                times=(time(13),),
                capacity=12,
                languages=("da", "en"),
                translations={
                    "en": {
                        "title": "An afternoon at the apiary",
                        "description": "Look into a hive in a bee suit, hear about the bees' year "
                        "and taste the difference between spring and summer honey.",
                        "meeting_point": "The honey stall by the drive",
                    },
                    "de": {
                        "title": "Ein Nachmittag im Bienengarten",
                        "description": "Schauen Sie im Schutzanzug in einen Bienenstock, hören Sie "
                        "vom Jahr der Bienen und schmecken Sie den Unterschied "
                        "zwischen Frühlings- und Sommerhonig.",
                        "meeting_point": "Der Honigstand an der Einfahrt",
                    },
                },
            ),
        ),
    ),
    CompanyPlan(
        slug="engvang-frugt",
        name="Engvang Frugt & Specialiteter",
        municipality="Stevns Kommune",
        address="Engvangvej 5",
        postal_code="4671",
        city="Strøby",
        latitude=D("55.40800"),
        longitude=D("12.27300"),
        description="Dan og Annelise dyrker jordbær i tunneller i Strøby. Se hvordan de sikrer "
        "flotte og smagfulde jordbær til forbrugerne.",
        email="engvang@example.dk",
        phone="+45 56 26 55 55",
        parking="Parkering ved pakhuset.",
        accessibility="Tunnellerne har jævne grusgange.",
        facilities="Toilet og gårdbutik med jordbær i sæsonen.",
        translations={
            "en": {
                "description": "Dan and Annelise grow strawberries in polytunnels in Strøby. See "
                "how they grow fine, tasty strawberries for their customers.",
                "parking": "Parking by the packing shed.",
                "accessibility": "The tunnels have level gravel paths.",
                "facilities": "Toilet and farm shop with strawberries in season.",
            },
            "de": {
                "description": "Dan und Annelise bauen in Strøby Erdbeeren in Folientunneln an. "
                "Sehen Sie, wie sie schöne und aromatische Erdbeeren für ihre "
                "Kunden ziehen.",
                "parking": "Parkplätze am Packhaus.",
                "accessibility": "Die Tunnel haben ebene Kieswege.",
                "facilities": "Toilette und Hofladen mit Erdbeeren in der Saison.",
            },
        },
        tours=(
            TourPlan(
                title="Jordbær i tunneller",
                kind=OPEN,
                description="Rundvisning i jordbærtunnellerne: sorter, bestøvning og plukning.",
                meeting_point="Pakhuset",
                price=D("60"),
                price_per=PERSON,
                weekdays=(4, 5, 6),
                times=(time(10), time(15)),
                capacity=20,
                duration=timedelta(hours=1),
                languages=("da", "en", "de"),
                translations={
                    "en": {
                        "title": "Strawberries in polytunnels",
                        "description": "A tour of the strawberry tunnels: varieties, pollination "
                        "and picking.",
                        "meeting_point": "The packing shed",
                    },
                    "de": {
                        "title": "Erdbeeren im Folientunnel",
                        "description": "Führung durch die Erdbeertunnel: Sorten, Bestäubung und "
                        "Pflücken.",
                        "meeting_point": "Das Packhaus",
                    },
                },
            ),
        ),
    ),
    CompanyPlan(
        slug="planteriet",
        name="Planteriet",
        municipality="Køge Kommune",
        address="Industrivej 21",
        postal_code="4600",
        city="Køge",
        latitude=D("55.45800"),
        longitude=D("12.18200"),
        description="Planteriet laver friske produkter af danske råvarer med et rigt indhold "
        "af fuldkorn og få kalorier, i løbende produktion.",
        email="planteriet@example.dk",
        phone="+45 56 63 10 10",
        parking="Parkering foran produktionen.",
        accessibility="Produktionen er i ét plan.",
        facilities="Hårnet og kittel udleveres.",
        translations={
            "en": {
                "description": "Planteriet makes fresh products from Danish ingredients, rich in "
                "wholegrain and low in calories, in continuous production.",
                "parking": "Parking in front of the production hall.",
                "accessibility": "The production is on one level.",
                "facilities": "Hairnets and coats are provided.",
            },
            "de": {
                "description": "Planteriet stellt frische Produkte aus dänischen Rohwaren her, "
                "reich an Vollkorn und kalorienarm, in laufender Produktion.",
                "parking": "Parkplätze vor der Produktion.",
                "accessibility": "Die Produktion liegt auf einer Ebene.",
                "facilities": "Haarnetz und Kittel werden gestellt.",
            },
        },
        tours=(
            TourPlan(
                title="Gruppebesøg i produktionen",
                kind=GROUP,
                description="Se den løbende fremstilling og smag produkterne. For virksomheder "
                "og foreninger.",
                meeting_point="Receptionen",
                price=D("900"),
                price_per=WHOLE,
                weekdays=(1, 2, 3),
                times=(time(9),),
                capacity=20,
                min_group=5,
                max_group=20,
                cutoff=timedelta(days=2),
                translations={
                    "en": {
                        "title": "Group visit to the production",
                        "description": "See the continuous production and taste the products. For "
                        "companies and clubs.",
                        "meeting_point": "Reception",
                    },
                    "de": {
                        "title": "Gruppenbesuch in der Produktion",
                        "description": "Sehen Sie die laufende Herstellung und probieren Sie die "
                        "Produkte. Für Firmen und Vereine.",
                        "meeting_point": "Empfang",
                    },
                },
            ),
        ),
    ),
    CompanyPlan(
        slug="vineriet-frederiksdal",
        name="Vineriet Frederiksdal",
        municipality="Lolland Kommune",
        address="Frederiksdalsvej 2",
        postal_code="4913",
        city="Horslunde",
        latitude=D("54.90800"),
        longitude=D("11.27200"),
        description="Vineri på Lolland, der laver kirsebærvin af egne kirsebær. "
        "Innovationsstafetten besøgte Vineriet Frederiksdal 1. september 2010.",
        email="vineriet@example.dk",
        phone="+45 54 93 50 50",
        parking="Parkering ved gården, også til busser.",
        accessibility="Vinkælderen har trapper; smagningen kan holdes i stueetagen.",
        facilities="Toilet og vinbutik. Aldersgrænse 18 år for smagning.",
        translations={
            "en": {
                "description": "A winery on Lolland making cherry wine from its own cherries. The "
                "innovation relay visited Vineriet Frederiksdal on 1 September "
                "2010.",
                "parking": "Parking at the farm, also for coaches.",
                "accessibility": "The wine cellar has stairs; the tasting can be held on the "
                "ground floor.",
                "facilities": "Toilet and wine shop. Tastings from age 18.",
            },
            "de": {
                "description": "Weingut auf Lolland, das Kirschwein aus eigenen Kirschen "
                "herstellt. Der Innovationsstaffellauf besuchte Vineriet "
                "Frederiksdal am 1. September 2010.",
                "parking": "Parkplätze am Hof, auch für Busse.",
                "accessibility": "Zum Weinkeller führen Treppen; die Verkostung kann im "
                "Erdgeschoss stattfinden.",
                "facilities": "Toilette und Weinladen. Verkostung ab 18 Jahren.",
            },
        },
        tours=(
            TourPlan(
                title="Rundvisning og kirsebærvinsmagning",
                kind=OPEN,
                description="Fra kirsebærplantagen til kælderen, med smagning af tre vine.",
                meeting_point="Gårdspladsen",
                price=D("150"),
                price_per=PERSON,
                weekdays=(4, 5),
                times=(time(14),),
                capacity=24,
                languages=("da", "en", "de"),
                translations={
                    "en": {
                        "title": "Tour and cherry wine tasting",
                        "description": "From the cherry orchard to the cellar, with a tasting of "
                        "three wines.",
                        "meeting_point": "The farmyard",
                    },
                    "de": {
                        "title": "Führung und Kirschweinprobe",
                        "description": "Von der Kirschplantage bis in den Keller, mit einer Probe "
                        "von drei Weinen.",
                        "meeting_point": "Der Hofplatz",
                    },
                },
            ),
        ),
    ),
)

# Days with no tours (closures), as month and day.
HOLIDAYS = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}


def slot_starts(plan: TourPlan, first_day: date, weeks: int, tz) -> list[datetime]:
    """Local start times of a tour plan over `weeks` weeks from `first_day`."""
    starts = []
    for offset in range(weeks * 7):
        day = first_day + timedelta(days=offset)
        if day.weekday() in plan.weekdays and (day.month, day.day) not in HOLIDAYS:
            starts.extend(datetime.combine(day, at, tzinfo=tz) for at in plan.times)
    return starts


# Workspace log-ins on development machines (DEBUG only), one owner and one staff member per
# company, and a cluster coordinator. All share DEMO_PASSWORD.
DEMO_PASSWORD = "klynge-demo"  # noqa: S105 (a documented demo password, DEBUG only)
DEMO_COORDINATOR_EMAIL = "koordinator@klyngebesog.dk"


def demo_logins(slug: str) -> tuple[str, str]:
    """The (owner, staff) e-mail log-ins of a demo company: ejer@<slug>.dk, staff@<slug>.dk."""
    domain = slug.replace("-", "")
    return f"ejer@{domain}.dk", f"staff@{domain}.dk"


# Visitors for the demo bookings (DEBUG only): name, e-mail, party size, organisation.
DEMO_VISITORS: tuple[tuple[str, str, int, str], ...] = (
    ("Mette Jensen", "mette@example.com", 2, ""),
    ("Klaus Becker", "klaus@example.de", 4, ""),
    ("Maribo Skole, 5.b", "laerer@example.dk", 22, "Maribo Skole"),
    ("Sofie Larsen", "sofie@example.com", 3, ""),
    ("Ældresagen Køge", "koge@example.dk", 12, "Ældresagen"),
    ("Emma Wilson", "emma@example.co.uk", 2, ""),
    ("Jens Holm", "jens@example.com", 1, ""),
    ("Anna Schmidt", "anna@example.de", 2, ""),
    ("Lars Nielsen", "lars@example.com", 5, ""),
    ("Grethe Poulsen", "grethe@example.com", 2, ""),
    ("Peter Madsen", "peter@example.com", 3, ""),
    ("Foreningen Frugt", "frugt@example.dk", 15, "Foreningen Frugt"),
    ("Ida Kristensen", "ida@example.com", 2, ""),
    ("Tom Berg", "tom@example.com", 4, ""),
)
