"""The two-factor pages: the code after the password, setting it up, backup codes, the
"Two-factor sign-in" page, and a reset by a supervisor or an administrator (accounts.mfa)."""

from collections.abc import Callable
from urllib.parse import urlencode

import django_otp
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp.models import Device

from accounts import mfa
from accounts.audit import client_ip
from accounts.forms_mfa import CodeForm
from core.forms import posted
from core.http import AuthenticatedRequest

WRONG_CODE = gettext_lazy(
    "That code did not work. Check the time on your phone, or try a backup code."
)
WRONG_FIRST_CODE = gettext_lazy(
    "That code did not work. Check the time on your phone, then type the code shown now."
)
WAIT = gettext_lazy(
    "Too many wrong codes: wait a moment, then try again (each wrong code doubles the wait)."
)


def second_step_page(view: Callable) -> Callable:
    """Reachable between the password and the code (accounts.mfa_middleware)."""
    view.second_step_page = True  # type: ignore[attr-defined]
    return view


def second_step_passed(request: AuthenticatedRequest, device: Device) -> None:
    """The session now stands for both steps: a new session key, as after the password."""
    django_otp.login(request, device)
    request.session.cycle_key()


def next_url(request: AuthenticatedRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def with_next(name: str, request: AuthenticatedRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


@second_step_page
@require_http_methods(["GET", "POST"])
def mfa_verify(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if mfa.second_step_done(user) or not mfa.mfa_needed(session=request.session, user=user):
        return redirect(next_url(request))
    if not mfa.remember_device_state(session=request.session, user=user):
        # Nothing set up (or just reset): those who must use it set it up now.
        return redirect(
            with_next("mfa_enrol", request) if mfa.mfa_required(user) else next_url(request)
        )
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if mfa.mfa_waiting(user=user, code=code):
            form.add_error("code", WAIT)
        elif (device := mfa.mfa_check_code(user=user, code=code)) is not None:
            second_step_passed(request, device)
            return redirect(next_url(request))
        else:
            form.add_error("code", WRONG_CODE)
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": next_url(request)})


@second_step_page
@require_http_methods(["GET", "POST"])
def mfa_enrol(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if mfa.has_confirmed_device(user):
        return redirect(
            "mfa_settings" if mfa.second_step_done(user) else with_next("mfa_verify", request)
        )
    device = mfa.mfa_enrolment_device(user=user)
    form = CodeForm(posted(request), backup_codes=False)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if not device.verify_is_allowed()[0]:
            form.add_error("code", WAIT)
        elif (
            codes := mfa.mfa_enrol_confirm(
                user=user, device=device, code=code, ip_address=client_ip(request)
            )
        ) is None:
            form.add_error("code", WRONG_FIRST_CODE)
        else:
            second_step_passed(request, device)
            request.session[mfa.HAS_DEVICE_SESSION_KEY] = True
            request.session[mfa.NEW_CODES_SESSION_KEY] = codes
            return redirect(with_next("mfa_backup_codes", request))
    context = {
        "form": form,
        "next": next_url(request),
        "required": mfa.mfa_required(user),
        "qr_svg": mfa.qr_code_svg(device),
        "secret": mfa.secret_text(device),
    }
    return render(request, "accounts/mfa_enrol.html", context)


@require_http_methods(["GET"])
def mfa_backup_codes(request: AuthenticatedRequest) -> HttpResponse:
    """The backup codes just made, shown once: reloading the page does not show them again."""
    codes = request.session.pop(mfa.NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("mfa_settings")
    context = {"codes": codes, "next": next_url(request)}
    return render(request, "accounts/mfa_backup_codes.html", context)


@require_http_methods(["GET", "POST"])
def mfa_settings(request: AuthenticatedRequest) -> HttpResponse:
    """Whether two-factor sign-in is on, new backup codes (POST), and the people whose
    two-factor sign-in this user may reset."""
    user = request.user
    if request.method == "POST":
        try:
            codes = mfa.mfa_backup_codes_renew(user=user, ip_address=client_ip(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("mfa_settings")
        request.session[mfa.NEW_CODES_SESSION_KEY] = codes
        return redirect("mfa_backup_codes")
    context = {
        "enabled": mfa.has_confirmed_device(user),
        "required": mfa.mfa_required(user),
        "backup_codes_left": mfa.backup_codes_left(user),
        "people": mfa.resettable_users(user).order_by("username", "pk"),
    }
    return render(request, "accounts/mfa_settings.html", context)


@require_http_methods(["GET", "POST"])
def mfa_reset(request: AuthenticatedRequest, uuid) -> HttpResponse:
    """Reset someone's two-factor sign-in (a lost phone): asked first, then done and recorded."""
    person = get_object_or_404(mfa.resettable_users(request.user), uuid=uuid)
    if request.method == "POST":
        mfa.mfa_reset(actor=request.user, user=person, ip_address=client_ip(request))
        messages.success(
            request,
            _("Two-factor sign-in reset for %(person)s: their app and backup codes no longer work.")
            % {"person": person},
        )
        return redirect("mfa_settings")
    return render(request, "accounts/mfa_reset.html", {"person": person})
