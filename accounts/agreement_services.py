"""Reads and writes of the confidentiality agreement (accounts.agreements)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext

from accounts.agreements import AgreementAcceptance, ConfidentialityAgreement
from accounts.models import User


def agreement_current() -> ConfidentialityAgreement | None:
    """The version in force today: the latest effective date, then the highest version."""
    return ConfidentialityAgreement.objects.in_force(timezone.localdate()).first()


def agreement_status(*, user: User) -> tuple[int | None, bool]:
    """(the current version's pk, whether `user` accepted it), in one query; (None, True) when
    there is no agreement to accept."""
    row = (
        ConfidentialityAgreement.objects.in_force(timezone.localdate())
        .annotate(
            accepted=Exists(AgreementAcceptance.objects.filter(agreement=OuterRef("pk"), user=user))
        )
        .values_list("pk", "accepted")
        .first()
    )
    return row if row is not None else (None, True)


@transaction.atomic
def agreement_accept(
    *, user: User, agreement: ConfidentialityAgreement, ip_address: str | None = None
) -> AgreementAcceptance:
    """Record that `user` accepted `agreement`, which must be the version in force (accepting
    twice keeps the first acceptance)."""
    current = agreement_current()
    if current is None or current.pk != agreement.pk:
        raise ValidationError(
            gettext("A newer version of the agreement is in force: read it, then accept it.")
        )
    acceptance, _ = AgreementAcceptance.objects.get_or_create(
        user=user, agreement=agreement, defaults={"ip_address": ip_address}
    )
    return acceptance


def agreement_accept_current(*, user: User) -> AgreementAcceptance | None:
    """Accept the version in force, if any, on the user's behalf (demo and test accounts)."""
    current = agreement_current()
    return agreement_accept(user=user, agreement=current) if current else None
