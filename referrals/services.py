"""Writes for referrals. A referral leaves draft only with consent to share (the child's consent
record covering its agency or service, or for a referral about no child the family's consent on
the referral itself); every status change is dated and kept, so days from sent to services
started can be reported."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import Child, ConsultationCase
from consultation.rules import consent_errors
from consultation.selectors.consents import Purpose
from consultation.services.consents import require_consent
from core.dates import local_today, short_date
from referrals.models import Agency, Referral, ReferralStatusChange, ServiceType

DEFAULT_FOLLOW_UP_DAYS = 14


def _where_errors(
    *, created_by: User, case: ConsultationCase, child: Child | None
) -> dict[str, str]:
    errors = {}
    if not case.is_open:
        errors["case"] = _("Referrals are made from open cases.")
    if created_by.role == User.Role.CONSULTANT and case.consultant_id != created_by.pk:
        errors["case"] = _("Only the case's consultant makes referrals from it.")
    if child is not None and child.classroom.site_id != case.site_id:
        errors["child"] = _("The child must be at the case's site.")
    return errors


def _what_errors(
    *, service_type: ServiceType, agency: Agency, child: Child | None, today: date
) -> dict[str, str]:
    errors = {}
    if not agency.service_types.filter(pk=service_type.pk).exists():
        errors["agency"] = _("%(agency)s does not provide %(service)s.") % {
            "agency": agency.name,
            "service": service_type.name,
        }
    if child is not None and service_type.max_age_months:
        months = child.age_in_months_on(today)
        if months >= service_type.max_age_months:
            errors["service_type"] = _(
                "%(service)s serves children under %(limit)s months; "
                "%(child)s is %(months)s months old."
            ) % {
                "service": service_type.name,
                "limit": service_type.max_age_months,
                "child": child.initials,
                "months": months,
            }
    return errors


@transaction.atomic
def referral_create(
    *,
    created_by: User,
    case: ConsultationCase,
    service_type: ServiceType,
    agency: Agency,
    reason: str,
    child: Child | None = None,
    consent_date: date | None = None,
    consent_given_by: str = "",
    follow_up_due: date | None = None,
    send_now: bool = False,
    sent_on: date | None = None,
    started_on: date | None = None,
) -> Referral:
    today = local_today()
    started_on = started_on or today
    errors = _where_errors(created_by=created_by, case=case, child=child)
    errors |= _what_errors(service_type=service_type, agency=agency, child=child, today=today)
    errors |= _family_consent_errors(
        case=case, child=child, consent_date=consent_date, consent_given_by=consent_given_by
    )
    if started_on > today:
        errors["started_on"] = _("A referral cannot be started in the future.")
    if not reason.strip():
        errors["reason"] = _("Say why the family is being referred.")
    if follow_up_due and follow_up_due < today - timedelta(days=365):
        errors["follow_up_due"] = _("The follow-up date is implausibly far in the past.")
    if errors:
        raise ValidationError(errors)
    referral = Referral.objects.create(
        case=case,
        child=child,
        service_type=service_type,
        agency=agency,
        reason=reason.strip(),
        consent_date=consent_date,
        consent_given_by=consent_given_by.strip(),
        follow_up_due=follow_up_due,
        created_by=created_by,
    )
    ReferralStatusChange.objects.create(
        referral=referral,
        from_status="",
        to_status=Referral.Status.DRAFT,
        changed_on=started_on,
        changed_by=created_by,
        note="Referral started.",
    )
    if send_now:
        referral_transition(
            referral=referral, to_status=Referral.Status.SENT, by=created_by, on=sent_on or today
        )
    return referral


def _family_consent_errors(
    *, case: ConsultationCase, child: Child | None, consent_date: date | None, consent_given_by: str
) -> dict[str, str]:
    """A referral about a child shares under the child's consent records; only a referral about
    no child carries the family's consent itself."""
    if (child or case.child) is not None and (consent_date or consent_given_by.strip()):
        return {
            "consent_date": _(
                "This referral is about a child: their consent is recorded on the "
                "child's page, not here."
            )
        }
    return consent_errors(
        consent_date=consent_date, consent_given_by=consent_given_by, today=local_today()
    )


def _sharing_consent(referral: Referral, on: date) -> None:
    """Refuse sending without consent to share on the day it is sent; a referral about a child
    names the consent it went under."""
    child = referral.subject_child
    if child is not None:
        referral.consent = require_consent(
            child,
            on,
            Purpose.SHARING,
            field="to_status",
            doing=_("be referred to %(agency)s") % {"agency": referral.agency.name},
            agency=referral.agency,
            service_type=referral.service_type,
        )
        return
    if not referral.has_family_consent:
        raise ValidationError(
            {
                "to_status": _(
                    "Record the family's written consent (date and who gave it) before "
                    "sending: a referral shares their information."
                )
            }
        )
    if referral.consent_date and on < referral.consent_date:
        raise ValidationError({"on": _("A referral cannot be sent before consent was given.")})


def _check_transition(referral: Referral, *, to_status: str, on: date) -> None:
    """Refuse a step the referral's status does not allow, a date out of order, or sending
    without consent."""
    if to_status not in referral.allowed_next_statuses():
        allowed = ", ".join(str(Referral.Status(s).label) for s in referral.allowed_next_statuses())
        current = referral.get_status_display().lower()
        raise ValidationError(
            {
                "to_status": _("A %(current)s referral can become: %(allowed)s.")
                % {"current": current, "allowed": allowed}
                if allowed
                else _("A %(current)s referral is final: its status cannot change.")
                % {"current": current}
            }
        )
    if on > local_today():
        raise ValidationError({"on": _("A status change cannot be dated in the future.")})
    last_change = referral.status_changes.order_by("-changed_on", "-pk").first()
    if last_change and on < last_change.changed_on:
        raise ValidationError(
            {
                "on": _("The previous step was on %(day)s: date it after.")
                % {"day": short_date(last_change.changed_on)}
            }
        )
    if to_status != Referral.Status.CLOSED and referral.status == Referral.Status.DRAFT:
        _sharing_consent(referral, on)


@transaction.atomic
def referral_transition(
    *,
    referral: Referral,
    to_status: str,
    by: User,
    on: date | None = None,
    note: str = "",
    follow_up_due: date | None = None,
) -> Referral:
    """Move a referral along its allowed path, recording the dated step."""
    on = on or local_today()
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _check_transition(referral, to_status=to_status, on=on)
    from_status = referral.status
    referral.status = to_status
    if to_status == Referral.Status.SENT:
        referral.sent_on = on
        referral.follow_up_due = (
            follow_up_due or referral.follow_up_due or (on + timedelta(days=DEFAULT_FOLLOW_UP_DAYS))
        )
    elif follow_up_due:
        referral.follow_up_due = follow_up_due
    if note:
        referral.outcome_note = note
    referral.full_clean()
    referral.save()
    ReferralStatusChange.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=to_status,
        changed_on=on,
        changed_by=by,
        note=note,
    )
    return referral


@transaction.atomic
def referral_record_consent(
    *, referral: Referral, consent_date: date, consent_given_by: str
) -> Referral:
    errors = _family_consent_errors(
        case=referral.case,
        child=referral.child,
        consent_date=consent_date,
        consent_given_by=consent_given_by,
    )
    if not consent_given_by.strip():
        errors["consent_given_by"] = _("Say who gave consent.")
    if errors:
        raise ValidationError(errors)
    referral.consent_date = consent_date
    referral.consent_given_by = consent_given_by.strip()
    referral.save(update_fields=["consent_date", "consent_given_by", "updated_at"])
    return referral
