"""The notifications consultation work gives rise to (accounts.notify makes and emails them):

- a crisis concern recorded on a visit: the consultant's supervisor, at once;
- an open case with no contact for NO_CONTACT_DAYS: its consultant; a week later, the
  supervisor too (notify_due, daily; one of each per case and stretch without contact);
- a case reassigned: the new consultant, with the supervisor's reason (in the app only).

Every text says what happened and where (the site), and names no child: not even by initials.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Max, Q, QuerySet

from accounts.models import Notification, User
from accounts.notify import notify
from consultation.models import ConsultationCase, ObservedConcern, Visit
from consultation.rules import no_contact_days, no_contact_since, no_recent_visit

# After this many more days without contact, the supervisor hears of the case too.
SUPERVISOR_AFTER_DAYS = 7


def notify_crisis(*, visit: Visit, consultant: User, concerns: Iterable[ObservedConcern]) -> int:
    """Tell the consultant's supervisor of each crisis concern just recorded (once per concern:
    an edit that keeps it tells nobody again). How many notifications were made."""
    supervisor = consultant.supervisor
    if supervisor is None:
        return 0
    made = 0
    for concern in concerns:
        made += bool(
            notify(
                recipient=supervisor,
                kind=Notification.Kind.CRISIS,
                text=(
                    f"{consultant} recorded a concern that prompts the crisis lines, on a visit "
                    f"to {visit.site.name} on {visit.visit_date:%Y-%m-%d}."
                ),
                detail=f"Concern: {concern.concern_item.text}",
                link=visit.get_absolute_url(),
                key=f"concern:{concern.pk}",
            )
        )
    return made


def notify_reassigned(*, case: ConsultationCase, by: User, reason: str) -> None:
    notify(
        recipient=case.consultant,
        kind=Notification.Kind.REASSIGNED,
        text=f"{by} reassigned a case at {case.site.name} to you.",
        detail=f"Reason: {reason}",
        link=case.get_absolute_url(),
    )


def _cases_without_contact(today: date) -> QuerySet[ConsultationCase]:
    return (
        ConsultationCase.objects.filter(no_recent_visit(today), is_archived=False)
        .select_related("consultant__supervisor", "site")
        .annotate(last_visit_on=Max("visits__visit_date", filter=Q(visits__is_archived=False)))
        .order_by("pk")
    )


def notify_no_contact(*, today: date) -> int:
    """Open cases with no contact: the consultant, and SUPERVISOR_AFTER_DAYS later the
    supervisor, each once per case and stretch without contact (a visit starts a new one)."""
    days = no_contact_days()
    supervisor_since = no_contact_since(today) - timedelta(days=SUPERVISOR_AFTER_DAYS)
    made = 0
    for case in _cases_without_contact(today):
        last_contact = case.last_visit_on or case.opened_on  # type: ignore[attr-defined]
        key = f"case:{case.uuid}:since:{last_contact.isoformat()}"
        text = (
            f"An open case at {case.site.name} has had no visit for more than {days} days "
            f"(last contact {last_contact:%Y-%m-%d})."
        )
        link = case.get_absolute_url()
        kind = Notification.Kind.NO_CONTACT
        made += bool(notify(recipient=case.consultant, kind=kind, text=text, link=link, key=key))
        supervisor = case.consultant.supervisor
        if supervisor is not None and last_contact < supervisor_since:
            text = f"{case.consultant}: {text}"
            made += bool(notify(recipient=supervisor, kind=kind, text=text, link=link, key=key))
    return made
