"""The count of unread notifications in the navigation: one query, and only when a page draws
the navigation for a signed-in person."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.notify import unread_count


def notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
