import re
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

from reports.tables import COUNT, DAYS, HOURS, RATE

register = template.Library()


@register.filter
def report_cell(value: Any, kind: str) -> str:
    """Format a figure for the page in its language ("1,234.50" in English, "1.234,50" in
    Spanish): the number itself is computed in reports.figures."""
    if value is None or value == "":
        return "—"
    if kind == COUNT:
        return number_format(value, force_grouping=True)
    if kind == HOURS:
        # Two decimals, as the figures round them (reports.figures.rounding).
        return number_format(value, 2, force_grouping=True)
    if kind == RATE:
        return f"{number_format(value, 1)}%"
    if kind == DAYS:
        return number_format(f"{value:g}")
    return str(value)


@register.filter
def translated(text: Any) -> Any:
    """A figure's title, heading, definition or row label in the page's language.

    The figures are built in English (reports.views), the text every export writes; the page
    shows each through the catalogue, and a name it has no entry for (a county, a site) as is."""
    if not isinstance(text, str) or not text:
        return text
    whole = gettext(text)
    if whole != text:
        return whole
    return " ".join(_translated_runs(SENTENCE_END.split(text)))


# A definition is built from sentences, some only in some reports (the by-county sentence):
# each longest run of sentences with a catalogue entry is translated, the rest kept as is.
SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")


def _translated_runs(sentences: list[str]) -> list[str]:
    runs: list[str] = []
    start = 0
    while start < len(sentences):
        for end in range(len(sentences), start, -1):
            run = " ".join(sentences[start:end])
            spanish = gettext(run)
            if spanish != run or end == start + 1:
                runs.append(spanish)
                start = end
                break
    return runs
