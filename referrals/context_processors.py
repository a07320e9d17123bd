"""The crisis lines in every page's footer: 988 and the Warmline must never disappear."""

from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from referrals.selectors import crisis_lines as crisis_line_agencies

# Shown if the reference data cannot be read (a fresh database mid-migration, an outage), and
# each in place of its record if that was deactivated: the two lines never leave the footer.
FALLBACK_CRISIS_LINES = [
    {"name": "988 Suicide & Crisis Lifeline", "phone": "988", "how": "call or text"},
    {"name": "Early Childhood Warmline", "phone": "1-877-271-7611", "how": "call"},
]


def _read() -> list[dict[str, str]]:
    try:
        agencies = list(crisis_line_agencies().values("name", "phone", "crisis_contact_how"))
    except DatabaseError:
        return FALLBACK_CRISIS_LINES
    found = [
        {"name": a["name"], "phone": a["phone"], "how": a["crisis_contact_how"]} for a in agencies
    ]
    names = {line["name"] for line in found}
    return found + [line for line in FALLBACK_CRISIS_LINES if line["name"] not in names]


def crisis_lines(request: HttpRequest) -> dict:
    # Read when a template first uses it (once, however often the page shows them), so JSON
    # views and downloads pay nothing.
    return {"crisis_lines": SimpleLazyObject(_read)}
