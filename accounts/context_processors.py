import time

from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest

# Shown if the reference data cannot be read (a fresh database mid-migration, an outage):
# the crisis numbers must never disappear from the page.
FALLBACK_CRISIS_LINES = [
    {"name": "988 Suicide & Crisis Lifeline", "phone": "988", "how": "call or text"},
    {"name": "Early Childhood Warmline", "phone": "1-877-271-7611", "how": "call"},
]
# Every page shows the crisis lines; reading them costs as much as a whole trivial request, so
# each process keeps them this long. The admin clears them on save (forget_crisis_lines), so an
# edit shows at once in the process that saved it and everywhere within this many seconds.
CRISIS_LINES_CACHE_KEY = "accounts.crisis-lines"
CRISIS_LINES_FRESH_SECONDS = 60


def forget_crisis_lines() -> None:
    cache.delete(CRISIS_LINES_CACHE_KEY)


def crisis_lines(request: HttpRequest) -> dict:
    from consultation.page_cache import keep_no_longer_than
    from referrals.selectors import crisis_lines as crisis_line_agencies

    def lines():
        cached = cache.get(CRISIS_LINES_CACHE_KEY)
        if cached is not None:
            found, fresh_until = cached
        else:
            try:
                agencies = list(crisis_line_agencies())
            except DatabaseError:
                # Not kept, nor the page: the next page tries the database again.
                keep_no_longer_than(request, time.time())
                return FALLBACK_CRISIS_LINES
            found = [
                {"name": a.name, "phone": a.phone, "how": a.crisis_contact_how} for a in agencies
            ] or FALLBACK_CRISIS_LINES
            fresh_until = time.time() + CRISIS_LINES_FRESH_SECONDS
            cache.set(CRISIS_LINES_CACHE_KEY, (found, fresh_until), CRISIS_LINES_FRESH_SECONDS)
        # A page kept with these lines must not outlive them.
        keep_no_longer_than(request, fresh_until)
        return found

    # Evaluated only when a template uses it, so JSON views pay nothing.
    return {"crisis_lines": lines}
