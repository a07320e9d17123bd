"""Audit of reads: who read which record or export, when and from where; refused attempts too."""

from fnmatch import fnmatchcase
from ipaddress import ip_address
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from accounts.models import AccessRecord, User

USER_AGENT_MAX = 255
PATH_MAX = 500


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
    for pattern, object_type in settings.AUDITED_VIEWS.items():
        if fnmatchcase(url_name, pattern):
            return object_type
    return None


def is_download(response: HttpResponseBase) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment")


def object_id_from(kwargs: dict) -> str:
    """The record id in the address: the first UUID, else the admin's object_id."""
    for value in kwargs.values():
        if isinstance(value, UUID):
            return str(value)
    return str(kwargs.get("object_id", ""))[:64]


def access_action(*, url_name: str, status_code: int, download: bool) -> tuple[str, str] | None:
    """(action, object type) to record for a signed-in user's request, or None for no record."""
    if status_code in {403, 404}:
        return AccessRecord.Action.DENIED, audited_object_type(url_name) or ""
    if not 200 <= status_code < 300:
        return None
    object_type = audited_object_type(url_name)
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
    decision = access_action(
        url_name=url_name, status_code=response.status_code, download=is_download(response)
    )
    if decision is None:
        return None
    action, object_type = decision
    return AccessRecord.objects.create(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id_from(match.kwargs) if match else "",
        url_name=url_name[:200],
        method=(request.method or "")[:10],
        path=request.get_full_path()[:PATH_MAX],
        status_code=response.status_code,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
    )
