"""What every record of the app shares: timestamps, and the shape of a reference list."""

from django.db import models

from core.i18n import in_language


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ReferenceItem(TimeStamped):
    """A row of an admin-editable reference list."""

    name = models.CharField(max_length=120, unique=True)
    name_es = models.CharField(
        "name in Spanish",
        max_length=160,
        blank=True,
        help_text="Shown on Spanish pages and documents; left empty, they show the English name.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        """The name in the language of the page being rendered."""
        return in_language(self.name, self.name_es)
