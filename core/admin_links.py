"""The admin's "View on site" (admin/r/<content type>/<id>/), scoped.

Django's own view turns any record's integer id into the address of its page (its UUID) for
any staff user, whatever the record's team: ids are guessable, UUIDs are meant not to be. This
one answers only for a record the user's admin of that model lists (for the scoped admins, a
record in their scope); any other is not found, as in the rest of the admin."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import URLPattern, path


def view_on_site(
    request: HttpRequest, content_type_id: int, object_id: str
) -> HttpResponseRedirect:
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except (ContentType.DoesNotExist, OverflowError, ValueError):
        raise Http404("No such record.") from None
    model_admin = admin.site._registry.get(model) if model is not None else None
    if model_admin is None or not model_admin.has_view_permission(request):
        raise Http404("No such record.")
    try:
        record = model_admin.get_queryset(request).filter(pk=object_id).first()
    except (ValueError, TypeError, OverflowError, ValidationError):
        record = None
    if record is None or not hasattr(record, "get_absolute_url"):
        raise Http404("No such record.")
    return HttpResponseRedirect(record.get_absolute_url())


def admin_urls() -> tuple[list, str, str]:
    """The admin site's URLs, with this view in place of Django's "view_on_site"."""
    urls, app_name, namespace = admin.site.urls
    scoped = path(
        "r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="view_on_site",
    )
    kept = [u for u in urls if not (isinstance(u, URLPattern) and u.name == "view_on_site")]
    return [scoped, *kept], app_name, namespace
