"""Benchmark environment: production-like settings (DEBUG off) on plain HTTP, plus a floor view.

Imported before Django sets up, by every bench script and by the gunicorn entry point."""

import os
import secrets

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# DEBUG off, as in production: no query log in memory, templates cached, errors not rendered.
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")


def configure() -> None:
    """Set up Django with the bench URLconf and static files served without a manifest."""
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "bench.urls"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
