"""The three imports: sites keyed on licence number, classrooms on site and name, children on
classroom, first name, last initial and date of birth. Each checks a row with the rules of its
form and service (unknown counties, impossible or implausible dates), compares it with the
record on file, and writes it through the same services as the forms.

An empty cell leaves a field as it is on file. A supervisor imports into their team's sites
only; a site they add names a consultant of their team, who is put on it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User
from consultation import services
from consultation.forms import ClassroomForm, SiteForm
from consultation.imports.cells import Line, choice, compare, form_errors, parse_date
from consultation.models import Child, Classroom, County, ImportRun, Site
from consultation.rules import date_of_birth_errors, last_initial_errors
from consultation.selectors import sites_visible_to

SITE_FIELDS = ("name", "address", "city", "director_name", "phone", "email")


@dataclass(frozen=True)
class Kind:
    columns: tuple[str, ...]
    required: tuple[str, ...]
    example: tuple[str, ...]
    check: Callable[[Line, "Lookups"], None]
    apply: Callable[[Line, User], None]


class Lookups:
    """What the rows are checked against, read once per import (not once per row)."""

    def __init__(self, user: User, kind: str):
        self.user = user
        self.counties = {}
        for county in County.objects.all():
            self.counties[county.name.lower()] = county
            self.counties[f"{county.name.lower()} county"] = county
        sites = sites_visible_to(user).prefetch_related("consultants")
        self.sites = {s.licence_number.lower(): s for s in sites if s.licence_number}
        self.classrooms: dict[tuple[int, str], Classroom] = {}
        self.children: dict[tuple, Child] = {}
        self.licences: set[str] = set()
        self.consultants: dict[str, User] = {}
        if kind == ImportRun.Kind.SITES:
            numbers = Site.objects.exclude(licence_number=None).values_list(
                "licence_number", flat=True
            )
            self.licences = {str(number).lower() for number in numbers}
            team = User.objects.filter(role=User.Role.CONSULTANT, is_active=True)
            if not user.is_superuser:
                team = team.filter(supervisor=user)
            self.consultants = {c.username.lower(): c for c in team}
        if kind != ImportRun.Kind.SITES:
            rooms = Classroom.objects.filter(site__in=sites_visible_to(user).values("pk"))
            self.classrooms = {(r.site_id, r.name.lower()): r for r in rooms}
        if kind == ImportRun.Kind.CHILDREN:
            children = Child.objects.filter(classroom__site__in=sites_visible_to(user).values("pk"))
            for child in children:
                self.children[
                    child_key(
                        child.classroom_id,
                        child.first_name,
                        child.last_initial,
                        child.date_of_birth,
                    )
                ] = child

    def site(self, line: Line, column: str) -> Site | None:
        number = line.text(column)
        site = self.sites.get(number.lower())
        if site is None:
            line.refuse(
                column,
                _("No site with licence number “%(number)s” among your sites.")
                % {"number": number},
            )
        return site


def child_key(classroom_id: int, first_name: str, initial: str, born: Any) -> tuple:
    return (classroom_id, first_name.strip().lower(), initial.lower(), born)


# Sites ------------------------------------------------------------------------------------------


def check_site(line: Line, lookups: Lookups) -> None:
    number = line.text("licence_number")
    line.key = (number.lower(),)
    line.label = number
    if not number:
        line.refuse("licence_number", _("Give the site's licence number: it is the site's key."))
        return
    site = lookups.sites.get(number.lower())
    if site is None and number.lower() in lookups.licences:
        line.refuse("licence_number", _("A site with this licence number already exists."))
        return
    line.target = site
    data = {name: line.text(name) or (getattr(site, name) if site else "") for name in SITE_FIELDS}
    data["licence_number"] = number
    data["site_type"] = choice(line, "site_type", Site.SiteType.choices) or (
        site.site_type if site else ""
    )
    county_name = line.text("county")
    county = lookups.counties.get(county_name.lower()) if county_name else None
    if county_name and county is None:
        line.refuse(
            "county",
            _("Unknown county “%(county)s”: use an Oklahoma county's name.")
            % {"county": county_name},
        )
    county = county or (site.county if site else None)
    data["county"] = county.pk if county else ""
    form = SiteForm(data)
    if not form.is_valid():
        form_errors(line, form.errors, {})
    consultant = _consultant(line, lookups, site)
    if line.errors:
        return
    line.values = {**form.cleaned_data, "consultant": consultant}
    if site is not None:
        for name in (*SITE_FIELDS, "site_type", "county"):
            old, new = getattr(site, name), form.cleaned_data[name]
            if name == "site_type":
                old, new = site.get_site_type_display(), Site.SiteType(new).label
            compare(line, name, old, new)
        if consultant is not None and consultant not in site.consultants.all():
            compare(line, "consultant", "", consultant.username)


def _consultant(line: Line, lookups: Lookups, site: Site | None) -> User | None:
    username = line.text("consultant")
    consultant = lookups.consultants.get(username.lower()) if username else None
    if username and consultant is None:
        line.refuse(
            "consultant",
            _("“%(username)s” is not a consultant on your team.") % {"username": username},
        )
    elif site is None and consultant is None and not lookups.user.is_superuser:
        line.refuse(
            "consultant", _("Name a consultant of your team (their username) for a new site.")
        )
    return consultant


def apply_site(line: Line, user: User) -> None:
    values = dict(line.values)
    consultant = values.pop("consultant")
    if line.target is None:
        site = services.site_create(created_by=user, **values)
    else:
        site = services.site_update(site=line.target, **values)
    if consultant is not None:
        services.site_consultant_assign(sites=[site], consultant=consultant, by=user)


# Classrooms -------------------------------------------------------------------------------------


def check_classroom(line: Line, lookups: Lookups) -> None:
    site = lookups.site(line, "site_licence_number")
    name = line.text("name")
    line.label = f"{line.text('site_licence_number')} / {name}"
    if site is None:
        return
    line.key = (site.pk, name.lower())
    room = lookups.classrooms.get(line.key)
    line.target = room
    data = {
        "name": name,
        "age_group": choice(line, "age_group", Classroom.AgeGroup.choices)
        or (room.age_group if room else ""),
        "lead_teacher": line.text("lead_teacher") or (room.lead_teacher if room else ""),
    }
    form = ClassroomForm(data)
    if not form.is_valid():
        form_errors(line, form.errors, {})
    if line.errors:
        return
    line.values = {**form.cleaned_data, "site": site}
    if room is not None:
        compare(
            line,
            "age_group",
            room.get_age_group_display(),
            Classroom.AgeGroup(data["age_group"]).label,
        )
        compare(line, "lead_teacher", room.lead_teacher, data["lead_teacher"])


def apply_classroom(line: Line, user: User) -> None:
    values = dict(line.values)
    site = values.pop("site")
    if line.target is None:
        services.classroom_create(site=site, **values)
    else:
        services.classroom_update(classroom=line.target, **values)


# Children ---------------------------------------------------------------------------------------


def check_child(line: Line, lookups: Lookups) -> None:
    first_name = line.text("first_name")
    initial, initial_error = last_initial_errors(line.text("last_initial"))
    born = parse_date(line, "date_of_birth")
    line.label = f"{first_name} {initial}. {born or ''}".strip()
    if initial_error:
        line.refuse("last_initial", initial_error)
    if not first_name:
        line.refuse("first_name", _("Give the child's first name."))
    elif len(first_name) > 60:
        line.refuse("first_name", _("At most 60 characters."))
    if born is not None:
        for message in date_of_birth_errors(born).values():
            line.refuse("date_of_birth", message)
    site = lookups.site(line, "site_licence_number")
    room_name = line.text("classroom")
    room = lookups.classrooms.get((site.pk, room_name.lower())) if site else None
    if site is not None and room is None:
        line.refuse(
            "classroom",
            _("No classroom “%(name)s” at this site: import it first.") % {"name": room_name},
        )
    if room is None or born is None:
        return
    line.key = child_key(room.pk, first_name, initial, born)
    line.target = lookups.children.get(line.key)
    line.values = {
        "classroom": room,
        "first_name": first_name,
        "last_initial": initial,
        "date_of_birth": born,
    }


def apply_child(line: Line, user: User) -> None:
    services.child_create(**line.values)


KINDS: dict[str, Kind] = {
    ImportRun.Kind.SITES: Kind(
        columns=(
            "licence_number",
            "name",
            "site_type",
            "county",
            "address",
            "city",
            "director_name",
            "phone",
            "email",
            "consultant",
        ),
        required=("licence_number",),
        example=(
            "K-123456",
            "Sunny Days Learning Center",
            "Child care centre",
            "Tulsa",
            "100 Main St",
            "Tulsa",
            "Pat Director",
            "918 555 0100",
            "office@example.org",
            "ana",
        ),
        check=check_site,
        apply=apply_site,
    ),
    ImportRun.Kind.CLASSROOMS: Kind(
        columns=("site_licence_number", "name", "age_group", "lead_teacher"),
        required=("site_licence_number", "name"),
        example=("K-123456", "Bluebirds", "Toddlers", "Ms. Rivera"),
        check=check_classroom,
        apply=apply_classroom,
    ),
    ImportRun.Kind.CHILDREN: Kind(
        columns=("site_licence_number", "classroom", "first_name", "last_initial", "date_of_birth"),
        required=(
            "site_licence_number",
            "classroom",
            "first_name",
            "last_initial",
            "date_of_birth",
        ),
        example=("K-123456", "Bluebirds", "Ava", "M", "2023-04-05"),
        check=check_child,
        apply=apply_child,
    ),
}
