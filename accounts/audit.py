"""Audit of reads: who read which record or export, when and from where; refused attempts too."""

from fnmatch import fnmatchcase
from functools import cache
from ipaddress import ip_address
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase, QueryDict

from accounts.models import AccessRecord, User

USER_AGENT_MAX = 255
PATH_MAX = 500
VIEW_ON_SITE = "admin:view_on_site"


def client_ip(request: HttpRequest) -> str | None:
    """The source address of a request; also django-axes' AXES_CLIENT_IP_CALLABLE.

    With TRUSTED_PROXY_COUNT proxies in front, the address is the X-Forwarded-For entry that the
    nearest trusted proxy appended (entries further left are whatever the client sent).
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return None


def audited_object_type(url_name: str) -> str | None:
    """What an audited page shows ("child", "case"...), or None for a page not audited.

    The app's pages are named in settings.AUDITED_VIEWS. Every admin page about a record of
    someone's work (a model with an owner_path: sites, children, cases, visits, concerns, goals,
    referrals...) is audited too, its lists, history and versions included; its type is the
    model's name."""
    for pattern, object_type in settings.AUDITED_VIEWS.items():
        if fnmatchcase(url_name, pattern):
            return object_type
    return record_type(admin_model(url_name))


def record_type(model: type[Model] | None) -> str | None:
    """A model's name when its rows are records of someone's work (core.scope's owner_path)."""
    if model is None or not hasattr(model, "owner_path"):
        return None
    return model._meta.model_name


@cache
def admin_model(url_name: str) -> type[Model] | None:
    """The model of an admin page, from its name: "admin:<app>_<model>_<view>"."""
    if not url_name.startswith("admin:"):
        return None
    name = url_name.removeprefix("admin:")
    found = [
        model
        for model in apps.get_models()
        if name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_")
    ]
    return max(found, key=lambda model: len(model._meta.model_name or ""), default=None)


def autocomplete_model(query: QueryDict) -> type[Model] | None:
    """The model whose rows the admin's autocomplete lists: the target of the field it fills."""
    try:
        source = apps.get_model(query.get("app_label", ""), query.get("model_name", ""))
        return source._meta.get_field(query.get("field_name", "")).related_model
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def view_on_site_model(content_type_id: str) -> type[Model] | None:
    """The model of the admin's "view on site" redirect (admin/r/<content type>/<id>/)."""
    try:
        return ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ValueError, OverflowError, ContentType.DoesNotExist):
        return None


def request_object_type(request: HttpRequest, url_name: str, kwargs: dict) -> str | None:
    """audited_object_type, for the two admin pages whose model is in the address's values."""
    if url_name == "admin:autocomplete":
        return record_type(autocomplete_model(request.GET))
    if url_name == VIEW_ON_SITE:
        return record_type(view_on_site_model(str(kwargs.get("content_type_id", ""))))
    return audited_object_type(url_name)


def is_download(response: HttpResponseBase) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment")


def object_id_from(kwargs: dict, query: QueryDict | None = None, args: tuple = ()) -> str:
    """The record id in the address: the first UUID in the path, else the admin's object id
    (named, or first as in the versions' addresses), else the first UUID in the query string
    (a form for a case: ?case=<uuid>)."""
    for value in kwargs.values():
        if isinstance(value, UUID):
            return str(value)
    if "object_id" in kwargs or args:
        return str(kwargs.get("object_id", args[0] if args else ""))[:64]
    for value in (query or QueryDict()).dict().values():
        try:
            return str(UUID(str(value)))
        except ValueError:
            continue
    return ""


def access_action(
    *, object_type: str | None, status_code: int, download: bool, url_name: str = ""
) -> tuple[str, str] | None:
    """(action, object type) to record for a signed-in user's request, or None for no record.

    object_type is what audited_object_type says the page shows (None: not audited)."""
    if status_code in {403, 404}:
        return AccessRecord.Action.DENIED, object_type or ""
    # "View on site" answers with a redirect, having read which record an admin id is.
    read = 200 <= status_code < 300 or (url_name == VIEW_ON_SITE and status_code == 302)
    if not read:
        return None
    if download or object_type == "export":
        return AccessRecord.Action.EXPORT, object_type or "download"
    if object_type:
        return AccessRecord.Action.VIEW, object_type
    return None


def access_record_for(
    *, request: HttpRequest, response: HttpResponseBase, user: User
) -> AccessRecord | None:
    match = request.resolver_match
    url_name = match.view_name if match else ""
    kwargs = match.kwargs if match else {}
    decision = access_action(
        object_type=request_object_type(request, url_name, kwargs),
        status_code=response.status_code,
        download=is_download(response),
        url_name=url_name,
    )
    if decision is None:
        return None
    action, object_type = decision
    return AccessRecord.objects.create(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id_from(kwargs, request.GET, match.args if match else ()),
        url_name=url_name[:200],
        method=(request.method or "")[:10],
        path=request.get_full_path()[:PATH_MAX],
        status_code=response.status_code,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
    )
