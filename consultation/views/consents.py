"""Caregiver consent, from the child's page: record it (with the scanned form), revoke it, open
the scanned form, print a blank form for the caregiver to sign."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from consultation import selectors, services
from consultation.forms import ConsentForm, RevokeForm
from consultation.models import Consent
from consultation.views.common import form_page
from core.dates import local_today, short_date
from core.forms import add_service_errors, carry_current_version, posted
from core.http import AuthenticatedRequest
from core.i18n import document_language
from core.permissions import consultant_only, get_visible_or_404
from core.scope import scoped
from referrals.selectors import agencies_to_share_with, service_types_to_share_for

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


@consultant_only
@require_http_methods(["GET", "POST"])
def consent_create(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    child = get_visible_or_404(selectors.children_visible_to(request.user), uuid=uuid)
    form = ConsentForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        initial={"given_on": local_today()},
        agencies=agencies_to_share_with(),
        service_types=service_types_to_share_for(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                child=child, recorded_by=request.user, consent=form.consent_input()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Consent for %(name)s is recorded.") % {"name": child.display_name}
            )
            return redirect(child)
    page = form_page(
        form,
        _("Record consent for %(name)s") % {"name": child.display_name},
        back=child.get_absolute_url(),
        intro=_(
            "What the caregiver agreed to, as on the signed form. Print a blank form from the "
            "child's page if you need one."
        ),
    )
    return render(request, "consultation/form_page.html", page)


def _consent(request: AuthenticatedRequest, uuid: str) -> Consent:
    """A consent of a child the user may see; 404 for anything else."""
    consents = scoped(Consent.objects.select_related("child__classroom__site"), request.user)
    return get_visible_or_404(consents, uuid=uuid)


@consultant_only
@require_http_methods(["GET", "POST"])
def consent_revoke(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    consent = _consent(request, uuid)
    child = consent.child
    form = RevokeForm(
        posted(request), initial={"revoked_on": local_today(), "version": consent.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_revoke(
                consent=consent,
                by=request.user,
                revoked_on=form.cleaned_data["revoked_on"],
                reported_by=form.cleaned_data["reported_by"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            carry_current_version(form, error)
        else:
            messages.success(
                request,
                _("Consent revoked from %(day)s: no new work from then.")
                % {"day": short_date(form.cleaned_data["revoked_on"])},
            )
            return redirect(child)
    page = form_page(
        form,
        _("Revoke consent for %(name)s") % {"name": child.display_name},
        back=child.get_absolute_url(),
        intro=_(
            "Consent to %(covers)s, given %(day)s by %(who)s. From the date below no case, "
            "concern or referral is started under it; what was recorded before stays."
        )
        % {"covers": consent.covers, "day": short_date(consent.given_on), "who": consent.given_by},
        submit=_("Revoke consent"),
    )
    return render(request, "consultation/form_page.html", page)


@require_safe
def consent_document(request: AuthenticatedRequest, uuid: str) -> FileResponse:
    """The scanned signed form, to those who may see the child; each opening is audited."""
    consent = _consent(request, uuid)
    if not consent.document:
        raise Http404("No signed form was scanned for this consent.")
    extension = consent.document.name.rsplit(".", 1)[-1]
    initials = consent.child.initials.replace(".", "")
    try:
        handle = consent.document.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The scanned form is missing from storage.") from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"consent-{initials}-{consent.given_on}.{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


@require_safe
def consent_form(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """A blank consent form for the caregiver to sign: this child only, the services named."""
    child = get_visible_or_404(selectors.children_visible_to(request.user), uuid=uuid)
    # In the family's language (the child's record), or the one asked for with ?lang=.
    with translation.override(document_language(request, child.preferred_language)):
        return render(
            request,
            "consultation/consent_form.html",
            {
                "child": child,
                "program_name": settings.PROGRAM_NAME,
                "services": service_types_to_share_for(),
                "today": local_today(),
            },
        )
