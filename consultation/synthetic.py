"""A synthetic dataset the size of a state program after a decade, for benchmarks and load tests.

Everything is drawn from one seeded random stream in a fixed order, so the same seed and the same
"today" give the same rows. Rows are built in memory as tuples and written in batches: psycopg 3
COPY on PostgreSQL, `bulk_create(batch_size=...)` elsewhere. Neither path sends Django signals, so
no django-simple-history rows are written for synthetic data (its history starts at the first real
edit).

Synthetic rows are marked so they can be removed without touching real records: users have a
username starting with `synth-`, sites a licence number starting with `SYN-`; everything else
hangs on one of those (cases and visits on synthetic consultants and sites, children on synthetic
classrooms).
"""

from __future__ import annotations

import random
import time as clock
import uuid
from bisect import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from accounts.models import ROLE_GROUP_NAMES, User
from consultation.ages import AgeBand, age_band_on
from consultation.models import (
    Activity,
    Child,
    Classroom,
    ConcernItem,
    ConsultationCase,
    County,
    GoalProgress,
    ObservedConcern,
    PracticeArea,
    PyramidGoal,
    PyramidTier,
    Site,
    StarRating,
    Visit,
)
from referrals.models import Agency, Referral, ReferralStatusChange, ServiceType

USERNAME_PREFIX = "synth-"
LICENCE_PREFIX = "SYN-"

# Oklahoma's counties: approximate 2020 census population and a planning region. Consultants live
# in a home county and work mostly there and in the other counties of its region.
COUNTIES: dict[str, tuple[int, str]] = {
    "Adair": (19_500, "northeast"),
    "Alfalfa": (5_700, "northwest"),
    "Atoka": (14_100, "southeast"),
    "Beaver": (5_000, "northwest"),
    "Beckham": (22_400, "southwest"),
    "Blaine": (8_700, "northwest"),
    "Bryan": (46_100, "southeast"),
    "Caddo": (26_900, "southwest"),
    "Canadian": (154_400, "central"),
    "Carter": (48_000, "south_central"),
    "Cherokee": (47_100, "northeast"),
    "Choctaw": (14_200, "southeast"),
    "Cimarron": (2_300, "northwest"),
    "Cleveland": (295_500, "central"),
    "Coal": (5_300, "southeast"),
    "Comanche": (121_100, "southwest"),
    "Cotton": (5_500, "southwest"),
    "Craig": (14_100, "northeast"),
    "Creek": (71_800, "tulsa"),
    "Custer": (28_500, "southwest"),
    "Delaware": (40_400, "northeast"),
    "Dewey": (4_500, "northwest"),
    "Ellis": (3_700, "northwest"),
    "Garfield": (62_800, "northwest"),
    "Garvin": (25_700, "south_central"),
    "Grady": (54_800, "southwest"),
    "Grant": (4_200, "northwest"),
    "Greer": (5_500, "southwest"),
    "Harmon": (2_500, "southwest"),
    "Harper": (3_300, "northwest"),
    "Haskell": (11_600, "southeast"),
    "Hughes": (13_400, "southeast"),
    "Jackson": (24_800, "southwest"),
    "Jefferson": (5_300, "southwest"),
    "Johnston": (10_300, "south_central"),
    "Kay": (43_700, "north_central"),
    "Kingfisher": (15_200, "northwest"),
    "Kiowa": (8_500, "southwest"),
    "Latimer": (9_400, "southeast"),
    "Le Flore": (48_100, "southeast"),
    "Lincoln": (33_500, "central"),
    "Logan": (49_600, "central"),
    "Love": (10_100, "south_central"),
    "McClain": (41_700, "central"),
    "McCurtain": (30_800, "southeast"),
    "McIntosh": (18_900, "southeast"),
    "Major": (7_800, "northwest"),
    "Marshall": (15_300, "south_central"),
    "Mayes": (39_000, "northeast"),
    "Murray": (13_900, "south_central"),
    "Muskogee": (66_300, "northeast"),
    "Noble": (10_900, "north_central"),
    "Nowata": (9_500, "tulsa"),
    "Okfuskee": (11_300, "southeast"),
    "Oklahoma": (796_300, "central"),
    "Okmulgee": (36_700, "tulsa"),
    "Osage": (45_800, "north_central"),
    "Ottawa": (30_300, "northeast"),
    "Pawnee": (15_600, "north_central"),
    "Payne": (81_600, "north_central"),
    "Pittsburg": (43_800, "southeast"),
    "Pontotoc": (38_100, "south_central"),
    "Pottawatomie": (72_500, "central"),
    "Pushmataha": (10_800, "southeast"),
    "Roger Mills": (3_400, "northwest"),
    "Rogers": (95_200, "tulsa"),
    "Seminole": (23_600, "south_central"),
    "Sequoyah": (39_300, "northeast"),
    "Stephens": (43_100, "southwest"),
    "Texas": (21_400, "northwest"),
    "Tillman": (7_000, "southwest"),
    "Tulsa": (669_300, "tulsa"),
    "Wagoner": (81_000, "tulsa"),
    "Washington": (52_500, "tulsa"),
    "Washita": (10_900, "southwest"),
    "Woods": (8_600, "northwest"),
    "Woodward": (20_500, "northwest"),
}


@dataclass(frozen=True)
class Scale:
    supervisors: int
    consultants: int
    sites: int
    classrooms: int
    children: int
    cases: int
    visits: int
    concerns: int
    goal_progress: int
    referrals: int


SCALES = {
    "statewide": Scale(
        supervisors=10,
        consultants=100,
        sites=2_000,
        classrooms=8_000,
        children=50_000,
        cases=20_000,
        visits=500_000,
        concerns=1_000_000,
        goal_progress=200_000,
        referrals=30_000,
    ),
    # About one hundredth of the state (users kept above one per region so every county is served).
    "small": Scale(
        supervisors=2,
        consultants=10,
        sites=40,
        classrooms=160,
        children=500,
        cases=200,
        visits=5_000,
        concerns=10_000,
        goal_progress=2_000,
        referrals=300,
    ),
}

YEARS_OF_HISTORY = 10
# The one case every benchmark can open: a long program-wide case with exactly this many visits.
LONGEST_CASE_VISITS = 200
POOL_DAYS = 730

FIRST_NAMES = [
    "Aiden",
    "Amara",
    "Ava",
    "Ben",
    "Bella",
    "Caleb",
    "Chloe",
    "Daniel",
    "Delilah",
    "Eli",
    "Ella",
    "Emma",
    "Ethan",
    "Gabriel",
    "Grace",
    "Hannah",
    "Henry",
    "Isaac",
    "Isla",
    "Jack",
    "Jayden",
    "Kai",
    "Kinsley",
    "Leo",
    "Liam",
    "Lily",
    "Lucas",
    "Luna",
    "Mason",
    "Maya",
    "Mia",
    "Noah",
    "Nova",
    "Oliver",
    "Olivia",
    "Owen",
    "Paisley",
    "Ruby",
    "Samuel",
    "Sofia",
    "Theo",
    "Wyatt",
    "Zoe",
    "Aponi",
    "Chayton",
    "Elan",
    "Kiona",
    "Nita",
    "Takoda",
    "Mateo",
    "Camila",
    "Diego",
    "Valentina",
    "Santiago",
    "Ximena",
    "Darius",
    "Imani",
    "Jamal",
    "Nia",
]
LAST_INITIALS = "ABCDEFGHJKLMNOPRSTWY"
STAFF_FIRST = [
    "Alex",
    "Dana",
    "Jordan",
    "Morgan",
    "Casey",
    "Riley",
    "Taylor",
    "Jamie",
    "Robin",
    "Quinn",
    "Avery",
    "Drew",
]
STAFF_LAST = [
    "Harjo",
    "Redbird",
    "Smith",
    "Johnson",
    "Nguyen",
    "Garcia",
    "Walker",
    "Brown",
    "Davis",
    "Wilson",
    "Tiger",
    "Bear",
    "Lee",
    "Clark",
    "Lewis",
    "Young",
    "Hall",
    "Allen",
    "King",
    "Wright",
    "Lopez",
    "Hill",
    "Green",
    "Adams",
    "Baker",
]
CONSENT_GIVERS = ("mother", "father", "grandmother (guardian)", "foster parent", "aunt (guardian)")
SITE_WORDS = [
    "Little Sprouts",
    "Sunshine",
    "Prairie Wind",
    "Red Earth",
    "Bright Beginnings",
    "Cedar Creek",
    "Rainbow",
    "First Steps",
    "Kiddie Korner",
    "Tender Care",
    "Blue Stem",
    "Growing Minds",
    "Wildflower",
    "Redbud",
    "Scissortail",
    "Cross Timbers",
    "Riverbend",
    "Happy Hearts",
    "Little Lambs",
    "Stepping Stones",
]
CASE_REASONS = (
    "Biting and hitting peers during transitions.",
    "Frequent tantrums at drop-off; teacher asks for strategies.",
    "Director requests help with classroom routines after staff turnover.",
    "Child at risk of dismissal after repeated aggression.",
    "Withdrawn child, little play with peers.",
    "Program wants Pyramid Model practices across all rooms.",
    "Infant hard to soothe; caregivers stressed.",
    "Teacher asks for support with challenging behaviour at nap time.",
)
VISIT_NOTES = (
    "Observed morning routine; modelled visual schedule.",
    "Coached teacher on acknowledging positive behaviour.",
    "Reflective conversation with director about staff stress.",
    "Met caregiver at pick-up; shared calming strategies.",
    "Reviewed goal progress with lead teacher.",
    "",
)
NEXT_STEPS = ("Try the visual schedule daily.", "Practise the calm-down corner.", "", "")


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _allocate(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder), each >= min."""
    n = len(weights)
    if minimum * n > total:
        minimum = 0
    rest = total - minimum * n
    wsum = float(sum(weights))
    raw = [rest * w / wsum for w in weights]
    counts = [minimum + int(r) for r in raw]
    short = total - sum(counts)
    order = sorted(range(n), key=lambda i: (-(raw[i] - int(raw[i])), i))
    for i in order[:short]:
        counts[i] += 1
    return counts


class Picker:
    """Weighted choice with precomputed cumulative weights (random.choices recomputes them)."""

    def __init__(self, items: Sequence, weights: Sequence[float]):
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, 28))


def _weekday(ordinal: int) -> int:
    """Move a date (as an ordinal) off the weekend, backwards, so it never moves into the future."""
    wd = date.fromordinal(ordinal).weekday()
    return ordinal - (wd - 4) if wd > 4 else ordinal


@dataclass
class Table:
    model: type[models.Model]
    fields: list[str]
    rows: list[tuple]
    label: str = ""


class SyntheticDataExists(Exception):
    pass


def synthetic_counts() -> dict[str, int]:
    return {
        "users": User.objects.filter(username__startswith=USERNAME_PREFIX).count(),
        "sites": Site.objects.filter(licence_number__startswith=LICENCE_PREFIX).count(),
    }


class Generator:
    def __init__(
        self,
        *,
        scale: Scale,
        seed: int,
        today: date,
        log: Callable[[str], None] = print,
        use_copy: bool | None = None,
        batch_size: int = 5_000,
    ):
        self.s = scale
        self.rng = random.Random(seed)
        self.today = today
        self.log = log
        self.batch_size = batch_size
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy
        self.now = timezone.now()
        self.start_ord = (today - timedelta(days=365 * YEARS_OF_HISTORY)).toordinal()
        self.today_ord = today.toordinal()
        self.tables: list[Table] = []

    # ---------------------------------------------------------------- helpers
    def _next_id(self, model: type[models.Model]) -> int:
        return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def _table(self, model, fields, label=""):
        table = Table(model=model, fields=fields, rows=[], label=label or model._meta.db_table)
        self.tables.append(table)
        return table

    # ---------------------------------------------------------------- build
    def build(self) -> None:
        started = clock.monotonic()
        self._reference_data()
        self._users()
        self._sites()
        self._children_pool()
        self._cases()
        self._visits()
        self._concerns()
        self._goals_and_progress()
        self._referrals()
        self._finish_children()
        rows = sum(len(t.rows) for t in self.tables)
        self.log(f"built {rows:,} rows in memory in {clock.monotonic() - started:.1f}s")

    def _reference_data(self) -> None:
        self.counties = list(County.objects.order_by("fips_code"))
        missing = [c.name for c in self.counties if c.name not in COUNTIES]
        if missing:
            raise ValueError(f"No population figure for counties: {', '.join(missing)}")
        self.concern_items: dict[str, list[int]] = defaultdict(list)
        for item in ConcernItem.objects.filter(is_active=True).order_by("age_band", "sort_order"):
            self.concern_items[item.age_band].append(item.pk)
        activities = list(Activity.objects.filter(is_active=True).order_by("sort_order", "pk"))
        kind_weight = {
            Activity.Kind.VISIT: 6,
            Activity.Kind.COACHING: 2,
            Activity.Kind.FOLLOW_UP: 1,
        }
        self.pick_activity = Picker(
            [a.pk for a in activities], [kind_weight.get(a.kind, 1) for a in activities]
        )
        self.tiers = list(
            PyramidTier.objects.order_by("sort_order", "pk").values_list("pk", flat=1)
        )
        self.areas = list(
            PracticeArea.objects.order_by("sort_order", "pk").values_list("pk", flat=1)
        )
        self.service_types = list(ServiceType.objects.filter(is_active=True).order_by("pk"))
        self.agencies_for: dict[int, list[int]] = defaultdict(list)
        through = Agency.service_types.through.objects.order_by("servicetype_id", "agency_id")
        for servicetype_id, agency_id in through.values_list("servicetype_id", "agency_id"):
            self.agencies_for[servicetype_id].append(agency_id)
        self.service_types = [st for st in self.service_types if self.agencies_for[st.pk]]
        referral_weight = {
            "Child Guidance Program": 8,
            "Behavioural and speech therapy": 6,
            "SoonerStart early intervention": 5,
            "Systems of Care (wraparound)": 2,
            "Early Childhood Warmline": 1,
            "IECMH consultation": 0.5,
            "Crisis line": 0.1,
        }
        self.service_weight = {st.pk: referral_weight.get(st.name, 1) for st in self.service_types}
        if not (self.counties and self.concern_items and activities and self.tiers):
            raise ValueError("Reference data is missing: run `manage.py migrate` first.")

    def _users(self) -> None:
        rng, s = self.rng, self.s
        t = self._table(
            User,
            [
                "id",
                "uuid",
                "username",
                "password",
                "first_name",
                "last_name",
                "email",
                "role",
                "supervisor_id",
                "is_staff",
                "is_active",
                "is_superuser",
                "date_joined",
                "created_at",
                "updated_at",
            ],
        )
        next_id = self._next_id(User)
        joined = datetime.combine(date.fromordinal(self.start_ord), time(9), tzinfo=UTC)

        def person(username, role, supervisor_id):
            nonlocal next_id
            first, last = rng.choice(STAFF_FIRST), rng.choice(STAFF_LAST)
            password = "!" + "".join(
                rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(40)
            )
            row = (
                next_id,
                _uuid(rng),
                username,
                password,  # unusable: synthetic accounts cannot sign in with a password
                first,
                last,
                f"{username}@synthetic.invalid",
                role,
                supervisor_id,
                role != User.Role.CONSULTANT,
                True,
                False,
                joined,
                self.now,
                self.now,
            )
            t.rows.append(row)
            next_id += 1
            return row[0]

        self.supervisor_ids = [
            person(f"{USERNAME_PREFIX}sup-{i + 1:02d}", User.Role.SUPERVISOR, None)
            for i in range(s.supervisors)
        ]
        self.lead_id = person(f"{USERNAME_PREFIX}lead", User.Role.PROGRAM_LEAD, None)

        # Consultants per region in proportion to population (at least one each), then a home
        # county inside the region, weighted by population too.
        regions = sorted({region for _, region in COUNTIES.values()})
        region_pop = {r: sum(p for p, rg in COUNTIES.values() if rg == r) for r in regions}
        per_region = _allocate(s.consultants, [region_pop[r] for r in regions], minimum=1)
        self.consultants: list[tuple[int, int, str]] = []  # (user id, home county id, region)
        index = 0
        for region, count in zip(regions, per_region, strict=True):
            in_region = [c for c in self.counties if COUNTIES[c.name][1] == region]
            pick_home = Picker(in_region, [COUNTIES[c.name][0] for c in in_region])
            for _ in range(count):
                home = pick_home(rng)
                supervisor = self.supervisor_ids[index % len(self.supervisor_ids)]
                uid = person(
                    f"{USERNAME_PREFIX}con-{index + 1:03d}", User.Role.CONSULTANT, supervisor
                )
                self.consultants.append((uid, home.pk, region))
                index += 1
        self.user_rows = t.rows
        groups = dict(
            Group.objects.filter(name__in=ROLE_GROUP_NAMES.values()).values_list("name", "pk")
        )
        g = self._table(User.groups.through, ["user_id", "group_id"])
        for row in t.rows:
            group_id = groups.get(ROLE_GROUP_NAMES[row[7]])
            if group_id:
                g.rows.append((row[0], group_id))

    def _sites(self) -> None:
        rng, s = self.rng, self.s
        pops = [COUNTIES[c.name][0] for c in self.counties]
        per_county = _allocate(s.sites, pops, minimum=2 if s.sites >= 4 * len(self.counties) else 0)
        site_types = Picker(
            [
                Site.SiteType.CENTRE,
                Site.SiteType.FAMILY_HOME,
                Site.SiteType.HEAD_START,
                Site.SiteType.PUBLIC_PREK,
                Site.SiteType.TRIBAL,
            ],
            [50, 25, 12, 9, 4],
        )
        t = self._table(
            Site,
            [
                "id",
                "uuid",
                "name",
                "site_type",
                "licence_number",
                "county_id",
                "address",
                "city",
                "director_name",
                "phone",
                "email",
                "is_active",
                "created_at",
                "updated_at",
            ],
        )
        next_id = self._next_id(Site)
        self.sites: list[dict] = []
        for county, count in zip(self.counties, per_county, strict=True):
            for _ in range(count):
                site_type = site_types(rng)
                site_id = next_id
                next_id += 1
                name = f"{rng.choice(SITE_WORDS)} {Site.SiteType(site_type).label.split(' /')[0]}"
                name = f"{name} {site_id}"
                t.rows.append(
                    (
                        site_id,
                        _uuid(rng),
                        name,
                        site_type,
                        f"{LICENCE_PREFIX}{site_id:06d}",
                        county.pk,
                        f"{rng.randint(100, 9999)} {rng.choice(STAFF_LAST)} St",
                        f"{county.name} County",
                        f"{rng.choice(STAFF_FIRST)} {rng.choice(LAST_INITIALS)}.",
                        f"405-555-{rng.randint(0, 9999):04d}",
                        "",
                        True,
                        self.now,
                        self.now,
                    )
                )
                self.sites.append({"id": site_id, "type": site_type, "county": county})

        # Classrooms: family homes have one or two, centres several; then trim or pad to target.
        base = {"family_home": 1, "public_prek": 2, "tribal": 3, "head_start": 4, "centre": 5}
        counts = [max(1, base[site["type"]] + rng.randint(-1, 1)) for site in self.sites]
        diff = s.classrooms - sum(counts)
        padable = [i for i, site in enumerate(self.sites) if site["type"] != "family_home"] or list(
            range(len(self.sites))
        )
        while diff:
            i = rng.choice(padable)
            if diff > 0:
                counts[i] += 1
                diff -= 1
            elif counts[i] > 1:
                counts[i] -= 1
                diff += 1
        groups = Picker(["infant", "toddler", "preschool", "mixed"], [2, 3, 4, 1])
        c = self._table(
            Classroom,
            [
                "id",
                "uuid",
                "site_id",
                "name",
                "age_group",
                "lead_teacher",
                "is_active",
                "created_at",
                "updated_at",
            ],
        )
        next_id = self._next_id(Classroom)
        self.classrooms: dict[int, tuple[int, str]] = {}  # id -> (site id, age group)
        for site, count in zip(self.sites, counts, strict=True):
            site["classrooms"] = []
            for k in range(count):
                group = "mixed" if site["type"] == "family_home" else groups(rng)
                c.rows.append(
                    (
                        next_id,
                        _uuid(rng),
                        site["id"],
                        f"{Classroom.AgeGroup(group).label} {k + 1}",
                        group,
                        f"{rng.choice(STAFF_FIRST)} {rng.choice(STAFF_LAST)}",
                        True,
                        self.now,
                        self.now,
                    )
                )
                self.classrooms[next_id] = (site["id"], group)
                site["classrooms"].append(next_id)
                next_id += 1

        # Star ratings: most sites have an old-scale rating, many a new-scale one since June 2022.
        r = self._table(
            StarRating, ["site_id", "level", "effective_date", "created_at", "updated_at"]
        )
        old_levels = list(StarRating.OLD_SCALE)
        new_levels = ["stars_1", "stars_2", "stars_3", "stars_4", "stars_5"]
        new_from = date(2022, 6, 1).toordinal()
        for site in self.sites:
            if rng.random() < 0.7 and new_from > self.start_ord:
                day = rng.randint(self.start_ord, new_from - 1)
                r.rows.append(
                    (site["id"], rng.choice(old_levels), date.fromordinal(day), self.now, self.now)
                )
            if rng.random() < 0.6 and self.today_ord > new_from:
                day = rng.randint(new_from, self.today_ord)
                r.rows.append(
                    (site["id"], rng.choice(new_levels), date.fromordinal(day), self.now, self.now)
                )

        # Who works where: a site's consultant lives in its county (strongly preferred) or region.
        by_region: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for uid, home, region in self.consultants:
            by_region[region].append((uid, home))
        all_consultants = [(uid, home) for uid, home, _ in self.consultants]
        pickers: dict[int, Picker] = {}
        for county in self.counties:
            pool = by_region.get(COUNTIES[county.name][1]) or all_consultants
            pickers[county.pk] = Picker(
                [uid for uid, _ in pool], [8 if home == county.pk else 1 for _, home in pool]
            )
        self.site_consultant_picker = pickers
        self.site_consultants: dict[int, list[int]] = {}
        for site in self.sites:
            pick = pickers[site["county"].pk]
            first = pick(rng)
            chosen = [first]
            if rng.random() < 0.15:
                second = pick(rng)
                if second != first:
                    chosen.append(second)
            self.site_consultants[site["id"]] = chosen

    def _children_pool(self) -> None:
        """Children not the subject of a case: they are observed on classroom visits.

        A classroom's observed children change every two years (POOL_DAYS), as children grow up."""
        self.child_rows: dict[int, list] = {}
        self.next_child_id = self._next_id(Child)
        self.classroom_pool: dict[tuple[int, int], list[int]] = defaultdict(list)

    def _pool_child(self, classroom_id: int, day: int) -> int:
        """A child first seen on `day`, of an age that fits the classroom then."""
        low, high = {"infant": (2, 10), "toddler": (12, 30), "preschool": (36, 50)}.get(
            self.classrooms[classroom_id][1], (6, 48)
        )
        dob = _months_before(date.fromordinal(day), self.rng.randint(low, high))
        self.pool_budget -= 1
        return self._new_child(classroom_id, dob)

    def _new_child(self, classroom_id: int, dob: date | None) -> int:
        rng = self.rng
        child_id = self.next_child_id
        self.next_child_id += 1
        # [id, uuid, first, last initial, dob, classroom, consent date, consent by]
        self.child_rows[child_id] = [
            child_id,
            _uuid(rng),
            rng.choice(FIRST_NAMES),
            rng.choice(LAST_INITIALS),
            dob,
            classroom_id,
            None,
            "",
        ]
        return child_id

    def _cases(self) -> None:
        rng, s = self.rng, self.s
        n = s.cases
        span_days = self.today_ord - self.start_ord
        # The program grew: more cases were opened in recent years.
        opened = sorted(self.start_ord + int(span_days * rng.random() ** 0.7) for _ in range(n))
        pick_site = Picker(self.sites, [len(site["classrooms"]) for site in self.sites])
        focus_pick = Picker(["child", "classroom", "program"], [55, 30, 15])
        # Visits per case: heavier for classroom and program-wide work, long-tailed.
        mean_weight = {"child": 0.7, "classroom": 1.3, "program": 1.6}
        self.cases: list[dict] = []
        for _ in range(n):
            focus = focus_pick(rng)
            weight = mean_weight[focus] * rng.lognormvariate(0, 0.6)
            self.cases.append({"focus": focus, "weight": weight, "site": pick_site(rng)})
        # Dates are assigned in a random order so every focus spreads over the decade.
        order = list(range(n))
        rng.shuffle(order)
        for case_index, day in zip(order, opened, strict=True):
            self.cases[case_index]["opened"] = _weekday(day)

        # Visit counts: proportional to weight, capped by the days the case can have run.
        total_weight = sum(c["weight"] for c in self.cases)
        for case in self.cases:
            case["visits"] = max(0, round(case["weight"] * s.visits / total_weight))
        longest = max(
            (c for c in self.cases if c["focus"] != "child"),
            key=lambda c: self.today_ord - c["opened"],
        )
        longest["focus"] = "program"
        longest["visits"] = min(LONGEST_CASE_VISITS, s.visits // 5)
        longest["fixed"] = True
        for case in self.cases:
            # Child cases end before the child turns six; everything runs at most 2 visits a week.
            room = (self.today_ord - case["opened"]) * 2 // 7
            cap = 120 if case["focus"] == "child" else 400
            case["visits"] = min(case["visits"], room, cap)
            if (
                case["visits"] == 0
                and self.today_ord - case["opened"] > 28
                and not case.get("fixed")
            ):
                case["visits"] = 1
        self._balance_visits()

    def _balance_visits(self) -> None:
        """Add or remove single visits until the total is exact (respecting each case's room)."""
        rng, target = self.rng, self.s.visits
        diff = target - sum(c["visits"] for c in self.cases)
        adjustable = [c for c in self.cases if not c.get("fixed")]
        guard = 0
        while diff and guard < 50 * len(self.cases) + abs(diff) * 10:
            guard += 1
            case = rng.choice(adjustable)
            room = (self.today_ord - case["opened"]) * 2 // 7
            cap = 120 if case["focus"] == "child" else 400
            if diff > 0 and case["visits"] < min(room, cap):
                case["visits"] += 1
                diff -= 1
            elif diff < 0 and case["visits"] > 1:
                case["visits"] -= 1
                diff += 1

    def _visits(self) -> None:
        rng = self.rng
        case_t = self._table(
            ConsultationCase,
            [
                "id",
                "uuid",
                "focus",
                "site_id",
                "classroom_id",
                "child_id",
                "consultant_id",
                "opened_on",
                "reason",
                "status",
                "at_risk_of_expulsion",
                "closed_on",
                "closure_reason",
                "closure_note",
                "placement_at_closure",
                "is_archived",
                "created_at",
                "updated_at",
            ],
        )
        visit_t = self._table(
            Visit,
            [
                "id",
                "uuid",
                "case_id",
                "site_id",
                "consultant_id",
                "visit_date",
                "start_time",
                "duration_minutes",
                "mode",
                "notes",
                "next_steps",
                "next_visit_date",
                "is_archived",
                "created_at",
                "updated_at",
            ],
        )
        va = self._table(Visit.activities.through, ["visit_id", "activity_id"])
        vc = self._table(Visit.classrooms.through, ["visit_id", "classroom_id"])
        vch = self._table(Visit.children.through, ["visit_id", "child_id"])
        next_case = self._next_id(ConsultationCase)
        next_visit = self._next_id(Visit)
        modes = Picker(["on_site", "virtual", "phone"], [75, 15, 10])
        reasons_closed = Picker(
            ["goals_met", "family_withdrew", "child_left", "program_declined", "other"],
            [55, 10, 12, 8, 15],
        )
        site_links = self.site_consultants
        self.visit_subjects: list[tuple] = []  # (visit id, date ordinal, case index, children)
        child_cases = sum(1 for c in self.cases if c["focus"] == "child")
        self.pool_budget = self.s.children - child_cases
        done = 0
        for ci, case in enumerate(self.cases):
            site = case["site"]
            consultants = site_links[site["id"]]
            consultant = consultants[0] if rng.random() < 0.85 else rng.choice(consultants)
            n = case["visits"]
            opened = case["opened"]
            # Visits every 3 to 14 days; long-running work is visited more densely near the end.
            gap = rng.uniform(3, 14)
            end_planned = opened + int(gap * n) + rng.randint(0, 21)
            end = min(end_planned, self.today_ord)
            still_open = end_planned >= self.today_ord or case.get("fixed")
            if case.get("fixed"):
                end = self.today_ord
            days = sorted(_weekday(rng.randint(opened, end)) for _ in range(n))
            days = [max(d, opened) for d in days]
            months_running = (end - opened) / 30.44
            focus = case["focus"]
            if focus == "child" and months_running > 60:
                focus = case["focus"] = "classroom"
            classroom_id = rng.choice(site["classrooms"])
            child_id = None
            children_on_visits: list[int] = []
            if focus == "child":
                age_months_max = int(71 - months_running)
                age_at_open = rng.randint(0, max(0, age_months_max - 1))
                dob = _months_before(date.fromordinal(opened), age_at_open) - timedelta(
                    days=rng.randint(0, 25)
                )
                dob = min(dob, date.fromordinal(opened))
                band = age_band_on(dob, date.fromordinal(opened))
                fits = [
                    cid
                    for cid in site["classrooms"]
                    if self.classrooms[cid][1] in (band.value, "mixed")
                ]
                classroom_id = rng.choice(fits or site["classrooms"])
                child_id = self._new_child(classroom_id, dob)
                consent_day = max(dob.toordinal(), opened - rng.randint(0, 30))
                self.child_rows[child_id][6] = date.fromordinal(consent_day)
                self.child_rows[child_id][7] = rng.choice(CONSENT_GIVERS)
                children_on_visits = [child_id]
            case_id = next_case
            next_case += 1
            status = "active" if n else "intake"
            closed_on = None
            closure_reason = placement = ""
            at_risk = focus == "child" and rng.random() < 0.4
            if not still_open and n:
                status = "closed"
                closed_on = date.fromordinal(min(self.today_ord, max(days[-1], end)))
                closure_reason = reasons_closed(rng)
                if focus == "child":
                    if at_risk and rng.random() < 0.12:
                        closure_reason = "child_expelled"
                    placement = {
                        "child_left": "moved_by_choice",
                        "child_expelled": rng.choice(["expelled", "suspended"]),
                    }.get(closure_reason, "retained" if rng.random() < 0.95 else "unknown")
                elif closure_reason == "child_left":
                    closure_reason = "other"
            case.update(
                id=case_id,
                consultant=consultant,
                classroom=classroom_id,
                child=child_id,
                status=status,
                end=closed_on.toordinal() if closed_on else self.today_ord,
                visit_days=days,
            )
            case_t.rows.append(
                (
                    case_id,
                    _uuid(rng),
                    focus,
                    site["id"],
                    classroom_id if focus != "program" else None,
                    child_id if focus == "child" else None,
                    consultant,
                    date.fromordinal(opened),
                    rng.choice(CASE_REASONS),
                    status,
                    at_risk,
                    closed_on,
                    closure_reason,
                    "",
                    placement,
                    False,
                    self.now,
                    self.now,
                )
            )
            if focus == "program":
                case["classroom"] = None
            for k, day in enumerate(days):
                visit_id = next_visit
                next_visit += 1
                mode = modes(rng)
                duration = (
                    rng.randint(10, 45)
                    if mode == "phone"
                    else min(600, max(15, int(rng.gauss(95, 40))))
                )
                next_day = days[k + 1] if k + 1 < len(days) else None
                visit_t.rows.append(
                    (
                        visit_id,
                        _uuid(rng),
                        case_id,
                        site["id"],
                        consultant,
                        date.fromordinal(day),
                        time(8 + rng.randint(0, 8), rng.choice((0, 15, 30, 45))),
                        duration,
                        mode,
                        rng.choice(VISIT_NOTES),
                        rng.choice(NEXT_STEPS),
                        date.fromordinal(next_day) if next_day else None,
                        False,
                        self.now,
                        self.now,
                    )
                )
                for activity in {self.pick_activity(rng) for _ in range(rng.randint(1, 3))}:
                    va.rows.append((visit_id, activity))
                observed: list[int] = []
                if focus == "child":
                    observed = children_on_visits
                    vc.rows.append((visit_id, classroom_id))
                elif focus == "classroom":
                    vc.rows.append((visit_id, classroom_id))
                    pool = self.classroom_pool[(classroom_id, day // POOL_DAYS)]
                    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                        if len(pool) < 6 and self.pool_budget > 0 and rng.random() < 0.5:
                            pool.append(self._pool_child(classroom_id, day))
                        if pool:
                            pick = rng.choice(pool)
                            if pick not in observed and self.child_rows[pick][4].toordinal() <= day:
                                observed.append(pick)
                elif site["classrooms"] and rng.random() < 0.5:
                    vc.rows.append((visit_id, rng.choice(site["classrooms"])))
                for child in observed:
                    vch.rows.append((visit_id, child))
                self.visit_subjects.append((visit_id, day, ci, observed))
            done += n
        self.case_rows = case_t.rows
        self.log(f"planned {len(case_t.rows):,} cases and {done:,} visits")

    def _child_band(self, child_id: int, day: int) -> str | None:
        dob = self.child_rows[child_id][4]
        visit_day = date.fromordinal(day)
        if visit_day < dob:
            return None
        band = age_band_on(dob, visit_day)
        return None if band == AgeBand.SCHOOL_AGE else band.value

    def _concerns(self) -> None:
        rng = self.rng
        t = self._table(
            ObservedConcern,
            [
                "visit_id",
                "child_id",
                "concern_item_id",
                "frequency",
                "notes",
                "created_at",
                "updated_at",
            ],
        )
        freq = Picker(["once", "sometimes", "often"], [3, 5, 2])
        slots = sum(len(observed) for *_, observed in self.visit_subjects)
        remaining = self.s.concerns
        for visit_id, day, _case, observed in self.visit_subjects:
            for child in observed:
                band = self._child_band(child, day)
                slots -= 1
                if band is None:
                    continue
                items = self.concern_items[band]
                mean = remaining / max(1, slots + 1)
                k = int(mean) + (1 if rng.random() < mean - int(mean) else 0)
                k = max(0, min(k, len(items)))
                for item in rng.sample(items, k):
                    t.rows.append((visit_id, child, item, freq(rng), "", self.now, self.now))
                remaining -= k

    def _goals_and_progress(self) -> None:
        rng = self.rng
        goals_t = self._table(
            PyramidGoal,
            [
                "id",
                "uuid",
                "case_id",
                "tier_id",
                "practice_area_id",
                "description",
                "set_with",
                "set_on",
                "target_date",
                "status",
                "created_at",
                "updated_at",
            ],
        )
        progress_t = self._table(
            GoalProgress,
            ["goal_id", "visit_id", "recorded_on", "rating", "note", "created_at", "updated_at"],
        )
        next_goal = self._next_id(PyramidGoal)
        goals_per_focus = {"child": (1, 2), "classroom": (2, 3), "program": (2, 4)}
        case_goals: dict[int, list[list]] = {}
        for ci, case in enumerate(self.cases):
            if not case["visit_days"]:
                continue
            low, high = goals_per_focus[case["focus"]]
            goals = []
            for _ in range(rng.randint(low, high)):
                # Set on one of the first visits.
                set_day = case["visit_days"][rng.randint(0, min(2, len(case["visit_days"]) - 1))]
                tier = self.tiers[-1] if case["focus"] == "child" and rng.random() < 0.3 else None
                goal = [
                    next_goal,
                    _uuid(rng),
                    case["id"],
                    tier or rng.choice(self.tiers),
                    rng.choice(self.areas),
                    "Practise the routine with visual supports every day.",
                    f"{rng.choice(STAFF_FIRST)} {rng.choice(STAFF_LAST)}",
                    date.fromordinal(set_day),
                    date.fromordinal(set_day + rng.randint(45, 180)),
                    "not_started",
                    self.now,
                    self.now,
                ]
                next_goal += 1
                goals.append(goal)
            case_goals[ci] = goals
            goals_t.rows.extend(goals)
        # Progress: spread the target over visits that have a goal set on or before them.
        eligible = [
            v
            for v in self.visit_subjects
            if any(g[7].toordinal() <= v[1] for g in case_goals.get(v[2], ()))
        ]
        remaining = self.s.goal_progress
        left = len(eligible)
        progress_count: dict[int, int] = defaultdict(int)
        for visit_id, day, ci, _ in eligible:
            mean = remaining / max(1, left)
            left -= 1
            k = int(mean) + (1 if rng.random() < mean - int(mean) else 0)
            open_goals = [g for g in case_goals[ci] if g[7].toordinal() <= day]
            k = min(k, len(open_goals))
            for goal in rng.sample(open_goals, k):
                progress_count[goal[0]] += 1
                rating = min(5, 1 + progress_count[goal[0]] // 3 + rng.randint(0, 1))
                progress_t.rows.append(
                    (goal[0], visit_id, date.fromordinal(day), rating, "", self.now, self.now)
                )
            remaining -= k
        for ci, goals in case_goals.items():
            closed = self.cases[ci]["status"] == "closed"
            for goal in goals:
                if not progress_count[goal[0]]:
                    goal[9] = "discontinued" if closed and rng.random() < 0.5 else "not_started"
                elif closed:
                    goal[9] = rng.choice(("met", "met", "met", "discontinued", "in_progress"))
                else:
                    goal[9] = "in_progress" if rng.random() < 0.85 else "met"
        goals_t.rows[:] = [tuple(g) for g in goals_t.rows]

    def _referrals(self) -> None:
        rng = self.rng
        ref_t = self._table(
            Referral,
            [
                "id",
                "uuid",
                "case_id",
                "child_id",
                "service_type_id",
                "agency_id",
                "reason",
                "consent_date",
                "consent_given_by",
                "status",
                "sent_on",
                "follow_up_due",
                "outcome_note",
                "created_by_id",
                "created_at",
                "updated_at",
            ],
        )
        change_t = self._table(
            ReferralStatusChange,
            [
                "referral_id",
                "from_status",
                "to_status",
                "changed_on",
                "changed_by_id",
                "note",
                "created_at",
            ],
        )
        next_id = self._next_id(Referral)
        focus_weight = {"child": 3.0, "classroom": 1.0, "program": 0.3}
        with_visits = [c for c in self.cases if c["visit_days"]]
        pick_case = Picker(with_visits, [focus_weight[c["focus"]] for c in with_visits])
        S = Referral.Status
        next_step = {
            S.DRAFT: Picker([S.SENT, S.CLOSED, None], [85, 4, 11]),
            S.SENT: Picker(
                [S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.CLOSED, None], [50, 20, 10, 5, 15]
            ),
            S.WAITLISTED: Picker([S.ACCEPTED, S.DECLINED, S.CLOSED, None], [60, 15, 10, 15]),
            S.ACCEPTED: Picker([S.SERVICES_STARTED, S.DECLINED, S.CLOSED, None], [70, 5, 5, 20]),
            S.SERVICES_STARTED: Picker([S.CLOSED, None], [60, 40]),
            S.DECLINED: Picker([S.CLOSED, None], [50, 50]),
        }
        for _ in range(self.s.referrals):
            case = pick_case(rng)
            created = rng.randint(case["opened"], case["end"])
            child = None
            if case["focus"] == "child":
                child = case["child"]
            elif case["focus"] == "classroom" and rng.random() < 0.6:
                pool = self.classroom_pool.get((case["classroom"], created // POOL_DAYS)) or []
                child = rng.choice(pool) if pool else None
            age = None
            if child is not None:
                dob = self.child_rows[child][4]
                if dob is None or dob.toordinal() > created:
                    child = None
                else:
                    created_day = date.fromordinal(created)
                    age = (
                        (created_day.year - dob.year) * 12
                        + created_day.month
                        - dob.month
                        - (1 if created_day.day < dob.day else 0)
                    )
            fits = [
                st
                for st in self.service_types
                if age is None or st.max_age_months is None or age < st.max_age_months
            ]
            st = Picker(fits, [self.service_weight[f.pk] for f in fits])(rng)
            agency = rng.choice(self.agencies_for[st.pk])
            consultant = case["consultant"]
            referral_id = next_id
            next_id += 1
            consent_floor = created - rng.randint(0, 10)
            if child is not None:
                consent_floor = max(consent_floor, self.child_rows[child][4].toordinal())
            consent = date.fromordinal(consent_floor)
            status, day = S.DRAFT, created
            changes = [("", S.DRAFT, created)]
            sent_on = follow_up = None
            while status in next_step:
                to = next_step[status](rng)
                if to is None and day < self.today_ord - 120:
                    # Nothing stays open for months unattended: old referrals were closed.
                    to = S.CLOSED
                if to is None:
                    break
                step_day = day + (rng.randint(0, 3) if status == S.DRAFT else rng.randint(2, 40))
                if step_day > self.today_ord:
                    break
                changes.append((status, to, step_day))
                if to == S.SENT:
                    sent_on = date.fromordinal(step_day)
                    follow_up = date.fromordinal(step_day + 14)
                status, day = to, step_day
            if status == S.DRAFT and rng.random() < 0.5:
                consent, consent_by = None, ""
            else:
                consent_by = rng.choice(CONSENT_GIVERS)
            ref_t.rows.append(
                (
                    referral_id,
                    _uuid(rng),
                    case["id"],
                    child,
                    st.pk,
                    agency,
                    "Family asked for support beyond the classroom.",
                    consent,
                    consent_by,
                    status,
                    sent_on,
                    follow_up,
                    "",
                    consultant,
                    self.now,
                    self.now,
                )
            )
            for from_status, to_status, on in changes:
                change_t.rows.append(
                    (
                        referral_id,
                        from_status,
                        to_status,
                        date.fromordinal(on),
                        consultant,
                        "Referral started." if not from_status else "",
                        self.now,
                    )
                )

    def _finish_children(self) -> None:
        """Top the children up to the target and give never-observed ones a birth date."""
        rng = self.rng
        classroom_ids = list(self.classrooms)
        while len(self.child_rows) < self.s.children:
            classroom = rng.choice(classroom_ids)
            self._new_child(classroom, None)
        t = self._table(
            Child,
            [
                "id",
                "uuid",
                "first_name",
                "last_initial",
                "date_of_birth",
                "classroom_id",
                "consent_date",
                "consent_given_by",
                "is_archived",
                "archived_at",
                "created_at",
                "updated_at",
            ],
        )
        for row in self.child_rows.values():
            if row[4] is None:
                row[4] = date.fromordinal(
                    rng.randint(self.start_ord - 5 * 365, self.today_ord - 60)
                )
            if row[6] is None and rng.random() < 0.5:
                row[6] = date.fromordinal(rng.randint(row[4].toordinal(), self.today_ord))
                row[7] = rng.choice(CONSENT_GIVERS)
            t.rows.append((*row, False, None, self.now, self.now))
        # Sites list the consultants who have worked there.
        links = {(site_id, uid) for site_id, uids in self.site_consultants.items() for uid in uids}
        links |= {(c["site"]["id"], c["consultant"]) for c in self.cases}
        sc = self._table(Site.consultants.through, ["site_id", "user_id"])
        sc.rows.extend(sorted(links))

    # ---------------------------------------------------------------- write
    ORDER = (
        User,
        User.groups.through,
        Site,
        Site.consultants.through,
        StarRating,
        Classroom,
        Child,
        ConsultationCase,
        Visit,
        Visit.activities.through,
        Visit.classrooms.through,
        Visit.children.through,
        ObservedConcern,
        PyramidGoal,
        GoalProgress,
        Referral,
        ReferralStatusChange,
    )

    def write(self) -> None:
        by_model = {t.model: t for t in self.tables}
        with transaction.atomic():
            for model in self.ORDER:
                table = by_model[model]
                self._write_table(table)
            if self.use_copy:
                self._reset_sequences()
        if connection.vendor == "postgresql":
            # Fresh statistics, so the first benchmark does not plan against empty tables, and,
            # where no transaction is open (VACUUM needs none), a visibility map, so index-only
            # scans do not fetch every freshly copied row from the heap.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                for model in self.ORDER:
                    table_name = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(f"{command} {table_name}")

    def _write_table(self, table: Table) -> None:
        started = clock.monotonic()
        total = len(table.rows)
        step = max(self.batch_size, total // 10)
        written = reported = 0

        def report():
            nonlocal reported
            reported = written
            elapsed = max(clock.monotonic() - started, 1e-6)
            self.log(
                f"  {table.label}: {written:,}/{total:,} rows "
                f"({100 * written // max(total, 1)}%), {written / elapsed:,.0f} rows/s"
            )

        if self.use_copy:
            # COPY does not know Django's field defaults: send them for the columns not built.
            meta = table.model._meta
            extra = [
                f
                for f in meta.concrete_fields
                if f.attname not in table.fields and not f.primary_key
            ]
            defaults = tuple(f.get_default() for f in extra)
            columns = ", ".join(
                connection.ops.quote_name(f.column)
                for f in [*(meta.get_field(name) for name in table.fields), *extra]
            )
            db_table = connection.ops.quote_name(table.model._meta.db_table)
            sql = f"COPY {db_table} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.copy(sql) as copy:
                for row in table.rows:
                    copy.write_row(row + defaults if defaults else row)
                    written += 1
                    if written - reported >= step:
                        report()
        else:
            model, fields = table.model, table.fields
            for start in range(0, total, self.batch_size):
                chunk = table.rows[start : start + self.batch_size]
                model.objects.bulk_create(
                    [model(**dict(zip(fields, row, strict=True))) for row in chunk],
                    batch_size=self.batch_size,
                )
                written += len(chunk)
                if written - reported >= step:
                    report()
        if written != reported or not total:
            report()

    def _reset_sequences(self) -> None:
        with connection.cursor() as cursor:
            for model in self.ORDER:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))",
                    [model._meta.db_table],
                )


def generate(
    *,
    scale: str,
    seed: int,
    today: date | None = None,
    log: Callable[[str], None] = print,
    use_copy: bool | None = None,
) -> dict[str, int]:
    existing = synthetic_counts()
    if any(existing.values()):
        raise SyntheticDataExists(
            f"Synthetic data already exists ({existing['users']:,} synthetic users, "
            f"{existing['sites']:,} synthetic sites). Remove it first with --flush "
            "(only rows marked synthetic are removed), or generate into another database."
        )
    generator = Generator(
        scale=SCALES[scale],
        seed=seed,
        today=today or timezone.localdate(),
        log=log,
        use_copy=use_copy,
    )
    started = clock.monotonic()
    generator.build()
    log(f"writing with {'COPY' if generator.use_copy else 'bulk_create'}")
    generator.write()
    counts = {t.label: len(t.rows) for t in generator.tables}
    log(f"done in {clock.monotonic() - started:.1f}s")
    return counts


def _delete(model: type[models.Model], condition: Q | None = None, **lookup) -> int:
    """DELETE ... WHERE pk IN (subquery): no per-row Python, no signals, no collector."""
    queryset = model._base_manager.filter(condition or Q(), **lookup).values("pk")
    subquery, params = queryset.query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        # Wrapping the subquery lets MySQL-style "same table" limits and SQLite both accept it.
        cursor.execute(
            f"DELETE FROM {table} WHERE {pk} IN (SELECT * FROM ({subquery}) AS s)", params
        )
        return cursor.rowcount


@transaction.atomic
def flush(log: Callable[[str], None] = print) -> int:
    """Remove synthetic rows only: everything hanging on synthetic users or synthetic sites."""
    users = User.objects.filter(username__startswith=USERNAME_PREFIX).values("pk")
    sites = Site.objects.filter(licence_number__startswith=LICENCE_PREFIX).values("pk")
    cases = ConsultationCase.objects.filter(Q(consultant__in=users) | Q(site__in=sites)).values(
        "pk"
    )
    visits = Visit.objects.filter(Q(consultant__in=users) | Q(site__in=sites)).values("pk")
    classrooms = Classroom.objects.filter(site__in=sites).values("pk")
    children = Child.objects.filter(classroom__in=classrooms).values("pk")
    referrals = Referral.objects.filter(Q(case__in=cases) | Q(created_by__in=users)).values("pk")
    # One DELETE per condition: PostgreSQL turns `x IN (subquery)` into a hash semi-join, but an
    # OR of two such subqueries over a million rows becomes a per-row subplan.
    steps: Iterable[tuple[type[models.Model], list[Q]]] = [
        (ReferralStatusChange, [Q(referral__in=referrals), Q(changed_by__in=users)]),
        (Referral, [Q(pk__in=referrals)]),
        (GoalProgress, [Q(goal__case__in=cases), Q(visit__in=visits)]),
        (ObservedConcern, [Q(visit__in=visits), Q(child__in=children)]),
        (Visit.activities.through, [Q(visit__in=visits)]),
        (Visit.classrooms.through, [Q(visit__in=visits), Q(classroom__in=classrooms)]),
        (Visit.children.through, [Q(visit__in=visits), Q(child__in=children)]),
        (Visit, [Q(pk__in=visits)]),
        (PyramidGoal, [Q(case__in=cases)]),
        (ConsultationCase, [Q(pk__in=cases)]),
        (Child, [Q(pk__in=children)]),
        (Classroom, [Q(pk__in=classrooms)]),
        (StarRating, [Q(site__in=sites)]),
        (Site.consultants.through, [Q(site__in=sites), Q(user__in=users)]),
        (Site, [Q(pk__in=sites)]),
        (LogEntry, [Q(user__in=users)]),
        (User.groups.through, [Q(user__in=users)]),
        (User.user_permissions.through, [Q(user__in=users)]),
    ]
    total = 0
    for model, conditions in steps:
        started = clock.monotonic()
        removed = sum(_delete(model, condition) for condition in conditions)
        total += removed
        if removed:
            log(
                f"  removed {removed:,} {model._meta.db_table} rows "
                f"in {clock.monotonic() - started:.1f}s"
            )
    # Anything else that points at a synthetic user (access records, export logs, history rows
    # of edits made while signed in as one) is synthetic too.
    handled = {model for model, _ in steps} | {User}
    relations = [
        f for f in User._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete
    ]
    for relation in relations:
        model = relation.through if relation.many_to_many else relation.related_model
        if model in handled or model is None:
            continue
        handled.add(model)
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                total += _delete(model, Q(**{f"{field.name}__in": users}))
    # A real consultant under a synthetic supervisor keeps working, without that supervisor.
    User.objects.filter(supervisor__in=users).exclude(pk__in=users).update(supervisor=None)
    removed = _delete(User, Q(pk__in=users))
    log(f"  removed {removed:,} synthetic users")
    return total + removed
