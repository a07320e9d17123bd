from django.db import DatabaseError
from django.http import HttpRequest

# Shown if the reference data cannot be read (a fresh database mid-migration, an outage):
# the crisis numbers must never disappear from the page.
FALLBACK_CRISIS_LINES = [
    {"name": "988 Suicide & Crisis Lifeline", "phone": "988", "how": "call or text"},
    {"name": "Early Childhood Warmline", "phone": "1-877-271-7611", "how": "call"},
]


def crisis_lines(request: HttpRequest) -> dict:
    from referrals.selectors import crisis_lines as crisis_line_agencies

    def lines():
        try:
            agencies = list(crisis_line_agencies())
        except DatabaseError:
            return FALLBACK_CRISIS_LINES
        return [
            {"name": a.name, "phone": a.phone, "how": a.crisis_contact_how} for a in agencies
        ] or FALLBACK_CRISIS_LINES

    # Evaluated only when a template uses it, so JSON views pay nothing.
    return {"crisis_lines": lines}
