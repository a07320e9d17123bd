"""Who may see a row. Each model of consultation work declares, once, the ways from itself to
the consultant whose work it is (`owner_path`): a supervisor sees the rows of the consultants
they supervise, program leads and superusers every row, a consultant their own, anyone else
none.

An owner_path is a lookup path to a consultant ("consultant"), or several `Owner`s, each a path
taken only by the rows its condition holds for: a visit is its case's consultant's, and its
author's only when it has no case; a site is its assigned consultants' and those with an open
case there. `via` lends a model the owners of the record it hangs off. Selectors, the admin's
scope and the reports all read the owners from the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Owner:
    """One way from a row to a consultant: `path`, for the rows `when` holds for. A `when`
    through a many-valued relation is applied in the same filter as `path`, so both speak of the
    same related row (the same case: open, and this consultant's)."""

    path: str
    when: Q = field(default_factory=Q)

    def prefixed(self, prefix: str) -> Owner:
        return Owner(f"{prefix}__{self.path}", _prefixed(self.when, prefix))

    def lookups(self) -> list[str]:
        return [self.path, *_lookups(self.when)]


def _prefixed(q: Q, prefix: str) -> Q:
    copy = Q(*(), _connector=q.connector, _negated=q.negated)
    copy.children = [
        _prefixed(child, prefix) if isinstance(child, Q) else _prefixed_lookup(child, prefix)
        for child in q.children
    ]
    return copy


def _prefixed_lookup(child: Any, prefix: str) -> tuple[str, Any]:
    lookup, value = child
    return f"{prefix}__{lookup}", value


def _lookups(q: Q) -> list[str]:
    found: list[str] = []
    for child in q.children:
        if isinstance(child, Q):
            found.extend(_lookups(child))
        else:
            lookup, _ = cast(tuple[str, Any], child)
            found.append(lookup)
    return found


OwnerPath = str | tuple[Owner, ...]


def owners(path: OwnerPath) -> tuple[Owner, ...]:
    return (Owner(path),) if isinstance(path, str) else path


def via(prefix: str, path: OwnerPath) -> tuple[Owner, ...]:
    """The owners of the record at `prefix` (a foreign key), as this model's."""
    return tuple(owner.prefixed(prefix) for owner in owners(path))


def owner_path(model: type[Model]) -> tuple[Owner, ...]:
    path = getattr(model, "owner_path", None)
    if not isinstance(path, str | tuple):
        raise TypeError(f"{model.__name__} declares no owner_path: nobody could be given its rows")
    return owners(path)


def consultant_scope(user: User | Any, path: OwnerPath) -> Q | None:
    """The filter that limits rows owned through `path` to the user: None means no limit
    (program leads and superusers); an impossible filter, nothing."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.sees_everything:
        return None
    if user.is_supervisor:
        suffix = "__supervisor"
    elif user.is_consultant:
        suffix = ""
    else:
        return Q(pk__in=[])
    scopes = [owner.when & Q(**{f"{owner.path}{suffix}": user}) for owner in owners(path)]
    scope = scopes[0]
    for other in scopes[1:]:
        scope |= other
    return scope


def crosses_many(model: type[Model], path: OwnerPath) -> bool:
    """Whether any lookup of the owners goes through a many-valued relation (a site's
    consultants, its cases), so that a filter on it could repeat rows; foreign keys never do."""
    return any(_crosses_many(model, lookup) for owner in owners(path) for lookup in owner.lookups())


def _crosses_many(model: type[Model], lookup: str) -> bool:
    current: Any = model
    for name in lookup.split("__"):
        try:
            field_ = current._meta.get_field(name)
        except FieldDoesNotExist:  # a lookup such as "in" or "isnull": the path ended
            return False
        if field_.many_to_many or field_.one_to_many:
            return True
        if field_.related_model is None:
            return False
        current = field_.related_model
    return False


def scoped(
    queryset: QuerySet[M], user: User | Any, *, path: OwnerPath | None = None
) -> QuerySet[M]:
    """The rows of `queryset` the user may see, owned through the model's owner_path (or
    `path`). An owner through a many-valued relation is applied as a subquery of primary keys,
    one per owner, so it never repeats a row, needs no DISTINCT and joins no owner with
    another (a site's assignments with its cases); foreign keys filter directly."""
    path = path or owner_path(queryset.model)
    if consultant_scope(user, path) is None:
        return queryset
    model = queryset.model
    parts: list[Q] = []
    for owner in owners(path):
        scope = consultant_scope(user, (owner,))
        assert scope is not None  # the user sees everything through every owner, or not
        if crosses_many(model, (owner,)):
            scope = Q(pk__in=model._default_manager.filter(scope).values("pk"))
        parts.append(scope)
    return queryset.filter(reduce(or_, parts))
