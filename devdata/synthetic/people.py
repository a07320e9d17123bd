"""Reference data read from the database, synthetic staff, and the children they meet."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time

from django.contrib.auth.models import Group

from accounts.models import ROLE_GROUP_NAMES, User
from consultation.models import (
    Activity,
    Child,
    ConcernItem,
    Consent,
    County,
    PracticeArea,
    PyramidTier,
)
from devdata.synthetic.base import GeneratorBase
from devdata.synthetic.constants import COUNTIES, USERNAME_PREFIX
from devdata.synthetic.names import (
    CONSENT_GIVERS,
    FIRST_NAMES,
    LAST_INITIALS,
    STAFF_FIRST,
    STAFF_LAST,
)
from devdata.synthetic.tables import Picker, Table, allocate, months_before, new_uuid
from referrals.models import Agency, ServiceType

USER_FIELDS = (
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
)
CHILD_FIELDS = (
    "id",
    "uuid",
    "first_name",
    "last_initial",
    "date_of_birth",
    "classroom_id",
    "is_archived",
    "archived_at",
    "archive_reason",
    "version",
    "created_at",
    "updated_at",
)
CONSENT_FIELDS = (
    "id",
    "uuid",
    "child_id",
    "given_by",
    "relationship",
    "given_on",
    "covers_consultation",
    "covers_sharing",
    "method",
    "document",
    "revoked_reported_by",
    "version",
    "created_at",
    "updated_at",
)
ACTIVITY_KIND_WEIGHT: dict[str, int] = {
    Activity.Kind.VISIT: 6,
    Activity.Kind.COACHING: 2,
    Activity.Kind.FOLLOW_UP: 1,
}
REFERRAL_WEIGHT = {
    "Child Guidance Program": 8,
    "Behavioural and speech therapy": 6,
    "SoonerStart early intervention": 5,
    "Systems of Care (wraparound)": 2,
    "Early Childhood Warmline": 1,
    "IECMH consultation": 0.5,
    "Crisis line": 0.1,
}
# Typical ages, in months, of the children seen in a classroom of each age group.
POOL_AGE_MONTHS = {"infant": (2, 10), "toddler": (12, 30), "preschool": (36, 50)}
MIXED_AGE_MONTHS = (6, 48)
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


class ReferenceDataMixin(GeneratorBase):
    def _reference_data(self) -> None:
        self.counties = list(County.objects.order_by("fips_code"))
        missing = [c.name for c in self.counties if c.name not in COUNTIES]
        if missing:
            raise ValueError(f"No population figure for counties: {', '.join(missing)}")
        activities = self._visit_reference_data()
        self._referral_reference_data()
        if not (self.counties and self.concern_items and activities and self.tiers):
            raise ValueError("Reference data is missing: run `manage.py migrate` first.")

    def _visit_reference_data(self) -> list[Activity]:
        self.concern_items = defaultdict(list)
        for item in ConcernItem.objects.filter(is_active=True).order_by("age_band", "sort_order"):
            self.concern_items[item.age_band].append(item.pk)
        activities = list(Activity.objects.filter(is_active=True).order_by("sort_order", "pk"))
        self.pick_activity = Picker(
            [a.pk for a in activities], [ACTIVITY_KIND_WEIGHT.get(a.kind, 1) for a in activities]
        )
        self.tiers = list(
            PyramidTier.objects.order_by("sort_order", "pk").values_list("pk", flat=True)
        )
        self.areas = list(
            PracticeArea.objects.order_by("sort_order", "pk").values_list("pk", flat=True)
        )
        return activities

    def _referral_reference_data(self) -> None:
        service_types = list(ServiceType.objects.filter(is_active=True).order_by("pk"))
        self.agencies_for = defaultdict(list)
        through = Agency.service_types.through.objects.order_by("servicetype_id", "agency_id")
        for servicetype_id, agency_id in through.values_list("servicetype_id", "agency_id"):
            self.agencies_for[servicetype_id].append(agency_id)
        # A service no agency offers cannot be referred to.
        self.service_types = [st for st in service_types if self.agencies_for[st.pk]]
        self.service_weight = {st.pk: REFERRAL_WEIGHT.get(st.name, 1) for st in self.service_types}


class PeopleMixin(GeneratorBase):
    def _users(self) -> None:
        t = self._table(User, USER_FIELDS)
        self.next_user_id = self._next_id(User)
        self.supervisor_ids = [
            self._add_person(t, f"{USERNAME_PREFIX}sup-{i + 1:02d}", User.Role.SUPERVISOR, None)
            for i in range(self.s.supervisors)
        ]
        self.lead_id = self._add_person(t, f"{USERNAME_PREFIX}lead", User.Role.PROGRAM_LEAD, None)
        self._add_consultants(t)
        self.user_rows = t.rows
        self._user_groups(t.rows)

    def _add_person(self, t: Table, username: str, role: str, supervisor_id: int | None) -> int:
        rng = self.rng
        joined = datetime.combine(date.fromordinal(self.start_ord), time(9), tzinfo=UTC)
        first, last = rng.choice(STAFF_FIRST), rng.choice(STAFF_LAST)
        password = "!" + "".join(rng.choice(PASSWORD_ALPHABET) for _ in range(40))
        row = (
            self.next_user_id,
            new_uuid(rng),
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
        self.next_user_id += 1
        return row[0]

    def _add_consultants(self, t: Table) -> None:
        """Consultants per region in proportion to population (at least one each), then a home
        county inside the region, weighted by population too."""
        regions = sorted({region for _, region in COUNTIES.values()})
        region_pop = {r: sum(p for p, rg in COUNTIES.values() if rg == r) for r in regions}
        per_region = allocate(self.s.consultants, [region_pop[r] for r in regions], minimum=1)
        self.consultants = []
        index = 0
        for region, count in zip(regions, per_region, strict=True):
            in_region = [c for c in self.counties if COUNTIES[c.name][1] == region]
            pick_home = Picker(in_region, [COUNTIES[c.name][0] for c in in_region])
            for _ in range(count):
                home = pick_home(self.rng)
                supervisor = self.supervisor_ids[index % len(self.supervisor_ids)]
                uid = self._add_person(
                    t, f"{USERNAME_PREFIX}con-{index + 1:03d}", User.Role.CONSULTANT, supervisor
                )
                self.consultants.append((uid, home.pk, region))
                index += 1

    def _user_groups(self, user_rows: list[tuple]) -> None:
        groups = dict(
            Group.objects.filter(name__in=ROLE_GROUP_NAMES.values()).values_list("name", "pk")
        )
        g = self._table(User.groups.through, ["user_id", "group_id"])
        for row in user_rows:
            group_id = groups.get(ROLE_GROUP_NAMES[row[7]])
            if group_id:
                g.rows.append((row[0], group_id))


class ChildrenMixin(GeneratorBase):
    def _children_pool(self) -> None:
        """Children not the subject of a case: they are observed on classroom visits.

        A classroom's observed children change every two years (POOL_DAYS), as children grow up."""
        self.child_rows = {}
        self.next_child_id = self._next_id(Child)
        self.classroom_pool = defaultdict(list)

    def _pool_child(self, classroom_id: int, day: int) -> int:
        """A child first seen on `day`, of an age that fits the classroom then."""
        low, high = POOL_AGE_MONTHS.get(self.classrooms[classroom_id][1], MIXED_AGE_MONTHS)
        dob = months_before(date.fromordinal(day), self.rng.randint(low, high))
        self.pool_budget -= 1
        return self._new_child(classroom_id, dob)

    def _new_child(self, classroom_id: int, dob: date | None) -> int:
        rng = self.rng
        child_id = self.next_child_id
        self.next_child_id += 1
        # [id, uuid, first, last initial, dob, classroom, consent date, consent by]
        self.child_rows[child_id] = [
            child_id,
            new_uuid(rng),
            rng.choice(FIRST_NAMES),
            rng.choice(LAST_INITIALS),
            dob,
            classroom_id,
            None,
            "",
        ]
        return child_id

    def _finish_children(self) -> None:
        """Top the children up to the target, give never-observed ones a birth date, and write
        each consent (to consultation and to sharing with any agency) as a record."""
        classroom_ids = list(self.classrooms)
        while len(self.child_rows) < self.s.children:
            classroom = self.rng.choice(classroom_ids)
            self._new_child(classroom, None)
        t = self._table(Child, CHILD_FIELDS)
        consents = self._table(Consent, CONSENT_FIELDS)
        consent_id = self._next_id(Consent)
        for row in self.child_rows.values():
            self._complete_child(row)
            t.rows.append((*row[:6], False, None, "", 1, self.now, self.now))
            if row[6] is not None:
                consents.rows.append(
                    (
                        consent_id,
                        new_uuid(self.rng),
                        row[0],
                        row[7],
                        "parent",
                        row[6],
                        True,
                        True,
                        "written",
                        "",
                        "",
                        1,
                        self.now,
                        self.now,
                    )
                )
                consent_id += 1

    def _complete_child(self, row: list) -> None:
        rng = self.rng
        if row[4] is None:
            row[4] = date.fromordinal(rng.randint(self.start_ord - 5 * 365, self.today_ord - 60))
        if row[6] is None and rng.random() < 0.5:
            row[6] = date.fromordinal(rng.randint(row[4].toordinal(), self.today_ord))
            row[7] = rng.choice(CONSENT_GIVERS)
