"""Reflective supervision in the admin, where supervisors work: each supervisor lists, records
and corrects their own sessions. Another supervisor's session does not exist for them (404);
program leads and superusers do not read the notes (they get the minutes in the reports)."""

from django import forms
from django.contrib import admin

from consultation.admin.base import NotFoundOutsideQueryset
from consultation.models import ConsultationCase, SupervisionSession
from consultation.selectors import consultants_visible_to, open_cases_visible_to
from consultation.selectors.supervision import supervision_sessions_of, with_parties
from consultation.services.supervision import SessionInput, supervision_errors, supervision_record


class CaseChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ConsultationCase) -> str:
        return f"{obj.consultant} · {obj.get_focus_display()}: {obj.subject_label} at {obj.site}"


class SupervisionSessionForm(forms.ModelForm):
    cases = CaseChoiceField(
        queryset=ConsultationCase.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Cases discussed",
        help_text="Open cases of your team; only the chosen consultants' cases may be ticked.",
    )

    class Meta:
        model = SupervisionSession
        fields = ("held_on", "minutes", "format", "consultants", "cases", "notes")
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "consultants": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, supervisor, **kwargs):
        super().__init__(*args, **kwargs)
        self.supervisor = supervisor
        self.fields["consultants"].queryset = consultants_visible_to(supervisor).filter(
            is_active=True
        )
        cases = open_cases_visible_to(supervisor)
        if self.instance.pk:
            cases = cases | self.instance.cases.all()
        self.fields["cases"].queryset = cases.select_related(
            "consultant", "child", "classroom", "site"
        ).order_by("consultant__first_name", "opened_on", "pk")

    def session_input(self) -> SessionInput:
        data = self.cleaned_data
        return SessionInput(
            held_on=data["held_on"],
            minutes=data["minutes"],
            format=data["format"],
            consultants=list(data["consultants"]),
            cases=list(data.get("cases") or []),
            notes=data.get("notes", ""),
        )

    def clean(self):
        cleaned = super().clean()
        needed = ("held_on", "minutes", "format", "consultants")
        if all(name in cleaned for name in needed):
            for name, message in supervision_errors(self.supervisor, self.session_input()).items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(NotFoundOutsideQueryset, admin.ModelAdmin):
    form = SupervisionSessionForm
    list_display = ("held_on", "format", "minutes", "consultant_names", "case_count")
    list_filter = ("format",)
    date_hierarchy = "held_on"
    list_per_page = 50
    show_full_result_count = False  # the list is the supervisor's own: one count is enough

    def get_queryset(self, request):
        return with_parties(supervision_sessions_of(request.user))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class ScopedForm(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, supervisor=request.user, **kw)

        return ScopedForm

    # Only supervisors record; nobody deletes (a session is corrected, never removed).
    def has_add_permission(self, request) -> bool:
        return request.user.is_supervisor and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        # The service sets the consultants and cases too: there is nothing left for save_m2m.
        supervision_record(supervisor=request.user, data=form.session_input(), session=obj)

    def save_related(self, request, form, formsets, change):
        return None

    @admin.display(description="consultants")
    def consultant_names(self, session):
        return ", ".join(str(c) for c in session.consultants.all())

    @admin.display(description="cases discussed")
    def case_count(self, session):
        return len(session.cases.all())
