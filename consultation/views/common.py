"""What the consultant pages share: the plain form page."""

from typing import Any

from django import forms


def form_page(
    form: forms.BaseForm, title: str, *, back: str = "", intro: str = "", submit: str = "Save"
) -> dict[str, Any]:
    """The context of templates/consultation/form_page.html: one form, its title and buttons."""
    return {"form": form, "title": title, "back": back, "intro": intro, "submit": submit}
