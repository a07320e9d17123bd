from django.http import HttpRequest

# The two lines every page shows in its footer. The phone numbers of agencies are reference data
# (referrals.Agency); these are the fallback for pages rendered before that data exists.
DEFAULT_CRISIS_LINES = [
    {"name": "988 Suicide & Crisis Lifeline", "phone": "988", "how": "call or text"},
    {"name": "Early Childhood Warmline", "phone": "1-877-271-7611", "how": "call"},
]


def crisis_lines(request: HttpRequest) -> dict:
    return {"crisis_lines": DEFAULT_CRISIS_LINES}
