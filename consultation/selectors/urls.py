"""Links to records by UUID, for pages that list many of them."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse

PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def uuid_url(name: str) -> Callable[[Any], str]:
    """A function from a record's UUID to its URL, reversing the pattern only once."""
    pattern = reverse(name, args=[PLACEHOLDER])
    return lambda uuid: pattern.replace(PLACEHOLDER, str(uuid))
