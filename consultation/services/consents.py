"""Writes of consent records, and the one consent rule applied to new work: every service that
starts work about a named child asks require_consent first."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from consultation.models import Child, Consent
from consultation.selectors.consents import Purpose, consent_in_force, last_revocation
from consultation.services.roles import require_consultant
from core.dates import implausible_dates, local_today, short_date
from core.uploads import checked_document
from core.versions import claim_version

WORK = {
    Purpose.CONSULTATION: gettext_lazy("consultation"),
    Purpose.SHARING: gettext_lazy("information-sharing"),
}


def consent_refusal(
    child: Child,
    on: date,
    purpose: Purpose,
    *,
    doing: str,
    agency: Any = None,
    service_type: Any = None,
) -> SafeString:
    """Why the work cannot go ahead, with a link to the page where consent is recorded."""
    revoked = last_revocation(child, purpose, before=on, agency=agency, service_type=service_type)
    state = (
        _("consent was revoked on %(day)s") % {"day": short_date(revoked)}
        if revoked
        else _("no %(work)s consent is in force on %(day)s")
        % {"work": WORK[purpose], "day": short_date(on)}
    )
    if purpose == Purpose.SHARING and (agency is not None or service_type is not None):
        state += _(" for %(whom)s") % {"whom": agency or service_type}
    return format_html(
        _('{} cannot {}: {}. <a href="{}">Record consent for {}</a>.'),
        child.display_name,
        doing,
        state,
        reverse("consultation:consent_create", args=[child.uuid]),
        child.display_name,
    )


def require_consent(
    child: Child,
    on: date,
    purpose: Purpose,
    *,
    field: str,
    doing: str,
    agency: Any = None,
    service_type: Any = None,
) -> Consent:
    """The consent in force for the work, or a ValidationError on `field` with the link."""
    consent = consent_in_force(child, on, purpose, agency=agency, service_type=service_type)
    if consent is None:
        message = consent_refusal(
            child, on, purpose, doing=doing, agency=agency, service_type=service_type
        )
        raise ValidationError({field: ValidationError(message, code="no_consent")})
    return consent


@dataclass(frozen=True)
class ConsentInput:
    given_by: str
    relationship: str
    given_on: date
    covers_consultation: bool
    covers_sharing: bool
    sharing_agency: Any = None
    sharing_service_type: Any = None
    method: str = Consent.Method.WRITTEN
    written_received_on: date | None = None
    expires_on: date | None = None
    document: UploadedFile | None = None


def _date_errors(child: Child, c: ConsentInput, today: date) -> dict[str, str]:
    errors = implausible_dates(
        given_on=c.given_on, written_received_on=c.written_received_on, expires_on=c.expires_on
    )
    if c.given_on > today:
        errors["given_on"] = _("Consent cannot be dated in the future.")
    elif c.given_on < child.date_of_birth:
        errors["given_on"] = _("Consent cannot be dated before the child was born.")
    if c.expires_on is not None and c.expires_on < c.given_on:
        errors["expires_on"] = _("The expiry date cannot be before the date consent was given.")
    received = c.written_received_on
    if c.method == Consent.Method.WRITTEN and received is not None:
        errors["written_received_on"] = _("Only verbal consent waits for a written copy.")
    elif received is not None and not c.given_on <= received <= today:
        errors["written_received_on"] = _(
            "The written copy arrives on or after the verbal consent, and not in the future."
        )
    return errors


def _scope_errors(c: ConsentInput) -> dict[str, str]:
    errors = {}
    if not (c.covers_consultation or c.covers_sharing):
        errors["covers_consultation"] = _("Tick what the caregiver consented to.")
    if not c.covers_sharing and (c.sharing_agency or c.sharing_service_type):
        errors["sharing_agency"] = _("An agency or service is named only with consent to share.")
    if c.sharing_agency and c.sharing_service_type:
        errors["sharing_agency"] = _("Name one agency, or one type of service, not both.")
    if not c.given_by.strip():
        errors["given_by"] = _("Give the name of the caregiver who gave consent.")
    if c.relationship not in Consent.Relationship.values or c.relationship == "not_recorded":
        errors["relationship"] = _("Choose parent, legal guardian, foster parent or other.")
    if c.method not in Consent.Method.values:
        errors["method"] = _("Choose written, or verbal then written.")
    return errors


@transaction.atomic
def consent_record(*, child: Child, recorded_by: User, consent: ConsentInput) -> Consent:
    """Record a caregiver's consent for the child, with the scanned form if there is one."""
    require_consultant(recorded_by, field="given_by")
    errors = _date_errors(child, consent, local_today()) | _scope_errors(consent)
    extension = ""
    if consent.document is not None:
        try:
            extension = checked_document(
                consent.document, max_bytes=settings.CONSENT_DOCUMENT_MAX_BYTES
            )
        except ValidationError as error:
            errors["document"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    record = Consent(
        child=child,
        recorded_by=recorded_by,
        given_by=consent.given_by.strip(),
        relationship=consent.relationship,
        given_on=consent.given_on,
        covers_consultation=consent.covers_consultation,
        covers_sharing=consent.covers_sharing,
        sharing_agency=consent.sharing_agency,
        sharing_service_type=consent.sharing_service_type,
        method=consent.method,
        written_received_on=consent.written_received_on,
        expires_on=consent.expires_on,
    )
    if consent.document is not None:
        record.document.save(f"form.{extension}", consent.document, save=False)
    record.full_clean(exclude=["document"])
    record.save()
    return record


@transaction.atomic
def consent_revoke(
    *,
    consent: Consent,
    by: User,
    revoked_on: date,
    reported_by: str,
    expected_version: int | None = None,
) -> Consent:
    """Revoke consent from a date: work from that day on is refused; what came before stays."""
    require_consultant(by, field="reported_by")
    claim_version(consent, expected_version)
    errors = {}
    if consent.revoked_on is not None:
        errors["revoked_on"] = _("This consent was revoked on %(day)s.") % {
            "day": short_date(consent.revoked_on)
        }
    elif revoked_on < consent.given_on:
        errors["revoked_on"] = _("A revocation cannot come before the consent was given.")
    elif revoked_on > local_today():
        errors["revoked_on"] = _("A revocation cannot be dated in the future.")
    else:
        errors |= implausible_dates(revoked_on=revoked_on)
    if not reported_by.strip():
        errors["reported_by"] = _("Say who reported the revocation (name and relationship).")
    if errors:
        raise ValidationError(errors)
    consent.revoked_on = revoked_on
    consent.revoked_reported_by = reported_by.strip()
    consent._change_reason = f"revoked from {revoked_on:%Y-%m-%d}"  # type: ignore[attr-defined]
    consent.save()
    return consent
