"""The confidentiality agreement page: read it, tick, accept; then on to the page asked for."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.agreement_middleware import remember_acceptance
from accounts.agreement_services import agreement_accept, agreement_current
from accounts.agreements import AgreementAcceptance
from accounts.audit import client_ip
from core.http import AuthenticatedRequest


class AgreementForm(forms.Form):
    # The version read: a version published meanwhile must be read before it is accepted.
    agreement = forms.UUIDField(widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=gettext_lazy("I have read this agreement and I will keep to it."),
        error_messages={"required": gettext_lazy("Tick the box to accept the agreement.")},
    )


def next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@require_http_methods(["GET", "POST"])
def agreement_page(request: AuthenticatedRequest) -> HttpResponse:
    agreement = agreement_current()
    if agreement is None:
        return redirect(next_url(request))
    accepted = AgreementAcceptance.objects.filter(user=request.user, agreement=agreement).first()
    if accepted is not None and request.method == "POST":
        remember_acceptance(request.session, agreement.pk)
        return redirect(next_url(request))
    form = AgreementForm(request.POST or None, initial={"agreement": agreement.uuid})
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["agreement"] != agreement.uuid:
                raise ValidationError(
                    _("A newer version of the agreement is in force: read it, then accept it.")
                )
            agreement_accept(user=request.user, agreement=agreement, ip_address=client_ip(request))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            remember_acceptance(request.session, agreement.pk)
            return redirect(next_url(request))
    context = {
        "agreement": agreement,
        "accepted": accepted,
        "form": form,
        "next": next_url(request),
    }
    return render(request, "accounts/agreement.html", context)
