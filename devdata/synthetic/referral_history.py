"""Referrals to outside services, each walked through its statuses from draft to where it stands."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from devdata.synthetic.base import GeneratorBase
from devdata.synthetic.constants import POOL_DAYS
from devdata.synthetic.names import CONSENT_GIVERS
from devdata.synthetic.tables import Picker, new_uuid, whole_months_between
from referrals.models import Referral, ReferralStatusChange, ServiceType

REFERRAL_FIELDS = (
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
)
STATUS_CHANGE_FIELDS = (
    "referral_id",
    "from_status",
    "to_status",
    "changed_on",
    "changed_by_id",
    "note",
    "created_at",
)
FOCUS_WEIGHT = {"child": 3.0, "classroom": 1.0, "program": 0.3}
# Nothing stays open for months unattended: a referral idle this long was closed.
STALE_AFTER_DAYS = 120
FOLLOW_UP_DAYS = 14
S = Referral.Status
# Where a referral goes next from each status (None: it stays there), and how likely each step is.
NEXT_STEP_WEIGHTS: dict[str, dict[str | None, int]] = {
    S.DRAFT: {S.SENT: 85, S.CLOSED: 4, None: 11},
    S.SENT: {S.ACCEPTED: 50, S.WAITLISTED: 20, S.DECLINED: 10, S.CLOSED: 5, None: 15},
    S.WAITLISTED: {S.ACCEPTED: 60, S.DECLINED: 15, S.CLOSED: 10, None: 15},
    S.ACCEPTED: {S.SERVICES_STARTED: 70, S.DECLINED: 5, S.CLOSED: 5, None: 20},
    S.SERVICES_STARTED: {S.CLOSED: 60, None: 40},
    S.DECLINED: {S.CLOSED: 50, None: 50},
}

Change = tuple[str, str, int]  # (from status, to status, day as an ordinal)


class ReferralsMixin(GeneratorBase):
    def _referrals(self) -> None:
        rng = self.rng
        self.referral_table = self._table(Referral, REFERRAL_FIELDS)
        self.status_change_table = self._table(ReferralStatusChange, STATUS_CHANGE_FIELDS)
        self.next_referral_id = self._next_id(Referral)
        with_visits = [c for c in self.cases if c["visit_days"]]
        pick_case = Picker(with_visits, [FOCUS_WEIGHT[c["focus"]] for c in with_visits])
        self.next_step = {
            status: Picker(list(weights), list(weights.values()))
            for status, weights in NEXT_STEP_WEIGHTS.items()
        }
        for _ in range(self.s.referrals):
            case = pick_case(rng)
            self._add_referral(case, rng.randint(case["opened"], case["end"]))

    def _add_referral(self, case: dict[str, Any], created: int) -> None:
        rng = self.rng
        child, age = self._referral_child(case, created)
        service = self._pick_service(age)
        agency = rng.choice(self.agencies_for[service.pk])
        referral_id = self.next_referral_id
        self.next_referral_id += 1
        status, changes, sent_on = self._walk_statuses(created)
        # A child's consent to share is the child's record; a referral about no child carries
        # the family's consent itself.
        consent: date | None = date.fromordinal(created - rng.randint(0, 10))
        consent_by = rng.choice(CONSENT_GIVERS)
        if child is not None:
            self._need_consent(child, created)
            consent, consent_by = None, ""
        elif status == S.DRAFT and rng.random() < 0.5:
            consent, consent_by = None, ""
        self.referral_table.rows.append(
            (
                referral_id,
                new_uuid(rng),
                case["id"],
                child,
                service.pk,
                agency,
                "Family asked for support beyond the classroom.",
                consent,
                consent_by,
                status,
                sent_on,
                sent_on + timedelta(days=FOLLOW_UP_DAYS) if sent_on else None,
                "",
                case["consultant"],
                self.now,
                self.now,
            )
        )
        self._add_status_changes(referral_id, changes, case["consultant"])

    def _referral_child(self, case: dict[str, Any], created: int) -> tuple[int | None, int | None]:
        """The child referred, if any, and their age in months when the referral was started."""
        child = None
        if case["focus"] == "child":
            child = case["child"]
        elif case["focus"] == "classroom" and self.rng.random() < 0.6:
            pool = self.classroom_pool.get((case["classroom"], created // POOL_DAYS)) or []
            child = self.rng.choice(pool) if pool else None
        if child is None:
            return None, None
        dob = self.child_rows[child][4]
        if dob is None or dob.toordinal() > created:
            return None, None
        return child, whole_months_between(dob, date.fromordinal(created))

    def _pick_service(self, age: int | None) -> ServiceType:
        """A service the child (if any) is young enough for, weighted by how often it is used."""
        fits = [
            st
            for st in self.service_types
            if age is None or st.max_age_months is None or age < st.max_age_months
        ]
        return Picker(fits, [self.service_weight[f.pk] for f in fits])(self.rng)

    def _walk_statuses(self, created: int) -> tuple[str, list[Change], date | None]:
        """Step from draft until the referral stays put or reaches today.

        Returns the status reached, the changes on the way and the day it was sent, if it was."""
        rng = self.rng
        status: str = S.DRAFT
        day = created
        changes: list[Change] = [("", S.DRAFT, created)]
        sent_on = None
        while status in self.next_step:
            to = self.next_step[status](rng)
            if to is None and day < self.today_ord - STALE_AFTER_DAYS:
                to = S.CLOSED
            if to is None:
                break
            step_day = day + (rng.randint(0, 3) if status == S.DRAFT else rng.randint(2, 40))
            if step_day > self.today_ord:
                break
            changes.append((status, to, step_day))
            if to == S.SENT:
                sent_on = date.fromordinal(step_day)
            status, day = to, step_day
        return status, changes, sent_on

    def _add_status_changes(self, referral_id: int, changes: list[Change], by: int) -> None:
        for from_status, to_status, on in changes:
            self.status_change_table.rows.append(
                (
                    referral_id,
                    from_status,
                    to_status,
                    date.fromordinal(on),
                    by,
                    "Referral started." if not from_status else "",
                    self.now,
                )
            )
