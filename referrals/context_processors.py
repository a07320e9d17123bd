"""The crisis lines in every page's footer: 988 and the Warmline must never disappear."""

from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy

from core.i18n import in_language
from referrals.selectors import crisis_lines as crisis_line_agencies

# Shown if the reference data cannot be read (a fresh database mid-migration, an outage), and
# each in place of its record if that was deactivated: the two lines never leave the footer.
FALLBACK_CRISIS_LINES = [
    {
        "name": "988 Suicide & Crisis Lifeline",
        "name_es": "988 Línea de Prevención del Suicidio y Crisis",
        "phone": "988",
        "how": "call or text",
    },
    {
        "name": "Early Childhood Warmline",
        "name_es": "Línea de Apoyo para la Primera Infancia",
        "phone": "1-877-271-7611",
        "how": "call",
    },
]

# How to reach a line, as the reference data words it, on Spanish pages too.
HOW = {"call": gettext_lazy("call"), "call or text": gettext_lazy("call or text")}


def _shown(line: dict[str, str]) -> dict[str, str]:
    """A line as the footer shows it, in the language of the page being rendered."""
    return {
        "name": in_language(line["name"], line["name_es"]),
        "phone": line["phone"],
        "how": str(HOW.get(line["how"], line["how"])),
    }


def _read() -> list[dict[str, str]]:
    try:
        agencies = list(
            crisis_line_agencies().values("name", "name_es", "phone", "crisis_contact_how")
        )
    except DatabaseError:
        return [_shown(line) for line in FALLBACK_CRISIS_LINES]
    found = [
        {
            "name": a["name"],
            "name_es": a["name_es"],
            "phone": a["phone"],
            "how": a["crisis_contact_how"],
        }
        for a in agencies
    ]
    names = {line["name"] for line in found}
    lines = found + [line for line in FALLBACK_CRISIS_LINES if line["name"] not in names]
    return [_shown(line) for line in lines]


def crisis_lines(request: HttpRequest) -> dict:
    # Read when a template first uses it (once, however often the page shows them), so JSON
    # views and downloads pay nothing.
    return {"crisis_lines": SimpleLazyObject(_read)}
