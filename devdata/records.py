"""Demo records for `seed_demo`: a small, realistic caseload for ana, ben and cara.

Everything is written through the services, so the demo obeys the same rules as real use.
Dates are relative to today so the caseload always looks current."""

import random
from datetime import date, time, timedelta

from accounts.models import User
from consultation import selectors, services
from consultation.models import (
    Activity,
    Child,
    Classroom,
    ConcernItem,
    ConsultationCase,
    County,
    PracticeArea,
    PyramidGoal,
    PyramidTier,
    Site,
)
from consultation.services import ConcernInput, GoalInput, GoalProgressInput
from core.dates import local_today
from devdata.consents import record_demo_consents
from referrals.models import Referral, ServiceType
from referrals.services import referral_create, referral_transition

DEMO_LICENCE_PREFIX = "DEMO-"

# name, type, county, consultant
DEMO_SITES = [
    ("Sunflower Early Learning Center", Site.SiteType.CENTRE, "Oklahoma", "ana"),
    ("Red Dirt Head Start", Site.SiteType.HEAD_START, "Oklahoma", "ana"),
    ("Little Sprouts Family Child Care", Site.SiteType.FAMILY_HOME, "Cleveland", "ana"),
    ("Riverside Academy Pre-K", Site.SiteType.PUBLIC_PREK, "Tulsa", "ben"),
    ("Bright Horizons of Tulsa", Site.SiteType.CENTRE, "Tulsa", "ben"),
    ("Prairie Wind Child Development", Site.SiteType.TRIBAL, "Cleveland", "cara"),
]
CHILD_NAMES = [
    ("Mia", "R"),
    ("Noah", "T"),
    ("Ava", "L"),
    ("Liam", "K"),
    ("Zoe", "P"),
    ("Eli", "W"),
    ("Ivy", "S"),
    ("Leo", "B"),
    ("Ruby", "H"),
    ("Owen", "D"),
    ("Nora", "C"),
    ("Jack", "G"),
    ("Lily", "F"),
    ("Cole", "N"),
    ("Emma", "J"),
    ("Finn", "V"),
    ("Rosa", "A"),
    ("Theo", "M"),
    ("June", "E"),
    ("Axel", "O"),
    ("Cora", "Y"),
    ("Milo", "Z"),
    ("Iris", "Q"),
    ("Hank", "U"),
    ("Luz", "I"),
]
TEACHERS = ["Ms. Begay", "Mr. Chavez", "Ms. Okafor", "Ms. Little", "Mr. Yates", "Ms. Pham"]


def seed_demo_records(users: dict[str, User]) -> str:
    if Site.objects.filter(licence_number__startswith=DEMO_LICENCE_PREFIX).exists():
        return "Demo records already present: left as they are."
    rng = random.Random(2026)
    today = local_today()
    sites, classrooms, children = _sites_classrooms_children(users, rng, today)
    cases = _cases(users, sites, classrooms, children, rng, today)
    visit_count = _visits(cases, rng, today)
    referral_count = _referrals(users, cases, today)
    return (
        f"Demo records: {len(sites)} sites, {len(classrooms)} classrooms, {len(children)} "
        f"children, {len(cases)} cases, {visit_count} visits, {referral_count} referrals."
    )


# Ages in months chosen to cover every band: infants, toddlers, preschoolers.
CHILD_AGES_IN_MONTHS = [3, 7, 10, 14, 18, 22, 26, 30, 33, 38, 42, 46, 50]
CHILD_AGES_IN_MONTHS += [54, 58, 62, 66, 40, 44, 48, 52, 20, 28, 9, 56]
DIRECTORS = ["Pat Lowe", "Dee Ross", "Kim Tran", "Jo Black", "Sam Ortiz", "Ray Cly"]
CITIES = {"Oklahoma": "Oklahoma City", "Tulsa": "Tulsa", "Cleveland": "Norman"}


def _site(users, index: int, row: tuple, today: date) -> Site:
    name, site_type, county_name, username = row
    site = services.site_create(
        created_by=users[username],
        name=name,
        site_type=site_type,
        county=County.objects.get(name=county_name),
        licence_number=f"{DEMO_LICENCE_PREFIX}{1001 + index}",
        address=f"{100 + 17 * index} N Main St",
        city=CITIES[county_name],
        director_name=DIRECTORS[index],
        phone=f"405-555-02{index:02d}",
    )
    # A rating on the old scale, then one on the new: both stay true for their dates.
    services.star_rating_record(
        site=site, level="two_star", effective_date=today.replace(year=2019, month=8, day=1)
    )
    services.star_rating_record(
        site=site,
        level=f"stars_{3 + index % 3}",
        effective_date=today.replace(year=2023, month=3, day=1),
    )
    return site


def _classrooms(site: Site, index: int) -> list[Classroom]:
    rooms = (
        [("Bluebirds", Classroom.AgeGroup.TODDLER), ("Cardinals", Classroom.AgeGroup.PRESCHOOL)]
        if index % 2 == 0
        else [("Ducklings", Classroom.AgeGroup.INFANT), ("Foxes", Classroom.AgeGroup.MIXED)]
    )
    return [
        services.classroom_create(
            site=site,
            name=room,
            age_group=group,
            lead_teacher=TEACHERS[(index + room_index) % len(TEACHERS)],
        )
        for room_index, (room, group) in enumerate(rooms)
    ]


def _children(classrooms: list[Classroom], rng: random.Random, today: date) -> list[Child]:
    children = []
    for index, ((first, initial), months) in enumerate(
        zip(CHILD_NAMES, CHILD_AGES_IN_MONTHS, strict=True)
    ):
        birth = today - timedelta(days=int(months * 30.44) + rng.randint(0, 20))
        children.append(
            services.child_create(
                classroom=classrooms[index % len(classrooms)],
                first_name=first,
                last_initial=initial,
                date_of_birth=birth,
            )
        )
    return children


def _sites_classrooms_children(users, rng, today):
    sites, classrooms = [], []
    for index, row in enumerate(DEMO_SITES):
        site = _site(users, index, row, today)
        classrooms += _classrooms(site, index)
        sites.append(site)
    children = _children(classrooms, rng, today)
    consultant_of_site = {
        site.pk: users[row[3]] for site, row in zip(sites, DEMO_SITES, strict=True)
    }
    record_demo_consents(consultant_of_site, children, today)
    return sites, classrooms, children


def _cases(users, sites, classrooms, children, rng, today):
    consultant_of_site = {
        site.pk: users[row[3]] for site, row in zip(sites, DEMO_SITES, strict=True)
    }
    reasons = [
        "Hitting and biting at transitions; teacher asks for strategies.",
        "Withdrawn since a family move; rarely plays with peers.",
        "Director warned the family of dismissal after repeated tantrums.",
        "Teacher requests help with circle-time routines.",
        "New staff team wants support with classroom expectations.",
    ]
    cases = []
    with_consent = selectors.children_with_consent(
        children, today - timedelta(days=170), selectors.Purpose.CONSULTATION
    )
    consented = [
        c
        for c in children
        if c.pk in with_consent and c.date_of_birth < today - timedelta(days=180)
    ]
    for index, child in enumerate(consented[:8]):
        cases.append(
            services.case_open(
                consultant=consultant_of_site[child.classroom.site_id],
                focus=ConsultationCase.Focus.CHILD,
                child=child,
                opened_on=today - timedelta(days=170 - 12 * index),
                reason=reasons[index % 3],
                at_risk_of_expulsion=index % 3 == 2 or index == 0,
            )
        )
    for index, classroom in enumerate(classrooms[::2][:5]):
        cases.append(
            services.case_open(
                consultant=consultant_of_site[classroom.site_id],
                focus=ConsultationCase.Focus.CLASSROOM,
                classroom=classroom,
                opened_on=today - timedelta(days=160 - 15 * index),
                reason=reasons[3],
            )
        )
    for index, site in enumerate(sites[:2]):
        cases.append(
            services.case_open(
                consultant=consultant_of_site[site.pk],
                focus=ConsultationCase.Focus.PROGRAM,
                site=site,
                opened_on=today - timedelta(days=150 - 30 * index),
                reason=reasons[4],
            )
        )
    return cases


GOAL_DESCRIPTIONS = [
    "Use a visual schedule and a 2-minute warning before transitions.",
    "Teach and practise three classroom expectations with pictures.",
    "Name feelings during play using the feelings chart.",
    "Model turn-taking with a sand timer at the block centre.",
]
VISITS_PER_CASE = [6, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3]
# Days between a case's last visit and today. Most cases were seen in the last fortnight and
# have their next visit ahead, so the caseload's "needs attention" flag picks out a few: case 4
# has had no contact for over NO_CONTACT_DAYS (and its planned visit passed), case 11's planned
# visit passed without a visit; an overdue referral follow-up flags one more (_referrals).
LAST_VISIT_DAYS_AGO = [6, 3, 8, 5, 40, 2, 9, 4, 7, 3, 10, 20, 6, 4, 8]


def _first_goal(case: ConsultationCase, case_index: int, today: date) -> None:
    tiers, areas = list(PyramidTier.objects.all()), list(PracticeArea.objects.all())
    services.goal_create(
        case=case,
        goal=GoalInput(
            tier=tiers[3 if case.focus == ConsultationCase.Focus.CHILD else 1],
            practice_area=areas[case_index % len(areas)],
            description=GOAL_DESCRIPTIONS[case_index % len(GOAL_DESCRIPTIONS)],
            set_with=case.classroom.lead_teacher if case.classroom else "Director",
            target_date=today + timedelta(days=30 + 10 * case_index),
        ),
        set_on=case.opened_on,
    )


def _concerns(involved, concern_items, on: date, case_index: int, visit_index: int):
    """A concern of each child's age band on every other visit; the crisis item only once, on
    the demo's first visit."""
    concerns = []
    consented = selectors.children_with_consent(involved, on, selectors.Purpose.CONSULTATION)
    for child in involved:
        band_items = concern_items.get(child.age_band_on(on))
        if child.pk not in consented:
            continue  # no concern is recorded about a child without consent
        if not band_items or visit_index % 2:
            continue
        item = band_items[(case_index + visit_index) % len(band_items)]
        if item.prompts_crisis_lines and not (case_index == 0 and visit_index == 0):
            item = band_items[0]
        concerns.append(
            ConcernInput(
                child=child,
                concern_item=item,
                frequency=["once", "sometimes", "often"][visit_index % 3],
                notes="Seen during arrival and free play.",
            )
        )
    return concerns


def _case_visits(case, case_index: int, rng, today: date, activities, concern_items) -> int:
    # From two days after opening to the last visit, evenly.
    span = (today - case.opened_on).days - 2 - LAST_VISIT_DAYS_AGO[case_index]
    n = VISITS_PER_CASE[case_index]
    dates = sorted({case.opened_on + timedelta(days=2 + (span * k) // (n - 1)) for k in range(n)})
    site_children = list(Child.objects.filter(classroom__site=case.site, is_archived=False))
    for visit_index, visit_date in enumerate(dates):
        born = [c for c in site_children if c.date_of_birth < visit_date]
        involved = [case.child] if case.child else born[:2]
        goals = list(case.goals.filter(status__in=PyramidGoal.OPEN_STATUSES))
        is_last = visit_index == len(dates) - 1
        services.visit_log(
            consultant=case.consultant,
            case=case,
            visit_date=visit_date,
            start_time=time(8 + visit_index % 4, 30),
            duration_minutes=rng.choice([45, 60, 75, 90, 120]),
            mode=rng.choice(["on_site", "on_site", "on_site", "virtual", "phone"]),
            activities=rng.sample(activities, 3),
            classrooms=[case.classroom] if case.classroom else [],
            children=involved,
            shared_notes="Observed routines; coached the lead teacher on the goal strategy.",
            notes="Family stress at home mentioned by the director; follow up gently.",
            next_steps="Teacher will try the strategy daily and note what happens.",
            next_visit_date=(
                visit_date + timedelta(days=14) if is_last else dates[visit_index + 1]
            ),
            concerns=_concerns(involved, concern_items, visit_date, case_index, visit_index),
            goal_progress=[
                GoalProgressInput(goal=g, rating=min(5, 1 + visit_index), note="Steady.")
                for g in goals
            ],
        )
    return len(dates)


def _visits(cases, rng, today):
    activities = list(Activity.objects.all())
    concern_items = {}
    for item in ConcernItem.objects.all():
        concern_items.setdefault(item.age_band, []).append(item)
    count = 0
    for case_index, case in enumerate(cases):
        _first_goal(case, case_index, today)
        count += _case_visits(case, case_index, rng, today, activities, concern_items)
    # Two cases close, one with the child retained: the figure funders ask about first.
    services.case_close(
        case=cases[0],
        closure_reason=ConsultationCase.ClosureReason.GOALS_MET,
        placement_at_closure=ConsultationCase.Placement.RETAINED,
        closed_on=cases[0].visits.order_by("-visit_date").first().visit_date,
    )
    services.case_close(
        case=cases[9],
        closure_reason=ConsultationCase.ClosureReason.GOALS_MET,
        closed_on=cases[9].visits.order_by("-visit_date").first().visit_date,
    )
    return count


def _referrals(users, cases, today):
    child_cases = [c for c in cases if c.child and c.is_open]
    guidance = ServiceType.objects.get(name="Child Guidance Program")
    therapy = ServiceType.objects.get(name="Behavioural and speech therapy")
    wraparound = ServiceType.objects.get(name="Systems of Care (wraparound)")
    S = Referral.Status
    # service, path of statuses after draft, days ago sent
    plans = [
        (guidance, [S.SENT], 30),  # follow-up overdue: shows on the caseload
        (therapy, [S.SENT, S.ACCEPTED], 40),
        (guidance, [S.SENT, S.ACCEPTED, S.SERVICES_STARTED], 90),
        (wraparound, [S.SENT, S.WAITLISTED], 20),
        (therapy, [], 0),  # draft
        (guidance, [S.SENT, S.DECLINED], 60),
        (therapy, [S.SENT, S.ACCEPTED, S.SERVICES_STARTED, S.CLOSED], 100),
        (guidance, [S.SENT], 5),
        (wraparound, [S.SENT, S.ACCEPTED, S.SERVICES_STARTED], 70),
        (guidance, [S.SENT, S.WAITLISTED, S.ACCEPTED], 50),
    ]
    # Only families who agreed to sharing are referred (one agreed to consultation only).
    sharing = selectors.children_with_consent(
        [c.child for c in child_cases], today, selectors.Purpose.SHARING
    )
    child_cases = [c for c in child_cases if c.child_id in sharing]
    for index, (service, path, days_ago) in enumerate(plans):
        case = child_cases[index % len(child_cases)]
        agency = service.agencies.order_by("sort_order").first()
        consent = selectors.consent_in_force(
            case.child, today, selectors.Purpose.SHARING, agency=agency, service_type=service
        )
        assert consent is not None  # consent to share with any agency
        sent_on = max(today - timedelta(days=days_ago), consent.given_on)
        referral = referral_create(
            created_by=case.consultant,
            case=case,
            child=case.child,
            service_type=service,
            agency=agency,
            reason="Family asked for more support at home.",
            started_on=sent_on,
        )
        step_on = sent_on
        for step in path:
            referral_transition(
                referral=referral,
                to_status=step,
                by=case.consultant,
                on=min(step_on, today),
                note=f"{Referral.Status(step).label}.",
                # A reply moves the follow-up to a check-in ahead; the first plan gets no
                # reply, so its follow-up is overdue.
                follow_up_due=sent_on + timedelta(days=14)
                if step == S.SENT
                else today + timedelta(days=10 + index),
            )
            step_on += timedelta(days=9)
    return len(plans)
