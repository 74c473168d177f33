"""Bar charts drawn on the server as SVG, so they print and go into PDFs unchanged.

Colours are SVG presentation attributes rather than CSS: the same markup renders in a
browser under a strict Content-Security-Policy and in WeasyPrint without site.css.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

WIDTH = 320
ROW_HEIGHT = 42
LABEL_HEIGHT = 17
BAR_HEIGHT = 16
FONT_SIZE = 14
# Longer labels are shortened in the drawing; the title and the table keep them whole.
LABEL_CHARS = 40
VALUE_SPACE = 40
BAR_COLOUR = "#0a5d8c"
TEXT_COLOUR = "#1a1a1a"


@dataclass(frozen=True)
class Bar:
    """One labelled value of a chart, with the page that lists what it counts."""

    label: str
    value: int
    url: str = ""


def bar_chart(title: str, bars: Sequence[Bar]) -> SafeString:
    """A horizontal bar chart: the label above each bar, the value at its end."""
    largest = max((bar.value for bar in bars), default=0) or 1
    scale = (WIDTH - VALUE_SPACE) / largest
    height = max(len(bars), 1) * ROW_HEIGHT
    summary = "; ".join(f"{bar.label}: {bar.value}" for bar in bars)
    rows = format_html_join(
        "",
        '<text x="0" y="{}" font-size="{}" fill="{}">{}</text>'
        '<rect x="0" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
        (
            (
                index * ROW_HEIGHT + 14,
                FONT_SIZE,
                TEXT_COLOUR,
                Truncator(bar.label).chars(LABEL_CHARS),
                index * ROW_HEIGHT + LABEL_HEIGHT + 2,
                round(bar.value * scale, 1),
                BAR_HEIGHT,
                BAR_COLOUR,
                round(bar.value * scale, 1) + 6,
                index * ROW_HEIGHT + LABEL_HEIGHT + 15,
                FONT_SIZE,
                TEXT_COLOUR,
                bar.value,
            )
            for index, bar in enumerate(bars)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'aria-label="{label}" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">'
        "<title>{title}</title><desc>{label}</desc>{rows}</svg>",
        width=WIDTH,
        height=height,
        title=title,
        label=f"{title}. {summary}" if summary else title,
        rows=rows,
    )
