"""Each person's notifications (their own only: another's is not found) and their choice of
email per kind."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.notifications import EmailChoice
from accounts.notify import (
    email_choices,
    notification_mark_read,
    notifications_mark_all_read,
    notifications_of,
    preferences_set,
)
from core.http import AuthenticatedRequest
from core.pagination import page_of
from core.permissions import get_visible_or_404


@require_safe
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    page = page_of(request, notifications_of(request.user))
    return render(request, "accounts/notifications.html", {"page": page})


@require_POST
def notification_read(request: AuthenticatedRequest, uuid) -> HttpResponse:
    notification = get_visible_or_404(notifications_of(request.user), uuid=uuid)
    notification_mark_read(notification=notification)
    return redirect("notification_list")


@require_POST
def notifications_read_all(request: AuthenticatedRequest) -> HttpResponse:
    marked = notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "Marked %(count)s notification read.", "Marked %(count)s notifications read.", marked
        )
        % {"count": marked},
    )
    return redirect("notification_list")


class PreferencesForm(forms.Form):
    """One tick box per kind: email it to me, or not (the app shows every kind anyway)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in EmailChoice.choices:
            self.fields[kind] = forms.BooleanField(
                label=_("Email: %(kind)s") % {"kind": label}, required=False
            )


@require_http_methods(["GET", "POST"])
def notification_preferences(request: AuthenticatedRequest) -> HttpResponse:
    # Bound on any POST, an empty one too: no box ticked means no email of any kind.
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, initial=email_choices(request.user))
    if request.method == "POST" and form.is_valid():
        preferences_set(user=request.user, email=form.cleaned_data)
        messages.success(request, _("Your email choices are saved."))
        return redirect("notification_preferences")
    return render(request, "accounts/notification_preferences.html", {"form": form})
