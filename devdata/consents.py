"""The demo's caregiver consents: most children have one, some do not yet, one was withdrawn."""

from datetime import date, timedelta

from consultation import services
from consultation.models import Child, Consent

CAREGIVERS = [
    ("Maria", Consent.Relationship.PARENT),
    ("James", Consent.Relationship.PARENT),
    ("Rose (grandmother)", Consent.Relationship.GUARDIAN),
    ("Dana", Consent.Relationship.FOSTER_PARENT),
]


def record_demo_consents(consultant_of_site, children: list[Child], today: date) -> None:
    """Most children have a caregiver's consent to consultation and to sharing; every fifth
    has none on file yet, and one family withdrew theirs last week."""
    for index, child in enumerate(children):
        if index % 5 == 4:
            continue
        name, relationship = CAREGIVERS[index % len(CAREGIVERS)]
        consent = services.consent_record(
            child=child,
            recorded_by=consultant_of_site[child.classroom.site_id],
            consent=services.ConsentInput(
                given_by=f"{name} {child.last_initial}.",
                relationship=relationship,
                given_on=max(
                    child.date_of_birth + timedelta(days=7), today - timedelta(days=200 - index)
                ),
                covers_consultation=True,
                covers_sharing=index % 3 != 1,
                method=Consent.Method.VERBAL_THEN_WRITTEN if index % 4 == 3 else "written",
            ),
        )
        if index == len(children) - 2:
            services.consent_revoke(
                consent=consent,
                by=consultant_of_site[child.classroom.site_id],
                revoked_on=today - timedelta(days=7),
                reported_by=f"{name} {child.last_initial}., by phone",
            )
