"""The demo's pictures: painted here, in code, with Pillow, the same pixels every time (each
scene draws from its own seeded random numbers). They are the project's own work and are
dedicated to the public domain (CC0 1.0, docs/photos.md): no photo of anyone else's is
shipped, and `make run` shows pictures without downloading any.

Each scene is a landscape of Region Sjælland's kind of farm, in the flat, soft style of the
placeholder drawings: an orchard in rows, a greenhouse, strawberry tunnels, beehives, a
cherry-wine estate, a nursery, vegetable fields. They go through tours.photos like an
upload (so the demo shows the same renditions and markup as real photos)."""

import io
import math
import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

from tours import photos

W, H = 1280, 854
GREEN_DARK = (62, 112, 56)
GREEN = (96, 150, 74)
GREEN_LIGHT = (150, 190, 110)


def _sky(draw: ImageDraw.ImageDraw, rnd: random.Random, evening: bool = False) -> None:
    top = (120, 170, 215) if not evening else (240, 170, 120)
    bottom = (225, 236, 240) if not evening else (250, 225, 180)
    for y in range(H):
        t = y / H
        draw.line(
            [(0, y), (W, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    sun_x = rnd.randint(W // 2, W - 160)
    draw.ellipse([sun_x, 60, sun_x + 110, 170], fill=(255, 236, 170))
    for _ in range(rnd.randint(2, 4)):
        x, y = rnd.randint(-100, W), rnd.randint(40, 260)
        for dx, dy, r in ((0, 0, 50), (45, -20, 60), (100, 0, 48), (50, 15, 55)):
            draw.ellipse([x + dx - r, y + dy - r // 2, x + dx + r, y + dy + r // 2], fill="white")


def _hills(draw: ImageDraw.ImageDraw, rnd: random.Random, horizon: int) -> None:
    for layer, colour in enumerate(((170, 200, 140), (140, 185, 110), GREEN_LIGHT)):
        base = horizon + layer * 40
        phase = rnd.random() * 6
        points = [(0, H)]
        for x in range(0, W + 40, 40):
            points.append((x, base + 25 * math.sin(x / (180 + layer * 60) + phase)))
        points.append((W, H))
        draw.polygon(points, fill=colour)


def _tree(draw, x, y, size, rnd, fruit):
    draw.rectangle([x - size // 10, y, x + size // 10, y + size], fill=(110, 80, 52))
    for _ in range(6):
        dx, dy = rnd.randint(-size // 2, size // 2), rnd.randint(-size // 2, size // 4)
        r = rnd.randint(size // 2, int(size * 0.8))
        draw.ellipse([x + dx - r, y + dy - r, x + dx + r, y + dy + r], fill=GREEN_DARK)
    for _ in range(6):
        dx, dy = rnd.randint(-size // 2, size // 2), rnd.randint(-size // 2, size // 4)
        r = rnd.randint(size // 3, size // 2)
        draw.ellipse([x + dx - r, y + dy - r - 8, x + dx + r, y + dy + r - 8], fill=GREEN)
    if fruit:
        for _ in range(size // 4):
            dx, dy = rnd.randint(-size, size), rnd.randint(-size, size // 3)
            if dx * dx + dy * dy < size * size * 0.8:
                r = max(3, size // 12)
                draw.ellipse([x + dx - r, y + dy - r, x + dx + r, y + dy + r], fill=fruit)


def orchard(rnd: random.Random, fruit=(205, 50, 40)) -> Image.Image:
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, rnd)
    _hills(draw, rnd, 380)
    # Rows of trees running towards the horizon: smaller and closer together far away.
    for row in range(5):
        y = 420 + row * 85
        size = 22 + row * 16
        step = 70 + row * 45
        offset = rnd.randint(0, step)
        for x in range(-offset, W + step, step):
            _tree(draw, x, y, size, rnd, fruit)
    return image.filter(ImageFilter.SMOOTH)


def greenhouse(rnd: random.Random) -> Image.Image:
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, rnd)
    _hills(draw, rnd, 420)
    glass, frame = (214, 232, 236), (110, 140, 150)
    for i, left in enumerate((80, 470, 860)):
        width, top, wall = 360, 300 + i * 8, 470
        draw.polygon(
            [(left, 720), (left, wall), (left + width // 2, top), (left + width, wall),
             (left + width, 720)],
            fill=glass,
            outline=frame,
            width=6,
        )  # fmt: skip
        for x in range(left + 40, left + width, 40):
            y = wall - (width // 2 - abs(x - left - width // 2)) * (wall - top) / (width // 2)
            draw.line([(x, y), (x, 720)], fill=frame, width=3)
        for x in range(left + 20, left + width - 10, 26):
            for y in range(560, 700, 34):
                draw.line([(x, y - 20), (x, y + 20)], fill=GREEN_DARK, width=5)
                r = 9
                draw.ellipse([x - r + 6, y - r, x + r + 6, y + r], fill=(215, 50, 45))
    draw.rectangle([0, 720, W, H], fill=(150, 120, 90))
    return image.filter(ImageFilter.SMOOTH)


def berries(rnd: random.Random) -> Image.Image:
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, rnd)
    _hills(draw, rnd, 360)
    # Polytunnels: white hoops in a row.
    for i in range(4):
        left = 40 + i * 310
        draw.pieslice([left, 330, left + 280, 620], 180, 360, fill=(236, 240, 236))
        for k in range(1, 6):
            x = left + k * 280 // 6
            draw.line(
                [(x, 475 - 140 * math.sin(math.pi * k / 6)), (x, 475)],
                fill=(200, 208, 200),
                width=3,
            )
    draw.rectangle([0, 475, W, H], fill=(120, 96, 70))
    # Strawberry rows in the front, red berries among leaves.
    for row in range(4):
        y = 520 + row * 90
        draw.rectangle([0, y, W, y + 40], fill=(60, 60, 58))
        for x in range(rnd.randint(0, 30), W, 34 + row * 6):
            r = 16 + row * 4
            draw.ellipse([x - r, y - r // 2, x + r, y + r // 2 + 8], fill=GREEN)
            if rnd.random() < 0.6:
                s = 6 + row * 2
                draw.polygon([(x - s, y), (x + s, y), (x, y + 2 * s)], fill=(210, 40, 45))
    return image.filter(ImageFilter.SMOOTH)


def bees(rnd: random.Random) -> Image.Image:
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, rnd)
    _hills(draw, rnd, 400)
    # A meadow of flowers, and a row of hives.
    for _ in range(900):
        x, y = rnd.randint(0, W), rnd.randint(480, H)
        r = 2 + (y - 480) // 60
        colour = rnd.choice(((250, 250, 245), (245, 210, 80), (200, 120, 200), (240, 140, 60)))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    colours = ((230, 190, 80), (120, 170, 200), (230, 230, 220), (200, 110, 80), (150, 190, 120))
    for i, x in enumerate(range(120, W - 100, 220)):
        colour = colours[i % len(colours)]
        draw.rectangle([x, 540, x + 150, 700], fill=colour, outline=(90, 70, 50), width=3)
        draw.line([(x, 600), (x + 150, 600)], fill=(90, 70, 50), width=3)
        draw.polygon([(x - 14, 540), (x + 164, 540), (x + 150, 515), (x, 515)], fill=(110, 90, 70))
        draw.rectangle([x + 55, 680, x + 95, 690], fill=(50, 40, 30))
        draw.rectangle([x + 10, 700, x + 20, 740], fill=(90, 70, 50))
        draw.rectangle([x + 130, 700, x + 140, 740], fill=(90, 70, 50))
    return image.filter(ImageFilter.SMOOTH)


def wine(rnd: random.Random) -> Image.Image:
    image = orchard(rnd, fruit=(150, 25, 45))
    draw = ImageDraw.Draw(image)
    # A table in front with a bottle and glasses of cherry wine.
    draw.rectangle([0, 700, W, H], fill=(150, 105, 70))
    draw.rectangle([0, 700, W, 712], fill=(120, 80, 52))
    bx = 880
    draw.rounded_rectangle([bx, 470, bx + 90, 760], radius=30, fill=(90, 20, 40))
    draw.rectangle([bx + 30, 400, bx + 60, 480], fill=(90, 20, 40))
    draw.rectangle([bx + 12, 580, bx + 78, 660], fill=(240, 235, 220))
    for gx in (700, 1040):
        draw.polygon(
            [(gx, 600), (gx + 70, 600), (gx + 55, 680), (gx + 15, 680)], fill=(230, 236, 240)
        )
        draw.polygon(
            [(gx + 6, 625), (gx + 64, 625), (gx + 55, 680), (gx + 15, 680)], fill=(140, 20, 45)
        )
        draw.rectangle([gx + 32, 680, gx + 38, 740], fill=(230, 236, 240))
        draw.ellipse([gx + 10, 736, gx + 60, 750], fill=(230, 236, 240))
    return image


def nursery(rnd: random.Random) -> Image.Image:
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, rnd)
    _hills(draw, rnd, 380)
    draw.rectangle([0, 500, W, H], fill=(200, 180, 140))
    # Benches of potted plants, larger towards the front.
    for row in range(4):
        y = 520 + row * 80
        size = 18 + row * 10
        for x in range(rnd.randint(0, size), W, int(size * 2.4)):
            draw.polygon([(x - size, y), (x + size, y), (x + size * 0.75, y + size * 1.3),
                          (x - size * 0.75, y + size * 1.3)], fill=(195, 100, 60))  # fmt: skip
            colour = rnd.choice((GREEN, GREEN_DARK, (120, 170, 90), (200, 80, 120), (240, 200, 70)))
            draw.ellipse([x - size, y - size * 1.4, x + size, y + size * 0.2], fill=colour)
    return image.filter(ImageFilter.SMOOTH)


def vegetables(rnd: random.Random) -> Image.Image:
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, rnd)
    _hills(draw, rnd, 380)
    vanish = (W // 2, 400)
    draw.polygon([(0, 440), (W, 440), (W, H), (0, H)], fill=(150, 110, 75))
    for k in range(-12, 13):
        x = W // 2 + k * 140
        draw.line([vanish, (x, H)], fill=(110, 80, 52), width=5)
        for t in (0.25, 0.4, 0.55, 0.7, 0.85, 1.0):
            px = vanish[0] + (x + 70 - vanish[0]) * t
            py = vanish[1] + (H - vanish[1]) * t
            r = 4 + 22 * t
            if py > 445:
                draw.ellipse([px - r, py - r, px + r, py + r * 0.6], fill=GREEN)
    return image.filter(ImageFilter.SMOOTH)


SCENES = {
    "orchard": orchard,
    "plums": lambda rnd: orchard(rnd, fruit=(105, 50, 125)),
    "pears": lambda rnd: orchard(rnd, fruit=(205, 195, 70)),
    "cherries": lambda rnd: orchard(rnd, fruit=(150, 25, 45)),
    "greenhouse": greenhouse,
    "berries": berries,
    "bees": bees,
    "wine": wine,
    "nursery": nursery,
    "vegetables": vegetables,
}


@lru_cache(maxsize=32)
def renditions(scene: str, seed: int) -> photos.Renditions:
    """The scene painted and made into renditions, once per process (load_demo may run more
    than once, e.g. in the tests)."""
    image = SCENES[scene](random.Random(seed))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    out.seek(0)
    # Flat drawings: WebP's fastest method loses little on them, and load_demo stays quick.
    return photos.make_renditions(out, webp_method=1)


def _alts(da: str, en: str, de: str) -> dict[str, str]:
    return {"da": da, "en": en, "de": de}


# Per demo company: its kind of farm, its own photos, and its tours' photos by Danish title.
# (scene, seed, descriptions)
DEMO = {
    "lolle-frugt": (
        "orchard",
        [
            (
                "orchard",
                101,
                _alts(
                    "Rækker af æbletræer med røde æbler",
                    "Rows of apple trees with red apples",
                    "Reihen von Apfelbäumen mit roten Äpfeln",
                ),
            )
        ],
        {
            "Åben rundvisning i frugtplantagen": [
                (
                    "pears",
                    102,
                    _alts(
                        "Frugtplantagen en sensommerdag",
                        "The orchard on a late summer day",
                        "Die Obstplantage an einem Spätsommertag",
                    ),
                ),
                (
                    "vegetables",
                    103,
                    _alts(
                        "Markerne bag plantagen",
                        "The fields behind the orchard",
                        "Die Felder hinter der Plantage",
                    ),
                ),
            ],
        },
    ),
    "varpelev-tomater": (
        "greenhouse",
        [
            (
                "greenhouse",
                201,
                _alts(
                    "Tre drivhuse med tomatplanter",
                    "Three greenhouses with tomato plants",
                    "Drei Gewächshäuser mit Tomatenpflanzen",
                ),
            )
        ],
        {
            "Fra drivhus til appetizer": [
                (
                    "greenhouse",
                    202,
                    _alts(
                        "Modne tomater i drivhuset",
                        "Ripe tomatoes in the greenhouse",
                        "Reife Tomaten im Gewächshaus",
                    ),
                ),
            ],
        },
    ),
    "bandholm-frugtplantage": (
        "orchard",
        [
            (
                "plums",
                301,
                _alts(
                    "Blommetræer i Bandholm", "Plum trees at Bandholm", "Pflaumenbäume in Bandholm"
                ),
            )
        ],
        {},
    ),
    "honningpigen": (
        "bees",
        [
            (
                "bees",
                401,
                _alts(
                    "Bistader på en blomstereng",
                    "Beehives in a flower meadow",
                    "Bienenstöcke auf einer Blumenwiese",
                ),
            )
        ],
        {
            "En eftermiddag i bigården": [
                (
                    "bees",
                    402,
                    _alts(
                        "Farvede bistader i bigården",
                        "Coloured hives in the apiary",
                        "Bunte Bienenstöcke im Bienengarten",
                    ),
                ),
            ],
        },
    ),
    "engvang-frugt": (
        "berries",
        [
            (
                "cherries",
                501,
                _alts("Frugttræer på Engvang", "Fruit trees at Engvang", "Obstbäume auf Engvang"),
            )
        ],
        {
            "Jordbær i tunneller": [
                (
                    "berries",
                    502,
                    _alts(
                        "Jordbærrækker foran tunnellerne",
                        "Strawberry rows in front of the polytunnels",
                        "Erdbeerreihen vor den Folientunneln",
                    ),
                ),
                (
                    "berries",
                    503,
                    _alts(
                        "Modne jordbær i rækkerne",
                        "Ripe strawberries in the rows",
                        "Reife Erdbeeren in den Reihen",
                    ),
                ),
            ],
        },
    ),
    "planteriet": (
        "nursery",
        [
            (
                "nursery",
                601,
                _alts(
                    "Potteplanter på borde i planteskolen",
                    "Potted plants on benches at the nursery",
                    "Topfpflanzen auf Tischen in der Gärtnerei",
                ),
            )
        ],
        {},
    ),
    "vineriet-frederiksdal": (
        "wine",
        [
            (
                "wine",
                701,
                _alts(
                    "Kirsebærvin og glas foran kirsebærtræerne",
                    "Cherry wine and glasses before the cherry trees",
                    "Kirschwein und Gläser vor den Kirschbäumen",
                ),
            )
        ],
        {
            "Rundvisning og kirsebærvinsmagning": [
                (
                    "wine",
                    702,
                    _alts(
                        "Smagning af kirsebærvin",
                        "A tasting of cherry wine",
                        "Eine Kirschweinprobe",
                    ),
                ),
                (
                    "cherries",
                    703,
                    _alts(
                        "Kirsebærtræerne på Frederiksdal",
                        "The cherry trees at Frederiksdal",
                        "Die Kirschbäume auf Frederiksdal",
                    ),
                ),
            ],
        },
    ),
}


def load_demo_photos() -> int:
    """Gives each demo company its kind of farm and, where it has none yet, its photos and
    its tours'. Idempotent. Returns the number of photos added."""
    from tours.models import Company

    added = 0
    for company in Company.objects.filter(slug__in=DEMO).prefetch_related("photos", "tours"):
        kind, own, by_tour = DEMO[company.slug]
        if company.farm_kind != kind:
            company.farm_kind = kind
            company.save(update_fields=["farm_kind"])
        if not company.photos.all():
            for scene, seed, alts in own:
                photos.company_photo_add(
                    company=company, alts=alts, renditions=renditions(scene, seed)
                )
                added += 1
        for tour in company.tours.all():
            if tour.title_da in by_tour and not tour.photos.exists():
                for scene, seed, alts in by_tour[tour.title_da]:
                    photos.tour_photo_add(tour=tour, alts=alts, renditions=renditions(scene, seed))
                    added += 1
    return added
