"""What every benchmark shares: the subjects (who views what), the page list, timing, tables."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass
class Page:
    name: str
    user: object
    url: str | None  # None: the page does not exist (yet) in this tree
    case: object | None = None  # the case a POST saves a visit to


@dataclass
class Subjects:
    consultant: object  # the busiest consultant: most open cases
    supervisor: object
    superuser: object
    lead: object
    long_case: object  # the case with the number of visits closest to 200
    open_case: object  # an open case of the busiest consultant, for the log-a-visit form
    county: object  # the most populous county
    # Open cases of each focus ("child", "classroom", "program") at the site whose number of
    # children is closest to 73 among sites with such a case: the visit form's size test.
    busy_site_cases: dict[str, object]


def find_subjects() -> Subjects:
    from django.db.models import Count, F, Func, Q

    from accounts.models import User
    from consultation.models import ConsultationCase, County
    from devdata.synthetic import USERNAME_PREFIX

    users = User.objects.filter(is_active=True)
    synthetic = users.filter(username__startswith=USERNAME_PREFIX)
    if synthetic.exists():
        users = synthetic
    consultant = (
        users.filter(role=User.Role.CONSULTANT)
        .annotate(
            open_cases=Count(
                "cases", filter=~Q(cases__status="closed") & Q(cases__is_archived=False)
            )
        )
        .order_by("-open_cases", "pk")
        .first()
    )
    if consultant is None:
        raise SystemExit("No consultant found: run `manage.py generate_synthetic` first.")
    superuser, _ = User.objects.get_or_create(
        username=f"{USERNAME_PREFIX}bench-admin",
        defaults={
            "role": User.Role.PROGRAM_LEAD,
            "is_superuser": True,
            "is_staff": True,
            "password": "!bench-only-no-password-login",
        },
    )
    lead = users.filter(role=User.Role.PROGRAM_LEAD, is_superuser=False).first() or superuser
    long_case = (
        ConsultationCase.objects.filter(is_archived=False)
        .annotate(n=Count("visits"))
        .annotate(distance=Func(F("n") - 200, function="ABS"))
        .order_by("distance", "pk")
        .select_related("consultant")
        .first()
    )
    open_case = (
        ConsultationCase.objects.filter(consultant=consultant, is_archived=False)
        .exclude(status="closed")
        .annotate(n=Count("visits"))
        .order_by("-n", "pk")
        .first()
    )
    county = County.objects.filter(name="Oklahoma").first() or County.objects.first()
    return Subjects(
        busy_site_cases=_busy_site_cases(),
        consultant=consultant,
        supervisor=consultant.supervisor or superuser,
        superuser=superuser,
        lead=lead,
        long_case=long_case,
        open_case=open_case,
        county=county,
    )


BUSY_SITE_CHILDREN = 73


def _busy_site_cases() -> dict[str, object]:
    from django.db.models import Count, F, Func, OuterRef, Q, Subquery

    from consultation.models import ConsultationCase, Site

    cases: dict[str, object] = {}
    for focus in ("child", "classroom", "program"):
        open_cases = ConsultationCase.objects.filter(
            site=OuterRef("pk"), focus=focus, is_archived=False
        ).exclude(status="closed")
        site = (
            Site.objects.annotate(
                n=Count("classrooms__children", filter=Q(classrooms__children__is_archived=False)),
                case=Subquery(open_cases.order_by("pk").values("pk")[:1]),
            )
            .filter(case__isnull=False)
            .annotate(distance=Func(F("n") - BUSY_SITE_CHILDREN, function="ABS"))
            .order_by("distance", "pk")
            .first()
        )
        if site is not None:
            cases[focus] = ConsultationCase.objects.select_related("consultant", "site").get(
                pk=site.case
            )
    return cases


def _url(name: str, *args, query: dict | None = None) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def floor_page(s: Subjects) -> Page:
    return Page("floor (trivial signed-in view)", s.consultant, _url("bench_floor"))


def pages(s: Subjects) -> list[Page]:
    caseload = _url("consultation:caseload") or _url("home")
    year = {"period": "last_fiscal_year"}
    return [
        Page("my caseload (busiest consultant)", s.consultant, caseload),
        Page(
            "case detail (~200 visits)",
            s.long_case.consultant if s.long_case else s.consultant,
            _url("consultation:case_detail", s.long_case.uuid) if s.long_case else None,
        ),
        Page(
            "log-a-visit form",
            s.consultant,
            _url("consultation:visit_create", query={"case": s.open_case.uuid})
            if s.open_case
            else None,
        ),
        Page(
            "admin cases changelist (supervisor)",
            s.supervisor,
            _url("admin:consultation_consultationcase_changelist"),
        ),
        Page(
            "admin cases changelist (superuser)",
            s.superuser,
            _url("admin:consultation_consultationcase_changelist"),
        ),
        *_busy_site_forms(s),
        Page("team caseload (supervisor)", s.supervisor, _url("admin:consultation_team_caseload")),
        Page(
            "reports: one county, one year",
            s.lead,
            _url("reports:index", query={**year, "county": s.county.pk}),
        ),
        Page("reports: whole state, one year", s.lead, _url("reports:index", query=year)),
        Page(
            "reports: missing follow-ups, whole state",
            s.lead,
            _url("reports:missing_follow_ups", query=year),
        ),
    ]


def _busy_site_forms(s: Subjects) -> list[Page]:
    return [
        Page(
            f"log-a-visit form, {BUSY_SITE_CHILDREN}-child site, {focus} case",
            case.consultant,
            _url("consultation:visit_create", query={"case": case.uuid}),
        )
        for focus, case in s.busy_site_cases.items()
    ]


def client_for(user):
    """A client signed in as `user`, who has accepted the confidentiality agreement in force (its
    page is not what a benchmark measures)."""
    from django.test import Client

    from accounts.agreement_services import agreement_accept_current
    from tests.otp import pass_second_step

    agreement_accept_current(user=user)
    client = Client()
    client.force_login(user)
    pass_second_step(client, user)  # as if the code had been typed (two-factor sign-in)
    return client


def time_requests(
    get: Callable[[], object],
    n: int,
    warmup: int = 3,
    budget: float | None = None,
) -> tuple[list[float], int]:
    """Seconds per request for n requests after warm-up, and how many did not answer 200.

    With a budget (seconds), a very slow page stops early (at least 5 requests are timed)."""
    errors = 0
    started_all = time.perf_counter()
    for _ in range(warmup):
        get()
        if budget and time.perf_counter() - started_all > budget / 4:
            break
    timings = []
    for _ in range(n):
        if budget and len(timings) >= 5 and time.perf_counter() - started_all > budget:
            break
        started = time.perf_counter()
        response = get()
        timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            errors += 1
    return timings, errors


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def print_table(headers: list[str], rows: list[list]) -> None:
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(cells[0], widths, strict=True)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells[1:]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def machine() -> str:
    import os
    import platform

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        version = cursor.fetchone()[0]
    db = str(version).split(" on ")[0] if connection.vendor == "postgresql" else connection.vendor
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {db}"
    )
