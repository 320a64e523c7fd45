"""Bar charts as SVG, drawn by the server from the figures: geometry here, markup in
templates/figures/_bars.svg.html and _months.svg.html.

Why our own SVG rather than pygal (docs/figures.md): pygal's SVG carries a `<style>` element
and, by default, scripts from a CDN, both against the site's CSP and its rule of no
third-party requests; its labels and number formats are not ours to translate. Two kinds of
bar chart are all the figures need: with presentation attributes only, they pass a strict
CSP, scale with the page through the viewBox and carry the active language's labels. Each
chart has its table beside it, which is what a screen reader reads (the SVG is one image
with a title).
"""

from dataclasses import dataclass

from django.utils.formats import number_format

from core.formats import format_day

WIDTH = 640
BAR_AREA_LEFT = 150  # room for company names in horizontal bars
ROW = 28
MONTHS_HEIGHT = 240
PLOT_TOP, PLOT_BOTTOM = 16, 40  # above the bars; month labels below


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str


@dataclass
class Tick:
    position: float
    label: str


def _nice_max(value: int) -> int:
    """The axis maximum: 1, 2, 2.5 or 5 times a power of ten, at or above `value`."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude) or 1
    return 10 * magnitude


def _ticks(top: int, to_position, count: int = 4) -> list[Tick]:
    return [
        Tick(to_position(top * n / count), number_format(round(top * n / count)))
        for n in range(count + 1)
    ]


def months_chart(months, *, now_key: str, before_key: str) -> dict:
    """Grouped vertical bars: per month, the period's value and the year before's."""
    top = _nice_max(max([getattr(m, k) for m in months for k in (now_key, before_key)] or [0]))
    plot_height = MONTHS_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    left, right = 48, 8
    slot = (WIDTH - left - right) / max(len(months), 1)
    bar = max(min(slot * 0.36, 22), 2)

    def y_of(value: float) -> float:
        return PLOT_TOP + plot_height - plot_height * value / top

    groups = []
    for n, month in enumerate(months):
        x = left + n * slot + slot / 2
        label = format_day(month.month, "month_short")
        before, now = getattr(month, before_key), getattr(month, now_key)
        groups.append(
            {
                "label": label,
                "label_x": x,
                "before": Bar(x - bar, y_of(before), bar, y_of(0) - y_of(before), before, label),
                "now": Bar(x, y_of(now), bar, y_of(0) - y_of(now), now, label),
            }
        )
    return {
        "width": WIDTH,
        "height": MONTHS_HEIGHT,
        "left": left,
        "right": WIDTH - right,
        "baseline": y_of(0),
        "label_y": MONTHS_HEIGHT - PLOT_BOTTOM + 18,
        "ticks": _ticks(top, y_of),
        "groups": groups,
    }


def bars_chart(items: list[tuple[str, int, int]]) -> dict:
    """Horizontal bars, two per item (e.g. visitors booked and arrived): [(label, a, b)]."""
    top = _nice_max(max([max(a, b) for _label, a, b in items] or [0]))
    right = WIDTH - 40
    span = right - BAR_AREA_LEFT

    def x_of(value: float) -> float:
        return BAR_AREA_LEFT + span * value / top

    rows = []
    for n, (label, first, second) in enumerate(items):
        y = PLOT_TOP + n * ROW
        rows.append(
            {
                "label": label if len(label) <= 22 else label[:21] + "…",
                "label_y": y + ROW / 2,
                "first": Bar(BAR_AREA_LEFT, y + 3, x_of(first) - BAR_AREA_LEFT, 10, first, label),
                "second": Bar(
                    BAR_AREA_LEFT, y + 13, x_of(second) - BAR_AREA_LEFT, 10, second, label
                ),
                "value_x": x_of(max(first, second)) + 4,
            }
        )
    height = PLOT_TOP + len(items) * ROW + 24
    return {
        "width": WIDTH,
        "height": height,
        "left": BAR_AREA_LEFT,
        "right": right,
        "baseline_y": height - 24,
        "ticks": _ticks(top, x_of),
        "rows": rows,
    }
