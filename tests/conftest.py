import os

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

# Examples per property: few on a laptop (make test), more in CI (.ci/run sets the profile).
hypothesis_settings.register_profile("dev", max_examples=6)
hypothesis_settings.register_profile("ci", max_examples=15)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True, scope="session")
def _private_files_in_a_temporary_folder(tmp_path_factory):
    """Scanned consent forms the tests upload go to a folder of this run, never the project's."""
    from django.conf import settings

    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True, scope="session")
def _flush_may_empty_the_audit_tables():
    """A transactional test's database is emptied after it (Django's flush: DELETE on SQLite,
    TRUNCATE on PostgreSQL), audit tables included, which their triggers refuse outside
    accounts.immutable.audit_deletes_allowed(): the flush runs inside it."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from accounts.immutable import audit_deletes_allowed

    flush = BaseDatabaseOperations.execute_sql_flush

    def flush_with_audit_deletes(self, sql_list):
        with audit_deletes_allowed(self.connection.alias):
            flush(self, sql_list)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseOperations, "execute_sql_flush", flush_with_audit_deletes)
        yield


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """A request in Spanish leaves Spanish active on its thread (as LocaleMiddleware does):
    a test that follows it on the same worker must not inherit it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True, scope="session")
def _force_login_passes_the_second_step():
    """Every client.force_login() in the tests (the `signed_in` fixture, admin_client, the
    access matrix) signs in past two-factor sign-in, as if the right code had been typed. The
    middleware is not weakened: tests of the second step sign in with a password instead
    (client.login(), or the login page), which stops at the code."""
    from django.test import Client

    from tests.otp import force_login_past_second_step

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "force_login", force_login_past_second_step(Client.force_login))
        yield


@pytest.fixture
def signed_in(request, db):
    """The one way tests sign in: signed_in(user) -> a new test client with that user's session.
    `user` is a User, or a demo username ("ana", "sue"...: the demo accounts are created)."""
    from django.test import Client

    def make(user, **client_kwargs) -> Client:
        if isinstance(user, str):
            user = request.getfixturevalue("demo_users")[user]
        client = Client(**client_kwargs)
        client.force_login(user)
        return client

    return make


@pytest.fixture
def demo_users(db):
    from devdata.accounts import seed_demo_accounts

    return seed_demo_accounts()


def pytest_configure(config):
    # Spanish pages need the compiled catalogues; `make test` builds them, and so does a bare
    # `pytest` (only those older than their .po; atomic, so xdist workers may race).
    import runpy
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "compile_messages.py"
    runpy.run_path(str(script))["compile_all"]()


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


def restore_reference_data() -> None:
    """Load the data migrations' reference rows again after a transactional test's flush.

    A flush empties every table and recreates permissions under new ids; the migrations' own
    functions put the counties, checklists, agencies, role grants and the first confidentiality
    agreement back."""
    import importlib

    from django.apps import apps

    from consultation.models import County

    if not County.objects.exists():
        for app_label in ("consultation", "referrals"):
            migration = importlib.import_module(f"{app_label}.migrations.0002_reference_data")
            migration.load_reference_data(apps, None)
        for spanish in (
            "consultation.migrations.0015_spanish",
            "referrals.migrations.0005_spanish",
        ):
            importlib.import_module(spanish).fill_spanish(apps, None)
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    roles = importlib.import_module("accounts.migrations.0003_role_permissions")
    roles.assign_group_permissions(apps)
    agreement = importlib.import_module("accounts.migrations.0007_confidentiality_agreement")
    agreement.add_first_version(apps, None)
    catalogue = importlib.import_module("consultation.migrations.0011_measures_catalogue")
    if not apps.get_model("consultation", "Instrument").objects.exists():
        catalogue.load_catalogue(apps, None)
    catalogue.assign_grants(apps)
    exclusions = importlib.import_module("consultation.migrations.0011_exclusion_events")
    exclusions.assign_grants(apps)
    importlib.import_module("consultation.migrations.0020_intake_admin_readers").assign_grants(apps)


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in (
        request.fixturenames
    )
    if marker is not None and marker.kwargs.get("transaction"):
        transactional = True
    if transactional:
        request.getfixturevalue("transactional_db")
        restore_reference_data()
