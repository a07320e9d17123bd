"""The weekly digest: for each supervisor, one email with their team's counts and links, and no
names of children (consultants' names, yes: the supervisor reads their team's figures by
person). A consultant may opt in to their own (accounts.notify: the "digest" email choice).

- cases with no contact (consultation.rules.no_recent_visit: no visit in NO_CONTACT_DAYS);
- referral follow-ups overdue (referrals.models.follow_up_overdue);
- visit drafts not touched for a week (a visit begun and never saved);
- measures due, and overdue (consultation.MeasureDue not yet recorded).

Sent by `manage.py send_digests` (README: "Notifications and the weekly digest"): once per
person and ISO week (accounts.DigestSent); a failed send is logged, kept with its error, and
tried again on the next run, in the same email as that week's if the week has changed."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.notify import absolute_url
from consultation.models import ConsultationCase, MeasureDue, VisitDraft
from consultation.rules import no_contact_days, no_recent_visit
from referrals.models import Referral

DRAFT_STALE_DAYS = 7
FIGURES = ("no_contact", "overdue_follow_ups", "stale_drafts", "measures_due", "measures_overdue")
LABELS = {
    "no_contact": "Open cases with no visit in {days} days",
    "overdue_follow_ups": "Referral follow-ups overdue",
    "stale_drafts": "Visit drafts not saved for over a week",
    "measures_due": "Measures due (not yet past their date)",
    "measures_overdue": "Measures overdue",
}


@dataclass(frozen=True)
class DigestLine:
    consultant: str
    figures: dict[str, int]


@dataclass(frozen=True)
class Digest:
    week: str
    lines: list[DigestLine]
    totals: dict[str, int]
    links: dict[str, str]
    # A supervisor's digest lists the figures by consultant as well.
    by_consultant: bool


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def team_of(person: User) -> list[User]:
    """Whose work a person's digest counts: a supervisor's consultants, or a consultant's own."""
    if person.is_supervisor:
        team = User.objects.filter(supervisor=person, role=User.Role.CONSULTANT, is_active=True)
        return list(team.order_by("first_name", "last_name", "pk"))
    return [person]


def _by_consultant(queryset, path: str) -> dict[int, int]:
    rows = queryset.values(path).annotate(n=Count("pk")).values_list(path, "n")
    return dict(rows)


def _figures(team: list[User], today: date) -> dict[str, dict[int, int]]:
    """Each figure per consultant of the team: one query per figure."""
    ids = [member.pk for member in team]
    cases = ConsultationCase.objects.filter(consultant__in=ids, is_archived=False)
    stale_before = timezone.now() - timedelta(days=DRAFT_STALE_DAYS)
    referrals = Referral.objects.follow_up_overdue(today).filter(
        case__consultant__in=ids, case__is_archived=False
    )
    due = MeasureDue.objects.filter(
        case__consultant__in=ids, case__is_archived=False, satisfied_by__isnull=True
    )
    return {
        "no_contact": _by_consultant(cases.filter(no_recent_visit(today)), "consultant"),
        "overdue_follow_ups": _by_consultant(referrals, "case__consultant"),
        "stale_drafts": _by_consultant(
            VisitDraft.objects.filter(
                consultant__in=ids, updated_at__lt=stale_before, case__is_archived=False
            ),
            "consultant",
        ),
        "measures_due": _by_consultant(due.filter(due_by__gte=today), "case__consultant"),
        "measures_overdue": _by_consultant(due.filter(due_by__lt=today), "case__consultant"),
    }


def _links(person: User) -> dict[str, str]:
    """Where each figure's cases are listed: the admin's filters for a supervisor, the caseload
    and the referrals for a consultant."""
    if person.is_supervisor:
        cases = reverse("admin:consultation_consultationcase_changelist")
        measures = reverse("admin:consultation_measuredue_changelist")
        links = {
            "no_contact": f"{cases}?contact=none",
            "overdue_follow_ups": f"{cases}?followup=overdue",
            "stale_drafts": reverse("consultation:caseload"),
            "measures_due": measures,
            "measures_overdue": f"{measures}?overdue=yes",
        }
    else:
        caseload = reverse("consultation:caseload")
        links = dict.fromkeys(FIGURES, caseload)
        links["overdue_follow_ups"] = reverse("referrals:referral_list")
    return {name: absolute_url(path) for name, path in links.items()}


def digest_for(person: User, *, today: date) -> Digest:
    team = team_of(person)
    figures = _figures(team, today)
    lines = [
        DigestLine(str(member), {name: figures[name].get(member.pk, 0) for name in FIGURES})
        for member in team
    ]
    totals = {name: sum(line.figures[name] for line in lines) for name in FIGURES}
    return Digest(
        week=iso_week(today),
        lines=lines,
        totals=totals,
        links=_links(person),
        by_consultant=bool(person.is_supervisor),
    )


def digest_email(digest: Digest) -> tuple[str, str]:
    """(subject, body): counts and links only, never a child's name or anyone's notes."""
    subject = f"IECMH Consultation: weekly digest, {digest.week}"
    days = no_contact_days()
    out = [f"Your weekly digest for {digest.week}.", ""]
    for name in FIGURES:
        label = LABELS[name].format(days=days)
        out.append(f"{label}: {digest.totals[name]}")
        out.append(f"  {digest.links[name]}")
    if digest.by_consultant and digest.lines:
        out += ["", "By consultant (no contact / follow-ups / drafts / due / overdue):"]
        for line in digest.lines:
            counts = " / ".join(str(line.figures[name]) for name in FIGURES)
            out.append(f"- {line.consultant}: {counts}")
    out += ["", "This email names no child. The details are in the app (sign in first)."]
    return subject, "\n".join(out) + "\n"
