from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from reports.tables import COUNT, DAYS, HOURS, RATE

register = template.Library()


@register.filter
def report_cell(value: Any, kind: str) -> str:
    """Format a figure for the page: the number itself is computed in reports.figures."""
    if value is None or value == "":
        return "—"
    if kind == COUNT:
        return intcomma(value)
    if kind == HOURS:
        # Two decimals, as the figures round them (reports.figures.rounding).
        return intcomma(f"{value:.2f}")
    if kind == RATE:
        return f"{value:.1f}%"
    if kind == DAYS:
        return f"{value:g}"
    return str(value)
