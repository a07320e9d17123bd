"""Visits: pick a case, log a visit on it, edit it, void it, read it, print the provider's
summary."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_safe

from consultation import selectors, services
from consultation.forms import VisitLogForm, VoidForm
from consultation.models import ConsultationCase, ObservedConcern, Visit
from consultation.rules import first_names_in, visit_holder_id
from consultation.services import VisitResult
from consultation.views.common import form_page
from core.forms import add_service_errors, posted
from core.http import AuthenticatedRequest
from core.i18n import document_language
from core.permissions import can_edit, consultant_only, get_visible_or_404


@consultant_only
@require_http_methods(["GET", "POST"])
def visit_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    case_uuid = request.GET.get("case")
    if case_uuid:
        case = get_visible_or_404(selectors.cases_to_log_visits_on(user), uuid=case_uuid)
        return _visit_page(request, case=case)
    # No case yet: pick one (of one site, after "Save and log another").
    cases = selectors.caseload(user).order_by("site__name", "pk")
    site = None
    if request.GET.get("site"):
        site = get_visible_or_404(selectors.sites_visible_to(user), uuid=request.GET["site"])
        cases = cases.filter(site=site)
    return render(request, "consultation/visit_pick.html", {"cases": cases, "site": site})


@consultant_only
@require_http_methods(["GET", "POST"])
def visit_edit(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    visit = get_visible_or_404(selectors.visits_visible_to(request.user), uuid=uuid)
    if visit.case is None:
        raise PermissionDenied("Visits without a case are edited in the admin.")
    return _visit_page(request, case=visit.case, visit=visit)


def _draft_data(data: dict[str, list[str]]) -> QueryDict:
    restored = QueryDict(mutable=True)
    for name, values in data.items():
        restored.setlist(name, values)
    return restored


def _visit_page(
    request: AuthenticatedRequest, *, case: ConsultationCase, visit: Visit | None = None
) -> HttpResponse:
    """The visit form. A POST saves it, or with "update" shows it again for the children
    ticked and the date chosen (without JavaScript); a GET resumes the consultant's draft of
    this form when there is one."""
    draft = selectors.draft_of(request.user, case=case, visit=visit)
    data = posted(request)
    updating = data is not None and "update" in data
    if data is None and draft is not None:
        data = _draft_data(draft.data)
    if data is not None and request.method == "POST" and not updating and visit is None:
        saved = selectors.visit_saved_under(request.user, data.get("visit-token"))
        if saved is not None:
            return _saved(request, case, VisitResult(saved, [], already_saved=True))
    form = VisitLogForm(
        case=case, visit=visit, data=data, restoring=updating or request.method == "GET"
    )
    if request.method == "POST" and not updating and form.is_valid():
        try:
            result = services.visit_log(
                consultant=request.user, case=case, visit=visit, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return _saved(request, case, result)
    context = {
        "case": case,
        "site": case.site,
        "visit": visit,
        "draft": draft,
        "last_visit": selectors.last_visit(case, before=visit),
        **form.context(),
    }
    return render(request, "consultation/visit_form.html", context)


def _month_day(day) -> str:
    """ "Dec 1" (or "1 de dic"): a date in a message, in the page's language."""
    return formats.date_format(day, pgettext("month and day", "M j"))


def _saved(request: AuthenticatedRequest, case: ConsultationCase, result: VisitResult):
    saved = result.visit
    if result.already_saved:
        messages.info(request, _("This visit was saved already: it was not logged twice."))
        return redirect(saved)
    named = first_names_in(saved.shared_notes, saved.children.all())
    if named:
        messages.warning(
            request,
            _(
                "The note shared with the provider names %(names)s: the summary prints it word "
                "for word. Edit the visit if that name should not be shared."
            )
            % {"names": ", ".join(named)},
        )
    if "another" in request.POST and not result.crisis_concerns:
        messages.success(
            request, _("Visit of %(day)s saved.") % {"day": _month_day(saved.visit_date)}
        )
        return redirect(f"{reverse('consultation:visit_create')}?site={case.site.uuid}")
    messages.success(request, _("Visit saved."))
    return redirect(saved)


@consultant_only
@require_http_methods(["GET", "POST"])
def visit_void(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """Void a visit logged in error, with the reason: it leaves every figure, stays on record."""
    visit = get_visible_or_404(selectors.visits_visible_to(request.user), uuid=uuid)
    form = VoidForm(posted(request), initial={"version": visit.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_void(
                visit=visit,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The visit of %(day)s is voided.") % {"day": _month_day(visit.visit_date)},
            )
            return redirect(visit.case or visit.site)
    page = form_page(
        form,
        _("Void the visit of %(day)s")
        % {"day": formats.date_format(visit.visit_date, pgettext("short date", "M j, Y"))},
        back=visit.get_absolute_url(),
        intro=_(
            "A voided visit leaves every figure and export (hours, children seen) but stays "
            "in the case's history and the audit. Say why, for example “logged twice” or “wrong "
            "case”."
        ),
        submit=_("Void the visit"),
    )
    return render(request, "consultation/form_page.html", page)


def _visit_with_details(request: AuthenticatedRequest, uuid: str):
    visits = selectors.visits_visible_to(request.user).prefetch_related(
        "activities", "classrooms", "children"
    )
    visit = get_visible_or_404(visits, uuid=uuid)
    concerns = list(
        visit.concerns.select_related("child", "concern_item").order_by("child", "concern_item")
    )
    progress = visit.goal_progress.select_related("goal__practice_area", "goal__tier")
    return visit, concerns, progress


@require_safe
def visit_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    visit, concerns, progress = _visit_with_details(request, uuid)
    crisis = [c for c in concerns if c.concern_item.prompts_crisis_lines]
    return render(
        request,
        "consultation/visit_detail.html",
        {
            "visit": visit,
            "concerns": concerns,
            "progress": progress,
            "goals_set": visit.goals_set.select_related("practice_area"),
            "crisis_concerns": crisis,
            "can_edit": can_edit(request.user, visit_holder_id(visit)) and visit.case_id,
        },
    )


@require_safe
def visit_summary(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """The provider's printable copy: children by initials only, the notes meant for them, the
    goals set or worked on; nothing about other visits."""
    visit, concerns, progress = _visit_with_details(request, uuid)
    by_child: dict[str, list[ObservedConcern]] = {}
    for concern in concerns:
        by_child.setdefault(concern.child.initials, []).append(concern)
    # In the provider's language (the site's), or the one asked for with ?lang=.
    with translation.override(document_language(request, visit.site.provider_language)):
        return render(
            request,
            "consultation/visit_summary.html",
            {
                "visit": visit,
                "children": sorted({child.initials for child in visit.children.all()}),
                "concerns_by_child": sorted(by_child.items()),
                "progress": progress,
                "goals_set": visit.goals_set.select_related("practice_area"),
            },
        )
