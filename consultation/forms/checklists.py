"""The children a visit form offers, and the concern checklist of each child ticked: the items
of the child's age band on the visit date, built on the server with the rule the service
applies (consultation.ages), and described once as data for the page's script, which builds
the same checklist when a child is ticked or the date changes."""

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict

from consultation.ages import (
    INFANT_UNDER_MONTHS,
    PRESCHOOL_UNDER_MONTHS,
    TODDLER_UNDER_MONTHS,
    AgeBand,
)
from consultation.forms.visits import ConcernForm
from consultation.models import Child, ConcernItem, ConsultationCase, ObservedConcern, Visit
from core.numbers import parse_int

FIND_LIMIT = 20


@dataclass
class ChildChoice:
    """A child the form offers: their "involved" box and, when ticked, their checklist."""

    child: Child
    ticked: bool
    band: AgeBand | None = None
    forms: list[ConcernForm] = field(default_factory=list)
    # When the caregiver's consent to consultation is in force, as [first, last] ISO days ("":
    # no end), for the page's script; and whether it is on the visit date.
    consent_periods: list[list[str]] = field(default_factory=list)
    consented: bool = True

    @property
    def consent_data(self) -> str:
        return json.dumps(self.consent_periods)

    @property
    def box_id(self) -> str:
        return f"id_visit-children_{self.child.pk}"


def site_children(case: ConsultationCase) -> QuerySet[Child]:
    """Every child the visit may involve: the site's, not archived."""
    return Child.objects.filter(classroom__site=case.site_id, is_archived=False)


def offered_children(case: ConsultationCase) -> Q:
    """The children the form lists before any search: the case's child, or its classroom's
    children; none for a program-wide case (a search over the site finds them)."""
    if case.child_id:
        return Q(pk=case.child_id)
    if case.classroom_id:
        return Q(classroom=case.classroom_id)
    return Q(pk__in=[])


def found_children(case: ConsultationCase, words: str) -> QuerySet[Child]:
    """Children of the site whose first name starts with the words, or whose initials they are
    ("K.M.", "km")."""
    words = words.strip()
    letters = "".join(ch for ch in words if ch.isalpha())
    if not words:
        return site_children(case).none()
    match = Q(first_name__istartswith=words)
    if len(letters) == 2 and len(words) <= 5:
        match |= Q(first_name__istartswith=letters[0], last_initial__istartswith=letters[1])
    return site_children(case).filter(match).order_by("first_name", "pk")[:FIND_LIMIT]


def ticked_items(data: QueryDict | dict | None) -> set[tuple[int, int]]:
    """(child, item) of every checklist box ticked in the posted form."""
    ticked = set()
    for key in data or ():
        parts = key.split("-")
        if len(parts) == 4 and parts[0] == "concern" and parts[3] == "observed":
            child, item = parse_int(parts[1], minimum=0), parse_int(parts[2], minimum=0)
            if child is not None and item is not None:
                ticked.add((child, item))
    return ticked


class Checklists:
    """The active checklist items by age band, read once for the page."""

    def __init__(self) -> None:
        items = ConcernItem.objects.only(
            "text", "text_es", "age_band", "prompts_crisis_lines", "is_active"
        )
        self.items = {item.pk: item for item in items}
        self.by_band: dict[str, list[ConcernItem]] = {}
        for item in self.items.values():
            if item.is_active:
                self.by_band.setdefault(item.age_band, []).append(item)

    def for_child(
        self,
        choice: ChildChoice,
        *,
        on: date,
        kept: set[tuple[int, int]],
        recorded: dict[tuple[int, int], ObservedConcern],
        data: Any,
    ) -> None:
        """Fill the child's checklist: the items of their band on `on`, and any item recorded
        on the visit or ticked in the posted form even when another band's (the date changed:
        the service then says why)."""
        child = choice.child
        choice.band = child.age_band_on(on) if on >= child.date_of_birth else None
        # Without consent on the date, only what was recorded or ticked stays in view (the
        # service says why a new one cannot be kept).
        shown = list(self.by_band.get(choice.band or "", [])) if choice.consented else []
        extra = sorted(pk for (child_pk, pk) in kept if child_pk == child.pk)
        shown += [
            self.items[pk] for pk in extra if pk in self.items and self.items[pk] not in shown
        ]
        choice.forms = [_concern_form(child, item, recorded, data) for item in shown]

    def as_data(self) -> dict[str, Any]:
        """What the page's script needs to build a checklist: the items of each band, the
        frequencies, and the age-band rule's thresholds (months)."""
        return {
            "bands": {
                band: [
                    {"pk": i.pk, "text": i.local_text, "crisis": i.prompts_crisis_lines}
                    for i in items
                ]
                for band, items in self.by_band.items()
            },
            "bandLabels": {band.value: str(band.label) for band in AgeBand},
            "underMonths": {
                AgeBand.INFANT.value: INFANT_UNDER_MONTHS,
                AgeBand.TODDLER.value: TODDLER_UNDER_MONTHS,
                AgeBand.PRESCHOOL.value: PRESCHOOL_UNDER_MONTHS,
            },
            "frequencies": [[v, str(label)] for v, label in ConcernForm.frequency_choices()],
        }


def _concern_form(
    child: Child, item: ConcernItem, recorded: dict[tuple[int, int], ObservedConcern], data: Any
) -> ConcernForm:
    concern = recorded.get((child.pk, item.pk))
    initial = (
        {"observed": True, "frequency": concern.frequency, "notes": concern.notes}
        if concern
        else {}
    )
    return ConcernForm(
        data, prefix=f"concern-{child.pk}-{item.pk}", initial=initial, item=item, child=child
    )


def recorded_concerns(visit: Visit | None) -> dict[tuple[int, int], ObservedConcern]:
    if visit is None:
        return {}
    return {(c.child_id, c.concern_item_id): c for c in visit.concerns.all()}
