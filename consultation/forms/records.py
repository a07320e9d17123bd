"""Forms for sites, classrooms and children: adding them and correcting them."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultation.models import Child, Classroom, County, FamilyLanguage, Site
from core.forms import (
    DateInput,
    ModelChoiceField,
    PlausibleDates,
    VersionedForm,
    offer,
    version_field,
)

LAST_INITIAL_HELP = _(
    "The initial only: one letter, or two for names such as McKay (Mc) or De Luca (De). The "
    "record keeps as little as the work needs, so no child can be named from it."
)


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    site_type = forms.ChoiceField(label=_("Type of program"), choices=Site.SiteType.choices)
    licence_number = forms.CharField(
        label=_("Licence number"),
        max_length=40,
        required=False,
        help_text=_("State child care licence number (public pre-K may have none)."),
    )
    county = ModelChoiceField(label=_("County"), queryset=County.objects.all())
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    director_name = forms.CharField(label=_("Director"), max_length=120, required=False)
    phone = forms.CharField(
        label=pgettext_lazy("phone number", "Phone"), max_length=30, required=False
    )
    email = forms.EmailField(label=_("Email"), required=False)
    provider_language = forms.ChoiceField(
        label=_("Provider's language"),
        choices=[("", _("Not recorded")), ("en", "English"), ("es", _("Spanish"))],
        required=False,
        help_text=_("Visit summaries for this program print in this language."),
    )


class SiteEditForm(VersionedForm, SiteForm):
    version = version_field()


class ClassroomForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    age_group = forms.ChoiceField(label=_("Age group"), choices=Classroom.AgeGroup.choices)
    lead_teacher = forms.CharField(label=_("Lead teacher(s)"), max_length=200, required=False)


class ClassroomEditForm(VersionedForm, ClassroomForm):
    version = version_field()


class ChildForm(PlausibleDates):
    first_name = forms.CharField(label=_("First name"), max_length=60)
    # Longer than any initial: what was typed reaches the rule, which says why it is refused
    # (a browser's maxlength would cut "Garcia" to "Gar" without a word).
    last_initial = forms.CharField(
        label=_("Last initial"), max_length=40, help_text=LAST_INITIAL_HELP
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput)
    classroom = ModelChoiceField(
        label=_("Classroom"), queryset=Classroom.objects.none(), to_field_name="uuid"
    )
    preferred_language = forms.ChoiceField(
        label=_("Family's preferred language"),
        choices=FamilyLanguage.choices,
        initial=FamilyLanguage.NOT_RECORDED,
        required=False,
        help_text=_("The consent form prints in English or Spanish to match."),
    )

    def __init__(self, *args, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "classroom", site.classrooms.filter(is_active=True))


class ChildEditForm(VersionedForm, ChildForm):
    correction_reason = forms.CharField(
        label=_("Why the date of birth changes"),
        max_length=90,
        required=False,
        help_text=_(
            "Needed only when the date of birth changes, e.g. “typo at intake” or "
            "“birth certificate seen”. Kept in the record's history."
        ),
    )
    version = version_field()

    def __init__(self, *args, child: Child, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "first_name": child.first_name,
                "last_initial": child.last_initial,
                "date_of_birth": child.date_of_birth,
                "classroom": child.classroom,
                "preferred_language": child.preferred_language,
                "version": child.version,
            },
        )
        super().__init__(*args, site=child.classroom.site, **kwargs)


class ArchiveForm(VersionedForm):
    reason = forms.CharField(
        label=_("Why archive this record?"),
        max_length=200,
        help_text=_("For example “left the program” or “added twice”. Kept with the history."),
    )
    version = version_field()
