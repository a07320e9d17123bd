"""gunicorn entry point for the load benchmark: `gunicorn bench.wsgi:application`."""

from bench import settings as bench_settings

bench_settings.configure()

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
