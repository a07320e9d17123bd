"""Audit and history records cannot be changed or deleted through the app or the admin, by any
role: superusers may read them, nobody may add, change, delete or revert them."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from accounts.models import AccessRecord
from tests.factories import CaseFactory, ReferralFactory, VisitFactory

pytestmark = pytest.mark.django_db

ROLES = ["ana", "sue", "lee", "admin"]
# Audit trails besides the historical models: reads, sign-ins, failed sign-ins, admin actions.
AUDIT_MODEL_LABELS = {"accounts.accessrecord", "axes.accesslog", "axes.accessfailurelog"}


def audit_models():
    for model in apps.get_models():
        if model._meta.label_lower in AUDIT_MODEL_LABELS or issubclass(model, HistoricalChanges):
            yield model


@pytest.fixture
def records(demo_users):
    """Some history rows and access records to try to change."""
    case = CaseFactory(consultant=demo_users["ana"])
    VisitFactory(case=case)
    referral = ReferralFactory(case=case)
    referral.agency.save()  # reference data gets a history row too
    client = Client()
    client.force_login(demo_users["ana"])
    client.get(reverse("consultation:case_detail", args=[case.uuid]))
    return AccessRecord.objects.get()


def admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_audit_models_are_found():
    labels = {model._meta.label_lower for model in audit_models()}
    assert labels >= AUDIT_MODEL_LABELS
    assert "consultation.historicalconsultationcase" in labels


@pytest.mark.parametrize("username", ROLES)
def test_no_role_may_add_change_or_delete_audit_records_in_the_admin(demo_users, records, username):
    request = admin_request(demo_users[username])
    for model in audit_models():
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue  # not in the admin at all
        obj = model.objects.first()
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request, obj), model
        assert not model_admin.has_delete_permission(request, obj), model


@pytest.mark.parametrize("username", ["ana", "sue", "lee"])
def test_only_superusers_read_access_records(demo_users, records, username):
    client = Client()
    client.force_login(demo_users[username])
    url = reverse("admin:accounts_accessrecord_changelist")
    assert client.get(url).status_code in {302, 403}


def test_superuser_reads_access_records_but_cannot_change_or_delete_them(demo_users, records):
    client = Client()
    client.force_login(demo_users["admin"])
    changelist = client.get(reverse("admin:accounts_accessrecord_changelist"))
    assert changelist.status_code == 200 and str(demo_users["ana"]) in changelist.content.decode()
    change_url = reverse("admin:accounts_accessrecord_change", args=[records.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    client.post(change_url, {"object_type": "nothing", "path": "/"})
    delete_url = reverse("admin:accounts_accessrecord_delete", args=[records.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:accounts_accessrecord_changelist"),
        {"action": "delete_selected", "_selected_action": [records.pk], "post": "yes"},
    )
    records.refresh_from_db()
    assert records.object_type == "case"


def test_access_records_refuse_changes_and_deletes_in_code(records):
    records.object_type = "something else"
    with pytest.raises(PermissionDenied):
        records.save()
    with pytest.raises(PermissionDenied):
        records.delete()
    with pytest.raises(PermissionDenied):
        AccessRecord.objects.all().update(path="/")
    with pytest.raises(PermissionDenied):
        AccessRecord.objects.all().delete()
    assert AccessRecord.objects.get().object_type == "case"


def history_admins():
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, SimpleHistoryAdmin) and hasattr(model, "history"):
            yield model, model_admin


def form_data(obj) -> dict:
    """The object's own values as a form post: what a revert from its history page would send."""
    data = {}
    for field, value in model_to_dict(obj).items():
        if value is None or isinstance(value, FieldFile):  # no file is posted back
            continue
        if isinstance(value, list | tuple):
            data[field] = [getattr(item, "pk", item) for item in value]
        else:
            data[field] = getattr(value, "pk", value)
    return data


@pytest.mark.parametrize("username", ROLES)
def test_history_pages_cannot_revert_or_edit_a_record(demo_users, records, username):
    client = Client()
    client.force_login(demo_users[username])
    checked = set()
    for model, _ in history_admins():
        version = model.history.order_by("history_id").first()
        if version is None:
            continue
        obj = model.objects.get(pk=version.instance.pk)
        opts = model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_simple_history",
            args=[obj.pk, version.history_id],
        )
        count = obj.history.count()
        response = client.post(url, form_data(obj))
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("admin:login")), url
        assert obj.history.count() == count, f"{url} saved a revert posted by {username}"
        checked.add(opts.label_lower)
    assert {"consultation.consultationcase", "referrals.agency"} <= checked
