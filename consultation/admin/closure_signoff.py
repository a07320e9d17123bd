"""Closure sign-off in the cases changelist: a filter for the requests waiting, and the actions
that approve them (each case closes on the date its consultant asked for) or return them with a
comment. Both go through consultation.services.closure_signoff, which checks who decides."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultation import services
from consultation.admin.filters import OneChoiceFilter


class ClosureRequestedFilter(OneChoiceFilter):
    title = _("closure sign-off")
    parameter_name = "closure"
    choice = ("requested", _("Closure requested"))

    def matching(self) -> Q:
        return Q(closure_requested_on__isnull=False)


class ReturnClosureForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the consultant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the closure is returned: the consultant sees it on the case page."),
    )


class ClosureSignOffActions:
    """Mixed into the cases' admin (with FormActionMixin): its two sign-off actions."""

    @admin.action(
        description=_("Approve closure requests of selected cases"), permissions=["change"]
    )
    def approve_closures(self, request, queryset):
        cases = list(queryset.select_related("consultant"))
        try:
            services.cases_closure_approve(cases=cases, by=request.user)
        except ValidationError as error:
            self.message_user(
                request,
                gettext("No closure was approved.") + " " + " ".join(error.messages),
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            gettext("Approved the closure of %(n)s case(s), each on the date requested.")
            % {"n": len(cases)},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Return closure requests of selected cases with a comment"),
        permissions=["change"],
    )
    def return_closures(self, request, queryset):
        form = ReturnClosureForm(request.POST if "apply" in request.POST else None)
        return self.form_action(
            request,
            queryset,
            form=form,
            apply=lambda data: services.cases_closure_return(
                cases=list(queryset.select_related("consultant")),
                by=request.user,
                comment=data["comment"],
            ),
            failed=_("No closure request was returned."),
            done=lambda data: (
                gettext("Returned %(n)s closure request(s) to the consultant.")
                % {"n": len(queryset)}
            ),
            title=_("Return closure requests"),
            action="return_closures",
            template="consultationcase/return_closure.html",
        )
