"""Referrals in the consultant workspace: start one from a case or a child, move it along its
allowed statuses with a dated note, and see the follow-ups due, overdue first."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from consultation import selectors as consultation_selectors
from consultation.models import ObservedConcern
from core.dates import local_today
from core.forms import add_service_errors, posted
from core.i18n import document_language
from core.pagination import page_of
from core.permissions import consultant_only, get_visible_or_404
from referrals import selectors, services
from referrals.forms import ConsentForm, ReferralForm, TransitionForm
from referrals.models import Referral


@require_safe
def referral_list(request):
    today = local_today()
    page = page_of(request, selectors.referrals_by_follow_up(request.user, today=today))
    return render(
        request,
        "referrals/referral_list.html",
        {
            "referrals": page.object_list,
            "page": page,
            "today": today,
            "can_edit": request.user.is_consultant,
        },
    )


def _initial_reason(request, case, child) -> str:
    """A referral started from the crisis prompt names the concerns seen on that visit."""
    visit_uuid = request.GET.get("visit", "")
    if not (case and child and _is_uuid(visit_uuid)):
        return ""
    concerns = ObservedConcern.objects.filter(
        visit__uuid=visit_uuid, visit__case=case, child=child
    ).select_related("concern_item", "visit")
    return "; ".join(
        f"Seen on the visit of {c.visit.visit_date:%Y-%m-%d}: {c.concern_item.text.lower()} "
        f"({c.get_frequency_display().lower()})"
        for c in concerns
    )


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


@consultant_only
@require_http_methods(["GET", "POST"])
def referral_create(request):
    user = request.user
    cases = consultation_selectors.open_cases_visible_to(user)
    children = consultation_selectors.children_visible_to(user)
    case = child = None
    if request.GET.get("case"):
        case = get_visible_or_404(cases, uuid=request.GET["case"])
        cases = cases.filter(pk=case.pk)
        children = children.filter(classroom__site=case.site_id)
    if request.GET.get("child"):
        child = get_visible_or_404(children, uuid=request.GET["child"])
        cases = cases.filter(site=child.classroom.site_id)
        if case is None:
            # The child's own case first, when there is one.
            case = cases.filter(child=child).first() or cases.first()
    initial = {
        "case": case.uuid if case else None,
        "child": child.uuid if child else None,
        "reason": _initial_reason(request, case, child),
    }
    form = ReferralForm(
        posted(request),
        initial=initial,
        cases=cases.order_by("site__name", "pk"),
        children=children.order_by("first_name", "pk"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(created_by=user, **form.cleaned_data)
        except ValidationError as error:
            # Sending without consent is refused by the status change: show it by the child.
            add_service_errors(form, error, field_map={"to_status": "child", "on": None})
        else:
            messages.success(
                request,
                _("%(referral)s saved (%(status)s).")
                % {"referral": referral, "status": referral.get_status_display()},
            )
            return redirect(referral)
    return render(
        request, "referrals/referral_form.html", {"form": form, "case": case, "child": child}
    )


def _detail_page(request, referral: Referral, *, transition_form=None, consent_form=None):
    can_edit = request.user.is_consultant and referral.case.consultant_id == request.user.pk
    today = local_today()
    if can_edit and transition_form is None and referral.allowed_next_statuses():
        transition_form = TransitionForm(referral=referral, initial={"on": today})
    child = referral.subject_child
    # Only a referral about no child records the family's consent here; a child's consent is
    # recorded on the child's page.
    if can_edit and consent_form is None and child is None and not referral.has_family_consent:
        consent_form = ConsentForm()
    changes = referral.status_changes.select_related("changed_by").order_by("-changed_on", "-pk")
    sharing = None
    if child is not None and referral.consent is None:
        sharing = consultation_selectors.consent_in_force(
            child,
            today,
            consultation_selectors.Purpose.SHARING,
            agency=referral.agency,
            service_type=referral.service_type,
        )
    # Printable for the agency in either language: ?lang=en|es, else the page's.
    with translation.override(document_language(request, None)):
        return render(
            request,
            "referrals/referral_detail.html",
            {
                "referral": referral,
                "changes": changes,
                "can_edit": can_edit,
                "transition_form": transition_form if can_edit else None,
                "consent_form": consent_form if can_edit else None,
                "overdue": referral.is_follow_up_overdue(today),
                "subject_child": child,
                "sharing_consent": sharing,
            },
        )


@require_safe
def referral_detail(request, uuid):
    referral = get_visible_or_404(selectors.referrals_visible_to(request.user), uuid=uuid)
    return _detail_page(request, referral)


@consultant_only
@require_POST
def referral_transition(request, uuid):
    referral = get_visible_or_404(selectors.referrals_visible_to(request.user), uuid=uuid)
    form = TransitionForm(request.POST, referral=referral)
    if form.is_valid():
        try:
            services.referral_transition(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Referral status updated."))
            return redirect(referral)
    return _detail_page(request, referral, transition_form=form)


@consultant_only
@require_POST
def referral_consent(request, uuid):
    referral = get_visible_or_404(selectors.referrals_visible_to(request.user), uuid=uuid)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.referral_record_consent(referral=referral, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Consent recorded: the referral can be sent."))
            return redirect(referral)
    return _detail_page(request, referral, consent_form=form)
