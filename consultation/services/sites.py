"""Writes of sites, their Stars ratings and classrooms: every change comes through here, from
the consultant pages, the admin and management commands alike."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import (
    STARS_NEW_SCALE_FROM,
    Classroom,
    County,
    Site,
    StarRating,
)
from consultation.models.case_status import OPEN_CASE_STATUSES
from consultation.services.roles import require_consultant
from core.dates import local_today
from core.versions import claim_version


@transaction.atomic
def site_create(
    *,
    created_by: User,
    name: str,
    site_type: str,
    county: County,
    licence_number: str | None = None,
    address: str = "",
    city: str = "",
    director_name: str = "",
    phone: str = "",
    email: str = "",
    provider_language: str = "",
) -> Site:
    licence_number = (licence_number or "").strip() or None
    if licence_number and Site.objects.filter(licence_number__iexact=licence_number).exists():
        raise ValidationError(
            {"licence_number": _("A site with this licence number already exists.")}
        )
    site = Site(
        name=name.strip(),
        site_type=site_type,
        county=county,
        licence_number=licence_number,
        address=address,
        city=city,
        director_name=director_name,
        phone=phone,
        email=email,
        provider_language=provider_language,
    )
    site.full_clean()
    site.save()
    if created_by.role == User.Role.CONSULTANT:
        site.consultants.add(created_by)
    return site


@transaction.atomic
def site_update(
    *,
    site: Site,
    name: str,
    site_type: str,
    county: County,
    licence_number: str | None = None,
    address: str = "",
    city: str = "",
    director_name: str = "",
    phone: str = "",
    email: str = "",
    expected_version: int | None = None,
    provider_language: str = "",
) -> Site:
    claim_version(site, expected_version)
    licence_number = (licence_number or "").strip() or None
    others = Site.objects.exclude(pk=site.pk)
    if licence_number and others.filter(licence_number__iexact=licence_number).exists():
        raise ValidationError(
            {"licence_number": _("A site with this licence number already exists.")}
        )
    site.name, site.site_type, site.county = name.strip(), site_type, county
    site.licence_number, site.address, site.city = licence_number, address, city
    site.director_name, site.phone, site.email = director_name, phone, email
    site.provider_language = provider_language
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def star_rating_record(*, site: Site, level: str, effective_date: date) -> StarRating:
    new_scale = level not in StarRating.OLD_SCALE
    if new_scale != (effective_date >= STARS_NEW_SCALE_FROM):
        raise ValidationError(
            {
                "level": _(
                    "Ratings from 1 June 2022 use the 1-5 Stars scale; earlier ones use "
                    "One Star, One Star Plus, Two Star or Three Star."
                )
            }
        )
    if effective_date > local_today():
        raise ValidationError({"effective_date": _("The effective date cannot be in the future.")})
    rating = StarRating(site=site, level=level, effective_date=effective_date)
    rating.full_clean()
    rating.save()
    return rating


@transaction.atomic
def classroom_create(*, site: Site, name: str, age_group: str, lead_teacher: str = "") -> Classroom:
    classroom = Classroom(
        site=site, name=name.strip(), age_group=age_group, lead_teacher=lead_teacher
    )
    classroom.full_clean()
    classroom.save()
    return classroom


@transaction.atomic
def classroom_update(
    *,
    classroom: Classroom,
    name: str,
    age_group: str,
    lead_teacher: str = "",
    expected_version: int | None = None,
) -> Classroom:
    claim_version(classroom, expected_version)
    name = name.strip()
    if classroom.site.classrooms.exclude(pk=classroom.pk).filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This site already has a classroom of that name.")})
    classroom.name, classroom.age_group, classroom.lead_teacher = name, age_group, lead_teacher
    classroom.full_clean()
    classroom.save()
    return classroom


def _require_own_consultant(consultant: User, by: User) -> None:
    require_consultant(consultant)
    if not by.is_superuser and not (by.is_supervisor and consultant.supervisor_id == by.pk):
        raise ValidationError(
            {
                "consultant": _("%(who)s is not on your team: choose one of your consultants.")
                % {"who": consultant}
            }
        )


@transaction.atomic
def site_consultant_assign(*, sites: Iterable[Site], consultant: User, by: User) -> None:
    """Put a consultant on sites' lists: they see the sites' children without a case there."""
    _require_own_consultant(consultant, by)
    for site in sites:
        site.consultants.add(consultant)


@transaction.atomic
def site_consultant_remove(*, sites: Iterable[Site], consultant: User, by: User) -> list[Site]:
    """Take a consultant off sites' lists. Returns the sites they keep for now through open
    cases of theirs there (core.scope): until those are closed or reassigned."""
    _require_own_consultant(consultant, by)
    sites = list(sites)
    for site in sites:
        site.consultants.remove(consultant)
    kept = Site.objects.filter(
        pk__in=[site.pk for site in sites],
        cases__consultant=consultant,
        cases__status__in=OPEN_CASE_STATUSES,
        cases__is_archived=False,
    )
    return list(kept.distinct())
