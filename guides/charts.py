"""
Small bar charts drawn on the server as inline SVG: no script, no library, nothing to download, readable in print.

Colours are SVG presentation attributes (`fill=`), which the CSP allows (it forbids `style=`), with classes the
stylesheet can refine. Every chart has role="img", a <title> and a <desc> (its text alternative); the page shows
the same numbers as a table. Text is escaped by `format_html`.
"""

import math
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

WIDTH = 640
HEIGHT = 260
# Room for the axis labels (left), the legend (top) and the quarters (bottom).
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 34, 40


@dataclass(frozen=True)
class Series:
    name: str
    css_class: str
    fill: str
    values: list  # one number (or None: nothing to draw) per group


@dataclass(frozen=True)
class Reference:
    """A horizontal line across the chart: a target."""

    value: float
    label: str


def quarter_code(quarter):
    """The short name of a quarter: "Q1" in English, "T1" (trimestre) in Spanish."""
    return pgettext("quarter of a year, short", "Q%(quarter)s") % {"quarter": quarter}


def quarter_label(figure):
    """A quarter in the reader's language: "2025 Q1", "T1 2025"."""
    return pgettext("quarter of a year", "%(year)s %(quarter)s") % {
        "year": figure.year,
        "quarter": quarter_code(figure.quarter),
    }


def quarter_label_lines(figure):
    """The quarter on two lines, for the chart's axis: ("Q1", "2025")."""
    return (quarter_code(figure.quarter), str(figure.year))


def nice_ceiling(value):
    """The top of the scale: `value` rounded up to 1, 2 or 5 times a power of ten (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover (the loop always returns)


def number(value):
    """A coordinate, short: 12.0 -> "12", 12.345 -> "12.35"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bar_chart(*, chart_id, title, description, groups, series, reference=None):
    """
    Grouped bars: one group per item of `groups`, a (label, lines) pair such as ("2025 Q1", ("Q1", "2025")): the
    label names the bars, the lines are written under them. One bar per series in each group, heights proportional
    to the values on a scale from zero.
    """
    values = [value for one in series for value in one.values if value is not None]
    top_value = max([*values, reference.value if reference else 0, 0])
    scale_max = nice_ceiling(top_value)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height

    def y_of(value):
        return baseline - value / scale_max * plot_height

    parts = []
    # The scale: zero, half and the top, with faint lines across.
    for tick in (0, scale_max / 2, scale_max):
        y = number(y_of(tick))
        parts.append(
            format_html(
                '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}" stroke="#c9ced6" stroke-width="1"/>'
                '<text class="chart__tick" x="{}" y="{}" text-anchor="end" font-size="11" fill="#495057">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                y,
                y,
                LEFT - 6,
                number(float(y) + 4),
                number(tick),
            )
        )
    group_width = plot_width / max(len(groups), 1)
    bar_width = group_width * 0.8 / max(len(series), 1)
    for index, (label, lines) in enumerate(groups):
        group_left = LEFT + index * group_width + group_width * 0.1
        for position, one in enumerate(series):
            value = one.values[index]
            if value is None:
                continue
            height = value / scale_max * plot_height
            parts.append(
                format_html(
                    '<rect class="chart__bar {}" x="{}" y="{}" width="{}" height="{}" fill="{}" data-value="{}">'
                    "<title>{}: {} {}</title></rect>",
                    one.css_class,
                    number(group_left + position * bar_width),
                    number(baseline - height),
                    number(bar_width),
                    number(height),
                    one.fill,
                    value,
                    label,
                    one.name,
                    value,
                )
            )
        center = number(LEFT + (index + 0.5) * group_width)
        parts.append(
            format_html(
                '<text class="chart__label" x="{}" y="{}" text-anchor="middle" font-size="11" fill="#212529">'
                '<tspan x="{}">{}</tspan><tspan x="{}" dy="13">{}</tspan></text>',
                center,
                baseline + 15,
                center,
                lines[0],
                center,
                lines[1],
            )
        )
    if reference:
        y = number(y_of(reference.value))
        parts.append(
            format_html(
                '<line class="chart__reference" x1="{}" x2="{}" y1="{}" y2="{}" stroke="#212529" stroke-width="2" '
                'stroke-dasharray="6 4" data-value="{}"/>'
                '<text class="chart__reference-label" x="{}" y="{}" text-anchor="end" font-size="11" '
                'fill="#212529">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                y,
                y,
                number(reference.value),
                WIDTH - RIGHT,
                number(float(y) - 5),
                reference.label,
            )
        )
    parts.append(legend(series))
    return format_html(
        '<svg class="chart" id="{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        chart_id,
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        mark_safe("".join(parts)),  # noqa: S308 (each part was built by format_html)
    )


def legend(series):
    """A row of colour keys above the plot."""
    x = LEFT
    keys = []
    for one in series:
        keys.append((x, one.fill, x + 18, one.name))
        x += 30 + 7 * len(one.name)
    return format_html_join(
        "",
        '<rect class="chart__key" x="{}" y="8" width="13" height="13" fill="{}"/>'
        '<text class="chart__legend" x="{}" y="19" font-size="12" fill="#212529">{}</text>',
        keys,
    )


def certification_chart(figures, *, title, description):
    """The requests received, certified and denied of each quarter in `figures` (oldest first)."""
    return bar_chart(
        chart_id="certification-chart",
        title=title,
        description=description,
        groups=[(quarter_label(figure), quarter_label_lines(figure)) for figure in figures],
        series=[
            Series(_("Received"), "chart__bar--received", "#1f4e79", [figure.received for figure in figures]),
            Series(_("Certified"), "chart__bar--certified", "#2b8a3e", [figure.certified for figure in figures]),
            Series(_("Denied"), "chart__bar--denied", "#c92a2a", [figure.denied for figure in figures]),
        ],
    )


def median_days_chart(figures, *, title, description, target_days=None):
    """The median days to decide of each quarter, with the department's target as a dashed line."""
    reference = None
    if target_days:
        label = ngettext("Target: %(days)s day", "Target: %(days)s days", target_days) % {"days": target_days}
        reference = Reference(target_days, label)
    return bar_chart(
        chart_id="median-days-chart",
        title=title,
        description=description,
        groups=[(quarter_label(figure), quarter_label_lines(figure)) for figure in figures],
        series=[
            Series(
                _("Median days to decide"),
                "chart__bar--median",
                "#5c3c92",
                [figure.median_days for figure in figures],
            )
        ],
        reference=reference,
    )
