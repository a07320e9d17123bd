"""Who may see a row. Each model of consultation work declares, once, the path from itself to
the consultant whose work it is (`owner_path`): a supervisor sees the rows of the consultants
they supervise, program leads and superusers every row, a consultant their own, anyone else
none. Selectors, the admin's scope and the reports all read the path from the model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M", bound=Model)


def owner_path(model: type[Model]) -> str:
    path = getattr(model, "owner_path", None)
    if not isinstance(path, str):
        raise TypeError(f"{model.__name__} declares no owner_path: nobody could be given its rows")
    return path


def consultant_scope(user: User | Any, path: str) -> Q | None:
    """The filter that limits rows owned through `path` (a lookup path to a consultant) to the
    user: None means no limit (program leads and superusers); an impossible filter, nothing."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.sees_everything:
        return None
    if user.is_supervisor:
        return Q(**{f"{path}__supervisor": user})
    if user.is_consultant:
        return Q(**{path: user})
    return Q(pk__in=[])


def crosses_many(model: type[Model], path: str) -> bool:
    """Whether a lookup path goes through a many-valued relation (a site's consultants), so that
    a filter on it could repeat rows; a path of foreign keys never does."""
    current: Any = model
    for name in path.split("__"):
        field = current._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if field.related_model is None:
            return False
        current = field.related_model
    return False


def scoped(queryset: QuerySet[M], user: User | Any, *, path: str | None = None) -> QuerySet[M]:
    """The rows of `queryset` the user may see, owned through the model's owner_path (or
    `path`). A many-valued path is applied as a subquery of primary keys, so it never repeats a
    row and needs no DISTINCT; a path of foreign keys filters directly."""
    path = path or owner_path(queryset.model)
    scope = consultant_scope(user, path)
    if scope is None:
        return queryset
    if not crosses_many(queryset.model, path):
        return queryset.filter(scope)
    owned = queryset.model._default_manager.filter(scope).values("pk")
    return queryset.filter(pk__in=owned)
