"""The language page: each user picks the language of their pages, or follows the browser."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.services import user_set_language
from core.http import AuthenticatedRequest

LANGUAGE_CHOICES = [
    ("", gettext_lazy("The browser's language")),
    ("en", "English"),
    ("es", "Español"),
]


class LanguageForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )


@require_http_methods(["GET", "POST"])
def language_settings(request: AuthenticatedRequest) -> HttpResponse:
    # Bound on any POST: an empty one saves "follow the browser" (the first choice).
    form = LanguageForm(
        request.POST if request.method == "POST" else None,
        initial={"preferred_language": request.user.preferred_language},
    )
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["preferred_language"]
        user_set_language(user=request.user, language=language)
        # The confirmation reads in the language just chosen.
        if language:
            translation.activate(language)
        messages.success(request, gettext("Your language is saved."))
        return redirect("language_settings")
    return render(request, "accounts/language.html", {"form": form})
