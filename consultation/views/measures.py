"""Measures, from the case page: pick an instrument that fits the case, record its scores, void
one recorded in error."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultation import selectors, services
from consultation.forms.measures import AdministrationForm, MeasureVoidForm
from consultation.models import ConsultationCase, Instrument, Point
from consultation.services.measures import case_classroom
from consultation.views.common import form_page
from core.dates import local_today, short_date
from core.forms import add_service_errors, posted
from core.http import AuthenticatedRequest
from core.permissions import consultant_only, get_visible_or_404


def _rated_label(instrument: Instrument, case: ConsultationCase) -> str:
    """Whom the measure is about, in words, for the form's heading."""
    if instrument.rates == Instrument.Rates.CHILD and case.child is not None:
        return case.child.display_name
    classroom = case_classroom(case)
    if instrument.rates == Instrument.Rates.CLASSROOM and classroom is not None:
        return classroom.name
    if instrument.rates == Instrument.Rates.TEACHER and classroom is not None:
        return _("a teacher of %(room)s") % {"room": classroom.name}
    return case.site.name


def _initial_point(request: AuthenticatedRequest, case: ConsultationCase) -> str:
    asked = request.GET.get("point", "")
    if asked in Point.values:
        return asked
    return Point.BASELINE if case.is_open else Point.FOLLOW_UP


@consultant_only
@require_http_methods(["GET", "POST"])
def measure_create(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    case = get_visible_or_404(selectors.cases_visible_to(request.user), uuid=uuid)
    instruments = selectors.instruments_for_focus(case.focus)
    code = request.GET.get("instrument", "")
    if not code:
        return render(
            request,
            "consultation/measure_pick.html",
            {"case": case, "instruments": instruments},
        )
    instrument = selectors.instrument_with_fields(code, instruments)
    if instrument is None:
        raise Http404("No such instrument for this case.")
    initial = {"administered_on": local_today(), "point": _initial_point(request, case)}
    form = AdministrationForm(posted(request), initial=initial, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            services.administration_record(
                case=case,
                instrument=instrument,
                by=request.user,
                administered_on=form.cleaned_data["administered_on"],
                point=form.cleaned_data["point"],
                scores=form.scores(),
                teacher_initials=form.cleaned_data.get("teacher_initials", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error, field_map={"instrument": None})
        else:
            messages.success(request, _("%(name)s recorded.") % {"name": instrument.name})
            return redirect(case)
    fit = ""
    if instrument.fit_label:
        fit = " " + (
            _("For children %(fit)s.")
            if instrument.rates == Instrument.Rates.CHILD
            else _("For %(fit)s rooms.")
        ) % {"fit": instrument.fit_label}
    page = form_page(
        form,
        _("Record %(name)s for %(whom)s")
        % {"name": instrument.name, "whom": _rated_label(instrument, case)},
        back=case.get_absolute_url(),
        intro=f"{_('Scores only, never the items.')}{fit} {instrument.note}".strip(),
        submit=_("Save the scores"),
    )
    return render(request, "consultation/form_page.html", page)


@consultant_only
@require_http_methods(["GET", "POST"])
def measure_void(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    administration = get_visible_or_404(
        selectors.administrations_visible_to(request.user), uuid=uuid
    )
    case = administration.case
    if administration.is_void:
        messages.info(request, _("This measure is already voided."))
        return redirect(case)
    form = MeasureVoidForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.administration_void(
                administration=administration, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Measure voided: it stays on the case, struck through."))
            return redirect(case)
    page = form_page(
        form,
        _("Void %(name)s of %(day)s")
        % {
            "name": administration.instrument.name,
            "day": short_date(administration.administered_on),
        },
        back=case.get_absolute_url(),
        intro=_(
            "Voiding keeps the record and its history; it leaves every figure. A measure due "
            "that it satisfied is due again."
        ),
        submit=_("Void the measure"),
    )
    return render(request, "consultation/form_page.html", page)
