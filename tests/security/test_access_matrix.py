"""The access matrix: every URL pattern of the project x every role x GET and POST -> status.

HOW TO ADD A ROW (a new URL fails `test_every_url_pattern_has_a_row` until you do):

1. Find the URL's key: its namespaced name ("consultation:case_detail", "admin:index"), or, for
   an unnamed pattern, "route:" + its route ("route:admin/auth/group/<path:object_id>/").
2. Add `"key": Row(get=..., post=..., kwargs=...)` to ROWS (or to a module-level dict merged into
   ROWS below: one per app keeps merges painless).
   - get / post: `expect(default, **per_role)` gives every role in ROLES a status; e.g.
     `expect(404, anonymous=302, inactive=302, ana=200, sue=200, lee=200, admin=200)`.
     Shorthands: SIGNED_IN_ONLY(ok), ADMIN_ONLY(...), EVERYONE(status).
   - kwargs: a function of the `world` fixture returning the URL's kwargs, so the request uses
     a real object (e.g. `record("ana", "case")`); a tuple for a route with positional groups.
     Add objects to `build_world`.
   - query: a query string appended to the URL (or a function of `world` giving one).
   - A page of one record gets a tuple of rows, one per target: `of_both("case", ...)` checks
     it against ana's record (sue's team) and cara's (tom's team).
3. Admin model URLs may share a row through an fnmatch pattern key limited to one model
   ("admin:axes_accesslog_*"); no broader wildcard: each model's rights are stated.

The world is built once for the module (in a transaction rolled back at its end) and each role
signs in once; every test's own writes are rolled back after it, as usual.

POST requests send an empty body (CSRF is not enforced by the test client): the matrix is about
who may reach the handler, not about what a valid form does (see test_bad_input.py for that).
A deactivated user ("inactive") has a session but is treated as signed out, like anonymous.
"""

import csv
import io
from datetime import timedelta
from fnmatch import fnmatchcase

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.agreements import AgreementAcceptance, ConfidentialityAgreement
from accounts.models import AccessRecord, Notification, TwoFactorEvent, User
from consultation.models import (
    Activity,
    ConcernItem,
    Consent,
    County,
    Instrument,
    MeasureDue,
    PracticeArea,
    PyramidTier,
    ScoreField,
    TrainingTopic,
    VisitDraft,
)
from devdata.accounts import seed_demo_accounts
from referrals.models import Agency, ServiceType
from reports.exports import consultant_code
from reports.models import ReportExport
from tests.factories import (
    AdministrationFactory,
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ExclusionEventFactory,
    GoalFactory,
    GoalProgressFactory,
    ObservedConcernFactory,
    ReferralFactory,
    ReferralStatusChangeFactory,
    SiteFactory,
    StarRatingFactory,
    VisitFactory,
    instrument,
)
from tests.factories_intake import IntakeFactory, assigned_intake
from tests.factories_l21 import TrainingFactory, held_import_run
from tests.factories_outcomes import PlacementFollowUpFactory
from tests.factories_supervision import session_with
from tests.security.access_common import ALL_KEYS, ALL_PATTERNS, CONSULTANTS, ROLES, path_for
from tests.security.access_rows import ROWS, rows_for

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Real objects for URLs that need one, built once for the module inside a transaction that
    is rolled back at its end (each test's own changes are rolled back after the test).
    Add what your URLs need; keep names descriptive."""
    with django_db_blocker.unblock(), transaction.atomic():
        objects = build_world()
        # One signed-in session per role, reused by every request of the module.
        objects["sessions"] = {}
        for role in ROLES[1:]:
            client = Client()
            client.force_login(objects[role])
            objects["sessions"][role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield objects
        transaction.set_rollback(True)


def owned_records(consultant: User) -> dict:
    """A consultant's work: a site, classroom, child, case, visit, goal and its progress, an
    observed concern, a star rating and a referral with its status change."""
    site = SiteFactory(consultants=[consultant])
    classroom = ClassroomFactory(site=site)
    child = ChildFactory(classroom=classroom)
    case = CaseFactory(consultant=consultant, child=child)
    visit = VisitFactory(case=case)
    visit.children.add(child)
    goal = GoalFactory(case=case)
    referral = ReferralFactory(case=case)
    return {
        "site": site,
        "classroom": classroom,
        "child": child,
        "case": case,
        "consultationcase": case,
        "visit": visit,
        "goal": goal,
        "pyramidgoal": goal,
        "goalprogress": GoalProgressFactory(goal=goal, visit=visit),
        "observedconcern": ObservedConcernFactory(visit=visit, child=child),
        "starrating": StarRatingFactory(site=site),
        "referral": referral,
        "referralstatuschange": ReferralStatusChangeFactory(referral=referral),
        "supervisionsession": session_with(consultant),
        "draft": VisitDraft.objects.create(
            consultant=consultant, case=case, data={"visit-notes": ["typed"]}
        ),
        "consent": consent_with_a_scan(child),
        "administration": AdministrationFactory(case=case),
        "exclusionevent": ExclusionEventFactory(case=case),
        "placementfollowup": PlacementFollowUpFactory(case=case),
        "measuredue": MeasureDue.objects.create(
            case=case, instrument=instrument("perm"), point="baseline", due_by=case.opened_on
        ),
        "training": TrainingFactory(consultant=consultant, sites=[site]),
        "intake": assigned_intake(consultant, site=site, child=child),
    }


def unassigned_intake_in_team_county(member: User):
    """A request nobody is assigned yet, in a county where only sue's team works (ben has a
    site there), recorded by a supervisor of neither team."""
    tulsa = County.objects.get(name="Tulsa")
    SiteFactory(county=tulsa, consultants=[member])
    return IntakeFactory(site=SiteFactory(county=tulsa))


def consent_with_a_scan(child) -> Consent:
    """The child's consent (the factory records one), with a scanned form attached."""
    consent = child.consents.get()
    consent.document.save("form.pdf", ContentFile(b"%PDF-1.4 signed form"), save=True)
    return consent


def instrument_saved(code: str) -> Instrument:
    """A catalogue row, saved once so that it has a version in its history."""
    row = instrument(code)
    row.save()
    return row


def build_world() -> dict:
    users = seed_demo_accounts()
    inactive = User.objects.create_user("gone", password="gone-pass-2026-x", is_active=False)
    ana, cara = owned_records(users["ana"]), owned_records(users["cara"])
    client = Client()
    client.force_login(users["ana"])
    client.get(reverse("consultation:case_detail", args=[ana["case"].uuid]))
    Client().post(reverse("login"), {"username": "ana", "password": "wrong"})
    Client().post(reverse("login"), {"username": "ana", "password": "demo-pass-2026"})
    service = ServiceType.objects.order_by("pk").first()
    agency = Agency.objects.order_by("pk").first()
    agency.save()  # reference rows arrive by data migration, without an audit trail entry
    return {
        **users,
        "inactive": inactive,
        "records": {"ana": ana, "cara": cara},
        "group": Group.objects.get(name="Consultants"),
        "access_record": AccessRecord.objects.first(),
        "two_factor_event": TwoFactorEvent.objects.create(
            user=users["sue"], actor=users["sue"], kind=TwoFactorEvent.Kind.ENROLLED
        ),
        # Accepted by the demo accounts (seed_demo_accounts).
        "agreement": ConfidentialityAgreement.objects.get(version=1),
        "acceptance": AgreementAcceptance.objects.first(),
        "access_log": AccessLog.objects.first(),
        "failure_log": AccessFailureLog.objects.first(),
        "attempt": AccessAttempt.objects.create(
            username="mallory", ip_address="203.0.113.1", user_agent="x", failures_since_start=1
        ),
        # Reference lists, from the data migrations.
        "county": County.objects.order_by("pk").first(),
        "activity": Activity.objects.order_by("pk").first(),
        "concernitem": ConcernItem.objects.order_by("pk").first(),
        "practicearea": PracticeArea.objects.order_by("pk").first(),
        "pyramidtier": PyramidTier.objects.order_by("pk").first(),
        "servicetype": service,
        "instrument": instrument_saved("perm"),
        "scorefield": ScoreField.objects.filter(instrument__code="perm").get(),
        "agency": agency,
        # Ana's: only she marks it read.
        "notification": Notification.objects.create(
            recipient=users["ana"], kind="crisis", text="A crisis concern", link="/"
        ),
        "import_run": held_import_run(users["sue"]),
        "trainingtopic": TrainingTopic.objects.order_by("pk").first(),
        "unassigned_intake": unassigned_intake_in_team_county(users["ben"]),
        "reportexport": ReportExport.objects.create(
            exported_by=users["lee"],
            table="by-county",
            variant="internal",
            format="csv",
            row_count=3,
        ),
    }


def client_for(role: str, world: dict) -> Client:
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][role]
    return client


def test_every_url_pattern_has_a_row():
    missing = [key for key in ALL_KEYS if not rows_for(key)]
    assert not missing, "URL patterns without a row in the access matrix:\n" + "\n".join(missing)


def test_every_row_names_a_url_that_exists():
    stale = [key for key in ROWS if not any(fnmatchcase(k, key) or k == key for k in ALL_KEYS)]
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_every_row_states_every_role():
    for key, rows in ROWS.items():
        for row in rows if isinstance(rows, tuple) else (rows,):
            assert set(row.get) == set(row.post) == set(ROLES), key


# Pages for the signed out, by design: signing in, and resetting a forgotten password.
PUBLIC = {
    "healthz",
    "login",
    "admin:login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def test_the_table_grants_no_2xx_to_the_signed_out_or_consultants_in_the_admin():
    """The statuses the table expects are themselves checked: nobody signed out reaches a page
    but the public ones, and no consultant reaches any admin page but its sign-in."""
    granted = []
    for key, rows in ROWS.items():
        for row in rows if isinstance(rows, tuple) else (rows,):
            for method, statuses in (("GET", row.get), ("POST", row.post)):
                roles = {"anonymous", "inactive"} if key not in PUBLIC else set()
                if key.startswith(("admin:", "route:admin")) and key != "admin:login":
                    roles |= set(CONSULTANTS)
                granted += [
                    f"{role} {method} {key}" for role in roles if 200 <= statuses[role] < 300
                ]
    assert not granted


@pytest.mark.parametrize(("key", "route"), ALL_PATTERNS, ids=[k for k, _ in ALL_PATTERNS])
def test_status_for_every_role_and_method(key, route, world):
    rows = rows_for(key)
    if not rows:
        pytest.fail(f"{key} has no row (see the top of this file)")
    wrong = []
    for row in rows:
        query = row.query(world) if callable(row.query) else row.query
        path = path_for(key, route, row.kwargs(world)) + query
        for role in ROLES:
            for method, expected in (("GET", row.get[role]), ("POST", row.post[role])):
                client = client_for(role, world)
                response = client.get(path) if method == "GET" else client.post(path, {})
                if response.status_code != expected:
                    wrong.append(
                        f"{role:9} {method:4} {path}: {response.status_code}, not {expected}"
                    )
                elif lacks_crisis_lines(response):
                    wrong.append(f"{role:9} {method:4} {path}: no crisis lines in the footer")
                elif role not in SIGNED_OUT and may_be_cached(response):
                    wrong.append(f"{role:9} {method:4} {path}: no Cache-Control: no-store, private")
    assert not wrong, "\n".join(wrong)


SIGNED_OUT = {"anonymous", "inactive"}


def may_be_cached(response) -> bool:
    """A response to a signed-in user that a browser may keep (item: no record in the cache)."""
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return not {"no-store", "private"} <= directives


def lacks_crisis_lines(response) -> bool:
    """Every page drawn for a person (any status, any role, the admin's too) shows 988 and the
    Warmline; redirects, downloads and JSON carry no page."""
    if response.streaming or not response["Content-Type"].startswith("text/html"):
        return False
    if not response.content.strip():  # a bare 405 or 302
        return False
    page = response.content.decode()
    return not ('href="tel:988"' in page and 'href="tel:18772717611"' in page)


# Exports hold only rows in the user's scope -----------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    content = response.streaming_content if response.streaming else [response.content]
    return list(csv.reader(io.StringIO(b"".join(content).decode())))


@pytest.mark.parametrize(
    ("role", "consultants"),
    [("sue", {"ana"}), ("tom", {"cara"}), ("lee", {"ana", "cara"}), ("admin", {"ana", "cara"})],
)
def test_visit_export_holds_only_visits_in_the_users_scope(world, role, consultants):
    today = timezone.localdate()
    period = {
        "period": "custom",
        "date_from": (today - timedelta(days=60)).isoformat(),
        "date_to": today.isoformat(),
    }
    response = client_for(role, world).get(reverse("reports:export_visits"), period)
    rows = csv_rows(response)
    column = rows[0].index("consultant_code")
    codes = {row[column] for row in rows[1:]}
    expected = {consultant_code(world[name].uuid) for name in consultants}
    assert codes == expected  # the world's only visits are ana's and cara's


@pytest.mark.parametrize(("role", "owners"), [("sue", {"ana"}), ("tom", {"cara"})])
def test_admin_case_csv_export_holds_only_cases_in_the_users_scope(world, role, owners):
    """Selecting every case (a forged form holding another team's ids too) exports only the
    reviewer's own team's cases."""
    cases = {owner: world["records"][owner]["case"] for owner in ("ana", "cara")}
    response = client_for(role, world).post(
        reverse("admin:consultation_consultationcase_changelist"),
        {
            "action": "export_csv",
            "select_across": "0",
            "index": "0",
            ACTION_CHECKBOX_NAME: [str(case.pk) for case in cases.values()],
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    exported = {row[0] for row in csv_rows(response)[1:]}
    assert exported == {str(cases[owner].uuid) for owner in owners}
