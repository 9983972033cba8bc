"""Charts drawn on the server as SVG: no script, no CDN, readable when printed. Each chart is
an image with a title; the page puts the same numbers in a table beside it, which is what a
screen reader reads. The drawing scales with its container (viewBox), down to 375 px."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Colours that keep their contrast on white and differ for common colour blindness.
PALETTE = ("#1f5fa8", "#d9822b", "#2f8f5b", "#8e44ad", "#c0392b", "#7f8c8d", "#16a085")
MARK = "#c0392b"
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 40


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4 if value > step * 2 else step * 2 if value > step else step
    return value


def _ticks(top: float) -> list[float]:
    return [top * i / 4 for i in range(5)]


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _frame(
    title_id: str, title: str, body: list[str], legend: Sequence[tuple[str, str]]
) -> SafeString:
    items = []
    x = LEFT
    for name, colour in legend:
        items.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11">{}</text>',
                x,
                HEIGHT - 12,
                colour,
                x + 14,
                HEIGHT - 3,
                name,
            )
        )
        x += 24 + 11 * len(str(name))
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        '<title id="{}">{}</title>{}{}</svg>',
        WIDTH,
        HEIGHT,
        title_id,
        title_id,
        title,
        mark_safe("".join(body)),  # noqa: S308 -- built from format_html pieces above
        mark_safe("".join(items)),  # noqa: S308 -- built from format_html pieces above
    )


def _legend(series: Sequence[Series]) -> list[tuple[str, str]]:
    return [(s.name, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)]


def _axis(top: float, plot_h: float) -> list[str]:
    parts = []
    for tick in _ticks(top):
        y = TOP + plot_h - plot_h * tick / top
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d9e2ec"/>'
                '<text x="{}" y="{}" font-size="10" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                round(y, 1),
                round(y, 1),
                LEFT - 4,
                round(y + 3, 1),
                _fmt(tick),
            )
        )
    return parts


def stacked_bars(
    *, title_id: str, title: str, labels: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """One bar per label, the series stacked in it (cases per month by process)."""
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    bar = slot * 0.7
    body = _axis(top, plot_h)
    for i, label in enumerate(labels):
        x = LEFT + slot * i + (slot - bar) / 2
        y = TOP + plot_h
        for index, s in enumerate(series):
            value = s.values[i] or 0
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{} · {}: {}</title></rect>",
                    round(x, 1),
                    round(y, 1),
                    round(bar, 1),
                    round(h, 1),
                    PALETTE[index % len(PALETTE)],
                    label,
                    s.name,
                    _fmt(value),
                )
            )
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                round(x + bar / 2, 1),
                TOP + plot_h + 13,
                label,
            )
        )
    return _frame(title_id, title, body, _legend(series))


def grouped_bars(
    *,
    title_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    marks: Sequence[float | None] = (),
    mark_name: str = "",
) -> SafeString:
    """Bars side by side per label; an optional horizontal mark per label (the promise)."""
    values = [v or 0 for s in series for v in s.values] + [m or 0 for m in marks]
    top = _nice_max(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    bar = slot * 0.7 / max(len(series), 1)
    body = _axis(top, plot_h)
    for i, label in enumerate(labels):
        start = LEFT + slot * i + slot * 0.15
        for index, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            h = plot_h * value / top
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{} · {}: {}</title></rect>",
                    round(start + bar * index, 1),
                    round(TOP + plot_h - h, 1),
                    round(bar * 0.9, 1),
                    round(h, 1),
                    PALETTE[index % len(PALETTE)],
                    label,
                    s.name,
                    _fmt(value),
                )
            )
        mark = marks[i] if i < len(marks) else None
        if mark is not None:
            y = round(TOP + plot_h - plot_h * mark / top, 1)
            body.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2" '
                    'stroke-dasharray="6 3"><title>{} · {}: {}</title></line>',
                    round(start - 4, 1),
                    round(start + slot * 0.7 + 4, 1),
                    y,
                    y,
                    MARK,
                    label,
                    mark_name,
                    _fmt(mark),
                )
            )
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                round(LEFT + slot * i + slot / 2, 1),
                TOP + plot_h + 14,
                label,
            )
        )
    legend = _legend(series) + ([(mark_name, MARK)] if mark_name else [])
    return _frame(title_id, title, body, legend)
