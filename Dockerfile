FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
# xstatic-bootstrap builds from an sdist that needs setuptools' pkg_resources (see Makefile).
RUN python -m pip install --upgrade "pip>=23" "setuptools>=65,<81" wheel \
 && python -m pip install --no-build-isolation .

COPY . .
# The translation catalogues (.po -> .mo), compiled with Babel: the image has no GNU gettext.
RUN python scripts/compile_messages.py --force
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only-build-time-key-not-used-at-runtime-000000 \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 app && chown -R app /app && mkdir -p /data/private && chown app /data/private
USER app
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
