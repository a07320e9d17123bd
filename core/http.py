"""The request a signed-in page handles: LoginRequiredMiddleware lets no other reach a view
that is not marked login_not_required, so its user is always a User, never AnonymousUser."""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from accounts.models import User

    class AuthenticatedRequest(HttpRequest):
        user: User

else:
    AuthenticatedRequest = HttpRequest
