"""Where files about children are kept: outside the static files and any public media, with no
URL of their own. They leave only through a view that checks who may see them and audits it."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """The folder is read from settings on each use, so a test's override applies."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: serve them through an audited view.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()
