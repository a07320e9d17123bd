"""Stable pseudonymous codes for people in exports (children, consultants), in a module of their
own so that both the exports and the figures (public row labels) use them."""

from uuid import UUID

from django.utils.crypto import salted_hmac


def pseudonym(prefix: str, value: UUID, length: int) -> str:
    """A stable code for a person: the same UUID always gives the same code, and the code
    cannot be turned back into the UUID without the SECRET_KEY."""
    digest = salted_hmac(f"reports.{prefix}", str(value), algorithm="sha256").hexdigest()
    return f"{prefix}-{digest[:length]}"


def child_code(child_uuid: UUID) -> str:
    return pseudonym("C", child_uuid, 12)


def consultant_code(user_uuid: UUID) -> str:
    return pseudonym("K", user_uuid, 8)


__all__ = ["child_code", "consultant_code", "pseudonym"]
