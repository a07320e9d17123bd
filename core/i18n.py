"""Languages: which one a page or a printed document is in, and reference names in it.

A page is in the user's saved choice, else the browser's, else English (settings.LANGUAGES,
accounts.language_middleware). A printed document for a family or a provider is in the
language asked for with ?lang=, else the one recorded for them, else the page's.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

SUPPORTED = frozenset(code for code, _ in settings.LANGUAGES)
DEFAULT_LANGUAGE = "en"


def supported(code: str | None) -> str | None:
    """The code if the site has a catalogue for it ("es", "en"), else None."""
    return code if code in SUPPORTED else None


def document_language(request: HttpRequest, recorded: str | None) -> str:
    """A printed document's language: ?lang=en|es, else the family's or provider's recorded
    language when the site speaks it, else the language of the page around it."""
    asked = supported(request.GET.get("lang"))
    return asked or supported(recorded) or translation.get_language() or DEFAULT_LANGUAGE


def in_language(english: str, spanish: str) -> str:
    """A reference name in the active language: the Spanish one on Spanish pages when it was
    filled in, the English one otherwise."""
    if spanish and (translation.get_language() or "").startswith("es"):
        return spanish
    return english
