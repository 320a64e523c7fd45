"""What the demo's visitors read before coming (tours.visitor_info), per tour, keyed by the
tour's Danish title in demo/companies.py: what to bring, where a tour's own parking,
accessibility or meeting position differ from its company's, and its cancellation deadline.
Written from what each company does (the project document, Fra Clutter til Cluster, fase 2):
an orchard walked on grass, a warm greenhouse, a jam kitchen and a food production under
hygiene rules, an apiary, strawberry tunnels in the fields, a wine cellar down steep stairs."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

D = Decimal


@dataclass(frozen=True)
class BeforeYouCome:
    # {"what_to_bring": {"da": ..., "en": ..., "de": ...}, "parking": {...}, ...}
    texts: dict[str, dict[str, str]]
    cancellation_deadline: timedelta = timedelta(hours=24)
    meeting_position: tuple[Decimal, Decimal] | None = None

    def by_language(self) -> dict[str, dict[str, str]]:
        """The texts as load_demo's translations take them: {"da": {"what_to_bring": ...}}."""
        languages: dict[str, dict[str, str]] = {}
        for name, texts in self.texts.items():
            for language, text in texts.items():
                languages.setdefault(language, {})[name] = text
        return languages


TOURS: dict[str, BeforeYouCome] = {
    "Åben rundvisning i frugtplantagen": BeforeYouCome(
        texts={
            "what_to_bring": {
                "da": "Fodtøj, der tåler vådt græs, og tøj efter vejret: vi er ude hele tiden. "
                "Tag gerne en pose med, hvis du vil købe frugt i gårdbutikken bagefter.",
                "en": "Shoes that can take wet grass, and clothes for the weather: we are "
                "outdoors the whole time. Bring a bag if you would like to buy fruit in the "
                "farm shop afterwards.",
                "de": "Schuhe, die nasses Gras vertragen, und Kleidung passend zum Wetter: Wir "
                "sind die ganze Zeit draußen. Bringen Sie gern eine Tasche mit, wenn Sie "
                "danach im Hofladen Obst kaufen möchten.",
            },
        },
    ),
    "Privat gruppe-rundvisning": BeforeYouCome(
        texts={
            "what_to_bring": {
                "da": "Fodtøj til græsstier og tøj efter vejret. Skoleklasser må gerne tage "
                "madpakker med: vi har borde under halvtaget ved gårdbutikken.",
                "en": "Shoes for grass paths and clothes for the weather. School classes are "
                "welcome to bring packed lunches: there are tables under the shelter by the "
                "farm shop.",
                "de": "Schuhe für Graswege und Kleidung passend zum Wetter. Schulklassen dürfen "
                "gern ein Lunchpaket mitbringen: Unter dem Vordach am Hofladen stehen Tische.",
            },
        },
        cancellation_deadline=timedelta(days=3),
    ),
    "Fra drivhus til appetizer": BeforeYouCome(
        texts={
            "what_to_bring": {
                "da": "Intet særligt: forklæde og alt til workshoppen får du her. Drivhuset er "
                "varmt, også om foråret, så tag let tøj på under jakken.",
                "en": "Nothing in particular: you get an apron and everything for the workshop "
                "here. The greenhouse is warm, even in spring, so wear light clothes under "
                "your jacket.",
                "de": "Nichts Besonderes: Schürze und alles für den Workshop bekommen Sie bei "
                "uns. Im Gewächshaus ist es warm, auch im Frühjahr; ziehen Sie unter der "
                "Jacke also leichte Kleidung an.",
            },
        },
        cancellation_deadline=timedelta(days=2),
    ),
    "Gruppebesøg i marmeladekøkkenet": BeforeYouCome(
        texts={
            "what_to_bring": {
                "da": "Hårnet og forklæde får I udleveret ved køkkenet. Ringe, ure og armbånd "
                "tages af, før vi går ind: det er køkkenets hygiejneregler.",
                "en": "You are given hair nets and aprons at the kitchen. Rings, watches and "
                "bracelets come off before we go in: those are the kitchen's hygiene rules.",
                "de": "Haarnetze und Schürzen bekommen Sie an der Küche. Ringe, Uhren und "
                "Armbänder werden vor dem Betreten abgelegt: So verlangen es die "
                "Hygieneregeln der Küche.",
            },
        },
        cancellation_deadline=timedelta(days=3),
    ),
    "En eftermiddag i bigården": BeforeYouCome(
        texts={
            "what_to_bring": {
                "da": "Lange bukser, lukkede sko og gerne lyst tøj: bierne bryder sig ikke om "
                "mørke farver. Bidragt og handsker låner du her. Er du allergisk over for "
                "bistik, så tag din medicin med og sig det, når vi starter.",
                "en": "Long trousers, closed shoes and light-coloured clothes if you have "
                "them: bees dislike dark colours. You borrow a bee suit and gloves here. If "
                "you are allergic to bee stings, bring your medicine and tell us at the start.",
                "de": "Lange Hosen, geschlossene Schuhe und möglichst helle Kleidung: Bienen "
                "mögen keine dunklen Farben. Imkeranzug und Handschuhe leihen Sie bei uns. "
                "Wenn Sie gegen Bienenstiche allergisch sind, bringen Sie Ihr Medikament mit "
                "und sagen Sie es uns zu Beginn.",
            },
        },
        # The honey stall stands where the drive meets the road, before the farmyard.
        meeting_position=(D("55.44205"), D("11.78880")),
    ),
    "Jordbær i tunneller": BeforeYouCome(
        texts={
            "what_to_bring": {
                "da": "Fodtøj, der må blive beskidt: gangene i tunnellerne er jord og grus. På "
                "varme dage en solhat og noget at drikke; i tunnellerne er det varmere end "
                "udenfor.",
                "en": "Shoes that may get dirty: the paths in the tunnels are soil and gravel. "
                "On warm days a sun hat and something to drink; it is warmer in the tunnels "
                "than outside.",
                "de": "Schuhe, die schmutzig werden dürfen: Die Gänge in den Tunneln sind aus "
                "Erde und Kies. An warmen Tagen einen Sonnenhut und etwas zu trinken; in den "
                "Tunneln ist es wärmer als draußen.",
            },
            "parking": {
                "da": "I plukkesæsonen (juni til august) parkerer du på græsmarken over for "
                "pakhuset; følg skiltene. Gårdspladsen er til lastbilerne.",
                "en": "In the picking season (June to August), park on the grass field "
                "opposite the packing shed; follow the signs. The yard is kept for the lorries.",
                "de": "In der Pflücksaison (Juni bis August) parken Sie auf der Wiese gegenüber "
                "dem Packhaus; folgen Sie den Schildern. Der Hofplatz bleibt für die Lkw frei.",
            },
        },
    ),
    "Gruppebesøg i produktionen": BeforeYouCome(
        texts={
            "what_to_bring": {
                "da": "Kittel, hårnet og skoovertræk får I i receptionen: det er fødevare"
                "hygiejne. Smykker og ure tages af. Fortæl os om allergier, når I booker, så "
                "smagsprøverne passer til alle.",
                "en": "You get coats, hair nets and shoe covers at reception: food hygiene "
                "requires them. Jewellery and watches come off. Tell us about allergies when "
                "you book, so the tastings suit everyone.",
                "de": "Kittel, Haarnetz und Überschuhe bekommen Sie am Empfang: Das verlangt "
                "die Lebensmittelhygiene. Schmuck und Uhren werden abgelegt. Nennen Sie uns "
                "Allergien bei der Buchung, damit die Kostproben für alle passen.",
            },
        },
        cancellation_deadline=timedelta(days=3),
    ),
    "Rundvisning og kirsebærvinsmagning": BeforeYouCome(
        texts={
            "what_to_bring": {
                "da": "Fast fodtøj: trappen ned til kælderen er stejl. Skal du køre bagefter, "
                "så aftal en chauffør; chaufføren får kirsebærmost i stedet for vin. "
                "Smagningen er for voksne over 18 år.",
                "en": "Sturdy shoes: the stairs down to the cellar are steep. If you drive "
                "afterwards, agree on a driver; the driver tastes cherry juice instead of "
                "wine. The tasting is for adults over 18.",
                "de": "Festes Schuhwerk: Die Treppe in den Keller ist steil. Wenn Sie danach "
                "fahren, verabreden Sie einen Fahrer; er bekommt Kirschsaft statt Wein. Die "
                "Verkostung ist für Erwachsene ab 18 Jahren.",
            },
            "accessibility": {
                "da": "Kælderen nås kun ad en stejl trappe. Kørestolsbrugere kan følge "
                "rundvisningen i plantagen og smage vinene i stueetagen; sig det gerne, når "
                "du booker.",
                "en": "The cellar can only be reached by a steep staircase. Wheelchair users "
                "can follow the tour in the orchard and taste the wines on the ground floor; "
                "please tell us when you book.",
                "de": "Der Keller ist nur über eine steile Treppe erreichbar. Rollstuhlfahrer "
                "können die Führung in der Plantage mitmachen und die Weine im Erdgeschoss "
                "verkosten; sagen Sie es uns gern bei der Buchung.",
            },
        },
    ),
}
