"""Synthetic sites across the state, their classrooms and star ratings, and who works where."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from consultation.models import Classroom, County, Site, StarRating
from devdata.synthetic.base import GeneratorBase
from devdata.synthetic.constants import COUNTIES, LICENCE_PREFIX
from devdata.synthetic.names import LAST_INITIALS, SITE_WORDS, STAFF_FIRST, STAFF_LAST
from devdata.synthetic.tables import Picker, allocate, new_uuid

SITE_FIELDS = (
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
)
CLASSROOM_FIELDS = (
    "id",
    "uuid",
    "site_id",
    "name",
    "age_group",
    "lead_teacher",
    "is_active",
    "created_at",
    "updated_at",
)
STAR_RATING_FIELDS = ("site_id", "level", "effective_date", "created_at", "updated_at")
SITE_TYPE_WEIGHTS = {
    Site.SiteType.CENTRE: 50,
    Site.SiteType.FAMILY_HOME: 25,
    Site.SiteType.HEAD_START: 12,
    Site.SiteType.PUBLIC_PREK: 9,
    Site.SiteType.TRIBAL: 4,
}
# Family homes have one or two classrooms, centres several.
BASE_CLASSROOMS = {"family_home": 1, "public_prek": 2, "tribal": 3, "head_start": 4, "centre": 5}
AGE_GROUP_WEIGHTS = {"infant": 2, "toddler": 3, "preschool": 4, "mixed": 1}
NEW_STAR_LEVELS = ["stars_1", "stars_2", "stars_3", "stars_4", "stars_5"]
NEW_STAR_SCALE_FROM = date(2022, 6, 1)
# A site's own county's consultants are this many times likelier to work there than the region's.
HOME_COUNTY_WEIGHT = 8


class SitesMixin(GeneratorBase):
    def _sites(self) -> None:
        self._site_rows()
        self._classrooms(self._classroom_counts())
        self._star_ratings()
        self._assign_site_consultants()

    def _site_rows(self) -> None:
        pops = [COUNTIES[c.name][0] for c in self.counties]
        minimum = 2 if self.s.sites >= 4 * len(self.counties) else 0
        per_county = allocate(self.s.sites, pops, minimum=minimum)
        site_types = Picker(list(SITE_TYPE_WEIGHTS), list(SITE_TYPE_WEIGHTS.values()))
        t = self._table(Site, SITE_FIELDS)
        next_id = self._next_id(Site)
        self.sites = []
        for county, count in zip(self.counties, per_county, strict=True):
            for _ in range(count):
                site_type = site_types(self.rng)
                t.rows.append(self._site_row(next_id, site_type, county))
                self.sites.append({"id": next_id, "type": site_type, "county": county})
                next_id += 1

    def _site_row(self, site_id: int, site_type: str, county: County) -> tuple:
        rng = self.rng
        name = f"{rng.choice(SITE_WORDS)} {Site.SiteType(site_type).label.split(' /')[0]}"
        return (
            site_id,
            new_uuid(rng),
            f"{name} {site_id}",
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

    def _classroom_counts(self) -> list[int]:
        """A typical number per site type, then trimmed or padded to the target."""
        rng = self.rng
        counts = [max(1, BASE_CLASSROOMS[site["type"]] + rng.randint(-1, 1)) for site in self.sites]
        diff = self.s.classrooms - sum(counts)
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
        return counts

    def _classrooms(self, counts: list[int]) -> None:
        groups = Picker(list(AGE_GROUP_WEIGHTS), list(AGE_GROUP_WEIGHTS.values()))
        t = self._table(Classroom, CLASSROOM_FIELDS)
        next_id = self._next_id(Classroom)
        self.classrooms = {}
        for site, count in zip(self.sites, counts, strict=True):
            site["classrooms"] = []
            for k in range(count):
                group = "mixed" if site["type"] == "family_home" else groups(self.rng)
                t.rows.append(self._classroom_row(next_id, site, group, k + 1))
                self.classrooms[next_id] = (site["id"], group)
                site["classrooms"].append(next_id)
                next_id += 1

    def _classroom_row(
        self, classroom_id: int, site: dict[str, Any], group: str, number: int
    ) -> tuple:
        rng = self.rng
        return (
            classroom_id,
            new_uuid(rng),
            site["id"],
            f"{Classroom.AgeGroup(group).label} {number}",
            group,
            f"{rng.choice(STAFF_FIRST)} {rng.choice(STAFF_LAST)}",
            True,
            self.now,
            self.now,
        )

    def _star_ratings(self) -> None:
        """Most sites have an old-scale rating, many a new-scale one since June 2022."""
        rng = self.rng
        r = self._table(StarRating, STAR_RATING_FIELDS)
        old_levels = list(StarRating.OLD_SCALE)
        new_from = NEW_STAR_SCALE_FROM.toordinal()
        for site in self.sites:
            if rng.random() < 0.7 and new_from > self.start_ord:
                day = rng.randint(self.start_ord, new_from - 1)
                r.rows.append(self._star_rating_row(site["id"], rng.choice(old_levels), day))
            if rng.random() < 0.6 and self.today_ord > new_from:
                day = rng.randint(new_from, self.today_ord)
                r.rows.append(self._star_rating_row(site["id"], rng.choice(NEW_STAR_LEVELS), day))

    def _star_rating_row(self, site_id: int, level: str, day: int) -> tuple:
        return (site_id, level, date.fromordinal(day), self.now, self.now)

    def _assign_site_consultants(self) -> None:
        """A site's consultant lives in its county (strongly preferred) or region."""
        rng = self.rng
        pickers = self._consultant_pickers_by_county()
        self.site_consultant_picker = pickers
        self.site_consultants = {}
        for site in self.sites:
            pick = pickers[site["county"].pk]
            first = pick(rng)
            chosen = [first]
            if rng.random() < 0.15:
                second = pick(rng)
                if second != first:
                    chosen.append(second)
            self.site_consultants[site["id"]] = chosen

    def _consultant_pickers_by_county(self) -> dict[int, Picker[int]]:
        by_region: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for uid, home, region in self.consultants:
            by_region[region].append((uid, home))
        all_consultants = [(uid, home) for uid, home, _ in self.consultants]
        pickers: dict[int, Picker[int]] = {}
        for county in self.counties:
            pool = by_region.get(COUNTIES[county.name][1]) or all_consultants
            pickers[county.pk] = Picker(
                [uid for uid, _ in pool],
                [HOME_COUNTY_WEIGHT if home == county.pk else 1 for _, home in pool],
            )
        return pickers

    def _site_consultant_links(self) -> None:
        """Sites list the consultants who have worked there."""
        links = {(site_id, uid) for site_id, uids in self.site_consultants.items() for uid in uids}
        links |= {(c["site"]["id"], c["consultant"]) for c in self.cases}
        t = self._table(Site.consultants.through, ["site_id", "user_id"])
        t.rows.extend(sorted(links))
