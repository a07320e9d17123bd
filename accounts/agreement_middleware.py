"""The confidentiality agreement gate: a signed-in user who has not accepted the version in force
reaches nothing but the agreement, signing out and changing their password."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.agreement_services import agreement_status

# The accepted version's pk (0: none was in force) for this session. Checked once a session, so
# a version published later is asked for at the next sign-in.
SESSION_KEY = "agreement_accepted"
AGREEMENT_URL_NAME = "confidentiality_agreement"
# Everything else is denied until the agreement is accepted.
OPEN_URL_NAMES = frozenset(
    {
        AGREEMENT_URL_NAME,
        "logout",
        "admin:logout",
        "keepalive",
        # The second step comes first: its set-up ends on the backup codes, shown only once.
        "mfa_verify",
        "mfa_enrol",
        "mfa_backup_codes",
        "password_change",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


def remember_acceptance(session, agreement_pk: int | None) -> None:
    session[SESSION_KEY] = agreement_pk or 0


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver (AccountsConfig.ready): note an acceptance already on record, so
    the pages after signing in cost no extra query."""
    if request is None or not hasattr(request, "session"):
        return
    agreement_pk, accepted = agreement_status(user=user)
    if accepted:
        remember_acceptance(request.session, agreement_pk)


class ConfidentialityAgreementMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or SESSION_KEY in request.session:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_URL_NAMES:
            return None
        agreement_pk, accepted = agreement_status(user=request.user)
        if accepted:
            remember_acceptance(request.session, agreement_pk)
            return None
        url = reverse(AGREEMENT_URL_NAME)
        if request.method in {"GET", "HEAD"}:
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
