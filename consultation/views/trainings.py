"""Trainings delivered to childcare staff: the list, one training, recording, correcting and
voiding it. Consultants record their own; supervisors read their team's, program leads
everyone's."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from consultation import services
from consultation.forms.trainings import TrainingForm, TrainingVoidForm
from consultation.models import Training
from consultation.selectors import sites_visible_to
from consultation.selectors.trainings import trainings_visible_to
from consultation.views.common import form_page
from core.forms import add_service_errors, posted
from core.http import AuthenticatedRequest
from core.pagination import page_of
from core.permissions import can_edit, consultant_only, get_visible_or_404


@require_safe
def training_list(request: AuthenticatedRequest) -> HttpResponse:
    page = page_of(request, trainings_visible_to(request.user))
    return render(
        request,
        "consultation/training_list.html",
        {"trainings": page.object_list, "page": page, "can_edit": can_edit(request.user)},
    )


@require_safe
def training_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    training = get_visible_or_404(trainings_visible_to(request.user), uuid=uuid)
    return render(
        request,
        "consultation/training_detail.html",
        {"training": training, "can_edit": can_edit(request.user, training.consultant_id)},
    )


def _save(request: AuthenticatedRequest, form: TrainingForm, training: Training | None):
    data = services.TrainingInput(**form.cleaned_data)
    if training is None:
        return services.training_record(consultant=request.user, data=data)
    return services.training_update(training=training, by=request.user, data=data)


def _training_form(request: AuthenticatedRequest, training: Training | None) -> HttpResponse:
    initial = None
    if training is not None:
        initial = {
            **{name: getattr(training, name) for name in TrainingForm.base_fields},
            "sites": list(training.sites.all()),
        }
    sites = sites_visible_to(request.user).filter(is_active=True)
    form = TrainingForm(posted(request), initial=initial, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(request, form, training)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Training saved."))
            return redirect("consultation:training_detail", uuid=saved.uuid)
    title = _("Record a training") if training is None else _("Correct a training")
    return render(request, "consultation/form_page.html", form_page(form, title))


def _own(request: AuthenticatedRequest, uuid: str) -> Training:
    own = trainings_visible_to(request.user).filter(consultant=request.user)
    return get_visible_or_404(own, uuid=uuid)


@consultant_only
@require_http_methods(["GET", "POST"])
def training_create(request: AuthenticatedRequest) -> HttpResponse:
    return _training_form(request, None)


@consultant_only
@require_http_methods(["GET", "POST"])
def training_edit(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    training = _own(request, uuid)
    if training.is_void:
        messages.info(request, _("This training is voided: it is no longer corrected."))
        return redirect("consultation:training_detail", uuid=training.uuid)
    return _training_form(request, training)


@consultant_only
@require_http_methods(["GET", "POST"])
def training_void(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """Void a training recorded in error, with the reason: it leaves every figure, stays on
    record. Supervisors void their team's in the admin."""
    training = _own(request, uuid)
    if training.is_void:
        messages.info(request, _("This training is already voided."))
        return redirect("consultation:training_detail", uuid=training.uuid)
    form = TrainingVoidForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.training_void(
                training=training, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Training voided: it stays on record, marked voided."))
            return redirect("consultation:training_detail", uuid=training.uuid)
    day = formats.date_format(training.delivered_on, "DATE_FORMAT")
    page = form_page(
        form,
        _("Void the training of %(day)s") % {"day": day},
        back=training.get_absolute_url(),
        intro=_(
            "A voided training leaves every figure and export (trainings, hours, staff and "
            "sites reached) but stays on record, marked voided, with who voided it, when and "
            "why."
        ),
        submit=_("Void the training"),
    )
    return render(request, "consultation/form_page.html", page)
