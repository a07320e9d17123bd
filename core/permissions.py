"""The checks every view makes: who may write here, and the one access helper that turns a
record outside the user's scope into a 404."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse

from core.http import AuthenticatedRequest

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponse]


def consultant_only(view: View) -> View:
    """Writes in the consultant pages are consultants' work; supervisors and leads edit in the
    admin."""

    @wraps(view)
    def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_consultant:
            raise PermissionDenied("Only consultants record consultation work here.")
        return view(request, *args, **kwargs)

    return wrapper


def can_edit(user: Any, owner_id: int | None = None) -> bool:
    """Whether the page offers its buttons: consultants edit their own work (any, without an
    owner); reviewers read."""
    return bool(user.is_consultant) and (owner_id is None or owner_id == user.pk)


def get_visible_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """The one access helper: an object outside the user's scope does not exist for them."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, ValidationError):
        raise Http404("No such record.") from None
