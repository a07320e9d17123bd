"""What the notification tests share: the scan of every email for any child's name."""

import re

from django.core import mail

from consultation.models import Child, initials_of


def child_identifiers() -> set[str]:
    """Every child's first name, and their initials as written ("K.M.") and bare ("KM")."""
    found: set[str] = set()
    for first, last in Child.objects.values_list("first_name", "last_initial"):
        initials = initials_of(first, last)
        found |= {first, initials, initials.replace(".", "")}
    return found


def names_in_mail() -> list[str]:
    """Each child identifier found in any email's subject or body, as a whole word."""
    assert mail.outbox, "no email was sent: the scan would prove nothing"
    found = []
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        for name in child_identifiers():
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE):
                found.append(f"{name!r} in {message.subject!r}")
    return found
