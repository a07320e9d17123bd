"""Sites as the site list shows them: searched, with their current rating and figures."""

from datetime import date
from typing import Any

from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from accounts.models import User
from consultation.models import Classroom, Site, StarRating
from consultation.selectors.scope import open_cases_visible_to, sites_visible_to


def _rating_label() -> Case:
    return Case(
        *[When(level=value, then=Value(str(label))) for value, label in StarRating.Level.choices],
        default=Value(""),
        output_field=CharField(),
    )


def current_star_rating(site: Site, *, today: date) -> StarRating | None:
    return site.star_ratings.filter(effective_date__lte=today).order_by("-effective_date").first()


def site_list(user: User | Any, *, query: str = "", today: date) -> QuerySet[Site]:
    """Sites the user may see, searched by name, licence number or county, with their figures."""
    current_rating = (
        StarRating.objects.filter(site=OuterRef("pk"), effective_date__lte=today)
        .order_by("-effective_date")
        .annotate(label=_rating_label())
        .values("label")[:1]
    )
    open_cases = (
        open_cases_visible_to(user)
        .filter(site=OuterRef("pk"))
        .order_by()
        .values("site")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    classrooms = (
        Classroom.objects.filter(site=OuterRef("pk"), is_active=True)
        .order_by()
        .values("site")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sites = sites_visible_to(user).annotate(
        current_rating=Subquery(current_rating),
        open_case_count=Coalesce(Subquery(open_cases), 0),
        classroom_count=Coalesce(Subquery(classrooms), 0),
    )
    query = query.strip()
    if query:
        sites = sites.filter(
            Q(name__icontains=query)
            | Q(licence_number__icontains=query)
            | Q(county__name__icontains=query)
        )
    return sites.order_by("name", "pk")
